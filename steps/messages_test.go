package steps

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

func withoutSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, ansi.Strip(s))
}

// The path to open yourself, when no program opens the file, was cut at
// the right edge of the review; every screen that opens files shows it
// whole now, wrapped to the screen's width.
func TestOpenItYourselfShowsTheWholePath(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)
	d := Deps{Now: func() time.Time { return now }, OutputBase: "/tmp/altinn-onboard-ut"}
	path := "/home/åse/Dokumenter/altinn-onboard/blabaer-regnskap-pro-kunde-1/registrering-blabaer-regnskap-pro.docx"
	text := "Fant ikke xdg-open, så jeg kan ikke åpne filen. Åpne den selv: " + path
	screens := map[string]func(ctx *ui.Context) ui.Screen{
		"review": func(ctx *ui.Context) ui.Screen { return newReviewScreen(ctx, d, "") },
		"order":  func(ctx *ui.Context) ui.Screen { return newTestOrderScreen(ctx, d, "") },
		"guide":  func(ctx *ui.Context) ui.Screen { return newGuideScreen(ctx, d, "") },
	}
	for name, build := range screens {
		for _, width := range []int{62, 80} {
			ctx := onTrack(&ui.Context{Session: sessiontest.Full(now), Lang: "nb", NoColor: true, Width: width, Height: 24}, d)
			s := build(ctx)
			s.SetSize(width, 24)
			s, _ = s.Update(openedMsg{path: path, err: errors.New(text)})
			v := s.View()
			if !strings.Contains(withoutSpace(v), withoutSpace(text)) {
				t.Errorf("%s at %d: the message is not whole:\n%s", name, width, ansi.Strip(v))
			}
			for _, l := range strings.Split(ansi.Strip(v), "\n") {
				if lipgloss.Width(l) > width {
					t.Errorf("%s at %d: a line of %d cells: %q", name, width, lipgloss.Width(l), l)
				}
			}
		}
	}
}
