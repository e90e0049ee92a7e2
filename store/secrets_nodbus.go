//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package store

// On macOS and Windows go-keyring talks to the Keychain or the Credential
// Manager directly: there is no bus to check and no D-Bus error to map.

func preflight() error { return nil }

// deleteAccounts: go-keyring cannot search the Keychain or the Credential
// Manager, so only the names DeleteAll is given are deleted there.
func deleteAccounts(service, prefix string) (int, error) { return 0, nil }

func classifyPlatform(error) *SecretErrorKind { return nil }

func describeCause(err error) string { return err.Error() }
