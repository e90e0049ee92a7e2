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

// Set records the terminal's answer: the wizard asked (see ui) and
// lipgloss's default renderer, which huh's themes use, must agree.
func Set(d bool) {
	dark = d
	lipgloss.SetHasDarkBackground(d)
}

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

// Query asks the terminal for its background colour (OSC 11), then for its
// primary device attributes (DA1). Terminals answer in order and every
// terminal answers DA1, so a DA1 answer with no OSC 11 answer before it
// means the terminal will not say; no answer at all means a time-out.
const Query = "\x1b]11;?\x1b\\" + "\x1b[c"

// ParseBackground reads the body of a terminal's OSC 11 answer, between
// "ESC ]" and the terminator: "11;rgb:RRRR/GGGG/BBBB", each component one
// to four hex digits ("rgba:" with a fourth is read too). ok is false for
// anything else.
func ParseBackground(body string) (dark, ok bool) {
	rest, found := strings.CutPrefix(body, "11;rgb:")
	if !found {
		if rest, found = strings.CutPrefix(body, "11;rgba:"); !found {
			return false, false
		}
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 3 || len(parts) > 4 {
		return false, false
	}
	const hexDigits = "0123456789abcdef"
	hex := []byte{'#'}
	for _, p := range parts[:3] {
		if len(p) < 1 || len(p) > 4 {
			return false, false
		}
		v, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return false, false
		}
		max := uint64(1)<<(4*len(p)) - 1
		b := v * 255 / max
		hex = append(hex, hexDigits[b>>4], hexDigits[b&15])
	}
	return IsDark(termenv.RGBColor(string(hex))), true
}
