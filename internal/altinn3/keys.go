package altinn3

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// KeyBits is the size of a generated key: Maskinporten accepts RS256 with
// 2048-bit keys in a client's JWKS (altinn3-api.md §8.5).
const KeyBits = 2048

// Key is a private key that signs grants. Its kid names it where its
// public half is registered on the client; a .p12 key also has the
// enterprise certificate's chain, which a grant carries as x5c when the
// client knows the certificate rather than an uploaded key (§8.2: "kid
// can and must be used by clients having a pre-registered certificate /
// asymmetric key"; either kid or x5c). It lives in memory only; its
// private half is stored in the OS keyring as PKCS#8 PEM.
type Key struct {
	private *rsa.PrivateKey
	// KeyID is the kid: for a generated key made with it, for a .p12 key
	// its RFC 7638 thumbprint (CertificateKeyID), stable for the
	// certificate's key.
	KeyID string
	// Chain is the certificate chain of a .p12 key, signing certificate
	// first.
	Chain []*x509.Certificate
	// x5c: grants carry the chain instead of the kid.
	x5c bool
}

// String never shows the key.
func (k *Key) String() string { return "altinn3.Key{kid: " + k.KeyID + "}" }

// GoString never shows the key.
func (k *Key) GoString() string { return k.String() }

// GenerateKey makes an RSA-2048 key with a kid that is unique across
// Maskinporten's customers (the date and the key's own thumbprint).
func GenerateKey(random io.Reader, now time.Time) (*Key, error) {
	if random == nil {
		random = rand.Reader
	}
	priv, err := rsa.GenerateKey(random, KeyBits)
	if err != nil {
		return nil, err
	}
	k := &Key{private: priv}
	tp, err := k.thumbprint()
	if err != nil {
		return nil, err
	}
	k.KeyID = "altinn-onboard-" + now.UTC().Format("2006-01-02") + "-" + tp[:16]
	return k, nil
}

func (k *Key) thumbprint() (string, error) {
	return thumbprint(&k.private.PublicKey)
}

// thumbprint is the RFC 7638 SHA-256 thumbprint of a public key,
// base64url without padding.
func thumbprint(pub *rsa.PublicKey) (string, error) {
	jwk := jose.JSONWebKey{Key: pub}
	sum, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sum), nil
}

// CertificateKeyID is the kid of a .p12 key: the RFC 7638 thumbprint of
// its public key (RFC 7638 §1 names that use). The same certificate always
// gives the same kid, so a JWKS written again stays the one uploaded; it
// is also the kid a registry that derives kids from a PEM key or
// certificate gives it.
func CertificateKeyID(pub *rsa.PublicKey) (string, error) {
	return thumbprint(pub)
}

// UsesX5C reports whether grants signed with k carry x5c (else kid).
func (k *Key) UsesX5C() bool {
	return len(k.Chain) > 0 && (k.x5c || k.KeyID == "")
}

// otherHeader is the same key with the other way of naming it in a
// grant (kid ↔ x5c), or nil when it has only one (no chain, or no kid).
func (k *Key) otherHeader() *Key {
	if len(k.Chain) == 0 || k.KeyID == "" {
		return nil
	}
	c := *k
	c.x5c = !k.UsesX5C()
	return &c
}

// X5C is the certificate chain as the JWT header wants it: standard
// base64 DER, signing certificate first.
func (k *Key) X5C() []string {
	out := make([]string, len(k.Chain))
	for i, c := range k.Chain {
		out[i] = base64.StdEncoding.EncodeToString(c.Raw)
	}
	return out
}

// PublicJWK is the public half as a JWK (kty, n, e, kid, alg RS256, use sig).
func (k *Key) PublicJWK() session.PublicJWK {
	pub := &k.private.PublicKey
	return session.PublicJWK{
		Kty: "RSA",
		N:   base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		E:   base64.RawURLEncoding.EncodeToString(bigEndian(pub.E)),
		Kid: k.KeyID,
		Alg: "RS256",
		Use: "sig",
	}
}

func bigEndian(e int) []byte {
	var b []byte
	for e > 0 {
		b = append([]byte{byte(e)}, b...)
		e >>= 8
	}
	return b
}

// UploadJWK is a public JWK as written for upload: for a .p12 key with
// the certificate chain as x5c, which locks the key to the enterprise
// certificate (§8.5: "optional x5c locks the key to an enterprise
// certificate").
type UploadJWK struct {
	session.PublicJWK
	X5C []string `json:"x5c,omitempty"`
}

// JWKS is the JSON Web Key Set of a public JWK (with the certificate
// chain x5c of a .p12 key, nil otherwise), as the self-service portal and
// the client registration API take it: {"keys": [jwk]}.
func JWKS(jwk session.PublicJWK, x5c []string) ([]byte, error) {
	return json.MarshalIndent(struct {
		Keys []UploadJWK `json:"keys"`
	}{[]UploadJWK{{jwk, x5c}}}, "", "  ")
}

// JWKJSON is one public JWK (with x5c, as JWKS) as indented JSON.
func JWKJSON(jwk session.PublicJWK, x5c []string) ([]byte, error) {
	return json.MarshalIndent(UploadJWK{jwk, x5c}, "", "  ")
}

// SessionJWK is the session's public JWK with its kid. A .p12 key
// recorded before .p12 keys had a kid gets it here, derived as
// LoadP12 derives it (CertificateKeyID), so the JWKS written from the
// session is the one to upload.
func SessionJWK(mp session.MaskinportenClient) (session.PublicJWK, error) {
	if mp.PublicKey == nil {
		return session.PublicJWK{}, ErrNoKey
	}
	jwk := *mp.PublicKey
	if jwk.Kid != "" {
		return jwk, nil
	}
	if mp.KeyID != "" {
		jwk.Kid = mp.KeyID
		return jwk, nil
	}
	var k jose.JSONWebKey
	data, err := json.Marshal(jwk)
	if err == nil {
		err = k.UnmarshalJSON(data)
	}
	pub, ok := k.Key.(*rsa.PublicKey)
	if err != nil || !ok {
		return session.PublicJWK{}, ErrBadKeyPEM
	}
	if jwk.Kid, err = CertificateKeyID(pub); err != nil {
		return session.PublicJWK{}, err
	}
	return jwk, nil
}

// PublicPEM is the public half as a PEM "PUBLIC KEY" (the portal also
// takes this).
func (k *Key) PublicPEM() ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(&k.private.PublicKey)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// PrivatePEM is the private key as PKCS#8 PEM, for the keyring only.
// RSA-2048 gives about 1.7 kB, within the keyring's 2560 bytes.
func (k *Key) PrivatePEM() (string, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k.private)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
}

// KeyError is a key that cannot be used, in both languages.
type KeyError struct {
	nb, en string
	Err    error
}

func (e *KeyError) Error() string { return e.Text("en") }
func (e *KeyError) Unwrap() error { return e.Err }

// Text is the message in lang ("en" English, else bokmål).
func (e *KeyError) Text(lang string) string {
	if lang == "en" {
		return e.en
	}
	return e.nb
}

var (
	// ErrNotRSA: Maskinporten signs and verifies RS256/384/512 only.
	ErrNotRSA = &KeyError{
		nb: "Nøkkelen er ikke en RSA-nøkkel; Maskinporten godtar bare RS256, RS384 og RS512.",
		en: "The key is not an RSA key; Maskinporten accepts only RS256, RS384 and RS512."}
	// ErrBadKeyPEM: the stored key is not a PKCS#8 PEM RSA key.
	ErrBadKeyPEM = &KeyError{
		nb: "Den lagrede private nøkkelen kan ikke leses; lag en ny nøkkel og last opp den offentlige delen på nytt.",
		en: "The stored private key cannot be read; make a new key and upload its public part again."}
	// ErrP12Password: wrong password for the .p12 file.
	ErrP12Password = &KeyError{
		nb: "Feil passord for sertifikatfilen.",
		en: "Wrong password for the certificate file."}
	// ErrP12Unreadable: not a PKCS#12 file this program can read.
	ErrP12Unreadable = &KeyError{
		nb: "Filen er ikke en PKCS#12-fil (.p12/.pfx) med nøkkel og sertifikat som programmet kan lese.",
		en: "The file is not a PKCS#12 file (.p12/.pfx) with a key and certificate this program can read."}
)

// ParsePrivatePEM reads a key stored by PrivatePEM; kid and the x5c chain
// come from the session. A .p12 key recorded without a kid (before .p12
// keys had one) gets CertificateKeyID.
func ParsePrivatePEM(s, kid string, x5c []string) (*Key, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, ErrBadKeyPEM
	}
	anyKey, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, &KeyError{nb: ErrBadKeyPEM.nb, en: ErrBadKeyPEM.en, Err: err}
	}
	priv, ok := anyKey.(*rsa.PrivateKey)
	if !ok {
		return nil, ErrNotRSA
	}
	k := &Key{private: priv, KeyID: kid}
	for _, c := range x5c {
		der, err := base64.StdEncoding.DecodeString(c)
		if err != nil {
			return nil, ErrBadKeyPEM
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, ErrBadKeyPEM
		}
		k.Chain = append(k.Chain, cert)
	}
	if k.KeyID == "" && len(k.Chain) > 0 {
		if k.KeyID, err = CertificateKeyID(&priv.PublicKey); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// LoadP12 reads the key and certificate chain of an enterprise certificate
// file. The key's kid is CertificateKeyID; grants carry the kid (the
// public JWK, with x5c, uploaded to the client) or the chain as x5c (a
// client that knows the certificate only): Onboarding tries the one that
// worked last, then the other.
func LoadP12(data []byte, password string) (*Key, error) {
	if strings.IndexFunc(password, func(r rune) bool { return r > 0xFFFF }) >= 0 {
		return nil, ErrP12Password // PKCS#12 passwords are UCS-2
	}
	anyKey, cert, cas, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		if errors.Is(err, pkcs12.ErrIncorrectPassword) || errors.Is(err, pkcs12.ErrDecryption) {
			return nil, ErrP12Password
		}
		return nil, &KeyError{nb: ErrP12Unreadable.nb, en: ErrP12Unreadable.en, Err: err}
	}
	priv, ok := anyKey.(*rsa.PrivateKey)
	if !ok {
		return nil, ErrNotRSA
	}
	kid, err := CertificateKeyID(&priv.PublicKey)
	if err != nil {
		return nil, err
	}
	return &Key{private: priv, KeyID: kid, Chain: append([]*x509.Certificate{cert}, cas...)}, nil
}

// CertificateSummary says whom a .p12 key's certificate is for, for the
// screens: subject, issuer and validity.
func (k *Key) CertificateSummary() string {
	if len(k.Chain) == 0 {
		return ""
	}
	c := k.Chain[0]
	return fmt.Sprintf("%s (%s, %s–%s)", oneLine(c.Subject.String(), 200), oneLine(c.Issuer.CommonName, 100),
		c.NotBefore.UTC().Format("2006-01-02"), c.NotAfter.UTC().Format("2006-01-02"))
}
