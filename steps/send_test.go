package steps

import (
	"bytes"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/focus"
	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

const (
	smtpUser     = "kari"
	smtpPassword = "KANARI-wizard-smtp-Pw7"
)

// sendSetup is a profile pointing at srv (nil: a profile without
// smtp.host), its password in an encrypted secrets file, and the deps
// that send with them.
func sendSetup(t *testing.T, srv *smtptest.Server, now time.Time) Deps {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config", "profile.yaml")
	p := profile.Profile{Name: "Kari Konsulent"}
	if srv != nil {
		p.SMTP = profile.SMTP{Host: srv.Host(), Port: srv.Port, Security: profile.SecuritySTARTTLS, User: smtpUser, CAFile: srv.CAFile}
	}
	if err := profile.Save(path, p); err != nil {
		t.Fatal(err)
	}
	sf := store.NewSecretsFile(filepath.Join(dir, "secrets.age"), func(string, bool) (string, error) { return "passfrase for testen", nil })
	if err := sf.SetProfileSecret("smtp-password", smtpPassword); err != nil {
		t.Fatal(err)
	}
	return Deps{Now: func() time.Time { return now }, OutputBase: filepath.Join(dir, "ut"),
		ProfilePath: func() (string, error) { return path, nil }, ProfileSecrets: sf}
}

// orderCtx is a session whose test-user order can be written, on a track
// built with d.
func orderCtx(lang string, d Deps) *ui.Context {
	ctx := onTrack(tsSessionIn(lang, ""), d)
	ctx.Session.Testing.TestPersons, ctx.Session.Testing.TestOrganisations = 2, 1
	return ctx
}

// withoutDraftMark is the .eml as it goes out: its X-Unsent line removed.
func withoutDraftMark(t *testing.T, raw []byte) []byte {
	t.Helper()
	out := bytes.Replace(raw, []byte("X-Unsent: 1\r\n"), nil, 1)
	if bytes.Equal(out, raw) {
		t.Fatal("the .eml has no X-Unsent line: the comparison checks nothing")
	}
	return out
}

// selectItem moves a menu screen's cursor to the item whose line holds
// label.
func selectItem(t *testing.T, s ui.Screen, label string) ui.Screen {
	t.Helper()
	for range 20 {
		v := screenText(s)
		if i := strings.Index(v, "▶ "); i >= 0 && strings.HasPrefix(v[i+len("▶ "):], label) {
			return s
		}
		s = drive(t, s, svUp)
	}
	t.Fatalf("no item %q:\n%s", label, s.View())
	return nil
}

func messageID(t *testing.T, raw []byte) string {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return m.Header.Get("Message-Id")
}

// The test-user order is sent from its screen through a real SMTP server
// (aiosmtpd, STARTTLS, AUTH with the password from the secrets file):
// the screen shows what goes to whom through which server and asks once;
// the server gets the .eml byte for byte (less its draft mark); the
// session records the sending and ticks the order as sent; sending it
// again asks first, and no is no.
func TestOrderSentFromTheWizard(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: smtpUser, Password: smtpPassword})
	at := time.Date(2026, 11, 30, 18, 40, 0, 0, time.UTC)
	d := sendSetup(t, srv, at)
	ctx := orderCtx("nb", d)
	sess := ctx.Session
	s := svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUserOrder, ctx, "")
	s = drive(t, s, svEnter) // write the e-mail
	if len(sess.FilesOf(KindTestUserEmail)) == 0 {
		t.Fatalf("not written:\n%s", s.View())
	}
	path := sess.FilesOf(KindTestUserEmail)[0].Path
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s = selectItem(t, s, "Send testbrukere-blabaer-regnskap-pro.eml herfra")
	s = drive(t, s, svEnter)
	server := "127.0.0.1:" + strconv.Itoa(srv.Port) + " (starttls)"
	wantScreen(t, s, "Send e-posten", "Fra ase@blabaer.example.no", "Til sluttbrukersystem@altinn.no, per@blabaer.example.no",
		"Emne Bestilling av testbrukere – Blåbær Regnskap Pro", "Server "+server, "Sende e-posten nå? (j/n)")
	if got := srv.Delivered(t); len(got) != 0 {
		t.Fatalf("sent before the answer: %d", len(got))
	}
	wantScreenNot(t, s, smtpPassword)
	// The Altinn II closure is said for step 1's registration e-mail only.
	wantScreenNot(t, s, "Altinn II stengte")

	s = drive(t, s, keys("j"))
	got := srv.Delivered(t)
	if len(got) != 1 {
		t.Fatalf("delivered %d messages:\n%s", len(got), s.View())
	}
	if want := withoutDraftMark(t, raw); !bytes.Equal(got[0].Msg, want) {
		t.Fatalf("delivered differs from the .eml:\n got %q\nwant %q", got[0].Msg, want)
	}
	if got[0].Envelope != "from ase@blabaer.example.no\nto sluttbrukersystem@altinn.no per@blabaer.example.no\n" {
		t.Fatalf("envelope %q", got[0].Envelope)
	}
	wantScreen(t, s, "Sendt til sluttbrukersystem@altinn.no, per@blabaer.example.no via 127.0.0.1:"+strconv.Itoa(srv.Port)+" — serveren svarte: 250",
		"Bestillingen er merket som sendt", "[x] E-posten er sendt")
	// The answer is in the screen's focus, so the frame scrolls to it.
	if v := s.View(); !strings.Contains(strings.Join(strings.Fields(ansi.Strip(v[strings.LastIndex(v, focus.Open):strings.LastIndex(v, focus.Close)])), " "), "serveren svarte: 250") {
		t.Fatalf("the answer is out of the focus:\n%q", v)
	}
	if len(sess.Sent) != 1 {
		t.Fatalf("session records %d sendings", len(sess.Sent))
	}
	rec := sess.Sent[0]
	if rec.File != path || !rec.SentAt.Equal(at) || rec.From != "ase@blabaer.example.no" || strings.Join(rec.To, ",") != "sluttbrukersystem@altinn.no,per@blabaer.example.no" ||
		rec.MessageID == "" || rec.MessageID != messageID(t, raw) || !strings.HasPrefix(rec.Server, "127.0.0.1:") {
		t.Fatalf("record %+v", rec)
	}
	if !sess.Testing.TestUsersOrdered {
		t.Fatal("the order is not ticked as sent")
	}

	// Again: the question says when and to whom; no sends nothing.
	s = selectItem(t, s, "Send testbrukere-blabaer-regnskap-pro.eml herfra")
	s = drive(t, s, svEnter)
	wantScreen(t, s, "Denne e-posten ble sendt "+at.Local().Format("02.01.2006 15:04")+" til sluttbrukersystem@altinn.no, per@blabaer.example.no; send den igjen? (j/n)")
	s = drive(t, s, keys("n"))
	wantScreen(t, s, "Ikke sendt.")
	if got := srv.Delivered(t); len(got) != 1 || len(sess.Sent) != 1 {
		t.Fatalf("no sent again: %d delivered, %d recorded", len(got), len(sess.Sent))
	}
}

// With no smtp.host in the profile the screen says how to set it up and
// that the mail program is the way on; "open" is still offered.
func TestSendWithoutSMTPHost(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		d := sendSetup(t, nil, time.Now())
		ctx := orderCtx(lang, d)
		s := svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUserOrder, ctx, "")
		s = drive(t, s, svEnter)
		s = selectItem(t, s, ui.T(lang, "Send testbrukere", "Send testbrukere"))
		s = drive(t, s, svEnter)
		wantScreen(t, s, "altinn-onboard profile set smtp.host", "smtp.security", "smtp.user", "altinn-onboard secrets set smtp-password --profile",
			ui.T(lang, "Ikke sendt: profilen sier ikke hvilken e-postserver", "Not sent: the profile does not say which mail server"),
			ui.T(lang, "åpne e-posten i e-postprogrammet", "open the e-mail in your mail program"),
			ui.T(lang, "Åpne testbrukere-blabaer-regnskap-pro.eml", "Open testbrukere-blabaer-regnskap-pro.eml"))
		if len(ctx.Session.Sent) != 0 || ctx.Session.Testing.TestUsersOrdered {
			t.Fatal("recorded a sending that did not happen")
		}
	}
}

// Esc while the question shows is no; Esc (and ctrl+c, Interrupt) while
// the e-mail is being sent stops it: nothing goes out, nothing is
// recorded, and the screen says so.
func TestSendStopped(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: smtpUser, Password: smtpPassword})
	for _, stop := range []string{"esc", "ctrl+c"} {
		d := sendSetup(t, srv, time.Now())
		ctx := orderCtx("nb", d)
		s := svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUserOrder, ctx, "")
		s = drive(t, s, svEnter)
		s = selectItem(t, s, "Send testbrukere")
		s = drive(t, s, svEnter)
		o := s.(*testOrderScreen)
		if handled, _ := o.HandleBack(); !handled {
			t.Fatal("Esc on the question was not the question's")
		}
		wantScreen(t, s, "Ikke sendt.")
		wantScreenNot(t, s, "Sende e-posten nå?")

		s = drive(t, s, svEnter)
		_, send := s.Update(keys("j")) // the sending starts, not yet run
		wantScreen(t, s, "Sender til sluttbrukersystem@altinn.no, per@blabaer.example.no via 127.0.0.1:", "(Esc avbryter)")
		var handled bool
		if stop == "esc" {
			handled, _ = o.HandleBack()
		} else {
			handled, _ = o.Interrupt()
		}
		if !handled {
			t.Fatalf("%s did not stop the sending", stop)
		}
		drv := teadrive.New(t, func(m tea.Msg) tea.Cmd {
			var cmd tea.Cmd
			s, cmd = s.Update(m)
			return cmd
		})
		drv.Run(send)
		wantScreen(t, s, "E-posten ligger urørt i")
		if got := srv.Delivered(t); len(got) != 0 || len(ctx.Session.Sent) != 0 || ctx.Session.Testing.TestUsersOrdered {
			t.Fatalf("%s: delivered %d, recorded %d", stop, len(got), len(ctx.Session.Sent))
		}
		if handled, _ := o.Interrupt(); handled {
			t.Fatal("ctrl+c with nothing under way would not end the program")
		}
	}
}

// A wrong password, or none stored: the screen says the cause and the fix,
// and nothing is sent or recorded.
func TestSendPasswordProblems(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: smtpUser, Password: smtpPassword})
	for _, c := range []struct {
		name     string
		password string // "" deletes it
		want     []string
	}{
		{"wrong", "feil-passord", []string{"serveren avviste brukernavnet eller passordet", "altinn-onboard secrets set smtp-password --profile", "E-posten ligger urørt i"}},
		{"none", "", []string{"SMTP-passordet er ikke lagret", "altinn-onboard secrets set smtp-password --profile", "E-posten ligger urørt i"}},
	} {
		d := sendSetup(t, srv, time.Now())
		var err error
		if c.password == "" {
			err = d.ProfileSecrets.DeleteProfileSecret("smtp-password")
		} else {
			err = d.ProfileSecrets.SetProfileSecret("smtp-password", c.password)
		}
		if err != nil {
			t.Fatal(err)
		}
		ctx := orderCtx("nb", d)
		s := svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUserOrder, ctx, "")
		s = drive(t, s, svEnter)
		s = selectItem(t, s, "Send testbrukere")
		s = drive(t, s, svEnter, keys("j"))
		wantScreen(t, s, c.want...)
		wantScreenNot(t, s, smtpPassword)
		if c.password != "" {
			wantScreenNot(t, s, c.password)
		}
		if got := srv.Delivered(t); len(got) != 0 || len(ctx.Session.Sent) != 0 || ctx.Session.Testing.TestUsersOrdered {
			t.Fatalf("%s: delivered %d, recorded %d", c.name, len(got), len(ctx.Session.Sent))
		}
	}
}
