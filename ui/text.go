package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Text fitted to a width, for screens: a message wraps (Wrap), a cell of
// a table or a menu's line is cut (Clip) and padded (Pad).

// Wrap breaks s into lines of at most width cells (at least 10): at
// spaces, and inside a word (a path, say) only where it must, after a
// "/" or "-" when it can.
func Wrap(s string, width int) string {
	lines := strings.Split(ansi.Wrap(s, max(10, width), "/-"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ") // a space at a break may stick out
	}
	return strings.Join(lines, "\n")
}

// Indent puts prefix before every line of s.
func Indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// Clip cuts s to n cells, ending it with "…" when it was longer; the
// styles in s are kept whole.
func Clip(s string, n int) string { return ansi.Truncate(s, max(1, n), "…") }

// Pad fills s with spaces to w cells.
func Pad(s string, w int) string { return s + strings.Repeat(" ", max(0, w-lipgloss.Width(s))) }
