package cli

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/mail/mailtest"
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
	srv := smtptest.Start(t, smtptest.Options{})
	dir := t.TempDir()
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.Port), "smtp.ca_file", srv.CAFile)

	path, msg := emlFrom(t, t.TempDir(), "refused@konsulent.no", "tjenesteeier@altinn.no")
	sendFails(t, dir, path, msg, "the server refused the sender refused@konsulent.no: check that the account in smtp.user may send from that address", "553 5.7.1")

	path, msg = emlFrom(t, t.TempDir(), "kari@konsulent.no", "tjenesteeier@altinn.no", "refused@altinn.no")
	sendFails(t, dir, path, msg, "the server refused the recipient refused@altinn.no, so the e-mail was sent to no one", "User unknown")
	code, _, errOut := runCLI(t, dir, "", "send", path, "--yes")
	if code != 1 || strings.Contains(errOut, "recipient tjenesteeier@altinn.no") {
		t.Fatalf("names an accepted recipient as refused:\n%s", errOut)
	}
	if got := srv.Delivered(t); len(got) != 0 {
		t.Fatalf("delivered %d", len(got))
	}
}

// A certificate for another name says which name it is for.
func TestSendNamesTheCertificatesName(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Names: []string{"mail.example.no"}})
	dir := t.TempDir()
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.Port), "smtp.ca_file", srv.CAFile)
	path, msg := emlFrom(t, t.TempDir(), "kari@konsulent.no", "tjenesteeier@altinn.no")
	sendFails(t, dir, path, msg, "the server's certificate is for mail.example.no, not 127.0.0.1: set smtp.host to the name in the certificate")
}

// A server that accepts the connection and never answers, which aiosmtpd
// cannot be made to do, and a port nobody listens on.
func TestSendTimeoutAndNoServer(t *testing.T) {
	_, silent := mailtest.SilentServer(t)
	dir := t.TempDir()
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(silent))
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

// When the copy cannot be kept (here a link has the folder's name, which
// is never followed), the e-mail is still sent and recorded as sent, and
// the message says the copy is missing and why.
func TestSendSaysWhenTheCopyCannotBeKept(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	dir := t.TempDir()
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.Port), "smtp.ca_file", srv.CAFile)
	out := t.TempDir()
	elsewhere := t.TempDir()
	if err := os.Symlink(elsewhere, filepath.Join(out, "sendt")); err != nil {
		t.Skip(err)
	}
	path, _ := emlFrom(t, out, "kari@konsulent.no", "tjenesteeier@altinn.no")
	code, stdout, errOut := runCLI(t, dir, "", "send", path, "--yes")
	if code != 0 || !strings.Contains(stdout, "Sent to tjenesteeier@altinn.no") || !strings.Contains(errOut, "the e-mail was sent, but its copy could not be kept in "+filepath.Join(out, "sendt")+": it is not a folder") {
		t.Fatalf("exit %d\n%s%s", code, stdout, errOut)
	}
	if got := srv.Delivered(t); len(got) != 1 {
		t.Fatalf("delivered %d", len(got))
	}
	if ents, _ := os.ReadDir(elsewhere); len(ents) != 0 {
		t.Fatalf("wrote through the link: %v", ents)
	}
}
