package store_test

// Files that are not ours are never touched: links, FIFOs, folders and
// other users' files in sessions/, an existing data folder's mode.

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/store"
)

func needUnix(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links, FIFOs and POSIX modes")
	}
}

func wantBoth(t *testing.T, err error, wants ...string) {
	t.Helper()
	var l store.Localized
	if !errors.As(err, &l) {
		t.Fatalf("err = %v (%T), want a message in both languages", err, err)
	}
	nb, en := l.Text("nb"), l.Text("en")
	if nb == en {
		t.Errorf("not translated: %q", en)
	}
	for _, w := range wants {
		if !strings.Contains(nb, w) || !strings.Contains(en, w) {
			t.Errorf("messages do not name %q:\n nb: %s\n en: %s", w, nb, en)
		}
	}
}

// Open tightens only the user's own regular files in sessions/; links
// (and what they point to), FIFOs, folders and other users' files are
// left exactly as they are and named in a notice.
func TestOpenTouchesOnlyOurOwnRegularFiles(t *testing.T) {
	needUnix(t)
	st := openStore(t)
	own, _ := st.Create("Egen", store.TestTrack)
	os.Chmod(st.Path(own.ID), 0o644)

	elsewhere := t.TempDir()
	targetFile := filepath.Join(elsewhere, "fil.txt")
	os.WriteFile(targetFile, []byte("x"), 0o644)
	targetDir := filepath.Join(elsewhere, "mappe")
	os.Mkdir(targetDir, 0o755)
	os.Chmod(targetDir, 0o755)

	dir := st.SessionsDir()
	odd := map[string]func(p string) error{
		"link-to-file.json": func(p string) error { return os.Symlink(targetFile, p) },
		"link-to-dir.json":  func(p string) error { return os.Symlink(targetDir, p) },
		"link-to-dir":       func(p string) error { return os.Symlink(targetDir, p) },
		"fifo.json":         func(p string) error { return syscall.Mkfifo(p, 0o644) },
		"mappe":             func(p string) error { return os.Mkdir(p, 0o755) },
	}
	if os.Geteuid() == 0 {
		odd["andres.json"] = func(p string) error {
			if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
				return err
			}
			return os.Chown(p, 65534, 65534)
		}
	}
	before := map[string]os.FileMode{}
	for name, mk := range odd {
		p := filepath.Join(dir, name)
		if err := mk(p); err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Lstat(p)
		before[p] = fi.Mode()
	}

	start := time.Now()
	st2, err := store.Open(st.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("Open took %v (blocked on the FIFO?)", d)
	}
	var notes []string
	for _, n := range st2.Notices {
		notes = append(notes, n.Text("en"))
	}
	all := strings.Join(notes, "\n")
	for p, mode := range before {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode() != mode {
			t.Errorf("%s changed from %v to %v (%v)", p, mode, fi.Mode(), err)
		}
		if !strings.Contains(all, p) {
			t.Errorf("no notice names %s:\n%s", p, all)
		}
	}
	for _, p := range []string{targetFile, targetDir} {
		if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o644 && fi.Mode().Perm() != 0o755 {
			t.Errorf("a link's target %s was changed to %o", p, fi.Mode().Perm())
		}
	}
	if fi, _ := os.Stat(targetFile); fi.Mode().Perm() != 0o644 {
		t.Errorf("linked file changed to %o", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(targetDir); fi.Mode().Perm() != 0o755 {
		t.Errorf("linked folder changed to %o", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(st.Path(own.ID)); fi.Mode().Perm() != 0o600 {
		t.Errorf("own session file not tightened: %o", fi.Mode().Perm())
	}
	// The store still works around them.
	list, _, err := st2.List()
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v %v", list, err)
	}
}

// A new data folder is made 0700; one that exists keeps its mode (it may
// be a folder the user chose, shared on purpose), and a notice in both
// languages says others can read it and how to change that.
func TestOpenNeverChangesAnExistingDataFolder(t *testing.T) {
	needUnix(t)
	parent := t.TempDir()
	os.Chmod(parent, 0o755)
	fresh := filepath.Join(parent, "ny", "data")
	st, err := store.Open(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Notices) != 0 {
		t.Fatalf("notices for a new folder: %v", st.Notices)
	}
	for _, d := range []string{fresh, filepath.Dir(fresh), st.SessionsDir()} {
		if fi, _ := os.Stat(d); fi.Mode().Perm() != 0o700 {
			t.Errorf("%s made with mode %o", d, fi.Mode().Perm())
		}
	}
	if fi, _ := os.Stat(parent); fi.Mode().Perm() != 0o755 {
		t.Errorf("the existing parent changed to %o", fi.Mode().Perm())
	}

	shared := filepath.Join(parent, "delt")
	os.Mkdir(shared, 0o755)
	os.Chmod(shared, 0o755)
	st, err = store.Open(shared)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(shared); fi.Mode().Perm() != 0o755 {
		t.Fatalf("existing data folder changed to %o", fi.Mode().Perm())
	}
	if len(st.Notices) != 1 {
		t.Fatalf("want one notice about the data folder, got %v", st.Notices)
	}
	n := st.Notices[0]
	for _, lang := range []string{"nb", "en"} {
		if txt := n.Text(lang); !strings.Contains(txt, shared) || !strings.Contains(txt, "0755") || !strings.Contains(txt, "chmod 700") {
			t.Errorf("%s notice %q", lang, txt)
		}
	}
}
