package cli

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/mail"
)

// emlFrom writes an e-mail from the given sender to the given recipients.
func emlFrom(t *testing.T, dir, from string, to ...string) (string, []byte) {
	t.Helper()
	m := mail.Message{From: mail.Address{Email: from}, Subject: "Test", Body: "Hei\n"}
	for _, a := range to {
		m.To = append(m.To, mail.Address{Email: a})
	}
	msg, err := mail.Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "e.eml")
	if err := os.WriteFile(path, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, msg
}

// sendFails runs send --yes, expects exit 1 with every want in the
// message, and checks nothing was lost: the .eml is unchanged and no
// copy was kept.
func sendFails(t *testing.T, dir, path string, msg []byte, wants ...string) {
	t.Helper()
	code, out, errOut := runCLI(t, dir, "", "send", path, "--yes", "--timeout", "5s")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	for _, w := range wants {
		if !strings.Contains(errOut, w) {
			t.Errorf("the message lacks %q:\n%s", w, errOut)
		}
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, msg) {
		t.Error("the .eml changed")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "sendt")); err == nil {
		t.Error("a copy was kept of an e-mail that was not sent")
	}
}

// The server refusing the sender, or one recipient of several, is said
// with the address it refused (and only that one), and nothing is sent
// to anyone.
func TestSendNamesTheRefusedAddress(t *testing.T) {
	srv := startSMTP(t, "", "")
	dir := t.TempDir()
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.port), "smtp.ca_file", srv.ca)

	path, msg := emlFrom(t, t.TempDir(), "refused@konsulent.no", "tjenesteeier@altinn.no")
	sendFails(t, dir, path, msg, "the server refused the sender refused@konsulent.no: check that the account in smtp.user may send from that address", "553 5.7.1")

	path, msg = emlFrom(t, t.TempDir(), "kari@konsulent.no", "tjenesteeier@altinn.no", "refused@altinn.no")
	sendFails(t, dir, path, msg, "the server refused the recipient refused@altinn.no, so the e-mail was sent to no one", "User unknown")
	code, _, errOut := runCLI(t, dir, "", "send", path, "--yes")
	if code != 1 || strings.Contains(errOut, "recipient tjenesteeier@altinn.no") {
		t.Fatalf("names an accepted recipient as refused:\n%s", errOut)
	}
	if got, _ := srv.delivered(t); len(got) != 0 {
		t.Fatalf("delivered %d", len(got))
	}
}

// A certificate for another name says which name it is for.
func TestSendNamesTheCertificatesName(t *testing.T) {
	srv := startSMTPWith(t, smtpOptions{names: []string{"mail.example.no"}})
	dir := t.TempDir()
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.port), "smtp.ca_file", srv.ca)
	path, msg := emlFrom(t, t.TempDir(), "kari@konsulent.no", "tjenesteeier@altinn.no")
	sendFails(t, dir, path, msg, "the server's certificate is for mail.example.no, not 127.0.0.1: set smtp.host to the name in the certificate")
}

// A server that accepts the connection and never answers, which aiosmtpd
// cannot be made to do, and a port nobody listens on.
func TestSendTimeoutAndNoServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	dir := t.TempDir()
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
	path, msg := emlFrom(t, t.TempDir(), "kari@konsulent.no", "tjenesteeier@altinn.no")
	code, _, errOut := runCLI(t, dir, "", "send", path, "--yes", "--timeout", "300ms")
	if code != 1 || !strings.Contains(errOut, "the server did not answer in time: check smtp.host and smtp.port") {
		t.Fatalf("silent server: exit %d\n%s", code, errOut)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, msg) {
		t.Error("the .eml changed")
	}

	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	port := closed.Addr().(*net.TCPAddr).Port
	closed.Close()
	runCLI(t, dir, "", "profile", "set", "smtp.port", strconv.Itoa(port))
	sendFails(t, dir, path, msg, "no SMTP server answers on that port")
}
