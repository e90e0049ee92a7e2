package store

// The profile's own secrets (the SMTP password) in the secrets file, under
// the same account as in the keyring, "profile/<name>" (see
// secrets_profile.go): with --secrets-file they are kept there too.

var _ ProfileSecrets = (*SecretsFile)(nil)

// SetProfileSecret stores (or replaces) a secret of the profile.
func (f *SecretsFile) SetProfileSecret(name, value string) error {
	const op = "set"
	if err := validateNames(op, []string{name}); err != nil {
		return err
	}
	if len(value) > MaxSecretBytes {
		return &SecretError{Op: op, Name: name, Kind: ErrSecretTooLarge, Size: len(value)}
	}
	return f.change(op, name, func(m map[string]string) bool {
		if old, ok := m[ProfileAccount(name)]; ok && old == value {
			return false
		}
		m[ProfileAccount(name)] = value
		return true
	}, true)
}

// GetProfileSecret returns a secret of the profile; when it is not stored
// the error matches ErrSecretNotFound.
func (f *SecretsFile) GetProfileSecret(name string) (string, error) {
	const op = "get"
	if err := validateNames(op, []string{name}); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load(op, name, false)
	if err != nil {
		return "", err
	}
	v, ok := m[ProfileAccount(name)]
	if !ok {
		return "", &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretNotFound}
	}
	return v, nil
}

// DeleteProfileSecret removes a secret of the profile; one not stored is
// not an error.
func (f *SecretsFile) DeleteProfileSecret(name string) error {
	const op = "delete"
	if err := validateNames(op, []string{name}); err != nil {
		return err
	}
	return f.change(op, name, func(m map[string]string) bool {
		if _, ok := m[ProfileAccount(name)]; !ok {
			return false
		}
		delete(m, ProfileAccount(name))
		return true
	}, false)
}
