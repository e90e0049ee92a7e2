package store

// The profile's own secrets (the SMTP password) in the secrets file, under
// the same account as in the keyring, "profile/<name>" (see
// secrets_profile.go): with --secrets-file they are kept there too.

var _ ProfileSecrets = (*SecretsFile)(nil)

// SetProfileSecret stores (or replaces) a secret of the profile.
func (f *SecretsFile) SetProfileSecret(name, value string) error {
	if err := validateNames("set", []string{name}); err != nil {
		return err
	}
	return f.setAccount(name, ProfileAccount(name), value)
}

// GetProfileSecret returns a secret of the profile; when it is not stored
// the error matches ErrSecretNotFound.
func (f *SecretsFile) GetProfileSecret(name string) (string, error) {
	if err := validateNames("get", []string{name}); err != nil {
		return "", err
	}
	return f.getAccount(name, ProfileAccount(name))
}

// DeleteProfileSecret removes a secret of the profile; one not stored is
// not an error.
func (f *SecretsFile) DeleteProfileSecret(name string) error {
	if err := validateNames("delete", []string{name}); err != nil {
		return err
	}
	return f.deleteAccount(name, ProfileAccount(name))
}
