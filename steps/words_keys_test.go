package steps

import (
	"testing"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// A form screen's help line shows the wizard's esc (back to the previous
// screen) next to the form's shift+tab (the previous field): each key has
// its own word, in either language.
func TestBackKeysHaveTheirOwnWords(t *testing.T) {
	t.Parallel()
	for lang, fl := range map[string]forms.Lang{"nb": forms.NB, "en": forms.EN} {
		esc := (&ui.Context{Lang: lang}).Keys().Back.Help().Desc
		km := forms.KeyMapFor(fl)
		for _, prev := range []string{km.Input.Prev.Help().Desc, km.Text.Prev.Help().Desc, km.Select.Prev.Help().Desc, km.MultiSelect.Prev.Help().Desc, km.Confirm.Prev.Help().Desc} {
			if prev == esc {
				t.Errorf("%s: esc and shift+tab are both %q", lang, esc)
			}
		}
	}
}
