package termtext

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Text fitted to a width: ui.Wrap for the wizard's screens, and the forms'
// titles and descriptions (forms may not import ui). It wraps; it does not
// neutralise (Line, Text).

// Wrap breaks s into lines of at most width cells (at least 10): at
// spaces, and inside a word (a path, say) only when the word is longer
// than a line, after a "/" or "-" when it can. A code, a key ID or an
// address that fits on a line is never split ("AUTH.VLD-" and "00004" on
// two lines read as two things).
func Wrap(s string, width int) string {
	width = max(10, width)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapLine(para, width)...)
	}
	return strings.Join(out, "\n")
}

// wrapLine wraps one line of text at spaces (runs of spaces are kept
// inside a line); a word wider than a line starts where it is unless
// less than a third of the line is left (a path broken right after
// "send it: " left a lone "/" there), and is broken by ansi.Wrap, after
// a "/" or "-" where it can.
func wrapLine(s string, width int) []string {
	var lines []string
	cur, curW := "", -1
	for _, word := range strings.Split(s, " ") {
		w := ansi.StringWidth(word)
		switch {
		case curW < 0:
			cur, curW = word, w
		case curW+1+w <= width || w > width && width-curW-1 >= width/3:
			// A word no line holds starts where it is when a third of
			// the line is left for it, else on a line of its own.
			cur, curW = cur+" "+word, curW+1+w
		default:
			lines = append(lines, strings.TrimRight(cur, " "))
			cur, curW = word, w
		}
		if curW > width {
			parts := strings.Split(ansi.Wrap(cur, width, "/-"), "\n")
			for _, p := range parts[:len(parts)-1] {
				lines = append(lines, strings.TrimRight(p, " ")) // a space at a break may stick out
			}
			cur = parts[len(parts)-1]
			curW = ansi.StringWidth(cur)
		}
	}
	return append(lines, strings.TrimRight(cur, " "))
}
