package ui_test

import (
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

// hostile is text an imported session could carry: it retitles the
// terminal (OSC 0 … BEL), clears the screen (CSI 2J) and reverses what
// follows (RIGHT-TO-LEFT OVERRIDE).
const hostile = "Fjord\x1b]0;pwned\x07AS\x1b[2J\u202eSA"

// wantSafeFrame fails if a frame holds an escape other than a colour, or
// a control or bidi character.
func wantSafeFrame(t *testing.T, view string) {
	t.Helper()
	for i, r := range view {
		switch {
		case r == 0x1b:
			j := i + 2
			for j < len(view) && (view[j] >= '0' && view[j] <= '9' || view[j] == ';') {
				j++
			}
			if i+1 >= len(view) || view[i+1] != '[' || j >= len(view) || view[j] != 'm' {
				t.Fatalf("the frame sends %q:\n%s", view[i:min(len(view), i+10)], view)
			}
		case r < 0x20 && r != '\n', r >= 0x7f && r <= 0x9f, r == '\u202e':
			t.Fatalf("the frame sends %U:\n%q", r, view)
		}
	}
}

func TestPickerShowsHostileNames(t *testing.T) {
	st := newStore(t)
	s, _ := st.Create("Kunde", session.TrackAltinnII)
	s.Name = hostile
	s.Answers.Vendor = session.Vendor{Name: hostile, OrgNumber: "\x1b[2J"}
	st.Save(s)
	for _, noColor := range []bool{true, false} {
		o := options(st)
		o.NoColor = noColor
		app := open(t, o, 120, 40)
		view := app.View()
		wantSafeFrame(t, view)
		// The row (whole: the columns use the width) and the hint below
		// it show the name.
		if !strings.Contains(view, `▶ Fjord\x1b]0;pwned\x07AS\x1b[2J\u202eSA  Fjord`) || !strings.Contains(view, `Trykk enter for å fortsette med «Fjord\x1b]0;pwned\x07AS\x1b[2J\u202eSA»`) {
			t.Fatalf("the name is not shown:\n%s", view)
		}
	}
}

func TestWizardShowsHostileAnswers(t *testing.T) {
	st := newStore(t)
	s, _ := st.Create("Kunde", session.TrackAltinnII)
	s.Name = hostile
	s.Answers = sessiontest.Answers()
	s.Answers.Vendor.Name = hostile
	s.Answers.Declaration.SecurityMeasures = "Linje 1\n\x1b[2JLinje 2\u202e"
	s.Cursor = session.Cursor{Step: session.StepRegistration, Screen: steps.ScreenReview}
	st.Save(s)
	o := options(st)
	o.ResumeID = s.ID
	o.NoColor = false
	app := open(t, o, 120, 60)
	view := app.View()
	wantSafeFrame(t, view)
	// The header and the review show the name and the answers.
	if strings.Count(view, `Fjord\x1b]0;pwned\x07AS\x1b[2J\u202eSA`) < 2 || !strings.Contains(view, `\x1b[2JLinje 2\u202e`) {
		t.Fatalf("the answers are not shown:\n%s", view)
	}
}
