package ui

import (
	"github.com/charmbracelet/bubbles/key"
)

// KeyMap holds the app's own keys; screens add theirs.
type KeyMap struct {
	Back, Save, Quit, ForceQuit, Help, HelpAny, NextStep, PrevStep key.Binding
	JumpStep                                                       []key.Binding
}

func newKeyMap(lang string) KeyMap {
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
	for i, d := range []string{"1", "2", "3", "4", "5", "6", "7"} {
		b := key.NewBinding(key.WithKeys("alt+" + d))
		if i == 0 {
			b.SetHelp("alt+1…7", t("gå til steg", "go to step"))
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
