package ui

import (
	"reflect"
	"runtime"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
)

// FormScreen shows a huh form as a screen. The form's fields are bound to
// the session, so every keystroke is in the session at once; the app
// autosaves it.
type FormScreen struct {
	form   *huh.Form
	intro  string
	width  int
	height int
}

// NewFormScreen wraps a form; intro is shown above it (may be empty).
func NewFormScreen(form *huh.Form, intro string) *FormScreen {
	// The footer shows the keys; Ctrl+C (the form's quit) is taken by the
	// app before the form sees it.
	form.WithShowHelp(false)
	return &FormScreen{form: form, intro: intro}
}

// Form is the wrapped form.
func (f *FormScreen) Form() *huh.Form { return f.form }

// Intro is the text shown above the form.
func (f *FormScreen) Intro() string { return f.intro }

func (f *FormScreen) Init() tea.Cmd { return f.moveNow(f.form.Init()) }

func (f *FormScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	return f, f.update(msg)
}

func (f *FormScreen) update(msg tea.Msg) tea.Cmd {
	m, cmd := f.form.Update(msg)
	if form, ok := m.(*huh.Form); ok {
		f.form = form
	}
	return f.moveNow(cmd)
}

// moveNow makes huh's focus moves happen at once. huh answers Enter (or
// Tab) with a command whose message moves the focus to the next field or
// group; bubbletea runs commands concurrently with reading keys, so keys
// typed right after Enter reached the form before that message and landed
// in the field being left ("974760673⏎Fjord AS" saved org number
// "974760673Fjord"). The moves are pure functions (huh.NextField,
// huh.PrevField and huh's nextGroup and prevGroup); they are found among
// the commands, through tea.Batch, run now and their messages handed to
// the form, so the focus has moved when Update returns. Every other
// command is returned as it was.
func (f *FormScreen) moveNow(cmd tea.Cmd) tea.Cmd {
	var rest []tea.Cmd
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0; n++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		if n > 1000 { // a form that keeps moving: leave it to the program
			rest = append(rest, c)
			continue
		}
		switch cmdKind(c) {
		case kindMove:
			m, next := f.form.Update(c())
			if form, ok := m.(*huh.Form); ok {
				f.form = form
			}
			queue = append(queue, next)
		case kindBatch:
			if b, ok := c().(tea.BatchMsg); ok {
				queue = append(queue, b...)
			} else {
				rest = append(rest, c) // a tea.Sequence: its order matters
			}
		default:
			rest = append(rest, c)
		}
	}
	return tea.Batch(rest...)
}

type cmdKindT int

const (
	kindOther cmdKindT = iota
	kindMove           // moves huh's focus
	kindBatch          // tea.Batch or tea.Sequence of commands: pure
)

// cmdKind tells the commands moveNow may run: the function's name is the
// only handle on huh's unexported ones and on tea.Batch's closure
// (compactCmds, a pure function returning its commands). The form tests
// fail if an upgrade renames them.
func cmdKind(c tea.Cmd) cmdKindT {
	fn := runtime.FuncForPC(reflect.ValueOf(c).Pointer())
	if fn == nil {
		return kindOther
	}
	switch name := fn.Name(); {
	case name == "github.com/charmbracelet/huh.NextField", name == "github.com/charmbracelet/huh.PrevField",
		name == "github.com/charmbracelet/huh.nextGroup", name == "github.com/charmbracelet/huh.prevGroup":
		return kindMove
	case strings.Contains(name, "compactCmds["):
		return kindBatch
	}
	return kindOther
}

// MultiLine says whether the focused field takes several lines; the app
// types a pasted text line by line into any other.
func (f *FormScreen) MultiLine() bool {
	fl := f.form.GetFocusedField()
	return fl != nil && multiLine(fl)
}

func (f *FormScreen) View() string {
	if f.intro == "" {
		return f.form.View()
	}
	intro := lipgloss.NewStyle().Width(max(20, f.width)).Render(f.intro)
	return intro + "\n\n" + f.form.View()
}

// naturalHeight is the height a form is measured against: more than any
// form has, so huh makes it as tall as its fields.
const naturalHeight = 1 << 16

// SetSize fits the form to the width. Its height is its own: huh sizes a
// form that was given no height (WithHeight) to its fields when told the
// window's size, and the frame scrolls the screen to the focused field
// and the message under it (the forms package marks them as the focus),
// with a mark where fields are hidden. huh's own scrolling, which it does
// in a height it was given, marks nothing: fields below the edge were not
// known to be there. A field's message is drawn under the field (forms
// does that); forms asks for the window's size again when one appears, so
// the form is measured again with it.
func (f *FormScreen) SetSize(w, h int) {
	f.width, f.height = w, h
	f.form.WithWidth(min(w, 100))
	f.form.Update(tea.WindowSizeMsg{Width: min(w, 100), Height: naturalHeight})
}

func (f *FormScreen) KeyBindings() []key.Binding {
	var out []key.Binding
	for _, b := range f.form.KeyBinds() {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

func (f *FormScreen) Done() bool { return f.form.State == huh.StateCompleted }

// Editing is true: a form has a text field or a choice in focus, so q and
// ? are typed, not commands (Ctrl+C still quits).
func (f *FormScreen) Editing() bool { return true }

func (f *FormScreen) Field() string {
	if fl := f.form.GetFocusedField(); fl != nil {
		return fl.GetKey()
	}
	return ""
}

// InfoScreen is a page of text; enter goes on. A page taller than its
// room scrolls with the arrow keys, with a mark where lines are hidden.
type InfoScreen struct {
	text          string
	width, height int
	next          key.Binding
	keys          struct{ up, down, pgUp, pgDown, home, end key.Binding }
	marks         scrollMarks
	off           int  // the first line shown
	long          bool // the page is taller than its room
	done          bool
}

// NewInfoScreen makes a text page.
func NewInfoScreen(ctx *Context, text string) *InfoScreen {
	s := &InfoScreen{text: text, next: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", ctx.T("videre", "continue"))),
		marks: newScrollMarks(ctx.Styles(), ctx.Lang)}
	s.keys.up = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", ctx.T("bla", "scroll")))
	s.keys.down = key.NewBinding(key.WithKeys("down", "j"))
	s.keys.pgUp = key.NewBinding(key.WithKeys("pgup"))
	s.keys.pgDown = key.NewBinding(key.WithKeys("pgdown", " "))
	s.keys.home = key.NewBinding(key.WithKeys("home", "g"))
	s.keys.end = key.NewBinding(key.WithKeys("end", "G"))
	return s
}

// Text is the page's text.
func (s *InfoScreen) Text() string { return s.text }

func (s *InfoScreen) Init() tea.Cmd { return nil }
func (s *InfoScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil
	}
	page := max(1, s.height-3)
	switch {
	case key.Matches(k, s.next):
		s.done = true
	case key.Matches(k, s.keys.up):
		s.off--
	case key.Matches(k, s.keys.down):
		s.off++
	case key.Matches(k, s.keys.pgUp):
		s.off -= page
	case key.Matches(k, s.keys.pgDown):
		s.off += page
	case key.Matches(k, s.keys.home):
		s.off = 0
	case key.Matches(k, s.keys.end):
		s.off = 1 << 30
	}
	return s, nil
}

func (s *InfoScreen) page() []string {
	return strings.Split(lipgloss.NewStyle().Width(max(20, min(s.width, 100))).Render(s.text), "\n")
}

func (s *InfoScreen) View() string {
	lines := s.page()
	if s.height < 3 || len(lines) <= s.height {
		s.off = 0
		return strings.Join(lines, "\n")
	}
	s.off = max(0, min(s.off, lastOffset(len(lines), s.height)))
	return strings.Join(scrollWindow(lines, s.off, s.height, s.marks), "\n")
}

func (s *InfoScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.long = h >= 3 && len(s.page()) > h
}
func (s *InfoScreen) KeyBindings() []key.Binding {
	if s.long {
		return []key.Binding{s.next, s.keys.up}
	}
	return []key.Binding{s.next}
}
func (s *InfoScreen) Done() bool    { return s.done }
func (s *InfoScreen) Editing() bool { return false }
func (s *InfoScreen) Field() string { return "" }
