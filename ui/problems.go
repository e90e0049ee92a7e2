package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// The stepper marks a step that has problems. Asking every step for its
// problems on every frame re-checked every answer on every redraw (with
// 1,000 services, more than a keystroke's whole budget). So the answers
// are checked when they change, not when drawn: after every snapshot of
// the session (every edit, ChangedMsg, SessionEdit, screen change and
// save; see autosave.go) a command checks the snapshot's own copy of the
// session, off the UI's goroutine, and the marks show the newest check.
// One check runs at a time; edits made meanwhile are checked together
// when it ends. The check is Track.Status (status.go), the one judge of
// completeness: the steps' Problems (they read the session only, see
// Step, so they may run on a copy anywhere) and what this machine holds.
//
// What this machine holds (Local: the secrets the session refers to in
// this keyring, the files its track needs) is asked in a command of its
// own when the session is opened and again whenever its references or
// files change; until it answers the session is "checking", never
// complete, and no key waits for it. When it answers, the session is
// checked again.

// checked is what the newest check found.
type checked struct {
	seq     uint64 // the snapshot checked (0: the session as it was opened)
	local   uint64 // the answer of this machine used (localState.seq)
	status  Status
	running bool
}

// checkedMsg ends a check of the snapshot numbered seq.
type checkedMsg struct {
	seq, local uint64
	status     Status
}

// localState is the newest answer of this machine about the open
// session, and whether a question is under way.
type localState struct {
	seq     uint64 // counts the answers taken
	answer  Local
	running bool
}

// localMsg is this machine's answer about the session sessionID.
type localMsg struct {
	sessionID string
	answer    Local
}

// checkNow checks the open session at once: when it is opened, so the
// first frame is right. It asks nothing of the keyring: a session that
// refers to secrets starts "checking" (see localCmd).
func (a *App) checkNow() {
	a.local = localState{}
	if a.track.localQuery(a.sess).empty() {
		a.local.answer = Local{Asked: true, key: a.track.localQuery(a.sess).key()}
	}
	a.check = checked{status: a.track.Status(a.ctx, a.local.answer)}
}

// checkCmd checks the newest snapshot, unless a check runs (its end
// starts the next) or the newest is checked with the newest answer of
// this machine; and asks this machine again if the snapshot refers to
// other secrets or files than it was asked about.
func (a *App) checkCmd() tea.Cmd {
	snap := a.saver.latest.Load()
	if a.track == nil || snap == nil {
		return nil
	}
	ask := a.localCmd(snap.sess)
	if a.check.running || (snap.seq <= a.check.seq && a.local.seq <= a.check.local) {
		return ask
	}
	a.check.running = true
	ctx := *a.ctx
	ctx.Session = snap.sess // the snapshot's: nothing changes it
	track, local, seq := a.track, a.local, snap.seq
	return tea.Batch(ask, func() tea.Msg {
		return checkedMsg{seq: seq, local: local.seq, status: track.Status(&ctx, local.answer)}
	})
}

// checkedUpdate takes a check's result, and checks what changed since.
func (a *App) checkedUpdate(msg checkedMsg) tea.Cmd {
	a.check.running = false
	if msg.seq >= a.check.seq && msg.local >= a.check.local {
		a.check.seq, a.check.local, a.check.status = msg.seq, msg.local, msg.status
		if o, ok := a.screen.(*overview); ok {
			o.refresh()
		}
	}
	return a.checkCmd()
}

// localCmd asks this machine about the session s (a snapshot: nothing
// changes it) unless its answer is for the same question or a question
// runs (its end asks again if needed). The keyring is asked in the
// command, so no key waits for it.
func (a *App) localCmd(s *session.Session) tea.Cmd {
	q := a.track.localQuery(s)
	if a.local.running || (a.local.answer.Asked && a.local.answer.key == q.key()) {
		return nil
	}
	if q.empty() { // nothing to ask: known at once
		a.local.seq++
		a.local.answer = Local{Asked: true, key: q.key()}
		return nil
	}
	a.local.running = true
	secrets := a.opts.Secrets
	return func() tea.Msg { return localMsg{sessionID: q.sessionID, answer: q.ask(secrets)} }
}

// localUpdate takes this machine's answer, and checks the session with it.
func (a *App) localUpdate(msg localMsg) tea.Cmd {
	if a.sess == nil || a.track == nil || msg.sessionID != a.sess.ID {
		return nil // about a session no longer open
	}
	a.local.running = false
	a.local.seq++
	a.local.answer = msg.answer
	return a.checkCmd()
}

// hasProblems says step i of the track had problems at the newest check.
func (a *App) hasProblems(i int) bool { return a.check.status.HasProblems(i) }
