package store_test

import (
	"os"
	"runtime"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

func snapshotOf(t *testing.T, s *session.Session) []byte {
	t.Helper()
	data, err := session.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestQuickSaveSnapshotReplacesWithPrivateMode(t *testing.T) {
	st := openStore(t)
	s, err := st.Create("Rask", store.TestTrack)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(st.Path(s.ID), 0o644)
	s.Answers.Vendor.Name = "Rask AS"
	if err := st.QuickSaveSnapshot(s.ID, snapshotOf(t, s)); err != nil {
		t.Fatal(err)
	}
	got, err := st.Load(s.ID)
	if err != nil || got.Answers.Vendor.Name != "Rask AS" {
		t.Fatalf("loaded %+v, %v", got, err)
	}
	if fi, _ := os.Stat(st.Path(s.ID)); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o", fi.Mode().Perm())
	}
	assertOnlySessionFiles(t, st.SessionsDir())
	if err := st.QuickSaveSnapshot("../x", nil); err == nil {
		t.Fatal("an invalid id was accepted")
	}
}

func TestPendingSnapshotRenameAndDiscard(t *testing.T) {
	st := openStore(t)
	s, err := st.Create("Varig", store.TestTrack)
	if err != nil {
		t.Fatal(err)
	}
	s.Answers.Vendor.Name = "Først AS"
	p, err := st.PrepareSnapshot(s.ID, snapshotOf(t, s))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Load(s.ID); got.Answers.Vendor.Name != "" {
		t.Fatalf("a prepared snapshot is already in place: %q", got.Answers.Vendor.Name)
	}
	if err := p.Rename(); err != nil {
		t.Fatal(err)
	}
	if err := p.SyncFolder(); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Load(s.ID); got.Answers.Vendor.Name != "Først AS" {
		t.Fatalf("renamed snapshot not in place: %q", got.Answers.Vendor.Name)
	}

	s.Answers.Vendor.Name = "Forkastet AS"
	p, err = st.PrepareSnapshot(s.ID, snapshotOf(t, s))
	if err != nil {
		t.Fatal(err)
	}
	p.Discard()
	if got, _ := st.Load(s.ID); got.Answers.Vendor.Name != "Først AS" {
		t.Fatalf("a discarded snapshot replaced the file: %q", got.Answers.Vendor.Name)
	}
	assertOnlySessionFiles(t, st.SessionsDir())
}

// assertOnlySessionFiles fails if a temporary file was left behind.
func assertOnlySessionFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if n := e.Name(); n[0] == '.' {
			t.Errorf("left behind: %s", n)
		}
	}
}
