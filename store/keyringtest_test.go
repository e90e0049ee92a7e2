package store

// Helpers for tests that use a real keyring.

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// envThrowawayKeyring is set to "1" by scripts/with-keyring. Tests that
// write to the real keyring run only then, so a plain `go test` on a
// developer's desktop never writes to (or unlock-prompts for) the
// developer's own keyring.
const envThrowawayKeyring = "ALTINN_ONBOARD_THROWAWAY_KEYRING"

// inCI reports whether CI=true (or 1): keyring tests then fail instead of
// skipping, so CI can never pass by skipping them.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v == "true" || v == "1"
}

// skipOrFail skips the test on a developer machine and fails it in CI.
func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if inCI() {
		t.Fatalf("%s\n(CI=true: keyring tests must run here, not skip)", msg)
	}
	t.Skip(msg)
}

var keyringCheck struct {
	once sync.Once
	err  error
}

// requireKeyring returns a Keyring over the real Secret Service after
// checking, once per test binary, that a Set/Get/Delete round trip works.
// If it does not, the test is skipped, or fails when CI=true.
func requireKeyring(t testing.TB) *Keyring {
	t.Helper()
	if os.Getenv(envThrowawayKeyring) != "1" {
		skipOrFail(t, "real-keyring tests need a throw-away keyring: run scripts/test, or scripts/with-keyring go test ./store (%s is not 1, and plain go test never touches your own keyring)", envThrowawayKeyring)
	}
	keyringCheck.once.Do(func() {
		keyringCheck.err = keyringRoundTrip(NewKeyring(5 * time.Second))
	})
	if keyringCheck.err != nil {
		skipOrFail(t, "the keyring does not work, so real-keyring tests cannot run: %v", keyringCheck.err)
	}
	return NewKeyring(5 * time.Second)
}

func keyringRoundTrip(k *Keyring) error {
	id := randomSessionID()
	defer k.DeleteAll(id, testSecrets)
	const want = "round-trip"
	if err := k.Set(id, SecretSMTPPassword, want); err != nil {
		return fmt.Errorf("set: %w", err)
	}
	got, err := k.Get(id, SecretSMTPPassword)
	if err != nil {
		return fmt.Errorf("get: %w", err)
	}
	if got != want {
		return errors.New("get returned a different value than was set")
	}
	if err := k.Delete(id, SecretSMTPPassword); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	if _, err := k.Get(id, SecretSMTPPassword); !errors.Is(err, ErrSecretNotFound) {
		return fmt.Errorf("get after delete: want ErrSecretNotFound, got %v", err)
	}
	return nil
}

// randomSessionID returns a unique, valid session ID.
func randomSessionID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return "test-" + hex.EncodeToString(b)
}

// testSession returns a fresh session ID whose secrets are deleted when
// the test ends.
func testSession(t testing.TB, k *Keyring) string {
	t.Helper()
	id := randomSessionID()
	t.Cleanup(func() {
		if err := k.DeleteAll(id, testSecrets); err != nil {
			t.Errorf("cleanup: DeleteAll(%s): %v", id, err)
		}
	})
	return id
}

// newCanary returns a recognisable fake secret value.
func newCanary() string {
	return "CANARY-" + randomSessionID()[len("test-"):] + "-SECRET"
}

// assertNoCanary fails if any rendering of err contains canary.
func assertNoCanary(t testing.TB, err error, canary string) {
	t.Helper()
	if err == nil {
		return
	}
	texts := []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
	var l Localized
	if errors.As(err, &l) {
		texts = append(texts, l.Text("nb"), l.Text("en"))
	}
	var se *SecretError
	if errors.As(err, &se) && se.Err != nil {
		texts = append(texts, fmt.Sprintf("%#v", se.Err))
	}
	for _, s := range texts {
		if strings.Contains(s, canary) {
			t.Fatalf("error text contains the secret value: %q", s)
		}
	}
}
