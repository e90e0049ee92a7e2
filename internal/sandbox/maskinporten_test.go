package sandbox

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

func TestMetadataAndJWKS(t *testing.T) {
	f := newFixture(t, Options{})
	for _, path := range []string{"/maskinporten/.well-known/oauth-authorization-server", "/.well-known/oauth-authorization-server/maskinporten"} {
		status, _, body := f.do("GET", path, "", "", nil)
		var md map[string]any
		if status != 200 || json.Unmarshal(body, &md) != nil {
			t.Fatalf("%s: %d %s", path, status, body)
		}
		iss := f.srv.MaskinportenURL()
		if md["issuer"] != iss || md["token_endpoint"] != iss+"token" || md["jwks_uri"] != iss+"jwk" {
			t.Fatalf("%s: %s", path, body)
		}
	}
	// The published key verifies an issued token.
	tok := f.token(scopeRW)
	_, _, body := f.do("GET", "/maskinporten/jwk", "", "", nil)
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil || len(set.Keys) != 1 {
		t.Fatalf("jwk: %v %s", err, body)
	}
	jws, err := jose.ParseSignedCompact(tok, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatal(err)
	}
	if jws.Signatures[0].Header.KeyID != set.Keys[0].KeyID {
		t.Fatalf("token kid %q, JWKS kid %q", jws.Signatures[0].Header.KeyID, set.Keys[0].KeyID)
	}
	if _, err := jws.Verify(set.Keys[0].Key); err != nil {
		t.Fatalf("the JWKS does not verify the token: %v", err)
	}
	// And the JWKS holds no private part.
	if strings.Contains(string(body), `"d"`) {
		t.Fatalf("JWKS has a private key: %s", body)
	}
}

func TestTokenClaims(t *testing.T) {
	f := newFixture(t, Options{})
	status, body := f.postToken(f.grant(f.claims(scopeRW + " " + scopeReqR)))
	var tr tokenResponse
	if status != 200 || json.Unmarshal(body, &tr) != nil {
		t.Fatalf("%d %s", status, body)
	}
	if tr.TokenType != "Bearer" || tr.ExpiresIn != 120 || tr.Scope != scopeRW+" "+scopeReqR {
		t.Fatalf("response %+v", tr)
	}
	claims := tokenClaims(t, tr.AccessToken)
	now := f.clock.Now().Unix()
	want := map[string]any{
		"iss": f.srv.MaskinportenURL(), "client_id": f.client.ID, "client_amr": "private_key_jwt",
		"scope": scopeRW + " " + scopeReqR, "token_type": "Bearer", "aud": "unspecified",
		"iat": float64(now), "exp": float64(now + 120),
	}
	for k, v := range want {
		if claims[k] != v {
			t.Errorf("claim %s = %v, want %v", k, claims[k], v)
		}
	}
	consumer, _ := claims["consumer"].(map[string]any)
	if consumer["authority"] != "iso6523-actorid-upis" || consumer["ID"] != "0192:"+vendorOrg {
		t.Errorf("consumer %v", claims["consumer"])
	}
	if _, ok := claims["authorization_details"]; ok {
		t.Errorf("a plain token has authorization_details")
	}
}

// tokenClaims reads a token's claims without checking it.
func tokenClaims(t testing.TB, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	data, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	if err != nil || json.Unmarshal(data, &claims) != nil {
		t.Fatalf("token %q", tok)
	}
	return claims
}

func TestTokenLifetimeOption(t *testing.T) {
	f := newFixture(t, Options{TokenLifetime: 599 * time.Second})
	status, body := f.postToken(f.grant(f.claims(scopeRW)))
	var tr tokenResponse
	json.Unmarshal(body, &tr)
	if status != 200 || tr.ExpiresIn != 599 {
		t.Fatalf("%d %s", status, body)
	}
	if c := tokenClaims(t, tr.AccessToken); c["exp"].(float64)-c["iat"].(float64) != 599 {
		t.Fatalf("exp-iat %v", c["exp"].(float64)-c["iat"].(float64))
	}
}

func TestTokenRequestForm(t *testing.T) {
	f := newFixture(t, Options{})
	good := f.grant(f.claims(scopeRW))
	cases := []struct {
		name, ct, body, code string
	}{
		{"json body", "application/json", `{"grant_type":"` + grantTypeJWTBearer + `","assertion":"` + good + `"}`, "invalid_request"},
		{"other grant", "application/x-www-form-urlencoded", url.Values{"grant_type": {"client_credentials"}, "assertion": {good}}.Encode(), "unsupported_grant_type"},
		{"no assertion", "application/x-www-form-urlencoded", url.Values{"grant_type": {grantTypeJWTBearer}}.Encode(), "invalid_request"},
	}
	for _, c := range cases {
		status, _, body := f.do("POST", "/maskinporten/token", "", c.ct, []byte(c.body))
		if code, _ := mpErr(t, body); status != 400 || code != c.code {
			t.Errorf("%s: %d %s", c.name, status, body)
		}
	}
	// GET is not a token request.
	if status, _, _ := f.do("GET", "/maskinporten/token", "", "", nil); status != http.StatusMethodNotAllowed {
		t.Errorf("GET /token: %d", status)
	}
	// The good grant still works: nothing above spent it.
	if status, body := f.postToken(good); status != 200 {
		t.Fatalf("good grant: %d %s", status, body)
	}
}

func TestGrantRules(t *testing.T) {
	f := newFixture(t, Options{})
	other := testKey(t, 1)
	now := f.clock.Now()
	invalid := errInvalidAssertion
	cases := []struct {
		name  string
		grant func() string
		want  *mpError
	}{
		{"not a JWT", func() string { return "abc.def" }, invalid},
		{"alg HS256", func() string {
			s, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte("0123456789abcdef0123456789abcdef")}, (&jose.SignerOptions{}).WithHeader("kid", f.kid))
			p, _ := json.Marshal(f.claims(scopeRW))
			j, _ := s.Sign(p)
			out, _ := j.CompactSerialize()
			return out
		}, invalid},
		{"neither kid nor x5c", func() string { return sign(t, f.key, jose.RS256, "", f.claims(scopeRW), nil) }, invalid},
		{"unknown claim", func() string { c := f.claims(scopeRW); c["nbf"] = now.Unix(); return f.grant(c) }, invalid},
		{"no scope claim", func() string { c := f.claims(scopeRW); delete(c, "scope"); return f.grant(c) }, invalid},
		{"no iat", func() string { c := f.claims(scopeRW); delete(c, "iat"); return f.grant(c) }, invalid},
		{"iat as text", func() string { c := f.claims(scopeRW); c["iat"] = "now"; return f.grant(c) }, invalid},
		{"resource as a string", func() string { c := f.claims(scopeRW); c["resource"] = "https://api.example"; return f.grant(c) }, invalid},
		{"unknown client", func() string { c := f.claims(scopeRW); c["iss"] = "no-such-client"; return f.grant(c) }, errClientAuth},
		{"unknown kid", func() string { return sign(t, f.key, jose.RS256, "not-registered", f.claims(scopeRW), nil) }, errInvalidCert},
		{"signed with another key", func() string { return sign(t, other, jose.RS256, f.kid, f.claims(scopeRW), nil) }, errSignature},
		{"aud is the token endpoint", func() string { c := f.claims(scopeRW); c["aud"] = f.srv.MaskinportenURL() + "token"; return f.grant(c) }, errAud},
		{"aud without the slash", func() string {
			c := f.claims(scopeRW)
			c["aud"] = strings.TrimSuffix(f.srv.MaskinportenURL(), "/")
			return f.grant(c)
		}, errAud},
		{"aud as an array", func() string { c := f.claims(scopeRW); c["aud"] = []string{f.srv.MaskinportenURL()}; return f.grant(c) }, errAud},
		{"iat 11 s ahead", func() string {
			c := f.claims(scopeRW)
			c["iat"], c["exp"] = now.Add(11*time.Second).Unix(), now.Add(60*time.Second).Unix()
			return f.grant(c)
		}, errIat},
		{"iat 11 s behind", func() string { c := f.claims(scopeRW); c["iat"] = now.Add(-11 * time.Second).Unix(); return f.grant(c) }, errIat},
		{"exp - iat 121 s", func() string { c := f.claims(scopeRW); c["exp"] = now.Add(121 * time.Second).Unix(); return f.grant(c) }, errExp},
		{"expired", func() string {
			c := f.claims(scopeRW)
			c["iat"], c["exp"] = now.Add(-120*time.Second).Unix(), now.Add(-20*time.Second).Unix()
			return f.grant(c)
		}, errExpired},
		{"scope not registered", func() string { return f.grant(f.claims(scopeRW + " altinn:instances.read")) }, errInvalidScope},
		{"empty scope", func() string { return f.grant(f.claims("  ")) }, errInvalidScope},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := f.postToken(c.grant())
			wantMP(t, status, body, c.want.Code, c.want.Description)
		})
	}
}

// The edges of the time rules pass: iat exactly 10 s off, exp - iat
// exactly 120 s.
func TestGrantTimeEdges(t *testing.T) {
	f := newFixture(t, Options{})
	now := f.clock.Now()
	for name, iatExp := range map[string][2]time.Duration{
		"iat 10 s ahead":  {10 * time.Second, 60 * time.Second},
		"iat 10 s behind": {-10 * time.Second, 60 * time.Second},
		"exp - iat 120 s": {0, 120 * time.Second},
	} {
		c := f.claims(scopeRW)
		c["iat"], c["exp"] = now.Add(iatExp[0]).Unix(), now.Add(iatExp[0]+iatExp[1]).Unix()
		if status, body := f.postToken(f.grant(c)); status != 200 {
			t.Errorf("%s: %d %s", name, status, body)
		}
	}
}

func TestGrantCannotBeUsedTwice(t *testing.T) {
	f := newFixture(t, Options{})
	g := f.grant(f.claims(scopeRW))
	if status, body := f.postToken(g); status != 200 {
		t.Fatalf("first: %d %s", status, body)
	}
	status, body := f.postToken(g)
	wantMP(t, status, body, errUsedBefore.Code, errUsedBefore.Description)
	// A new grant with the same jti is refused too.
	c := f.claims(scopeRW)
	c["jti"] = tokenJTI(t, g)
	status, body = f.postToken(f.grant(c))
	wantMP(t, status, body, errUsedBefore.Code, errUsedBefore.Description)
	// Without jti (only recommended) the same grant cannot be sent twice.
	c = f.claims(scopeRW)
	delete(c, "jti")
	g = f.grant(c)
	if status, body := f.postToken(g); status != 200 {
		t.Fatalf("no jti: %d %s", status, body)
	}
	status, body = f.postToken(g)
	wantMP(t, status, body, errUsedBefore.Code, errUsedBefore.Description)
}

func tokenJTI(t testing.TB, grant string) string {
	return tokenClaims(t, grant)["jti"].(string)
}

// sub is uncertain (§13.3): accepted by default, refused with RejectSub.
func TestSubClaim(t *testing.T) {
	for _, reject := range []bool{false, true} {
		f := newFixture(t, Options{RejectSub: reject})
		c := f.claims(scopeRW)
		c["sub"] = f.client.ID
		status, body := f.postToken(f.grant(c))
		if !reject && status != 200 {
			t.Fatalf("sub accepted by default: %d %s", status, body)
		}
		if reject {
			wantMP(t, status, body, errInvalidAssertion.Code, errInvalidAssertion.Description)
		}
	}
}

func TestGrantAlgorithms(t *testing.T) {
	f := newFixture(t, Options{})
	for _, alg := range []jose.SignatureAlgorithm{jose.RS256, jose.RS384, jose.RS512} {
		if status, body := f.postToken(sign(t, f.key, alg, f.kid, f.claims(scopeRW), nil)); status != 200 {
			t.Errorf("%s: %d %s", alg, status, body)
		}
	}
	status, body := f.postToken(sign(t, f.key, jose.PS256, f.kid, f.claims(scopeRW), nil))
	wantMP(t, status, body, errInvalidAssertion.Code, errInvalidAssertion.Description)
}

func TestResourceGivesAudience(t *testing.T) {
	f := newFixture(t, Options{})
	c := f.claims(scopeRW)
	c["resource"] = []string{"https://api.example/"}
	status, body := f.postToken(f.grant(c))
	var tr tokenResponse
	if status != 200 || json.Unmarshal(body, &tr) != nil {
		t.Fatalf("%d %s", status, body)
	}
	if aud := tokenClaims(t, tr.AccessToken)["aud"]; aud != "https://api.example/" {
		t.Fatalf("aud %v", aud)
	}
}

// selfSigned is a certificate for key, as an enterprise certificate
// stands in the sandbox.
func selfSigned(t testing.TB, key *rsa.PrivateKey) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Øvingsleverandør AS", SerialNumber: vendorOrg},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func TestX5CGrant(t *testing.T) {
	f := newFixture(t, Options{})
	certKey := testKey(t, 2)
	cert := selfSigned(t, certKey)
	certJWKS, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &certKey.PublicKey, KeyID: "cert-key", Certificates: []*x509.Certificate{cert}}}})
	body, _ := json.Marshal(ClientRegistration{OrgNo: vendorOrg, Key: certJWKS})
	status, _, resp := f.do("POST", "/sandbox/api/clients", "", "application/json", body)
	var c Client
	if status != 201 || json.Unmarshal(resp, &c) != nil {
		t.Fatalf("register: %d %s", status, resp)
	}
	claims := func() map[string]any { cl := f.claims(scopeRW); cl["iss"] = c.ID; return cl }
	x5c := map[jose.HeaderKey]any{"x5c": []string{base64.StdEncoding.EncodeToString(cert.Raw)}}

	st, tb := f.postToken(sign(t, certKey, jose.RS256, "", claims(), x5c))
	var tr tokenResponse
	if st != 200 || json.Unmarshal(tb, &tr) != nil {
		t.Fatalf("x5c grant: %d %s", st, tb)
	}
	if amr := tokenClaims(t, tr.AccessToken)["client_amr"]; amr != "virksomhetssertifikat" {
		t.Fatalf("client_amr %v", amr)
	}
	// x5c not an array, or not a certificate.
	for _, bad := range []any{base64.StdEncoding.EncodeToString(cert.Raw), []string{"bm90IGEgY2VydA=="}} {
		st, tb = f.postToken(sign(t, certKey, jose.RS256, "", claims(), map[jose.HeaderKey]any{"x5c": bad}))
		wantMP(t, st, tb, errExtractCert.Code, errExtractCert.Description)
	}
	// A certificate the client does not have.
	stranger := testKey(t, 3)
	strangerCert := selfSigned(t, stranger)
	st, tb = f.postToken(sign(t, stranger, jose.RS256, "", claims(), map[jose.HeaderKey]any{"x5c": []string{base64.StdEncoding.EncodeToString(strangerCert.Raw)}}))
	wantMP(t, st, tb, errInvalidCert.Code, errInvalidCert.Description)
}

func TestConsumerOrgAndPidAreNotFaked(t *testing.T) {
	f := newFixture(t, Options{})
	c := f.claims(scopeRW)
	c["consumer_org"] = customerA
	if status, body := f.postToken(f.grant(c)); status != 400 || !strings.Contains(string(body), "does not fake scope delegation") {
		t.Fatalf("consumer_org: %d %s", status, body)
	}
	c = f.claims(scopeRW)
	c["consumer_org"] = vendorOrg // its own organisation: nothing delegated
	if status, body := f.postToken(f.grant(c)); status != 200 {
		t.Fatalf("own consumer_org: %d %s", status, body)
	}
	c = f.claims(scopeRW)
	c["pid"] = "01017012345"
	if status, body := f.postToken(f.grant(c)); status != 400 || !strings.Contains(string(body), "pid") {
		t.Fatalf("pid: %d %s", status, body)
	}
}
