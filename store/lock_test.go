package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// A <id>.lock that is a symbolic link is refused: neither the link nor
// its target is created, emptied or written.
func TestLockFileLinkIsRefusedAndItsTargetKept(t *testing.T) {
	needUnix(t)
	st := openStore(t)
	s, err := st.Create("Lenket lås", store.TestTrack)
	if err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(t.TempDir(), "viktig.txt")
	content := []byte("noe som ikke er vårt\n")
	os.WriteFile(victim, content, 0o644)
	lockPath := filepath.Join(st.SessionsDir(), s.ID+".lock")
	if err := os.Symlink(victim, lockPath); err != nil {
		t.Fatal(err)
	}

	for name, op := range map[string]func() error{
		"rename": func() error { _, err := st.Rename(s.ID, "Nytt navn"); return err },
		"lock":   func() error { _, err := st.Lock(s); return err },
		"delete": func() error { return st.Delete(s, nil, nil) },
		"open":   func() error { _, _, err := st.OpenLocked(s.ID); return err },
	} {
		err := op()
		var le *store.LockFileError
		if !errors.As(err, &le) {
			t.Fatalf("%s through a linked lock file: err = %v, want LockFileError", name, err)
		}
		wantBoth(t, err, lockPath, "Lenket lås")
		if !strings.Contains(le.Text("en"), "symbolic link") || !strings.Contains(le.Text("nb"), "symbolsk lenke") {
			t.Errorf("%s: message does not say it is a link: %s", name, le.Text("en"))
		}
	}
	if b, _ := os.ReadFile(victim); !bytes.Equal(b, content) {
		t.Fatalf("the link's target was changed to %q", b)
	}
	if fi, _ := os.Stat(victim); fi.Mode().Perm() != 0o644 {
		t.Fatalf("the link's target has mode %o", fi.Mode().Perm())
	}
	if got, _ := st.Load(s.ID); got.Name != "Lenket lås" {
		t.Fatalf("renamed anyway: %q", got.Name)
	}

	// A dangling link: its target is not created.
	os.Remove(lockPath)
	missing := filepath.Join(t.TempDir(), "ny-fil")
	os.Symlink(missing, lockPath)
	if _, err := st.Lock(s); !errors.As(err, new(*store.LockFileError)) {
		t.Fatalf("dangling link: %v", err)
	}
	if _, err := os.Lstat(missing); !os.IsNotExist(err) {
		t.Fatal("the lock created the dangling link's target")
	}

	// A FIFO in its place: refused at once (a plain open would block).
	os.Remove(lockPath)
	if err := syscall.Mkfifo(lockPath, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = st.Lock(s)
	if !errors.As(err, new(*store.LockFileError)) {
		t.Fatalf("FIFO: %v", err)
	}
	wantBoth(t, err, lockPath, "FIFO")

	// Once it is a plain file again, all is well.
	os.Remove(lockPath)
	if _, err := st.Rename(s.ID, "Nytt navn"); err != nil {
		t.Fatal(err)
	}
}

// Who holds a session, and since when, is told in both languages: by
// the refusal to open it, by LockedBy, and in the list.
func TestLockedSessionSaysWhoAndSinceWhen(t *testing.T) {
	needUnix(t)
	st := openStore(t)
	since := time.Date(2026, 11, 30, 15, 20, 0, 0, time.UTC)
	st.Now = func() time.Time { return since }
	s, err := st.Create("Låst kunde", store.TestTrack)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.LockedBy(s); got != nil {
		t.Fatalf("free session reported locked: %v", got)
	}
	l, err := st.Lock(s)
	if err != nil {
		t.Fatal(err)
	}
	other, err := store.Open(st.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = other.OpenLocked(s.Name)
	var le *store.LockedError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want LockedError", err)
	}
	pid := fmt.Sprintf("pid %d", os.Getpid())
	when := since.Local().Format("02.01.2006 15:04")
	if nb, en := le.Text("nb"), le.Text("en"); !strings.Contains(nb, pid+" på maskinen ") || !strings.Contains(nb, "siden "+when) ||
		!strings.Contains(en, pid+" on host ") || !strings.Contains(en, "since "+when) {
		t.Fatalf("the message does not say who and since when:\n nb: %s\n en: %s", nb, en)
	}
	list, _, err := other.List()
	if err != nil || len(list) != 1 || list[0].Locked == nil || !list[0].Locked.Since.Equal(since) {
		t.Fatalf("the list does not show the lock: %+v %v", list, err)
	}
	if got := other.LockedBy(s); got == nil || !strings.Contains(got.Holder, pid) {
		t.Fatalf("LockedBy = %v", got)
	}
	l.Release()
	if list, _, _ := other.List(); list[0].Locked != nil {
		t.Fatal("released, still listed as locked")
	}
	// A holder line of an older version (no time) still names the holder.
	lp := filepath.Join(st.SessionsDir(), s.ID+".lock")
	l, _ = st.Lock(s)
	os.WriteFile(lp, []byte("pid 42 on host gammel\n"), 0o600)
	if got := other.LockedBy(s); got == nil || got.Holder != "pid 42 on host gammel" || !got.Since.IsZero() {
		t.Fatalf("old holder line: %+v", got)
	}
	l.Release()
}

// What the picker pays every two seconds to see changes made elsewhere:
// List of 50 full sessions, with each one's lock checked, one of them
// held.
func BenchmarkListWithLocks(b *testing.B) {
	st := openStore(b)
	var first *session.Session
	for i := range 50 {
		s := sessiontest.Full(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
		s.Name = fmt.Sprintf("Kunde %d", i)
		created, err := st.Create(s.Name, store.TestTrack)
		if err != nil {
			b.Fatal(err)
		}
		s.ID, s.Track = created.ID, created.Track
		if err := st.Save(s); err != nil {
			b.Fatal(err)
		}
		if first == nil {
			first = s
		}
	}
	l, err := st.Lock(first)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Release()
	b.ResetTimer()
	for range b.N {
		list, _, err := st.List()
		if err != nil || len(list) != 50 {
			b.Fatal(len(list), err)
		}
	}
}
