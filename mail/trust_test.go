package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/mail"
)

// selfSignedFor is a self-signed server certificate for the given names
// (IP addresses or DNS names), valid from notBefore to notAfter.
func selfSignedFor(t *testing.T, names []string, notBefore, notAfter time.Time) (*tls.Config, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: names[0]},
		NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}, cert
}

func TestFingerprintFormats(t *testing.T) {
	_, cert := selfSignedFor(t, []string{"127.0.0.1"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	sum := sha256.Sum256(cert.Raw)
	fp := mail.Fingerprint(cert)
	if len(fp) != len("sha256:")+32*3-1 || !strings.HasPrefix(fp, "sha256:") || strings.ReplaceAll(fp[7:], ":", "") != strings.ToUpper(hex.EncodeToString(sum[:])) {
		t.Fatalf("Fingerprint = %q", fp)
	}
	for _, in := range []string{fp, strings.ToLower(fp), "sha256:" + hex.EncodeToString(sum[:]), " SHA256:" + strings.ToUpper(hex.EncodeToString(sum[:])) + " "} {
		if got, err := mail.ParseFingerprint(in); err != nil || got != fp {
			t.Errorf("ParseFingerprint(%q) = %q, %v; want %q", in, got, err, fp)
		}
	}
	for _, in := range []string{"", "sha256:", hex.EncodeToString(sum[:]), "sha1:" + hex.EncodeToString(sum[:20]), "sha256:" + hex.EncodeToString(sum[:31]), "sha256:zz" + hex.EncodeToString(sum[1:])} {
		if _, err := mail.ParseFingerprint(in); !errors.Is(err, mail.ErrFingerprint) {
			t.Errorf("ParseFingerprint(%q) accepted", in)
		}
	}
}

// A self-signed server is refused with its fingerprint, names and
// expiry; trusted by that fingerprint it is used; another certificate
// later (the pin no longer matches) is refused again, saying which was
// trusted; the pin never stands in for the name or the dates.
func TestSendTrustsOnlyThePinnedSelfSignedCertificate(t *testing.T) {
	now := time.Now()
	msg, from, to := composed(t)
	send := func(srv *tls.Config, pin string) (*backend, error) {
		be := &backend{}
		host, port := startServer(t, be, srv, false)
		_, err := mail.Send(context.Background(), mail.SMTPConfig{Host: host, Port: port, TrustedCert: pin, Timeout: 5 * time.Second}, from, to, msg)
		return be, err
	}
	srv, cert := selfSignedFor(t, []string{"127.0.0.1", "smtp.test"}, now.Add(-time.Hour), now.Add(48*time.Hour))
	fp := mail.Fingerprint(cert)

	be, err := send(srv, "")
	var ue *mail.UntrustedCertError
	if !errors.As(err, &ue) || ue.Fingerprint != fp || ue.Host != "127.0.0.1" || strings.Join(ue.Names, ",") != "smtp.test,127.0.0.1" || !ue.NotAfter.Equal(cert.NotAfter) || ue.Pinned != "" {
		t.Fatalf("unpinned: %v (%+v)", err, ue)
	}
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("the x509 cause is not kept: %v", err)
	}
	if msgs, _ := be.messages(); len(msgs) != 0 {
		t.Fatal("delivered over an untrusted connection")
	}

	// Pinned (in the lower-case form without colons): used.
	be, err = send(srv, "sha256:"+strings.ToLower(strings.ReplaceAll(fp[7:], ":", "")))
	if err != nil {
		t.Fatalf("pinned: %v", err)
	}
	checkDelivered(t, be, msg, from, to, true, "")

	// The server's certificate changed: refused, naming the old pin.
	srv2, cert2 := selfSignedFor(t, []string{"127.0.0.1"}, now.Add(-time.Hour), now.Add(48*time.Hour))
	be, err = send(srv2, fp)
	if !errors.As(err, &ue) || ue.Pinned != fp || ue.Fingerprint != mail.Fingerprint(cert2) {
		t.Fatalf("changed certificate: %v", err)
	}
	if msgs, _ := be.messages(); len(msgs) != 0 {
		t.Fatal("delivered to a changed certificate")
	}

	// Pinned, but for another name, or expired: refused for that reason.
	other, otherCert := selfSignedFor(t, []string{"mail.example.no"}, now.Add(-time.Hour), now.Add(time.Hour))
	_, err = send(other, mail.Fingerprint(otherCert))
	var hostErr x509.HostnameError
	if !errors.As(err, &hostErr) {
		t.Fatalf("pinned for another name: %v", err)
	}
	old, oldCert := selfSignedFor(t, []string{"127.0.0.1"}, now.Add(-48*time.Hour), now.Add(-time.Hour))
	_, err = send(old, mail.Fingerprint(oldCert))
	var invalid x509.CertificateInvalidError
	if !errors.As(err, &invalid) || invalid.Reason != x509.Expired {
		t.Fatalf("pinned but expired: %v", err)
	}
}

func TestSendRefusesAMalformedPin(t *testing.T) {
	msg, from, to := composed(t)
	_, err := mail.Send(context.Background(), mail.SMTPConfig{Host: "127.0.0.1", Port: 1, TrustedCert: "sha256:abc"}, from, to, msg)
	if !errors.Is(err, mail.ErrFingerprint) {
		t.Fatalf("err = %v", err)
	}
}
