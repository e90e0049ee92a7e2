package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Deleting a session deletes its secrets from the real keyring first.
func TestDeleteRemovesSecretsFromRealKeyring(t *testing.T) {
	k := requireKeyring(t)
	st, err := Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.Create("Med hemmeligheter")
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
	if err := st.Delete(sess, k); err != nil {
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
