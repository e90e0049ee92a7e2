package forms

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
)

// formState is shared by the fields of one form built in this package. It
// lets the form hold validation messages back where huh would show them too
// early or block the user (see field), and lets FocusField find the fields.
type formState struct {
	lang Lang
	// quiet > 0 makes every validator of the form accept anything for the
	// moment: while moving back, while a field takes focus, while
	// FocusField walks the form.
	quiet int
	// eof is set when accessible mode reads the end of its input; from then
	// on validators accept anything, so huh's re-prompt loops end.
	eof bool
	// back is the key that moves to the previous field.
	back   key.Binding
	fields []*field
	// errStyle draws a field's validation message under the field.
	errStyle lipgloss.Style
	// title and desc are the form's heading and what it is about.
	title, desc string
	// group is the form's one group, whose title and description are
	// wrapped at its width (wrapGroup); groupWidth is that width.
	group      *huh.Group
	groupWidth int
}

// shown is a fingerprint of which fields are shown.
func (s *formState) shown() string {
	b := make([]byte, len(s.fields))
	for i, f := range s.fields {
		b[i] = '0'
		if f.shown() {
			b[i] = '1'
		}
	}
	return string(b)
}

func (s *formState) holding() bool { return s.quiet > 0 || s.eof }

// hush holds validation back until the returned function is called.
func (s *formState) hush() func() {
	s.quiet++
	return func() { s.quiet-- }
}

// field wraps a huh field for three things huh v1 does not do on its own:
//
//   - Going back never blocks. huh's Select, MultiSelect and Text validate
//     on shift+tab and refuse to move while the value is invalid, so an
//     unanswered question would trap the user; here validation is held back
//     during that key. Leaving the field still validates it (on Blur), so
//     the message is shown and the form cannot be completed.
//   - A MultiSelect validates when it takes focus, so an empty one would
//     greet the user with an error; focusing is quiet here.
//   - A field can be hidden inside its group (hidden reports true): it is
//     skipped, not drawn, has no error and is not asked in accessible mode.
//     huh only hides whole groups.
type field struct {
	huh.Field
	st     *formState
	hidden func() bool // nil: always shown
	width  int
	// erred is whether the field showed a message at its last update.
	erred bool
	// probe is the validator huh runs, taking the session's form of the
	// value (string, []string, *bool): the tests compare it with Check.
	probe func(v any) error
	// question is the field as accessible mode asks it (see Questions).
	question Question
	// cache is the field's drawing, kept between frames (fieldview.go).
	cache viewCache
	// oneLine is a text area whose answer is one paragraph: it wraps as
	// it is typed, but has no new-line key (nor names one in its help).
	oneLine bool
	// editor is what ctrl+e runs in a text field (nil: none found), and
	// note what the field says under itself about it (editor.go).
	editor []string
	note   string
	// frame is the width of the theme's frame around the field, which
	// narrows its title and description, and texts those as huh was
	// given them, wrapped (fieldview.go).
	frame int
	texts wrappedTexts
}

func (f *field) shown() bool { return f.hidden == nil || !f.hidden() }

// Unwrap is the huh field inside, for callers that need its kind (the
// wizard types a pasted text line by line unless the field is a Text).
func (f *field) Unwrap() huh.Field { return f.Field }

// Update implements tea.Model; it returns the wrapper so the group keeps it.
func (f *field) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, f.st.back) {
		defer f.st.hush()()
	}
	if !refreshOnly(msg) {
		f.forget()
	}
	taken, noteCmd := f.editorNote(msg)
	if taken {
		return f, noteCmd
	}
	shown := f.st.shown()
	m, cmd := f.Field.Update(msg)
	if hf, ok := m.(huh.Field); ok {
		f.Field = hf
	}
	erred := f.Field.Error() != nil
	if f.st.shown() != shown || erred != f.erred {
		// huh sizes a group only on tea.WindowSizeMsg; ask the program for
		// one so fields that appeared, and messages under fields, get room
		// (and vanished ones give it back).
		cmd = tea.Batch(cmd, tea.WindowSize())
	}
	cmd = tea.Batch(cmd, noteCmd)
	f.erred = erred
	return f, cmd
}

// Focus implements huh.Field.
func (f *field) Focus() tea.Cmd {
	f.forget()
	f.cache.focused = true
	defer f.st.hush()()
	return f.Field.Focus()
}

// Skip implements huh.Field.
func (f *field) Skip() bool { return !f.shown() || f.Field.Skip() }

// Error implements huh.Field.
func (f *field) Error() error {
	if !f.shown() {
		return nil
	}
	return f.Field.Error()
}

// View implements tea.Model. A field's validation message is drawn right
// under it (huh would put it at the bottom of the group, far from the
// field when the group is long).
func (f *field) View() string {
	if !f.shown() {
		return ""
	}
	key := f.drawKey()
	if f.cache.valid && f.cache.key == key {
		return f.cache.view
	}
	f.rewrap()
	v := f.Field.View()
	if err := f.Field.Error(); err != nil {
		style := f.st.errStyle
		if f.width > 4 {
			style = style.Width(f.width - 2)
		}
		v = strings.TrimRight(v, "\n") + "\n" + style.PaddingLeft(2).Render(err.Error())
	}
	if f.note != "" {
		style := f.st.errStyle
		if f.width > 4 {
			style = style.Width(f.width - 2)
		}
		v = strings.TrimRight(v, "\n") + "\n" + style.PaddingLeft(2).Render(f.note)
	}
	v = f.mark(v)
	f.cache = viewCache{valid: true, key: key, view: v, focused: f.cache.focused}
	return v
}

// WithWidth implements huh.Field; the width also wraps the message.
func (f *field) WithWidth(width int) huh.Field {
	f.forget()
	f.width = width
	f.st.wrapGroup(width)
	f.Field.WithWidth(width)
	return f
}

// WithKeyMap implements huh.Field. A one-line text area gets the keys
// without the new-line key.
func (f *field) WithKeyMap(k *huh.KeyMap) huh.Field {
	f.forget()
	if f.oneLine {
		kc := *k
		kc.Text.NewLine = key.NewBinding(key.WithDisabled())
		k = &kc
	}
	f.Field.WithKeyMap(k)
	return f
}

// KeyBinds implements huh.Field. huh's confirm names its yes key "y"
// whatever the keys are; in Norwegian it is j (see KeyMapFor).
func (f *field) KeyBinds() []key.Binding {
	kb := f.Field.KeyBinds()
	if _, ok := f.Field.(*huh.Confirm); !ok || f.st.lang == EN {
		return kb
	}
	out := make([]key.Binding, len(kb))
	for i, b := range kb {
		if h := b.Help(); h.Key == "y" {
			b.SetHelp("j", h.Desc)
		}
		out[i] = b
	}
	return out
}

// WithAccessible implements huh.Field. It returns the wrapper, because
// huh's accessible form runner calls RunAccessible on what it returns.
func (f *field) WithAccessible(accessible bool) huh.Field {
	//lint:ignore SA1019 huh's own form runner still calls it: the wrapper must pass it on
	f.Field.WithAccessible(accessible)
	return f
}

// RunAccessible implements huh.Field. A hidden field is not asked. At the
// end of the input huh's Select without a default indexes option -1 and
// panics, and a required MultiSelect re-prompts for ever; eof stops both.
func (f *field) RunAccessible(w io.Writer, r io.Reader) (err error) {
	if !f.shown() {
		return nil
	}
	if f.st.eof {
		return io.ErrUnexpectedEOF
	}
	defer func() {
		if p := recover(); p != nil {
			if !f.st.eof {
				panic(p)
			}
			err = fmt.Errorf("%s: %w", f.GetKey(), io.ErrUnexpectedEOF)
		}
	}()
	return f.Field.RunAccessible(w, &eofReader{r: r, st: f.st})
}

type eofReader struct {
	r  io.Reader
	st *formState
}

func (e *eofReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if errors.Is(err, io.EOF) && n == 0 {
		e.st.eof = true
	}
	return n, err
}

// FocusField moves the focus of a form built by this package to the field
// with the given key (an answers-file path; an element path such as
// "system.interfaces[1]" means its list field), for example to put a resumed
// session back where the user was. It reports false, and leaves the focus
// alone, when the form has no such field or the field is hidden (such as
// the technical contact's name while "none" is chosen).
//
// Call it before or after Init; skipped-over fields are not validated, so
// no message shows until the user acts. The cursor of a text field focused
// after Init does not blink until the next key.
func FocusField(f *huh.Form, key string) bool {
	if f == nil || f.State != huh.StateNormal {
		return false
	}
	key = fieldKey(key)
	cur, ok := f.GetFocusedField().(*field)
	if !ok {
		return f.GetFocusedField().GetKey() == key
	}
	st := cur.st
	from, to := -1, -1
	for i, fl := range st.fields {
		if fl == cur {
			from = i
		}
		if fl.GetKey() == key {
			to = i
		}
	}
	if from < 0 || to < 0 || st.fields[to].Skip() {
		return false
	}
	defer st.hush()()
	// Bounded: each step moves one field; the target is a shown field, so
	// NextField never runs off the last field (which would submit the form).
	for range len(st.fields) {
		if f.GetFocusedField().GetKey() == key {
			return true
		}
		if to > from {
			f.NextField()
		} else {
			f.PrevField()
		}
	}
	return f.GetFocusedField().GetKey() == key
}

// FieldKey is the key of the form field that shows a problem at path: an
// element of a list ("system.interfaces[0]") is shown at the list's field.
func FieldKey(path string) string { return fieldKey(path) }

// fieldKey maps an answers-file path to the key of the form field that
// edits it: an element of a list ("system.interfaces[0]") is edited by the
// list's field.
func fieldKey(path string) string {
	if i := strings.LastIndexByte(path, '['); i >= 0 && i+1 < len(path) && indexLen(path[i+1:]) == len(path)-i-1 {
		return path[:i]
	}
	return path
}

// MessagesByKey turns Check's problems into one message per form field
// key, in the given language: the first problem of each field wins.
func MessagesByKey(errs Problems, l Lang) map[string]string {
	m := make(map[string]string, len(errs))
	for _, e := range errs {
		if e == nil {
			continue
		}
		k := fieldKey(e.Path)
		if _, seen := m[k]; !seen {
			m[k] = Localize(e.Err, l)
		}
	}
	return m
}

// check makes the huh validator of a text field bound to p: rule r, the
// rule Check applies at the field's key. Blank input stands for the bound
// value: in huh's accessible mode an empty line keeps the current value
// but is validated as typed, which would refuse to keep a good answer. In
// the terminal UI the input always equals *p.
func (s *formState) check(p *string, r rule) func(string) error {
	return func(v string) error {
		if s.holding() {
			return nil
		}
		if strings.TrimSpace(v) == "" && p != nil {
			v = *p
		}
		if _, _, err := r.apply(v); err != nil {
			return errors.New(Localize(err, s.lang))
		}
		return nil
	}
}

// choice is the huh validator of a select whose value is a text answer.
func (s *formState) choice(key string) func(string) error {
	r := mustRule(key)
	return checkValue(s, func(v string) error {
		_, _, err := r.apply(v)
		return err
	})
}

// set is the huh validator of a multi-select: the first problem Check
// would report for the list.
func (s *formState) set(key string) func([]string) error {
	r := mustSetRule(key)
	return checkValue(s, func(v []string) error {
		if p := r.apply(key, v); len(p) > 0 {
			return p[0].Err
		}
		return nil
	})
}

// checkValue makes a huh validator for a choice field.
func checkValue[T any](s *formState, rule func(T) error) func(T) error {
	return func(v T) error {
		if s.holding() {
			return nil
		}
		if err := rule(v); err != nil {
			return errors.New(Localize(err, s.lang))
		}
		return nil
	}
}
