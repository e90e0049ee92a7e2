package ui_test

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// BenchmarkKeystroke is one key typed into a form field of a fully
// filled session: Update, then View. Target: under 1 ms, with the three
// services of a small vendor and with the 1,000 of a consultant's.
func BenchmarkKeystroke(b *testing.B) {
	for _, n := range []int{3, 1000} {
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			s := sessiontest.Full(fixed)
			withServices(s, n)
			s.Cursor = session.Cursor{Step: session.StepRegistration, Screen: steps.ScreenSystem, Field: "system.description"}
			app := open(b, resumeOptions(b, s), 120, 40)
			keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune{'æ'}}, {Type: tea.KeyBackspace}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				app.Update(keys[i%2])
				_ = app.View()
				i++
			}
		})
	}
}

// withServices gives s n valid services (the first ones of
// sessiontest.Full kept), each ticked in TT02's checklist for submission.
func withServices(s *session.Session, n int) {
	svcs := s.Answers.System.Services
	for i := len(svcs); i < n; i++ {
		svcs = append(svcs, session.Service{Code: fmt.Sprint(10000 + i), Edition: "1", Name: fmt.Sprintf("Tjeneste %d", i), Owner: "Skatteetaten"})
	}
	s.Answers.System.Services = svcs[:n]
	s.Testing.Checklist = nil
	for _, svc := range s.Answers.System.Services {
		s.Testing.Checklist = append(s.Testing.Checklist, session.ServiceTest{Code: svc.Code, Edition: svc.Edition, Submission: true})
	}
}

// resumeOptions stores s in a new store and returns options that resume it.
func resumeOptions(b *testing.B, s *session.Session) ui.Options {
	st := newStore(b)
	s.ID = ""
	created, err := st.Create(s.Name, session.TrackAltinnII)
	if err != nil {
		b.Fatal(err)
	}
	s.ID = created.ID
	if err := st.Save(s); err != nil {
		b.Fatal(err)
	}
	o := options(st)
	o.ResumeID = s.ID
	return o
}
