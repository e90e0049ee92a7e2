package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// testP12 writes an enterprise-certificate-like .p12 (a self-signed
// certificate for the vendor) protected by password.
func testP12(t *testing.T, dir, password string) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "Blåbær Regnskap AS", SerialNumber: a3Vendor},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	data, err := pkcs12.Modern.Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "virksomhet.p12")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// key new --p12 takes an enterprise certificate's key; its password comes
// from the environment or standard input, never a flag, and is kept
// nowhere on disk. The client then gets tokens with it.
func TestKeyNewFromP12(t *testing.T) {
	kr := keyringtest.Require(t)
	h := newA3Harness(t, kr)
	id := h.newSession("S")
	const password = "Hemmelig-p12-passord"
	p12 := testP12(t, h.work, password)

	// Wrong password, piped: exit 2, nothing kept.
	h.in = "feil\n"
	if code, _, errOut := h.run("maskinporten", "key", "new", "--p12", p12, "--session", "S"); code != 2 || !strings.Contains(errOut, "Wrong password") {
		t.Fatalf("wrong password: exit %d\n%s", code, errOut)
	}
	if h.load("S").Altinn3.Maskinporten.KeySource != "" {
		t.Fatal("a key was recorded after a wrong password")
	}
	// The right one, piped.
	h.in = password + "\n"
	jwksPath := filepath.Join(h.work, "jwks.json")
	code, out, errOut := h.run("maskinporten", "key", "new", "--p12", p12, "--session", "S", "--out", jwksPath)
	var jwk altinn3.UploadJWK
	if err := json.Unmarshal([]byte(out), &jwk); code != 0 || err != nil || jwk.Kty != "RSA" || jwk.N == "" || jwk.Kid == "" || len(jwk.X5C) != 1 {
		t.Fatalf("not a JWK with kid and x5c: exit %d %v\n%s\n%s", code, err, out, errOut)
	}
	if !strings.Contains(errOut, "kid "+jwk.Kid) || !strings.Contains(errOut, "Upload the public key") || strings.Contains(errOut, "no kid") {
		t.Fatalf("stderr does not say to upload the JWKS with its kid:\n%s", errOut)
	}
	// From the environment, replacing the key.
	if code, _, errOut := h.run("maskinporten", "key", "new", "--p12", p12, "--session", "S"); code != 2 || !strings.Contains(errOut, "--replace") {
		t.Fatalf("a second key without --replace: exit %d\n%s", code, errOut)
	}
	h.env[EnvP12Password] = password
	h.must("maskinporten", "key", "new", "--p12", p12, "--session", "S", "--replace", "--pem", filepath.Join(h.work, "public.pem"))
	delete(h.env, EnvP12Password)

	var show keyJSON
	h.mustJSON(&show, "maskinporten", "key", "show", "--session", "S")
	if show.Source != session.KeySourceP12 || show.P12Path != p12 || show.Certificates != 1 || !show.InKeyring ||
		show.KeyID != jwk.Kid || show.JWK.Kid != jwk.Kid || len(show.JWK.X5C) != 1 {
		t.Fatalf("key show (the same certificate, the same kid): %+v", show)
	}
	// The JWKS is what the self-service portal (the sandbox) takes, and
	// the client gets a token with it over real HTTP.
	data, _ := os.ReadFile(jwksPath)
	c, err := h.sb.RegisterClient(sandbox.ClientRegistration{OrgNo: a3Vendor, Key: data})
	if err != nil {
		t.Fatalf("the JWKS of a .p12 key is refused: %v\n%s", err, data)
	}
	h.must("maskinporten", "client", "set", c.ID, "--session", "S")
	var tok tokenJSON
	h.mustJSON(&tok, "maskinporten", "token", "--session", "S")
	if !tok.OK {
		t.Fatalf("%+v", tok)
	}
	assertNoTextUnder(t, password, h.dir, h.work)
	assertNoPrivateKeyUnder(t, kr, id, h.dir, h.work)
}
