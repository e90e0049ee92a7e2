package ui_test

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/ui"
)

var plain = (&ui.Context{}).Styles()

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func items(n int) []ui.MenuItem {
	out := make([]ui.MenuItem, n)
	for i := range out {
		out[i] = ui.MenuItem{Key: fmt.Sprint(i), Label: fmt.Sprintf("valg %d", i)}
	}
	return out
}

// press sends keys to m, one after the other, drawing it in between as a
// screen would.
func press(m *ui.Menu, height int, keys ...string) (handled, chose bool) {
	for _, k := range keys {
		m.View(plain, 60, height)
		handled, chose = m.Update(keyMsg(k))
	}
	return handled, chose
}

func TestMenuMovesWithTheKeys(t *testing.T) {
	m := ui.NewMenu("nb", items(5))
	for _, c := range []struct {
		keys string
		want int
	}{
		{"down", 1}, {"j", 2}, {"up", 1}, {"k", 0}, {"up", 0},
		{"end", 4}, {"down", 4}, {"home", 0}, {"G", 4}, {"g", 0},
		{"pgdown", 4}, {"pgup", 0},
	} {
		if handled, _ := press(&m, 0, c.keys); !handled {
			t.Errorf("%s not handled", c.keys)
		}
		if m.Cursor != c.want {
			t.Fatalf("after %s the cursor is on %d, want %d", c.keys, m.Cursor, c.want)
		}
	}
	if handled, _ := press(&m, 0, "q"); handled {
		t.Error("q handled by the menu; it is the screen's")
	}
}

func TestMenuChoosesTheSelectedItem(t *testing.T) {
	m := ui.NewMenu("en", items(3))
	if _, chose := press(&m, 0, "down", "enter"); !chose || m.Selected().Key != "1" {
		t.Fatalf("enter on the second item: chose %v, selected %+v", chose, m.Selected())
	}
	// The toggle key chooses checkboxes only: x is free for the screen on
	// other items (the services table removes a row with it).
	if handled, chose := press(&m, 0, "x"); handled || chose {
		t.Errorf("x on a plain item: handled %v, chose %v", handled, chose)
	}
	m.Items[1].Checkbox = true
	if _, chose := press(&m, 0, "x"); !chose {
		t.Error("x on a checkbox did not choose it")
	}
	if _, chose := press(&m, 0, " "); !chose {
		t.Error("space on a checkbox did not choose it")
	}
	m.Keys.Choose.SetEnabled(false)
	if handled, _ := press(&m, 0, "enter"); handled {
		t.Error("a turned-off key is still the menu's")
	}
}

func TestMenuPassesOverDisabledItems(t *testing.T) {
	its := items(5)
	its[1].Disabled, its[2].Disabled, its[4].Disabled = true, true, true
	m := ui.NewMenu("nb", its)
	press(&m, 0, "down")
	if m.Cursor != 3 {
		t.Fatalf("down from 0 lands on %d, want 3 (1 and 2 are disabled)", m.Cursor)
	}
	press(&m, 0, "down")
	if m.Cursor != 3 {
		t.Fatalf("down from the last enabled item moved to %d", m.Cursor)
	}
	press(&m, 0, "end")
	if m.Cursor != 3 {
		t.Fatalf("end lands on %d, want 3 (4 is disabled)", m.Cursor)
	}
	m.Cursor = 1 // put there by hand: not chosen
	if _, chose := m.Update(keyMsg("enter")); chose {
		t.Error("a disabled item was chosen")
	}
	if v := ansi.Strip(m.View(plain, 60, 0)); strings.Contains(v, "▶") {
		t.Errorf("a disabled item shows as selected:\n%s", v)
	}
	all := ui.NewMenu("nb", []ui.MenuItem{{Label: "a", Disabled: true}})
	press(&all, 0, "down", "up", "end", "enter")
}

func TestMenuWithNoItems(t *testing.T) {
	m := ui.NewMenu("nb", nil)
	if _, chose := press(&m, 5, "down", "up", "home", "end", "pgup", "pgdown", "enter"); chose {
		t.Error("an empty menu chose something")
	}
	if m.Selected() != nil || m.View(plain, 40, 5) != "" {
		t.Errorf("empty menu: selected %v, view %q", m.Selected(), m.View(plain, 40, 5))
	}
}

// visible checks a drawn menu: at most height lines, the cursor's item
// among them, and the line that says which rows show.
func visible(t *testing.T, m *ui.Menu, height int) string {
	t.Helper()
	v := ansi.Strip(m.View(plain, 60, height))
	lines := strings.Split(v, "\n")
	if len(lines) > height {
		t.Fatalf("%d lines in a height of %d:\n%s", len(lines), height, v)
	}
	if !strings.Contains(v, "▶ "+m.Selected().Label) {
		t.Fatalf("the selected item (%s) does not show:\n%s", m.Selected().Label, v)
	}
	return v
}

func TestMenuScrollsToKeepTheCursorVisible(t *testing.T) {
	m := ui.NewMenu("nb", items(100))
	v := visible(t, &m, 10)
	if !strings.Contains(v, "rad 1–9 av 100") || strings.Contains(v, "valg 9") {
		t.Fatalf("the first page:\n%s", v)
	}
	for range 99 {
		press(&m, 10, "down")
		visible(t, &m, 10)
	}
	if v := visible(t, &m, 10); !strings.Contains(v, "rad 92–100 av 100") {
		t.Fatalf("the last page:\n%s", v)
	}
	// A page is what shows: pgup moves the cursor by all but one of the
	// nine rows.
	press(&m, 10, "pgup")
	if m.Cursor != 91 {
		t.Fatalf("pgup from 99 lands on %d, want 91", m.Cursor)
	}
	visible(t, &m, 10)
	press(&m, 10, "home")
	if v := visible(t, &m, 10); !strings.Contains(v, "rad 1–9") {
		t.Fatalf("home:\n%s", v)
	}
	// In the middle the cursor's row stays in the middle of the window.
	m.Cursor = 50
	if v := visible(t, &m, 10); !strings.Contains(v, "rad 47–55 av 100") {
		t.Fatalf("row 51 of 100:\n%s", v)
	}
	// All that fits: no line about rows.
	few := ui.NewMenu("en", items(3))
	if v := ansi.Strip(few.View(plain, 60, 10)); strings.Contains(v, "rows") || strings.Count(v, "\n") != 2 {
		t.Fatalf("three items in ten lines:\n%s", v)
	}
}

func TestMenuScrollsItemsOfSeveralLines(t *testing.T) {
	its := items(30)
	for i := range its {
		its[i].Detail = "under " + its[i].Label
		its[i].Help = strings.Repeat("hjelp ", 20)
		if i%5 == 0 {
			its[i].Heading = fmt.Sprintf("Gruppe %d", i/5)
		}
	}
	m := ui.NewMenu("nb", its)
	for range 29 {
		press(&m, 12, "down")
		v := visible(t, &m, 12)
		if !strings.Contains(v, "under "+m.Selected().Label) {
			t.Fatalf("the selected item's detail is cut:\n%s", v)
		}
	}
	for range 29 {
		press(&m, 12, "up")
		visible(t, &m, 12)
	}
}

func TestMenuAtNarrowWidths(t *testing.T) {
	long := "Fant ikke xdg-open, så jeg kan ikke åpne filen. Åpne den selv: /home/åse/Dokumenter/altinn/registrering.docx"
	m := ui.NewMenu("nb", []ui.MenuItem{
		{Label: long, Help: long},
		{Label: long, Problem: true},
		{Label: "[x] kort", Checkbox: true, Checked: true},
	})
	for _, w := range []int{20, 30, 64, 200} {
		v := ansi.Strip(m.View(plain, w, 0))
		for _, l := range strings.Split(v, "\n") {
			if lipgloss.Width(l) > w {
				t.Errorf("width %d: a line of %d cells: %q", w, lipgloss.Width(l), l)
			}
		}
		if cut := strings.Contains(v, "…"); cut != (w < len(long)) {
			t.Errorf("width %d: a label cut (with …) %v:\n%s", w, cut, v)
		}
		// The help of the selected item wraps: all of it shows.
		if !strings.Contains(strings.Join(strings.Fields(v), ""), strings.Join(strings.Fields(long), "")) {
			t.Errorf("width %d: the help lost text:\n%s", w, v)
		}
		if !strings.Contains(v, "[x] [x] kort") {
			t.Errorf("width %d: the checkbox is not shown before the label:\n%s", w, v)
		}
	}
}

func TestMenuSelectAndSetItems(t *testing.T) {
	m := ui.NewMenu("nb", items(10))
	if !m.Select("7") || m.Cursor != 7 {
		t.Fatalf("Select(7): cursor %d", m.Cursor)
	}
	if m.Select("nope") || m.Cursor != 7 {
		t.Fatalf("Select of a missing key moved the cursor to %d", m.Cursor)
	}
	m.SetItems(items(4))
	if m.Cursor != 3 {
		t.Fatalf("fewer items: cursor %d, want the last (3)", m.Cursor)
	}
	if !m.SelectFirst(func(it ui.MenuItem) bool { return it.Key == "2" }) || m.Cursor != 2 {
		t.Fatalf("SelectFirst: cursor %d", m.Cursor)
	}
}

// With Above, up from the first item takes the cursor off the menu:
// nothing is selected or marked as the focus, so a screen taller than
// the window shows its top; up again stays there, down comes back, and
// enter chooses nothing meanwhile. A disabled first item is passed over.
func TestMenuAbove(t *testing.T) {
	its := items(4)
	its[0].Disabled = true
	m := ui.NewMenu("nb", its)
	m.Above = true
	m.Select("2")
	press(&m, 0, "up")
	if m.Cursor != 1 {
		t.Fatalf("up from 2 went to %d", m.Cursor)
	}
	for _, k := range []string{"up", "up", "enter"} {
		if handled, chose := press(&m, 0, k); !handled || chose || m.Cursor != -1 || m.Selected() != nil {
			t.Fatalf("after %s: handled %t, chose %t, cursor %d; want the cursor off the menu", k, handled, chose, m.Cursor)
		}
	}
	if v := m.View(plain, 60, 0); v != ui.Unfocus(v) || strings.Contains(v, "▶") {
		t.Errorf("the menu with the cursor off it marks a focus or a cursor:\n%q", v)
	}
	press(&m, 0, "down")
	if m.Cursor != 1 {
		t.Errorf("down from above the menu went to %d, want the first item that can be chosen (1)", m.Cursor)
	}
	plainMenu := ui.NewMenu("nb", items(3))
	press(&plainMenu, 0, "up")
	if plainMenu.Cursor != 0 {
		t.Errorf("without Above, up on the first item moved the cursor to %d", plainMenu.Cursor)
	}
}

// A wrapped label's further lines hang under its text, not flush with
// its first line's start: 2 cells in, under the text after a checkbox,
// or past the lead the item names (Hang). Nothing is lost or cut.
func TestMenuWrapHangs(t *testing.T) {
	long := "en lang linje som må brytes fordi den er mye bredere enn menyen er, og slutten sier hva du gjør"
	for _, c := range []struct {
		item ui.MenuItem
		in   int // where the further lines start
	}{
		{ui.MenuItem{Label: long, Wrap: true}, 4},
		{ui.MenuItem{Label: long, Wrap: true, Checkbox: true}, 6},
		{ui.MenuItem{Label: "◐ 2 Tittel " + long, Wrap: true, Hang: 4}, 6},
	} {
		for _, selected := range []bool{true, false} {
			m := ui.NewMenu("nb", []ui.MenuItem{{Label: "først"}, c.item})
			if selected {
				m.Cursor = 1
			}
			v := ansi.Strip(ui.Unfocus(m.View(plain, 40, 0)))
			lines := strings.Split(v, "\n")[1:]
			if len(lines) < 3 {
				t.Fatalf("%q did not wrap:\n%s", c.item.Label, v)
			}
			for _, l := range lines[1:] {
				l = strings.TrimRight(l, " ")
				if !strings.HasPrefix(l, strings.Repeat(" ", c.in)) || l[c.in] == ' ' {
					t.Errorf("a further line of %q does not start %d cells in: %q\n%s", c.item.Text(), c.in, l, v)
				}
				if w := ansi.StringWidth(l); w > 40 {
					t.Errorf("a line of %d cells in a menu of 40: %q", w, l)
				}
			}
			if flat := strings.Join(strings.Fields(v), " "); !strings.Contains(flat, long) || strings.Contains(v, "…") {
				t.Errorf("%q is not whole:\n%s", c.item.Label, v)
			}
		}
	}
}
