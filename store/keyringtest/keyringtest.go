// Package keyringtest gives tests in any package the real OS keyring, the
// same way store's own tests get it: only inside the throw-away keyring of
// scripts/with-keyring (never a developer's own), skipped with a reason
// elsewhere, and failing instead of skipping when CI=true.
package keyringtest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/store"
)

// EnvThrowaway is set to "1" by scripts/with-keyring.
const EnvThrowaway = "ALTINN_ONBOARD_THROWAWAY_KEYRING"

// testKeyringTimeout only ends a test whose keyring truly hangs: a loaded
// machine can keep gnome-keyring busy for seconds, and a test must not fail
// because the machine is slow.
const testKeyringTimeout = 60 * time.Second

var check struct {
	once sync.Once
	err  error
}

// Require returns the real keyring, or skips (fails under CI=true).
func Require(t testing.TB) *store.Keyring {
	t.Helper()
	if os.Getenv(EnvThrowaway) != "1" {
		skipOrFail(t, "needs the throw-away keyring: run scripts/test (%s is not 1)", EnvThrowaway)
	}
	check.once.Do(func() {
		k := store.NewKeyring(testKeyringTimeout)
		id := SessionID()
		const name = "probe"
		defer k.DeleteAll(id, []string{name})
		if err := k.Set(id, name, "probe"); err != nil {
			check.err = err
			return
		}
		if v, err := k.Get(id, name); err != nil || v != "probe" {
			check.err = fmt.Errorf("get after set: %v", err)
		}
	})
	if check.err != nil {
		skipOrFail(t, "the keyring does not work here: %v", check.err)
	}
	return store.NewKeyring(testKeyringTimeout)
}

func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if v := strings.ToLower(os.Getenv("CI")); v == "true" || v == "1" {
		t.Fatalf("%s\n(CI=true: keyring tests must run, not skip)", msg)
	}
	t.Skip(msg)
}

// SessionID is a fresh, valid session ID for a test.
func SessionID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "test-" + hex.EncodeToString(b)
}
