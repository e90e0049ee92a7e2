package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// gatedStore is the real store whose writes of a snapshot holding a
// given text wait until the test opens the gate: a slow disk on demand.
type gatedStore struct {
	*store.Store
	hold    string
	started chan struct{}
	gate    chan struct{}
}

func (g *gatedStore) wait(data []byte) {
	if g.hold != "" && strings.Contains(string(data), g.hold) {
		g.started <- struct{}{}
		<-g.gate
	}
}

func (g *gatedStore) QuickSaveSnapshot(id string, data []byte) error {
	g.wait(data)
	return g.Store.QuickSaveSnapshot(id, data)
}

func (g *gatedStore) PrepareSnapshot(id string, data []byte) (*store.PendingSnapshot, error) {
	g.wait(data)
	return g.Store.PrepareSnapshot(id, data)
}

func newGated(t *testing.T, hold string) (*gatedStore, *session.Session) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Create("Rekkefølge", "track")
	if err != nil {
		t.Fatal(err)
	}
	return &gatedStore{Store: st, hold: hold, started: make(chan struct{}), gate: make(chan struct{})}, s
}

// named is a snapshot's copy of s with the vendor's name changed.
func named(s *session.Session, name string) *session.Session {
	s.Answers.Vendor.Name = name
	return s.Clone()
}

func onDisk(t *testing.T, g *gatedStore, id string) string {
	t.Helper()
	s, err := g.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	return s.Answers.Vendor.Name
}

// Write commands run in goroutines that may start in any order: a quick
// write of an older snapshot that comes after a newer one must not
// overwrite it.
func TestSaverQuickWritesNeverGoBack(t *testing.T) {
	g, s := newGated(t, "")
	var sv saver
	older := sv.take(named(s, "eldre"))
	newer := sv.take(named(s, "nyere"))
	if err := sv.quick(g, s.ID, newer); err != nil {
		t.Fatal(err)
	}
	if err := sv.quick(g, s.ID, older); err != nil {
		t.Fatal(err)
	}
	if got := onDisk(t, g, s.ID); got != "nyere" {
		t.Fatalf("on disk: %q", got)
	}
}

// A durable write whose fsync is overtaken by a quick write of a newer
// snapshot keeps the newer one, and the next durable write makes that
// one durable.
func TestSaverDurableWriteNeverGoesBack(t *testing.T) {
	g, s := newGated(t, "varig")
	var sv saver
	sv.take(named(s, "varig"))
	errc := make(chan error, 1)
	go func() { errc <- sv.durable(g, s.ID) }()
	<-g.started // the durable write is in its slow part
	newer := sv.take(named(s, "raskere"))
	done := make(chan error, 1)
	go func() { done <- sv.quick(g, s.ID, newer) }()
	select {
	case err := <-done: // quick writes do not wait for a durable one
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a quick write waited for a durable one")
	}
	close(g.gate)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if got := onDisk(t, g, s.ID); got != "raskere" {
		t.Fatalf("on disk: %q", got)
	}
	if sv.synced >= newer.seq {
		t.Fatal("the newer snapshot counts as durable but was never fsynced")
	}
	if err := sv.durable(g, s.ID); err != nil {
		t.Fatal(err)
	}
	if got := onDisk(t, g, s.ID); got != "raskere" || sv.synced != newer.seq {
		t.Fatalf("on disk %q, synced %d of %d", got, sv.synced, newer.seq)
	}
	assertNoTemp(t, g)
}

func assertNoTemp(t *testing.T, g *gatedStore) {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(g.SessionsDir(), ".*.tmp-*"))
	if len(matches) > 0 {
		t.Fatalf("temporary files left: %v", matches)
	}
}
