package steps

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// The closure of Altinn II is said once, in the track's notice (with the
// day it was checked), not again on each step's screens.
func TestClosureNoteOnlyInTheNotice(t *testing.T) {
	for _, c := range []struct{ lang, closed, checked string }{
		{"nb", "19. juni 2026", "sjekket 25.11.2026"},
		{"en", "19 June 2026", "checked 25 November 2026"},
	} {
		if n := Notice(c.lang); !strings.Contains(n, c.closed) || !strings.Contains(n, c.checked) {
			t.Errorf("%s: the notice %q lacks %q or %q", c.lang, n, c.closed, c.checked)
		}
		ctx := svContextIn(c.lang, t.TempDir())
		ctx.Session.Answers = sessiontest.Answers()
		for _, st := range ctx.Track.Steps {
			for _, spec := range st.Screens {
				s := spec.New(ctx, "")
				s.SetSize(ctx.Width, ctx.Height)
				if v := ansi.Strip(s.View()); strings.Contains(strings.Join(strings.Fields(v), " "), c.closed) {
					t.Errorf("%s: step %s, screen %s repeats the closure note:\n%s", c.lang, st.ID, spec.ID, v)
				}
			}
		}
	}
}
