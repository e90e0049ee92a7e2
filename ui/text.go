package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
)

// Text fitted to a width, for screens: a message wraps (Wrap), a cell of
// a table or a menu's line is cut (Clip) and padded (Pad).

// Wrap breaks s into lines of at most width cells (at least 10): at
// spaces, and inside a word (a path, say) only when the word is longer
// than a line, after a "/" or "-" when it can. A code, a key ID or an
// address that fits on a line is never split ("AUTH.VLD-" and "00004" on
// two lines read as two things). It is termtext.Wrap, which the forms
// use too (they may not import ui).
func Wrap(s string, width int) string { return termtext.Wrap(s, width) }

// Indent puts prefix before every line of s.
func Indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// Clip cuts s to n cells, ending it with "…" when it was longer; the
// styles in s are kept whole.
func Clip(s string, n int) string { return ansi.Truncate(s, max(1, n), "…") }

// Pad fills s with spaces to w cells.
func Pad(s string, w int) string { return s + strings.Repeat(" ", max(0, w-lipgloss.Width(s))) }
