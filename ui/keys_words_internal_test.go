package ui

import (
	"testing"

	"github.com/charmbracelet/huh"
)

// esc leaves the screen, shift+tab (huh's, in a form) the field: the help
// line, which shows both, gives each its own word, in either language.
func TestBackKeysHaveTheirOwnWords(t *testing.T) {
	t.Parallel()
	prev := huh.NewDefaultKeyMap().Input.Prev.Help().Desc // "back"
	for lang, want := range map[string]string{"nb": "forrige skjerm", "en": "previous screen"} {
		got := newKeyMap(lang, 3).Back.Help().Desc
		if got != want || got == prev || got == "tilbake" {
			t.Errorf("%s: esc is %q, want %q", lang, got, want)
		}
	}
}
