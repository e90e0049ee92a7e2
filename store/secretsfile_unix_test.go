//go:build unix

package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

func TestSecretsFileRefusesLinksAndFIFOs(t *testing.T) {
	realPath, orig := seeded(t)
	dir := t.TempDir()

	link := filepath.Join(dir, "link.age")
	if err := os.Symlink(realPath, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.age")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for path, kind := range map[string]safefile.Kind{link: safefile.KindLink, fifo: safefile.KindNotRegular} {
		f, asked := testFile(t, path, testPass)
		// Returns at all (a FIFO with no writer would block an open
		// that waits): the test would hang otherwise.
		_, err := f.Get("s1", "api-key")
		var se *safefile.Error
		if !errors.Is(err, ErrSecretsFileUnreadable) || !errors.As(err, &se) || se.Kind != kind {
			t.Fatalf("%s: err = %v", path, err)
		}
		if err := f.Set("s1", "api-key", "new"); !errors.Is(err, ErrSecretsFileUnreadable) {
			t.Fatalf("%s: Set: %v", path, err)
		}
		for _, lang := range []string{"nb", "en"} {
			if text := err.(Localized).Text(lang); !strings.Contains(text, path) {
				t.Errorf("%s: %q does not name the file", lang, text)
			}
		}
		if *asked != 0 {
			t.Errorf("%s: the passphrase was asked for a file that is refused", path)
		}
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatal("the link was replaced")
	}
	assertKept(t, realPath, orig)
	fi, err = os.Lstat(fifo)
	if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatal("the FIFO was replaced")
	}
}
