package safefile_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

func wantKind(t *testing.T, err error, kind safefile.Kind, path string) {
	t.Helper()
	var e *safefile.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *safefile.Error", err, err)
	}
	if e.Kind != kind {
		t.Fatalf("kind = %v, want %v (%v)", e.Kind, kind, err)
	}
	for _, lang := range []string{"nb", "en"} {
		if !strings.Contains(e.Text(lang), path) {
			t.Errorf("%s message %q does not name %s", lang, e.Text(lang), path)
		}
	}
}

func TestReadRegular(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.yaml")
	os.WriteFile(p, []byte("vendor: x\n"), 0o600)
	got, err := safefile.Read(p, 100)
	if err != nil || string(got) != "vendor: x\n" {
		t.Fatalf("Read = %q, %v", got, err)
	}
	// Exactly at the limit is fine; one byte over is not.
	if _, err := safefile.Read(p, 10); err != nil {
		t.Fatalf("at limit: %v", err)
	}
	_, err = safefile.Read(p, 9)
	wantKind(t, err, safefile.KindTooLarge, p)
}

func TestRefusesFIFOAtOnce(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	// Without a writer a plain open blocks for ever; this must return.
	_, err := safefile.Read(p, 100)
	wantKind(t, err, safefile.KindNotRegular, p)
	if !strings.Contains(err.Error(), "FIFO") {
		t.Errorf("message %q does not say FIFO", err)
	}
}

func TestRefusesDevicesAndFolders(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	_, err := safefile.Read("/dev/zero", 100)
	wantKind(t, err, safefile.KindNotRegular, "/dev/zero")
	d := t.TempDir()
	_, err = safefile.Read(d, 100)
	wantKind(t, err, safefile.KindNotRegular, d)
}

func TestReadFromStreamIsBounded(t *testing.T) {
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip("no /dev/zero")
	}
	defer f.Close()
	_, err = safefile.ReadFrom(f, "stdin", 1<<20)
	wantKind(t, err, safefile.KindTooLarge, "stdin")
}

func TestNoFollowRefusesLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges")
	}
	d := t.TempDir()
	target := filepath.Join(d, "target")
	os.WriteFile(target, []byte("secret elsewhere"), 0o600)
	link := filepath.Join(d, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	_, err := safefile.ReadNoFollow(link, 100)
	wantKind(t, err, safefile.KindLink, link)
	// A link the user names is followed by Read.
	if got, err := safefile.Read(link, 100); err != nil || string(got) != "secret elsewhere" {
		t.Fatalf("Read(link) = %q, %v", got, err)
	}
}

func TestMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := safefile.Read(p, 100)
	wantKind(t, err, safefile.KindOpen, p)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("errors.Is(err, ErrNotExist) is false for %v", err)
	}
	if !strings.Contains(err.(*safefile.Error).Text("nb"), "finnes ikke") {
		t.Errorf("nb text: %q", err.(*safefile.Error).Text("nb"))
	}
}
