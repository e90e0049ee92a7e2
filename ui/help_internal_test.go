package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

func bindings(n int) []key.Binding {
	var out []key.Binding
	for i := range n {
		out = append(out, key.NewBinding(key.WithKeys(fmt.Sprint(i)), key.WithHelp(fmt.Sprintf("k%d", i), fmt.Sprintf("gjør ting nummer %d", i))))
	}
	return out
}

// The short help never runs past its width, and the help key is always
// on it, after "…" when keys gave way.
func TestShortHelpFitsAndKeepsHelpKey(t *testing.T) {
	bs := append(bindings(8), key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "mer hjelp")), key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "avslutt")))
	for w := 1; w < 250; w++ {
		got := shortHelpView(help.New().Styles, bs, 8, w)
		if gw := ansi.StringWidth(got); gw > w {
			t.Fatalf("width %d: %d wide: %q", w, gw, got)
		}
		if w >= 16 && !strings.Contains(got, "? mer hjelp") {
			t.Fatalf("width %d: no help key: %q", w, got)
		}
	}
	if got := shortHelpView(help.New().Styles, bs, 8, 250); strings.Contains(got, "…") || !strings.HasSuffix(got, "? mer hjelp • q avslutt") {
		t.Fatalf("all keys fit, in their order: %q", got)
	}
}

// The full help fits the width and the lines it is given, flowing the
// keys into columns; with room, a column a group.
func TestFullHelpFits(t *testing.T) {
	groups := [][]key.Binding{bindings(9), bindings(4), bindings(3)}
	st := help.New().Styles
	if got := fullHelpView(st, groups, 200, 20); strings.Count(got, "\n") != 8 {
		t.Fatalf("with room, a column a group (9 rows):\n%s", got)
	}
	for _, size := range [][2]int{{62, 9}, {78, 12}, {98, 18}, {62, 4}, {30, 3}} {
		got := fullHelpView(st, groups, size[0], size[1])
		lines := strings.Split(got, "\n")
		if len(lines) > size[1] {
			t.Fatalf("%v: %d lines:\n%s", size, len(lines), got)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > size[0] {
				t.Fatalf("%v: a line of %d:\n%s", size, ansi.StringWidth(l), got)
			}
		}
	}
}
