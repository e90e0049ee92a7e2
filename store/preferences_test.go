package store_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/store"
)

// Preferences are remembered in a 0600 file in the data folder, and a
// field a newer version wrote is kept.
func TestPreferencesRoundTrip(t *testing.T) {
	st := openStore(t)
	if p, err := st.LoadPreferences(); err != nil || p != (store.Preferences{}) {
		t.Fatalf("no file: %+v, %v", p, err)
	}
	os.WriteFile(st.PreferencesPath(), []byte(`{"later": 1}`), 0o600)
	if err := st.SavePreferences(store.Preferences{NoticeRead: "abc"}); err != nil {
		t.Fatal(err)
	}
	p, err := st.LoadPreferences()
	if err != nil || p.NoticeRead != "abc" {
		t.Fatalf("%+v, %v", p, err)
	}
	fi, err := os.Stat(st.PreferencesPath())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(st.PreferencesPath()); !strings.Contains(string(b), `"later": 1`) {
		t.Fatalf("a newer version's field was lost: %s", b)
	}
}

// A corrupt, oversized or odd preferences file is ignored with a message
// in both languages naming it, and is never replaced.
func TestPreferencesBadFileIsKept(t *testing.T) {
	needUnix(t)
	for name, make := range map[string]func(p string) error{
		"corrupt": func(p string) error { return os.WriteFile(p, []byte("{not json"), 0o600) },
		"wrong":   func(p string) error { return os.WriteFile(p, []byte(`{"notice_read": 7}`), 0o600) },
		"large": func(p string) error {
			return os.WriteFile(p, bytes.Repeat([]byte(" "), store.MaxPreferencesSize+1), 0o600)
		},
		"fifo": func(p string) error { return syscall.Mkfifo(p, 0o600) },
		"link": func(p string) error {
			target := filepath.Join(filepath.Dir(p), "elsewhere.json")
			os.WriteFile(target, []byte(`{"notice_read": "x"}`), 0o600)
			return os.Symlink(target, p)
		},
	} {
		t.Run(name, func(t *testing.T) {
			st := openStore(t)
			path := st.PreferencesPath()
			if err := make(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.Lstat(path)
			p, err := st.LoadPreferences()
			var pe *store.PreferencesError
			if !errors.As(err, &pe) || p != (store.Preferences{}) {
				t.Fatalf("%+v, %v", p, err)
			}
			wantBoth(t, err, path)
			if err := st.SavePreferences(store.Preferences{NoticeRead: "y"}); !errors.As(err, &pe) {
				t.Fatalf("save over a bad file: %v", err)
			}
			after, err := os.Lstat(path)
			if err != nil || !os.SameFile(before, after) || before.Size() != after.Size() {
				t.Fatal("the file was replaced")
			}
		})
	}
}
