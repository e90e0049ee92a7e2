package ui

import (
	"reflect"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// Keys may come faster than the app moves: typed ahead, pasted, or
// scripted. A key must land where it would have landed had the user
// waited for each screen, so while the place for keys is about to change
// by a command in flight (the terminal's background answer, the session
// list loading, a session being created or opened), keys are held, in
// order, and replayed when it has changed. Inside a form, huh moves the
// focus with commands too; FormScreen runs those at once (formscreen.go).

// maxHeld bounds the keys held while something is in flight.
const maxHeld = 1 << 14

type inputState struct {
	bg       bgQuery
	held     []tea.KeyMsg
	opening  bool // a session is being opened
	creating bool // a new session is being created
}

// updateInput handles every message (Update in guard.go wraps it): the
// terminal's answers are taken out, keys are held while they have nowhere
// right to go, the rest goes to handle.
func (a *App) updateInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	if consumed, cmd := a.terminalReply(msg); consumed {
		return a, tea.Batch(cmd, a.replayHeld())
	}
	switch msg.(type) {
	case sessionOpenedMsg:
		a.in.opening = false
	case pickerDoneMsg:
		a.in.creating = false
	}
	cmd := a.input(msg)
	return a, tea.Batch(cmd, a.replayHeld())
}

// holding says whether keys must wait.
func (a *App) holding() bool {
	return a.in.bg.waiting || a.in.opening || a.in.creating ||
		(a.state == statePicker && a.opts.ResumeID == "" && !a.picker.loaded) ||
		(a.state == statePicker && a.picker.profileWaiting())
}

// Jump is the command a screen returns to send the app to a screen and
// field (a problem in a review, say). The app goes at once, in the same
// Update, so keys typed right after Enter land on the new screen, not on
// the list they were typed in (where q quits).
func Jump(m JumpMsg) tea.Cmd { return m.msg }

func (m JumpMsg) msg() tea.Msg { return m }

// jumpPC identifies Jump's commands: every method value m.msg shares it.
var jumpPC = reflect.ValueOf(JumpMsg{}.msg).Pointer()

// jumpNow runs the Jump commands among cmd (through tea.Batch) at once
// and returns the rest.
func (a *App) jumpNow(cmd tea.Cmd) tea.Cmd {
	var rest []tea.Cmd
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0; n++ {
		c := queue[0]
		queue = queue[1:]
		switch {
		case c == nil:
		case n > 1000:
			rest = append(rest, c)
		case reflect.ValueOf(c).Pointer() == jumpPC:
			_, next := a.handle(c())
			queue = append(queue, next)
		case cmdKind(c) == kindBatch:
			if b, ok := c().(tea.BatchMsg); ok {
				queue = append(queue, b...)
			} else {
				rest = append(rest, c)
			}
		default:
			rest = append(rest, c)
		}
	}
	return tea.Batch(rest...)
}

// input passes msg on, holding keys while holding() and typing a pasted
// text of several lines as its lines with Enter between them, so each
// line lands in its own field (a multi-line field keeps the paste whole).
func (a *App) input(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		_, cmd := a.handle(msg)
		return cmd
	}
	if a.holding() && !key.Matches(k, a.keys.ForceQuit) {
		if len(a.in.held) < maxHeld {
			a.in.held = append(a.in.held, k)
		}
		return nil
	}
	if k.Type == tea.KeyCtrlJ && a.pasteByLines() {
		// A line feed in a one-line field is an Enter: keys typed before
		// the program put the terminal in raw mode had their Enter turned
		// into a line feed by the terminal (ICRNL), and scripts send one.
		k = tea.KeyMsg{Type: tea.KeyEnter}
	}
	if !k.Paste || !strings.ContainsAny(string(k.Runes), "\r\n") || !a.pasteByLines() {
		_, cmd := a.handle(k)
		return a.jumpNow(cmd)
	}
	var cmds []tea.Cmd
	text := strings.ReplaceAll(strings.ReplaceAll(string(k.Runes), "\r\n", "\n"), "\r", "\n")
	for {
		line, rest, more := strings.Cut(text, "\n")
		if line != "" {
			cmds = append(cmds, a.input(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(line), Paste: true}))
		}
		if !more {
			break
		}
		cmds = append(cmds, a.input(tea.KeyMsg{Type: tea.KeyEnter}))
		if rest == "" {
			break
		}
		if a.holding() || !a.pasteByLines() {
			// The rest waits, or goes whole into a multi-line field.
			cmds = append(cmds, a.input(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(rest), Paste: true}))
			break
		}
		text = rest
	}
	return tea.Batch(cmds...)
}

// pasteByLines says whether a paste of several lines is typed line by
// line here: in a text prompt or field that holds one line.
func (a *App) pasteByLines() bool {
	if a.state == statePicker {
		return a.picker.mode == pickNew || a.picker.mode == pickRename || a.picker.mode == pickImport || a.picker.mode == pickProfile
	}
	if a.screen == nil || !a.screen.Editing() {
		return false
	}
	ml, ok := a.screen.(interface{ MultiLine() bool })
	return !ok || !ml.MultiLine()
}

// replayHeld hands the held keys on, in order, once nothing holds them.
func (a *App) replayHeld() tea.Cmd {
	if len(a.in.held) == 0 || a.holding() {
		return nil
	}
	pending := a.in.held
	a.in.held = nil
	var cmds []tea.Cmd
	for i, k := range pending {
		if a.holding() {
			// Something went in flight again: wait, behind what input
			// just held.
			a.in.held = append(a.in.held, pending[i:]...)
			break
		}
		cmds = append(cmds, a.input(k))
	}
	return tea.Batch(cmds...)
}

// multiLine says whether a huh field takes several lines (a Text), looking
// through wrappers that have Unwrap (as package forms' fields do).
func multiLine(f huh.Field) bool {
	for range 8 {
		if _, ok := f.(*huh.Text); ok {
			return true
		}
		u, ok := f.(interface{ Unwrap() huh.Field })
		if !ok {
			return false
		}
		f = u.Unwrap()
	}
	return false
}
