package store

// The user's own secrets, which belong to no session (the SMTP password
// of the profile), live under the same keyring service with the account
// "profile/<name>". "profile" can never be a session ID (validSessionID
// refuses it), so no session's secrets, nor deleting a session, touch
// them.

import "errors"

// ProfileScope is the account prefix of the profile's secrets.
const ProfileScope = "profile"

// ProfileAccount is the keyring account of a profile secret:
// "profile/<name>".
func ProfileAccount(name string) string { return ProfileScope + "/" + name }

// ProfileSecrets stores the profile's secrets.
type ProfileSecrets interface {
	SetProfileSecret(name, value string) error
	// GetProfileSecret returns an error matching ErrSecretNotFound when
	// it is not stored.
	GetProfileSecret(name string) (string, error)
	// DeleteProfileSecret: a secret that is not stored is not an error.
	DeleteProfileSecret(name string) error
}

var _ ProfileSecrets = (*Keyring)(nil)

// SetProfileSecret stores (or replaces) a secret of the profile.
func (k *Keyring) SetProfileSecret(name, value string) error {
	const op = "set"
	if err := validateNames(op, []string{name}); err != nil {
		return err
	}
	if len(value) > MaxSecretBytes {
		return &SecretError{Op: op, Name: name, Kind: ErrSecretTooLarge, Size: len(value)}
	}
	_, err := k.call(op, name, value, func() (string, error) {
		return "", k.be().Set(KeyringService, ProfileAccount(name), value)
	})
	return err
}

// GetProfileSecret returns a secret of the profile.
func (k *Keyring) GetProfileSecret(name string) (string, error) {
	const op = "get"
	if err := validateNames(op, []string{name}); err != nil {
		return "", err
	}
	return k.call(op, name, "", func() (string, error) {
		return k.be().Get(KeyringService, ProfileAccount(name))
	})
}

// DeleteProfileSecret removes a secret of the profile.
func (k *Keyring) DeleteProfileSecret(name string) error {
	const op = "delete"
	if err := validateNames(op, []string{name}); err != nil {
		return err
	}
	_, err := k.call(op, name, "", func() (string, error) {
		return "", k.be().Delete(KeyringService, ProfileAccount(name))
	})
	if errors.Is(err, ErrSecretNotFound) {
		return nil
	}
	return err
}
