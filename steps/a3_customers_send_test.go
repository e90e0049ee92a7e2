package steps

import (
	"bytes"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// customerCtx is an Altinn 3 session with one customer whose request
// waits for its approval.
func customerCtx(lang string, d Deps) *ui.Context {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	s := session.New("Kunde Blåbær", now)
	s.Answers = sessiontest.Answers()
	s.Altinn3.System.Name.NB = "Blåbær Regnskap Pro"
	s.Altinn3.Customers = []session.Customer{{OrgNumber: "314048431", Name: "Kunde AS", Email: "leder@kunde.example.no",
		Request: &session.SystemUserRequest{Environment: session.EnvTT02, SystemID: "123456785_blabaer", Status: session.RequestAccepted,
			ConfirmURL: "https://authn.ui.tt02.altinn.no/authfront/ui/auth/vendorrequest?id=1", SentAt: now}}}
	ctx := &ui.Context{Session: s, Lang: lang, NoColor: true, Width: 110, Height: 40}
	tr := Altinn3(d)
	ctx.Track = &tr
	return ctx
}

// A customer's e-mail is written (m) and sent (p) from the customers
// screen through the real server; the session records it.
func TestCustomerEmailSentFromTheWizard(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: smtpUser, Password: smtpPassword})
	at := time.Date(2026, 11, 30, 18, 50, 0, 0, time.UTC)
	d := sendSetup(t, srv, at)
	ctx := customerCtx("en", d)
	s := newCustomersScreen(ctx, d, "")
	s.SetSize(ctx.Width, ctx.Height)
	s = drive(t, s, keys("p"))
	wantScreen(t, s, "Write the e-mail to the customer first (m).")
	s = drive(t, s, keys("m"))
	wantScreen(t, s, "send it from here with p, or open it in your mail program with o")
	files := ctx.Session.FilesOf(KindCustomerEmail + "314048431")
	if len(files) != 1 {
		t.Fatalf("files %+v:\n%s", ctx.Session.Files, s.View())
	}
	raw, err := os.ReadFile(files[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	s = drive(t, s, keys("p"))
	wantScreen(t, s, "Send the e-mail", "From ase@blabaer.example.no", "To leder@kunde.example.no", "Subject Godkjenn systembruker for Blåbær Regnskap Pro i Altinn",
		"Send the e-mail now? (y/n)")
	s = drive(t, s, keys("y"))
	wantScreen(t, s, "Sent to leder@kunde.example.no through 127.0.0.1:"+strconv.Itoa(srv.Port)+" — the server answered: 250")
	got := srv.Delivered(t)
	if len(got) != 1 || !bytes.Equal(got[0].Msg, withoutDraftMark(t, raw)) {
		t.Fatalf("delivered %d", len(got))
	}
	if len(ctx.Session.Sent) != 1 || ctx.Session.Sent[0].File != files[0].Path || !ctx.Session.Sent[0].SentAt.Equal(at) {
		t.Fatalf("recorded %+v", ctx.Session.Sent)
	}
	wantScreen(t, s, "(sent "+at.Local().Format("2006-01-02 15:04")+" to leder@kunde.example.no)")
}
