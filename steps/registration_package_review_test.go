package steps

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/templates"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// reviewCtx is a session with every answer of step 1, its files going
// into a folder of the test's.
func reviewCtx(t *testing.T, lang string) *ui.Context {
	t.Helper()
	ctx := svContextIn(lang, t.TempDir())
	ctx.Session.Answers = sessiontest.Answers()
	ctx.Height = 200 // the whole summary shows
	return ctx
}

// choose moves the review's menu to the first item of the action by keys
// and presses enter, running what it starts to its end.
func choose(t *testing.T, s ui.Screen, act reviewAction) ui.Screen {
	t.Helper()
	r := s.(*reviewScreen)
	for range len(r.items) {
		s = drive(t, s, tea.KeyMsg{Type: tea.KeyUp})
	}
	for range len(r.items) {
		if r.items[r.menu.Cursor].action == act {
			return drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
		}
		s = drive(t, s, tea.KeyMsg{Type: tea.KeyDown})
	}
	t.Fatalf("the review has no %s item:\n%s", reviewKeys[act], screenText(s))
	return nil
}

func hasProblem(ctx *ui.Context, step ui.Step, field string) bool {
	for _, p := range step.Problems(ctx) {
		if p.Field == field {
			return true
		}
	}
	return false
}

// The documents record what they were made from: an answer changed
// after them makes them out of date, which step 1 says plainly (a
// problem, the review's first action), the step is no longer done, and
// making them again puts it right.
func TestChangedAnswersMakeTheDocumentsOutOfDate(t *testing.T) {
	ctx := reviewCtx(t, "nb")
	step := trackStep(t, ctx, session.StepRegistration)
	s := svScreen(t, step, ScreenReview, ctx, "")
	s = choose(t, s, actGenerate)
	files := ctx.Session.FilesOf(RegistrationKinds...)
	if len(files) != 3 {
		t.Fatalf("files made: %+v\n%s", files, screenText(s))
	}
	for _, f := range files {
		if f.MadeFrom == "" {
			t.Fatalf("%s does not record what it was made from", f.Path)
		}
	}
	s = choose(t, s, actMarkDone)
	if ctx.Session.StepStatus(session.StepRegistration) != session.Done || hasProblem(ctx, step, fieldDocuments) {
		t.Fatalf("step 1 not done after making the documents:\n%s", screenText(s))
	}
	// The session's copy for autosave keeps what the files were made
	// from.
	if c := ctx.Session.Clone(); c.Files[0].MadeFrom != files[0].MadeFrom {
		t.Fatal("Clone lost MadeFrom")
	}

	// A change the user types in step 1's system form, then moves on from.
	sys := svScreen(t, step, ScreenSystem, ctx, "system.version")
	drive(t, sys, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("-rc2")})
	if !strings.HasSuffix(ctx.Session.Answers.System.Version, "-rc2") {
		t.Fatalf("the version typed did not land: %q", ctx.Session.Answers.System.Version)
	}
	if !hasProblem(ctx, step, fieldDocuments) {
		t.Fatal("step 1 has no problem though its documents are out of date")
	}
	s = svScreen(t, step, ScreenReview, ctx, "")
	if got := ctx.Session.StepStatus(session.StepRegistration); got == session.Done {
		t.Fatal("step 1 is still done though its documents are out of date")
	}
	wantScreen(t, s, "⚠ Lag dokumentene på nytt: svarene er endret siden de ble laget")
	s = choose(t, s, actMarkDone)
	wantScreen(t, s, "utdatert: lag dem på nytt først")
	if ctx.Session.StepStatus(session.StepRegistration) == session.Done {
		t.Fatal("marked done with out-of-date documents")
	}

	s = choose(t, s, actGenerate)
	if hasProblem(ctx, step, fieldDocuments) {
		t.Fatalf("still out of date after making them again:\n%s", screenText(s))
	}
	wantScreenNot(t, s, "⚠", "svarene er endret")
	wantScreen(t, s, "Lag dokumentene og e-posten på nytt")
	s = choose(t, s, actMarkDone)
	if ctx.Session.StepStatus(session.StepRegistration) != session.Done {
		t.Fatalf("step 1 not done again:\n%s", screenText(s))
	}

	// Files made by an older version recorded nothing: not out of date.
	for i := range ctx.Session.Files {
		ctx.Session.Files[i].MadeFrom = ""
	}
	ctx.Session.Answers.System.Version = "9"
	if registrationStale(ctx.Session) {
		t.Fatal("files without a record are taken as out of date")
	}
}

// The review says how to sign the self-declaration, in both languages.
func TestReviewSaysHowToSign(t *testing.T) {
	for lang, want := range map[string][]string{
		"nb": {"Signering og sending", "Egenerklæringen skal signeres av en som har fullmakt", "skriv den ut, signer og skann den til PDF, eller signer PDF-kopien elektronisk", "Ikke videresend den"},
		"en": {"Signing and sending", "The self-declaration must be signed by someone authorised", "print it, sign it and scan it to PDF, or sign the PDF copy electronically", "Do not forward it"},
	} {
		ctx := reviewCtx(t, lang)
		s := svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenReview, ctx, "")
		wantScreen(t, s, want...)
		s = choose(t, s, actGenerate)
		wantScreen(t, s, want[1])
	}
}

// The review makes PDF copies for signing the way `fill --format
// docx,pdf` does: the e-mail still attaches the .docx.
func TestReviewMakesPDFCopiesForSigning(t *testing.T) {
	requireSoffice(t)
	ctx := reviewCtx(t, "nb")
	s := svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenReview, ctx, "")
	s = choose(t, s, actSignPDF)
	var pdf string
	for _, f := range ctx.Session.FilesOf(RegistrationKinds...) {
		if f.Kind == string(templates.Egenerklaering) && strings.HasSuffix(f.Path, ".pdf") {
			pdf = f.Path
		}
	}
	if pdf == "" {
		t.Fatalf("no PDF of the self-declaration recorded:\n%s", screenText(s))
	}
	if data, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("%s is not a PDF (%v)", pdf, err)
	}
	wantScreen(t, s, "Signer "+filepath.Base(pdf), "send e-posten herfra, eller legg den ved e-posten selv i stedet for den usignerte")
	eml, err := os.ReadFile(filepath.Join(filepath.Dir(pdf), "registrering-"+Slug(ctx.Session.Answers.System.Name)+".eml"))
	if err != nil || !bytes.Contains(eml, []byte("wordprocessingml")) {
		t.Fatalf("the e-mail should attach the .docx (%v)", err)
	}

	// Made again without PDF copies (seen in tmux, after an answer
	// changed): the earlier copies, made from older answers, are gone
	// from the folder, not only from the list, so none is attached by
	// mistake. A file the program did not make stays.
	own := filepath.Join(filepath.Dir(pdf), "mitt-notat.pdf")
	if err := os.WriteFile(own, []byte("%PDF mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	s = choose(t, s, actGenerate)
	wantScreen(t, s, "Laget 3 filer")
	if _, err := os.Lstat(pdf); !os.IsNotExist(err) {
		t.Fatalf("the earlier PDF copy %s is still there (%v)", pdf, err)
	}
	if _, err := os.Stat(own); err != nil {
		t.Fatalf("a file the program did not make was removed: %v", err)
	}
	for _, f := range ctx.Session.FilesOf(RegistrationKinds...) {
		if _, err := os.Stat(f.Path); err != nil || strings.HasSuffix(f.Path, ".pdf") {
			t.Fatalf("recorded %s: %v", f.Path, err)
		}
	}
}

// Without LibreOffice the review says so plainly, with what to install,
// and writes nothing.
func TestReviewPDFWithoutLibreOffice(t *testing.T) {
	withoutLibreOffice(t)
	for lang, want := range map[string][]string{
		"nb": {"PDF-kopiene trenger LibreOffice", "sudo apt install libreoffice-writer-nogui", "brew install --cask libreoffice", "Ingenting ble skrevet"},
		"en": {"The PDF copies need LibreOffice", "sudo apt install libreoffice-writer-nogui", "brew install --cask libreoffice", "Nothing was written"},
	} {
		ctx := reviewCtx(t, lang)
		s := svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenReview, ctx, "")
		s = choose(t, s, actSignPDF)
		wantScreen(t, s, want...)
		if files := ctx.Session.FilesOf(RegistrationKinds...); len(files) != 0 {
			t.Fatalf("%s: files recorded: %+v", lang, files)
		}
	}
}
