package store

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// ---------------------------------------------------------------------
// Tests without a keyring.

// fakeBackend is an in-memory backend; hooks let a test make calls fail,
// block or panic.
type fakeBackend struct {
	mu    sync.Mutex
	items map[string]string
	err   error         // returned by every call when set
	block chan struct{} // when set, calls block until it is closed
	panic bool
	calls int
}

func (f *fakeBackend) enter() error {
	f.mu.Lock()
	f.calls++
	block, err, p := f.block, f.err, f.panic
	f.mu.Unlock()
	if block != nil {
		<-block
	}
	if p {
		var v any = "not a bool"
		_ = v.(bool) // panics like go-keyring's prompt handling can
	}
	return err
}

func (f *fakeBackend) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func (f *fakeBackend) Set(service, user, password string) error {
	if err := f.enter(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.items == nil {
		f.items = map[string]string{}
	}
	f.items[service+"|"+user] = password
	return nil
}

func (f *fakeBackend) Get(service, user string) (string, error) {
	if err := f.enter(); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.items[service+"|"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (f *fakeBackend) Delete(service, user string) error {
	if err := f.enter(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.items[service+"|"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.items, service+"|"+user)
	return nil
}

func TestSecretAccountAndNames(t *testing.T) {
	if got := Account("abc-1", SecretSMTPPassword); got != "abc-1/smtp-password" {
		t.Errorf("Account = %q", got)
	}
	// Any well-formed name: the store knows no list of them (a track
	// declares its own).
	for _, name := range append([]string{"a", "0", "maskinporten-private-key", "x-" + strings.Repeat("y", MaxSecretNameLength-2)}, testSecrets...) {
		if err := CheckSecretName(name); err != nil {
			t.Errorf("CheckSecretName(%q) = %v", name, err)
		}
	}
	if KeyringService != "altinn-onboard" {
		t.Errorf("KeyringService = %q", KeyringService)
	}
}

func TestSecretValidation(t *testing.T) {
	k := &Keyring{backend: &fakeBackend{}}
	badIDs := []string{"", "Upper", "a/b", "a b", "a.b", "ø", "a\nb", strings.Repeat("a", MaxSessionIDLength+1)}
	for _, id := range badIDs {
		for op, err := range map[string]error{
			"set":        k.Set(id, SecretSMTPPassword, "v"),
			"get":        func() error { _, err := k.Get(id, SecretSMTPPassword); return err }(),
			"delete":     k.Delete(id, SecretSMTPPassword),
			"known":      func() error { _, err := k.Known(id, testSecrets); return err }(),
			"delete-all": k.DeleteAll(id, testSecrets),
		} {
			if !errors.Is(err, ErrInvalidSessionID) {
				t.Errorf("%s with session %q: want ErrInvalidSessionID, got %v", op, id, err)
			}
		}
	}
	for _, name := range []string{"", "-x", "smtp-password/x", "SMTP-PASSWORD", "smtp-password ", "a.b", "ø", "a\nb", strings.Repeat("a", MaxSecretNameLength+1)} {
		if err := CheckSecretName(name); !errors.Is(err, ErrInvalidSecretName) {
			t.Errorf("CheckSecretName(%q): want ErrInvalidSecretName, got %v", name, err)
		}
		if _, err := k.Known("s1", []string{SecretSMTPPassword, name}); !errors.Is(err, ErrInvalidSecretName) {
			t.Errorf("Known with name %q: want ErrInvalidSecretName, got %v", name, err)
		}
		if err := k.DeleteAll("s1", []string{name}); !errors.Is(err, ErrInvalidSecretName) {
			t.Errorf("DeleteAll with name %q: want ErrInvalidSecretName, got %v", name, err)
		}
		if err := k.Set("s1", name, "v"); !errors.Is(err, ErrInvalidSecretName) {
			t.Errorf("Set name %q: want ErrInvalidSecretName, got %v", name, err)
		}
		if _, err := k.Get("s1", name); !errors.Is(err, ErrInvalidSecretName) {
			t.Errorf("Get name %q: want ErrInvalidSecretName, got %v", name, err)
		}
		if err := k.Delete("s1", name); !errors.Is(err, ErrInvalidSecretName) {
			t.Errorf("Delete name %q: want ErrInvalidSecretName, got %v", name, err)
		}
	}
	if err := k.Set(strings.Repeat("a", MaxSessionIDLength), SecretSMTPPassword, "v"); err != nil {
		t.Errorf("longest valid session ID refused: %v", err)
	}
}

func TestSecretTooLarge(t *testing.T) {
	fb := &fakeBackend{}
	k := &Keyring{backend: fb}
	if err := k.Set("s1", SecretCertificatePassword, strings.Repeat("x", MaxSecretBytes)); err != nil {
		t.Fatalf("value of exactly MaxSecretBytes refused: %v", err)
	}
	canary := newCanary()
	big := strings.Repeat(canary, MaxSecretBytes/len(canary)+1)
	calls := fb.count()
	err := k.Set("s1", SecretCertificatePassword, big)
	if !errors.Is(err, ErrSecretTooLarge) {
		t.Fatalf("want ErrSecretTooLarge, got %v", err)
	}
	if fb.count() != calls {
		t.Error("a too-large value reached the keyring")
	}
	assertNoCanary(t, err, canary)
	for _, lang := range []string{"en", "nb"} {
		msg := err.(Localized).Text(lang)
		if !strings.Contains(msg, fmt.Sprint(len(big))) || !strings.Contains(msg, fmt.Sprint(MaxSecretBytes)) {
			t.Errorf("%s message lacks size and limit: %s", lang, msg)
		}
	}
	// Multi-byte characters count in bytes.
	if err := k.Set("s1", SecretCertificatePassword, strings.Repeat("ø", MaxSecretBytes/2+1)); !errors.Is(err, ErrSecretTooLarge) {
		t.Errorf("%d bytes of 'ø' accepted: %v", MaxSecretBytes+2, err)
	}
}

func TestSecretFakeBackendSemantics(t *testing.T) {
	k := &Keyring{backend: &fakeBackend{}}
	id := "s1"
	if _, err := k.Get(id, SecretSystemPassword); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get of absent secret: want ErrSecretNotFound, got %v", err)
	}
	if err := k.Delete(id, SecretSystemPassword); err != nil {
		t.Fatalf("Delete of absent secret: %v", err)
	}
	if err := k.Set(id, SecretSystemPassword, "pw"); err != nil {
		t.Fatal(err)
	}
	st, err := k.Known(id, testSecrets)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range st {
		if s.Name != testSecrets[i] || s.Service != KeyringService || s.Account != Account(id, s.Name) || s.Set != (s.Name == SecretSystemPassword) {
			t.Errorf("Known[%d] = %+v", i, s)
		}
	}
	if err := k.DeleteAll(id, testSecrets); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(id, SecretSystemPassword); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("after DeleteAll: %v", err)
	}
}

func TestSecretTimeoutAndAbandonedCap(t *testing.T) {
	release := make(chan struct{})
	fb := &fakeBackend{block: release}
	k := &Keyring{Timeout: 50 * time.Millisecond, backend: fb}
	canary := newCanary()

	for i := 0; i < maxAbandonedCalls; i++ {
		start := time.Now()
		err := k.Set("s1", SecretSMTPPassword, canary)
		if !errors.Is(err, ErrKeyringTimeout) {
			t.Fatalf("call %d: want ErrKeyringTimeout, got %v", i, err)
		}
		// It returned while the backend still blocks: the timeout ended
		// it. (No upper bound: a loaded machine may wake it late.)
		if d := time.Since(start); d < 40*time.Millisecond {
			t.Errorf("call %d returned after %s, before its 50ms", i, d)
		}
		assertNoCanary(t, err, canary)
		if !strings.Contains(err.Error(), "50ms") || !strings.Contains(err.(Localized).Text("nb"), "50ms") {
			t.Errorf("timeout not in message: %v", err)
		}
	}
	if n := abandonedCalls.Load(); n != maxAbandonedCalls {
		t.Fatalf("abandoned calls = %d, want %d", n, maxAbandonedCalls)
	}
	// The cap is reached: calls fail at once, without another goroutine.
	calls := fb.count()
	if _, err := k.Get("s1", SecretSMTPPassword); !errors.Is(err, ErrKeyringTimeout) {
		t.Fatalf("want ErrKeyringTimeout at the cap, got %v", err)
	}
	if fb.count() != calls {
		t.Error("a call at the cap reached the backend")
	}
	// Once the hung calls return, the count drops back.
	close(release)
	deadline := time.Now().Add(2 * time.Second)
	for abandonedCalls.Load() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := abandonedCalls.Load(); n != 0 {
		t.Fatalf("abandoned calls after release = %d", n)
	}
	if err := k.Set("s1", SecretSMTPPassword, "v"); err != nil {
		t.Fatalf("after release: %v", err)
	}
}

func TestSecretDefaultTimeout(t *testing.T) {
	if got := NewKeyring(0).timeout(); got != 10*time.Second {
		t.Errorf("default timeout = %s", got)
	}
	if got := (&Keyring{}).timeout(); got != DefaultKeyringTimeout {
		t.Errorf("zero Keyring timeout = %s", got)
	}
	if got := NewKeyring(time.Second).timeout(); got != time.Second {
		t.Errorf("timeout = %s", got)
	}
}

func TestSecretPanicBecomesError(t *testing.T) {
	k := &Keyring{backend: &fakeBackend{panic: true}}
	if _, err := k.Get("s1", SecretSMTPPassword); !errors.Is(err, ErrKeyringFailed) {
		t.Fatalf("want ErrKeyringFailed after a panic, got %v", err)
	}
}

func TestSecretCauseWithValueIsWithheld(t *testing.T) {
	canary := newCanary()
	k := &Keyring{backend: &fakeBackend{err: fmt.Errorf("service rejected item %q", canary)}}
	err := k.Set("s1", SecretSystemPassword, canary)
	if !errors.Is(err, ErrKeyringFailed) {
		t.Fatalf("want ErrKeyringFailed, got %v", err)
	}
	assertNoCanary(t, err, canary)
	if !strings.Contains(err.Error(), "withheld") {
		t.Errorf("message does not say details were withheld: %v", err)
	}
	// A cause without the value is kept.
	k = &Keyring{backend: &fakeBackend{err: errors.New("disk on fire")}}
	if err := k.Set("s1", SecretSystemPassword, canary); !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("cause lost: %v", err)
	}
}

func TestSecretErrorsNeverContainValue(t *testing.T) {
	canary := newCanary()
	k := &Keyring{backend: &fakeBackend{}}
	// Swapped arguments: the value lands in the name or session ID. (A
	// value that is itself a well-formed name, lower-case letters, digits
	// and "-", is taken for a name: callers take names from their track,
	// never from what the user types as a value.)
	for _, err := range []error{
		k.Set("s1", canary, SecretSMTPPassword),
		k.Set(canary, SecretSMTPPassword, "v"),
		k.Set("s1", strings.ToLower(canary)+"/", "v"),
		func() error { _, err := k.Get("s1", canary); return err }(),
		k.Set("s1", SecretSMTPPassword, strings.Repeat(canary, 200)),
	} {
		if err == nil {
			t.Fatal("expected an error")
		}
		assertNoCanary(t, err, canary)
		assertNoCanary(t, err, strings.ToLower(canary))
	}
}

func TestSecretErrorTexts(t *testing.T) {
	kinds := []*SecretErrorKind{ErrNoDBus, ErrNoSecretService, ErrKeyringLocked, ErrKeyringTimeout, ErrSecretTooLarge, ErrSecretNotFound, ErrInvalidSecretName, ErrInvalidSessionID, ErrKeyringFailed}
	codes := map[string]bool{}
	for _, k := range kinds {
		en, nb := k.Text("en"), k.Text("nb")
		if en == "" || nb == "" || en == nb {
			t.Errorf("%s: en %q nb %q", k.Code(), en, nb)
		}
		for _, lang := range []string{"nb-NO", "nb_NO.UTF-8", "no", "NB"} {
			if k.Text(lang) != nb {
				t.Errorf("%s: Text(%q) is not bokmål", k.Code(), lang)
			}
		}
		for _, lang := range []string{"", "en-GB", "de", "sv"} {
			if k.Text(lang) != en {
				t.Errorf("%s: Text(%q) is not English", k.Code(), lang)
			}
		}
		if k.Error() != en {
			t.Errorf("%s: Error() is not English", k.Code())
		}
		if codes[k.Code()] {
			t.Errorf("duplicate code %s", k.Code())
		}
		codes[k.Code()] = true
		se := &SecretError{Op: "get", Name: SecretSMTPPassword, Kind: k, Timeout: 3 * time.Second, Size: 3000}
		if !errors.Is(se, k) {
			t.Errorf("errors.Is(SecretError, %s) = false", k.Code())
		}
		var l Localized = se
		if !strings.HasPrefix(l.Text("nb"), "nøkkelring: hente smtp-password: ") || !strings.HasPrefix(se.Error(), "keyring get smtp-password: ") {
			t.Errorf("prefixes: %q / %q", l.Text("nb"), se.Error())
		}
	}
	// The messages say what to do.
	for _, c := range []struct {
		kind     *SecretErrorKind
		lang     string
		contains []string
	}{
		{ErrNoDBus, "en", []string{"DBUS_SESSION_BUS_ADDRESS", "start a desktop session", "dbus-run-session"}},
		{ErrNoDBus, "nb", []string{"DBUS_SESSION_BUS_ADDRESS", "skrivebordsøkt", "dbus-run-session"}},
		{ErrNoSecretService, "en", []string{"install and start gnome-keyring", "KeePassXC"}},
		{ErrNoSecretService, "nb", []string{"installer og start gnome-keyring", "KeePassXC"}},
		{ErrKeyringLocked, "en", []string{"unlock your keyring"}},
		{ErrKeyringLocked, "nb", []string{"lås opp nøkkelringen"}},
	} {
		for _, w := range c.contains {
			if !strings.Contains(c.kind.Text(c.lang), w) {
				t.Errorf("%s (%s) lacks %q", c.kind.Code(), c.lang, w)
			}
		}
	}
	var se *SecretError
	if !errors.As(fmt.Errorf("wrapped: %w", &SecretError{Kind: ErrKeyringLocked}), &se) || se.Kind != ErrKeyringLocked {
		t.Error("errors.As(*SecretError) through wrapping failed")
	}
}

// ---------------------------------------------------------------------
// Tests with the real Secret Service (run them with scripts/test).

func TestSecretRealKeyringRoundTrip(t *testing.T) {
	k := requireKeyring(t)
	id := testSession(t, k)

	if _, err := k.Get(id, SecretRESTAPIKeyTT02); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get before Set: want ErrSecretNotFound, got %v", err)
	}
	values := []string{
		"simple",
		"with spaces, ÆØÅ æøå, \"quotes\" and 'apostrophes' $HOME `x` \\",
		"multi\nline\n",
		strings.Repeat("z", MaxSecretBytes),
	}
	for _, v := range values {
		if err := k.Set(id, SecretRESTAPIKeyTT02, v); err != nil {
			t.Fatalf("Set: %v", err)
		}
		got, err := k.Get(id, SecretRESTAPIKeyTT02)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if got != v {
			t.Fatalf("Get returned %d bytes, want the %d bytes set", len(got), len(v))
		}
	}
	if err := k.Delete(id, SecretRESTAPIKeyTT02); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := k.Get(id, SecretRESTAPIKeyTT02); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get after Delete: want ErrSecretNotFound, got %v", err)
	}
	if err := k.Delete(id, SecretRESTAPIKeyTT02); err != nil {
		t.Fatalf("Delete of an absent secret: %v", err)
	}
}

func TestSecretRealKeyringKnownAndDeleteAll(t *testing.T) {
	k := requireKeyring(t)
	id := testSession(t, k)
	other := testSession(t, k)

	set := map[string]string{
		SecretSystemPassword:         "sys-" + id,
		SecretEnterpriseUserPassword: "ent-" + id,
		SecretSMTPPassword:           "smtp-" + id,
	}
	for name, v := range set {
		if err := k.Set(id, name, v); err != nil {
			t.Fatalf("Set %s: %v", name, err)
		}
	}
	if err := k.Set(other, SecretSystemPassword, "other-session"); err != nil {
		t.Fatal(err)
	}

	st, err := k.Known(id, testSecrets)
	if err != nil {
		t.Fatalf("Known: %v", err)
	}
	if len(st) != len(testSecrets) {
		t.Fatalf("Known returned %d entries, want %d", len(st), len(testSecrets))
	}
	for i, s := range st {
		_, want := set[s.Name]
		if s.Name != testSecrets[i] || s.Set != want || s.Service != KeyringService || s.Account != id+"/"+s.Name {
			t.Errorf("Known[%d] = %+v, want Set=%v", i, s, want)
		}
	}

	// The items are where other tools (and users) expect them.
	if _, err := exec.LookPath("secret-tool"); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, "secret-tool", "lookup", "service", KeyringService, "username", Account(id, SecretSMTPPassword)).Output()
		if err != nil || strings.TrimSuffix(string(out), "\n") != set[SecretSMTPPassword] {
			t.Errorf("secret-tool lookup service %s username %s: %q, %v", KeyringService, Account(id, SecretSMTPPassword), out, err)
		}
	} else {
		t.Log("secret-tool not installed; not checking the item's attributes")
	}

	if err := k.DeleteAll(id, testSecrets); err != nil {
		t.Fatalf("DeleteAll: %v", err)
	}
	st, err = k.Known(id, testSecrets)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if s.Set {
			t.Errorf("%s still set after DeleteAll", s.Name)
		}
	}
	// Another session is untouched.
	if got, err := k.Get(other, SecretSystemPassword); err != nil || got != "other-session" {
		t.Errorf("other session's secret after DeleteAll: %q, %v", got, err)
	}
	if err := k.DeleteAll(id, testSecrets); err != nil {
		t.Errorf("DeleteAll of an empty session: %v", err)
	}
}

func TestSecretRealKeyringConcurrent(t *testing.T) {
	k := requireKeyring(t)
	id := testSession(t, k)
	var wg sync.WaitGroup
	errs := make(chan error, len(testSecrets))
	for _, name := range testSecrets {
		wg.Go(func() {
			if err := k.Set(id, name, "v-"+name); err != nil {
				errs <- err
				return
			}
			if got, err := k.Get(id, name); err != nil || got != "v-"+name {
				errs <- fmt.Errorf("%s: %q, %v", name, got, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A track declares its own secrets: the keyring stores, lists and
// deletes any well-formed name (one of a track this package has never
// heard of), and DeleteAll deletes the names it is given also where the
// keyring cannot be searched for the rest.
func TestSecretAnyWellFormedName(t *testing.T) {
	be := &fakeBackend{}
	k := &Keyring{backend: be}
	names := []string{"maskinporten-private-key", "customer-2-token"}
	for _, n := range names {
		if err := k.Set("s1", n, "v-"+n); err != nil {
			t.Fatalf("Set %s: %v", n, err)
		}
	}
	if err := k.Set("s2", names[0], "other session"); err != nil {
		t.Fatal(err)
	}
	st, err := k.Known("s1", append([]string{"not-stored"}, names...))
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 3 || st[0].Set || !st[1].Set || !st[2].Set || st[1].Name != names[0] || st[1].Account != "s1/"+names[0] {
		t.Fatalf("Known = %+v", st)
	}
	if err := k.DeleteAll("s1", names); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if _, err := k.Get("s1", n); !errors.Is(err, ErrSecretNotFound) {
			t.Errorf("%s after DeleteAll: %v", n, err)
		}
	}
	if v, err := k.Get("s2", names[0]); err != nil || v != "other session" {
		t.Errorf("another session's secret: %q, %v", v, err)
	}
}
