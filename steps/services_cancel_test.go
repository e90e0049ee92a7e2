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

// x takes a row away and says u undoes it; u puts the last row removed
// back where it was, with its ticks in step 5's checklist, as many times
// as rows were removed in this visit (issue 11 §5).
func TestServiceRemoveUndo(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"nb", "en"} {
		ctx := svContext(lang)
		sess := ctx.Session
		sess.Answers.System.Services = []session.Service{
			{Code: "4936", Edition: "1", Name: "A-melding"},
			{Code: "5703", Edition: "2", Name: "Mva-melding"},
			{Code: "2000", Edition: "10", Name: "Årsregnskap"},
		}
		SyncChecklist(sess)
		sess.Testing.Checklist[1].Submission = true
		step := trackStep(t, ctx, session.StepServices)
		s := svScreen(t, step, ScreenServiceTable, ctx, "system.services[1]")
		help := func() string {
			var out []string
			for _, b := range s.KeyBindings() {
				out = append(out, b.Help().Key+" "+b.Help().Desc)
			}
			return strings.Join(out, " · ")
		}
		if strings.Contains(help(), "u ") {
			t.Fatalf("%s: undo offered before anything was removed: %s", lang, help())
		}
		s = drive(t, s, keys("x"))
		wantScreen(t, s, ctx.T("Fjernet 5703/2 Mva-melding. Trykk u for å angre.", "Removed 5703/2 Mva-melding. Press u to undo."))
		if got := svCodes(sess); !slices.Equal(got, []string{"4936", "2000"}) {
			t.Fatalf("%s: after x: %v", lang, got)
		}
		if !strings.Contains(help(), ctx.T("u angre fjerning", "u undo remove")) {
			t.Fatalf("%s: the help does not offer undo: %s", lang, help())
		}
		s = drive(t, s, keys("x")) // the cursor is on 2000 now
		if got := svCodes(sess); !slices.Equal(got, []string{"4936"}) {
			t.Fatalf("%s: after a second x: %v", lang, got)
		}
		if got := svChecklist(sess); !slices.Equal(got, []string{"4936/1"}) {
			t.Fatalf("%s: checklist %v", lang, got)
		}
		s = drive(t, s, keys("u"))
		wantScreen(t, s, ctx.T("2000/10 Årsregnskap er tilbake.", "2000/10 Årsregnskap is back."))
		s = drive(t, s, keys("u"))
		if got := svCodes(sess); !slices.Equal(got, []string{"4936", "5703", "2000"}) {
			t.Fatalf("%s: after undoing both: %v", lang, got)
		}
		if got := svChecklist(sess); !slices.Equal(got, []string{"4936/1", "5703/2", "2000/10"}) || !sess.Testing.Checklist[1].Submission {
			t.Fatalf("%s: checklist after undo %v, %+v", lang, got, sess.Testing.Checklist)
		}
		if s.Field() != "system.services[1]" {
			t.Fatalf("%s: the cursor is not on the row put back: %s", lang, s.Field())
		}
		s = drive(t, s, keys("u")) // nothing left to undo: nothing happens
		if got := svCodes(sess); len(got) != 3 {
			t.Fatalf("%s: %v", lang, got)
		}
	}
}
