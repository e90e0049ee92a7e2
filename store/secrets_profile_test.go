package store

import (
	"errors"
	"testing"
)

// The profile's secret lives under "profile/<name>" and no session can
// reach it: "profile" is no session ID, so a session's Set or DeleteAll
// never lands on it.
func TestProfileSecretsApartFromSessions(t *testing.T) {
	fb := &fakeBackend{}
	k := &Keyring{backend: fb}
	if err := k.SetProfileSecret(SecretSMTPPassword, "pw-1"); err != nil {
		t.Fatal(err)
	}
	if _, ok := fb.items[KeyringService+"|profile/smtp-password"]; !ok {
		t.Fatalf("not under profile/smtp-password: %v", fb.items)
	}
	if v, err := k.GetProfileSecret(SecretSMTPPassword); err != nil || v != "pw-1" {
		t.Fatalf("get: %q %v", v, err)
	}
	if err := k.Set(ProfileScope, SecretSMTPPassword, "other"); !errors.Is(err, ErrInvalidSessionID) {
		t.Fatalf("a session called %q reached the profile's entry: %v", ProfileScope, err)
	}
	if err := k.DeleteAll(ProfileScope, []string{SecretSMTPPassword}); !errors.Is(err, ErrInvalidSessionID) {
		t.Fatalf("DeleteAll(%q): %v", ProfileScope, err)
	}
	if err := k.DeleteProfileSecret(SecretSMTPPassword); err != nil {
		t.Fatal(err)
	}
	if err := k.DeleteProfileSecret(SecretSMTPPassword); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := k.GetProfileSecret(SecretSMTPPassword); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if err := k.SetProfileSecret("Bad/Name", "x"); !errors.Is(err, ErrInvalidSecretName) {
		t.Fatalf("bad name: %v", err)
	}
}
