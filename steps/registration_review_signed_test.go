package steps

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/mail/mailtest"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

func hasItem(s ui.Screen, act reviewAction) bool {
	for _, it := range s.(*reviewScreen).items {
		if it.action == act {
			return true
		}
	}
	return false
}

func typeKeys(t *testing.T, s ui.Screen, text string) ui.Screen {
	t.Helper()
	return drive(t, s, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text)})
}

// In step 1's review the user attaches the signed self-declaration by its
// path (~ is the home folder): a wrong file is said under the field, the
// path typed kept to mend; the right one makes the e-mail ready to send,
// recorded with the step's files and offered to open.
func TestReviewAttachesTheSignedDeclaration(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	os.Mkdir(filepath.Join(home, "Skann"), 0o700)
	writeFile(t, filepath.Join(home, "Skann", "notat.pdf"), []byte("ikke en pdf"))
	writeFile(t, filepath.Join(home, "Skann", "signert.pdf"), signedPDF)

	ctx := reviewCtx(t, "nb")
	step := trackStep(t, ctx, session.StepRegistration)
	s := svScreen(t, step, ScreenReview, ctx, "")
	// Nothing to attach it to before the documents are made.
	if hasItem(s, actSigned) {
		t.Fatal("the item shows before the documents are made")
	}
	s = choose(t, s, actGenerate)
	wantScreen(t, s, "Legg ved signert egenerklæring og lag e-posten klar til sending …")
	// The review's text says the two ways to send.
	wantScreen(t, s, "Send e-posten på en av to måter", "a) Selv:", "b) Med programmet:")

	s = choose(t, s, actSigned)
	r := s.(*reviewScreen)
	if !r.Editing() {
		t.Fatal("the field did not open")
	}
	s = typeKeys(t, s, "~/Skann/notat.pdf")
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	wantScreen(t, s, filepath.Join(home, "Skann", "notat.pdf")+" er verken PDF, PNG eller JPEG")
	v := screenText(s)
	if strings.Index(v, "Signert fil:") > strings.Index(v, "er verken PDF") {
		t.Fatalf("the error is not under the field:\n%s", v)
	}
	if got := r.signed.input.Value(); got != "~/Skann/notat.pdf" || !r.Editing() {
		t.Fatalf("the path typed was lost (%q) or the field closed", got)
	}
	if len(ctx.Session.FilesOf(KindSignedEmail)) != 0 {
		t.Fatal("a wrong file made an e-mail")
	}

	// Mend the path: the last characters of the file name.
	for range len("notat.pdf") {
		s = drive(t, s, tea.KeyMsg{Type: tea.KeyBackspace})
	}
	s = typeKeys(t, s, "signert.pdf")
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	files := ctx.Session.FilesOf(KindSignedEmail)
	if len(files) != 1 || r.Editing() {
		t.Fatalf("made %+v, editing %v:\n%s", files, r.Editing(), screenText(s))
	}
	wantScreen(t, s, "Laget registrering-blabaer-regnskap-pro-signert.eml: uten merknaden", "Åpne registrering-blabaer-regnskap-pro-signert.eml",
		"Send registrering-blabaer-regnskap-pro-signert.eml herfra")
	raw, err := os.ReadFile(files[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	p := mailtest.Parse(t, raw)
	if strings.Contains(string(p.Text.Body), DraftNoteStart) || len(p.Atts) != 2 || string(p.Atts[1].Body) != string(signedPDF) {
		t.Fatalf("the e-mail: %d attachments\n%s", len(p.Atts), p.Text.Body)
	}
	// Its open action is the one selected.
	if it := r.items[r.menu.Cursor]; it.action != actOpen || it.path != files[0].Path {
		t.Fatalf("selected %+v", it)
	}

	// Making the documents again removes it: the self-declaration must be
	// signed again, and the old e-mail could be sent.
	s = choose(t, s, actGenerate)
	if len(ctx.Session.FilesOf(KindSignedEmail)) != 0 {
		t.Fatal("the e-mail ready to send is still recorded after the documents were made again")
	}
	if _, err := os.Stat(files[0].Path); !os.IsNotExist(err) {
		t.Fatalf("the e-mail ready to send is still there: %v", err)
	}
	wantScreen(t, s, "Legg ved signert egenerklæring og lag e-posten klar til sending …")

	// An answer changed: out of date like the documents, and nothing to
	// attach to until they are made again.
	ctx.Session.Answers.System.Version = "9.9"
	s = svScreen(t, step, ScreenReview, ctx, "")
	if hasItem(s, actSigned) {
		t.Fatal("the item shows with out-of-date documents")
	}
	if !registrationStale(ctx.Session) {
		t.Fatal("not out of date")
	}
}

// esc closes the field and keeps what was typed for the next time; in
// English too.
func TestReviewSignedFieldCancels(t *testing.T) {
	ctx := reviewCtx(t, "en")
	step := trackStep(t, ctx, session.StepRegistration)
	s := svScreen(t, step, ScreenReview, ctx, "")
	s = choose(t, s, actGenerate)
	s = choose(t, s, actSigned)
	s = typeKeys(t, s, "/nowhere/signed.pdf")
	wantScreen(t, s, "Signed file: > /nowhere/signed.pdf")
	r := s.(*reviewScreen)
	if handled, _ := r.HandleBack(); !handled || r.Editing() {
		t.Fatal("esc did not close the field")
	}
	wantScreenNot(t, s, "Signed file:")
	s = choose(t, s, actSigned)
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	wantScreen(t, s, "No e-mail was made: /nowhere/signed.pdf does not exist: check the path")
}

// The whole way in the wizard: make the documents, attach the signed
// self-declaration, send the e-mail ready to send from the review; the
// server (aiosmtpd) gets exactly the file less its draft mark, to
// Altinn with the copy, and the session records the sending.
func TestReviewAttachThenSend(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: smtpUser, Password: smtpPassword})
	d := sendSetup(t, srv, now)
	signed := writeFile(t, filepath.Join(t.TempDir(), "signert.pdf"), signedPDF)
	ctx := onTrack(reviewCtx(t, "nb"), d)
	s := svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenReview, ctx, "")
	s = choose(t, s, actGenerate)
	s = choose(t, s, actSigned)
	s = typeKeys(t, s, signed)
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	files := ctx.Session.FilesOf(KindSignedEmail)
	if len(files) != 1 {
		t.Fatalf("no e-mail ready to send:\n%s", screenText(s))
	}
	s = choose(t, s, actSend)
	wantScreen(t, s, "sluttbrukersystem@altinn.no", "Sende e-posten nå? (j/n)", "Egenerklæring – datasystem – Blåbær Regnskap Pro (signert).pdf")
	drive(t, s, keys("j"))
	got := srv.Delivered(t)
	if len(got) != 1 {
		t.Fatalf("delivered %d", len(got))
	}
	raw, _ := os.ReadFile(files[0].Path)
	if !bytes.Equal(got[0].Msg, withoutDraftMark(t, raw)) {
		t.Fatal("the server got something other than the e-mail ready to send")
	}
	if !strings.Contains(got[0].Envelope, "to sluttbrukersystem@altinn.no per@blabaer.example.no") {
		t.Fatalf("envelope %q", got[0].Envelope)
	}
	if m := ctx.Session.SentBefore(files[0].Path, ""); m == nil {
		t.Fatal("the sending is not recorded")
	}
}

// An e-mail ready to send that was made before an answer changed is not
// offered for sending: the documents in it no longer say what the answers
// do. The review says why, and `send` refuses it too (cli).
func TestReviewDoesNotSendAnOutOfDateEmail(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: smtpUser, Password: smtpPassword})
	d := sendSetup(t, srv, now)
	signed := writeFile(t, filepath.Join(t.TempDir(), "signert.pdf"), signedPDF)
	ctx := onTrack(reviewCtx(t, "nb"), d)
	s := svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenReview, ctx, "")
	s = choose(t, s, actGenerate)
	s = choose(t, s, actSigned)
	s = typeKeys(t, s, signed)
	drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	files := ctx.Session.FilesOf(KindSignedEmail)
	if len(files) != 1 || OutOfDate(ctx.Session, files[0]) {
		t.Fatalf("want one current e-mail ready to send, have %+v", files)
	}

	ctx.Session.Answers.System.Name += " 2"
	if !OutOfDate(ctx.Session, files[0]) {
		t.Fatal("the e-mail is not out of date after the system's name changed")
	}
	s = svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenReview, ctx, "")
	wantScreen(t, s, "Sendes ikke: e-posten er laget fra eldre svar")
	for _, it := range s.(*reviewScreen).items {
		if it.action == actSend {
			t.Fatalf("the review offers to send %s", it.path)
		}
	}
	if got := sendableFiles(ctx.Session, files); len(got) != 0 {
		t.Fatalf("accessible mode would offer %v", got)
	}
}
