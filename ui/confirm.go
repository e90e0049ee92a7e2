package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Answer is what a Confirm was answered.
type Answer int

const (
	// Unanswered: the key was not an answer.
	Unanswered Answer = iota
	Yes
	No
)

// Confirm is a yes-or-no question. The keys are the user's language's
// and English both: j or y is yes, n or Esc is no, in either case; the
// question shows "(j/n)" in Norwegian and "(y/n)" in English. Question is
// plain text, so accessible mode can ask the same.
type Confirm struct {
	Question string
	// Yes and No are the answers' keys, shown in the footer's help.
	Yes, No key.Binding

	lang string
}

// NewConfirm asks question in lang ("nb" or "en").
func NewConfirm(lang, question string) Confirm {
	return Confirm{
		Question: question,
		Yes:      key.NewBinding(key.WithKeys("j", "y", "J", "Y"), key.WithHelp(T(lang, "j", "y"), T(lang, "ja", "yes"))),
		No:       key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", T(lang, "nei", "no"))),
		lang:     lang,
	}
}

// Update says which answer a key gave, if any.
func (c Confirm) Update(msg tea.Msg) Answer {
	k, ok := msg.(tea.KeyMsg)
	switch {
	case !ok:
		return Unanswered
	case key.Matches(k, c.Yes):
		return Yes
	case key.Matches(k, c.No):
		return No
	}
	return Unanswered
}

// View is the question and its keys, wrapped to width cells; it is the
// screen's focus (see Focus), so it is in sight however long the screen.
func (c Confirm) View(st *Styles, width int) string {
	return Focus(st.Warn.Render(Wrap(c.Question+T(c.lang, " (j/n)", " (y/n)"), width)))
}

// KeyBindings are the answers' keys.
func (c Confirm) KeyBindings() []key.Binding { return []key.Binding{c.Yes, c.No} }
