package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

func TestWriteFileReplacesAtomicallyWithPrivateMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "f.json")
	os.WriteFile(p, []byte("old"), 0o644)
	if err := WriteFile(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(b) != "new" || fi.Mode().Perm() != FileMode {
		t.Fatalf("content %q mode %o", b, fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "f"), nil); err == nil {
		t.Fatal("write into a missing folder succeeded")
	}
}

// Folders the program makes are 0700, parents included; a folder that
// exists keeps its mode, even a shared 1777 one, and a loose one is named
// in a notice in both languages.
func TestMakeDirNeverChangesAFolderItDidNotCreate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	shared := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(shared, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(shared, "a", "out")
	created, err := MakeDir(out)
	if err != nil || !created {
		t.Fatalf("MakeDir(new) = %v, %v", created, err)
	}
	for _, d := range []string{out, filepath.Dir(out)} {
		if fi, _ := os.Stat(d); fi.Mode().Perm() != DirMode {
			t.Errorf("%s made with mode %o, want %o", d, fi.Mode().Perm(), DirMode)
		}
	}
	fi, _ := os.Stat(shared)
	if fi.Mode().Perm() != 0o777 || fi.Mode()&os.ModeSticky == 0 {
		t.Fatalf("the shared parent changed: %v", fi.Mode())
	}
	if created, err := MakeDir(out); err != nil || created {
		t.Fatalf("MakeDir(existing) = %v, %v", created, err)
	}

	// An existing folder readable by others: left as it is, with a notice.
	n, err := MakePrivateDir(shared)
	if err != nil || n == nil {
		t.Fatalf("MakePrivateDir(1777) = %v, %v", n, err)
	}
	if fi, _ := os.Stat(shared); fi.Mode().Perm() != 0o777 || fi.Mode()&os.ModeSticky == 0 {
		t.Fatalf("MakePrivateDir changed the mode: %v", fi.Mode())
	}
	for _, lang := range []string{"nb", "en"} {
		if txt := n.Text(lang); !strings.Contains(txt, shared) || !strings.Contains(txt, "1777") || !strings.Contains(txt, "chmod 700") {
			t.Errorf("%s notice %q lacks the folder, its mode or the fix", lang, txt)
		}
	}
	if n.Text("nb") == n.Text("en") {
		t.Error("the notice is not translated")
	}
	// A private existing folder: no notice. A file in the way: an error.
	if n, err := MakePrivateDir(out); err != nil || n != nil {
		t.Fatalf("MakePrivateDir(0700) = %v, %v", n, err)
	}
	file := filepath.Join(out, "f")
	os.WriteFile(file, nil, 0o600)
	if _, err := MakeDir(filepath.Join(file, "x")); err == nil {
		t.Fatal("MakeDir under a file succeeded")
	}
}

// TightenFile changes only regular files of the user's own, and never
// through a link.
func TestTightenFileLeavesLinksAndSpecialFilesAlone(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	d := t.TempDir()
	elsewhere := filepath.Join(t.TempDir(), "elsewhere")
	os.WriteFile(elsewhere, []byte("not ours"), 0o644)
	elsewhereDir := t.TempDir()
	os.Chmod(elsewhereDir, 0o755)

	own := filepath.Join(d, "own.json")
	os.WriteFile(own, nil, 0o644)
	linkFile := filepath.Join(d, "link.json")
	linkDir := filepath.Join(d, "linkdir.json")
	fifo := filepath.Join(d, "fifo.json")
	if err := os.Symlink(elsewhere, linkFile); err != nil {
		t.Fatal(err)
	}
	os.Symlink(elsewhereDir, linkDir)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}

	if fixed, n, err := TightenFile(own, FileMode); err != nil || !fixed || n != nil {
		t.Fatalf("own file: %v %v %v", fixed, n, err)
	}
	if fi, _ := os.Stat(own); fi.Mode().Perm() != 0o600 {
		t.Fatalf("own file has mode %o", fi.Mode().Perm())
	}
	for _, p := range []string{linkFile, linkDir, fifo} {
		fixed, n, err := TightenFile(p, FileMode)
		if err != nil || fixed || n == nil {
			t.Errorf("%s: fixed=%v notice=%v err=%v, want a notice and nothing changed", p, fixed, n, err)
			continue
		}
		if !strings.Contains(n.Text("nb"), p) || !strings.Contains(n.Text("en"), p) {
			t.Errorf("notice does not name %s: %q", p, n.Text("en"))
		}
	}
	if fi, _ := os.Stat(elsewhere); fi.Mode().Perm() != 0o644 {
		t.Errorf("a link's target was changed to %o", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(elsewhereDir); fi.Mode().Perm() != 0o755 {
		t.Errorf("a linked folder was changed to %o", fi.Mode().Perm())
	}
	if fi, _ := os.Lstat(fifo); fi.Mode().Perm() != 0o644 {
		t.Errorf("the FIFO was changed to %o", fi.Mode().Perm())
	}

	// Someone else's file (only root can make one).
	if os.Geteuid() == 0 {
		other := filepath.Join(d, "other.json")
		os.WriteFile(other, nil, 0o644)
		if err := os.Chown(other, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		fixed, n, err := TightenFile(other, FileMode)
		if err != nil || fixed || n == nil || !strings.Contains(n.Text("en"), "another user") {
			t.Errorf("someone else's file: %v %v %v", fixed, n, err)
		}
		if fi, _ := os.Stat(other); fi.Mode().Perm() != 0o644 {
			t.Errorf("someone else's file changed to %o", fi.Mode().Perm())
		}
	}
}
