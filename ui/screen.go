// Package ui is the terminal face of altinn-onboard: the session picker,
// the stepper, the layout, the keys, autosave. It knows terminals and
// Charm; what the steps ask and produce comes from package steps, which
// hands it screens through the types in this file.
package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// Context is what a screen may use: the session it edits (in place; the
// app autosaves), the language and the terminal's size.
type Context struct {
	Session *session.Session
	Lang    string // "nb" or "en"
	// DataDir is the data folder.
	DataDir string
	// OutputBase is where each session's generated files go by default
	// (one folder per session inside it), found at start-up.
	OutputBase string
	// Secrets is the OS keyring. Call it only inside a tea.Cmd.
	Secrets    store.Secrets
	NoColor    bool
	Accessible bool
	Width      int
	Height     int
	Now        func() time.Time

	// styles are the App's, built once; see Styles.
	styles *Styles
}

// Styles are the program's styles, built once at start-up from the one
// answer about the terminal's background. Screens use these and never
// build their own (see newStyles for why). A Context the App did not
// make (a test of one screen) gets plain styles.
func (c *Context) Styles() *Styles {
	if c.styles != nil {
		return c.styles
	}
	return plainStyles()
}

// T picks the text in the context's language.
func (c *Context) T(nb, en string) string { return T(c.Lang, nb, en) }

// T picks a text by language: English for "en", else Norwegian bokmål.
func T(lang, nb, en string) string {
	if lang == "en" {
		return en
	}
	return nb
}

// Screen is one screen of a step: a form, a list, a review.
type Screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	// KeyBindings are shown in the footer's help.
	KeyBindings() []key.Binding
	// Done says the user finished the screen; the app moves on.
	Done() bool
	// Editing says a text field has focus, so plain keys such as q and ?
	// are typing, not commands.
	Editing() bool
	// Field is the key of the focused field ("" if none), saved so a
	// resume lands on it.
	Field() string
}

// BackHandler is a screen that uses Esc itself (to close an editor
// inside it, say); HandleBack returns false to let the app go back.
type BackHandler interface {
	HandleBack() (handled bool, cmd tea.Cmd)
}

// ScreenSpec makes a screen.
type ScreenSpec struct {
	ID    string
	Title func(lang string) string
	// New builds the screen, focused on field when it is not empty.
	New func(ctx *Context, field string) Screen
}

// Problem is a missing or wrong answer, with where to fix it.
type Problem struct {
	Screen  string
	Field   string
	Message string
}

// Step is one step of the onboarding as the UI sees it.
type Step struct {
	ID      string
	Title   func(lang string) string
	Screens []ScreenSpec
	// Problems lists what is missing or wrong in the step's answers.
	Problems func(ctx *Context) []Problem
	// DoneWhenLeft marks the step done when the user goes on past its
	// last screen with no problems left. Steps that decide for themselves
	// (a review with an explicit "mark done") leave it false.
	DoneWhenLeft bool
}

// JumpMsg asks the app to go to a screen and field (from a review).
type JumpMsg struct{ Step, Screen, Field string }

// SessionEdit is a message that changes the session whatever screen shows
// when it arrives: the result of work the user may have left the screen of
// before it ended (a secret stored in the keyring must be recorded even if
// the user has gone on). The app applies it and autosaves, then hands the
// message to the current screen as usual. EditSession must be idempotent
// (the screen that started the work may apply it too).
type SessionEdit interface {
	EditSession(s *session.Session)
}

// ChangedMsg tells the app a screen changed the session outside a key
// press (after a command finished), so it autosaves.
type ChangedMsg struct{}

// StatusMsg shows a short message in the footer.
type StatusMsg struct {
	Text  string
	Error bool
}
