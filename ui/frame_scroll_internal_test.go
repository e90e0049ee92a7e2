package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// body is n numbered lines, the lines from..to (inclusive) marked as the
// focus; from < 0 marks nothing.
func body(n, from, to int) string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("linje %d", i)
	}
	if from >= 0 {
		lines[from] = focusOpen + lines[from]
		lines[to] += focusClose
	}
	return strings.Join(lines, "\n")
}

// shown is the body lines a frame shows (header "H", footer "F").
func shown(t *testing.T, f string) []string {
	t.Helper()
	lines := strings.Split(f, "\n")
	if strings.TrimSpace(lines[0]) != "H" || strings.TrimSpace(lines[len(lines)-1]) != "F" {
		t.Fatalf("header or footer lost:\n%s", f)
	}
	if strings.Contains(f, "\x1b_") {
		t.Fatalf("focus marks left in the frame: %q", f)
	}
	out := lines[1 : len(lines)-1]
	for i, l := range out {
		out[i] = strings.TrimSpace(l)
	}
	return out
}

// A body taller than its room scrolls to keep the focus in sight, with a
// mark for what is hidden above and below; without a focus it shows its
// top and says there is more.
func TestFrameScrolls(t *testing.T) {
	marks := scrollMarks{"↑ mer", "↓ mer"}
	for _, c := range []struct {
		name          string
		n, from, to   int
		h             int
		first, last   string // the first and last lines shown
		wantFocusSeen []int
	}{
		{"no focus", 40, -1, -1, 10, "linje 0", "↓ mer", nil},
		{"focus on top", 40, 2, 3, 10, "linje 0", "↓ mer", []int{2, 3}},
		{"focus below", 40, 20, 22, 10, "↑ mer", "↓ mer", []int{20, 21, 22}},
		{"focus at the end", 40, 37, 39, 10, "↑ mer", "linje 39", []int{37, 38, 39}},
		{"focus taller than the room", 40, 5, 30, 10, "↑ mer", "↓ mer", []int{30}},
		{"fits", 8, 6, 7, 10, "linje 0", "", []int{6, 7}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := shown(t, frame("H", body(c.n, c.from, c.to), "F", 80, c.h, func() scrollMarks { return marks }))
			if len(got) != c.h {
				t.Fatalf("%d body lines, want %d:\n%s", len(got), c.h, strings.Join(got, "\n"))
			}
			if got[0] != c.first || got[len(got)-1] != c.last {
				t.Fatalf("shows %q … %q, want %q … %q:\n%s", got[0], got[len(got)-1], c.first, c.last, strings.Join(got, "\n"))
			}
			for _, i := range c.wantFocusSeen {
				if !strings.Contains(strings.Join(got, "\n")+"\n", fmt.Sprintf("linje %d\n", i)) {
					t.Fatalf("focus line %d not shown:\n%s", i, strings.Join(got, "\n"))
				}
			}
		})
	}
}

// A mark left open (the focused part runs to the end) and marks nested
// or following each other: the last part is the focus.
func TestFrameFocusMarks(t *testing.T) {
	lines := strings.Split(body(30, -1, -1), "\n")
	lines[3] = focusOpen + lines[3] + focusClose  // an earlier part
	lines[20] = focusOpen + focusOpen + lines[20] // nested, opened
	lines[21] += focusClose                       // inner closed
	lines[24] += focusClose                       // outer closed
	_, first, last := focusLines(append([]string(nil), lines...))
	if first != 20 || last != 24 {
		t.Fatalf("focus %d–%d, want 20–24", first, last)
	}
	open := strings.Split(body(30, -1, -1), "\n")
	open[25] = focusOpen + open[25]
	if _, first, last := focusLines(open); first != 25 || last != 29 {
		t.Fatalf("open focus %d–%d, want 25–29", first, last)
	}
}

// No line of the frame is wider than its width: a line that would be is
// cut with "…" (screens wrap; this is the last resort).
func TestFrameCutsWideLines(t *testing.T) {
	f := frame(strings.Repeat("h", 100), strings.Repeat("b", 100), strings.Repeat("f", 100), 50, 3, func() scrollMarks { return scrollMarks{} })
	for _, l := range strings.Split(f, "\n") {
		if w := ansi.StringWidth(l); w > 52 {
			t.Fatalf("a line of %d in a frame of 50 (and its padding):\n%s", w, f)
		}
	}
}
