package altinn3

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// The key of an enterprise certificate (.p12) against the sandbox over
// real HTTP, both ways §8.2 allows: its public JWK (kid, with x5c)
// uploaded to the client, and a client that knows the certificate but
// not the program's kid (grants then carry x5c).

// p12Key loads a test .p12 into the session, as `key new --p12` does.
func (f *sbFixture) p12Key(s *session.Session) KeyOutcome {
	f.tb.Helper()
	t := f.tb.(*testing.T)
	p12, _, _ := testP12(t, "pw")
	path := filepath.Join(t.TempDir(), "virksomhet.p12")
	if err := os.WriteFile(path, p12, 0o600); err != nil {
		t.Fatal(err)
	}
	return must(step(f, s, func(snap Snapshot) (KeyOutcome, error) { return f.o.LoadP12Key(snap, path, "pw") }))(t)
}

// grantHeaders are the JOSE headers of the grants the sandbox was sent
// from the n-th on: "kid" or "x5c" for each.
func (f *sbFixture) grantHeaders(n int) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, g := range f.grants[n:] {
		seg, _, _ := strings.Cut(g, ".")
		data, _ := base64.RawURLEncoding.DecodeString(seg)
		var h map[string]any
		json.Unmarshal(data, &h)
		var names []string
		for _, k := range []string{"kid", "x5c"} {
			if _, ok := h[k]; ok {
				names = append(names, k)
			}
		}
		out = append(out, strings.Join(names, "+"))
	}
	return out
}

// The JWKS written for a .p12 key is one the self-service portal (the
// sandbox) takes, and the client then gets tokens by the key's kid.
func TestSandboxP12JWKSUploaded(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	key := f.p12Key(s)
	if key.JWK.Kid == "" || s.Altinn3.Maskinporten.KeyID != key.JWK.Kid || !strings.Contains(string(key.JWKS), `"x5c"`) {
		t.Fatalf("kid %q, session %q, JWKS %s", key.JWK.Kid, s.Altinn3.Maskinporten.KeyID, key.JWKS)
	}
	id := f.registerClient(sbVendor, key.JWKS)
	must(step(f, s, func(snap Snapshot) (ClientEdit, error) { return f.o.SetClient(snap, id) }))(t)
	out, err := f.testClient(s)
	if err != nil {
		t.Fatal(textOf(err))
	}
	if lt := s.Altinn3.Maskinporten.LastTest; !lt.OK || out.Token.Claims.Consumer != "0192:"+sbVendor {
		t.Fatalf("%+v", lt)
	}
	if got := f.grantHeaders(0); !slices.Equal(got, []string{"kid"}) {
		t.Fatalf("grants %v, want one with kid", got)
	}
	// After a restart (a new process) the key comes back from the
	// keyring with the same kid.
	o := f.onboarding(f.o.Secrets)
	if _, err := o.TestClient(f.ctx, SnapshotOf(s)); err != nil {
		t.Fatal(textOf(err))
	}
	if got := f.grantHeaders(1); !slices.Equal(got, []string{"kid"}) {
		t.Fatalf("grants after a restart %v", got)
	}
}

// A client that knows the enterprise certificate under a key ID of the
// portal's own: the grant with the program's kid is refused, the one
// with x5c taken, and the next grant goes with x5c straight away.
func TestSandboxP12CertificateClient(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	key := f.p12Key(s)
	jwk := key.JWK
	jwk.Kid = "portalens-egen-nokkel-id"
	id := f.registerClient(sbVendor, must(JWKS(jwk, s.Altinn3.Maskinporten.CertificateChain))(t))
	must(step(f, s, func(snap Snapshot) (ClientEdit, error) { return f.o.SetClient(snap, id) }))(t)
	if _, err := f.testClient(s); err != nil {
		t.Fatal(textOf(err))
	}
	if got := f.grantHeaders(0); !slices.Equal(got, []string{"kid", "x5c"}) {
		t.Fatalf("grants %v, want kid then x5c", got)
	}
	f.o.forgetTokens()
	n := f.calls()
	if _, err := f.testClient(s); err != nil {
		t.Fatal(textOf(err))
	}
	if got := f.grantHeaders(n); !slices.Equal(got, []string{"x5c"}) {
		t.Fatalf("grants %v, want x5c only", got)
	}
}

// A client with neither the key nor the certificate: both ways are
// tried, and the error says to upload the JWK with the program's kid.
func TestSandboxP12KeyNotOnClient(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.p12Key(s)
	other := must(GenerateKey(rand.Reader, time.Now()))(t)
	id := f.registerClient(sbVendor, must(JWKS(other.PublicJWK(), nil))(t))
	must(step(f, s, func(snap Snapshot) (ClientEdit, error) { return f.o.SetClient(snap, id) }))(t)
	_, err := f.testClient(s)
	if e := asError(t, err); e.Kind != KindMaskinporten || e.MP != MPKeyUnknown || e.KeyID != s.Altinn3.Maskinporten.KeyID {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, s.Altinn3.Maskinporten.KeyID, "Upload the public key")
	if got := f.grantHeaders(0); !slices.Equal(got, []string{"kid", "x5c"}) {
		t.Fatalf("grants %v, want kid then x5c", got)
	}
}
