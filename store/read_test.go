package store_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// A FIFO, an oversized file or invalid UTF-8 in sessions/ gives a quick
// error naming the file; the file is kept and the others still list.
func TestSessionFilesAreReadBoundedAndWithoutBlocking(t *testing.T) {
	needUnix(t)
	st := openStore(t)
	good, _ := st.Create("God", store.TestTrack)
	dir := st.SessionsDir()

	fifo := filepath.Join(dir, "f1f0f1f0f1f0f1f0.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "b16b16b16b16b16b.json")
	f, _ := os.Create(big)
	f.Truncate(store.MaxSessionFileSize + 1) // sparse: costs no disk
	f.Close()
	badText := filepath.Join(dir, "bad0bad0bad0bad0.json")
	badData := []byte(`{"schema_version":1,"id":"bad0bad0bad0bad0","name":"Bl` + "\xe5" + `b\u00e6r"}`)
	os.WriteFile(badText, badData, 0o600)
	linked := filepath.Join(dir, "1111222233334444.json")
	target := filepath.Join(t.TempDir(), "x.json")
	os.WriteFile(target, []byte(`{"schema_version":1,"id":"1111222233334444","name":"Lånt"}`), 0o600)
	os.Symlink(target, linked)

	start := time.Now()
	list, bad, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("List took %v", d)
	}
	if len(list) != 1 || list[0].ID != good.ID {
		t.Fatalf("list = %+v", list)
	}
	kinds := map[string]error{}
	for _, b := range bad {
		kinds[b.Path] = b.Err
		for _, lang := range []string{"nb", "en"} {
			if !strings.Contains(b.Text(lang), b.Path) {
				t.Errorf("%s message does not name the file: %s", lang, b.Text(lang))
			}
		}
	}
	wantKind := func(p string, k safefile.Kind) {
		t.Helper()
		var se *safefile.Error
		if !errors.As(kinds[p], &se) || se.Kind != k {
			t.Errorf("%s: err = %v, want safefile kind %v", p, kinds[p], k)
		}
	}
	wantKind(fifo, safefile.KindNotRegular)
	wantKind(big, safefile.KindTooLarge)
	wantKind(linked, safefile.KindLink)
	var te *session.TextError
	if !errors.As(kinds[badText], &te) {
		t.Errorf("invalid UTF-8: err = %v, want a TextError", kinds[badText])
	}

	// Named directly, each gives its error too, at once.
	for _, id := range []string{"f1f0f1f0f1f0f1f0", "b16b16b16b16b16b", "bad0bad0bad0bad0", "1111222233334444"} {
		_, err := st.Resolve(id)
		if !errors.As(err, new(*store.FileError)) {
			t.Errorf("Resolve(%s) = %v, want FileError", id, err)
		}
		if id != "bad0bad0bad0bad0" && !errors.As(err, new(*safefile.Error)) {
			t.Errorf("Resolve(%s) = %v, does not unwrap to the safefile error", id, err)
		}
		if _, _, err := st.OpenLocked(id); !errors.As(err, new(*store.FileError)) {
			t.Errorf("OpenLocked(%s) = %v, want FileError", id, err)
		}
	}
	// Kept as they were.
	if b, _ := os.ReadFile(badText); !bytes.Equal(b, badData) {
		t.Error("the file with invalid UTF-8 was changed")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the FIFO is gone")
	}
	if fi, err := os.Stat(big); err != nil || fi.Size() != store.MaxSessionFileSize+1 {
		t.Error("the large file changed")
	}
}

// Temporary files of a save a killed process left behind are removed on
// the next start: only old ones, only when nobody holds that session, and
// never a link.
func TestOpenRemovesLeftoversOfDeadSaves(t *testing.T) {
	needUnix(t)
	st := openStore(t)
	a, _ := st.Create("a", store.TestTrack)
	b, _ := st.Create("b", store.TestTrack)
	dir := st.SessionsDir()
	old := time.Now().Add(-time.Hour)
	mk := func(name string, mtime time.Time) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("halv"), 0o600)
		os.Chtimes(p, mtime, mtime)
		return p
	}
	dead := mk("."+a.ID+".json.tmp-1234", old)
	fresh := mk("."+a.ID+".json.tmp-5678", time.Now())
	held := mk("."+b.ID+".json.tmp-9999", old)
	other := mk(".doctor-1", old)
	target := filepath.Join(t.TempDir(), "target")
	os.WriteFile(target, []byte("ikke vår"), 0o600)
	link := filepath.Join(dir, "."+a.ID+".json.tmp-link")
	os.Symlink(target, link)

	lock, err := st.Lock(b) // another holder of b, as the wizard would be
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if _, err := store.Open(st.DataDir()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dead); !os.IsNotExist(err) {
		t.Error("an old leftover of a dead save is still there")
	}
	for _, p := range []string{fresh, held, other, link, target} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}
