package steps

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// ctrl+e in a long text with no editor to be found says under the field
// what to set, in the user's language, and loses nothing typed; the next
// key takes the note away (issue 11 §5). Not parallel: it sets PATH.
func TestCtrlENoEditor(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("EDITOR", "")
	t.Setenv("VISUAL", "")
	for _, lang := range []string{"nb", "en"} {
		ctx := svContext(lang)
		ctx.Session.Answers.System.Description = "Lønn"
		s := svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenSystem, ctx, "system.description")
		s = startForm(t, s)
		if s.Field() != "system.description" {
			t.Fatalf("focus on %q", s.Field())
		}
		s = driveForm(t, s, tea.KeyMsg{Type: tea.KeyCtrlE})
		note := ctx.T("Fant ingen editor å åpne teksten i. Sett EDITOR (for eksempel export EDITOR=nano)",
			"Found no editor to open the text in. Set EDITOR (for example export EDITOR=nano)")
		wantScreen(t, s, note)
		s = driveForm(t, s, keys("!"))
		wantScreenNot(t, s, note)
		if got := ctx.Session.Answers.System.Description; got != "Lønn!" {
			t.Fatalf("the text is %q", got)
		}
	}
}

// The editor is $VISUAL, then $EDITOR, then editor, nano or vi from the
// PATH; one that cannot be found is passed over.
func TestFindEditor(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	exe := func(name string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "")
	if got := forms.FindEditor(); got != nil {
		t.Fatalf("no editor anywhere: %v", got)
	}
	exe("vi")
	if got := forms.FindEditor(); !slices.Equal(got, []string{"vi"}) {
		t.Fatalf("fallback: %v", got)
	}
	exe("nano")
	if got := forms.FindEditor(); !slices.Equal(got, []string{"nano"}) {
		t.Fatalf("nano before vi: %v", got)
	}
	t.Setenv("EDITOR", "missing-editor -w")
	if got := forms.FindEditor(); !slices.Equal(got, []string{"nano"}) {
		t.Fatalf("an EDITOR not on the PATH: %v", got)
	}
	exe("myedit")
	t.Setenv("EDITOR", "myedit --wait")
	t.Setenv("VISUAL", "vi")
	if got := forms.FindEditor(); strings.Join(got, " ") != "vi" {
		t.Fatalf("VISUAL first: %v", got)
	}
	t.Setenv("VISUAL", "")
	if got := forms.FindEditor(); strings.Join(got, " ") != "myedit --wait" {
		t.Fatalf("EDITOR: %v", got)
	}
}
