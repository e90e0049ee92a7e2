package steps

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	mailpkg "github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// signedEmail writes a registration e-mail ready to send (as the signed
// one is: no draft note) to the given recipients.
func signedEmail(t *testing.T, dir string, to ...string) (string, []byte) {
	t.Helper()
	var addrs []mailpkg.Address
	for _, a := range to {
		addrs = append(addrs, mailpkg.Address{Email: a})
	}
	msg, err := mailpkg.Compose(mailpkg.Message{From: mailpkg.Address{Name: "Åse Ødegård", Email: "ase@blabaer.example.no"}, To: addrs,
		Subject: "Blåbær Regnskap Pro", Body: "Hei,\n\nvedlagt.\n", Date: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC),
		Attachments: []mailpkg.Attachment{{Name: "Bestillingsskjema – Blåbær.docx", Data: bytes.Repeat([]byte("x"), 3000)},
			{Name: "Egenerklæring signert.pdf", Data: []byte("%PDF-1.4 signert\n")}}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "registrering-blabaer-regnskap-pro-signert.eml")
	if err := os.WriteFile(path, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, msg
}

// withSignedKind makes step 1's files include the signed e-mail's kind
// (branch signed adds it); not for parallel tests.
func withSignedKind(t *testing.T) {
	if slices.Contains(RegistrationKinds, "eml-signed") {
		return
	}
	old := RegistrationKinds
	RegistrationKinds = append(slices.Clone(old), "eml-signed")
	t.Cleanup(func() { RegistrationKinds = old })
}

// Step 1's review offers to send the e-mail that is ready to send, not
// the draft (it says why). A server that refuses a recipient: the screen
// says the cause, the fix and the server's answer, and that the e-mail is
// untouched; nothing is recorded.
func TestReviewSendRefusedByTheServer(t *testing.T) {
	withSignedKind(t)
	srv := smtptest.Start(t, smtptest.Options{User: smtpUser, Password: smtpPassword})
	for _, lang := range []string{"nb", "en"} {
		d := sendSetup(t, srv, time.Now())
		ctx := reviewCtx(t, lang)
		dir := t.TempDir()
		path, msg := signedEmail(t, dir, "sluttbrukersystem@altinn.no", "refused@altinn.no")
		ctx.Session.Files = []session.GeneratedFile{{Kind: "eml", Path: filepath.Join(dir, "registrering-blabaer-regnskap-pro.eml")}, {Kind: "eml-signed", Path: path}}
		s := newReviewScreen(ctx, d, "")
		s.SetSize(ctx.Width, ctx.Height)
		wantScreen(t, s, ui.T(lang, "Sendes ikke herfra: utkastet har merknaden «SLETT FØR SENDING»", "Not sent from here: the draft has the note"),
			ui.T(lang, "Send registrering-blabaer-regnskap-pro-signert.eml herfra", "Send registrering-blabaer-regnskap-pro-signert.eml from here"))
		wantScreenNot(t, s, "Send registrering-blabaer-regnskap-pro.eml")
		s = choose(t, s, actSend)
		wantScreen(t, s, "sluttbrukersystem@altinn.no, refused@altinn.no", ui.T(lang, "Sende e-posten nå? (j/n)", "Send the e-mail now? (y/n)"),
			ui.T(lang, "Vedlegg", "Attached")+" Bestillingsskjema – Blåbær.docx (3 kB) Egenerklæring signert.pdf (17 B)")
		s = drive(t, s, keys(ui.T(lang, "j", "y")))
		wantScreen(t, s, "550", "refused@altinn.no", ui.T(lang, "E-posten ligger urørt i", "The e-mail is untouched in"), path)
		if got := srv.Delivered(t); len(got) != 0 {
			t.Fatalf("delivered %d", len(got))
		}
		if len(ctx.Session.Sent) != 0 {
			t.Fatalf("recorded %+v", ctx.Session.Sent)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(after, msg) {
			t.Fatal("the .eml changed")
		}
	}
}
