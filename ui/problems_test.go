package ui_test

import (
	"sync/atomic"
	"testing"

	bt "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The stepper's marks come from a check of the answers made when they
// change, never while drawing, and are never stale once the check the
// change started has ended.

// sharedTrack's first step lacks its answer until the second step's form
// gives it: editing step 2 changes step 1's mark. It counts its checks.
func sharedTrack(checks *atomic.Int64) ui.Track {
	first := ui.Step{
		ID:    "first",
		Title: func(string) string { return "Først" },
		Screens: []ui.ScreenSpec{{ID: "info", Title: func(string) string { return "Info" },
			New: func(ctx *ui.Context, field string) ui.Screen { return ui.NewInfoScreen(ctx, "Ingenting her.") }}},
		Problems: func(ctx *ui.Context) []ui.Problem {
			checks.Add(1)
			if ctx.Session.Answers.System.Name == "" {
				return []ui.Problem{{Screen: "info", Message: "Navnet mangler"}}
			}
			return nil
		},
	}
	second := ui.Step{
		ID:    "second",
		Title: func(string) string { return "Andre" },
		Screens: []ui.ScreenSpec{{ID: "form", Title: func(string) string { return "Skjema" },
			New: func(ctx *ui.Context, field string) ui.Screen {
				return ui.NewFormScreen(huh.NewForm(huh.NewGroup(huh.NewInput().Key("name").Title("Navn").
					Value(&ctx.Session.Answers.System.Name))), "")
			}}},
	}
	third := ui.Step{
		ID:    "third",
		Title: func(string) string { return "Tredje" },
		Screens: []ui.ScreenSpec{{ID: "info", Title: func(string) string { return "Info" },
			New: func(ctx *ui.Context, field string) ui.Screen { return ui.NewInfoScreen(ctx, "Ingenting her heller.") }}},
	}
	return ui.Track{ID: "shared", Title: func(string) string { return "Delt" }, Steps: []ui.Step{first, second, third}}
}

// nameEdit sets the name from outside the screen (a keyring result, say).
type nameEdit string

func (n nameEdit) EditSession(s *session.Session) { s.Answers.System.Name = string(n) }

func TestMarksAreFreshAfterEveryEdit(t *testing.T) {
	var checks atomic.Int64
	st := newStore(t)
	s, err := st.Create("Ferske merker", "shared")
	if err != nil {
		t.Fatal(err)
	}
	s.SetStepStatus("first", session.Done, fixed)
	s.Cursor = session.Cursor{Step: "second", Screen: "form"}
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	o := options(st)
	o.Tracks = ui.Tracks{sharedTrack(&checks)}
	o.ResumeID = s.ID
	d := newKeyDriver(t, o)
	wantView(t, d, "! 1 Først", "▶ 2 Andre") // right from the first frame

	// A key typed in step 2 gives step 1 its answer: the mark follows.
	d.send(bt.KeyMsg{Type: bt.KeyRunes, Runes: []rune{'A'}})
	d.settle()
	wantView(t, d, "✓ 1 Først")
	d.send(bt.KeyMsg{Type: bt.KeyBackspace})
	d.settle()
	wantView(t, d, "! 1 Først")

	// A burst of keys checked as one: the marks show the last of them.
	d.send(parseInput(t, "Blåbær")...)
	d.send(bt.KeyMsg{Type: bt.KeyBackspace}, bt.KeyMsg{Type: bt.KeyBackspace})
	d.settle()
	wantView(t, d, "✓ 1 Først", "Blåb")
	for range 4 {
		d.send(bt.KeyMsg{Type: bt.KeyBackspace})
	}
	d.settle()
	wantView(t, d, "! 1 Først")

	// A change from outside the screen (ui.SessionEdit) and one a screen
	// reports (ui.ChangedMsg) are checked too (on step 3: step 2's form
	// would put its own value back).
	d.send(bt.KeyMsg{Type: bt.KeyCtrlRight})
	d.settle()
	wantView(t, d, "! 1 Først", "▶ 3 Tredje")
	d.send(nameEdit("Fjordlønn"))
	d.settle()
	wantView(t, d, "✓ 1 Først")
	d.app.Session().Answers.System.Name = ""
	d.send(ui.ChangedMsg{})
	d.settle()
	wantView(t, d, "! 1 Først")

	// Drawing checks nothing.
	before := checks.Load()
	for range 50 {
		_ = d.app.View()
	}
	if n := checks.Load() - before; n != 0 {
		t.Fatalf("50 frames checked the answers %d times", n)
	}
}
