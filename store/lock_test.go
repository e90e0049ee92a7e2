package store_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

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
