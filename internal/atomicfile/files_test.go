package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// WriteFiles writes every file whole, 0600, over what was there, and
// leaves no temporary file behind.
func TestWriteFilesWritesEachWholeAndPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "b.docx"), []byte("old"), 0o644)
	files := []File{{"a.docx", []byte("aaa")}, {"b.docx", []byte("bbb")}, {"c.eml", nil}}
	if err := WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f.Name))
		fi, _ := os.Stat(filepath.Join(dir, f.Name))
		if err != nil || string(b) != string(f.Data) || fi.Mode().Perm() != FileMode {
			t.Errorf("%s: %q, %v, mode %v", f.Name, b, err, fi.Mode())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != len(files) {
		t.Errorf("temporary files left: %v", entries)
	}
}

// A name that is not a plain file name is refused before anything is
// written; a rename that fails (a folder in the way) leaves no temporary
// files, and the files after it are not renamed.
func TestWriteFilesFailsCleanly(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"", "../x", "sub/x", "."} {
		if err := WriteFiles(dir, []File{{"ok", []byte("x")}, {name, []byte("x")}}); err == nil {
			t.Errorf("name %q was accepted", name)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a refused write left %v", entries)
	}
	os.Mkdir(filepath.Join(dir, "in-the-way"), 0o700)
	os.WriteFile(filepath.Join(dir, "in-the-way", "f"), []byte("keep"), 0o600)
	err := WriteFiles(dir, []File{{"in-the-way", []byte("x")}, {"after", []byte("y")}})
	if err == nil || !strings.Contains(err.Error(), "in-the-way") {
		t.Fatalf("err = %v, want one naming the file", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "in-the-way" {
		t.Fatalf("left %v, want only the folder that was in the way", entries)
	}
}
