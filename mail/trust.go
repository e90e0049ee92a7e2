package mail

// Verifying the server's certificate, with one exception the user chose
// explicitly: a self-signed certificate remembered by its SHA-256
// fingerprint (SMTPConfig.TrustedCert).

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// FingerprintPrefix starts every fingerprint Fingerprint writes.
const FingerprintPrefix = "sha256:"

// Fingerprint is the SHA-256 fingerprint of a certificate as openssl
// writes it: "sha256:AB:CD:…" (32 bytes, upper-case hex, colons).
func Fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return formatFingerprint(sum[:])
}

func formatFingerprint(b []byte) string {
	h := strings.ToUpper(hex.EncodeToString(b))
	parts := make([]string, 0, len(b))
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, h[i:i+2])
	}
	return FingerprintPrefix + strings.Join(parts, ":")
}

// ErrFingerprint is a fingerprint ParseFingerprint cannot read.
var ErrFingerprint = errors.New(`not a SHA-256 fingerprint ("sha256:" and 64 hex digits, with or without colons)`)

// ParseFingerprint reads "sha256:HEX" with or without colons (any case)
// and returns it as Fingerprint writes it.
func ParseFingerprint(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) < len(FingerprintPrefix) || !strings.EqualFold(s[:len(FingerprintPrefix)], FingerprintPrefix) {
		return "", ErrFingerprint
	}
	h := strings.ReplaceAll(s[len(FingerprintPrefix):], ":", "")
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != sha256.Size {
		return "", ErrFingerprint
	}
	return formatFingerprint(b), nil
}

// UntrustedCertError is a server certificate from an authority the
// program does not trust (often a self-signed one). The user may choose to
// trust this one certificate: SMTPConfig.TrustedCert = Fingerprint.
type UntrustedCertError struct {
	Host        string // the server name it was checked for
	Fingerprint string // of the server's own (leaf) certificate
	Names       []string
	NotAfter    time.Time
	// Pinned is the fingerprint that was trusted, when another
	// certificate was trusted before: the server's certificate changed.
	Pinned string
	Err    error // the verification failure (x509.UnknownAuthorityError)
}

func (e *UntrustedCertError) Error() string {
	if e.Pinned != "" {
		return fmt.Sprintf("the certificate of %s (for %s, %s) is not the one trusted before (%s)", e.Host, strings.Join(e.Names, ", "), e.Fingerprint, e.Pinned)
	}
	return fmt.Sprintf("the certificate of %s (for %s, %s) is not trusted: %v", e.Host, strings.Join(e.Names, ", "), e.Fingerprint, e.Err)
}

func (e *UntrustedCertError) Unwrap() error { return e.Err }

// CertNames are the names a certificate is for: its DNS names and IP
// addresses, else its common name.
func CertNames(c *x509.Certificate) []string {
	var names []string
	names = append(names, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && c.Subject.CommonName != "" {
		names = append(names, c.Subject.CommonName)
	}
	return names
}

// tlsConfig verifies the server's certificate itself, as crypto/tls
// would (same roots, intermediates, name and time), so that a failure for
// an unknown authority can carry the leaf's fingerprint, and so that a
// leaf whose fingerprint is pinned can be accepted.
func tlsConfig(host string, roots *x509.CertPool, pinned string) *tls.Config {
	return &tls.Config{
		ServerName: host,
		MinVersion: tls.VersionTLS12,
		// Not skipped: VerifyConnection below verifies every connection,
		// including resumed ones.
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			return verifyServer(host, roots, pinned, cs.PeerCertificates, time.Now())
		},
	}
}

func verifyServer(host string, roots *x509.CertPool, pinned string, certs []*x509.Certificate, now time.Time) error {
	if len(certs) == 0 {
		return errors.New("the server sent no certificate")
	}
	leaf := certs[0]
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: roots, Intermediates: inter, CurrentTime: now})
	if err == nil {
		return nil
	}
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		return err // wrong name, expired: never trusted, pinned or not
	}
	fp := Fingerprint(leaf)
	if pinned != "" && fp == pinned {
		// x509 checks the name and the dates before the chain; check them
		// again here so the pin never stands in for them.
		if err := leaf.VerifyHostname(host); err != nil {
			return err
		}
		if now.Before(leaf.NotBefore) || now.After(leaf.NotAfter) {
			return x509.CertificateInvalidError{Cert: leaf, Reason: x509.Expired,
				Detail: fmt.Sprintf("valid from %s to %s", leaf.NotBefore.UTC().Format(time.RFC3339), leaf.NotAfter.UTC().Format(time.RFC3339))}
		}
		return nil
	}
	return &UntrustedCertError{Host: host, Fingerprint: fp, Names: CertNames(leaf), NotAfter: leaf.NotAfter, Pinned: pinned, Err: err}
}
