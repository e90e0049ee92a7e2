package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// frame lays out the wizard's header, body and footer the way
//
//	body = lipgloss.NewStyle().MaxHeight(h).Render(body)
//	body = lipgloss.PlaceVertical(h, lipgloss.Top, body)
//	App.Render(lipgloss.JoinVertical(lipgloss.Left, header, body, footer))
//
// does, with App a padding of one column on each side and nothing else,
// byte for byte (TestFrameIsLipglossLayout), but measuring each line once:
// lipgloss measured the whole frame five times, a third of a keystroke.
func frame(header, body, footer string, h int) string {
	header, body, footer = untab(header), untab(body), untab(footer)
	var lines []string
	lines = append(lines, strings.Split(header, "\n")...)
	bl := strings.Split(body, "\n")
	maxW := 0
	for _, l := range bl[min(h, len(bl)):] { // cut, but lipgloss measured them first
		maxW = max(maxW, ansi.StringWidth(l))
	}
	bl = bl[:min(h, len(bl))]
	lines = append(lines, bl...)
	for i := len(bl); i < h; i++ {
		lines = append(lines, "")
	}
	lines = append(lines, strings.Split(footer, "\n")...)
	widths := make([]int, len(lines))
	for i, l := range lines {
		widths[i] = ansi.StringWidth(l)
		maxW = max(maxW, widths[i])
	}
	var b strings.Builder
	b.Grow(len(header) + len(body) + len(footer) + len(lines)*(maxW/2+4))
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteByte(' ')
		b.WriteString(l)
		b.WriteString(strings.Repeat(" ", maxW-widths[i]+1))
	}
	return b.String()
}

// untab turns tabs into four spaces, as lipgloss's Render does.
func untab(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	return strings.ReplaceAll(s, "\t", "    ")
}
