package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestFrameIsLipglossLayout: frame draws what the lipgloss composition it
// replaced draws, for bodies shorter than and as long as the room, wide
// characters, colours and lines of every width. (A longer body scrolls:
// TestFrameScrolls.)
func TestFrameIsLipglossLayout(t *testing.T) {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.TrueColor)
	red := r.NewStyle().Foreground(lipgloss.Color("#ff0000"))
	app := r.NewStyle().Padding(0, 1)
	header := "Steg 1 av 6 · " + red.Render("Registrering") + "\n" + strings.Repeat("─", 30)
	footer := "\n" + red.Render("Lagret") + "  ctrl+c: avslutt"
	bodies := []string{
		"",
		"én linje",
		"Navn\n  Fjord Regnskap AS\n\nBeskrivelse æøå 日本語\n" + red.Render("for kort"),
		strings.Repeat("linje\n", 40) + "siste",
		"  innrykk  \n\t\n" + strings.Repeat("x", 120),
	}
	for _, body := range bodies {
		for _, h := range []int{1, 5, 18, 41, 60} {
			if strings.Count(body, "\n") >= h {
				continue
			}
			b := r.NewStyle().MaxHeight(h).Render(body)
			b = lipgloss.PlaceVertical(h, lipgloss.Top, b)
			want := app.Render(lipgloss.JoinVertical(lipgloss.Left, header, b, footer))
			if got := frame(header, body, footer, 1000, h, func() scrollMarks { return scrollMarks{"↑", "↓"} }); got != want {
				t.Errorf("h=%d body=%q:\n got %q\nwant %q", h, body, got, want)
			}
		}
	}
}

// TestFrameKeepsAppStyle: frame stands for the App style, a padding of
// one column on each side and nothing else; a change to it must change
// frame too.
func TestFrameKeepsAppStyle(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		for _, dark := range []bool{false, true} {
			app := newStyles(noColor, dark).App
			top, right, bottom, left := app.GetPadding()
			if top != 0 || right != 1 || bottom != 0 || left != 1 || app.GetWidth() != 0 || app.GetHeight() != 0 ||
				app.GetBorderStyle() != (lipgloss.Border{}) || app.Render("x") != " x " {
				t.Fatalf("App style (noColor=%v dark=%v) is no longer a bare padding of one column: update frame", noColor, dark)
			}
		}
	}
}
