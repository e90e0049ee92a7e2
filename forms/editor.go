package forms

import (
	"os"
	"os/exec"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// A long text opens in an editor with ctrl+e (huh's Text). huh runs
// $EDITOR, or nano when it is unset, and says nothing when that cannot
// run: the key did nothing visible (issue 11 §5). Here the editor is
// $VISUAL, then $EDITOR, then the first of editor, nano and vi found on
// the PATH; with none, the field says under itself what to set.

// editorFallbacks are tried in order when neither $VISUAL nor $EDITOR
// names an editor that can be found.
var editorFallbacks = []string{"editor", "nano", "vi"}

// FindEditor is the command (with its arguments) ctrl+e runs, or nil when
// no editor is found.
func FindEditor() []string {
	for _, env := range []string{"VISUAL", "EDITOR"} {
		if f := strings.Fields(os.Getenv(env)); len(f) > 0 {
			if _, err := exec.LookPath(f[0]); err == nil {
				return f
			}
		}
	}
	for _, name := range editorFallbacks {
		if _, err := exec.LookPath(name); err == nil {
			return []string{name}
		}
	}
	return nil
}

var editorKey = key.NewBinding(key.WithKeys("ctrl+e"))

// noEditorNote is what ctrl+e says when no editor is found.
func noEditorNote(l Lang) string {
	if l == EN {
		return "Found no editor to open the text in. Set EDITOR (for example export EDITOR=nano) and start the program again, or type the text here."
	}
	return "Fant ingen editor å åpne teksten i. Sett EDITOR (for eksempel export EDITOR=nano) og start programmet på nytt, eller skriv teksten her."
}

// editorNote handles ctrl+e in a text field when no editor is found: it
// sets the field's note instead of letting huh run nothing. Any other key
// clears the note. It reports whether the key was taken.
func (f *field) editorNote(msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return false, nil
	}
	had := f.note != ""
	f.note = ""
	if _, text := f.Field.(*huh.Text); text && key.Matches(k, editorKey) && f.editor == nil {
		f.note = noEditorNote(f.st.lang)
		f.forget()
		return true, tea.WindowSize()
	}
	if had {
		f.forget()
		return false, tea.WindowSize()
	}
	return false, nil
}
