package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

// An e-mail ready to send that was made before an answer changed is not
// sent: the documents in it say something else than the answers now do.
// Nothing is tried (exit 2), and the file is left as it is.
func TestSendRefusesAnEmailMadeFromEarlierAnswers(t *testing.T) {
	dir, st, sess := newTestSession(t, "Kunde")
	// A server that is never reached: a sending would fail with exit 1.
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", "9", "smtp.security", "none")
	out := filepath.Join(dir, "ut")
	os.Mkdir(out, 0o700)
	path, msg := testEML(t, out, mail.Address{Name: "Altinn", Email: "sluttbrukersystem@altinn.no"})
	sess.Files = append(sess.Files, session.GeneratedFile{Kind: steps.KindSignedEmail, Path: path, MadeFrom: "made-from-other-answers"})
	if err := st.Save(sess); err != nil {
		t.Fatal(err)
	}
	then := time.Date(2026, 11, 30, 17, 40, 0, 0, time.UTC)
	code, stdout, errOut := runSendAt(t, dir, then, "", false, "send", path, "--yes")
	if code != 2 || !strings.Contains(errOut, "was made from earlier answers; nothing was sent") || !strings.Contains(errOut, "Make the documents again") {
		t.Fatalf("send: exit %d, want 2 saying the e-mail is out of date\n%s%s", code, stdout, errOut)
	}
	if got, _ := os.ReadFile(path); string(got) != string(msg) {
		t.Fatal("the e-mail was changed")
	}
	if s, err := st.Load(sess.ID); err != nil || len(s.Sent) != 0 {
		t.Fatalf("recorded %+v (%v)", s.Sent, err)
	}
}

// A company CA file (smtp.ca_file) that cannot be used is said before
// the question, naming the file, and nothing is sent: not after the user
// has said yes.
func TestSendSaysABadCAFileBeforeAsking(t *testing.T) {
	dir, _, _ := newTestSession(t, "Kunde")
	ca := filepath.Join(dir, "firma-ca.pem")
	if err := os.WriteFile(ca, []byte("ikke et sertifikat\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// profile set checks the file; one spoilt afterwards is what this
	// test is about, so the profile is written as a user's editor would.
	prof := withProfile(t, dir)
	if err := os.MkdirAll(filepath.Dir(prof), 0o700); err != nil {
		t.Fatal(err)
	}
	yaml := "smtp:\n  host: 127.0.0.1\n  port: 9\n  security: none\n  ca_file: " + ca + "\n"
	if err := os.WriteFile(prof, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "ut")
	os.Mkdir(out, 0o700)
	path, _ := testEML(t, out, mail.Address{Name: "Altinn", Email: "tjenesteeier@altinn.no"})
	// A terminal that answers yes: the question must not come first.
	code, stdout, errOut := runSendAt(t, dir, time.Now(), "j\n", true, "send", path)
	if code != 2 || !strings.Contains(errOut, "smtp.ca_file") || !strings.Contains(errOut, ca) || strings.Contains(errOut, "Send the e-mail?") {
		t.Fatalf("send: exit %d, want 2 naming %s before any question\n%s%s", code, ca, stdout, errOut)
	}
}
