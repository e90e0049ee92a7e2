package ui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Moving between the picker and the wizard without quitting: the
// overview's key saves the open session, lets go of its lock and shows
// the picker; and while the picker shows, it lists the store again every
// RelistInterval, so sessions made or opened by another altinn-onboard
// (the CLI, another terminal) show up, with who has them open.
//
// Listing again on a timer, not watching the folder (fsnotify): it needs
// no new dependency, no watcher to close, and works the same on every
// file system (network folders, WSL's, macOS's), where change events are
// missing or late; a lock taken by another process changes no folder
// entry at all, so a watcher would miss it anyway. Listing a few dozen
// small files every two seconds costs next to nothing. The timer is a
// tea.Tick: the app's guard passes it through as a timer; it is on only
// when Options.RelistInterval is set (the program sets it), since
// internal/teadrive runs every command to its end, timers too, and would
// follow it for ever. Tests that want it send relistTickMsg themselves.

// DefaultRelistInterval is how often the program's picker lists the
// store again (Options.RelistInterval).
const DefaultRelistInterval = 2 * time.Second

type relistTickMsg struct{}

// leftMsg ends the save and unlock of the session the user left for the
// picker: err says it could not be saved (the session stays open, and
// locked).
type leftMsg struct{ err error }

// startTicking starts the timer that lists the store again, unless it
// runs.
func (p *picker) startTicking() tea.Cmd {
	d := p.app.opts.RelistInterval
	if p.ticking || d <= 0 {
		return nil
	}
	p.ticking = true
	return tea.Tick(d, func(time.Time) tea.Msg { return relistTickMsg{} })
}

// relist lists the store again while the picker shows; the timer stops
// in the wizard (Init starts it again).
func (p *picker) relist() tea.Cmd {
	p.ticking = false
	if p.app.state != statePicker {
		return nil
	}
	return tea.Batch(p.listCmd(), p.startTicking())
}

// switchKey is the overview's key back to the picker.
func (a *App) switchKey() key.Binding {
	return key.NewBinding(key.WithKeys("o"), key.WithHelp("o", a.t("bytt økt", "switch session")))
}

// handleSwitch handles the messages of moving between picker and wizard,
// whichever shows; ok says msg was one of them.
func (a *App) handleSwitch(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case relistTickMsg:
		return a.picker.relist(), true
	case prefsSavedMsg:
		if msg.err != nil {
			a.picker.notes.err = msg.err
		}
		return nil, true
	case leftMsg:
		return a.left(msg), true
	case quickSavedMsg:
		// The end of a write of a session left: nothing more to do.
		return nil, a.sess == nil || msg.seq <= a.leftSeq
	case checkedMsg:
		// A check of a session left: not this one's.
		return nil, a.sess == nil || msg.seq <= a.leftSeq
	case savedMsg:
		return nil, a.sess == nil
	case tea.KeyMsg:
		if a.state == stateWizard && !a.isStep(a.stepIdx) && key.Matches(msg, a.switchKey()) {
			return a.leave(), true
		}
	}
	return nil, false
}

// leave shows the picker: the session is saved durably and its lock let
// go in a command (keys wait for the list meanwhile: input.go holds them
// while the picker is not loaded).
func (a *App) leave() tea.Cmd {
	if a.sess == nil {
		return nil
	}
	a.snapshot()
	st, id, sv, lock := a.opts.Store, a.sess.ID, a.saver, a.lock
	a.state = statePicker
	a.opts.ResumeID = ""
	p := a.picker
	p.loaded, p.mode, p.err, p.info = false, pickList, nil, ""
	return func() tea.Msg {
		if err := sv.durable(st, id); err != nil {
			return leftMsg{err: err}
		}
		lock.Release() // it closes the lock file whatever it says
		return leftMsg{}
	}
}

// left takes the end of leave: the picker, or back to the session with
// why it could not be saved.
func (a *App) left(msg leftMsg) tea.Cmd {
	if msg.err != nil {
		a.state = stateWizard
		a.picker.loaded = true
		a.setStatus(a.t("Ikke lagret, økten er fortsatt åpen: ", "Not saved, the session stays open: ")+errText(msg.err, a.opts.Lang), true)
		return nil
	}
	// The numbering of snapshots goes on (see carry), so a late message
	// about the session left (numbered up to leftSeq) is never taken for
	// one about the next.
	a.saver = a.saver.carry()
	if last := a.saver.latest.Load(); last != nil {
		a.leftSeq = last.seq
	}
	a.sess, a.lock, a.track, a.ctx, a.screen = nil, nil, nil, nil, nil
	a.writing, a.syncScheduled, a.saveErr, a.status, a.fullHelp = false, false, nil, "", false
	a.check = checked{}
	return a.picker.Init()
}

// carry is a new saver for the next session whose snapshots are numbered
// after s's: its newest "snapshot" is s's number, written and durable.
func (s *saver) carry() *saver {
	next := &saver{}
	if prev := s.latest.Load(); prev != nil {
		next.latest.Store(&snapshot{seq: prev.seq})
		next.written, next.synced = prev.seq, prev.seq
	}
	return next
}
