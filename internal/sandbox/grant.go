package sandbox

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// The JWT-bearer grant's checks (§8.2, §8.4, §12).
//
// Error codes: §8.4 gives invalid_grant, invalid_request and invalid_scope
// with their texts; for the rows it gives without a code (reuse, expiry,
// certificate and signature failures) the sandbox answers invalid_grant,
// RFC 7523 §3.1's code for a JWT that does not validate [INFERRED, §13.4].
var (
	// §8.4: "malformed grant; also extra claims".
	errInvalidAssertion = &mpError{"invalid_request", "Invalid assertion. Invalid parameter value"}
	// §8.4 MP-100: wrong client id.
	errClientAuth = &mpError{"invalid_grant", "Invalid assertion. Client authentication failed."}
	// §8.4 MP-110: wrong aud.
	errAud = &mpError{"invalid_grant", "Invalid assertion. Client authentication failed. Invalid JWT claim aud"}
	// §8.4 MP-120: signed with a key or certificate not registered on
	// the client.
	errInvalidCert = &mpError{"invalid_grant", "Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate."}
	errExtractCert = &mpError{"invalid_grant", "Validation of JWT failed: Failed to extract certificate from jwt"}
	errSignature   = &mpError{"invalid_grant", "Validation of JWT failed: Could not validate JWT Signature"}
	errExpired     = &mpError{"invalid_grant", "Authentication of client by JWT failed: JWT is expired"}
	errUsedBefore  = &mpError{"invalid_grant", "Validation of JWT Bearer grant failed: Grant is used before"}
	// iat outside ±10 s and exp - iat over 120 s (§8.2); §8.4 has no
	// text for them, these follow MP-110's [INFERRED].
	errIat = &mpError{"invalid_grant", "Invalid assertion. Client authentication failed. Invalid JWT claim iat"}
	errExp = &mpError{"invalid_grant", "Invalid assertion. Client authentication failed. Invalid JWT claim exp"}
	// §8.4: a scope the client is not registered for.
	errInvalidScope = &mpError{"invalid_scope", "Token request contains invalid scopes for client"}
	// §8.4 MP-303 (code from D-MP303; the text is the sandbox's
	// [INFERRED, §13.4]).
	errMP303 = &mpError{"invalid_altinn_customer_configuration", "MP-303: No system user matches the client, systemuser_org and externalRef of the grant"}
)

// knownClaims are the grant claims Maskinporten documents (§8.2); any
// other gives 400 "Invalid assertion". "sub" is uncertain (§13.3) and
// decided by Options.RejectSub.
var knownClaims = []string{
	"aud", "iss", "iat", "exp", "jti", "scope", "resource", "pid",
	"consumer_org", "iss_onbehalfof", "authorization_details",
}

// grant is a grant that passed every check: what the token will say.
type grant struct {
	client   *Client
	scopes   []string
	amr      string   // client_amr (§8.3)
	resource []string // the token's aud, when asked for
	sysUser  *systemUser
	orgKey   string // "ID" or "id" in the token's systemuser_org
}

// grantHeader is the grant's JOSE header (§8.2: alg, and kid or x5c).
type grantHeader struct {
	alg   string
	kid   string
	certs []*x509.Certificate
}

// checkGrant runs the checks in the order a client meets them: the
// grant's form, the client, the signature, the audience, the times, the
// jti, the scopes, the system user. The caller holds s.mu.
func (s *Sandbox) checkGrant(assertion string) (*grant, *mpError) {
	hdr, claims, perr := parseGrant(assertion)
	if perr != nil {
		return nil, perr
	}
	if perr := s.checkClaimNames(claims); perr != nil {
		return nil, perr
	}
	var iss string
	if json.Unmarshal(claims["iss"], &iss) != nil || iss == "" {
		return nil, errInvalidAssertion
	}
	client := s.st.Clients[iss]
	if client == nil { // §8.4 MP-100
		return nil, errClientAuth
	}
	amr, perr := verifyGrantSignature(assertion, hdr, client)
	if perr != nil {
		return nil, perr
	}
	// §8.2, §1 C10: aud is the issuer, exactly, as a single value.
	var aud string
	if json.Unmarshal(claims["aud"], &aud) != nil || aud != s.MaskinportenURL() {
		return nil, errAud
	}
	exp, perr := s.checkGrantTimes(claims)
	if perr != nil {
		return nil, perr
	}
	if perr := s.spendGrant(client.ID, claims, assertion, exp); perr != nil {
		return nil, perr
	}
	g := &grant{client: client, amr: amr, orgKey: "ID"}
	if s.opts.LowercaseSystemUserOrgID {
		g.orgKey = "id"
	}
	if perr := checkScopes(claims, client, g); perr != nil {
		return nil, perr
	}
	if perr := checkResourceAndDelegation(claims, client, g); perr != nil {
		return nil, perr
	}
	if raw, ok := claims["authorization_details"]; ok {
		if perr := s.checkAuthorizationDetails(raw, client, g); perr != nil {
			return nil, perr
		}
	}
	return g, nil
}

// parseGrant splits a compact JWS and reads its header and claims, not
// yet trusting them.
func parseGrant(assertion string) (grantHeader, map[string]json.RawMessage, *mpError) {
	var hdr grantHeader
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		return hdr, nil, errInvalidAssertion
	}
	var h map[string]json.RawMessage
	if decodeSegment(parts[0], &h) != nil {
		return hdr, nil, errInvalidAssertion
	}
	if json.Unmarshal(h["alg"], &hdr.alg) != nil || !slices.Contains(grantAlgs, jose.SignatureAlgorithm(hdr.alg)) {
		return hdr, nil, errInvalidAssertion // §8.2: RS256, RS384, RS512
	}
	if raw, ok := h["kid"]; ok && (json.Unmarshal(raw, &hdr.kid) != nil || hdr.kid == "") {
		return hdr, nil, errInvalidAssertion
	}
	if raw, ok := h["x5c"]; ok {
		certs, perr := parseX5C(raw)
		if perr != nil {
			return hdr, nil, perr
		}
		hdr.certs = certs
	}
	if hdr.kid == "" && len(hdr.certs) == 0 { // §8.2: kid or x5c must be there
		return hdr, nil, errInvalidAssertion
	}
	var claims map[string]json.RawMessage
	if decodeSegment(parts[1], &claims) != nil || claims == nil {
		return hdr, nil, errInvalidAssertion
	}
	return hdr, claims, nil
}

func decodeSegment(seg string, v any) error {
	data, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	return d.Decode(v)
}

// parseX5C reads the x5c header: the certificate chain as an array of
// base64 DER certificates, the signer's first (§8.2, §8.4 "Failed to
// extract certificate from jwt").
func parseX5C(raw json.RawMessage) ([]*x509.Certificate, *mpError) {
	var chain []string
	if json.Unmarshal(raw, &chain) != nil || len(chain) == 0 {
		return nil, errExtractCert
	}
	certs := make([]*x509.Certificate, len(chain))
	for i, c := range chain {
		der, err := base64.StdEncoding.DecodeString(c)
		if err != nil {
			return nil, errExtractCert
		}
		if certs[i], err = x509.ParseCertificate(der); err != nil {
			return nil, errExtractCert
		}
	}
	return certs, nil
}

// checkClaimNames refuses claims Maskinporten does not document (§8.2),
// and the required claims' absence.
func (s *Sandbox) checkClaimNames(claims map[string]json.RawMessage) *mpError {
	for name := range claims {
		if name == "sub" && !s.opts.RejectSub {
			continue
		}
		if !slices.Contains(knownClaims, name) {
			return errInvalidAssertion
		}
	}
	for _, name := range []string{"aud", "iss", "iat", "exp", "scope"} { // §8.2: required
		if _, ok := claims[name]; !ok {
			return errInvalidAssertion
		}
	}
	return nil
}

// verifyGrantSignature checks the signature against the client's
// registered key: the one named by kid, or the one the x5c certificate
// carries (§8.2, §8.5). It returns client_amr (§8.3).
func verifyGrantSignature(assertion string, hdr grantHeader, client *Client) (string, *mpError) {
	var key *jose.JSONWebKey
	amr := "private_key_jwt"
	if len(hdr.certs) > 0 {
		// A certificate-locked client: the signer's certificate must be
		// one registered on the client (the sandbox cannot check the
		// real CAs, so it trusts exactly what was registered).
		amr = "virksomhetssertifikat"
		key = clientKeyForCert(client, hdr.certs[0])
	} else if keys := client.Keys.Key(hdr.kid); len(keys) > 0 {
		key = &keys[0]
	}
	if key == nil {
		return "", errInvalidCert
	}
	jws, err := jose.ParseSignedCompact(assertion, grantAlgs)
	if err != nil || len(jws.Signatures) != 1 {
		return "", errInvalidAssertion
	}
	if _, err := jws.Verify(key.Key); err != nil {
		return "", errSignature
	}
	return amr, nil
}

// clientKeyForCert is the client's key whose registered certificate is
// cert, else the one whose public key is cert's.
func clientKeyForCert(client *Client, cert *x509.Certificate) *jose.JSONWebKey {
	for i, k := range client.Keys.Keys {
		for _, c := range k.Certificates {
			if c.Equal(cert) {
				return &client.Keys.Keys[i]
			}
		}
	}
	for i, k := range client.Keys.Keys {
		if pub, ok := k.Key.(interface{ Equal(crypto.PublicKey) bool }); ok && pub.Equal(cert.PublicKey) {
			return &client.Keys.Keys[i]
		}
	}
	return nil
}

// checkGrantTimes applies §8.2: iat within ±10 s of the clock, exp not
// passed, exp - iat at most 120 s. It returns exp.
func (s *Sandbox) checkGrantTimes(claims map[string]json.RawMessage) (time.Time, *mpError) {
	iat, ok1 := numericDate(claims["iat"])
	exp, ok2 := numericDate(claims["exp"])
	if !ok1 || !ok2 {
		return time.Time{}, errInvalidAssertion
	}
	now := s.now()
	switch {
	case !exp.After(now.Add(-skew)):
		return time.Time{}, errExpired
	case iat.After(now.Add(skew)) || iat.Before(now.Add(-skew)):
		return time.Time{}, errIat
	case exp.Sub(iat) > maxGrantLifetime || exp.Before(iat):
		return time.Time{}, errExp
	}
	return exp, nil
}

// numericDate reads a JWT NumericDate (seconds since the epoch).
func numericDate(raw json.RawMessage) (time.Time, bool) {
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return time.Time{}, false
	}
	f, err := n.Float64()
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(0, int64(f*1e9)).UTC(), true
}

// spendGrant refuses a grant seen before and remembers this one until it
// expires (§8.2: "A JWT cannot be reused"). A grant without jti (it is
// only recommended) is remembered by its hash.
func (s *Sandbox) spendGrant(clientID string, claims map[string]json.RawMessage, assertion string, exp time.Time) *mpError {
	var jti string
	if raw, ok := claims["jti"]; ok && json.Unmarshal(raw, &jti) != nil {
		return errInvalidAssertion
	}
	key := clientID + " jti " + jti
	if jti == "" {
		sum := sha256.Sum256([]byte(assertion))
		key = clientID + " sha256 " + hex.EncodeToString(sum[:])
	}
	if _, seen := s.st.Grants[key]; seen {
		return errUsedBefore
	}
	s.st.Grants[key] = exp
	return nil
}

// checkScopes: every scope asked for must be registered on the client
// (§8.2, §8.4 invalid_scope).
func checkScopes(claims map[string]json.RawMessage, client *Client, g *grant) *mpError {
	var scope string
	if json.Unmarshal(claims["scope"], &scope) != nil {
		return errInvalidAssertion
	}
	g.scopes = strings.Fields(scope)
	if len(g.scopes) == 0 {
		return errInvalidScope
	}
	for _, sc := range g.scopes {
		if !slices.Contains(client.Scopes, sc) {
			return errInvalidScope
		}
	}
	return nil
}

// checkResourceAndDelegation reads resource ("currently only array
// supported", §8.2) and refuses what the sandbox does not fake: scope
// delegation through Altinn (consumer_org, iss_onbehalfof) for another
// organisation, and pid-bound tokens.
func checkResourceAndDelegation(claims map[string]json.RawMessage, client *Client, g *grant) *mpError {
	if raw, ok := claims["resource"]; ok {
		if json.Unmarshal(raw, &g.resource) != nil || len(g.resource) == 0 {
			return errInvalidAssertion
		}
	}
	for _, name := range []string{"consumer_org", "iss_onbehalfof"} {
		raw, ok := claims[name]
		if !ok {
			continue
		}
		var org string
		if json.Unmarshal(raw, &org) != nil || org != client.OrgNo {
			return &mpError{"invalid_grant", "The sandbox does not fake scope delegation in Altinn (" + name + " for another organisation)"}
		}
	}
	if _, ok := claims["pid"]; ok {
		return &mpError{"invalid_request", "The sandbox does not fake pid-bound tokens"}
	}
	return nil
}
