package store

// Secrets live in the operating system's keyring (Secret Service on Linux
// and the BSDs, Keychain on macOS, Credential Manager on Windows) through
// github.com/zalando/go-keyring. The session file never holds them.
//
// Every item uses the service KeyringService and the account
// "<session-id>/<secret-name>", so one session's secrets can be listed and
// deleted without touching anything else in the user's keyring. Which
// names a session has is its track's to say (the store accepts any
// well-formed name, see CheckSecretName).

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/zalando/go-keyring"
)

// KeyringService is the keyring "service" of every item this program stores.
const KeyringService = "altinn-onboard"

const (
	// MaxSecretBytes is the largest secret value accepted, in bytes.
	// Windows Credential Manager stores at most 2560 bytes per credential
	// and macOS Keychain (through go-keyring) a little more; the limit is
	// enforced on every platform so a session made on Linux also works on
	// macOS and Windows.
	MaxSecretBytes = 2560

	// MaxSessionIDLength bounds session IDs, keeping service + account +
	// value under the macOS Keychain command limit.
	MaxSessionIDLength = 128

	// DefaultKeyringTimeout applies when Keyring.Timeout is zero.
	DefaultKeyringTimeout = 10 * time.Second

	// MaxSecretNameLength bounds secret names.
	MaxSecretNameLength = 64
)

// CheckSecretName reports whether name is a well-formed secret name: 1 to
// MaxSecretNameLength characters a-z, 0-9 and "-", starting with a letter
// or digit. That keeps accounts unambiguous ("/" cannot occur) and free of
// anything a keyring tool could interpret. The error does not repeat the
// name (a caller that swapped name and value would print the secret).
func CheckSecretName(name string) error {
	if !validSecretName(name) {
		return ErrInvalidSecretName
	}
	return nil
}

func validSecretName(name string) bool {
	if name == "" || len(name) > MaxSecretNameLength || name[0] == '-' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Account returns the keyring account of a session's secret: "<id>/<name>".
func Account(sessionID, name string) string {
	return sessionID + "/" + name
}

// SecretStatus tells whether one secret is stored. It never holds the
// value.
type SecretStatus struct {
	Name    string
	Service string
	Account string
	Set     bool
}

// Secrets stores a session's secrets.
type Secrets interface {
	// Set stores (or replaces) a secret.
	Set(sessionID, name, value string) error
	// Get returns a secret, or an error matching ErrSecretNotFound when
	// it is not stored.
	Get(sessionID, name string) (string, error)
	// Delete removes a secret; a secret that is not stored is not an error.
	Delete(sessionID, name string) error
	// Known reports, for each of names (in their order), whether it is
	// stored.
	Known(sessionID string, names []string) ([]SecretStatus, error)
	// DeleteAll deletes every secret of the session: each of names (the
	// secrets its track keeps, and those the session refers to) and,
	// where the keyring can be searched, any other entry under the
	// session's ID.
	DeleteAll(sessionID string, names []string) error
}

// Keyring implements Secrets over the operating system's keyring.
//
// Each call is bounded by Timeout (DefaultKeyringTimeout when zero). The
// bound covers the whole call, including any unlock prompt the keyring
// shows, so a caller that expects the user to type a keyring password
// should pass a longer timeout.
type Keyring struct {
	Timeout time.Duration

	// backend is nil in production (go-keyring); tests use fakes to
	// exercise the timeout logic without a keyring.
	backend keyringBackend
}

var _ Secrets = (*Keyring)(nil)

// NewKeyring returns a Keyring whose calls give up after timeout
// (DefaultKeyringTimeout when timeout is zero or negative).
func NewKeyring(timeout time.Duration) *Keyring {
	return &Keyring{Timeout: timeout}
}

func (k *Keyring) timeout() time.Duration {
	if k == nil || k.Timeout <= 0 {
		return DefaultKeyringTimeout
	}
	return k.Timeout
}

// keyringBackend is the part of go-keyring the package uses.
type keyringBackend interface {
	Set(service, user, password string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// sessionSweeper is a backend that can find every entry of a session,
// whatever its name, and delete it (the Secret Service can be searched;
// go-keyring offers no search on macOS and Windows).
type sessionSweeper interface {
	// DeleteAccounts deletes every item of service whose account starts
	// with prefix, and returns how many it deleted.
	DeleteAccounts(service, prefix string) (int, error)
}

// goKeyring calls go-keyring after checking, on D-Bus platforms, that a
// session bus is reachable (see preflight).
type goKeyring struct{}

func (goKeyring) Set(service, user, password string) error {
	if err := preflight(); err != nil {
		return err
	}
	return keyring.Set(service, user, password)
}

func (goKeyring) Get(service, user string) (string, error) {
	if err := preflight(); err != nil {
		return "", err
	}
	return keyring.Get(service, user)
}

func (goKeyring) Delete(service, user string) error {
	if err := preflight(); err != nil {
		return err
	}
	return keyring.Delete(service, user)
}

func (goKeyring) DeleteAccounts(service, prefix string) (int, error) {
	if err := preflight(); err != nil {
		return 0, err
	}
	return deleteAccounts(service, prefix)
}

func (k *Keyring) be() keyringBackend {
	if k == nil || k.backend == nil {
		return goKeyring{}
	}
	return k.backend
}

// Set stores value as the secret name of the session, replacing any
// earlier value.
func (k *Keyring) Set(sessionID, name, value string) error {
	const op = "set"
	if err := validate(op, sessionID, name); err != nil {
		return err
	}
	if len(value) > MaxSecretBytes {
		return &SecretError{Op: op, Name: name, Kind: ErrSecretTooLarge, Size: len(value)}
	}
	_, err := k.call(op, name, value, func() (string, error) {
		return "", k.be().Set(KeyringService, Account(sessionID, name), value)
	})
	return err
}

// Get returns the secret name of the session. When it is not stored the
// error matches ErrSecretNotFound.
func (k *Keyring) Get(sessionID, name string) (string, error) {
	const op = "get"
	if err := validate(op, sessionID, name); err != nil {
		return "", err
	}
	return k.call(op, name, "", func() (string, error) {
		return k.be().Get(KeyringService, Account(sessionID, name))
	})
}

// Delete removes the secret name of the session. A secret that is not
// stored is not an error.
func (k *Keyring) Delete(sessionID, name string) error {
	const op = "delete"
	if err := validate(op, sessionID, name); err != nil {
		return err
	}
	return k.delete(op, sessionID, name)
}

func (k *Keyring) delete(op, sessionID, name string) error {
	_, err := k.call(op, name, "", func() (string, error) {
		return "", k.be().Delete(KeyringService, Account(sessionID, name))
	})
	if errors.Is(err, ErrSecretNotFound) {
		return nil
	}
	return err
}

// Known reports, in the order of names, which of them the session has
// stored. It reads each secret (the keyring offers no cheaper existence
// check) and discards the value at once.
func (k *Keyring) Known(sessionID string, names []string) ([]SecretStatus, error) {
	const op = "known"
	if err := validateSession(op, sessionID); err != nil {
		return nil, err
	}
	if err := validateNames(op, names); err != nil {
		return nil, err
	}
	out := make([]SecretStatus, 0, len(names))
	for _, name := range names {
		_, err := k.call(op, name, "", func() (string, error) {
			_, err := k.be().Get(KeyringService, Account(sessionID, name))
			return "", err
		})
		set := err == nil
		if err != nil && !errors.Is(err, ErrSecretNotFound) {
			return nil, err
		}
		out = append(out, SecretStatus{
			Name:    name,
			Service: KeyringService,
			Account: Account(sessionID, name),
			Set:     set,
		})
	}
	return out, nil
}

// DeleteAll deletes every secret of the session: each of names, and
// then, where the keyring can be searched (the Secret Service on Linux
// and the BSDs), every other item whose account is "<id>/...": entries of
// names this version does not know, and duplicates. It stops at the first
// failure (a keyring that fails once, for instance by timing out, would
// most likely fail for every other secret too).
func (k *Keyring) DeleteAll(sessionID string, names []string) error {
	const op = "delete-all"
	if err := validateSession(op, sessionID); err != nil {
		return err
	}
	if err := validateNames(op, names); err != nil {
		return err
	}
	for _, name := range names {
		if err := k.delete(op, sessionID, name); err != nil {
			return err
		}
	}
	sw, ok := k.be().(sessionSweeper)
	if !ok {
		return nil
	}
	// The "/" ends the ID: "abc/" never matches session "abcd".
	_, err := k.call(op, "", "", func() (string, error) {
		_, err := sw.DeleteAccounts(KeyringService, Account(sessionID, ""))
		return "", err
	})
	return err
}

// ---------------------------------------------------------------------
// Timeouts

// maxAbandonedCalls bounds how many timed-out keyring calls may still be
// blocked in the background. Beyond it, calls fail at once with
// ErrKeyringTimeout instead of starting yet another goroutine.
const maxAbandonedCalls = 4

// abandonedCalls counts calls that timed out and have not returned yet.
var abandonedCalls atomic.Int32

const (
	callRunning int32 = iota
	callDone
	callAbandoned
)

type callResult struct {
	value string
	err   error
}

// call runs f in a goroutine and waits at most k.timeout() for it.
//
// go-keyring offers no cancellation: on D-Bus a method call to a Secret
// Service that accepted the call but never replies blocks forever (godbus
// waits for a reply without a deadline). So on timeout the goroutine is
// abandoned. That leak is acceptable because it is bounded: the goroutine
// holds only this call's arguments and one pending call on the shared bus
// connection; it ends by itself if the service ever answers or the bus
// connection drops; at most maxAbandonedCalls are kept (further calls
// fail fast without spawning more); and a keyring that hangs is a fault
// the user must fix anyway (the error says how), after which the program
// is normally restarted.
func (k *Keyring) call(op, name, secret string, f func() (string, error)) (string, error) {
	timeout := k.timeout()
	if abandonedCalls.Load() >= maxAbandonedCalls {
		return "", &SecretError{Op: op, Name: name, Kind: ErrKeyringTimeout, Timeout: timeout}
	}

	var state atomic.Int32 // callRunning, callDone or callAbandoned
	done := make(chan callResult, 1)
	go func() {
		var r callResult
		func() {
			defer func() {
				if p := recover(); p != nil {
					// go-keyring type-asserts replies from the service; a
					// malformed reply must not crash the program.
					r = callResult{err: fmt.Errorf("keyring library panicked: %v", p)}
				}
			}()
			r.value, r.err = f()
		}()
		if state.CompareAndSwap(callRunning, callDone) {
			done <- r
			return
		}
		abandonedCalls.Add(-1) // we were abandoned; the call finally returned
	}()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var r callResult
	select {
	case r = <-done:
	case <-timer.C:
		if state.CompareAndSwap(callRunning, callAbandoned) {
			abandonedCalls.Add(1)
			return "", &SecretError{Op: op, Name: name, Kind: ErrKeyringTimeout, Timeout: timeout}
		}
		r = <-done // finished just as the timer fired
	}
	if r.err != nil {
		return "", wrapError(op, name, secret, r.err)
	}
	return r.value, nil
}

// ---------------------------------------------------------------------
// Validation

func validate(op, sessionID, name string) error {
	if err := validateSession(op, sessionID); err != nil {
		return err
	}
	return validateNames(op, []string{name})
}

func validateNames(op string, names []string) error {
	for _, n := range names {
		if !validSecretName(n) {
			// The name is not echoed: a caller that swapped name and
			// value would otherwise print the secret.
			return &SecretError{Op: op, Kind: ErrInvalidSecretName}
		}
	}
	return nil
}

func validateSession(op, sessionID string) error {
	if !validSessionID(sessionID) {
		// Not echoed either, for the same reason as names.
		return &SecretError{Op: op, Kind: ErrInvalidSessionID}
	}
	return nil
}

// validSessionID reports whether id is 1 to MaxSessionIDLength characters
// from [a-z0-9-]. That keeps accounts unambiguous ("/" cannot occur) and
// free of anything a keyring tool could interpret.
func validSessionID(id string) bool {
	if id == "" || len(id) > MaxSessionIDLength || id == ProfileScope { // "profile/…" is the profile's
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
