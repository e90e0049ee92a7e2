// Package smtptest starts a real SMTP server that is not ours for tests:
// Debian's python3-aiosmtpd on 127.0.0.1, with STARTTLS required and AUTH
// only over TLS, keeping each delivered message exactly as received in a
// mailbox folder the test reads back. The certificate is signed by a CA
// of the test's own (CAFile, for smtp.ca_file), or self-signed.
//
// A sender whose address starts with "refused@" is refused with 553, a
// recipient with 550.
package smtptest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	_ "embed"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

//go:embed aiosmtpd_server.py
var serverScript []byte

// Python is the interpreter the server runs in: Debian's, where
// python3-aiosmtpd is installed.
const Python = "/usr/bin/python3"

// Options say how the server is set up.
type Options struct {
	// User and Password are what AUTH accepts.
	User, Password string
	// SelfSigned gives the server a self-signed certificate (no CA
	// vouches for it) instead of one signed by the test's CA.
	SelfSigned bool
	// Names the certificate is for (IP addresses and DNS names, the
	// first also its common name); default 127.0.0.1 and localhost.
	Names []string
}

// Server is a running aiosmtpd.
type Server struct {
	Port int
	// CAFile is the PEM of the CA that signed the server's certificate
	// (the certificate itself when it is self-signed).
	CAFile string
	// Cert is the server's certificate.
	Cert *x509.Certificate
	// Mailbox holds N.eml (the message as received) and N.env (its
	// envelope: "from ADDR\nto ADDR ADDR\n") for each delivery, N from 1.
	Mailbox string
}

// Host is the server's address for smtp.host.
func (s *Server) Host() string { return "127.0.0.1" }

// Available says whether the server can run here (nil), or why not.
func Available() error {
	if _, err := os.Stat(Python); err != nil {
		return fmt.Errorf("needs /usr/bin/python3 with python3-aiosmtpd (apt-get install python3-aiosmtpd): %w", err)
	}
	if err := exec.Command(Python, "-c", "import aiosmtpd").Run(); err != nil {
		return fmt.Errorf("needs python3-aiosmtpd (apt-get install python3-aiosmtpd): %w", err)
	}
	return nil
}

// Start starts the server; it is stopped (and waited for) when the test
// ends. Without python3-aiosmtpd the test is skipped, or fails on CI.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	if err := Available(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	srv, stop, err := Launch(t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return srv
}

// Launch starts the server with its files in dir (made if missing), for a caller that is
// not a Go test (a testscript command); stop ends it and waits for it.
func Launch(dir string, o Options) (srv *Server, stop func(), err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, err
	}
	names := o.Names
	if len(names) == 0 {
		names = []string{"127.0.0.1", "localhost"}
	}
	caFile, cert, key, parsed, err := certificates(dir, names, o.SelfSigned)
	if err != nil {
		return nil, nil, err
	}
	mailbox := filepath.Join(dir, "mailbox")
	if err := os.Mkdir(mailbox, 0o700); err != nil {
		return nil, nil, err
	}
	script := filepath.Join(dir, "aiosmtpd_server.py")
	if err := os.WriteFile(script, serverScript, 0o600); err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(Python, script, cert, key, mailbox, o.User)
	cmd.Env = append(os.Environ(), "SMTP_TEST_PASSWORD="+o.Password)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	stop = func() {
		stdin.Close() // the server ends when its input closes
		cmd.Wait()
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	port, perr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || perr != nil {
		stop()
		return nil, nil, fmt.Errorf("aiosmtpd did not start: %v %v\n%s", err, perr, stderr.String())
	}
	return &Server{Port: port, CAFile: caFile, Cert: parsed, Mailbox: mailbox}, stop, nil
}

// Delivery is one message the server took.
type Delivery struct {
	Msg []byte
	// Envelope is "from ADDR\nto ADDR ADDR\n".
	Envelope string
}

// Delivered are the messages the server has taken, in order.
func (s *Server) Delivered(t testing.TB) []Delivery {
	t.Helper()
	out, err := s.Read()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Read is Delivered for a caller that is not a Go test.
func (s *Server) Read() ([]Delivery, error) {
	var out []Delivery
	for i := 1; ; i++ {
		m, err := os.ReadFile(filepath.Join(s.Mailbox, strconv.Itoa(i)+".eml"))
		if errors.Is(err, fs.ErrNotExist) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		e, err := os.ReadFile(filepath.Join(s.Mailbox, strconv.Itoa(i)+".env"))
		if err != nil {
			return out, err
		}
		out = append(out, Delivery{Msg: m, Envelope: string(e)})
	}
}

// certificates writes the server's certificate and key for names into
// dir, with the CA that signed it (itself, when selfSigned), as PEM
// files, and gives the certificate parsed.
func certificates(dir string, names []string, selfSigned bool) (caFile, certFile, keyFile string, cert *x509.Certificate, err error) {
	write := func(name, typ string, b []byte) string {
		p := filepath.Join(dir, name)
		if err == nil {
			err = os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600)
		}
		return p
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", "", "", nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: names[0]},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	signer, signerKey := tmpl, key
	if !selfSigned {
		caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return "", "", "", nil, err
		}
		caTmpl := &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test CA"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
		}
		caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
		if err != nil {
			return "", "", "", nil, err
		}
		if signer, err = x509.ParseCertificate(caDER); err != nil {
			return "", "", "", nil, err
		}
		caFile, signerKey = write("ca.pem", "CERTIFICATE", caDER), caKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, &key.PublicKey, signerKey)
	if err != nil {
		return "", "", "", nil, err
	}
	if cert, err = x509.ParseCertificate(der); err != nil {
		return "", "", "", nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return "", "", "", nil, err
	}
	certFile = write("server.pem", "CERTIFICATE", der)
	if selfSigned {
		caFile = certFile
	}
	keyFile = write("server.key", "EC PRIVATE KEY", keyDER)
	return caFile, certFile, keyFile, cert, err
}
