package altinn3

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// testKey is one generated key for the package's tests (RSA generation
// is slow under -race).
var testKey = sync.OnceValue(func() *Key {
	k, err := GenerateKey(rand.Reader, testNow)
	if err != nil {
		panic(err)
	}
	return k
})

func TestGenerateKeyIsRSA2048WithKid(t *testing.T) {
	k := testKey()
	if k.private.N.BitLen() != KeyBits {
		t.Fatalf("key has %d bits", k.private.N.BitLen())
	}
	if !strings.HasPrefix(k.KeyID, "altinn-onboard-2026-11-25-") || len(k.KeyID) != len("altinn-onboard-2026-11-25-")+16 {
		t.Fatalf("kid %q", k.KeyID)
	}
	if strings.Contains(k.String(), "PRIVATE") || strings.Contains(k.GoString(), k.private.D.String()) {
		t.Fatal("String shows the key")
	}
}

// The JWK and the JWKS parse back (with go-jose, as a verifier would) to
// the same public key, with kid, alg and use.
func TestJWKAndJWKSRoundTrip(t *testing.T) {
	k := testKey()
	jwk := k.PublicJWK()
	data, err := JWKJSON(jwk, nil)
	if err != nil {
		t.Fatal(err)
	}
	var back jose.JSONWebKey
	if err := back.UnmarshalJSON(data); err != nil {
		t.Fatalf("JWK does not parse: %v\n%s", err, data)
	}
	pub, ok := back.Key.(*rsa.PublicKey)
	if !ok || !pub.Equal(&k.private.PublicKey) || back.KeyID != k.KeyID || back.Algorithm != "RS256" || back.Use != "sig" || !back.IsPublic() {
		t.Fatalf("JWK round trip: %+v", back)
	}
	set, err := JWKS(jwk, nil)
	if err != nil {
		t.Fatal(err)
	}
	var jwks jose.JSONWebKeySet
	if err := json.Unmarshal(set, &jwks); err != nil {
		t.Fatal(err)
	}
	if got := jwks.Key(k.KeyID); len(got) != 1 || !got[0].Key.(*rsa.PublicKey).Equal(&k.private.PublicKey) {
		t.Fatalf("JWKS round trip: %s", set)
	}
	if strings.Contains(string(set), `"d"`) || strings.Contains(string(set), `"p"`) {
		t.Fatalf("JWKS holds private parts: %s", set)
	}
}

func TestPEMRoundTripAndFitsKeyring(t *testing.T) {
	k := testKey()
	priv, err := k.PrivatePEM()
	if err != nil {
		t.Fatal(err)
	}
	if len(priv) > store.MaxSecretBytes {
		t.Fatalf("PKCS#8 PEM of RSA-2048 is %d bytes, over the keyring's %d", len(priv), store.MaxSecretBytes)
	}
	back, err := ParsePrivatePEM(priv, k.KeyID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !back.private.Equal(k.private) || back.KeyID != k.KeyID {
		t.Fatal("private key changed in the round trip")
	}
	pubPEM, err := k.PublicPEM()
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(pubPEM)
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil || !pub.(*rsa.PublicKey).Equal(&k.private.PublicKey) {
		t.Fatalf("public PEM: %v", err)
	}
	for _, bad := range []string{"", "not pem", strings.Replace(priv, "PRIVATE KEY", "RSA PRIVATE KEY", -1)} {
		if _, err := ParsePrivatePEM(bad, "k", nil); !errors.Is(err, ErrBadKeyPEM) && !isKeyError(err) {
			t.Errorf("ParsePrivatePEM(%.20q) = %v", bad, err)
		}
	}
}

func isKeyError(err error) bool {
	var ke *KeyError
	return errors.As(err, &ke)
}

// testP12 makes an enterprise-certificate-like .p12: a CA and a leaf.
func testP12(t *testing.T, password string) ([]byte, *x509.Certificate, *x509.Certificate) {
	t.Helper()
	caKey, leafKey := testKey().private, testKey2()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test CA"},
		NotBefore: testNow.Add(-time.Hour), NotAfter: testNow.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	leafTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "Blåbær AS", SerialNumber: "123456785"},
		NotBefore: testNow.Add(-time.Hour), NotAfter: testNow.Add(24 * time.Hour)}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(leafDER)
	p12, err := pkcs12.Modern.Encode(leafKey, leaf, []*x509.Certificate{ca}, password)
	if err != nil {
		t.Fatal(err)
	}
	return p12, leaf, ca
}

var testKey2 = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func TestLoadP12(t *testing.T) {
	p12, leaf, ca := testP12(t, "hemmelig-passord")
	k, err := LoadP12(p12, "hemmelig-passord")
	if err != nil {
		t.Fatal(err)
	}
	if !k.private.Equal(testKey2()) || len(k.Chain) != 2 || !k.Chain[0].Equal(leaf) || !k.Chain[1].Equal(ca) {
		t.Fatalf("LoadP12 gave chain %d", len(k.Chain))
	}
	if x := k.X5C(); len(x) != 2 || strings.ContainsAny(x[0], "-_") {
		t.Fatalf("x5c must be standard base64 DER: %v", x)
	}
	if !strings.Contains(k.CertificateSummary(), "Blåbær AS") {
		t.Fatalf("summary %q", k.CertificateSummary())
	}
	if _, err := LoadP12(p12, "feil"); !errors.Is(err, ErrP12Password) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := LoadP12([]byte("not a p12"), "x"); !isKeyError(err) {
		t.Fatalf("garbage: %v", err)
	}
	// The key and chain survive the keyring round trip; a session made
	// before .p12 keys had a kid gets the same kid back.
	pemText, _ := k.PrivatePEM()
	back, err := ParsePrivatePEM(pemText, "", k.X5C())
	if err != nil || len(back.Chain) != 2 || !back.Chain[0].Equal(leaf) || back.KeyID != k.KeyID {
		t.Fatalf("ParsePrivatePEM with x5c: %v %q", err, back.KeyID)
	}
}

// A .p12 key has a stable kid, the RFC 7638 thumbprint of its key, and
// its JWK and JWKS carry it with the certificate chain as x5c: what the
// self-service portal and a verifier (go-jose) read.
func TestP12KeyIDAndJWK(t *testing.T) {
	p12, leaf, ca := testP12(t, "pw")
	k := must(LoadP12(p12, "pw"))(t)
	again := must(LoadP12(p12, "pw"))(t)
	want, err := (&jose.JSONWebKey{Key: &testKey2().PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if k.KeyID != base64.RawURLEncoding.EncodeToString(want) || again.KeyID != k.KeyID {
		t.Fatalf("kid %q, again %q", k.KeyID, again.KeyID)
	}
	if k.UsesX5C() {
		t.Fatal("a .p12 key starts with x5c; kid is what an uploaded key needs")
	}
	jwk := k.PublicJWK()
	for _, f := range []func(session.PublicJWK, []string) ([]byte, error){JWKJSON, JWKS} {
		data := must(f(jwk, k.X5C()))(t)
		var set jose.JSONWebKeySet
		if strings.Contains(string(data), `"keys"`) {
			if err := json.Unmarshal(data, &set); err != nil {
				t.Fatalf("JWKS does not parse: %v\n%s", err, data)
			}
		} else {
			var one jose.JSONWebKey
			if err := one.UnmarshalJSON(data); err != nil {
				t.Fatalf("JWK does not parse: %v\n%s", err, data)
			}
			set.Keys = []jose.JSONWebKey{one}
		}
		got := set.Key(k.KeyID)
		if len(got) != 1 || len(got[0].Certificates) != 2 || !got[0].Certificates[0].Equal(leaf) || !got[0].Certificates[1].Equal(ca) ||
			!got[0].Key.(*rsa.PublicKey).Equal(&testKey2().PublicKey) {
			t.Fatalf("no key with kid and x5c: %s", data)
		}
	}
	// A session recorded before .p12 keys had a kid: its JWK gets it.
	old := jwk
	old.Kid = ""
	mp := session.MaskinportenClient{KeySource: session.KeySourceP12, PublicKey: &old, CertificateChain: k.X5C()}
	if got := must(SessionJWK(mp))(t); got != jwk {
		t.Fatalf("SessionJWK %+v, want %+v", got, jwk)
	}
	if _, err := SessionJWK(session.MaskinportenClient{}); err != ErrNoKey {
		t.Fatalf("no key: %v", err)
	}
}
