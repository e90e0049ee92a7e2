package cli

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/mail"
)

// smtpServer is Debian's aiosmtpd (python3-aiosmtpd), a real SMTP server
// that is not ours, running with STARTTLS and AUTH on 127.0.0.1.
type smtpServer struct {
	port    int
	ca      string // PEM of the CA that signed its certificate ("" when self-signed)
	cert    *x509.Certificate
	mailbox string
}

// fingerprint is the server certificate's, as the program shows it.
func (s *smtpServer) fingerprint() string { return mail.Fingerprint(s.cert) }

// smtpOptions say how to start aiosmtpd.
type smtpOptions struct {
	user, password string
	// selfSigned: the server's certificate signs itself (no CA).
	selfSigned bool
	// names the certificate is for; default 127.0.0.1 and localhost.
	names []string
}

// serverCert makes the server's certificate for names, signed by a new
// CA (caFile) or, selfSigned, by itself (caFile ""), written as PEM files
// into dir.
func serverCert(t *testing.T, dir string, names []string, selfSigned bool) (caFile, certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: names[0]},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	write := func(name, typ string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	parent, signer := tmpl, key
	if !selfSigned {
		caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		caTmpl := &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test CA"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
		}
		caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		parent, _ = x509.ParseCertificate(caDER)
		signer = caKey
		caFile = write("ca.pem", "CERTIFICATE", caDER)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ = x509.ParseCertificate(der)
	keyDER, _ := x509.MarshalECPrivateKey(key)
	return caFile, write("server.pem", "CERTIFICATE", der), write("server.key", "EC PRIVATE KEY", keyDER), cert
}

// startSMTP starts aiosmtpd with a certificate from a private CA; the
// test waits for it to end.
func startSMTP(t *testing.T, user, password string) *smtpServer {
	return startSMTPWith(t, smtpOptions{user: user, password: password})
}

func startSMTPWith(t *testing.T, o smtpOptions) *smtpServer {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("needs /usr/bin/python3 with python3-aiosmtpd (apt-get install python3-aiosmtpd)")
	}
	if err := exec.Command("/usr/bin/python3", "-c", "import aiosmtpd").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3-aiosmtpd is missing: %v", err)
		}
		t.Skipf("needs python3-aiosmtpd (apt-get install python3-aiosmtpd): %v", err)
	}
	if o.names == nil {
		o.names = []string{"127.0.0.1", "localhost"}
	}
	dir := t.TempDir()
	caFile, certFile, key, cert := serverCert(t, dir, o.names, o.selfSigned)
	mailbox := filepath.Join(dir, "mailbox")
	os.Mkdir(mailbox, 0o700)
	script, _ := filepath.Abs(filepath.Join("testdata", "aiosmtpd_server.py"))
	cmd := exec.Command("/usr/bin/python3", script, certFile, key, mailbox, o.user)
	cmd.Env = append(os.Environ(), "SMTP_TEST_PASSWORD="+o.password)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close() // the server ends when its input closes
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	port, perr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || perr != nil {
		stdin.Close()
		cmd.Wait()
		t.Fatalf("aiosmtpd did not start: %v %v\n%s", err, perr, stderr.String())
	}
	return &smtpServer{port: port, ca: caFile, cert: cert, mailbox: mailbox}
}
