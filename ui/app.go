package ui

import (
	"io"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// Store is what the UI needs of the session store. Every call runs in a
// tea.Cmd, never inside Update.
type Store interface {
	DataDir() string
	List() ([]store.Summary, []*store.FileError, error)
	// Create makes a new session that follows the given track.
	Create(name, track string) (*session.Session, error)
	Load(id string) (*session.Session, error)
	QuickSaveSnapshot(id string, data []byte) error
	PrepareSnapshot(id string, data []byte) (*store.PendingSnapshot, error)
	Rename(ref, newName string) (*session.Session, error)
	// Delete deletes a session and its secrets: the names given (its
	// track's) and any other the session refers to.
	Delete(sess *session.Session, secrets store.Secrets, names []string) error
	Import(r io.Reader, source string, check store.ImportCheck) (*session.Session, error)
	// LoadLocked takes a session's lock and reads it under the lock.
	LoadLocked(id string) (*session.Session, *store.Lock, error)
}

// Options configure the app.
type Options struct {
	// Title is the program's name, first in every header, and Tagline
	// (nil: none) says after it in the picker what the program is for.
	Title   string
	Tagline func(lang string) string

	Store Store
	// Secrets is the OS keyring, used only to delete a session's secrets
	// with the session (the picker's delete). Screens never see it: the
	// steps get theirs from whoever builds the tracks.
	Secrets store.Secrets
	// Tracks are the tracks the app offers, each with its steps. The
	// first is the one new sessions follow; with more than one, the
	// picker asks which a new session follows. A session is run on the
	// track it records.
	Tracks  Tracks
	Lang    string
	NoColor bool
	// Now is the app's clock (step statuses' times).
	Now func() time.Time
	// ResumeID opens this session at once instead of the picker.
	ResumeID string
	// HideNotice skips the tracks' notices in the picker.
	HideNotice bool
	// Preferences remember between runs whether the notices were read
	// (folded to a line then). Nil: nothing is remembered.
	Preferences Preferences
	// ProfileHint is one line saying where the user's profile is and how
	// to fill it, or "" when there is nothing to say (a profile exists).
	// The picker shows it once, while a new session is named, and
	// remembers in Preferences that it did. Nil: never shown.
	ProfileHint func(lang string) string
	// ProfileScreen makes the screen where the user fills in their
	// profile: the picker's p key, offered on the first run in place of
	// ProfileHint's text. Its Context has no session. Esc leaves it
	// without saving (unless it is a BackHandler that takes esc); once
	// Done, its Report (Reporter) is said under the list. Nil: no key.
	ProfileScreen func(ctx *Context) Screen
	// RelistInterval is how often the picker lists the store again, to
	// show sessions made or opened elsewhere (the program uses
	// DefaultRelistInterval). 0: only when the picker shows. Test drivers
	// that run every command to its end (internal/teadrive) would follow
	// the timer for ever: tests that want it send its message themselves.
	RelistInterval time.Duration
	// AutosaveDelay is how long an edit may wait for its durable
	// (fsynced) write; every edit is written at once without fsync.
	AutosaveDelay time.Duration
	// Terminal, when set, is where the app asks the terminal for its
	// background colour, once, before its first frame (see termquery.go).
	// Nil: the background settled at start-up (internal/termbg) is used.
	Terminal io.Writer
	// ImportCheck checks a session the picker imports: the same check as
	// `sessions import`. Without one, imports are refused.
	ImportCheck store.ImportCheck
}

// Minimum terminal size; below it the app asks for a larger window.
const (
	MinWidth  = 64
	MinHeight = 20
)

type state int

const (
	statePicker state = iota
	stateWizard
)

// App is the root model.
type App struct {
	opts   Options
	styles Styles
	keys   KeyMap
	help   help.Model
	width  int
	height int
	state  state

	picker *picker
	// leftSeq is the newest snapshot number of the sessions left for the
	// picker: later messages about those are dropped (picker_switch.go).
	leftSeq uint64
	rows    map[string]rowChecked // the picker's checked sessions (rowstatus.go)

	ctx       *Context
	sess      *session.Session
	track     *Track // the session's
	lock      *store.Lock
	stepIdx   int
	screenIdx int
	screen    Screen

	writing       bool // a quick write is under way
	syncScheduled bool // a durable write is due
	saver         *saver
	check         checked    // the answers' newest check (problems.go)
	local         localState // this machine's newest answer (problems.go)
	saveErr       error
	crash         atomic.Pointer[Crash]
	program       atomic.Pointer[tea.Program]
	status        string
	statusErr     bool
	fullHelp      bool

	quitting bool
	aborted  bool

	// in holds keys while they have nowhere right to go (see input.go).
	in inputState
}

// New builds the app.
func New(o Options) *App {
	if o.Lang == "" {
		o.Lang = "nb"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.AutosaveDelay == 0 {
		o.AutosaveDelay = defaultAutosaveDelay
	}
	a := &App{opts: o, keys: newKeyMap(o.Lang, 1), help: help.New()}
	a.initStyles()
	a.picker = newPicker(a)
	a.saver = &saver{}
	return a
}

// Session is the open session (nil in the picker).
func (a *App) Session() *session.Session { return a.sess }

// Lock is the open session's lock, for the caller to release after Run.
func (a *App) Lock() *store.Lock { return a.lock }

// Aborted says the user left without a session from a pure prompt.
func (a *App) Aborted() bool { return a.aborted }

func (a *App) t(nb, en string) string { return T(a.opts.Lang, nb, en) }

// start loads the session list, or opens the session to resume (Init
// calls it once the styles are settled).
func (a *App) start() tea.Cmd {
	if a.opts.ResumeID != "" {
		return a.openCmd(a.opts.ResumeID)
	}
	return a.picker.Init()
}

type sessionOpenedMsg struct {
	sess *session.Session
	lock *store.Lock
	err  error
}

func (a *App) openCmd(id string) tea.Cmd {
	a.in.opening = true // keys wait for the session (input.go)
	st, tracks := a.opts.Store, a.opts.Tracks
	return func() tea.Msg {
		// Read under the lock, so the wizard starts from what the last
		// holder saved, not from a copy read just before.
		sess, lock, err := st.LoadLocked(id)
		if err != nil {
			return sessionOpenedMsg{err: err}
		}
		if t := tracks.Find(sess.Track); t == nil || len(t.Steps) == 0 {
			// Not a session this program can run: left as it is.
			lock.Release()
			return sessionOpenedMsg{err: &UnknownTrackError{Session: sess.Name, Track: sess.Track}}
		}
		return sessionOpenedMsg{sess: sess, lock: lock}
	}
}

// handle handles every message the input layer lets through (Update in
// guard.go wraps updateInput in input.go, which calls it). It never
// touches disk or the keyring: those run in the commands it returns.
func (a *App) handle(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := a.handleSwitch(msg); ok { // picker_switch.go
		return a, cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.help.Width = msg.Width - 2
		if a.screen != nil {
			w, h := a.bodySize()
			a.ctx.Width, a.ctx.Height = w, h
			a.screen.SetSize(w, h)
		}
		a.picker.setSize(msg.Width, msg.Height)
		return a, nil
	case sessionOpenedMsg:
		if msg.err != nil {
			if a.opts.ResumeID != "" && a.state == statePicker && a.picker.list == nil {
				// `resume NAME` failed: show the picker with the reason.
				a.opts.ResumeID = ""
				a.picker.err = msg.err
				return a, a.picker.Init()
			}
			a.picker.err = msg.err
			return a, nil
		}
		return a, a.enterWizard(msg.sess, msg.lock)
	case quickSavedMsg, savedMsg, syncTickMsg:
		return a, a.autosaveUpdate(msg)
	case checkedMsg:
		return a, a.checkedUpdate(msg)
	case localMsg:
		return a, a.localUpdate(msg)
	case StatusMsg:
		a.setStatus(msg.Text, msg.Error)
		return a, nil
	}
	if a.state == statePicker {
		if cmd, ok := a.pickerStatusUpdate(msg); ok {
			return a, cmd
		}
		return a, a.picker.update(msg)
	}
	if e, ok := msg.(SessionEdit); ok && a.sess != nil {
		e.EditSession(a.sess)
		cmd := a.updateWizard(msg) // the snapshot after: with what the screen did too
		return a, tea.Batch(a.changed(), cmd)
	}
	return a, a.updateWizard(msg)
}

func (a *App) setStatus(s string, isErr bool) { a.status, a.statusErr = s, isErr }

// quit ends the program; the caller saves the session one last time.
func (a *App) quit() tea.Cmd {
	a.quitting = true
	return tea.Quit
}

func (a *App) enterWizard(sess *session.Session, lock *store.Lock) tea.Cmd {
	track := a.opts.Tracks.Find(sess.Track) // openCmd made sure it is there
	a.state = stateWizard
	a.sess, a.lock, a.track = sess, lock, track
	if sess.Settings.Lang == "" {
		sess.Settings.Lang = a.opts.Lang
	}
	a.keys = newKeyMap(a.opts.Lang, len(track.Steps)+1)
	w, h := a.bodySize()
	a.ctx = &Context{Session: sess, Lang: a.opts.Lang, NoColor: a.opts.NoColor, Width: w, Height: h, Track: track}
	a.ctx.styles = &a.styles
	a.ctx.keys = &a.keys
	a.checkNow()
	// Resume where the user was: step, screen and field.
	step, screen := 0, 0
	if c := sess.Cursor; c.Step != "" {
		for i, s := range a.allSteps() {
			if s.ID == c.Step {
				step = i
				for j, sc := range s.Screens {
					if sc.ID == c.Screen {
						screen = j
					}
				}
			}
		}
	} else {
		step = min(track.Progress(sess.Steps).Step-1, len(track.Steps)-1)
	}
	return a.goTo(step, screen, sess.Cursor.Field)
}

// allSteps is the track's steps plus the final overview.
func (a *App) allSteps() []Step {
	return append(append([]Step(nil), a.track.Steps...), overviewStep(a))
}

// isStep says item i of the stepper is one of the track's steps (not the
// overview).
func (a *App) isStep(i int) bool { return i < len(a.track.Steps) }

// goTo shows a screen, saving first so a screen change is never lost.
func (a *App) goTo(step, screen int, field string) tea.Cmd {
	steps := a.allSteps()
	step = max(0, min(step, len(steps)-1))
	if len(steps[step].Screens) == 0 {
		return nil
	}
	screen = max(0, min(screen, len(steps[step].Screens)-1))
	a.stepIdx, a.screenIdx = step, screen
	if a.isStep(step) && a.sess.StepStatus(steps[step].ID) == session.NotStarted {
		a.sess.SetStepStatus(steps[step].ID, session.InProgress, a.opts.Now())
	}
	w, h := a.bodySize()
	a.ctx.Width, a.ctx.Height = w, h
	a.screen = steps[step].Screens[screen].New(a.ctx, field)
	a.screen.SetSize(w, h)
	a.status = ""
	return tea.Batch(a.screen.Init(), a.saveCmd())
}

// next moves to the following screen, across steps.
func (a *App) next() tea.Cmd {
	steps := a.allSteps()
	if a.screenIdx+1 < len(steps[a.stepIdx].Screens) {
		return a.goTo(a.stepIdx, a.screenIdx+1, "")
	}
	if a.stepIdx+1 < len(steps) {
		if cur := steps[a.stepIdx]; cur.DoneWhenLeft && a.isStep(a.stepIdx) &&
			(cur.Problems == nil || len(cur.Problems(a.ctx)) == 0) {
			a.sess.SetStepStatus(cur.ID, session.Done, a.opts.Now())
		}
		return a.goTo(a.stepIdx+1, 0, "")
	}
	// The last screen: stay, but build it anew so it can be used again.
	return a.goTo(a.stepIdx, a.screenIdx, "")
}

func (a *App) back() tea.Cmd {
	if a.screenIdx > 0 {
		return a.goTo(a.stepIdx, a.screenIdx-1, "")
	}
	if a.stepIdx > 0 {
		prev := a.allSteps()[a.stepIdx-1]
		return a.goTo(a.stepIdx-1, len(prev.Screens)-1, "")
	}
	return nil
}

// interrupt is ctrl+c: it stops the screen's work under way
// (Interrupter), or else saves and quits.
func (a *App) interrupt() tea.Cmd {
	if in, ok := a.screen.(Interrupter); ok {
		if handled, cmd := in.Interrupt(); handled {
			return cmd
		}
	}
	return a.quit()
}

func (a *App) updateWizard(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, a.keys.ForceQuit):
			return a.interrupt()
		case key.Matches(msg, a.keys.Save):
			if sh, ok := a.screen.(SaveHandler); ok {
				sh.HandleSave()
			}
			a.setStatus(a.t("Lagret.", "Saved."), false)
			return a.saveCmd()
		case key.Matches(msg, a.keys.Back):
			if bh, ok := a.screen.(BackHandler); ok {
				if handled, cmd := bh.HandleBack(); handled {
					return tea.Batch(cmd, a.changed())
				}
			}
			return a.back()
		case key.Matches(msg, a.keys.NextStep):
			return a.goTo(a.stepIdx+1, 0, "")
		case key.Matches(msg, a.keys.PrevStep):
			return a.goTo(a.stepIdx-1, 0, "")
		}
		for i, b := range a.keys.JumpStep {
			if key.Matches(msg, b) && i < len(a.allSteps()) {
				return a.goTo(i, 0, "")
			}
		}
		if key.Matches(msg, a.keys.HelpAny) {
			a.fullHelp = !a.fullHelp
			return nil
		}
		if !a.screen.Editing() {
			switch {
			case key.Matches(msg, a.keys.Quit):
				return a.quit()
			case key.Matches(msg, a.keys.Help):
				a.fullHelp = !a.fullHelp
				return nil
			}
		}
		if a.tooSmall() {
			return nil
		}
		a.status = ""
		var cmd tea.Cmd
		a.screen, cmd = a.screen.Update(msg)
		cmds := []tea.Cmd{cmd, a.changed()}
		if a.screen.Done() {
			cmds = append(cmds, a.next())
		}
		return tea.Batch(cmds...)
	case JumpMsg:
		for i, s := range a.allSteps() {
			if s.ID != msg.Step {
				continue
			}
			for j, sc := range s.Screens {
				if sc.ID == msg.Screen {
					return a.goTo(i, j, msg.Field)
				}
			}
			return a.goTo(i, 0, msg.Field)
		}
		return nil
	case ChangedMsg:
		return a.changed()
	}
	var cmd tea.Cmd
	a.screen, cmd = a.screen.Update(msg)
	if a.screen.Done() {
		return tea.Batch(cmd, a.next())
	}
	return cmd
}
