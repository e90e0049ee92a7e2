package ui

import (
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// Importing from a FIFO blocked the picker's command for ever; it is
// refused at once, with a message in the user's language naming it.
func TestPickerImportRefusesFIFO(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "export.json")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "nb"} {
		a := New(Options{Store: st, Lang: lang, NoColor: true})
		msg := a.picker.importCmd(p)().(pickerDoneMsg)
		var se *safefile.Error
		if !errors.As(msg.err, &se) || se.Kind != safefile.KindNotRegular {
			t.Fatalf("err = %v, want a refusal of the FIFO", msg.err)
		}
		want := map[string]string{"en": " is a named pipe (FIFO)", "nb": " er et navngitt rør (FIFO)"}[lang]
		if got := errText(msg.err, lang); !strings.Contains(got, p+want) {
			t.Fatalf("%s: %q", lang, got)
		}
	}
}
