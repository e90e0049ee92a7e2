package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Access tokens: the system-user part of the grant (§8.2), issuing
// (§8.3), and reading them back where the Altinn API is called (§3.1).

const (
	authzTypeSystemUser = "urn:altinn:systemuser"
	// orgAuthority is the ISO 6523 scheme of consumer and systemuser_org
	// (§3.1, §8.2).
	orgAuthority = "iso6523-actorid-upis"
)

// checkAuthorizationDetails handles authorization_details (§8.2): one
// entry of type urn:altinn:systemuser naming the system user's org and,
// when the request had one, the external reference. The system user
// must be an active one of a system that lists this client (§12);
// else MP-303 (§8.4, D-MP303's causes: no clientId on the system,
// missing externalRef, wrong systemuser_org).
func (s *Sandbox) checkAuthorizationDetails(raw json.RawMessage, client *Client, g *grant) *mpError {
	var details []map[string]json.RawMessage
	if json.Unmarshal(raw, &details) != nil || len(details) != 1 { // §12: exactly one entry
		return errInvalidAssertion
	}
	d := details[0]
	var typ string
	json.Unmarshal(d["type"], &typ)
	switch typ {
	case authzTypeSystemUser:
	case "urn:altinn:consent":
		return &mpError{"invalid_request", "The sandbox does not fake consent tokens (urn:altinn:consent)"}
	default: // RFC 9396 §5's code for an unknown type [INFERRED]
		return &mpError{"invalid_authorization_details", "Unknown authorization_details type"}
	}
	org, ok := systemUserOrg(d["systemuser_org"])
	if !ok {
		return errMP303
	}
	ref := org // §12: externalRef defaults to the org number
	if r, ok := d["externalRef"]; ok {
		if json.Unmarshal(r, &ref) != nil {
			return errInvalidAssertion
		}
	}
	for _, su := range s.sortedSystemUsers() {
		sys := s.st.Systems[su.SystemID]
		if su.Deleted || sys == nil || sys.Deleted || !slices.Contains(sys.ClientID, client.ID) {
			continue
		}
		if su.ReporteeOrgNo == org && su.ExternalRef == ref {
			g.sysUser = su
			return nil
		}
	}
	return errMP303
}

// systemUserOrg reads systemuser_org {"authority", "ID"}: the key is
// read in any case, as tokens spell it both ways (§13.5).
func systemUserOrg(raw json.RawMessage) (string, bool) {
	var m map[string]string
	if json.Unmarshal(raw, &m) != nil {
		return "", false
	}
	var id string
	for k, v := range m {
		if strings.EqualFold(k, "id") {
			id = v
		}
	}
	org, ok := strings.CutPrefix(id, "0192:")
	return org, ok && m["authority"] == orgAuthority && isOrgNo(org)
}

// issueToken signs the access token for a grant (§8.3): RS256 with the
// sandbox's key, aud "unspecified" unless resource was asked for,
// consumer = the client's organisation.
func (s *Sandbox) issueToken(g *grant) (string, error) {
	now := s.now()
	claims := map[string]any{
		"iss":        s.MaskinportenURL(),
		"client_id":  g.client.ID,
		"client_amr": g.amr,
		"consumer":   map[string]string{"authority": orgAuthority, "ID": "0192:" + g.client.OrgNo},
		"scope":      strings.Join(g.scopes, " "),
		"token_type": "Bearer",
		"aud":        "unspecified",
		"iat":        now.Unix(),
		"exp":        now.Add(s.opts.TokenLifetime).Unix(),
		"jti":        randomHex(16),
	}
	if len(g.resource) == 1 {
		claims["aud"] = g.resource[0]
	} else if len(g.resource) > 1 {
		claims["aud"] = g.resource
	}
	if su := g.sysUser; su != nil {
		claims["authorization_details"] = []any{map[string]any{
			"type":           authzTypeSystemUser,
			"systemuser_org": map[string]string{"authority": orgAuthority, g.orgKey: "0192:" + su.ReporteeOrgNo},
			"systemuser_id":  []string{su.ID},
			"system_id":      su.SystemID,
		}}
	}
	return s.sign(claims)
}

func (s *Sandbox) sign(claims map[string]any) (string, error) {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: s.key, KeyID: s.kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// caller is who called the Altinn API, read from the bearer token.
type caller struct {
	ClientID string
	Scopes   []string
	// Org is the vendor, from the consumer claim (§3.1); "" when the
	// token has none the API accepts.
	Org    string
	claims map[string]json.RawMessage
}

func (c *caller) has(scope string) bool { return slices.Contains(c.Scopes, scope) }

// verifyAccessToken reads a bearer token as the Altinn API does (§3.1):
// signed by the issuer it trusts (this sandbox's Maskinporten, or its
// token exchange), not expired beyond the 10 s clock skew. Audience is
// not checked.
func (s *Sandbox) verifyAccessToken(raw string) (*caller, bool) {
	jws, err := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return nil, false
	}
	payload, err := jws.Verify(&s.key.PublicKey)
	if err != nil {
		return nil, false
	}
	var claims map[string]json.RawMessage
	if json.Unmarshal(payload, &claims) != nil {
		return nil, false
	}
	var iss, scope, clientID string
	json.Unmarshal(claims["iss"], &iss)
	if iss != s.MaskinportenURL() && iss != s.exchangeIssuer() {
		return nil, false
	}
	exp, ok := numericDate(claims["exp"])
	if !ok || !exp.Add(skew).After(s.now()) {
		return nil, false
	}
	json.Unmarshal(claims["scope"], &scope)
	json.Unmarshal(claims["client_id"], &clientID)
	return &caller{ClientID: clientID, Scopes: strings.Fields(scope), Org: consumerOrg(claims["consumer"]), claims: claims}, true
}

// consumerOrg is the organisation number in a consumer claim, when its
// authority is ISO 6523 and its ID starts 0192 (§3.1).
func consumerOrg(raw json.RawMessage) string {
	var c struct {
		Authority string `json:"authority"`
		ID        string `json:"ID"`
	}
	if json.Unmarshal(raw, &c) != nil || c.Authority != orgAuthority {
		return ""
	}
	org, ok := strings.CutPrefix(c.ID, "0192:")
	if !ok || org == "" {
		return ""
	}
	return org
}

// The Altinn API's scope policies (§3.1).
var (
	policySystemRegisterWrite = []string{"altinn:authentication/systemregister.write", scopeSystemRegisterAdmin}
	policyRequestWrite        = []string{"altinn:authentication/systemuser.request.write"}
	policyRequestRead         = []string{"altinn:authentication/systemuser.request.read"}
)

// scopeSystemRegisterAdmin bypasses the owner checks (§3.1 HasAdminAccess).
const scopeSystemRegisterAdmin = "altinn:authentication/systemregister.admin"

// authorize reads the bearer token and applies a scope policy (§3.1): no
// valid token is 401, a token without any of the policy's scopes 403,
// both with empty bodies.
func (s *Sandbox) authorize(w http.ResponseWriter, r *http.Request, policy []string) (*caller, bool) {
	auth := r.Header.Get("Authorization")
	tok, ok := cutPrefixFold(auth, "Bearer ")
	var c *caller
	if ok {
		c, ok = s.verifyAccessToken(strings.TrimSpace(tok))
	}
	if !ok {
		w.Header().Set("WWW-Authenticate", "Bearer")
		w.WriteHeader(http.StatusUnauthorized)
		return nil, false
	}
	if !slices.ContainsFunc(policy, c.has) {
		w.WriteHeader(http.StatusForbidden)
		return nil, false
	}
	return c, true
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return "", false
}

// mayWrite is the owner check of the system register (§3.1
// HasWriteAccess): the admin scope, or the token's org owns the system.
func (c *caller) mayWrite(ownerOrg string) bool {
	return c.has(scopeSystemRegisterAdmin) || c.Org != "" && c.Org == ownerOrg
}

// dotnetTime writes a time as .NET's System.Text.Json writes a UTC
// DateTime; the zero time is .NET's default, "0001-01-01T00:00:00".
type dotnetTime time.Time

func (t dotnetTime) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte(`"0001-01-01T00:00:00"`), nil
	}
	return []byte(fmt.Sprintf("%q", tt.UTC().Format("2006-01-02T15:04:05.9999999Z"))), nil
}

func (t *dotnetTime) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	if s == "0001-01-01T00:00:00" {
		*t = dotnetTime{}
		return nil
	}
	tt, err := time.Parse(time.RFC3339Nano, s)
	*t = dotnetTime(tt)
	return err
}
