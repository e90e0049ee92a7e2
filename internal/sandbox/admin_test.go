package sandbox

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

func TestRegisterClientKeys(t *testing.T) {
	f := newFixture(t, Options{})
	key := testKey(t, 1)
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	pubPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	certPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: selfSigned(t, testKey(t, 2)).Raw}))
	privJWK, _ := json.Marshal(jose.JSONWebKey{Key: key, KeyID: "p"})
	privPEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	oneJWK, _ := json.Marshal(jose.JSONWebKey{Key: &key.PublicKey, KeyID: "single"})

	ok := map[string]string{"PEM public key": pubPEM, "PEM certificate": certPEM, "one JWK": string(oneJWK)}
	for name, k := range ok {
		raw, _ := json.Marshal(k)
		if _, err := f.srv.RegisterClient(ClientRegistration{OrgNo: vendorOrg, Key: raw}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	bad := map[string]struct {
		reg   ClientRegistration
		field string
	}{
		"private JWK":    {ClientRegistration{OrgNo: vendorOrg, Key: privJWK}, "key"},
		"private PEM":    {ClientRegistration{OrgNo: vendorOrg, Key: mustJSON(privPEM)}, "key"},
		"no key":         {ClientRegistration{OrgNo: vendorOrg}, "key"},
		"garbage":        {ClientRegistration{OrgNo: vendorOrg, Key: mustJSON("hello")}, "key"},
		"kid taken":      {ClientRegistration{OrgNo: vendorOrg, Key: publicJWKS(t, testKey(t, 3), f.kid)}, "key"},
		"bad org":        {ClientRegistration{OrgNo: badOrg, Key: publicJWKS(t, testKey(t, 3), "k3")}, "org_no"},
		"client id":      {ClientRegistration{ClientID: "a b", OrgNo: vendorOrg, Key: publicJWKS(t, testKey(t, 3), "k3")}, "client_id"},
		"client id used": {ClientRegistration{ClientID: f.client.ID, OrgNo: vendorOrg, Key: publicJWKS(t, testKey(t, 3), "k3")}, "client_id"},
	}
	for name, c := range bad {
		_, err := f.srv.RegisterClient(c.reg)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || fe.NB == "" || fe.EN == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A 1024-bit key is refused (§8.5: 2048 bits).
	small, _ := json.Marshal(jose.JSONWebKey{Key: &smallKey(t).PublicKey, KeyID: "small"})
	if _, err := f.srv.RegisterClient(ClientRegistration{OrgNo: vendorOrg, Key: small}); err == nil || !strings.Contains(err.Error(), "2048") {
		t.Errorf("small key: %v", err)
	}
}

// The admin page registers a client from its form; a mistake keeps
// what was typed and says what is wrong next to the field.
func TestAdminPageForm(t *testing.T) {
	f := newFixture(t, Options{})
	status, html, key := f.page("/sandbox/")
	if status != 200 || key == "" || !strings.Contains(html, EnvMaskinportenURL+"="+f.srv.MaskinportenURL()) {
		t.Fatalf("page: %d", status)
	}
	jwks := string(publicJWKS(t, testKey(t, 1), "form-key"))
	form := url.Values{"key": {key}, "org_no": {"123"}, "public_key": {jwks}, "scopes": {scopeRW}, "client_name": {"Mitt system"}}
	status, _, body := f.do("POST", "/sandbox/clients", "", "application/x-www-form-urlencoded", []byte(form.Encode()))
	if status != 400 || !strings.Contains(string(body), "Organisasjonsnummeret må ha ni sifre") ||
		!strings.Contains(string(body), "Mitt system") || !strings.Contains(string(body), "form-key") {
		t.Fatalf("bad org: %d %s", status, body)
	}
	form.Set("org_no", vendorOrg)
	status, hdr, _ := f.do("POST", "/sandbox/clients", "", "application/x-www-form-urlencoded", []byte(form.Encode()))
	if status != 303 || !strings.HasPrefix(hdr.Get("Location"), "/sandbox/?registered=") {
		t.Fatalf("register: %d %v", status, hdr)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(hdr.Get("Location"), "/sandbox/?registered="), "#clients")
	_, html, _ = f.page(hdr.Get("Location"))
	if !strings.Contains(html, id) || !strings.Contains(html, "form-key") {
		t.Fatalf("page after registering lacks the client")
	}
	// The new client gets tokens for the scopes it was given.
	f.client, f.key, f.kid = &Client{ID: id}, testKey(t, 1), "form-key"
	f.token(scopeRW)
	// A forged form is refused.
	form.Set("key", "forged")
	if status, _, _ := f.do("POST", "/sandbox/clients", "", "application/x-www-form-urlencoded", []byte(form.Encode())); status != 403 {
		t.Fatalf("forged: %d", status)
	}
}

func TestCatalogueAPIAndOptions(t *testing.T) {
	f := newFixture(t, Options{Resources: []Resource{{"min-ressurs", "Default"}}})
	tok := f.token(allScopes)
	b := systemBody(systemID, f.client.ID)
	b["rights"] = []any{
		map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "min-ressurs"}}},
		map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "ny-ressurs"}}},
	}
	if status, _, resp := f.api("POST", registerPath, tok, b); status != 400 || vldCodes(t, resp)[0] != "AUTH.VLD-00003" {
		t.Fatalf("before: %d %s", status, resp)
	}
	if status, _, resp := f.do("POST", "/sandbox/api/resources", "", "application/json", []byte(`{"id":"ny-ressurs"}`)); status != 201 {
		t.Fatalf("add resource: %d %s", status, resp)
	}
	if status, _, resp := f.api("POST", registerPath, tok, b); status != 200 {
		t.Fatalf("after: %d %s", status, resp)
	}
	if status, _, resp := f.do("POST", "/sandbox/api/accesspackages", "", "application/json", []byte(`{"urn":"nope"}`)); status != 400 {
		t.Fatalf("bad package: %d %s", status, resp)
	}
}

func TestParseCatalogueFlags(t *testing.T) {
	for in, want := range map[string]Resource{"a": {"a", "Default"}, "b=altinnapp": {"b", "AltinnApp"}, " c = MaskinportenSchema": {"c", "MaskinportenSchema"}} {
		if got, err := ParseResource(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, in := range []string{"", "a b", "a=Nope"} {
		if _, err := ParseResource(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	u := "urn:altinn:accesspackage:x"
	for in, want := range map[string]AccessPackage{u: {u, true, true}, u + "=agent": {u, true, false}, u + "=standard": {u, false, true}, u + "=none": {u, false, false}} {
		if got, err := ParseAccessPackage(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, in := range []string{"x", "urn:altinn:accesspackage:", u + "=maybe"} {
		if _, err := ParseAccessPackage(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

// The state file keeps clients, systems, requests and system users
// across a restart, and holds no private key and no token.
func TestStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.json")
	f := newFixture(t, Options{StatePath: path})
	tok := f.withSystem()
	f.approved(tok, false, customerA, "")
	issued := f.token(scopeRW)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	privD := jose.JSONWebKey{Key: f.srv.key}
	privJSON, _ := json.Marshal(privD)
	var priv map[string]string
	json.Unmarshal(privJSON, &priv)
	for name, secret := range map[string]string{"the sandbox's private exponent": priv["d"], "a token": issued, "a token's signature": issued[strings.LastIndex(issued, ".")+1:], "the test's private key": testKeyD(t)} {
		if strings.Contains(string(data), secret) {
			t.Errorf("the state file holds %s", name)
		}
	}
	if strings.Contains(string(data), `"d":`) {
		t.Errorf("the state file holds a private JWK")
	}
	f.srv.Close()
	again, err := Start("127.0.0.1:0", Options{StatePath: path, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	f.srv = again
	tok = f.token(allScopes) // the client came back
	status, _, resp := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customerA, tok, nil)
	if status != 200 {
		t.Fatalf("system user after restart: %d %s", status, resp)
	}
	// The old token was signed by the old key: no longer valid.
	if status, _, _ := f.api("GET", registerPath, issued, nil); status != 401 {
		t.Errorf("old token after restart: %d", status)
	}
}

func testKeyD(t testing.TB) string {
	data, _ := json.Marshal(jose.JSONWebKey{Key: testKey(t, 0)})
	var m map[string]string
	json.Unmarshal(data, &m)
	return m["d"]
}

func TestStateFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{not json"), 0o600)
	_, err := New("http://127.0.0.1:1", Options{StatePath: bad})
	var se *StateError
	if !errors.As(err, &se) || !strings.Contains(se.Text("nb"), bad) || !strings.Contains(se.Text("en"), bad) {
		t.Fatalf("bad file: %v", err)
	}
	if data, _ := os.ReadFile(bad); string(data) != "{not json" {
		t.Fatalf("the bad file was changed")
	}
	fifo := filepath.Join(dir, "fifo")
	if err := mkfifo(fifo); err == nil {
		if _, err := New("http://127.0.0.1:1", Options{StatePath: fifo}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("fifo: %v", err)
		}
	}
}

// A state file that cannot be written is said at the start, naming it.
func TestStateFileNotWritable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-folder", "sandbox.json")
	_, err := New("http://127.0.0.1:1", Options{StatePath: path})
	var we *StateError
	if !errors.As(err, &we) || !we.Write || !strings.Contains(we.Text("nb"), path) || !strings.Contains(we.Text("en"), path) {
		t.Fatalf("New = %v, want a StateError (Write) naming %s", err, path)
	}
	// A new state file is written at once, 0600.
	path = filepath.Join(t.TempDir(), "sandbox.json")
	if _, err := New("http://127.0.0.1:1", Options{StatePath: path}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("new state file: %v %v", fi, err)
	}
}
