package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// Two Store values on one folder stand for two processes: the wizard (b)
// stores a secret and saves its reference in the moment between a
// command (a) finding the session and taking its lock. The command must
// work on what b saved, not on the copy it found.
func interleave(t *testing.T, a, b *store.Store) {
	t.Helper()
	store.SetBeforeLock(a, func(id string) {
		sess, lock, err := b.LoadLocked(id)
		if err != nil {
			t.Errorf("the other process cannot open the session: %v", err)
			return
		}
		defer lock.Release()
		sess.SetSecretRef(session.SecretRef{Name: store.SecretSystemPassword, Store: "os-keyring",
			Service: store.KeyringService, Account: store.Account(id, store.SecretSystemPassword), SetAt: now})
		if err := b.Save(sess); err != nil {
			t.Error(err)
		}
	})
}

func twoStores(t *testing.T) (a, b *store.Store, id string) {
	t.Helper()
	a = openStore(t)
	b, err := store.Open(a.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.Create("Kunde", store.TestTrack)
	if err != nil {
		t.Fatal(err)
	}
	return a, b, s.ID
}

func hasRef(t *testing.T, st *store.Store, id string) {
	t.Helper()
	got, err := st.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	if !refers(got, store.SecretSystemPassword) {
		t.Fatalf("the secret reference saved by the other process is lost: %+v", got.Secrets)
	}
}

func TestRenameReadsUnderTheLock(t *testing.T) {
	a, b, id := twoStores(t)
	interleave(t, a, b)
	if _, err := a.Rename(id, "Nytt navn"); err != nil {
		t.Fatal(err)
	}
	hasRef(t, a, id)
	if got, _ := a.Load(id); got.Name != "Nytt navn" {
		t.Fatalf("name = %q", got.Name)
	}
}

func TestOpenLockedReadsUnderTheLock(t *testing.T) {
	for _, byID := range []bool{false, true} {
		a, b, id := twoStores(t)
		interleave(t, a, b)
		var sess *session.Session
		var lock *store.Lock
		var err error
		if byID {
			sess, lock, err = a.LoadLocked(id)
		} else {
			sess, lock, err = a.OpenLocked("kunde")
		}
		if err != nil {
			t.Fatal(err)
		}
		if !refers(sess, store.SecretSystemPassword) {
			t.Fatalf("byID=%v: the copy returned predates the lock: %+v", byID, sess.Secrets)
		}
		// Saving it, as fill --session and the wizard do, keeps the ref.
		sess.Answers.Vendor.Name = "Fjord AS"
		a.Now = func() time.Time { return now }
		if err := a.Save(sess); err != nil {
			t.Fatal(err)
		}
		lock.Release()
		hasRef(t, a, id)
	}
}

// Delete works on the file as it is under the lock: a session found
// without secrets that got one in between is not deleted without a
// keyring to delete that secret from.
func TestDeleteReadsUnderTheLock(t *testing.T) {
	a, b, id := twoStores(t)
	stale, err := a.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	interleave(t, a, b)
	if err := a.Delete(stale, nil, nil); err == nil {
		t.Fatal("deleted a session whose secret nobody deleted")
	}
	hasRef(t, a, id)
}

func refers(s *session.Session, name string) bool {
	for _, r := range s.Secrets {
		if r.Name == name {
			return true
		}
	}
	return false
}

// failingSecrets is a keyring that fails every call with err: failures a
// real keyring cannot be made to produce on demand.
type failingSecrets struct {
	store.Secrets
	err error
}

func (f failingSecrets) DeleteAll(string, []string) error { return f.err }

// Without any keyring on the machine, a session that refers to no secret
// can still be deleted; one that refers to secrets, or whose keyring is
// there but fails (locked, say), is kept, with a message in both
// languages.
func TestDeleteWhenTheKeyringFails(t *testing.T) {
	st := openStore(t)
	plain, _ := st.Create("uten hemmeligheter", store.TestTrack)
	noBus := failingSecrets{err: &store.SecretError{Op: "delete-all", Kind: store.ErrNoDBus}}
	if err := st.Delete(plain, noBus, nil); err != nil {
		t.Fatalf("no keyring, no secrets: %v", err)
	}

	locked := failingSecrets{err: &store.SecretError{Op: "delete-all", Kind: store.ErrKeyringLocked}}
	s2, _ := st.Create("låst nøkkelring", store.TestTrack)
	err := st.Delete(s2, locked, nil)
	var sl *store.SecretsLeftError
	if !errors.As(err, &sl) || !errors.Is(err, store.ErrKeyringLocked) {
		t.Fatalf("locked keyring: %v", err)
	}
	wantBoth(t, err, "låst nøkkelring")
	if _, err := st.Load(s2.ID); err != nil {
		t.Fatal("the file was removed although the keyring failed")
	}

	s3, _ := st.Create("med hemmelighet", store.TestTrack)
	s3.SetSecretRef(session.SecretRef{Name: store.SecretSystemPassword})
	st.Save(s3)
	if err := st.Delete(s3, noBus, nil); !errors.As(err, &sl) {
		t.Fatalf("secrets and no keyring: %v", err)
	}
	if _, err := st.Load(s3.ID); err != nil {
		t.Fatal("the file was removed although its secrets could not be")
	}
}

// recordingSecrets remembers what DeleteAll was asked to delete.
type recordingSecrets struct {
	store.Secrets
	names []string
}

func (r *recordingSecrets) DeleteAll(_ string, names []string) error {
	r.names = names
	return nil
}

// Deleting a session deletes the secrets its track keeps (the names the
// caller gives) and every secret the session refers to, whatever its
// name: the store knows no list of names.
func TestDeleteDeletesTrackAndReferencedSecrets(t *testing.T) {
	st := openStore(t)
	s, _ := st.Create("to spor", store.TestTrack)
	s.SetSecretRef(session.SecretRef{Name: "written-by-a-newer-version"})
	s.SetSecretRef(session.SecretRef{Name: "track-secret-b"})
	s.SetSecretRef(session.SecretRef{Name: "Not/A name"}) // hand-edited: cannot be in the keyring
	st.Save(s)
	rec := &recordingSecrets{}
	if err := st.Delete(s, rec, []string{"track-secret-a", "track-secret-b"}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.names, ","); got != "track-secret-a,track-secret-b,written-by-a-newer-version" {
		t.Fatalf("DeleteAll was asked for %s", got)
	}
}
