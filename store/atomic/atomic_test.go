package atomic

import (
	"os"
	"path/filepath"
	"runtime"
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

func TestEnsureDirTightens(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	d := filepath.Join(t.TempDir(), "a", "b")
	if fixed, err := EnsureDir(d); err != nil || fixed {
		t.Fatalf("new dir: %v %v", fixed, err)
	}
	os.Chmod(d, 0o755)
	if fixed, err := EnsureDir(d); err != nil || !fixed {
		t.Fatalf("loose dir not reported: %v %v", fixed, err)
	}
	if fi, _ := os.Stat(d); fi.Mode().Perm() != DirMode {
		t.Fatalf("mode %o", fi.Mode().Perm())
	}
}
