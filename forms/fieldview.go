package forms

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/internal/focus"
)

// A field's drawing is kept between frames. huh's group draws every field
// on every key, twice (once in Update, once more for the focused field's
// height), though a key changes only the focused field: on a screen with a
// long text that was most of a keystroke's cost. A kept drawing is used
// while nothing that draws the field has changed: the field got only huh's
// "refresh yourself" message (which changes nothing of a field whose title,
// description and options are fixed, as all of ours are), its value, its
// being shown and its message are the same, and it was not focused,
// blurred, resized or restyled since.

// viewCache is a field's kept drawing.
type viewCache struct {
	valid bool
	key   string // value, shown and message when it was drawn
	view  string
	// focused: the field has focus (between Focus and Blur), so its
	// drawing, with the message under it, is marked as the focus of the
	// screen (internal/focus): a form taller than its room scrolls to it.
	focused bool
}

// mark marks the drawing v of a focused field as the screen's focus.
func (f *field) mark(v string) string {
	if f.cache.focused && v != "" {
		return focus.Mark(v)
	}
	return v
}

// refreshOnly reports whether msg is huh's message that asks every field of
// a group to refresh its dynamic parts (sent on every key).
func refreshOnly(msg tea.Msg) bool {
	return fmt.Sprintf("%T", msg) == "huh.updateFieldMsg"
}

// drawKey is what a kept drawing must match.
func (f *field) drawKey() string {
	msg := ""
	if err := f.Field.Error(); err != nil {
		msg = err.Error()
	}
	return fmt.Sprintf("%t\x00%v\x00%s\x00%s", f.shown(), f.Field.GetValue(), msg, f.note)
}

// forget drops the kept drawing.
func (f *field) forget() { f.cache.valid = false }

// Blur implements huh.Field.
func (f *field) Blur() tea.Cmd {
	f.forget()
	f.cache.focused = false
	return f.Field.Blur()
}

// WithTheme implements huh.Field.
func (f *field) WithTheme(t *huh.Theme) huh.Field {
	f.forget()
	f.Field.WithTheme(t)
	return f
}

// WithHeight implements huh.Field.
func (f *field) WithHeight(h int) huh.Field {
	f.forget()
	f.Field.WithHeight(h)
	return f
}

// WithPosition implements huh.Field.
func (f *field) WithPosition(p huh.FieldPosition) huh.Field {
	f.forget()
	f.Field.WithPosition(p)
	return f
}
