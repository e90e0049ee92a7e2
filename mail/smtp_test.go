package mail_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/mail/mailtest"
)

// received is one message as the test SMTP server got it.
type received struct {
	from     string
	to       []string
	data     []byte
	tls      bool
	authUser string
}

// backend is a real go-smtp server backend that keeps what it receives.
// With user set it requires AUTH PLAIN with user/pass before MAIL.
type backend struct {
	user, pass string
	// echo makes the server repeat the credentials in its error, as a
	// careless server might.
	echo bool
	// refuse are addresses MAIL or RCPT refuses (550), tempfail those
	// it refuses for now (450).
	refuse, tempfail map[string]bool

	mu           sync.Mutex
	msgs         []received
	authAttempts int
}

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &srvSession{b: b, c: c}, nil
}

func (b *backend) messages() ([]received, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.msgs...), b.authAttempts
}

type srvSession struct {
	b      *backend
	c      *smtp.Conn
	authed string
	from   string
	to     []string
}

func (s *srvSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *srvSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		s.b.mu.Lock()
		s.b.authAttempts++
		s.b.mu.Unlock()
		if s.b.user == "" || user != s.b.user || pass != s.b.pass {
			if s.b.echo {
				blob := base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + pass))
				return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad password " + pass + " for " + blob}
			}
			return smtp.ErrAuthFailed
		}
		s.authed = user
		return nil
	}), nil
}

func (s *srvSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.user != "" && s.authed == "" {
		return smtp.ErrAuthRequired
	}
	if err := s.b.refusal(from); err != nil {
		return err
	}
	s.from = from
	return nil
}

func (b *backend) refusal(addr string) error {
	switch {
	case b.refuse[addr]:
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + addr + ">: no such user"}
	case b.tempfail[addr]:
		return &smtp.SMTPError{Code: 450, EnhancedCode: smtp.EnhancedCode{4, 2, 0}, Message: "<" + addr + ">: mailbox busy"}
	}
	return nil
}

func (s *srvSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := s.b.refusal(to); err != nil {
		return err
	}
	s.to = append(s.to, to)
	return nil
}

func (s *srvSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := s.c.TLSConnectionState()
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, received{from: s.from, to: s.to, data: data, tls: isTLS, authUser: s.authed})
	s.b.mu.Unlock()
	return nil
}

func (s *srvSession) Reset()        { s.from, s.to = "", nil }
func (s *srvSession) Logout() error { return nil }

// startServer runs a go-smtp server on 127.0.0.1. tlsCfg enables STARTTLS,
// or, with implicit, TLS from the first byte.
func startServer(t *testing.T, be *backend, tlsCfg *tls.Config, implicit bool) (host string, port int) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port = l.Addr().(*net.TCPAddr).Port
	s := smtp.NewServer(be)
	s.Domain = "localhost"
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	s.MaxMessageBytes = 10 << 20
	s.AllowInsecureAuth = false
	s.ErrorLog = log.New(io.Discard, "", 0)
	if implicit {
		l = tls.NewListener(l, tlsCfg)
	} else {
		s.TLSConfig = tlsCfg
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Serve(l)
	}()
	t.Cleanup(func() {
		s.Close()
		<-done
	})
	return "127.0.0.1", port
}

// selfSigned makes a certificate for 127.0.0.1/localhost and a pool that
// trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "altinn-onboard test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}, pool
}

// composed is the test message with its envelope.
func composed(t *testing.T) (msg []byte, from string, to []string) {
	t.Helper()
	msg, err := mail.Compose(message())
	if err != nil {
		t.Fatal(err)
	}
	from, to, err = mail.Envelope(msg)
	if err != nil {
		t.Fatal(err)
	}
	return msg, from, to
}

func checkDelivered(t *testing.T, be *backend, msg []byte, from string, to []string, wantTLS bool, wantUser string) {
	t.Helper()
	msgs, _ := be.messages()
	if len(msgs) != 1 {
		t.Fatalf("server received %d messages, want 1", len(msgs))
	}
	got := msgs[0]
	// The composed message is a draft (X-Unsent: 1, for the .eml); what
	// goes on the wire is the same message without that mark, else the
	// recipient's Outlook would open it as a draft to send.
	if !bytes.Contains(msg, []byte("\r\nX-Unsent: 1\r\n")) {
		t.Fatalf("the composed message has no X-Unsent: 1")
	}
	want := bytes.Replace(msg, []byte("\r\nX-Unsent: 1\r\n"), []byte("\r\n"), 1)
	if string(got.data) != string(want) {
		t.Errorf("server received %d bytes that differ from the %d bytes sent without X-Unsent", len(got.data), len(want))
	}
	if h := mailtest.Parse(t, got.data).Header; h.Get("X-Unsent") != "" {
		t.Errorf("the message sent still says X-Unsent: %q", h.Get("X-Unsent"))
	}
	if got.from != from || !mailtest.Equal(got.to, to) {
		t.Errorf("envelope = %q -> %v, want %q -> %v", got.from, got.to, from, to)
	}
	if got.tls != wantTLS || got.authUser != wantUser {
		t.Errorf("tls=%v user=%q, want tls=%v user=%q", got.tls, got.authUser, wantTLS, wantUser)
	}
}

func TestSendPlainToLocalhost(t *testing.T) {
	be := &backend{}
	host, port := startServer(t, be, nil, false)
	msg, from, to := composed(t)
	if !mailtest.Equal(to, []string{"mottak@example.no", "kare@blabaer.no", "c@xn--blbr-roah.no"}) || from != "orjan@blabaer.no" {
		t.Fatalf("envelope %q -> %v", from, to)
	}
	_, err := mail.Send(context.Background(), mail.SMTPConfig{Host: host, Port: port, Security: "none", Timeout: 5 * time.Second}, from, to, msg)
	if err != nil {
		t.Fatal(err)
	}
	checkDelivered(t, be, msg, from, to, false, "")
}

func TestSendSTARTTLSWithAuthPlain(t *testing.T) {
	const user, pass = "leverandor@blabaer.no", "Sv4rt-hemmelig-æøå"
	be := &backend{user: user, pass: pass}
	srvTLS, pool := selfSigned(t)
	host, port := startServer(t, be, srvTLS, false)
	msg, from, to := composed(t)
	// Security "" is STARTTLS.
	cfg := mail.SMTPConfig{Host: host, Port: port, Username: user, Password: pass, RootCAs: pool, Timeout: 5 * time.Second}
	reply, err := mail.Send(context.Background(), cfg, from, to, msg)
	if err != nil {
		t.Fatal(err)
	}
	checkDelivered(t, be, msg, from, to, true, user)
	// The server's final answer, as it wrote it.
	if reply.Code != 250 || reply.String() != "250 2.0.0 OK: queued" {
		t.Errorf("reply = %+v (%q), want 250 2.0.0 OK: queued", reply, reply.String())
	}
}

// A message without attachments, to a server named by its host name.
func TestSendTextOnly(t *testing.T) {
	be := &backend{}
	_, port := startServer(t, be, nil, false)
	m := message()
	m.Cc, m.Attachments = nil, nil
	msg, err := mail.Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	from, to, err := mail.Envelope(msg)
	if err != nil || from != "orjan@blabaer.no" || !mailtest.Equal(to, []string{"mottak@example.no"}) {
		t.Fatalf("envelope %q -> %v (%v)", from, to, err)
	}
	if _, err := mail.Send(context.Background(), mail.SMTPConfig{Host: "localhost", Port: port, Security: "none"}, from, to, msg); err != nil {
		t.Fatal(err)
	}
	checkDelivered(t, be, msg, from, to, false, "")
}

func TestSendImplicitTLS(t *testing.T) {
	const user, pass = "u", "p4ssword"
	be := &backend{user: user, pass: pass}
	srvTLS, pool := selfSigned(t)
	host, port := startServer(t, be, srvTLS, true)
	msg, from, to := composed(t)
	cfg := mail.SMTPConfig{Host: host, Port: port, Username: user, Password: pass, Security: "tls", RootCAs: pool, Timeout: 5 * time.Second}
	if _, err := mail.Send(context.Background(), cfg, from, to, msg); err != nil {
		t.Fatal(err)
	}
	checkDelivered(t, be, msg, from, to, true, user)
}

func TestSendWrongPassword(t *testing.T) {
	for _, echo := range []bool{false, true} {
		t.Run("echo="+strconv.FormatBool(echo), func(t *testing.T) { testWrongPassword(t, echo) })
	}
}

func testWrongPassword(t *testing.T, echo bool) {
	const user, wrong = "leverandor", "Feil-Passord-9137"
	be := &backend{user: user, pass: "the-right-one-1", echo: echo}
	srvTLS, pool := selfSigned(t)
	host, port := startServer(t, be, srvTLS, false)
	msg, from, to := composed(t)
	cfg := mail.SMTPConfig{Host: host, Port: port, Username: user, Password: wrong, RootCAs: pool, Timeout: 5 * time.Second}
	_, err := mail.Send(context.Background(), cfg, from, to, msg)
	if err == nil {
		t.Fatal("sent with a wrong password")
	}
	text := err.Error()
	for _, secret := range []string{wrong, base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + wrong)), base64.StdEncoding.EncodeToString([]byte(wrong))} {
		if strings.Contains(text, secret) {
			t.Errorf("error reveals the password: %q", text)
		}
	}
	if !errors.Is(err, mail.ErrAuthFailed) {
		t.Errorf("error %q does not wrap ErrAuthFailed", text)
	}
	if want := net.JoinHostPort(host, strconv.Itoa(port)); !strings.Contains(text, want) {
		t.Errorf("error %q does not name %s", text, want)
	}
	if msgs, attempts := be.messages(); len(msgs) != 0 || attempts != 1 {
		t.Errorf("%d messages delivered, %d auth attempts", len(msgs), attempts)
	}
}

func TestSendRefusesUntrustedCertificate(t *testing.T) {
	be := &backend{user: "u", pass: "p4ssword"}
	srvTLS, _ := selfSigned(t)
	host, port := startServer(t, be, srvTLS, false)
	msg, from, to := composed(t)
	cfg := mail.SMTPConfig{Host: host, Port: port, Username: "u", Password: "p4ssword", Timeout: 5 * time.Second}
	_, err := mail.Send(context.Background(), cfg, from, to, msg)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err = %v, want a certificate error", err)
	}
	if msgs, attempts := be.messages(); len(msgs) != 0 || attempts != 0 {
		t.Errorf("%d messages delivered, %d auth attempts", len(msgs), attempts)
	}
}

func TestSendNeverFallsBackToPlainText(t *testing.T) {
	// The server offers no STARTTLS; the client must stop before AUTH.
	be := &backend{user: "u", pass: "p4ssword"}
	host, port := startServer(t, be, nil, false)
	msg, from, to := composed(t)
	cfg := mail.SMTPConfig{Host: host, Port: port, Username: "u", Password: "p4ssword", Security: "starttls", Timeout: 5 * time.Second}
	_, err := mail.Send(context.Background(), cfg, from, to, msg)
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err = %v, want a STARTTLS error", err)
	}
	if msgs, attempts := be.messages(); len(msgs) != 0 || attempts != 0 {
		t.Errorf("%d messages delivered, %d auth attempts", len(msgs), attempts)
	}
}

func TestSendRefusesBadConfig(t *testing.T) {
	msg, from, to := composed(t)
	cases := []struct {
		desc string
		cfg  mail.SMTPConfig
		from string
		to   []string
		want string
	}{
		{"unencrypted to a remote host", mail.SMTPConfig{Host: "192.0.2.10", Port: 25, Security: "none"}, from, to, "only allowed to 127.0.0.1"},
		{"unencrypted to a name", mail.SMTPConfig{Host: "smtp.example.com", Security: "none"}, from, to, "only allowed to 127.0.0.1"},
		{"unknown security", mail.SMTPConfig{Host: "smtp.example.com", Security: "ssl3"}, from, to, "unknown security"},
		{"no host", mail.SMTPConfig{}, from, to, "not a usable server name"},
		{"CRLF in host", mail.SMTPConfig{Host: "a\r\nb"}, from, to, "not a usable server name"},
		{"bad port", mail.SMTPConfig{Host: "smtp.example.com", Port: 70000}, from, to, "out of range"},
		{"user without password", mail.SMTPConfig{Host: "smtp.example.com", Username: "u"}, from, to, "no password"},
		{"CRLF in sender", mail.SMTPConfig{Host: "127.0.0.1", Port: 1, Security: "none"}, "a@b.no\r\nRCPT TO:<x@y.no>", to, "cannot contain line breaks"},
		{"CRLF in recipient", mail.SMTPConfig{Host: "127.0.0.1", Port: 1, Security: "none"}, from, []string{"x@y.no>\r\nDATA"}, "cannot contain line breaks"},
		{"no recipients", mail.SMTPConfig{Host: "127.0.0.1", Port: 1, Security: "none"}, from, nil, "no recipients"},
	}
	for _, c := range cases {
		t.Run(c.desc, func(t *testing.T) {
			_, err := mail.Send(context.Background(), c.cfg, c.from, c.to, msg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestSendTimeout(t *testing.T) {
	host, port := mailtest.SilentServer(t)
	msg, from, to := composed(t)
	const pass = "Hemmelig-4242"
	start := time.Now()
	cfg := mail.SMTPConfig{Host: host, Port: port, Security: "none", Username: "u", Password: pass, Timeout: 300 * time.Millisecond}
	_, err := mail.Send(context.Background(), cfg, from, to, msg)
	if err == nil {
		t.Fatal("no error from a silent server")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v with a 300ms timeout", d)
	}
	if !strings.Contains(err.Error(), net.JoinHostPort(host, strconv.Itoa(port))) || strings.Contains(err.Error(), pass) {
		t.Errorf("error %q", err)
	}
}

func TestSendCancelled(t *testing.T) {
	host, port := mailtest.SilentServer(t)
	msg, from, to := composed(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := mail.Send(ctx, mail.SMTPConfig{Host: host, Port: port, Security: "starttls", Timeout: time.Minute}, from, to, msg)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v after cancelling at 100ms", d)
	}
}
