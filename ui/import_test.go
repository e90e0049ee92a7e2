package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The picker's import goes through Options.ImportCheck, the check of
// `sessions import`: a file with a terminal escape in an answer is
// refused with the answer's key path, shown in the picker without the
// escape, and nothing is imported.
func TestPickerImportIsChecked(t *testing.T) {
	st := newStore(t)
	if _, err := st.Create("Kunde A", session.TrackAltinnII); err != nil {
		t.Fatal(err)
	}
	bad := sessiontest.Full(fixed)
	bad.Name = "Kunde B"
	bad.Answers.Vendor.Name = "Blåbær\x1b]0;pwned\aAS"
	data, err := session.Encode(bad)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "eksport.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}

	o := options(st)
	o.HideNotice = true
	o.ImportCheck = func(s *session.Session) error {
		if p := forms.CheckSession(s, steps.AltinnII(steps.Deps{}).StepIDs()).Wrong(); len(p) > 0 {
			return p.Localized(forms.NB)
		}
		return nil
	}
	a := ui.New(o)
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	a.Update(a.Init()())
	a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'i'}})
	a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(file)})
	_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if cmd == nil {
		t.Fatal("enter started no import")
	}
	_, cmd = a.Update(cmd()) // the import's answer; then the list again
	if cmd != nil {
		a.Update(cmd())
	}
	view := a.View()
	if !strings.Contains(view, "answers.vendor.name: Teksten inneholder et usynlig kontrolltegn (U+001B)") {
		t.Errorf("the picker does not show the check's problem:\n%s", view)
	}
	if strings.ContainsAny(view, "\x07") || strings.Contains(view, "pwned") {
		t.Errorf("the file's text reached the screen:\n%q", view)
	}
	if list, _, err := st.List(); err != nil || len(list) != 1 {
		t.Fatalf("imported anyway: %v %v", list, err)
	}

	// The same file without the escape imports.
	bad.Answers.Vendor.Name = "Blåbær AS"
	data, _ = session.Encode(bad)
	os.WriteFile(file, data, 0o600)
	a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'i'}})
	a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(file)})
	_, cmd = a.Update(tea.KeyMsg{Type: tea.KeyEnter})
	_, cmd = a.Update(cmd())
	if cmd != nil {
		a.Update(cmd())
	}
	if list, _, err := st.List(); err != nil || len(list) != 2 {
		t.Fatalf("a good file was not imported: %v %v\n%s", list, err, a.View())
	}
}
