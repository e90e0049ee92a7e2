package ui_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/ui"
)

// words are s's words, the way wrapping leaves them.
func words(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), " ") }

// fits fails when a line of v is wider than width.
func fits(t *testing.T, v string, width int) {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(v), "\n") {
		if w := lipgloss.Width(l); w > width {
			t.Fatalf("a line of %d cells in %d: %q\n%s", w, width, l, ansi.Strip(v))
		}
	}
}

func TestMessageWrapsWhatWasCut(t *testing.T) {
	for _, text := range []string{
		"Fant ikke xdg-open, så jeg kan ikke åpne filen. Åpne den selv: /home/åse/Dokumenter/altinn/blabaer-regnskap-pro/registrering-blabaer-regnskap-pro.docx",
		"Ikke lagret: write /home/åse/.local/share/altinn-onboard/sessions/01J9ZK.json.tmp: no space left on device",
		"økten «Blåbær – kunde 1» er åpen i et annet vindu (prosess 4242 på maskinen lapt-ase siden 25.11.2026 10:30)",
	} {
		for _, width := range []int{20, 40, 64, 118} {
			for _, isErr := range []bool{true, false} {
				var m ui.Message
				m.Set(text, isErr)
				v := m.View(plain, width)
				fits(t, v, width)
				// Nothing is lost: the path, unbroken once the line
				// breaks are taken out.
				if got := strings.ReplaceAll(ansi.Strip(v), "\n", ""); !strings.Contains(strings.ReplaceAll(got, " ", ""), strings.ReplaceAll(text, " ", "")) {
					t.Fatalf("width %d: the message lost text:\n%s", width, ansi.Strip(v))
				}
			}
		}
	}
}

func TestMessageBusyShowsASpinnerUntilSet(t *testing.T) {
	var m ui.Message
	if m.View(plain, 40) != "" || m.Busy() {
		t.Fatal("a new message shows something")
	}
	cmd := m.Start("Lager dokumentene og e-posten …")
	if cmd == nil || !m.Busy() {
		t.Fatal("Start: no tick, or not busy")
	}
	tick, ok := cmd().(spinner.TickMsg)
	if !ok {
		t.Fatalf("Start's command is not the spinner's tick")
	}
	before := m.View(plain, 40)
	if !strings.Contains(before, "Lager dokumentene") {
		t.Fatalf("busy: %q", before)
	}
	if m.Update(tick) == nil {
		t.Error("a tick while busy asks for no next tick")
	}
	if m.View(plain, 40) == before {
		t.Error("the spinner did not turn")
	}
	// A long text wraps under the spinner.
	m.Start(strings.Repeat("arbeid ", 20))
	fits(t, m.View(plain, 30), 30)
	m.Set("Laget 3 filer.", false)
	if m.Busy() || m.Update(tick) != nil {
		t.Error("Set did not end the work, or a tick still turns the spinner")
	}
	if v := m.View(plain, 40); words(v) != "Laget 3 filer." {
		t.Errorf("after Set: %q", v)
	}
	m.Clear()
	if m.View(plain, 40) != "" {
		t.Error("Clear left text")
	}
}

func TestConfirmAcceptsBothLanguagesKeys(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		c := ui.NewConfirm(lang, "Slette «Blåbær» og hemmelighetene dens?")
		for k, want := range map[string]ui.Answer{
			"j": ui.Yes, "y": ui.Yes, "J": ui.Yes, "Y": ui.Yes,
			"n": ui.No, "N": ui.No, "esc": ui.No,
			"x": ui.Unanswered, "enter": ui.Unanswered, "q": ui.Unanswered,
		} {
			if got := c.Update(keyMsg(k)); got != want {
				t.Errorf("%s: %q answered %v, want %v", lang, k, got, want)
			}
		}
		if got := c.Update(nil); got != ui.Unanswered {
			t.Errorf("a message that is not a key answered %v", got)
		}
	}
	nb, en := ui.NewConfirm("nb", "Slette?"), ui.NewConfirm("en", "Delete?")
	if words(nb.View(plain, 40)) != "Slette? (j/n)" || words(en.View(plain, 40)) != "Delete? (y/n)" {
		t.Errorf("questions: %q, %q", nb.View(plain, 40), en.View(plain, 40))
	}
	if nb.Yes.Help().Key != "j" || en.Yes.Help().Key != "y" {
		t.Errorf("help keys: %q, %q", nb.Yes.Help().Key, en.Yes.Help().Key)
	}
}

func TestConfirmWraps(t *testing.T) {
	q := "Slette «Blåbær Regnskap Pro – kunde nummer 1 i Tromsø» og hemmelighetene dens i nøkkelringen?"
	c := ui.NewConfirm("nb", q)
	for _, width := range []int{20, 30, 64} {
		v := c.View(plain, width)
		fits(t, v, width)
		if words(v) != q+" (j/n)" {
			t.Errorf("width %d: %q", width, words(v))
		}
	}
}
