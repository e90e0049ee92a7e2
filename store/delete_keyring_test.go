package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Deleting a session deletes its secrets from the real keyring first.
func TestDeleteRemovesSecretsFromRealKeyring(t *testing.T) {
	k := requireKeyring(t)
	st, err := Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.Create("Med hemmeligheter", testTrack)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{SecretSystemPassword, SecretRESTAPIKeyTT02} {
		if err := k.Set(sess.ID, name, "canary-"+name); err != nil {
			t.Fatal(err)
		}
		sess.SetSecretRef(session.SecretRef{Name: name, Store: "os-keyring", Service: KeyringService, Account: Account(sess.ID, name), SetAt: time.Now()})
	}
	if err := st.Save(sess); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(st.Path(sess.ID)); len(data) == 0 || strings.Contains(string(data), "canary-") {
		t.Fatalf("session file holds a secret value or is empty")
	}
	if err := st.Delete(sess, k, testSecrets); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{SecretSystemPassword, SecretRESTAPIKeyTT02} {
		if _, err := k.Get(sess.ID, name); !errors.Is(err, ErrSecretNotFound) {
			t.Errorf("secret %s still in the keyring after delete: %v", name, err)
		}
	}
	if _, err := os.Stat(st.Path(sess.ID)); !os.IsNotExist(err) {
		t.Fatal("session file still there")
	}
}

// Deleting a session deletes every keyring entry of the session, also
// those its file does not refer to: an orphan of a known name (a kill
// between the keyring write and the save) and an entry of a name this
// version does not know (a newer version wrote it). Entries of other
// sessions stay, even one whose ID starts with this one's.
func TestDeleteRemovesOrphanedSecretsFromRealKeyring(t *testing.T) {
	k := requireKeyring(t)
	st, err := Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.Create("Med foreldreløse hemmeligheter", testTrack)
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.Create("Naboen", testTrack)
	if err != nil {
		t.Fatal(err)
	}
	// Referenced, as usual.
	if err := k.Set(sess.ID, SecretSystemPassword, "canary-ref"); err != nil {
		t.Fatal(err)
	}
	sess.SetSecretRef(session.SecretRef{Name: SecretSystemPassword, Store: "os-keyring", Service: KeyringService, Account: Account(sess.ID, SecretSystemPassword), SetAt: time.Now()})
	if err := st.Save(sess); err != nil {
		t.Fatal(err)
	}
	// Orphans: a known name the file does not mention, and a name this
	// version does not know.
	if err := k.Set(sess.ID, SecretSMTPPassword, "canary-orphan"); err != nil {
		t.Fatal(err)
	}
	future := Account(sess.ID, "framtidig-hemmelighet")
	if err := keyring.Set(KeyringService, future, "canary-future"); err != nil {
		t.Fatal(err)
	}
	// Not this session's: another session, and an account that merely
	// starts with this session's ID.
	if err := k.Set(other.ID, SecretSMTPPassword, "canary-other"); err != nil {
		t.Fatal(err)
	}
	lookalike := sess.ID + "x/" + SecretSMTPPassword
	if err := keyring.Set(KeyringService, lookalike, "canary-lookalike"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		k.DeleteAll(other.ID, testSecrets)
		keyring.Delete(KeyringService, lookalike)
		keyring.Delete(KeyringService, future)
	})

	stale := *sess
	stale.Secrets = nil // what a command read before the others were saved
	if err := st.Delete(&stale, k, testSecrets); err != nil {
		t.Fatal(err)
	}
	for _, acct := range []string{Account(sess.ID, SecretSystemPassword), Account(sess.ID, SecretSMTPPassword), future} {
		if _, err := keyring.Get(KeyringService, acct); !errors.Is(err, keyring.ErrNotFound) {
			t.Errorf("%s is still in the keyring after the session was deleted: %v", acct, err)
		}
	}
	for _, acct := range []string{Account(other.ID, SecretSMTPPassword), lookalike} {
		if _, err := keyring.Get(KeyringService, acct); err != nil {
			t.Errorf("%s, not this session's, was deleted: %v", acct, err)
		}
	}
	if _, err := os.Stat(st.Path(sess.ID)); !os.IsNotExist(err) {
		t.Fatal("session file still there")
	}
}
