// Package termbg settles, before anything can ask the terminal, whether
// its background is dark.
//
// bubbletea v1's package init calls lipgloss.HasDarkBackground(), which
// asks the terminal (OSC 11, then a cursor position report) and waits up
// to 5 s for an answer. A terminal that never answers (serial consoles,
// `script`, some CI and SSH set-ups) then stalls every command, and the
// query bytes leak into the output. Go initialises packages in import-path
// order among those whose imports are done; this package imports only what
// bubbletea imports too, and its path sorts before github.com/charmbracelet,
// so its init runs first and tells lipgloss the answer, from the
// environment, without asking. The wizard may then ask once, itself (see
// ui.Options.Terminal), with a short bound.
//
// Keep the imports of this package to lipgloss, termenv and the standard
// library: anything bubbletea does not import could delay this init past
// bubbletea's.
package termbg

import (
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

var dark = FromEnv(os.Getenv("COLORFGBG"))

func init() {
	lipgloss.SetHasDarkBackground(dark)
}

// Dark is the background settled at start-up: what COLORFGBG says, else
// dark (what termenv assumes when a terminal does not answer).
func Dark() bool { return dark }

// FromEnv reads a COLORFGBG value ("15;0", or "0;default;15" as rxvt
// writes it): the last field is the background's ANSI colour. Anything it
// cannot read means dark.
func FromEnv(colorfgbg string) bool {
	if !strings.Contains(colorfgbg, ";") {
		return true
	}
	parts := strings.Split(colorfgbg, ";")
	i, err := strconv.Atoi(parts[len(parts)-1])
	if err != nil || i < 0 || i > 255 {
		return true
	}
	return IsDark(termenv.ANSI256Color(i))
}

// IsDark says whether a colour is dark, the way termenv judges a
// terminal's background.
func IsDark(c termenv.Color) bool {
	_, _, l := termenv.ConvertToRGB(c).Hsl()
	return l < 0.5
}
