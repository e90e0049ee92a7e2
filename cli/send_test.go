package cli

import (
	"bytes"
	"context"
	netmail "net/mail"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// testEML is an e-mail as the program composes it: a draft (X-Unsent: 1)
// with an attachment, and a line starting with a dot (which SMTP must
// escape and the server unescape).
func testEML(t *testing.T, dir string, to ...mail.Address) (path string, msg []byte) {
	t.Helper()
	msg, err := mail.Compose(mail.Message{
		From: mail.Address{Name: "Kari Konsulent", Email: "kari@konsulent.no"},
		To:   to, Cc: []mail.Address{{Email: "arkiv@konsulent.no"}},
		Subject:     "Regnskap Pluss – registrering",
		Body:        "Hei,\n\nvedlagt er bestillingen.\n.punktum først på linjen\n\nHilsen Kari\n",
		Attachments: []mail.Attachment{{Name: "bestilling.pdf", Data: []byte("%PDF-1.4 test\n")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, "registrering.eml")
	if err := os.WriteFile(path, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, msg
}

// send FILE.eml delivers the composed message, byte for byte but for the
// X-Unsent draft mark, to a real SMTP server (aiosmtpd) over STARTTLS with
// AUTH, the password from the real (throw-away) keyring and the server's
// private CA from smtp.ca_file.
func TestSendThroughRealSMTPServer(t *testing.T) {
	keyringtest.Require(t)
	const password = "KANARI-smtp-Pw9"
	srv := smtptest.Start(t, smtptest.Options{User: "kari", Password: password})
	dir := t.TempDir()
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.Port),
		"smtp.security", "starttls", "smtp.user", "kari", "smtp.ca_file", srv.CAFile)
	if code, _, errOut := runCLI(t, dir, password+"\n", "secrets", "set", "smtp-password", "--profile"); code != 0 {
		t.Fatalf("secrets set: %d %s", code, errOut)
	}
	t.Cleanup(func() { store.NewKeyring(0).DeleteProfileSecret(profileSMTPPassword) })
	path, msg := testEML(t, dir, mail.Address{Name: "Altinn", Email: "tjenesteeier@altinn.no"})

	// No terminal and no --yes: nothing is sent.
	code, _, errOut := runCLI(t, dir, "", "send", path)
	if code != 2 || !strings.Contains(errOut, "add --yes") {
		t.Fatalf("without --yes: exit %d %s", code, errOut)
	}
	if got := srv.Delivered(t); len(got) != 0 {
		t.Fatalf("sent without asking: %d", len(got))
	}

	code, out, errOut := runCLI(t, dir, "", "send", path, "--yes")
	if code != 0 {
		t.Fatalf("send: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"From:       kari@konsulent.no", "Recipients: tjenesteeier@altinn.no, arkiv@konsulent.no", "Subject:    Regnskap Pluss – registrering", "127.0.0.1:" + strconv.Itoa(srv.Port) + " (starttls)"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the summary lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(out+errOut, password) {
		t.Fatal("the password was printed")
	}
	if !strings.Contains(errOut, "No session made this file: the sending is not recorded") {
		t.Errorf("a file no session made is sent without saying it is not recorded:\n%s", errOut)
	}
	got := srv.Delivered(t)
	if len(got) != 1 {
		t.Fatalf("delivered %d messages", len(got))
	}
	sent := string(got[0].Msg)
	want := strings.Replace(string(msg), "X-Unsent: 1\r\n", "", 1)
	if want == string(msg) {
		t.Fatal("the composed message has no X-Unsent line: the test checks nothing")
	}
	if sent != want {
		t.Fatalf("delivered message differs from the .eml (less X-Unsent):\n got %q\nwant %q", sent, want)
	}
	if got[0].Envelope != "from kari@konsulent.no\nto tjenesteeier@altinn.no arkiv@konsulent.no\n" {
		t.Fatalf("envelope: %q", got[0].Envelope)
	}
	// The server's final answer is shown, and a copy of exactly what
	// was sent is kept next to the .eml, private.
	if !strings.Contains(out, "The server answered: 250 2.0.0 Ok: queued as TEST1\n") {
		t.Errorf("the server's answer is not shown:\n%s", out)
	}
	_, copyPath, ok := strings.Cut(out, "Copy of what was sent: ")
	copyPath, _, _ = strings.Cut(copyPath, "\n")
	if !ok || filepath.Dir(copyPath) != filepath.Join(dir, "sendt") || !strings.HasPrefix(filepath.Base(copyPath), "registrering-") {
		t.Fatalf("no copy named in:\n%s", out)
	}
	kept, err := os.ReadFile(copyPath)
	if err != nil || string(kept) != sent {
		t.Fatalf("the kept copy differs from what the server got (%v):\n got %q\nwant %q", err, kept, sent)
	}
	if fi, _ := os.Stat(copyPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("copy mode %v", fi.Mode())
	}
	if fi, _ := os.Stat(filepath.Dir(copyPath)); fi.Mode().Perm() != 0o700 {
		t.Errorf("copies' folder mode %v", fi.Mode())
	}
	if after, _ := os.ReadFile(path); string(after) != string(msg) {
		t.Fatal("the .eml changed")
	}
}

// Failures say the cause, the fix and the server's answer, exit 1, and
// deliver nothing.
func TestSendFailuresNameCauseAndFix(t *testing.T) {
	keyringtest.Require(t)
	srv := smtptest.Start(t, smtptest.Options{User: "kari", Password: "right-Pw1"})
	dir := t.TempDir()
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.Port), "smtp.user", "kari")
	runCLI(t, dir, "wrong-Pw2\n", "secrets", "set", "smtp-password", "--profile")
	t.Cleanup(func() { store.NewKeyring(0).DeleteProfileSecret(profileSMTPPassword) })
	path, _ := testEML(t, dir, mail.Address{Email: "tjenesteeier@altinn.no"})

	// The server's certificate is from a CA nobody trusts yet.
	code, _, errOut := runCLI(t, dir, "", "send", path, "--yes")
	if code != 1 || !strings.Contains(errOut, "not issued by a CA the program trusts") || !strings.Contains(errOut, "smtp.ca_file") || !strings.Contains(errOut, "127.0.0.1") {
		t.Fatalf("untrusted CA: exit %d\n%s", code, errOut)
	}
	// Trusted now, but the password is wrong.
	runCLI(t, dir, "", "profile", "set", "smtp.ca_file", srv.CAFile)
	code, _, errOut = runCLI(t, dir, "", "send", path, "--yes")
	if code != 1 || !strings.Contains(errOut, "refused the user name or password") || !strings.Contains(errOut, "535") || strings.Contains(errOut, "wrong-Pw2") {
		t.Fatalf("wrong password: exit %d\n%s", code, errOut)
	}
	// The right password, a recipient the server refuses.
	runCLI(t, dir, "right-Pw1\n", "secrets", "set", "smtp-password", "--profile")
	bad, _ := testEML(t, t.TempDir(), mail.Address{Email: "refused@altinn.no"})
	code, _, errOut = runCLI(t, dir, "", "send", bad, "--yes")
	if code != 1 || !strings.Contains(errOut, "the server refused the recipient refused@altinn.no, so the e-mail was sent to no one") || !strings.Contains(errOut, "User unknown") {
		t.Fatalf("refused recipient: exit %d\n%s", code, errOut)
	}
	if got := srv.Delivered(t); len(got) != 0 {
		t.Fatalf("delivered %d", len(got))
	}
}

// Without SMTP settings nothing is tried, and the message says what to set.
func TestSendWithoutProfileSettings(t *testing.T) {
	dir := t.TempDir()
	withProfile(t, dir)
	path, _ := testEML(t, dir, mail.Address{Email: "tjenesteeier@altinn.no"})
	code, _, errOut := runCLI(t, dir, "", "send", path, "--yes")
	if code != 2 || !strings.Contains(errOut, "profile set smtp.host HOST") {
		t.Fatalf("exit %d %s", code, errOut)
	}
	notEML := filepath.Join(dir, "x.eml")
	os.WriteFile(notEML, []byte("hello"), 0o600)
	code, _, errOut = runCLI(t, dir, "", "send", notEML, "--yes")
	if code != 2 || !strings.Contains(errOut, "is not an e-mail the program can send") {
		t.Fatalf("not an e-mail: exit %d %s", code, errOut)
	}
}

// The registration e-mail as the program writes it starts with a note to
// the sender (sign the self-declaration, delete the note): send refuses
// it as it is, so Altinn never gets the note and the unsigned document.
func TestSendRefusesTheDraftNote(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	dir := t.TempDir()
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.Port), "smtp.ca_file", srv.CAFile)
	a, _ := forms.Check(sessiontest.Answers())
	files, err := steps.WriteRegistrationPackage(context.Background(), &a, steps.PackageOptions{Now: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}, filepath.Join(dir, "ut"))
	if err != nil {
		t.Fatal(err)
	}
	var msg []byte
	for _, f := range files {
		if f.Kind == "eml" {
			msg, err = os.ReadFile(f.Path)
		}
	}
	if err != nil || msg == nil {
		t.Fatalf("no e-mail made (%v): %+v", err, files)
	}
	body, err := mail.TextBody(msg)
	if err != nil || !strings.Contains(body, steps.DraftNoteStart) {
		t.Fatalf("the draft has no note to refuse (%v):\n%s", err, body)
	}
	path := filepath.Join(dir, "registrering.eml")
	if err := os.WriteFile(path, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, dir, "", "send", path, "--yes")
	if code != 2 || !strings.Contains(errOut, "SLETT FØR SENDING") || !strings.Contains(errOut, "nothing was sent") {
		t.Fatalf("draft with its note: exit %d\n%s", code, errOut)
	}
	if got := srv.Delivered(t); len(got) != 0 {
		t.Fatalf("the draft was delivered: %d", len(got))
	}
}

// runSendAt runs the program with the clock at now and stdin a terminal
// or not.
func runSendAt(t *testing.T, dataDir string, now time.Time, stdin string, tty bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader(stdin), Out: &out, Err: &errb, InIsTerminal: tty, Lang: "nb"}, testBuild)
	f.Now = func() time.Time { return now }
	code = run(f, append([]string{"--data-dir", dataDir, "--lang", "en"}, args...))
	return code, out.String(), errb.String()
}

// Sending an e-mail a session made records it in that session (when,
// from, the envelope recipients, the Message-ID of the file, the server);
// the same e-mail goes out again only after a second question, or with
// --yes --again when there is no terminal, and nothing is lost.
func TestSendRecordsInTheSessionAndAsksBeforeSendingAgain(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	dir, st, sess := newTestSession(t, "Kunde")
	withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.Port), "smtp.ca_file", srv.CAFile)
	out := filepath.Join(dir, "ut")
	os.Mkdir(out, 0o700)
	path, msg := testEML(t, out, mail.Address{Name: "Altinn", Email: "tjenesteeier@altinn.no"})
	sess.Files = append(sess.Files, session.GeneratedFile{Kind: "eml", Path: path})
	if err := st.Save(sess); err != nil {
		t.Fatal(err)
	}
	parsed, err := netmail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	msgID := parsed.Header.Get("Message-ID")
	if msgID == "" {
		t.Fatal("the composed e-mail has no Message-ID: the test checks nothing")
	}
	then := time.Date(2026, 11, 30, 17, 40, 0, 0, time.FixedZone("CET", 3600))
	sent := func(want int) *session.Session {
		t.Helper()
		if got := srv.Delivered(t); len(got) != want {
			t.Fatalf("delivered %d, want %d", len(got), want)
		}
		s, err := st.Load(sess.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Sent) != want {
			t.Fatalf("recorded %d sendings, want %d: %+v", len(s.Sent), want, s.Sent)
		}
		return s
	}

	code, stdout, errOut := runSendAt(t, dir, then, "", false, "send", path, "--yes")
	if code != 0 || !strings.Contains(stdout, `Recorded in the session "Kunde"`) {
		t.Fatalf("send: exit %d\n%s%s", code, stdout, errOut)
	}
	rec := sent(1).Sent[0]
	want := session.SentMail{File: path, SentAt: then.UTC(), From: "kari@konsulent.no", To: []string{"tjenesteeier@altinn.no", "arkiv@konsulent.no"},
		MessageID: msgID, Server: "127.0.0.1:" + strconv.Itoa(srv.Port),
		Reply: "250 2.0.0 Ok: queued as TEST1", Copy: filepath.Join(out, "sendt", "registrering-20261130T164000Z.eml")}
	if !reflect.DeepEqual(rec, want) || rec.SentAt.Location() != time.UTC {
		t.Fatalf("record:\n got %+v\nwant %+v", rec, want)
	}

	// No terminal, --yes but no --again: nothing more is sent.
	code, _, errOut = runSendAt(t, dir, then.Add(time.Hour), "", false, "send", path, "--yes")
	if code != 2 || !strings.Contains(errOut, "this e-mail was sent on") || !strings.Contains(errOut, "tjenesteeier@altinn.no, arkiv@konsulent.no") || !strings.Contains(errOut, "--yes --again") {
		t.Fatalf("second send without --again: exit %d\n%s", code, errOut)
	}
	sent(1)
	// A terminal asks even with --yes; no sends nothing.
	code, _, errOut = runSendAt(t, dir, then.Add(time.Hour), "n\n", true, "send", path, "--yes")
	if code != 2 || !strings.Contains(errOut, "send it again? [y/N]") {
		t.Fatalf("answered no: exit %d\n%s", code, errOut)
	}
	sent(1)
	// Yes sends it again, and records it again.
	code, _, errOut = runSendAt(t, dir, then.Add(time.Hour), "y\n", true, "send", path, "--yes")
	if code != 0 {
		t.Fatalf("answered yes: exit %d\n%s", code, errOut)
	}
	if s := sent(2); !s.Sent[1].SentAt.Equal(then.Add(time.Hour)) {
		t.Fatalf("second record: %+v", s.Sent[1])
	}
	// Headless with --yes --again.
	if code, _, errOut = runSendAt(t, dir, then.Add(2*time.Hour), "", false, "send", path, "--yes", "--again"); code != 0 {
		t.Fatalf("--yes --again: exit %d\n%s", code, errOut)
	}
	sent(3)

	// While the session is open elsewhere, nothing is sent (the record
	// would be overwritten).
	lock, err := st.Lock(sess)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runSendAt(t, dir, then, "", false, "send", path, "--yes", "--again")
	lock.Release()
	if code != 2 || !strings.Contains(errOut, "nothing was sent") || !strings.Contains(errOut, `"Kunde"`) {
		t.Fatalf("locked session: exit %d\n%s", code, errOut)
	}
	sent(3)
}
