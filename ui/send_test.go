package ui_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

// ctrl+c while an e-mail is being sent stops the sending instead of
// ending the program (ui.Interrupter), and says so; q is not taken for
// quitting meanwhile; sent afterwards, the
// sending is recorded in the session on disk by the autosave.
func TestCtrlCStopsASendingAndTheSendingIsSaved(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: "kari", Password: "pw"})
	st := newStore(t)
	s := emptySession(t, st)
	s.Answers = sessiontest.Answers()
	s.Testing.TestPersons = 2
	s.Cursor = session.Cursor{Step: session.StepTesting, Screen: steps.ScreenTestUserOrder}
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "profile.yaml")
	if err := profile.Save(path, profile.Profile{SMTP: profile.SMTP{Host: srv.Host(), Port: srv.Port, CAFile: srv.CAFile}}); err != nil {
		t.Fatal(err)
	}
	o := options(st)
	o.ResumeID = s.ID
	withDeps(&o, steps.Deps{Now: func() time.Time { return fixed }, OutputBase: t.TempDir(),
		ProfilePath: func() (string, error) { return path, nil }})
	d := newKeyDriver(t, o)
	view := func() string { return strings.Join(strings.Fields(ansi.Strip(d.app.View())), " ") }
	d.send(tea.KeyMsg{Type: tea.KeyEnter}) // write the e-mail
	d.settle()
	d.send(tea.KeyMsg{Type: tea.KeyUp}, tea.KeyMsg{Type: tea.KeyEnter})
	d.settle()
	if !strings.Contains(view(), "Sende e-posten nå? (j/n)") {
		t.Fatalf("no question:\n%s", d.app.View())
	}
	// q while it is sent does not end the program; ctrl+c stops the sending.
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")}, tea.KeyMsg{Type: tea.KeyCtrlC})
	d.settle()
	if v := view(); !strings.Contains(v, "E-posten ligger urørt i") || !strings.Contains(v, "Bestilling av testbrukere") {
		t.Fatalf("ctrl+c did not stop the sending, or ended the program:\n%s", d.app.View())
	}
	if got := srv.Delivered(t); len(got) != 0 {
		t.Fatalf("delivered %d", len(got))
	}

	d.send(tea.KeyMsg{Type: tea.KeyEnter})
	d.settle()
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")})
	d.settle()
	if got := srv.Delivered(t); len(got) != 1 {
		t.Fatalf("delivered %d:\n%s", len(got), d.app.View())
	}
	saved, err := st.Load(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Sent) != 1 || saved.Sent[0].To[0] != "sluttbrukersystem@altinn.no" || !saved.Testing.TestUsersOrdered {
		t.Fatalf("saved %+v, ordered %v", saved.Sent, saved.Testing.TestUsersOrdered)
	}
}
