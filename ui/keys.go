package ui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
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

// helpKeys adapts a list of bindings to bubbles/help.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
