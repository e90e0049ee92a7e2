package smtptest

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/smtp"
	"os"
	"strconv"
	"strings"
	"testing"
)

// trustAndAddr gives a pool holding srv.CAFile, and the server's address.
func trustAndAddr(t *testing.T, srv *Server) (*x509.CertPool, string) {
	t.Helper()
	pem, err := os.ReadFile(srv.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", srv.CAFile)
	}
	return pool, net.JoinHostPort(srv.Host(), strconv.Itoa(srv.Port))
}

// The server takes a message over STARTTLS with AUTH, keeps it byte for
// byte, refuses the "refused@" senders and recipients, shows the
// certificate Server.Cert is, and its self-signed variant is not trusted
// without its certificate.
func TestServerDeliversAndRefuses(t *testing.T) {
	for _, selfSigned := range []bool{false, true} {
		srv := Start(t, Options{User: "kari", Password: "pw", SelfSigned: selfSigned})
		pool, addr := trustAndAddr(t, srv)
		c, err := smtp.Dial(addr)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.StartTLS(&tls.Config{ServerName: "127.0.0.1"}); err == nil {
			t.Fatal("a certificate no system CA signed was trusted")
		}
		c.Close()
		c, err = smtp.Dial(addr)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.StartTLS(&tls.Config{ServerName: "127.0.0.1", RootCAs: pool}); err != nil {
			t.Fatal(err)
		}
		if st, ok := c.TLSConnectionState(); !ok || len(st.PeerCertificates) == 0 || !st.PeerCertificates[0].Equal(srv.Cert) {
			t.Fatal("the server's certificate is not Server.Cert")
		}
		if err := c.Auth(smtp.PlainAuth("", "kari", "pw", "127.0.0.1")); err != nil {
			t.Fatal(err)
		}
		if err := c.Mail("refused@example.no"); err == nil || !strings.Contains(err.Error(), "553") {
			t.Fatalf("refused@ sender was taken: %v", err)
		}
		if err := c.Mail("kari@example.no"); err != nil {
			t.Fatal(err)
		}
		if err := c.Rcpt("refused@example.no"); err == nil || !strings.Contains(err.Error(), "550") {
			t.Fatalf("refused@ was taken: %v", err)
		}
		if err := c.Rcpt("ola@example.no"); err != nil {
			t.Fatal(err)
		}
		w, err := c.Data()
		if err != nil {
			t.Fatal(err)
		}
		const msg = "Subject: x\r\n\r\n.a line with a dot\r\n"
		w.Write([]byte(msg))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		c.Quit()
		got := srv.Delivered(t)
		if len(got) != 1 || string(got[0].Msg) != msg || got[0].Envelope != "from kari@example.no\nto ola@example.no\n" {
			t.Fatalf("delivered %+v", got)
		}
	}
}

// Options.Names are the names the certificate is for: a client that
// asks for another name does not accept it.
func TestServerCertificateNames(t *testing.T) {
	srv := Start(t, Options{Names: []string{"mail.example.no"}})
	if got := srv.Cert.DNSNames; len(got) != 1 || got[0] != "mail.example.no" || len(srv.Cert.IPAddresses) != 0 || srv.Cert.Subject.CommonName != "mail.example.no" {
		t.Fatalf("certificate for %v %v (%s)", srv.Cert.DNSNames, srv.Cert.IPAddresses, srv.Cert.Subject.CommonName)
	}
	pool, addr := trustAndAddr(t, srv)
	for name, ok := range map[string]bool{"127.0.0.1": false, "mail.example.no": true} {
		c, err := smtp.Dial(addr)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.StartTLS(&tls.Config{ServerName: name, RootCAs: pool}); (err == nil) != ok {
			t.Errorf("STARTTLS as %s: %v", name, err)
		}
		c.Close()
	}
}
