package ui_test

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// BenchmarkKeyOnEveryScreen is one key and the frame it draws (Update,
// then View) on every screen of a filled session at 110×40: on a form a
// letter typed and erased, elsewhere down and up. Target: every screen
// well under 50 ms a key (the frame budget a user notices).
func BenchmarkKeyOnEveryScreen(b *testing.B) {
	st := newStore(b)
	s := sessiontest.Full(fixed)
	created, err := st.Create(s.Name, session.TrackAltinnII)
	if err != nil {
		b.Fatal(err)
	}
	s.ID = created.ID
	if err := st.Save(s); err != nil {
		b.Fatal(err)
	}
	o := options(st)
	o.NoColor = false
	o.ResumeID = s.ID
	withDeps(&o, steps.Deps{Secrets: noSecrets{}, Now: func() time.Time { return fixed }})
	d := newKeyDriver(b, o)
	form := []tea.Msg{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'æ'}}, tea.KeyMsg{Type: tea.KeyBackspace}}
	list := []tea.Msg{tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}}
	for _, step := range append(stepsOf(), ui.Step{ID: "overview", Screens: []ui.ScreenSpec{{ID: "overview"}}}) {
		for _, sc := range step.Screens {
			b.Run(step.ID+"/"+sc.ID, func(b *testing.B) {
				d.send(ui.JumpMsg{Step: step.ID, Screen: sc.ID})
				d.settle()
				keys := list
				if step.ID != "overview" && isForm(step, sc.ID, d) {
					keys = form
				}
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					d.app.Update(keys[i%2])
					_ = d.app.View()
					i++
				}
				d.pending = nil
			})
		}
	}
}

// isForm says whether the screen shown is a form (typing is its key).
func isForm(step ui.Step, screen string, d *keyDriver) bool {
	for _, sc := range step.Screens {
		if sc.ID == screen && sc.New != nil {
			ctx := &ui.Context{Session: ptr(*d.app.Session()), Lang: "nb"}
			_, ok := sc.New(ctx, "").(*ui.FormScreen)
			return ok
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }
