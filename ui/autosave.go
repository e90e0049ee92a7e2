package ui

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Autosave. Every edit is snapshotted in Update (session.Clone: a
// consistent copy, a small part of encoding it, which the write command
// does) and written at once by a command with a quick write (temporary
// file renamed over the session file, no fsync), so a killed process
// loses nothing typed more than a moment before. While one quick write runs, the snapshots of further edits
// wait, and the newest of them is written as soon as it ends. A durable write
// (fsynced, for power loss and machine crashes) follows AutosaveDelay
// after an edit, and at once on a screen change, on ctrl+s and when the
// app closes. Update never touches the disk.

// defaultAutosaveDelay is how long an edit may wait for its durable write.
const defaultAutosaveDelay = 2 * time.Second

// quickSavedMsg ends a quick write of the snapshot numbered seq.
type quickSavedMsg struct {
	seq uint64
	err error
}

// savedMsg ends a durable write.
type savedMsg struct{ err error }

// syncTickMsg says a durable write is due.
type syncTickMsg struct{}

// autosaveUpdate handles the autosave's own messages.
func (a *App) autosaveUpdate(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case quickSavedMsg:
		a.writing = false
		a.saveResult(msg.err)
		if msg.err == nil && a.saver.latest.Load().seq > msg.seq {
			return a.quickSaveCmd()
		}
	case savedMsg:
		a.saveResult(msg.err)
	case syncTickMsg:
		a.syncScheduled = false
		return a.syncCmd()
	}
	return nil
}

func (a *App) saveResult(err error) {
	a.saveErr = err
	if err != nil {
		a.setStatus(a.t("Kunne ikke lagre: ", "Could not save: ")+errText(err, a.opts.Lang), true)
	}
}

// changed snapshots the edited session. The snapshot is written at once
// (or as soon as the write under way ends), and durably within
// AutosaveDelay.
func (a *App) changed() tea.Cmd {
	if _, ok := a.snapshot(); !ok {
		return nil
	}
	var quick, tick tea.Cmd
	if !a.writing {
		quick = a.quickSaveCmd()
	}
	if !a.syncScheduled {
		a.syncScheduled = true
		tick = tea.Tick(a.opts.AutosaveDelay, func(time.Time) tea.Msg { return syncTickMsg{} })
	}
	return tea.Batch(a.checkCmd(), quick, tick)
}

// snapshot copies the session as it is now and hands the copy to the
// saver; the write commands encode it, once.
func (a *App) snapshot() (*snapshot, bool) {
	if a.sess == nil {
		return nil, false
	}
	a.recordCursor()
	a.sess.UpdatedAt = a.opts.Now().UTC()
	return a.saver.take(a.sess.Clone()), true
}

// quickSaveCmd writes the newest snapshot without fsync, and again while
// edits made during a write leave a newer one (without a round trip
// through Update: under load every hop adds latency).
func (a *App) quickSaveCmd() tea.Cmd {
	a.writing = true
	st, id, sv := a.opts.Store, a.sess.ID, a.saver
	return func() tea.Msg {
		var seq uint64
		for snap := sv.latest.Load(); snap.seq > seq; snap = sv.latest.Load() {
			if err := sv.quick(st, id, snap); err != nil {
				return quickSavedMsg{seq: snap.seq, err: err}
			}
			seq = snap.seq
		}
		return quickSavedMsg{seq: seq}
	}
}

// saveCmd snapshots the session and writes it durably.
func (a *App) saveCmd() tea.Cmd {
	if _, ok := a.snapshot(); !ok {
		return nil
	}
	return tea.Batch(a.checkCmd(), a.syncCmd())
}

// syncCmd makes the newest snapshot durable.
func (a *App) syncCmd() tea.Cmd {
	if a.sess == nil {
		return nil
	}
	st, id, sv := a.opts.Store, a.sess.ID, a.saver
	return func() tea.Msg { return savedMsg{err: sv.durable(st, id)} }
}

func (a *App) recordCursor() {
	if a.screen == nil {
		return
	}
	steps := a.allSteps()
	a.sess.Cursor = session.Cursor{
		Step:   steps[a.stepIdx].ID,
		Screen: steps[a.stepIdx].Screens[a.screenIdx].ID,
		Field:  a.screen.Field(),
	}
}

// Close saves the open session one last time, durably, and releases its
// lock. Call it after the program has ended (it touches the disk). After
// a panic it saves the last snapshot, taken after the last edit that
// completed: the session in memory may be half-changed.
func (a *App) Close() error {
	if a.sess == nil {
		return nil
	}
	defer a.lock.Release()
	if a.Crash() == nil {
		a.finalSnapshot()
	}
	if err := a.saver.durable(a.opts.Store, a.sess.ID); err != nil {
		return fmt.Errorf("saving session %q: %w", a.sess.Name, err)
	}
	return nil
}

// finalSnapshot snapshots the session as the program left it; a panic
// while doing so is recorded like any other, and the last snapshot stays.
func (a *App) finalSnapshot() {
	defer func() {
		if r := recover(); r != nil {
			a.recordCrash(r)
		}
	}()
	a.snapshot()
}

// snapshot is one state of the session, numbered in the order Update
// took them: a copy of the session that nothing changes (commands read
// it: the writes encode it, the check of the answers looks at it).
type snapshot struct {
	seq  uint64
	sess *session.Session

	encode sync.Once
	data   []byte
	err    error
}

// bytes is the snapshot encoded (the first call encodes it).
func (s *snapshot) bytes() ([]byte, error) {
	s.encode.Do(func() { s.data, s.err = session.Encode(s.sess) })
	return s.data, s.err
}

// saver writes snapshots and never lets an older one overwrite a newer
// one: write commands run concurrently, and a slow disk can finish them
// out of order. Quick writes are put in place under mu, in snapshot
// order; a durable write fsyncs its temporary file and the folder without
// holding mu, so quick writes never wait for an fsync.
type saver struct {
	// latest is the newest snapshot taken. Only Update (and Close, after
	// the program ended) take snapshots, so they are stored in order.
	latest atomic.Pointer[snapshot]

	mu      sync.Mutex // one rename into the session file at a time
	written uint64     // newest snapshot in the session file
	synced  uint64     // newest snapshot known to be durable

	syncMu sync.Mutex // one durable write at a time
}

// take numbers a snapshot of sess (a copy no one changes) and makes it
// the newest.
func (s *saver) take(sess *session.Session) *snapshot {
	seq := uint64(1)
	if prev := s.latest.Load(); prev != nil {
		seq = prev.seq + 1
	}
	sess.SchemaVersion = session.SchemaVersion // what Encode writes: set before anyone reads
	snap := &snapshot{seq: seq, sess: sess}
	s.latest.Store(snap)
	return snap
}

// quick writes snap without fsync unless a newer snapshot is already in
// the file.
func (s *saver) quick(st Store, id string, snap *snapshot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if snap.seq <= s.written {
		return nil
	}
	data, err := snap.bytes()
	if err != nil {
		return err
	}
	if err := st.QuickSaveSnapshot(id, data); err != nil {
		return err
	}
	s.written = snap.seq
	return nil
}

// durable writes the newest snapshot durably, unless it already is. If a
// quick write of a still newer snapshot lands while the fsync runs, that
// one is kept: the next durable write (due after the edit that made it)
// covers it.
func (s *saver) durable(st Store, id string) error {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	snap := s.latest.Load()
	if snap == nil {
		return nil
	}
	s.mu.Lock()
	done := s.synced >= snap.seq
	s.mu.Unlock()
	if done {
		return nil
	}
	data, err := snap.bytes()
	if err != nil {
		return err
	}
	p, err := st.PrepareSnapshot(id, data) // the slow part: write and fsync
	if err != nil {
		return err
	}
	s.mu.Lock()
	if snap.seq < s.written {
		s.mu.Unlock()
		p.Discard()
		return nil
	}
	err = p.Rename()
	if err == nil {
		s.written = snap.seq
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if err := p.SyncFolder(); err != nil {
		return err
	}
	s.mu.Lock()
	s.synced = max(s.synced, snap.seq)
	s.mu.Unlock()
	return nil
}
