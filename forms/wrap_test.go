package forms_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// wholeOnALine fails unless one of the view's lines holds want whole,
// and no line is wider than width.
func wholeOnALine(t *testing.T, what string, width int, view, want string) {
	t.Helper()
	view = ansi.Strip(ui.Unfocus(view))
	found := false
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, want) {
			found = true
		}
		if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > width {
			t.Errorf("%s at width %d: a line of %d cells: %q", what, width, w, l)
		}
	}
	if !found {
		t.Errorf("%s at width %d: %q is not whole on one line:\n%s", what, width, want, view)
	}
}

// A form's texts break at spaces only: huh broke them after "-" and ".",
// so an address or a resource ID came out in two pieces ("Listen står på
// https://www." / "altinndigital.no/datasystemer", "for example
// ske-krav-" / "og-betalinger", seen in tmux at 80×24). The widths are
// the body of an 80-column window (78) and narrower ones.
func TestFormTextsBreakAtSpacesOnly(t *testing.T) {
	const url, id = "https://www.altinndigital.no/datasystemer", "ske-krav-og-betalinger"
	for _, width := range []int{78, 58, 46} {
		for _, lang := range []forms.Lang{forms.NB, forms.EN} {
			var svc session.Service
			f := forms.ServiceForm(&svc, 0, forms.FormOptions{Lang: lang, Theme: forms.ThemeFor(true)})
			s := ui.NewFormScreen(f, "")
			s.SetSize(width, 17)
			s.Init()
			wholeOnALine(t, "the service form", width, s.View(), url)
		}

		// A field's description and title, blurred and with focus, in a
		// form of fields built elsewhere (the Altinn 3 track's).
		var name, rights string
		f := forms.NewForm("Systemet", "", forms.FormOptions{Lang: forms.EN, Theme: forms.ThemeFor(true)},
			huh.NewInput().Key("name").Title("Name").Value(&name),
			huh.NewInput().Key("rights").Title("Rights (resource IDs, for example "+id+")").
				Description("IDs from the resource register, separated by spaces, for example "+id).Value(&rights))
		s := ui.NewFormScreen(f, "")
		s.SetSize(width, 17)
		s.Init()
		twice(t, "a blurred field", width, s.View(), id)
		s.Update(tea.KeyMsg{Type: tea.KeyEnter})
		if got := f.GetFocusedField().GetKey(); got != "rights" {
			t.Fatalf("enter moved to %q, not to the rights", got)
		}
		twice(t, "a field with focus", width, s.View(), id)
		// A new width wraps the texts as given again, not as wrapped.
		s.SetSize(width+20, 17)
		twice(t, "a wider form", width+20, s.View(), id)
	}
}

// twice fails unless want shows whole twice (in a field's title and its
// description), and no line is wider than width.
func twice(t *testing.T, what string, width int, view, want string) {
	t.Helper()
	wholeOnALine(t, what, width, view, want)
	if n := strings.Count(ansi.Strip(view), want); n != 2 {
		t.Errorf("%s at width %d: %q shows whole %d times, not in the title and the description:\n%s", what, width, want, n, ansi.Strip(view))
	}
}
