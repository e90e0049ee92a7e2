package sandbox

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// The tests run the sandbox on 127.0.0.1:0 and talk to it over real
// HTTP, signing real grants with go-jose.

const (
	vendorOrg  = "991825827"
	otherOrg   = "312605031"
	customerA  = "314048431"
	customerB  = "313725138"
	customerC  = "314168267"
	badOrg     = "987654321" // fails MOD11
	scopeRW    = "altinn:authentication/systemregister.write"
	scopeReqR  = "altinn:authentication/systemuser.request.read"
	scopeReqW  = "altinn:authentication/systemuser.request.write"
	systemID   = vendorOrg + "_rehearsal"
	resourceOK = "ske-krav-og-betalinger"
)

var allScopes = scopeRW + " " + scopeReqR + " " + scopeReqW

// RSA keys take a while to make: the tests share a few.
var (
	keysOnce sync.Once
	keys     [4]*rsa.PrivateKey
)

func testKey(t testing.TB, i int) *rsa.PrivateKey {
	t.Helper()
	keysOnce.Do(func() {
		for j := range keys {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			keys[j] = k
		}
	})
	return keys[i]
}

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is a running sandbox with one registered client.
type fixture struct {
	t      testing.TB
	srv    *Server
	clock  *clock
	http   *http.Client
	client *Client
	key    *rsa.PrivateKey
	kid    string
}

func newFixture(t testing.TB, opts Options) *fixture {
	t.Helper()
	clk := &clock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
	if opts.Now == nil {
		opts.Now = clk.Now
	}
	srv, err := Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	f := &fixture{t: t, srv: srv, clock: clk, key: testKey(t, 0), kid: "vendor-key-1",
		http: &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	f.client = f.register(vendorOrg, f.key, f.kid, nil)
	return f
}

// publicJWKS is the JWKS of key's public half.
func publicJWKS(t testing.TB, key *rsa.PrivateKey, kid string) json.RawMessage {
	t.Helper()
	data, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"}}})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// register registers a client through the sandbox's API, as a script
// would.
func (f *fixture) register(org string, key *rsa.PrivateKey, kid string, scopes []string) *Client {
	f.t.Helper()
	body, _ := json.Marshal(ClientRegistration{OrgNo: org, Scopes: scopes, Key: publicJWKS(f.t, key, kid)})
	status, _, resp := f.do("POST", "/sandbox/api/clients", "", "application/json", body)
	if status != http.StatusCreated {
		f.t.Fatalf("registering a client: %d %s", status, resp)
	}
	var c Client
	if err := json.Unmarshal(resp, &c); err != nil {
		f.t.Fatal(err)
	}
	return &c
}

// do sends a request and returns status, headers and body.
func (f *fixture) do(method, path, token, contentType string, body []byte) (int, http.Header, []byte) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL()+path, bytes.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := f.http.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, data
}

// api calls the Altinn API with a JSON body (nil for none).
func (f *fixture) api(method, path, token string, body any) (int, http.Header, []byte) {
	f.t.Helper()
	var data []byte
	ct := ""
	if body != nil {
		ct = "application/json"
		if raw, ok := body.(string); ok {
			data = []byte(raw)
		} else {
			data, _ = json.Marshal(body)
		}
	}
	return f.do(method, path, token, ct, data)
}

// claims are a valid grant's claims for the fixture's client.
func (f *fixture) claims(scope string) map[string]any {
	now := f.clock.Now()
	return map[string]any{
		"aud": f.srv.MaskinportenURL(), "iss": f.client.ID, "scope": scope,
		"iat": now.Unix(), "exp": now.Add(60 * time.Second).Unix(), "jti": randomID(),
	}
}

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// sign makes a compact JWS of claims with key, the header carrying kid
// (when not "") and the extra header fields given.
func sign(t testing.TB, key *rsa.PrivateKey, alg jose.SignatureAlgorithm, kid string, claims map[string]any, extra map[jose.HeaderKey]any) string {
	t.Helper()
	opts := &jose.SignerOptions{ExtraHeaders: extra}
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// grant is a valid grant signed with the fixture's key.
func (f *fixture) grant(claims map[string]any) string {
	return sign(f.t, f.key, jose.RS256, f.kid, claims, nil)
}

// postToken posts an assertion to /token.
func (f *fixture) postToken(assertion string) (int, []byte) {
	f.t.Helper()
	form := url.Values{"grant_type": {grantTypeJWTBearer}, "assertion": {assertion}}
	status, _, body := f.do("POST", "/maskinporten/token", "", "application/x-www-form-urlencoded", []byte(form.Encode()))
	return status, body
}

// token gets an access token for scope (a space-separated list).
func (f *fixture) token(scope string) string {
	f.t.Helper()
	status, body := f.postToken(f.grant(f.claims(scope)))
	if status != http.StatusOK {
		f.t.Fatalf("token: %d %s", status, body)
	}
	var tr tokenResponse
	if err := json.Unmarshal(body, &tr); err != nil {
		f.t.Fatal(err)
	}
	return tr.AccessToken
}

// mpErr reads a Maskinporten error body.
func mpErr(t testing.TB, body []byte) (code, desc string) {
	t.Helper()
	var e struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("not a Maskinporten error: %s", body)
	}
	return e.Error, e.ErrorDescription
}

// wantMP checks a /token answer is 400 with code and description.
func wantMP(t testing.TB, status int, body []byte, code, desc string) {
	t.Helper()
	if status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400: %s", status, body)
	}
	gotCode, gotDesc := mpErr(t, body)
	if gotCode != code || gotDesc != desc {
		t.Fatalf("got %q %q, want %q %q", gotCode, gotDesc, code, desc)
	}
}

// systemBody is a valid system definition for the vendor.
func systemBody(id string, clientIDs ...string) map[string]any {
	return map[string]any{
		"id":          id,
		"vendor":      map[string]string{"authority": "iso6523-actorid-upis", "ID": "0192:" + vendorOrg},
		"name":        map[string]string{"nb": "Øvingssystem", "nn": "Øvingssystem", "en": "Rehearsal system"},
		"description": map[string]string{"nb": "Til øving", "nn": "Til øving", "en": "For rehearsal"},
		"rights": []any{
			map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": resourceOK}}},
		},
		"accessPackages":      []any{map[string]string{"urn": "urn:altinn:accesspackage:skattnaering"}},
		"clientId":            clientIDs,
		"allowedRedirectUrls": []string{"https://vendor.example/receipt"},
	}
}

// problem reads an AUTH problem or a validation problem body.
type problemBody struct {
	Type              string                       `json:"type"`
	Title             string                       `json:"title"`
	Status            int                          `json:"status"`
	Code              string                       `json:"code"`
	TraceID           string                       `json:"traceId"`
	StatusDescription string                       `json:"statusDescription"`
	ValidationErrors  []map[string]json.RawMessage `json:"validationErrors"`
	Errors            map[string][]string          `json:"errors"`
}

func readProblem(t testing.TB, body []byte) problemBody {
	t.Helper()
	var p problemBody
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("not a problem: %s", body)
	}
	return p
}

// vldCodes are the codes of a validation problem, in order.
func vldCodes(t testing.TB, body []byte) []string {
	t.Helper()
	p := readProblem(t, body)
	if p.Code != "STD-00000" || p.Type != "urn:altinn:error:STD-00000" || p.Status != 400 || p.StatusDescription != "Bad Request" {
		t.Fatalf("not a validation problem: %s", body)
	}
	var codes []string
	for _, e := range p.ValidationErrors {
		var c string
		json.Unmarshal(e["code"], &c)
		codes = append(codes, c)
	}
	return codes
}

// wantAuthProblem checks an AUTH-xxxxx problem.
func wantAuthProblem(t testing.TB, status int, body []byte, wantStatus int, code string) problemBody {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status %d, want %d: %s", status, wantStatus, body)
	}
	p := readProblem(t, body)
	if p.Code != code || p.Type != "urn:altinn:error:"+code || p.Status != wantStatus || p.StatusDescription != http.StatusText(wantStatus) || !strings.HasPrefix(p.TraceID, "00-") {
		t.Fatalf("want %s, got %s", code, body)
	}
	return p
}

// smallKey is a 1024-bit key, which Maskinporten refuses.
func smallKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
