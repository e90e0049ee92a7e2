package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/store"
)

// The picker's status column is Track.Status, as everywhere: a session
// whose every step is done is read whole and this machine is asked about
// it (its secrets in this keyring, its files) in commands run one after
// another, a few sessions each; until the answer its row says
// "sjekker", never "fullført".

// rowChecked is the status of one session of the picker's list.
type rowChecked struct {
	updated time.Time // the session as it was checked
	status  Status
}

// rowsCheckedMsg ends the check of a few sessions of the list.
type rowsCheckedMsg []rowCheckedMsg

type rowCheckedMsg struct {
	id      string
	updated time.Time
	status  Status
}

// rowChunk is how many sessions one command checks: the rows are drawn
// anew once per command, not once per session (1,000 sessions would
// redraw the list 1,000 times), and the first rows still come soon.
const rowChunk = 16

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

// rowChecksCmd checks, a few at a time and one command after another,
// the sessions of a new list that the summary cannot tell about and that
// are not checked as they are.
func (a *App) rowChecksCmd(list []store.Summary) tea.Cmd {
	var todo []store.Summary
	for _, it := range list {
		t := a.opts.Tracks.Find(it.Track)
		if t == nil || !t.SummaryStatus(it).Checking {
			continue
		}
		if r, ok := a.rows[it.ID]; ok && r.updated.Equal(it.UpdatedAt) {
			continue
		}
		todo = append(todo, it)
	}
	if len(todo) == 0 {
		return nil
	}
	// Once the keyring fails, the rest are not asked: they are
	// unverified at once.
	st, secrets, lang, tracks := a.opts.Store, FailFast(a.opts.Secrets), a.opts.Lang, a.opts.Tracks
	var cmds []tea.Cmd
	for len(todo) > 0 {
		chunk := todo[:min(rowChunk, len(todo))]
		todo = todo[len(chunk):]
		cmds = append(cmds, func() tea.Msg {
			out := make(rowsCheckedMsg, len(chunk))
			for i, it := range chunk {
				out[i] = rowCheckedMsg{id: it.ID, updated: it.UpdatedAt,
					status: tracks.Find(it.Track).StatusOf(it, st.Load, secrets, lang)}
			}
			return out
		})
	}
	return tea.Sequence(cmds...)
}

// pickerStatusUpdate starts the checks of a list the picker gets, and
// takes their ends; it says whether msg was one of its own.
func (a *App) pickerStatusUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case listMsg:
		return tea.Batch(a.picker.update(msg), a.rowChecksCmd(msg.list)), true
	case rowsCheckedMsg:
		if a.rows == nil {
			a.rows = map[string]rowChecked{}
		}
		for _, r := range msg {
			a.rows[r.id] = rowChecked{updated: r.updated, status: r.status}
		}
		a.picker.setList(a.picker.list) // the rows anew
		return nil, true
	}
	return nil, false
}
