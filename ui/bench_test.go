package ui_test

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

// BenchmarkKeystroke is one key typed into a form field of a fully
// filled session: Update, then View. Target: under 1 ms.
func BenchmarkKeystroke(b *testing.B) {
	st := newStore(b)
	s := sessiontest.Full(fixed)
	s.Cursor = session.Cursor{Step: session.StepRegistration, Screen: steps.ScreenSystem, Field: "system.description"}
	s.ID = ""
	created, _ := st.Create(s.Name, session.TrackAltinnII)
	s.ID = created.ID
	st.Save(s)
	o := options(st)
	o.ResumeID = s.ID
	app := open(b, o, 120, 40)
	keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune{'æ'}}, {Type: tea.KeyBackspace}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		app.Update(keys[i%2])
		_ = app.View()
		i++
	}
}
