package outbox

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const draftMsg = "From: a@b.no\r\nTo: c@d.no\r\nX-Unsent: 1\r\nSubject: x\r\n\r\nbody\r\n"

// The copy is what was sent (no X-Unsent), 0600 in a 0700 folder we
// made; a second sending in the same second gets its own file.
func TestKeepWritesNewPrivateFiles(t *testing.T) {
	dir := t.TempDir()
	d := &Draft{Path: filepath.Join(dir, "brev.eml"), Msg: []byte(draftMsg)}
	at := time.Date(2026, 11, 30, 18, 5, 6, 0, time.FixedZone("CET", 3600))
	p1, err := keep(d, "", at)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := keep(d, "", at)
	if err != nil {
		t.Fatal(err)
	}
	if p1 != filepath.Join(dir, "sendt", "brev-20261130T170506Z.eml") || p2 != filepath.Join(dir, "sendt", "brev-20261130T170506Z-2.eml") {
		t.Fatalf("names %s %s", p1, p2)
	}
	for _, p := range []string{p1, p2} {
		b, _ := os.ReadFile(p)
		if string(b) != strings.Replace(draftMsg, "X-Unsent: 1\r\n", "", 1) {
			t.Errorf("%s: %q", p, b)
		}
		if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", p, fi.Mode())
		}
	}
	if fi, _ := os.Stat(filepath.Join(dir, "sendt")); fi.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v", fi.Mode())
	}
}

// A link where the copies' folder or a copy would be is never followed.
func TestKeepNeverFollowsLinks(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	d := &Draft{Path: filepath.Join(dir, "brev.eml"), Msg: []byte(draftMsg)}
	if err := os.Symlink(elsewhere, filepath.Join(dir, "sendt")); err != nil {
		t.Skip(err)
	}
	_, err := keep(d, "", time.Now())
	var oe *Error
	if !errors.As(err, &oe) || oe.Kind != KindCopy || oe.NothingTried() || !strings.Contains(oe.Text("nb"), "e-posten ble sendt, men kopien") || !strings.Contains(oe.Text("en"), "not a folder") {
		t.Fatalf("link as folder: %v", err)
	}
	if ents, _ := os.ReadDir(elsewhere); len(ents) != 0 {
		t.Fatalf("wrote through the link: %v", ents)
	}
	// A link in the place of the copy's name: a new name, the target untouched.
	own := t.TempDir()
	at := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)
	target := filepath.Join(elsewhere, "target")
	os.WriteFile(target, []byte("keep me"), 0o600)
	os.Symlink(target, filepath.Join(own, "brev-20261130T180000Z.eml"))
	p, err := keep(d, own, at)
	if err != nil || filepath.Base(p) != "brev-20261130T180000Z-2.eml" {
		t.Fatalf("%s %v", p, err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Fatal("the link's target was changed")
	}
}
