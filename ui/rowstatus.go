package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/store"
)

// The picker's status column is Track.Status, as everywhere: a session
// whose every step is done is read whole and this machine is asked about
// it (its secrets in this keyring, its files) in a command, one session
// after another; until the answer its row says "checking", never
// "complete".

// rowChecked is the status of one session of the picker's list.
type rowChecked struct {
	updated time.Time // the session as it was checked
	status  Status
}

// rowCheckedMsg ends the check of one session of the list.
type rowCheckedMsg struct {
	id      string
	updated time.Time
	status  Status
}

// rowStatus is the status of a session of the picker's list: from its
// summary, or the check of the whole session when the summary cannot
// tell.
func (a *App) rowStatus(t *Track, it store.Summary) Status {
	st := t.SummaryStatus(it)
	if st.Checking {
		if r, ok := a.rows[it.ID]; ok && r.updated.Equal(it.UpdatedAt) {
			return r.status
		}
	}
	return st
}

// rowChecksCmd checks, one after another, the sessions of a new list
// that the summary cannot tell about and that are not checked as they
// are.
func (a *App) rowChecksCmd(list []store.Summary) tea.Cmd {
	var cmds []tea.Cmd
	// Once the keyring fails, the rest are not asked: they are
	// unverified at once.
	st, secrets, lang := a.opts.Store, FailFast(a.opts.Secrets), a.opts.Lang
	for _, it := range list {
		t := a.opts.Tracks.Find(it.Track)
		if t == nil || !t.SummaryStatus(it).Checking {
			continue
		}
		if r, ok := a.rows[it.ID]; ok && r.updated.Equal(it.UpdatedAt) {
			continue
		}
		cmds = append(cmds, func() tea.Msg {
			return rowCheckedMsg{id: it.ID, updated: it.UpdatedAt, status: t.StatusOf(it, st.Load, secrets, lang)}
		})
	}
	if len(cmds) == 0 {
		return nil
	}
	return tea.Sequence(cmds...)
}

// pickerStatusUpdate starts the checks of a list the picker gets, and
// takes their ends; it says whether msg was one of its own.
func (a *App) pickerStatusUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case listMsg:
		return tea.Batch(a.picker.update(msg), a.rowChecksCmd(msg.list)), true
	case rowCheckedMsg:
		if a.rows == nil {
			a.rows = map[string]rowChecked{}
		}
		a.rows[msg.id] = rowChecked{updated: msg.updated, status: msg.status}
		a.picker.setList(a.picker.list) // the rows anew
		return nil, true
	}
	return nil, false
}
