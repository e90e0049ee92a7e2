package steps

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/mail/mailtest"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

// `fill --out DIR` makes DIR (and missing folders above it) 0700, and
// never changes a folder that exists: not a shared 1777 parent, not the
// current folder, not an existing DIR. An existing DIR others can read
// gets a notice.
func TestPackageNeverChangesFoldersItDidNotCreate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	a := sessiontest.Answers()
	shared := filepath.Join(t.TempDir(), "tmp")
	os.Mkdir(shared, 0o700)
	os.Chmod(shared, 0o777|os.ModeSticky)

	out := filepath.Join(shared, "ny", "ut")
	var notices []atomicfile.Notice
	opts := PackageOptions{Now: now, Notify: func(n atomicfile.Notice) { notices = append(notices, n) }}
	if _, err := WriteRegistrationPackage(context.Background(), &a, opts, out); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(shared); fi.Mode().Perm() != 0o777 || fi.Mode()&os.ModeSticky == 0 {
		t.Fatalf("the shared folder above --out changed to %v", fi.Mode())
	}
	for _, d := range []string{out, filepath.Dir(out)} {
		if fi, _ := os.Stat(d); fi.Mode().Perm() != 0o700 {
			t.Errorf("%s was made with mode %o", d, fi.Mode().Perm())
		}
	}
	if len(notices) != 0 {
		t.Fatalf("notices for folders it made: %v", notices)
	}

	// --out . in a folder of the user's that others can read: the folder
	// is kept as it is, the user is told, the files are 0600.
	cwd := filepath.Join(t.TempDir(), "prosjekt")
	os.Mkdir(cwd, 0o755)
	os.Chmod(cwd, 0o755)
	t.Chdir(cwd)
	files, err := WriteRegistrationPackage(context.Background(), &a, opts, ".")
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(cwd); fi.Mode().Perm() != 0o755 {
		t.Fatalf("the current folder changed to %o", fi.Mode().Perm())
	}
	if len(notices) != 1 || !strings.Contains(notices[0].Text("nb"), cwd) || !strings.Contains(notices[0].Text("en"), "0755") {
		t.Fatalf("want one notice naming %s, got %v", cwd, notices)
	}
	for _, f := range files {
		if fi, _ := os.Stat(f.Path); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %o", f.Path, fi.Mode().Perm())
		}
	}
}

// A package of .docx documents is made in memory and written straight
// into the output folder: no work folder is made next to it (each file
// or folder made costs a run time on a busy disk), so the folder above
// an existing output folder is not written at all. The files are whole
// and 0600, the e-mail attaches exactly them, and no temporary file is
// left.
func TestDocxPackageWritesOnlyIntoTheOutputFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	a := sessiontest.Answers()
	parent := t.TempDir()
	out := filepath.Join(parent, "ut")
	os.Mkdir(out, 0o700)
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(parent, old, old); err != nil {
		t.Fatal(err)
	}
	files, err := WriteRegistrationPackage(context.Background(), &a, PackageOptions{Now: now}, out)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(parent); !fi.ModTime().Equal(old) {
		t.Errorf("the folder above the output folder was written (modified %v)", fi.ModTime())
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != len(files) || len(files) != 3 {
		t.Fatalf("output folder holds %v, want the %d files made", entries, len(files))
	}
	for _, f := range files {
		if fi, _ := os.Stat(f.Path); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %o", f.Path, fi.Mode().Perm())
		}
	}
	raw, err := os.ReadFile(files[2].Path)
	if err != nil {
		t.Fatal(err)
	}
	m := mailtest.Parse(t, raw)
	if len(m.Atts) != 2 {
		t.Fatalf("%d attachments", len(m.Atts))
	}
	for i, att := range m.Atts {
		onDisk, _ := os.ReadFile(files[i].Path)
		if !bytes.Equal(att.Body, onDisk) {
			t.Errorf("attachment %d is not %s", i, files[i].Path)
		}
		if err := templates.Verify(onDisk); err != nil {
			t.Errorf("%s: %v", files[i].Path, err)
		}
	}
}
