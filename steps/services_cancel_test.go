package steps

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// In the services editor esc cancels a row's edit (the row is as it was,
// a row just added goes) and enter on the last field or ctrl+s keeps it;
// the help line says which (issue 11 §5). Driven through the app, whose
// esc and ctrl+s the screen never sees as keys; what is saved is read
// back from the data folder.
func TestServiceEditCancel(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		t.Run(lang, func(t *testing.T) {
			st, err := store.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			sess, err := st.Create("Kunde", session.TrackAltinnII)
			if err != nil {
				t.Fatal(err)
			}
			sess.Answers.System.Services = []session.Service{
				{Code: "4936", Edition: "1", Name: "A-melding", Environments: []string{session.EnvTT02}},
				{Code: "5703", Edition: "2", Name: "Mva-melding"},
			}
			sess.Cursor = session.Cursor{Step: session.StepServices, Screen: ScreenServiceTable}
			if err := st.Save(sess); err != nil {
				t.Fatal(err)
			}
			now := func() time.Time { return time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC) }
			app := ui.New(ui.Options{Store: st, Tracks: ui.Tracks{AltinnII(Deps{Now: now, OutputBase: t.TempDir()})}, Lang: lang, NoColor: true,
				ResumeID: sess.ID, Now: now, AutosaveDelay: time.Millisecond})
			var model tea.Model = app
			d := teadrive.New(t, func(m tea.Msg) tea.Cmd {
				var cmd tea.Cmd
				model, cmd = model.Update(m)
				return cmd
			})
			d.Size = tea.WindowSizeMsg{Width: 110, Height: 40}
			d.Send(d.Size)
			d.Run(model.Init())
			view := func() string { return strings.Join(strings.Fields(ansi.Strip(model.View())), " ") }
			T := func(nb, en string) string { return ui.T(lang, nb, en) }
			saved := func() []session.Service {
				t.Helper()
				s, err := st.Load(sess.ID)
				if err != nil {
					t.Fatal(err)
				}
				return s.Answers.System.Services
			}
			codes := func(l []session.Service) []string {
				var out []string
				for _, s := range l {
					out = append(out, s.Code+"/"+s.Edition+" "+s.Name)
				}
				return out
			}
			esc, ctrlS, enter := tea.KeyMsg{Type: tea.KeyEsc}, tea.KeyMsg{Type: tea.KeyCtrlS}, tea.KeyMsg{Type: tea.KeyEnter}
			bs := tea.KeyMsg{Type: tea.KeyBackspace}

			// Edit row 1's code, then esc: the row is as it was, saved so.
			d.Send(enter)
			if v := view(); !strings.Contains(v, T("avbryt, rad som før", "cancel, row as before")) || !strings.Contains(v, T("behold endringen", "keep the change")) {
				t.Fatalf("the help line does not say what esc and ctrl+s do:\n%s", v)
			}
			if v := view(); strings.Contains(v, "esc "+T("tilbake", "back")) {
				t.Fatalf("the help line also says esc goes back:\n%s", v)
			}
			d.Send(bs)
			d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("9")})
			d.Send(enter) // on to the edition: the code is typed into the session
			d.Send(bs)
			if got := app.Session().Answers.System.Services[0]; got.Code != "4939" || got.Edition != "" {
				t.Fatalf("the edit is not live: %+v", got)
			}
			d.Send(esc)
			want := []string{"4936/1 A-melding", "5703/2 Mva-melding"}
			if got := codes(saved()); !slices.Equal(got, want) {
				t.Fatalf("after esc, saved %v, want %v", got, want)
			}
			if got := app.Session().Answers.System.Services[0].Environments; !slices.Equal(got, []string{session.EnvTT02}) {
				t.Fatalf("environments after esc: %v", got)
			}
			if v := view(); !strings.Contains(v, T("Avbrutt: raden er som før.", "Cancelled: the row is as it was.")) || !strings.Contains(v, "4936 1 A-melding") {
				t.Fatalf("after esc:\n%s", v)
			}

			// A row added and esc: it goes, even with something typed.
			d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a")})
			d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("1234")})
			d.Send(esc)
			if got := codes(saved()); !slices.Equal(got, want) {
				t.Fatalf("after adding and esc, saved %v", got)
			}

			// Edit and ctrl+s: kept and saved, the form closed.
			d.Send(enter)
			d.Send(bs)
			d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("7")})
			d.Send(ctrlS)
			want[0] = "4937/1 A-melding"
			if got := codes(saved()); !slices.Equal(got, want) {
				t.Fatalf("after ctrl+s, saved %v, want %v", got, want)
			}
			if v := view(); strings.Contains(v, T("behold endringen", "keep the change")) || !strings.Contains(v, "4937 1 A-melding") {
				t.Fatalf("ctrl+s did not close the form:\n%s", v)
			}
		})
	}
}
