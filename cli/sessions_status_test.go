package cli

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// timingOut is a keyring that gives up on every call, as store.Keyring
// does after --keyring-timeout when the Secret Service never answers (a
// failure the real keyring cannot be made to show on demand). It counts
// the questions.
type timingOut struct {
	store.Secrets
	asked atomic.Int32
}

func (k *timingOut) Known(string, []string) ([]store.SecretStatus, error) {
	k.asked.Add(1)
	return nil, &store.SecretError{Op: "known", Kind: store.ErrKeyringTimeout, Timeout: 10 * time.Second}
}

// When the keyring does not answer, sessions whose every step is done are
// "unverified", never complete, a note says why, and the keyring is asked
// once, not once per session: the list waits one timeout at most.
func TestSessionsListWhenTheKeyringTimesOut(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Demo 1", "Demo 2", "Demo 3"} {
		s := createOn(t, st, name, "demo", "first", "second")
		s.SetSecretRef(session.SecretRef{Name: "demo-token", Account: store.Account(s.ID, "demo-token"), SetAt: time.Now()})
		if err := st.Save(s); err != nil {
			t.Fatal(err)
		}
	}
	createOn(t, st, "Demo uten hemmelighet", "demo", "first", "second")
	k := &timingOut{}
	code, out, errOut := runTracks(t, dir, k, "", "sessions", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, row := range []string{`Demo 1\s+–\s+–\s+unverified`, `Demo 2\s+–\s+–\s+unverified`, `Demo 3\s+–\s+–\s+unverified`,
		`Demo uten hemmelighet\s+–\s+–\s+complete`} {
		if !matches(row, out) {
			t.Errorf("the list lacks a row like %s:\n%s", row, out)
		}
	}
	if !strings.Contains(errOut, "the keyring could not be asked") || !strings.Contains(errOut, "unverified") {
		t.Errorf("no note on standard error: %q", errOut)
	}
	if n := k.asked.Load(); n != 1 {
		t.Errorf("the keyring was asked %d times, want once", n)
	}
}
