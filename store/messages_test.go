package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// Every error the store gives a user about sessions says itself in
// Norwegian and in English (Text(lang)); none of the English words
// appears in the Norwegian text.
func TestSessionErrorsInBothLanguages(t *testing.T) {
	st := openStore(t)
	if _, err := st.Create("Kunde A", "altinn3"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Create("Kunde B", "altinn3"); err != nil {
		t.Fatal(err)
	}
	_, notFound := st.Resolve("Kunde X")
	_, taken := st.Create("kunde a", "altinn3")
	_, renameTaken := st.Rename("Kunde B", "KUNDE A")
	_, empty := st.Rename("Kunde B", " ")
	_, control := st.Create("a\nb", "altinn3")
	_, long := st.Create(strings.Repeat("x", store.MaxNameLength+1), "altinn3")
	_, notExport := st.Import(strings.NewReader("{garbage"), "x.json", func(*session.Session) error { return nil })
	for _, c := range []struct {
		err    error
		nb, en string
	}{
		{notFound, "ingen økt heter «Kunde X»", `no session named "Kunde X"`},
		{taken, "det finnes allerede en økt som heter «kunde a»", "already exists"},
		{renameTaken, "det finnes allerede en økt som heter «KUNDE A»", "already exists"},
		{empty, "økten må ha et navn", "the session needs a name"},
		{control, "én linje uten kontrolltegn", "one line without control characters"},
		{long, "lengre enn", "longer than"},
		{notExport, "x.json er ikke en eksportert økt", "x.json is not a session export"},
	} {
		var l store.Localized
		if !errors.As(c.err, &l) {
			t.Errorf("%v: not a localized error", c.err)
			continue
		}
		if nb := l.Text("nb"); !strings.Contains(nb, c.nb) || strings.Contains(nb, c.en) {
			t.Errorf("nb: %q, want %q", nb, c.nb)
		}
		if en := l.Text("en"); !strings.Contains(en, c.en) || en != c.err.Error() {
			t.Errorf("en: %q (Error %q), want %q", en, c.err.Error(), c.en)
		}
	}
}

// OpenExisting, for commands that only read, makes no folder: a data
// folder that is not there is one without sessions.
func TestOpenExistingCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none", "x")
	st, err := store.OpenExisting(dir)
	if err != nil {
		t.Fatal(err)
	}
	list, bad, err := st.List()
	if err != nil || len(list) != 0 || len(bad) != 0 {
		t.Fatalf("List: %v %v %v", list, bad, err)
	}
	var nf *store.NotFoundError
	if _, err := st.Resolve("Kunde"); !errors.As(err, &nf) {
		t.Fatalf("Resolve: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(dir)); !os.IsNotExist(err) {
		t.Fatalf("OpenExisting made %s (%v)", filepath.Dir(dir), err)
	}
	// Open, for commands that write, makes it 0700.
	if _, err := store.Open(dir); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{dir, filepath.Join(dir, "sessions")} {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v %v", d, fi.Mode(), err)
		}
	}
}

// A data folder that cannot be found or read is said in the user's
// language, naming the folder.
func TestFolderErrorsInBothLanguages(t *testing.T) {
	dir := t.TempDir()
	// sessions/ is a file: reading the folder fails.
	if err := os.WriteFile(filepath.Join(dir, "sessions"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenExisting(dir)
	if err == nil {
		_, _, err = st.List()
	}
	var fe *store.FolderError
	if !errors.As(err, &fe) {
		t.Fatalf("reading a file as sessions/: %v", err)
	}
	if nb := fe.Text("nb"); !strings.Contains(nb, "kan ikke lese mappen "+filepath.Join(dir, "sessions")+": ikke en mappe") {
		t.Errorf("nb: %q", nb)
	}
	if en := fe.Error(); !strings.Contains(en, "cannot read folder") {
		t.Errorf("en: %q", en)
	}

	t.Setenv(store.EnvHome, "")
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "")
	_, err = store.DefaultDataDir()
	if runtime.GOOS == "linux" && !errors.As(err, &fe) {
		t.Fatalf("no home: %v", err)
	}
	if err != nil && (!strings.Contains(fe.Text("nb"), "fant ikke datamappen") || !strings.Contains(fe.Text("nb"), "--data-dir")) {
		t.Errorf("no home: %q", fe.Text("nb"))
	}
}
