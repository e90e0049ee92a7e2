package altinn3

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// parseGrant verifies a grant with pub, the way Maskinporten would, and
// returns its protected header and its claims as a generic map.
func parseGrant(t *testing.T, grant string, pub *rsa.PublicKey) (map[string]any, map[string]any) {
	t.Helper()
	jws, err := jose.ParseSignedCompact(grant, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatalf("grant does not parse: %v", err)
	}
	payload, err := jws.Verify(pub)
	if err != nil {
		t.Fatalf("signature does not verify: %v", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	var header map[string]any
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(grant, ".")[0])
	if err != nil || json.Unmarshal(raw, &header) != nil {
		t.Fatalf("header: %v", err)
	}
	return header, claims
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestGrantWithKid(t *testing.T) {
	k := testKey()
	g := Grant{Issuer: "https://test.maskinporten.no/", ClientID: "0b9f4a5e-8a3c-4d7f-9c55-4f7e1e2b3a10",
		Scopes: VendorScopes, Now: testNow}
	s, err := g.Sign(k, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, c := parseGrant(t, s, &k.private.PublicKey)
	if !reflect.DeepEqual(h, map[string]any{"alg": "RS256", "kid": k.KeyID}) {
		t.Fatalf("header %v, want alg and kid only", h)
	}
	// Exactly the claims Maskinporten documents: no sub, no nbf.
	if got := keysOf(c); !reflect.DeepEqual(got, []string{"aud", "exp", "iat", "iss", "jti", "scope"}) {
		t.Fatalf("claims %v", got)
	}
	if c["aud"] != "https://test.maskinporten.no/" || c["iss"] != g.ClientID ||
		c["scope"] != ScopeSystemRegisterWrite+" "+ScopeRequestRead+" "+ScopeRequestWrite {
		t.Fatalf("claims %v", c)
	}
	iat, exp := int64(c["iat"].(float64)), int64(c["exp"].(float64))
	if iat != testNow.Unix() || exp-iat > 120 || exp <= iat {
		t.Fatalf("iat %d exp %d", iat, exp)
	}
	if jti, _ := c["jti"].(string); len(jti) < 16 {
		t.Fatalf("jti %q", c["jti"])
	}
	// Every grant has its own jti.
	s2, _ := g.Sign(k, nil)
	_, c2 := parseGrant(t, s2, &k.private.PublicKey)
	if c2["jti"] == c["jti"] {
		t.Fatal("two grants share a jti")
	}
}

func TestGrantWithX5CAndSystemUser(t *testing.T) {
	p12, leaf, ca := testP12(t, "pw")
	k, err := LoadP12(p12, "pw")
	if err != nil {
		t.Fatal(err)
	}
	g := Grant{Issuer: "https://maskinporten.no/", ClientID: "c", Scopes: []string{"skatteetaten:x"}, Now: testNow,
		SystemUser: &SystemUserAuth{OrgNumber: "987654325", ExternalRef: "kunde-1"}}
	// By default a .p12 key is named by its kid (the JWK uploaded to
	// the client), never by both kid and x5c.
	s, err := g.Sign(k, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := parseGrant(t, s, &testKey2().PublicKey); !reflect.DeepEqual(keysOf(h), []string{"alg", "kid"}) || h["kid"] != k.KeyID || k.KeyID == "" {
		t.Fatalf("kid header %v", h)
	}
	// The other way: a client that knows the certificate, not a key.
	k = k.otherHeader()
	if k == nil || !k.UsesX5C() {
		t.Fatal("a .p12 key has no x5c way")
	}
	s, err = g.Sign(k, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, c := parseGrant(t, s, &testKey2().PublicKey)
	if got := keysOf(h); !reflect.DeepEqual(got, []string{"alg", "x5c"}) || h["alg"] != "RS256" {
		t.Fatalf("x5c header %v", got)
	}
	x5c, _ := h["x5c"].([]any)
	if len(x5c) != 2 || x5c[0] != base64.StdEncoding.EncodeToString(leaf.Raw) || x5c[1] != base64.StdEncoding.EncodeToString(ca.Raw) {
		t.Fatalf("x5c %v", h["x5c"])
	}
	want := []any{map[string]any{
		"type":           "urn:altinn:systemuser",
		"systemuser_org": map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:987654325"},
		"externalRef":    "kunde-1",
	}}
	if !reflect.DeepEqual(c["authorization_details"], want) {
		t.Fatalf("authorization_details %#v", c["authorization_details"])
	}
	if got := keysOf(c); !reflect.DeepEqual(got, []string{"aud", "authorization_details", "exp", "iat", "iss", "jti", "scope"}) {
		t.Fatalf("claims %v", got)
	}
	// Without an external reference the field is left out.
	g.SystemUser.ExternalRef = ""
	s, _ = g.Sign(k, nil)
	_, c = parseGrant(t, s, &testKey2().PublicKey)
	if d := c["authorization_details"].([]any)[0].(map[string]any); d["externalRef"] != nil {
		t.Fatalf("empty externalRef sent: %v", d)
	}
}

func TestGrantIncomplete(t *testing.T) {
	for _, g := range []Grant{
		{ClientID: "c", Scopes: []string{"s"}},
		{Issuer: "i", Scopes: []string{"s"}},
		{Issuer: "i", ClientID: "c"},
	} {
		if _, err := g.Sign(testKey(), nil); err != ErrGrantIncomplete {
			t.Errorf("%+v: %v", g, err)
		}
	}
}
