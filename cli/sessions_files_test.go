package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// Through the command line: a linked lock file is refused in the user's
// language, naming the file, and its target is kept.
func TestRenameRefusesALinkedLockFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := filepath.Join(t.TempDir(), "data")
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Create("Kunde", session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(t.TempDir(), "viktig.txt")
	os.WriteFile(victim, []byte("behold meg\n"), 0o644)
	lock := filepath.Join(st.SessionsDir(), s.ID+".lock")
	os.Symlink(victim, lock)

	for lang, want := range map[string]string{"en": "Error: the lock file " + lock, "nb": "Feil: låsefilen " + lock} {
		code, _, errOut := runCLI(t, dir, "", "--lang", lang, "sessions", "rename", "Kunde", "Ny kunde")
		if code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, want %q in stderr:\n%s", lang, code, want, errOut)
		}
	}
	if b, _ := os.ReadFile(victim); !bytes.Equal(b, []byte("behold meg\n")) {
		t.Fatalf("the link's target was changed to %q", b)
	}
}

// `sessions import FIFO` ends at once with the file named; the test would
// hang without the fix.
func TestImportOfAFIFOEndsAtOnce(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("FIFOs")
	}
	fifo := filepath.Join(t.TempDir(), "eksport.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, filepath.Join(t.TempDir(), "data"), "", "sessions", "import", fifo)
	if code == 0 || !strings.Contains(errOut, fifo) || !strings.Contains(errOut, "FIFO") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// `fill --out DIR` leaves the folder above DIR as it was (here a shared
// 1777 one), and says so when an existing DIR can be read by others.
func TestFillLeavesFoldersItDidNotCreate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	answers, err := filepath.Abs("../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(answers); err != nil {
		t.Skipf("no example answers: %v", err)
	}
	shared := filepath.Join(t.TempDir(), "tmp")
	os.Mkdir(shared, 0o700)
	os.Chmod(shared, 0o777|os.ModeSticky)
	data := filepath.Join(t.TempDir(), "data")
	code, out, errOut := runCLI(t, data, "", "fill", "--answers", answers, "--out", filepath.Join(shared, "ut"))
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if fi, _ := os.Stat(shared); fi.Mode().Perm() != 0o777 || fi.Mode()&os.ModeSticky == 0 {
		t.Fatalf("the folder above --out is now %v", fi.Mode())
	}
	if fi, _ := os.Stat(filepath.Join(shared, "ut")); fi.Mode().Perm() != 0o700 {
		t.Fatalf("--out made with mode %o", fi.Mode().Perm())
	}
	if strings.Contains(errOut, "Note:") {
		t.Fatalf("a note about a folder it made: %s", errOut)
	}
	code, _, errOut = runCLI(t, data, "", "fill", "--answers", answers, "--out", shared)
	if code != 0 || !strings.Contains(errOut, "Note: folder "+shared) || !strings.Contains(errOut, "chmod 700") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if fi, _ := os.Stat(shared); fi.Mode().Perm() != 0o777 || fi.Mode()&os.ModeSticky == 0 {
		t.Fatalf("--out itself was changed to %v", fi.Mode())
	}
}

// `sessions list` with a FIFO among the session files lists the others and
// names the FIFO in the user's language (it hung before).
func TestListNamesAFIFOInTheUsersLanguage(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("FIFOs")
	}
	dir := filepath.Join(t.TempDir(), "data")
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Create("Kunde", session.TrackAltinnII); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(st.SessionsDir(), "f1f0f1f0f1f0f1f0.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"en": "is a named pipe (FIFO)", "nb": "er et navngitt rør (FIFO)"} {
		code, out, errOut := runCLI(t, dir, "", "--lang", lang, "sessions", "list")
		if code != 0 || !strings.Contains(out, "Kunde") || !strings.Contains(errOut, fifo+" "+want) {
			t.Errorf("%s: exit %d\n%s\n%s", lang, code, out, errOut)
		}
	}
}
