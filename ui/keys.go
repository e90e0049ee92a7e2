package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

// KeyMap holds the app's own keys; screens add theirs.
type KeyMap struct {
	Back, Save, Quit, ForceQuit, Help, HelpAny, NextStep, PrevStep key.Binding
	// JumpStep[i] goes to the stepper's item i: alt+1 to alt+9, one for
	// each step of the track and the overview (the first nine).
	JumpStep []key.Binding
}

// maxJumpKeys is how many items the alt+digit keys reach.
const maxJumpKeys = 9

// newKeyMap makes the keys for a stepper of items items (the track's
// steps and the overview).
func newKeyMap(lang string, items int) KeyMap {
	t := func(nb, en string) string { return T(lang, nb, en) }
	k := KeyMap{
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("tilbake", "back"))),
		Save:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", t("lagre", "save"))),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", t("avslutt", "quit"))),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t("lagre og avslutt", "save and quit"))),
		Help:      key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", t("mer hjelp", "more help"))),
		HelpAny:   key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", t("mer hjelp", "more help"))),
		NextStep:  key.NewBinding(key.WithKeys("ctrl+right"), key.WithHelp("ctrl+→", t("neste steg", "next step"))),
		PrevStep:  key.NewBinding(key.WithKeys("ctrl+left"), key.WithHelp("ctrl+←", t("forrige steg", "previous step"))),
	}
	n := max(1, min(items, maxJumpKeys))
	for i := range n {
		b := key.NewBinding(key.WithKeys(fmt.Sprintf("alt+%d", i+1)))
		if i == 0 {
			keys := fmt.Sprintf("alt+1…%d", n)
			if n == 1 {
				keys = "alt+1"
			}
			b.SetHelp(keys, t("gå til steg", "go to step"))
		}
		k.JumpStep = append(k.JumpStep, b)
	}
	return k
}

// The footer's help, laid out to fit. bubbles/help let a line run past
// its width once the "…" no longer fit after it, and put the columns of
// the full help side by side however many there were: at 80 columns a
// column became "…", the terminal wrapped what stuck out, and the lines
// it added pushed the title off the top.

// helpEntry is a key and what it does, as shown.
type helpEntry struct{ key, desc string }

func helpEntries(bs []key.Binding) []helpEntry {
	var out []helpEntry
	for _, b := range bs {
		if b.Enabled() && b.Help().Key != "" {
			out = append(out, helpEntry{b.Help().Key, b.Help().Desc})
		}
	}
	return out
}

// shortHelpView is the keys on one line of at most width cells. When
// they do not fit, those that do not give way to "…", followed by
// bs[keep] (the key that shows the full help), which is always there.
func shortHelpView(st help.Styles, bs []key.Binding, keep, width int) string {
	sep := st.ShortSeparator.Inline(true).Render(" • ")
	sepW := ansi.StringWidth(sep)
	var all, parts, kept []string
	var widths []int
	total := -sepW
	for i, b := range bs {
		for _, e := range helpEntries([]key.Binding{b}) {
			s := st.ShortKey.Inline(true).Render(e.key) + " " + st.ShortDesc.Inline(true).Render(e.desc)
			w := ansi.StringWidth(s)
			total += w + sepW
			all = append(all, s)
			if i == keep {
				kept = append(kept, s)
				continue
			}
			parts, widths = append(parts, s), append(widths, w)
		}
	}
	if total <= width {
		return strings.Join(all, sep)
	}
	// Keys, each with the separator after it, then "…", then the
	// separator and the kept key.
	ell := st.Ellipsis.Inline(true).Render("…")
	room := width - ansi.StringWidth(ell)
	for _, k := range kept {
		room -= sepW + ansi.StringWidth(k)
	}
	n, used := 0, 0
	for n < len(parts) && used+widths[n]+sepW <= room {
		used += widths[n] + sepW
		n++
	}
	// In a window too narrow for even that, the kept key is cut last.
	return ansi.Truncate(strings.Join(append(append(parts[:n:n], ell), kept...), sep), width, "…")
}

// fullHelpView is the groups of keys in at most width cells and lines
// lines: a column for each group when they fit side by side, else every
// key flowed into as many columns as fit, else one column cut to the
// lines with "…" (a window that small shows its own message).
func fullHelpView(st help.Styles, groups [][]key.Binding, width, lines int) string {
	lines = max(1, lines)
	var cols [][]helpEntry
	var all []helpEntry
	for _, g := range groups {
		if e := helpEntries(g); len(e) > 0 {
			cols = append(cols, e)
			all = append(all, e...)
		}
	}
	if s, w, h := helpColumns(st, cols); w <= width && h <= lines {
		return s
	}
	for c := min(4, len(all)); c >= 1; c-- {
		rows := (len(all) + c - 1) / c
		if s, w, h := helpColumns(st, split(all, rows)); w <= width && h <= lines {
			return s
		}
	}
	// The fewest columns that fit the width, as many rows as there are
	// lines; what is left over gives way to "…".
	c := 1
	for ; c < len(all); c++ {
		if _, w, _ := helpColumns(st, split(all, (len(all)+c)/(c+1))); w > width {
			break
		}
	}
	if len(all) > c*lines {
		all = append(all[:c*lines-1], helpEntry{key: "…"})
	}
	s, _, _ := helpColumns(st, split(all, (len(all)+c-1)/c))
	out := strings.Split(s, "\n")
	for i, l := range out {
		out[i] = ansi.Truncate(l, width, "…")
	}
	return strings.Join(out, "\n")
}

// split cuts entries into columns of rows entries.
func split(entries []helpEntry, rows int) [][]helpEntry {
	rows = max(1, rows)
	var cols [][]helpEntry
	for len(entries) > 0 {
		n := min(rows, len(entries))
		cols = append(cols, entries[:n])
		entries = entries[n:]
	}
	return cols
}

// helpColumns draws columns of keys and what they do side by side; it
// returns the drawing, its width and its height.
func helpColumns(st help.Styles, cols [][]helpEntry) (string, int, int) {
	const gap = "    "
	rows := 0
	keyW, descW := make([]int, len(cols)), make([]int, len(cols))
	for i, col := range cols {
		rows = max(rows, len(col))
		for _, e := range col {
			keyW[i] = max(keyW[i], ansi.StringWidth(e.key))
			descW[i] = max(descW[i], ansi.StringWidth(e.desc))
		}
	}
	width := 0
	for i := range cols {
		if i > 0 {
			width += len(gap)
		}
		width += keyW[i] + 1 + descW[i]
	}
	var b strings.Builder
	sep := st.FullSeparator.Inline(true).Render(gap)
	for r := range rows {
		if r > 0 {
			b.WriteByte('\n')
		}
		var line strings.Builder
		for i, col := range cols {
			if i > 0 {
				line.WriteString(sep)
			}
			if r >= len(col) {
				line.WriteString(strings.Repeat(" ", keyW[i]+1+descW[i]))
				continue
			}
			e := col[r]
			line.WriteString(st.FullKey.Inline(true).Render(e.key) + strings.Repeat(" ", keyW[i]-ansi.StringWidth(e.key)+1))
			line.WriteString(st.FullDesc.Inline(true).Render(e.desc) + strings.Repeat(" ", descW[i]-ansi.StringWidth(e.desc)))
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
	}
	return b.String(), width, rows
}
