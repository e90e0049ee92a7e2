//go:build linux

package store

import (
	"testing"

	ss "github.com/zalando/go-keyring/secret_service"
)

// An item another program deleted between DeleteAll's search and its
// question about the item is skipped, not an error: the search lists
// every item of the service, other sessions' too, so two programs (or
// two test packages) clearing sessions at once would otherwise fail.
func TestSecretServiceItemGone(t *testing.T) {
	k := requireKeyring(t)
	id := testSession(t, k)
	if err := k.Set(id, SecretSystemPassword, "borte-snart"); err != nil {
		t.Fatal(err)
	}
	svc, err := ss.NewSecretService()
	if err != nil {
		t.Fatal(err)
	}
	collection := svc.GetLoginCollection()
	items, err := svc.SearchItems(collection, map[string]string{"service": KeyringService, "username": Account(id, SecretSystemPassword)})
	if err != nil || len(items) != 1 {
		t.Fatalf("search: %v %v", items, err)
	}
	if err := svc.Delete(items[0]); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Object("org.freedesktop.secrets", items[0]).GetProperty("org.freedesktop.Secret.Item.Attributes")
	if err == nil {
		t.Fatal("a deleted item still answers")
	}
	if !itemGone(err) {
		t.Fatalf("a deleted item's error is not recognised as gone: %#v", err)
	}
	if itemGone(nil) || itemGone(ErrKeyringTimeout) {
		t.Fatal("itemGone of other errors")
	}
}
