package forms

import (
	"fmt"
	"reflect"
	"slices"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/internal/focus"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
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
	f.frame = max(t.Focused.Base.GetHorizontalFrameSize(), t.Blurred.Base.GetHorizontalFrameSize())
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

// ---- Titles and descriptions break at spaces only. ----
//
// huh wraps a field's title and description (and its group's) itself,
// breaking after any of ",.-;": an address or an ID such as
// "ske-krav-og-betalinger" came out in two pieces ("ske-krav-" and
// "og-betalinger" read as two things). The texts are given to huh wrapped
// already, by termtext.Wrap (the wizard's ui.Wrap; forms may not import
// ui) at the width huh draws them at, so huh finds every line fitting and
// breaks none; termtext.Wrap breaks inside a word only when the word is
// longer than a line.

// wrappedTexts is what a field's title and description were given as
// (raw) and what was set in their place (set), at width: a text changed
// since (a description that follows the answer) is seen as new.
type wrappedTexts struct {
	width    int
	raw, set [2]string
}

// textFields are huh's names of a field's title and description (each an
// Eval[string] whose val is the text), and their setters.
var textFields = [2]struct{ field, setter string }{{"title", "Title"}, {"description", "Description"}}

// textAt is where a field type keeps a text: the index paths of its val
// and fn (nil: the type has no such text).
type textAt struct{ val, fn []int }

// textIndex holds each huh field type's [2]textAt, found once: looking
// fields up by name on every frame was most of rewrap's cost.
var textIndex sync.Map

func textsOf(t reflect.Type) [2]textAt {
	if v, ok := textIndex.Load(t); ok {
		return v.([2]textAt)
	}
	var at [2]textAt
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		for i, tf := range textFields {
			ev, ok := t.Elem().FieldByName(tf.field)
			if !ok || ev.Type.Kind() != reflect.Struct {
				continue
			}
			val, okv := ev.Type.FieldByName("val")
			fn, okf := ev.Type.FieldByName("fn")
			if !okv || val.Type.Kind() != reflect.String || !okf || fn.Type.Kind() != reflect.Func {
				continue
			}
			m, ok := t.MethodByName(tf.setter)
			if !ok || m.Type.NumIn() != 2 || m.Type.In(1).Kind() != reflect.String {
				continue
			}
			at[i] = textAt{val: append(slices.Clone(ev.Index), val.Index...), fn: append(slices.Clone(ev.Index), fn.Index...)}
		}
	}
	textIndex.Store(t, at)
	return at
}

// rewrap gives the field its title and description wrapped at the width
// huh draws them at: the field's width less its frame (the focused and
// the blurred style's, whichever is larger). A text huh computes (a
// DescriptionFunc) is left to huh.
func (f *field) rewrap() {
	if f.width <= 0 {
		return
	}
	w := f.width - f.frame
	rv := reflect.ValueOf(f.Field)
	at := textsOf(rv.Type())
	for i, tf := range textFields {
		if at[i].val == nil || !rv.Elem().FieldByIndex(at[i].fn).IsNil() {
			continue
		}
		cur := rv.Elem().FieldByIndex(at[i].val).String()
		if cur == f.texts.set[i] && w == f.texts.width {
			continue
		}
		if cur != f.texts.set[i] {
			f.texts.raw[i] = cur
		}
		want := f.texts.raw[i]
		if want != "" {
			want = termtext.Wrap(want, w)
		}
		if want != cur {
			rv.MethodByName(tf.setter).Call([]reflect.Value{reflect.ValueOf(want)})
		}
		f.texts.set[i] = want
	}
	f.texts.width = w
}

// wrapGroup gives the form's group its title and description wrapped at
// the group's width (huh's group draws them at its full width).
func (s *formState) wrapGroup(width int) {
	if s.group == nil || width <= 0 || width == s.groupWidth {
		return
	}
	s.groupWidth = width
	s.group.Title(termtext.Wrap(s.title, width))
	if s.desc != "" {
		s.group.Description(termtext.Wrap(s.desc, width))
	}
}
