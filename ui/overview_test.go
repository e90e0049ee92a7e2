package ui_test

import (
	"fmt"
	"strings"
	"testing"

	bt "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// manyProblemsTrack has one step with n problems.
func manyProblemsTrack(n int) ui.Track {
	step := noteStep()
	step.Problems = func(*ui.Context) []ui.Problem {
		out := make([]ui.Problem, n)
		for i := range out {
			out[i] = ui.Problem{Screen: "write", Field: fmt.Sprintf("f%d", i), Message: fmt.Sprintf("problem nummer %d", i+1)}
		}
		return out
	}
	return ui.Track{ID: "many", Title: func(string) string { return "Mange" }, Steps: []ui.Step{step}}
}

// The overview lists every problem; with more than fit, it scrolls so the
// selected one shows (it ran off the bottom of the screen before).
func TestOverviewScrollsToTheSelectedProblem(t *testing.T) {
	st := newStore(t)
	s, err := st.Create("Mange problemer", "many")
	if err != nil {
		t.Fatal(err)
	}
	o := options(st)
	o.Tracks = ui.Tracks{manyProblemsTrack(60)}
	o.ResumeID = s.ID
	d := newKeyDriver(t, o)
	d.send(ui.JumpMsg{Step: session.OverviewStep})
	d.settle()
	wantView(t, d, "Å rette (60):", "rad 1–")
	wantSelected(t, d, "problem nummer 1")
	d.send(bt.KeyMsg{Type: bt.KeyEnd})
	wantSelected(t, d, "problem nummer 60")
	wantView(t, d, "av 60")
	dontWantView(t, d, "problem nummer 1 ")
	for range 30 {
		d.send(bt.KeyMsg{Type: bt.KeyUp})
	}
	wantSelected(t, d, "problem nummer 30")
	if n := strings.Count(d.app.View(), "\n") + 1; n > 40 {
		t.Fatalf("%d lines in a terminal of 40", n)
	}
	// enter still goes to the selected problem's field.
	d.send(enter)
	d.settle()
	if c := d.app.Session().Cursor; c.Step != stepNote || c.Field != "" && c.Field != "note" {
		t.Fatalf("enter on a problem went to %+v", c)
	}
}

// wantSelected fails unless the screen shows the selected item ("▶ "
// before it) and it is item.
func wantSelected(t *testing.T, d *keyDriver, item string) {
	t.Helper()
	v := ansi.Strip(d.app.View())
	for _, l := range strings.Split(v, "\n") {
		if _, after, ok := strings.Cut(l, "▶ "); ok && strings.TrimSpace(after) == item {
			return
		}
	}
	t.Fatalf("%q is not shown selected:\n%s", item, v)
}
