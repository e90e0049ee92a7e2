package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// MenuItem is one choice of a Menu. It is plain data (no styles, no
// behaviour), so the same items can be shown another way: accessible
// mode asks for them as numbered lines.
type MenuItem struct {
	// Key says which item it is to the screen that acts on it.
	Key string
	// Label is the item's line, cut to the width with "…" (the rows of
	// a table), or wrapped when Wrap is set.
	Label string
	// Wrap wraps a label wider than the menu onto lines of its own, for
	// a label that is a sentence the user must read whole (a problem and
	// its remedy). The lines after the first are indented under the
	// label's text (a hanging indent), so each item's start stands out.
	Wrap bool
	// Hang is how far, in cells, a wrapped label's further lines are
	// indented past its first line's start: the width of the label's
	// lead (a mark and a number, "◐ 2 "), after a checkbox's "[ ] ";
	// with neither, 2 cells.
	Hang int
	// Detail is a line under the label, always shown, dim (where a
	// secret lives, say), wrapped to the width: never cut.
	Detail string
	// Help is shown under the label, wrapped, while the item is selected.
	Help string
	// Heading starts a group of items: a line above this item.
	Heading string
	// Checkbox makes the item one that is ticked on and off; Checked is
	// whether it is ticked ("[x] " or "[ ] " before the label).
	Checkbox, Checked bool
	// Problem says choosing the item goes to something to fix: the line
	// is in the error colour.
	Problem bool
	// Flagged marks a row that has something wrong with it ("! " before
	// it, in the error colour); the row itself is as usual.
	Flagged bool
	// Disabled items are shown dim; the cursor passes over them and they
	// cannot be chosen.
	Disabled bool
}

// Text is the item's label with its checkbox, as a line of plain text.
func (it MenuItem) Text() string {
	if !it.Checkbox {
		return it.Label
	}
	if it.Checked {
		return "[x] " + it.Label
	}
	return "[ ] " + it.Label
}

// MenuKeys are the keys a Menu answers. A screen that uses one of them
// for something else turns it off (SetEnabled(false)).
type MenuKeys struct {
	Up, Down, Home, End, PageUp, PageDown key.Binding
	// Choose chooses the selected item.
	Choose key.Binding
	// Toggle chooses the selected item when it is a checkbox.
	Toggle key.Binding
}

func newMenuKeys(lang string) MenuKeys {
	t := func(nb, en string) string { return T(lang, nb, en) }
	return MenuKeys{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", t("velg", "select"))),
		Down:     key.NewBinding(key.WithKeys("down", "j")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/end", t("først/sist", "first/last"))),
		End:      key.NewBinding(key.WithKeys("end", "G")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", t("bla", "page"))),
		PageDown: key.NewBinding(key.WithKeys("pgdown")),
		Choose:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("velg", "choose"))),
		Toggle:   key.NewBinding(key.WithKeys("x", " "), key.WithHelp("x", t("kryss av", "tick"))),
	}
}

// Menu is a list of items with a cursor: the keys move it (up, down,
// home, end, a page up and down), enter chooses, and it scrolls to keep
// the cursor in the height it is drawn in. What a choice does is the
// screen's: Update says which item was chosen.
type Menu struct {
	Items []MenuItem
	// Cursor is the selected item's index; below 0, none is (a key
	// moves the cursor onto the menu).
	Cursor int
	Keys   MenuKeys
	// MarkOnly shows the selection by the marker alone, for rows whose
	// own cells show where the cursor is (a grid of checkboxes).
	MarkOnly bool
	// Above lets the up key take the cursor from the first item off the
	// menu (Cursor -1: nothing selected, nothing marked as the focus), so
	// a screen taller than the window scrolls back up to what is above
	// the menu; the down key brings the cursor back.
	Above bool

	lang string
	page int // how many items the last View showed: a page
}

// NewMenu makes a menu of items, in lang ("nb" or "en").
func NewMenu(lang string, items []MenuItem) Menu {
	m := Menu{lang: lang, Keys: newMenuKeys(lang), page: 10}
	m.SetItems(items)
	return m
}

// SetItems replaces the items, keeping the cursor where it was (or on the
// last item, or the nearest one that can be chosen). A cursor below 0
// (nothing selected: the user is elsewhere on the screen) stays there.
func (m *Menu) SetItems(items []MenuItem) {
	m.Items = items
	if m.Cursor >= 0 {
		m.Cursor = max(0, min(m.Cursor, len(items)-1))
		m.settle(1)
	}
}

// Selected is the item under the cursor, or nil when there is none.
func (m *Menu) Selected() *MenuItem {
	if m.Cursor < 0 || m.Cursor >= len(m.Items) {
		return nil
	}
	return &m.Items[m.Cursor]
}

// Select puts the cursor on the first item with the key; it says whether
// there was one.
func (m *Menu) Select(key string) bool {
	for i, it := range m.Items {
		if it.Key == key && !it.Disabled {
			m.Cursor = i
			return true
		}
	}
	return false
}

// SelectFirst puts the cursor on the first item ok accepts; it says
// whether there was one.
func (m *Menu) SelectFirst(ok func(MenuItem) bool) bool {
	for i, it := range m.Items {
		if !it.Disabled && ok(it) {
			m.Cursor = i
			return true
		}
	}
	return false
}

// Update handles a key. A movement key moves the cursor; the choose key
// (or the toggle key on a checkbox) chooses the selected item, which
// Selected returns. handled says the key was the menu's.
func (m *Menu) Update(msg tea.Msg) (handled, chose bool) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return false, false
	}
	switch {
	case key.Matches(k, m.Keys.Up):
		if m.Above && m.Cursor < 0 {
			break
		}
		from := m.Cursor
		m.move(m.Cursor-1, -1)
		if m.Above && m.Cursor == from {
			m.Cursor = -1
		}
	case key.Matches(k, m.Keys.Down):
		m.move(m.Cursor+1, 1)
	case key.Matches(k, m.Keys.Home):
		m.move(0, 1)
	case key.Matches(k, m.Keys.End):
		m.move(len(m.Items)-1, -1)
	case key.Matches(k, m.Keys.PageUp):
		m.move(m.Cursor-max(1, m.page-1), -1)
	case key.Matches(k, m.Keys.PageDown):
		m.move(m.Cursor+max(1, m.page-1), 1)
	case key.Matches(k, m.Keys.Choose):
		it := m.Selected()
		return true, it != nil && !it.Disabled
	case key.Matches(k, m.Keys.Toggle):
		it := m.Selected()
		if it == nil || !it.Checkbox {
			return false, false
		}
		return true, !it.Disabled
	default:
		return false, false
	}
	return true, false
}

// move puts the cursor on item i (kept in the list), or the nearest item
// that can be chosen in the direction dir; it stays where it was when
// there is none.
func (m *Menu) move(i, dir int) {
	if len(m.Items) == 0 {
		return
	}
	from := m.Cursor
	m.Cursor = max(0, min(i, len(m.Items)-1))
	if !m.settle(dir) {
		m.Cursor = from
	}
}

// settle moves the cursor off a disabled item, first in the direction
// dir, then the other way; false when every item is disabled.
func (m *Menu) settle(dir int) bool {
	for _, d := range []int{dir, -dir} {
		for i := m.Cursor; i >= 0 && i < len(m.Items); i += d {
			if !m.Items[i].Disabled {
				m.Cursor = i
				return true
			}
		}
	}
	return len(m.Items) == 0
}

// KeyBindings are the keys to show in the footer's help: moving and
// choosing.
func (m *Menu) KeyBindings() []key.Binding { return []key.Binding{m.Keys.Up, m.Keys.Choose} }

// View draws the items in width cells and at most height lines (0: as
// many as there are), scrolled so the selected item shows, with a line
// saying which rows show when not all do. The selected item is marked as
// the focus (see Focus), so a screen taller than its room scrolls to it.
func (m *Menu) View(st *Styles, width, height int) string {
	blocks := make([]string, len(m.Items))
	heights := make([]int, len(m.Items))
	for i := range m.Items {
		blocks[i] = m.itemView(st, i, width)
		heights[i] = strings.Count(blocks[i], "\n") + 1
		if i == m.Cursor {
			blocks[i] = Focus(blocks[i])
		}
	}
	from, to := 0, len(blocks)
	if total := sum(heights); height > 0 && total > height {
		from, to = window(heights, m.Cursor, max(1, height-1))
	}
	m.page = max(1, to-from)
	var b strings.Builder
	for _, bl := range blocks[from:to] {
		b.WriteString(bl + "\n")
	}
	if from > 0 || to < len(blocks) {
		b.WriteString(st.Dim.Render(fmt.Sprintf(T(m.lang, "  rad %d–%d av %d", "  rows %d–%d of %d"), from+1, to, len(blocks))) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// itemView is one item's lines: its heading, the line, what goes under it.
func (m *Menu) itemView(st *Styles, i, width int) string {
	it := m.Items[i]
	var b strings.Builder
	if it.Heading != "" {
		b.WriteString(st.Label.Render(it.Heading) + "\n")
	}
	// Trailing spaces (a table's padding) are not worth a "…".
	label := strings.TrimRight(it.Text(), " ")
	if it.Wrap {
		label = hangWrap(label, max(10, width-3), it.hang())
	} else {
		label = Clip(label, max(10, width-3))
	}
	selected := i == m.Cursor && !it.Disabled
	switch {
	case selected && m.MarkOnly:
		b.WriteString(st.Selected.Render("▶ ") + label)
	case selected:
		b.WriteString(st.Selected.Render("▶ " + label))
	case it.Disabled:
		b.WriteString(st.Dim.Render("  " + label))
	case it.Problem:
		b.WriteString(st.Error.Render("  " + label))
	case it.Flagged:
		b.WriteString(st.Error.Render("! ") + label)
	default:
		b.WriteString("  " + label)
	}
	if it.Detail != "" {
		b.WriteString("\n" + st.Dim.Render(Indent(Wrap(it.Detail, max(10, width-4)), "    ")))
	}
	if selected && it.Help != "" {
		b.WriteString("\n" + Indent(Wrap(it.Help, max(20, min(width, 100))-4), "    "))
	}
	return b.String()
}

// hang is how far a wrapped label's further lines go past its first
// line's start.
func (it MenuItem) hang() int {
	h := max(0, it.Hang)
	if it.Checkbox {
		h += 4 // "[ ] "
	}
	if h == 0 {
		h = 2
	}
	return h
}

// hangWrap wraps s in width cells with a hanging indent: the lines after
// the first are hang cells narrower and start hang cells in, under the
// text; each line after the first starts with the two cells that put the
// first line's text after the cursor's column ("▶ ").
func hangWrap(s string, width, hang int) string {
	hang = min(hang, width-10) // a line keeps 10 cells at least
	first, _, _ := strings.Cut(Wrap(s, width), "\n")
	if first == s {
		return s
	}
	rest, ok := strings.CutPrefix(s, first)
	if !ok { // a word broken inside: no prefix to cut off
		return strings.ReplaceAll(Wrap(s, width), "\n", "\n  ")
	}
	rest = strings.TrimPrefix(strings.TrimLeft(rest, " "), "\n")
	pad := "\n  " + strings.Repeat(" ", max(0, hang))
	return first + pad + strings.ReplaceAll(Wrap(rest, width-hang), "\n", pad)
}

// window is the items [from, to) that fit in room lines with the item at
// cursor among them, as near the middle as the ends allow.
func window(heights []int, cursor, room int) (from, to int) {
	cursor = max(0, min(cursor, len(heights)-1))
	from, to = cursor, cursor+1
	used := heights[cursor]
	// Up to half the room above the cursor, then what fits below, then
	// above again when the end was reached.
	for from > 0 && used+heights[from-1] <= room/2+heights[cursor] {
		from--
		used += heights[from]
	}
	for to < len(heights) && used+heights[to] <= room {
		used += heights[to]
		to++
	}
	for from > 0 && used+heights[from-1] <= room {
		from--
		used += heights[from]
	}
	return from, to
}

func sum(ns []int) int {
	total := 0
	for _, n := range ns {
		total += n
	}
	return total
}
