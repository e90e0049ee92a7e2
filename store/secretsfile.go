package store

// The keyring fallback for machines without one (a server with no Secret
// Service): every secret of every session in one file, encrypted with a
// passphrase (age, scrypt recipient). It is used only when the user asks
// for it (--secrets-file); the OS keyring stays the default.
//
// The file holds, encrypted, a JSON object of "<session-id>/<name>" to
// value: the same accounts as the keyring, so a session's secrets keep
// their names whichever store holds them. It is written atomically (0600,
// in a 0700 folder the program creates when missing), read without
// following a link and with a size limit, and changed only under a lock
// file next to it (read, change, write), so two processes that store a
// secret at once both keep theirs. A file that cannot be decrypted (wrong
// passphrase, damaged, not ours) is reported by name and never written.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	"github.com/gofrs/flock"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

const (
	// SecretsFileName is the secrets file's name in the data folder, the
	// usual place for it (DefaultSecretsFile).
	SecretsFileName = "secrets.age"

	// MaxSecretsFileBytes bounds the encrypted file read: far more than
	// any number of sessions' secrets (2.5 KiB each at most).
	MaxSecretsFileBytes = 16 << 20

	// secretsFileFormat marks the plaintext as ours.
	secretsFileFormat = "altinn-onboard secrets"

	// secretsFileLockWait is how long a change waits for another process
	// that holds the lock (it holds it for one read-change-write).
	secretsFileLockWait = 2 * time.Minute
)

// ScryptWorkFactor is log2 of scrypt's N for the secrets files this
// process writes; 0 is age's default (18: about a second and 256 MiB per
// encryption or decryption, which is the point). Only tests lower it (the
// command-line tests run dozens of programs under the race detector);
// the program never reads it from anywhere.
var ScryptWorkFactor int

// DefaultSecretsFile is the usual secrets file of a data folder: one file
// per data folder.
func DefaultSecretsFile(dataDir string) string {
	return filepath.Join(dataDir, SecretsFileName)
}

// PassphraseFunc returns the passphrase of the secrets file at path.
// create is true when the file does not exist yet (the passphrase will
// make it: ask twice). It is called at most once per successful run of a
// SecretsFile; the passphrase is kept in memory only.
type PassphraseFunc func(path string, create bool) (string, error)

// SecretsFile implements Secrets in one passphrase-encrypted file.
type SecretsFile struct {
	path       string
	passphrase PassphraseFunc
	// workFactor is scrypt's log2(N) for new encryptions; 0 is age's
	// default (18). Tests lower it.
	workFactor int

	mu   sync.Mutex
	pass string
	have bool
	// The last file content decrypted and what it held: reading the same
	// bytes again needs no second scrypt.
	cacheCipher []byte
	cacheMap    map[string]string
}

var _ Secrets = (*SecretsFile)(nil)

// NewSecretsFile returns the store of secrets in the file at path,
// asking passphrase for its passphrase when first needed.
func NewSecretsFile(path string, passphrase PassphraseFunc) *SecretsFile {
	return &SecretsFile{path: path, passphrase: passphrase}
}

// Path is the secrets file's path.
func (f *SecretsFile) Path() string { return f.path }

// Place names where secrets live, for messages.
func (f *SecretsFile) Place(lang string) string {
	if isNorwegian(lang) {
		return fmt.Sprintf("den krypterte hemmelighetsfilen %s (ikke OS-nøkkelringen)", f.path)
	}
	return fmt.Sprintf("the encrypted secrets file %s (not the OS keyring)", f.path)
}

// Where tells where a session's secret lives, never what it is.
func (f *SecretsFile) Where(lang, sessionID, name string) string {
	if isNorwegian(lang) {
		return fmt.Sprintf("den krypterte hemmelighetsfilen %s, oppføring %s", f.path, Account(sessionID, name))
	}
	return fmt.Sprintf("encrypted secrets file %s, entry %s", f.path, Account(sessionID, name))
}

// Unlock gets the passphrase now and, when the file exists, checks it by
// decrypting the file: for a program that cannot ask later (the wizard,
// once its screen is up).
func (f *SecretsFile) Unlock() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, err := f.load("unlock", "", true)
	return err
}

// Set stores value as the secret name of the session.
func (f *SecretsFile) Set(sessionID, name, value string) error {
	if err := validate("set", sessionID, name); err != nil {
		return err
	}
	return f.setAccount(name, Account(sessionID, name), value)
}

// Get returns the secret name of the session; when it is not stored the
// error matches ErrSecretNotFound.
func (f *SecretsFile) Get(sessionID, name string) (string, error) {
	if err := validate("get", sessionID, name); err != nil {
		return "", err
	}
	return f.getAccount(name, Account(sessionID, name))
}

// Delete removes the secret name of the session; one not stored is not an
// error.
func (f *SecretsFile) Delete(sessionID, name string) error {
	if err := validate("delete", sessionID, name); err != nil {
		return err
	}
	return f.deleteAccount(name, Account(sessionID, name))
}

// setAccount stores value under the account acc (a session's secret or
// the profile's, already checked); name is for messages.
func (f *SecretsFile) setAccount(name, acc, value string) error {
	const op = "set"
	if len(value) > MaxSecretBytes {
		return &SecretError{Op: op, Name: name, Kind: ErrSecretTooLarge, Size: len(value)}
	}
	return f.change(op, name, func(m map[string]string) bool {
		if old, ok := m[acc]; ok && old == value {
			return false
		}
		m[acc] = value
		return true
	}, true)
}

// getAccount returns what is stored under acc; not stored matches
// ErrSecretNotFound.
func (f *SecretsFile) getAccount(name, acc string) (string, error) {
	const op = "get"
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load(op, name, false)
	if err != nil {
		return "", err
	}
	v, ok := m[acc]
	if !ok {
		return "", &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretNotFound}
	}
	return v, nil
}

// deleteAccount removes what is stored under acc; nothing stored is not
// an error.
func (f *SecretsFile) deleteAccount(name, acc string) error {
	return f.change("delete", name, func(m map[string]string) bool {
		if _, ok := m[acc]; !ok {
			return false
		}
		delete(m, acc)
		return true
	}, false)
}

// Known reports, in the order of names, which the session has stored.
func (f *SecretsFile) Known(sessionID string, names []string) ([]SecretStatus, error) {
	const op = "known"
	if err := validateSession(op, sessionID); err != nil {
		return nil, err
	}
	if err := validateNames(op, names); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load(op, "", false)
	if err != nil {
		return nil, err
	}
	out := make([]SecretStatus, 0, len(names))
	for _, name := range names {
		_, set := m[Account(sessionID, name)]
		out = append(out, SecretStatus{Name: name, Service: KeyringService, Account: Account(sessionID, name), Set: set})
	}
	return out, nil
}

// DeleteAll deletes every secret of the session: names and every other
// entry "<id>/...".
func (f *SecretsFile) DeleteAll(sessionID string, names []string) error {
	const op = "delete-all"
	if err := validateSession(op, sessionID); err != nil {
		return err
	}
	if err := validateNames(op, names); err != nil {
		return err
	}
	prefix := Account(sessionID, "")
	return f.change(op, "", func(m map[string]string) bool {
		changed := false
		for acc := range m {
			if strings.HasPrefix(acc, prefix) {
				delete(m, acc)
				changed = true
			}
		}
		return changed
	}, false)
}

// change reads the file under its lock, applies edit, and writes the
// result when edit says it changed anything. With create false a missing
// file stays missing (nothing to delete).
func (f *SecretsFile) change(op, name string, edit func(map[string]string) bool, create bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	exists, err := f.exists(op, name)
	if err != nil {
		return err
	}
	if !exists && !create {
		return nil
	}
	// The passphrase before the lock: another process must not wait
	// while this one's user types.
	if err := f.ensurePass(op, name, !exists); err != nil {
		return err
	}
	if _, err := atomicfile.MakeDir(filepath.Dir(f.path)); err != nil {
		return &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileWrite, Err: err}
	}
	unlock, err := f.lock(op, name)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := f.load(op, name, false)
	if err != nil {
		return err
	}
	if !edit(m) {
		return nil
	}
	data, err := f.seal(m)
	if err != nil {
		return &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileWrite, Err: err}
	}
	if err := atomicfile.WriteFile(f.path, data); err != nil {
		return &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileWrite, Err: err}
	}
	f.cacheCipher, f.cacheMap = data, copyMap(m)
	return nil
}

// exists tells whether the file is there; anything but a missing file is
// for load to judge (a link, a FIFO ...).
func (f *SecretsFile) exists(op, name string) (bool, error) {
	fi, err := os.Lstat(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileUnreadable, Err: err}
	}
	if !fi.Mode().IsRegular() {
		// Refused before the passphrase is asked for.
		return false, &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileUnreadable,
			Err: &safefile.Error{Path: f.path, Kind: kindOf(fi.Mode()), Mode: fi.Mode()}}
	}
	return true, nil
}

func (f *SecretsFile) ensurePass(op, name string, create bool) error {
	if f.have {
		return nil
	}
	if f.passphrase == nil {
		return &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileNoPassphrase}
	}
	p, err := f.passphrase(f.path, create)
	if err != nil {
		return &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileNoPassphrase, Err: err}
	}
	if p == "" {
		return &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileNoPassphrase}
	}
	f.pass, f.have = p, true
	return nil
}

// load reads and decrypts the file: an empty map when it is missing
// (without asking for the passphrase, unless ask). It returns a copy the
// caller may change.
func (f *SecretsFile) load(op, name string, ask bool) (map[string]string, error) {
	data, err := safefile.ReadNoFollow(f.path, MaxSecretsFileBytes)
	if err != nil {
		var se *safefile.Error
		if errors.As(err, &se) && se.Kind == safefile.KindOpen && errors.Is(se.Err, fs.ErrNotExist) {
			if ask {
				return map[string]string{}, f.ensurePass(op, name, true)
			}
			return map[string]string{}, nil
		}
		return nil, &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileUnreadable, Err: err}
	}
	if f.cacheMap != nil && bytes.Equal(data, f.cacheCipher) {
		return copyMap(f.cacheMap), nil
	}
	if err := f.ensurePass(op, name, false); err != nil {
		return nil, err
	}
	m, err := f.open(data)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			// A wrong passphrase is not kept: asking again may help.
			f.pass, f.have = "", false
			return nil, &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileWrongPassphrase}
		}
		return nil, &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileCorrupt, Err: err}
	}
	f.cacheCipher, f.cacheMap = data, copyMap(m)
	return m, nil
}

// secretsFileContent is the plaintext.
type secretsFileContent struct {
	Format  string            `json:"format"`
	Version int               `json:"version"`
	Secrets map[string]string `json:"secrets"`
}

func (f *SecretsFile) open(data []byte) (map[string]string, error) {
	id, err := age.NewScryptIdentity(f.pass)
	if err != nil {
		return nil, err
	}
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		return nil, err
	}
	plain, err := io.ReadAll(io.LimitReader(r, MaxSecretsFileBytes+1))
	if err != nil {
		return nil, err
	}
	var c secretsFileContent
	if err := json.Unmarshal(plain, &c); err != nil {
		return nil, errors.New("the decrypted content is not what altinn-onboard writes")
	}
	if c.Format != secretsFileFormat || c.Version != 1 {
		return nil, fmt.Errorf("the decrypted content is not an altinn-onboard secrets file of version 1")
	}
	if c.Secrets == nil {
		c.Secrets = map[string]string{}
	}
	return c.Secrets, nil
}

func (f *SecretsFile) seal(m map[string]string) ([]byte, error) {
	rcp, err := age.NewScryptRecipient(f.pass)
	if err != nil {
		return nil, err
	}
	if wf := f.workFactor; wf > 0 {
		rcp.SetWorkFactor(wf)
	} else if ScryptWorkFactor > 0 {
		rcp.SetWorkFactor(ScryptWorkFactor)
	}
	plain, err := json.Marshal(secretsFileContent{Format: secretsFileFormat, Version: 1, Secrets: m})
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	w, err := age.Encrypt(&out, rcp)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// lock takes the lock file next to the secrets file, waiting for another
// process that holds it. A link or anything but a regular file there is
// refused, untouched.
func (f *SecretsFile) lock(op, name string) (func(), error) {
	p := f.path + ".lock"
	if fi, err := os.Lstat(p); err == nil && !fi.Mode().IsRegular() {
		return nil, &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileUnreadable,
			Err: &safefile.Error{Path: p, Kind: kindOf(fi.Mode()), Mode: fi.Mode()}}
	}
	fl := flock.New(p, flock.SetPermissions(atomicfile.FileMode))
	ctx, cancel := context.WithTimeout(context.Background(), secretsFileLockWait)
	defer cancel()
	ok, err := fl.TryLockContext(ctx, 20*time.Millisecond)
	if err != nil || !ok {
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("%s is held by another process", p)
		}
		return nil, &SecretsFileError{Op: op, Name: name, Path: f.path, Kind: ErrSecretsFileBusy, Err: err}
	}
	return func() { fl.Unlock() }, nil
}

func kindOf(m fs.FileMode) safefile.Kind {
	if m&fs.ModeSymlink != 0 {
		return safefile.KindLink
	}
	return safefile.KindNotRegular
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// accounts lists the file's entries, sorted (tests).
func (f *SecretsFile) accounts() ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, err := f.load("list", "", false)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

// SecretsLocator is a store of secrets that says where it keeps them. A
// store that does not (the OS keyring, a test's fake) is the OS keyring
// for SecretWhere and SecretPlace.
type SecretsLocator interface {
	// Where tells where a session's secret lives, never what it is.
	Where(lang, sessionID, name string) string
	// Place names the store, for messages.
	Place(lang string) string
}

// SecretWhere tells the user where s keeps the secret name of a session.
func SecretWhere(s Secrets, lang, sessionID, name string) string {
	if l, ok := s.(SecretsLocator); ok {
		return l.Where(lang, sessionID, name)
	}
	if isNorwegian(lang) {
		return fmt.Sprintf("OS-nøkkelringen, oppføring %s / %s", KeyringService, Account(sessionID, name))
	}
	return fmt.Sprintf("OS keyring, entry %s / %s", KeyringService, Account(sessionID, name))
}

// SecretPlace names where s keeps secrets: "the OS keyring", or the file.
func SecretPlace(s Secrets, lang string) string {
	if l, ok := s.(SecretsLocator); ok {
		return l.Place(lang)
	}
	if isNorwegian(lang) {
		return "OS-nøkkelringen"
	}
	return "the OS keyring"
}
