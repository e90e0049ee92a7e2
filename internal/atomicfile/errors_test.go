package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file that cannot be written says why in the user's language: the
// Norwegian message has no English cause in it.
func TestWriteErrorInBothLanguages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "finnes-ikke", "registrering.eml")
	err := WriteFile(path, []byte("x"))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%v (%T): not an *Error", err, err)
	}
	if nb := e.Text("nb"); nb != "kunne ikke skrive "+path+": mappen finnes ikke" {
		t.Errorf("nb: %q", nb)
	}
	if en := e.Error(); !strings.HasPrefix(en, "writing "+path+": ") || !strings.Contains(en, "no such file") {
		t.Errorf("en: %q", en)
	}
}

// The causes that can be named in plain words are; others are kept.
func TestErrorCauses(t *testing.T) {
	for _, c := range []struct {
		e  *Error
		nb string
	}{
		{&Error{Op: "mkdir", Path: "/x/ut", Err: errNotAFolder}, "kunne ikke lage mappen /x/ut: navnet er tatt av noe som ikke er en mappe"},
		{&Error{Op: "write", Path: "/x/a", Err: os.ErrNotExist}, "kunne ikke skrive /x/a: mappen finnes ikke"},
		{&Error{Op: "chmod", Path: "/x/a", Err: os.ErrPermission}, "kunne ikke stramme inn tilgangen til /x/a: du har ikke skrivetilgang"},
		{&Error{Op: "sync", Path: "/x", Err: errors.New("eio")}, "kunne ikke synkronisere mappen /x: eio"},
	} {
		if got := c.e.Text("nb"); got != c.nb {
			t.Errorf("%q, want %q", got, c.nb)
		}
	}
}
