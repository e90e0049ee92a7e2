package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/focus"
)

// The focus of a screen. A screen whose content may be taller than its
// room marks the part the user is working in (the selected item of a
// menu, the field with focus and the message under it, a question to
// answer) with Focus; the frame scrolls the body so that part shows, and
// puts a mark ("↑ mer", "↓ mer") where lines are hidden. The marks are
// escape sequences of no width (internal/focus), so wrapping, styles and
// measuring pass them through; the frame takes them out.
const (
	focusOpen  = focus.Open
	focusClose = focus.Close
)

// Focus marks s as where the user is working: the frame keeps its last
// line (and as much above it as fits) in view. Marked parts nest or
// follow each other freely; the last one is the focus.
func Focus(s string) string { return focus.Mark(s) }

// Unfocus takes the focus marks out of s, for views that are not drawn
// through the frame.
func Unfocus(s string) string { return focus.Strip(s) }

// scrollMarks are the lines that stand for hidden lines above and below.
type scrollMarks struct{ up, down string }

func newScrollMarks(st *Styles, lang string) scrollMarks {
	return scrollMarks{
		up:   st.Dim.Render(T(lang, "↑ mer", "↑ more")),
		down: st.Dim.Render(T(lang, "↓ mer", "↓ more")),
	}
}

// frame lays out the wizard's header, body and footer: the body in h
// lines, the App style's padding of one column on each side, no line
// wider than w (a wider one is cut with "…", a last resort: screens wrap
// to w). A body that fits is drawn the way
//
//	body = lipgloss.PlaceVertical(h, lipgloss.Top, body)
//	App.Render(lipgloss.JoinVertical(lipgloss.Left, header, body, footer))
//
// does, byte for byte (TestFrameIsLipglossLayout), but measuring each
// line once: lipgloss measured the whole frame five times, a third of a
// keystroke. A taller body is scrolled to its focus (see Focus), with the
// marks where lines are hidden (made only then: marks is called).
func frame(header, body, footer string, w, h int, marks func() scrollMarks) string {
	header, body, footer = untab(header), untab(body), untab(footer)
	var lines []string
	lines = append(lines, strings.Split(header, "\n")...)
	bl, first, last := focusLines(strings.Split(body, "\n"))
	if len(bl) > h {
		bl = scroll(bl, first, last, h, marks)
	}
	lines = append(lines, bl...)
	for i := len(bl); i < h; i++ {
		lines = append(lines, "")
	}
	lines = append(lines, strings.Split(footer, "\n")...)
	widths := make([]int, len(lines))
	maxW := 0
	for i, l := range lines {
		widths[i] = ansi.StringWidth(l)
		if widths[i] > w && w > 0 {
			lines[i] = ansi.Truncate(l, w, "…")
			widths[i] = ansi.StringWidth(lines[i])
		}
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

// Shown is what the wizard's frame shows of a screen's view in a body of
// h lines: scrolled to the focus, with "↑ mer"/"↓ mer" where lines are
// hidden, and the focus marks taken out. For tests of a screen on its own.
func Shown(view string, h int) string {
	lines, first, last := focusLines(strings.Split(untab(view), "\n"))
	if len(lines) > h {
		lines = scroll(lines, first, last, h, func() scrollMarks { return scrollMarks{"↑ mer", "↓ mer"} })
	}
	return strings.Join(lines, "\n")
}

// focusLines takes the focus marks out of lines and says where the focus
// is: the first and last line of the last marked part (to the body's end
// when its mark is not closed), or -1, -1 when nothing is marked.
func focusLines(lines []string) (out []string, first, last int) {
	first, last = -1, -1
	depth, start := 0, 0
	for i, l := range lines {
		if !strings.Contains(l, "\x1b_") {
			continue
		}
		for {
			o, c := strings.Index(l, focusOpen), strings.Index(l, focusClose)
			if o < 0 && c < 0 {
				break
			}
			if o >= 0 && (c < 0 || o < c) {
				l = l[:o] + l[o+len(focusOpen):]
				if depth == 0 {
					start = i
				}
				depth++
				continue
			}
			l = l[:c] + l[c+len(focusClose):]
			if depth > 0 {
				depth--
			} else {
				start = i
			}
			if depth == 0 {
				first, last = start, i
			}
		}
		lines[i] = l
	}
	if depth > 0 {
		first, last = start, len(lines)-1
	}
	return lines, first, last
}

// scroll shows h of the lines: from the top, or, when the focus (lines
// first to last) would be hidden, from as high as keeps it in view with a
// few lines under it (what comes next) when there is room. A line at each
// end where lines are hidden says so.
func scroll(lines []string, first, last, h int, marks func() scrollMarks) []string {
	// Blank lines at the end are not content.
	n := len(lines)
	for n > h && strings.TrimSpace(ansi.Strip(lines[n-1])) == "" {
		n--
	}
	lines = lines[:n]
	if n <= h {
		return lines
	}
	if h < 3 { // no room for marks
		from := max(0, min(last-h+1, n-h))
		return lines[from : from+h]
	}
	if last >= 0 {
		// Up to a third of the room under the focus, if the focus and
		// the marks leave it.
		last = min(n-1, last+max(0, min(h/3, h-2-(last-first+1))))
	}
	from := 0
	for last >= shownTo(n, h, from) {
		from++
	}
	return scrollWindow(lines, from, h, marks())
}

// shownTo is where what shows of n lines in h from line off ends: a line
// goes to the mark at each end where lines are hidden.
func shownTo(n, h, off int) int {
	room := h
	if off > 0 {
		room--
	}
	if off+room < n {
		room--
	}
	return min(off+room, n)
}

// lastOffset is the offset that shows the end of n lines in h.
func lastOffset(n, h int) int {
	off := max(0, n-h)
	for off > 0 && shownTo(n, h, off-1) == n {
		off--
	}
	for shownTo(n, h, off) < n {
		off++
	}
	return off
}

// scrollWindow is the lines shown from line from in h lines (at least 3), with
// the marks.
func scrollWindow(lines []string, from, h int, marks scrollMarks) []string {
	end := shownTo(len(lines), h, from)
	out := make([]string, 0, h)
	if from > 0 {
		out = append(out, marks.up)
	}
	out = append(out, lines[from:end]...)
	if end < len(lines) {
		out = append(out, marks.down)
	}
	return out
}

// untab turns tabs into four spaces, as lipgloss's Render does.
func untab(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	return strings.ReplaceAll(s, "\t", "    ")
}

// tooSmallView asks for a larger window, fitted to the w×h it has: the
// whole message wrapped to the width, or, when that is too tall, only
// the size to make it; nothing sticks out (the terminal would wrap it and
// scroll the top away).
func tooSmallView(lang string, w, h int) string {
	pad := ""
	if w >= 12 {
		pad = " " // the App style's padding, when there is room for it
	}
	inner := max(1, w-2*len(pad))
	var lines []string
	for _, text := range []string{
		fmt.Sprintf(T(lang,
			"Vinduet er for lite (%d×%d).\nGjør det minst %d×%d tegn stort; ingenting av det du har skrevet går tapt.",
			"The window is too small (%d×%d).\nMake it at least %d×%d characters; nothing you typed is lost."),
			w, h, MinWidth, MinHeight),
		fmt.Sprintf(T(lang, "For lite: minst %d×%d.", "Too small: at least %d×%d."), MinWidth, MinHeight),
		fmt.Sprintf("%d×%d", MinWidth, MinHeight),
	} {
		if inner >= 10 {
			lines = strings.Split(Wrap(text, inner), "\n")
		} else {
			lines = strings.Split(ansi.Wrap(text, inner, ""), "\n")
		}
		if len(lines) <= h {
			break
		}
	}
	lines = lines[:min(len(lines), max(1, h))]
	for i, l := range lines {
		lines[i] = pad + ansi.Truncate(strings.TrimRight(l, " "), inner, "")
	}
	return strings.Join(lines, "\n")
}
