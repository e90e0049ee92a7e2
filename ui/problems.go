package ui

import tea "github.com/charmbracelet/bubbletea"

// The stepper marks a step that has problems. Asking every step for its
// problems on every frame re-checked every answer on every redraw (with
// 1,000 services, more than a keystroke's whole budget). So the answers
// are checked when they change, not when drawn: after every snapshot of
// the session (every edit, ChangedMsg, SessionEdit, screen change and
// save; see autosave.go) a command checks the snapshot's own copy of the
// session, off the UI's goroutine, and the marks show the newest check.
// One check runs at a time; edits made meanwhile are checked together
// when it ends. The check is the steps' Problems: they read the session
// only (see Step), so they may run on a copy anywhere.

// checked is what the newest check found.
type checked struct {
	seq     uint64 // the snapshot checked (0: the session as it was opened)
	has     []bool // for each of the track's steps: it has problems
	running bool
}

// checkedMsg ends a check of the snapshot numbered seq.
type checkedMsg struct {
	seq uint64
	has []bool
}

// stepsWithProblems says which steps have problems, as ctx's session
// stands.
func stepsWithProblems(ctx *Context, steps []Step) []bool {
	has := make([]bool, len(steps))
	for i, s := range steps {
		has[i] = s.Problems != nil && len(s.Problems(ctx)) > 0
	}
	return has
}

// checkNow checks the open session at once: when it is opened, so the
// first frame is right.
func (a *App) checkNow() {
	a.check = checked{has: stepsWithProblems(a.ctx, a.track.Steps)}
}

// checkCmd checks the newest snapshot, unless a check runs (its end
// starts the next) or the newest is checked.
func (a *App) checkCmd() tea.Cmd {
	snap := a.saver.latest.Load()
	if a.track == nil || snap == nil || a.check.running || snap.seq <= a.check.seq {
		return nil
	}
	a.check.running = true
	ctx := *a.ctx
	ctx.Session = snap.sess // the snapshot's: nothing changes it
	steps := a.track.Steps
	return func() tea.Msg { return checkedMsg{seq: snap.seq, has: stepsWithProblems(&ctx, steps)} }
}

// checkedUpdate takes a check's result, and checks what changed since.
func (a *App) checkedUpdate(msg checkedMsg) tea.Cmd {
	a.check.running = false
	if msg.seq > a.check.seq {
		a.check.seq, a.check.has = msg.seq, msg.has
	}
	return a.checkCmd()
}

// hasProblems says step i of the track had problems at the newest check.
func (a *App) hasProblems(i int) bool { return i < len(a.check.has) && a.check.has[i] }
