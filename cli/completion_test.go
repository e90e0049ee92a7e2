package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/store"
)

// complete runs cobra's __complete in-process, as a shell does on Tab,
// and returns the offered words (descriptions cut off) and the directive
// line.
func complete(t *testing.T, dataDir string, args ...string) (words []string, directive string) {
	t.Helper()
	code, out, errs := runCLI(t, dataDir, "", append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %q: exit %d: %s", args, code, errs)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, ":") {
			directive = line
			continue
		}
		w, _, _ := strings.Cut(line, "\t")
		words = append(words, w)
	}
	return words, directive
}

// snapshot lists what a folder holds (names and modes), to show that
// completing changed nothing.
func snapshot(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		fi, _ := d.Info()
		out = append(out, p+" "+fi.Mode().String())
		return nil
	})
	return out
}

func TestCompletionOffersSessionsLangAndTracks(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"Kunde Å", "Kunde B"} {
		if code, _, errs := runCLI(t, dir, "", "sessions", "new", name); code != 0 {
			t.Fatalf("sessions new %s: %s", name, errs)
		}
	}
	// One of them is open elsewhere: completion neither waits for nor
	// takes its lock.
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.Resolve("Kunde B")
	if err != nil {
		t.Fatal(err)
	}
	lock, err := st.Lock(sess)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	before := snapshot(t, dir)

	sessions := []string{"Kunde B", "Kunde Å"} // sorted by byte
	for _, args := range [][]string{
		{"resume", ""},
		{"sessions", "delete", ""},
		{"sessions", "rename", ""},
		{"sessions", "export", ""},
		{"fill", "--session", ""},
		{"secrets", "list", "--session", ""},
		{"secrets", "set", "rest-api-key-tt02", "--session", ""},
		{"secrets", "delete", "system-password", "--session", ""},
		{"environment", "set", "--session", ""},
		{"system", "set", "--session", ""},
		{"systemuser", "request", "--session", ""},
		{"customers", "list", "--session", ""},
	} {
		words, dir := complete(t, dir, args...)
		slices.Sort(words)
		if !slices.Equal(words, sessions) || dir != ":4" {
			t.Errorf("%q: offered %q %s, want %q :4 (no file names)", args, words, dir, sessions)
		}
	}
	// Only the first argument is a session.
	if words, _ := complete(t, dir, "sessions", "rename", "Kunde B", ""); len(words) != 0 {
		t.Errorf("rename's new name: offered %q", words)
	}
	if words, _ := complete(t, dir, "--lang", ""); !slices.Equal(words, []string{"nb", "en"}) {
		t.Errorf("--lang: offered %q, want nb en", words)
	}
	if words, _ := complete(t, dir, "sessions", "list", "--lang", "e"); !slices.Contains(words, "en") {
		t.Errorf("sessions list --lang e: offered %q", words)
	}
	if words, _ := complete(t, dir, "sessions", "new", "X", "--track", ""); !slices.Equal(words, []string{"altinn3", "altinn2"}) {
		t.Errorf("--track: offered %q, want altinn3 altinn2", words)
	}
	if after := snapshot(t, dir); !slices.Equal(before, after) {
		t.Errorf("completing changed the data folder:\nbefore %q\nafter  %q", before, after)
	}
}

// Completing with a data folder that does not exist offers nothing and
// makes no folder.
func TestCompletionCreatesNoDataFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none", "x")
	for _, args := range [][]string{{"resume", ""}, {"fill", "--session", ""}, {"sessions", "delete", ""}} {
		if words, d := complete(t, dir, args...); len(words) != 0 || d != ":4" {
			t.Errorf("%q: %q %s", args, words, d)
		}
	}
	if _, err := os.Stat(filepath.Dir(dir)); !os.IsNotExist(err) {
		t.Fatalf("completion made %s (%v)", filepath.Dir(dir), err)
	}
}
