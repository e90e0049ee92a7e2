package forms

import (
	"fmt"
	"reflect"

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
	f.theme = t
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

// rewrap gives the field its title and description wrapped at the width
// huh draws them at: the field's width less its frame (the focused and
// the blurred style's, whichever is larger). A text huh computes (a
// DescriptionFunc) is left to huh.
func (f *field) rewrap() {
	if f.width <= 0 {
		return
	}
	w := f.width
	if f.theme != nil {
		w -= max(f.theme.Focused.Base.GetHorizontalFrameSize(), f.theme.Blurred.Base.GetHorizontalFrameSize())
	}
	rv := reflect.ValueOf(f.Field)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return
	}
	for i, tf := range textFields {
		ev := rv.Elem().FieldByName(tf.field)
		if !ev.IsValid() || ev.Kind() != reflect.Struct {
			continue
		}
		val, fn := ev.FieldByName("val"), ev.FieldByName("fn")
		if !val.IsValid() || val.Kind() != reflect.String || fn.IsValid() && fn.Kind() == reflect.Func && !fn.IsNil() {
			continue
		}
		cur := val.String()
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
			set := rv.MethodByName(tf.setter)
			if !set.IsValid() || set.Type().NumIn() != 1 || set.Type().In(0).Kind() != reflect.String {
				continue
			}
			set.Call([]reflect.Value{reflect.ValueOf(want)})
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
