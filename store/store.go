// Package store keeps sessions on disk and secrets in the OS keyring. It
// knows files and the keyring and nothing of the UI.
//
// One JSON file per session lives in <data dir>/sessions/<id>.json. Writes
// are atomic (temporary file, fsync, rename, folder fsync), files are 0600
// and folders 0700, and a lock file per session keeps a second process from
// overwriting a session another one has open.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// EnvHome names the data folder, like --data-dir.
const EnvHome = "ALTINN_ONBOARD_HOME"

// MaxNameLength is the longest session name accepted, in characters.
const MaxNameLength = 80

// DefaultDataDir is the data folder when neither --data-dir nor
// ALTINN_ONBOARD_HOME is given: XDG on Linux and BSD, Application Support
// on macOS, %LocalAppData% on Windows.
func DefaultDataDir() (string, error) {
	if d := os.Getenv(EnvHome); d != "" {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "altinn-onboard"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", &FolderError{Op: "find", Err: err}
		}
		return filepath.Join(home, "Library", "Application Support", "altinn-onboard"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "altinn-onboard"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", &FolderError{Op: "find", Err: err}
	}
	return filepath.Join(home, ".local", "share", "altinn-onboard"), nil
}

// Store is the folder of saved sessions.
type Store struct {
	dataDir string
	dir     string // <dataDir>/sessions
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Notices are things the user should know that are not errors, such
	// as a data folder others can read, permissions that were tightened
	// or entries in sessions/ that were left alone, in both languages.
	Notices []atomicfile.Notice
	// Defaults, when set, gives every session Create makes its first
	// answers (the user's profile) before it is first saved; an error
	// stops the creation. It must fill only what the session lacks.
	Defaults func(*session.Session) error

	// beforeLock runs between resolving a reference and taking its lock
	// (tests: another process writes then).
	beforeLock func(id string)
}

// MaxSessionFileSize is the largest session file read. A session is a few
// KiB of answers; 16 MiB leaves room for any real one while a stray
// gigabyte file costs nothing.
const MaxSessionFileSize = 16 << 20

// leftoverAge is how old a temporary file of an interrupted save must be
// before it is removed: a save takes milliseconds.
const leftoverAge = time.Minute

// Open prepares the data folder. Folders it creates are 0700. A data
// folder that exists already keeps its mode (the user may have chosen it,
// or shared it on purpose): when others can read it, Notices says so and
// how to fix it. Session and lock files of the user's own are tightened to
// 0600 without following links; anything else in sessions/ (links, FIFOs,
// folders, other users' files) is left alone and named in Notices.
// Temporary files of saves that a dead process left behind are removed.
func Open(dataDir string) (*Store, error) { return open(dataDir, true) }

// OpenExisting opens the data folder for commands that only read (listing,
// exporting, shell completion): it creates nothing. A data folder or
// sessions/ that does not exist is a store without sessions. Do not save
// through it.
func OpenExisting(dataDir string) (*Store, error) { return open(dataDir, false) }

func open(dataDir string, create bool) (*Store, error) {
	if dataDir == "" {
		return nil, errors.New("no data folder given")
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, fmt.Errorf("data folder %s: %w", dataDir, err)
	}
	s := &Store{dataDir: abs, dir: filepath.Join(abs, "sessions"), Now: time.Now}
	dataCreated := false
	if create {
		var err error
		if dataCreated, err = atomicfile.MakeDir(s.dataDir); err != nil {
			return nil, err
		}
		if _, err := atomicfile.MakeDir(s.dir); err != nil {
			return nil, err
		}
	} else if _, err := os.Stat(s.dir); errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	// Others can see into sessions/ only through the data folder, so a
	// loose sessions/ matters only below a loose data folder.
	if !dataCreated {
		if n := atomicfile.LooseDir(s.dataDir); n != nil {
			s.Notices = append(s.Notices, *n)
			if n := atomicfile.LooseDir(s.dir); n != nil {
				s.Notices = append(s.Notices, *n)
			}
		}
	}
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, &FolderError{Op: "read", Path: s.dir, Err: err}
	}
	for _, e := range entries {
		p := filepath.Join(s.dir, e.Name())
		if strings.HasPrefix(e.Name(), ".") {
			s.removeLeftover(e)
			continue
		}
		fixed, left, err := atomicfile.TightenFile(p, atomicfile.FileMode)
		switch {
		case err != nil:
			// Reading it will fail with a clearer message; nothing to
			// add here.
		case left != nil:
			s.Notices = append(s.Notices, *left)
		case fixed:
			s.Notices = append(s.Notices, atomicfile.Notice{
				Path: p,
				NB:   fmt.Sprintf("strammet inn tilgangen til %s til 0600 (bare du kan lese den)", p),
				EN:   fmt.Sprintf("tightened permissions of %s to 0600 (only you can read it)", p),
			})
		}
	}
	return s, nil
}

// removeLeftover removes the temporary file of a save that was
// interrupted (".<id>.json.tmp-*", see atomicfile.WriteFile): only a regular
// file of the user's, never through a link, only when no process holds
// that session's lock, and only once it is old enough that no save can
// still be writing it.
func (s *Store) removeLeftover(e fs.DirEntry) {
	name := e.Name()
	i := strings.Index(name, ".json.tmp-")
	if i < 0 || !validID(name[1:i]) {
		return
	}
	p := filepath.Join(s.dir, name)
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || !atomicfile.Owned(fi) || s.Now().Sub(fi.ModTime()) < leftoverAge {
		return
	}
	if lockHeld(s.lockPath(name[1:i])) {
		return
	}
	os.Remove(p)
}

// DataDir is the data folder.
func (s *Store) DataDir() string { return s.dataDir }

// SessionsDir is the folder holding the session files.
func (s *Store) SessionsDir() string { return s.dir }

// Path is the file of the session with the given ID.
func (s *Store) Path(id string) string { return filepath.Join(s.dir, id+".json") }

// Summary is one line of the session list. How far a session is, is its
// track's to say from StepStates (the store knows no order of steps).
type Summary struct {
	ID        string
	Name      string
	Vendor    string
	OrgNumber string
	System    string
	// Track is the ID of the track the session follows.
	Track string
	// StepStates are the statuses of the session's steps, by step ID.
	StepStates map[string]session.StepState
	UpdatedAt  time.Time
	Path       string
	// Locked says who has the session open (another process, or this
	// one), or is nil when nobody does.
	Locked *LockedError
}

func summarize(sess *session.Session, path string) Summary {
	return Summary{
		ID:         sess.ID,
		Name:       sess.Name,
		Vendor:     sess.Answers.Vendor.Name,
		OrgNumber:  sess.Answers.Vendor.OrgNumber,
		System:     sess.Answers.System.Name,
		Track:      sess.Track,
		StepStates: sess.Steps,
		UpdatedAt:  sess.UpdatedAt,
		Path:       path,
	}
}

// List returns the sessions that can be read, newest first, and a
// FileError for each file that cannot: one bad file never hides the rest.
func (s *Store) List() ([]Summary, []*FileError, error) {
	all, bad, err := s.loadAll()
	if err != nil {
		return nil, nil, err
	}
	out := make([]Summary, 0, len(all))
	for _, l := range all {
		sum := summarize(l.sess, l.path)
		sum.Locked = s.lockedBy(l.sess.ID, l.sess.Name)
		out = append(out, sum)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].UpdatedAt.Equal(out[j].UpdatedAt) {
			return out[i].UpdatedAt.After(out[j].UpdatedAt)
		}
		return out[i].Name < out[j].Name
	})
	return out, bad, nil
}

type loaded struct {
	sess *session.Session
	path string
}

func (s *Store) loadAll() ([]loaded, []*FileError, error) {
	entries, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil // OpenExisting of a folder that is not there
	}
	if err != nil {
		return nil, nil, &FolderError{Op: "read", Path: s.dir, Err: err}
	}
	var good []loaded
	var bad []*FileError
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") {
			continue
		}
		p := filepath.Join(s.dir, name)
		sess, err := readFile(p)
		if err != nil {
			var fe *FileError
			if errors.As(err, &fe) {
				bad = append(bad, fe)
				continue
			}
			return nil, nil, err
		}
		good = append(good, loaded{sess, p})
	}
	return good, bad, nil
}

// readFile reads a session file: never through a link, never a FIFO or
// device, never more than MaxSessionFileSize, never text that is not valid
// UTF-8. A file that fails any of these is kept and named in a FileError.
func readFile(path string) (*session.Session, error) {
	data, err := safefile.ReadNoFollow(path, MaxSessionFileSize)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	sess, err := session.Decode(data)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if want := strings.TrimSuffix(filepath.Base(path), ".json"); sess.ID != want {
		return nil, &FileError{Path: path, Err: &idMismatchError{id: sess.ID}}
	}
	return sess, nil
}

// Resolve finds the session a user means by ref: an exact ID, a name
// (case-insensitive) or a unique ID prefix of at least 4 characters.
// Unreadable files are skipped, except when ref names one exactly, in which
// case its FileError is returned.
func (s *Store) Resolve(ref string) (*session.Session, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, &NotFoundError{Ref: ref}
	}
	if validID(ref) {
		p := s.Path(ref)
		if _, err := os.Lstat(p); err == nil {
			return readFile(p)
		}
	}
	all, bad, err := s.loadAll()
	if err != nil {
		return nil, err
	}
	var byName, byPrefix []*session.Session
	for _, l := range all {
		if strings.EqualFold(l.sess.Name, ref) {
			byName = append(byName, l.sess)
		}
		if len(ref) >= 4 && strings.HasPrefix(l.sess.ID, strings.ToLower(ref)) {
			byPrefix = append(byPrefix, l.sess)
		}
	}
	for _, m := range [][]*session.Session{byName, byPrefix} {
		switch len(m) {
		case 0:
			continue
		case 1:
			return m[0], nil
		default:
			ids := make([]string, len(m))
			for i, x := range m {
				ids[i] = x.ID
			}
			return nil, &AmbiguousError{Ref: ref, Matches: ids}
		}
	}
	if len(bad) > 0 {
		paths := make([]string, len(bad))
		for i, b := range bad {
			paths[i] = b.Path
		}
		return nil, &NotFoundError{Ref: ref, Unreadable: paths}
	}
	return nil, &NotFoundError{Ref: ref}
}

// Load reads the session with the given ID.
func (s *Store) Load(id string) (*session.Session, error) {
	if !validID(id) {
		return nil, &NotFoundError{Ref: id}
	}
	p := s.Path(id)
	if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
		return nil, &NotFoundError{Ref: id}
	}
	return readFile(p)
}

// OpenLocked finds the session ref names (as Resolve), takes its lock and
// reads its file again under the lock. Anything that changes a session
// must start here: a copy read before the lock was taken may miss what
// the previous holder saved (a secret reference, say) and saving it would
// lose that. The caller releases the lock.
func (s *Store) OpenLocked(ref string) (*session.Session, *Lock, error) {
	sess, err := s.Resolve(ref)
	if err != nil {
		return nil, nil, err
	}
	return s.lockAndLoad(sess.ID, sess.Name)
}

// LoadLocked is OpenLocked for a session ID.
func (s *Store) LoadLocked(id string) (*session.Session, *Lock, error) {
	sess, err := s.Load(id)
	if err != nil {
		return nil, nil, err
	}
	return s.lockAndLoad(sess.ID, sess.Name)
}

func (s *Store) lockAndLoad(id, name string) (*session.Session, *Lock, error) {
	if s.beforeLock != nil {
		s.beforeLock(id)
	}
	lock, err := s.lock(id, name)
	if err != nil {
		return nil, nil, err
	}
	sess, err := s.Load(id)
	if err != nil {
		lock.Release()
		return nil, nil, err
	}
	return sess, lock, nil
}

// CheckName says what is wrong with a session name, if anything.
func CheckName(name string) error {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		return &NameError{Kind: "empty"}
	case !utf8.ValidString(n):
		return &NameError{Kind: "utf8"}
	case utf8.RuneCountInString(n) > MaxNameLength:
		return &NameError{Kind: "long"}
	}
	for _, r := range n {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return &NameError{Kind: "control"}
		}
	}
	return nil
}

func (s *Store) nameTaken(name, exceptID string) (bool, error) {
	all, _, err := s.loadAll()
	if err != nil {
		return false, err
	}
	for _, l := range all {
		if l.sess.ID != exceptID && strings.EqualFold(l.sess.Name, strings.TrimSpace(name)) {
			return true, nil
		}
	}
	return false, nil
}

// Create makes and saves a new, empty session that follows the given
// track (an ID the program knows; the store does not check it).
func (s *Store) Create(name, track string) (*session.Session, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	if track == "" {
		return nil, errors.New("creating a session: no track given (a program error)")
	}
	name = strings.TrimSpace(name)
	if taken, err := s.nameTaken(name, ""); err != nil {
		return nil, err
	} else if taken {
		return nil, &NameTakenError{Name: name}
	}
	sess := session.New(name, s.Now())
	sess.Track = track
	if s.Defaults != nil {
		if err := s.Defaults(sess); err != nil {
			return nil, err
		}
	}
	if err := s.saveNew(sess); err != nil {
		return nil, err
	}
	return sess, nil
}

// saveNew writes a session under an ID no file uses yet.
func (s *Store) saveNew(sess *session.Session) error {
	for i := 0; ; i++ {
		if _, err := os.Lstat(s.Path(sess.ID)); errors.Is(err, fs.ErrNotExist) {
			break
		}
		if i > 10 {
			return errors.New("could not find a free session ID")
		}
		sess.ID = session.NewID()
	}
	return s.Save(sess)
}

// Save writes the session atomically and stamps UpdatedAt. The caller
// should hold the session's Lock.
func (s *Store) Save(sess *session.Session) error {
	if !validID(sess.ID) {
		return fmt.Errorf("session %q has an invalid id %q", sess.Name, sess.ID)
	}
	sess.UpdatedAt = s.Now().UTC()
	data, err := session.Encode(sess)
	if err != nil {
		return fmt.Errorf("encoding session %q: %w", sess.Name, err)
	}
	return s.SaveSnapshot(sess.ID, data)
}

// Rename gives a session a new name. The session is read under its lock,
// so nothing another process saved just before is lost.
func (s *Store) Rename(ref, newName string) (*session.Session, error) {
	if err := CheckName(newName); err != nil {
		return nil, err
	}
	newName = strings.TrimSpace(newName)
	sess, lock, err := s.OpenLocked(ref)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	if taken, err := s.nameTaken(newName, sess.ID); err != nil {
		return nil, err
	} else if taken {
		return nil, &NameTakenError{Name: newName}
	}
	sess.Name = newName
	return sess, s.Save(sess)
}

// Delete removes a session's file after deleting every secret of the
// session from the keyring: each of names (the secrets the session's
// track keeps), each the file refers to and, where the keyring can be
// searched, every other entry under the session's ID, whether or not the
// file refers to it (a kill between a keyring write and the save, or a
// restored file, leaves such orphans). The file is read again under the
// session's lock; only sess.ID and sess.Name are used.
//
// If the secrets cannot be deleted the file stays (SecretsLeftError).
// One case is let through: a session that refers to no secret on a
// machine that has no keyring at all (no D-Bus, no Secret Service) has
// nothing there to delete.
func (s *Store) Delete(sess *session.Session, secrets Secrets, names []string) error {
	fresh, lock, err := s.lockAndLoad(sess.ID, sess.Name)
	if err != nil {
		return err
	}
	defer lock.Release()
	if secrets == nil {
		if len(fresh.Secrets) > 0 {
			return &SecretsLeftError{Name: fresh.Name}
		}
	} else if err := secrets.DeleteAll(fresh.ID, secretNames(fresh, names)); err != nil {
		noKeyring := errors.Is(err, ErrNoDBus) || errors.Is(err, ErrNoSecretService)
		if len(fresh.Secrets) > 0 || !noKeyring {
			return &SecretsLeftError{Name: fresh.Name, Err: err}
		}
	}
	if err := os.Remove(s.Path(fresh.ID)); err != nil {
		return &FolderError{Op: "remove", Path: s.Path(fresh.ID), Err: err}
	}
	lock.removeFile = true
	return atomicfile.SyncDir(s.dir)
}

// secretNames are names and the names of the secrets sess refers to,
// each once. A reference with a malformed name (a hand-edited file)
// cannot be in the keyring under it; it is left out rather than let it
// stop the deletion.
func secretNames(sess *session.Session, names []string) []string {
	out := make([]string, 0, len(names)+len(sess.Secrets))
	seen := map[string]bool{}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, r := range sess.Secrets {
		if !seen[r.Name] && validSecretName(r.Name) {
			seen[r.Name] = true
			out = append(out, r.Name)
		}
	}
	return out
}

func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// SaveSnapshot writes a session already encoded with session.Encode.
// The UI encodes in its event loop (cheap, and a consistent copy) and
// writes here in the background.
func (s *Store) SaveSnapshot(id string, data []byte) error {
	if !validID(id) {
		return fmt.Errorf("invalid session id %q", id)
	}
	if _, err := atomicfile.MakeDir(s.dir); err != nil {
		return err
	}
	return atomicfile.WriteFile(s.Path(id), data)
}
