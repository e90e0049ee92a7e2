package forms

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// helpLine is the form's help line as plain text, runs of space made one.
func (d *driver) helpLine() string {
	var parts []string
	for _, b := range d.f.KeyBinds() {
		if b.Enabled() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(parts, " · ")
}

// A confirm in the Norwegian UI says its keys in Norwegian: j for Ja (y
// still works, as the wizard's own confirm), n for Nei; in English y/n.
func TestConfirmKeysInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang      Lang
		yes, no   string
		want, not string
	}{
		{NB, "Ja", "Nei", "j Ja · n Nei", "y Ja"},
		{EN, "Yes", "No", "y Yes · n No", "j "},
	} {
		v := false
		c := huh.NewConfirm().Key("visible").Title("Synlig?").Affirmative(tc.yes).Negative(tc.no).Value(&v)
		d := drive(t, NewForm("T", "", FormOptions{Lang: tc.lang}, c))
		d.wantView(tc.yes, tc.no)
		if h := d.helpLine(); !strings.Contains(h, tc.want) || strings.Contains(h, tc.not) {
			t.Errorf("%s help line %q: want %q, not %q", tc.lang, h, tc.want, tc.not)
		}
		key := 'j'
		if tc.lang == EN {
			key = 'y'
		}
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{key}})
		if !v {
			t.Errorf("%s: %c did not answer yes", tc.lang, key)
		}
	}
}

// "Kort beskrivelse" is one paragraph without line breaks: its help
// offers no new-line key, and the key does not make one.
func TestDescriptionHasNoNewLineKey(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	f := SystemForm(a, nb())
	FocusField(f, "system.description")
	d := drive(t, f)
	d.wantFocus("system.description")
	if h := d.helpLine(); strings.Contains(h, "ny linje") || strings.Contains(h, "ctrl+j") {
		t.Errorf("the description's help offers a new line: %q", h)
	}
	d.typeText("Fører regnskap", nil)
	d.send(tea.KeyMsg{Type: tea.KeyEnter, Alt: true})
	d.send(tea.KeyMsg{Type: tea.KeyCtrlJ})
	d.typeText(" for små firma", nil)
	if a.System.Description != "Fører regnskap for små firma" {
		t.Errorf("description %q: a new-line key made a line break", a.System.Description)
	}
}

// One help line never names two keys with one word: shift+tab moves to
// the previous field, the wizard's esc to the previous screen.
func TestPrevFieldIsNotCalledBack(t *testing.T) {
	t.Parallel()
	for _, l := range []Lang{NB, EN} {
		f := VendorForm(&session.Answers{}, FormOptions{Lang: l})
		FocusField(f, "vendor.name")
		d := drive(t, f)
		want := map[Lang]string{NB: "shift+tab forrige felt", EN: "shift+tab previous field"}[l]
		if h := d.helpLine(); !strings.Contains(h, want) {
			t.Errorf("%s help line %q lacks %q", l, h, want)
		}
	}
}

// Every value step 1's choices store has a name in the forms, in both
// languages: the review shows that name, never the code.
func TestEveryChoiceHasALabel(t *testing.T) {
	t.Parallel()
	for key, vals := range map[string][]string{
		"system.category": session.Categories, "system.interfaces": session.Interfaces,
		"system.auth_methods": session.AuthMethods, "system.environments": session.Environments,
	} {
		for _, v := range vals {
			for _, l := range []Lang{NB, EN} {
				if got := ChoiceLabel(key, v, l); got == v || got == "" {
					t.Errorf("%s %q has no %s label (%q)", key, v, l, got)
				}
			}
		}
	}
	if got := ChoiceLabels("system.environments", []string{"tt02", "prod"}, NB); got != "TT02 (test), PROD (produksjon)" {
		t.Errorf("ChoiceLabels = %q", got)
	}
}
