package forms

import (
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/altinn-onboard/altinn-onboard/session"
)

func TestThemes(t *testing.T) {
	t.Parallel()
	for _, noColor := range []bool{false, true} {
		th := ThemeFor(noColor)
		if th == nil {
			t.Fatal("nil theme")
		}
		d := drive(t, VendorForm(&session.Answers{}, FormOptions{Theme: th}))
		d.wantView("Leverandøren", "Organisasjonsnummer", "enter neste")
	}
	plain := ThemeFor(true)
	for name, st := range map[string]lipgloss.Style{
		"title": plain.Focused.Title, "error": plain.Focused.ErrorMessage, "placeholder": plain.Focused.TextInput.Placeholder,
		"button": plain.Focused.FocusedButton, "selected": plain.Focused.SelectedOption, "help": plain.Help.ShortDesc,
	} {
		if _, ok := st.GetForeground().(lipgloss.NoColor); !ok {
			t.Errorf("NO_COLOR theme colours %s: %v", name, st.GetForeground())
		}
		if _, ok := st.GetBackground().(lipgloss.NoColor); !ok {
			t.Errorf("NO_COLOR theme colours the background of %s", name)
		}
	}
}
