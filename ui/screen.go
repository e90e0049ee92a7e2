// Package ui is the program's terminal face: the session picker, the
// stepper, the layout, the keys, autosave. It knows terminals and Charm,
// and no track: what is asked, in which steps and in which order, comes
// from the Tracks it is given (ui.Options), whose steps hand it screens
// through the types in this file (Track, Step, ScreenSpec, Screen) and
// get a Context. The Altinn tracks are made in package steps.
package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Context is what the app hands every screen: terminal matters only (the
// shape of soft-serve's common.Common). The session the screen edits (in
// place; the app autosaves it), the language, the room the screen has,
// the styles and keys, and where the screen is in its track. What a step
// needs from outside the terminal (the keyring, a clock, folders, later
// an HTTP client) it gets from whoever builds the track, not from here.
type Context struct {
	Session *session.Session
	Lang    string // "nb" or "en"
	// NoColor: the user asked for no colours (NO_COLOR).
	NoColor bool
	// Accessible: plain prompts for screen readers.
	Accessible bool
	// Width and Height are the room the screen has, in cells.
	Width, Height int
	// Track is the track the session follows: a screen that speaks of
	// other steps (their numbers, their state) finds them here.
	Track *Track

	// styles and keys are the App's, built once; see Styles and Keys.
	styles *Styles
	keys   *KeyMap
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

// Keys are the app's own keys (back, save, the step keys); a Context the
// App did not make gets the defaults.
func (c *Context) Keys() *KeyMap {
	if c.keys != nil {
		return c.keys
	}
	k := newKeyMap(c.Lang, len(c.steps())+1)
	return &k
}

func (c *Context) steps() []Step {
	if c.Track == nil {
		return nil
	}
	return c.Track.Steps
}

// StepNumber is the number (1-based) of the step with the given ID in the
// session's track, or 0 when the track has no such step.
func (c *Context) StepNumber(id string) int {
	if c.Track == nil {
		return 0
	}
	return c.Track.Index(id) + 1
}

// StepCount is how many steps the session's track has.
func (c *Context) StepCount() int { return len(c.steps()) }

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

// Interrupter is a screen with work under way that ctrl+c stops rather
// than ending the program (an e-mail being sent: stopped, the program
// waits for the outcome and says it). Interrupt returns false when
// nothing is under way; ctrl+c then saves and quits as always.
type Interrupter interface {
	Interrupt() (handled bool, cmd tea.Cmd)
}

// SaveHandler is a screen with an edit open that ctrl+s keeps and closes
// (a row's form, whose esc cancels); the app then saves as always.
type SaveHandler interface {
	HandleSave()
}

// ScreenSpec makes a screen. The app builds a screen anew each time it
// is shown (going back, a jump, a resume), so everything lasting lives
// in the session, never in the screen.
type ScreenSpec struct {
	// ID is saved in the session's cursor: keep it stable.
	ID    string
	Title func(lang string) string
	// New builds the screen, focused on field (a key Field returned
	// before) when it is not empty.
	New func(ctx *Context, field string) Screen
	// Ask asks the screen's questions and offers its actions as plain
	// line prompts (accessible mode), from the same definitions New
	// draws. Nil: a screen New makes as a FormScreen or an InfoScreen is
	// asked from its form or said from its text by the step's track.
	Ask func(ctx *Context, p *Prompter) error
}

// Problem is a missing or wrong answer, with where to fix it: the screen
// (of the step that reports it) and the field to focus there.
type Problem struct {
	Screen  string
	Field   string
	Message string // in the context's language, one line
}

// Step is one step of a track as the app sees it: its screens, in order,
// and what the step says about itself. A step is built by a constructor
// that takes the step's dependencies (see package steps); the functions
// here close over them, and are handed only the Context.
type Step struct {
	// ID is the step's key in the session (its status, the cursor):
	// keep it stable.
	ID string
	// Title is the step's short name in the stepper and the overview.
	Title   func(lang string) string
	Screens []ScreenSpec
	// Problems lists what is missing or wrong in the step's answers,
	// each with the screen and field to fix it in. The stepper asks on
	// every frame: read the session only, never the disk or the keyring.
	// Nil: nothing to check.
	Problems func(ctx *Context) []Problem
	// Remaining says in a few words what is still to do in the step when
	// Problems lists nothing ("the test users are not ordered"), or "".
	// Lists of the track's steps show it (the go-live checklist). The
	// same rules as Problems. Nil: nothing to say.
	Remaining func(ctx *Context) string
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
