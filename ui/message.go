package ui

import (
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
)

// Message is a screen's line of feedback: what just happened, what went
// wrong, or work under way (with a spinner). It wraps to the width it is
// drawn in: the text that matters most (a path to open yourself, who
// holds a lock, "no space left on device") is never cut at the edge.
type Message struct {
	Text string
	Err  bool

	busy bool
	spin spinner.Model
}

// Set shows text, as an error when isErr; work under way ends.
func (m *Message) Set(text string, isErr bool) { m.Text, m.Err, m.busy = text, isErr, false }

// Clear shows nothing; work under way ends.
func (m *Message) Clear() { m.Set("", false) }

// Start shows text with a spinner while work runs, until the next Set.
// The command it returns turns the spinner; hand the message's Update
// the ticks.
func (m *Message) Start(text string) tea.Cmd {
	if len(m.spin.Spinner.Frames) == 0 {
		m.spin = spinner.New(spinner.WithSpinner(spinner.Dot))
	}
	m.Text, m.Err, m.busy = text, false, true
	return m.spin.Tick
}

// Busy says work is under way.
func (m *Message) Busy() bool { return m.busy }

// Update turns the spinner while work is under way; it returns the next
// tick, or nil for a message that is not the spinner's.
func (m *Message) Update(msg tea.Msg) tea.Cmd {
	tick, ok := msg.(spinner.TickMsg)
	if !ok || !m.busy {
		return nil
	}
	var cmd tea.Cmd
	m.spin, cmd = m.spin.Update(tick)
	return cmd
}

// View is the message wrapped to width cells, in the error colour, the
// colour of good news, or after a spinner; "" when there is none.
func (m *Message) View(st *Styles, width int) string {
	switch {
	case m.Text == "":
		return ""
	case m.busy:
		return m.spin.View() + " " + Indent(Wrap(m.Text, max(10, width-2)), "  ")[2:]
	case m.Err:
		return st.Error.Render(Wrap(m.Text, width))
	}
	return st.Status.Render(Wrap(m.Text, width))
}
