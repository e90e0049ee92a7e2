package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// Lock is the hold one process has on one session. While it is held, a
// second process that tries to open the session gets a LockedError.
//
// The lock file <id>.lock is opened without following a symbolic link
// (see lock_flock.go): a link there is refused with a LockFileError, and
// neither the link nor what it points to is touched.
type Lock struct {
	h          lockHandle
	path       string
	removeFile bool
}

// LockedError says which session is open elsewhere and who holds it.
type LockedError struct {
	Name, ID string
	// Holder describes the other process ("pid 1234 on host x"), or is
	// empty when the lock file did not say.
	Holder string
	// Since is when the holder took the lock (zero when the lock file
	// did not say: an older version wrote none).
	Since time.Time
}

func (e *LockedError) Error() string { return e.Text("en") }

// Text is the message in lang (see Localized).
func (e *LockedError) Text(lang string) string {
	return fmt.Sprintf(tr(lang, "økten «%s» er åpen i en annen altinn-onboard (%s): lukk den der først, eller vent til den er ferdig",
		"session %q is open in another altinn-onboard (%s): close it there first, or wait until it has finished"), e.Name, e.Who(lang))
}

// Who is the holder in lang: which process, on which machine, since when
// ("pid 1234 på maskinen x, siden 30.11.2026 16:20").
func (e *LockedError) Who(lang string) string {
	holder := e.Holder
	switch {
	case holder == "":
		holder = tr(lang, "en annen prosess", "another process")
	case isNorwegian(lang):
		holder = strings.NewReplacer("on host", "på maskinen").Replace(holder)
	}
	if !e.Since.IsZero() {
		holder += tr(lang, ", siden ", ", since ") + e.Since.Local().Format("02.01.2006 15:04")
	}
	return holder
}

// LockFileError is a lock file the program will not use: a symbolic link,
// a FIFO, a folder or a file of another user in its place. It is left
// exactly as it is.
type LockFileError struct {
	Name string // the session's name
	Path string
	Mode fs.FileMode // what was found (fs.ModeSymlink for a link)
	UID  int         // the owner, when the file belongs to someone else; else -1
	Err  error       // the cause, for other failures
}

func (e *LockFileError) Error() string { return e.Text("en") }

func (e *LockFileError) Unwrap() error { return e.Err }

// Text is the message in lang (see Localized).
func (e *LockFileError) Text(lang string) string {
	nb := isNorwegian(lang)
	switch {
	case e.Mode&fs.ModeSymlink != 0:
		if nb {
			return fmt.Sprintf("låsefilen %s for økten «%s» er en symbolsk lenke. Programmet følger ikke lenker i sine egne mapper, og verken lenken eller det den peker på er rørt: fjern lenken (rm %s) og prøv igjen", e.Path, e.Name, e.Path)
		}
		return fmt.Sprintf("the lock file %s of session %q is a symbolic link. The program follows no links in its own folders, and neither the link nor what it points to was touched: remove the link (rm %s) and try again", e.Path, e.Name, e.Path)
	case e.UID >= 0:
		if nb {
			return fmt.Sprintf("låsefilen %s for økten «%s» tilhører en annen bruker (uid %d) og er ikke rørt: fjern den og prøv igjen", e.Path, e.Name, e.UID)
		}
		return fmt.Sprintf("the lock file %s of session %q belongs to another user (uid %d) and was not touched: remove it and try again", e.Path, e.Name, e.UID)
	case e.Mode != 0 && !e.Mode.IsRegular():
		en, nbWhat := safefile.DescribeMode(e.Mode)
		if nb {
			return fmt.Sprintf("låsefilen %s for økten «%s» er %s, ikke en vanlig fil, og er ikke rørt: fjern den og prøv igjen", e.Path, e.Name, nbWhat)
		}
		return fmt.Sprintf("the lock file %s of session %q is %s, not a regular file, and was not touched: remove it and try again", e.Path, e.Name, en)
	}
	if nb {
		return fmt.Sprintf("kunne ikke låse økten «%s» (%s): %v", e.Name, e.Path, e.Err)
	}
	return fmt.Sprintf("locking session %q (%s): %v", e.Name, e.Path, e.Err)
}

func (s *Store) lockPath(id string) string { return filepath.Join(s.dir, id+".lock") }

// Lock takes the session's lock without waiting. The lock file records
// the holder's PID and host so a refused process can name it.
//
// A session read before its lock was taken may be stale: to change a
// session, use OpenLocked (or LoadLocked), which read it under the lock.
func (s *Store) Lock(sess *session.Session) (*Lock, error) {
	return s.lock(sess.ID, sess.Name)
}

func (s *Store) lock(id, name string) (*Lock, error) {
	if !validID(id) {
		return nil, fmt.Errorf("session %q has an invalid id %q", name, id)
	}
	if _, err := atomicfile.MakeDir(s.dir); err != nil {
		return nil, err
	}
	p := s.lockPath(id)
	h, ok, err := tryLock(p)
	if err != nil {
		var le *LockFileError
		if errors.As(err, &le) {
			le.Name = name
			return nil, le
		}
		return nil, &LockFileError{Name: name, Path: p, UID: -1, Err: err}
	}
	if !ok {
		return nil, lockedError(id, name, p)
	}
	host, _ := os.Hostname()
	h.writeHolder(fmt.Sprintf("pid %d on host %s since %s\n", os.Getpid(), host, s.Now().UTC().Format(time.RFC3339)))
	return &Lock{h: h, path: p}, nil
}

func lockedError(id, name, path string) *LockedError {
	holder, since := readHolder(path)
	return &LockedError{Name: name, ID: id, Holder: holder, Since: since}
}

// LockedBy says who holds the session's lock (a LockedError), or nil when
// nobody does. It takes no lock, creates no file and follows no link; a
// lock file that is a link or something odd counts as held.
func (s *Store) LockedBy(sess *session.Session) *LockedError {
	return s.lockedBy(sess.ID, sess.Name)
}

func (s *Store) lockedBy(id, name string) *LockedError {
	if !validID(id) {
		return nil
	}
	p := s.lockPath(id)
	if !lockHeld(p) {
		return nil
	}
	return lockedError(id, name, p)
}

// readHolder reads who holds a lock ("pid 1234 on host x") and since when,
// never through a link, never more than a line's worth, and never
// blocking on a FIFO.
func readHolder(path string) (string, time.Time) {
	b, err := safefile.ReadNoFollow(path, 512)
	if err != nil {
		return "", time.Time{}
	}
	line := strings.TrimSpace(string(b))
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	// Only trust what looks like what we write: "pid N on host H", and
	// now " since TIME" after it.
	f := strings.Fields(line)
	if (len(f) != 5 && len(f) != 7) || f[0] != "pid" || f[2] != "on" || f[3] != "host" {
		return "", time.Time{}
	}
	if _, err := strconv.Atoi(f[1]); err != nil {
		return "", time.Time{}
	}
	var since time.Time
	if len(f) == 7 {
		t, err := time.Parse(time.RFC3339, f[6])
		if f[5] != "since" || err != nil {
			return "", time.Time{}
		}
		since = t
	}
	return strings.Join(f[:5], " "), since
}

// Release gives the lock back. Safe to call more than once.
func (l *Lock) Release() error {
	if l == nil || l.h == nil {
		return nil
	}
	if l.removeFile {
		// Removing a name never follows a link; and a file of ours
		// that is removed while locked cannot be mistaken for the lock
		// by the next process (tryLock checks the name still leads to
		// the file it locked).
		os.Remove(l.path)
	} else {
		l.h.writeHolder("")
	}
	err := l.h.unlock()
	l.h = nil
	return err
}

// lockHandle is a locked lock file (lock_flock.go, lock_other.go).
type lockHandle interface {
	// writeHolder replaces the file's content (best effort).
	writeHolder(text string)
	// unlock releases the lock and closes the file.
	unlock() error
}

// linkOrOddFile returns a LockFileError when the entry at p (from Lstat)
// is not a regular file of the user's.
func linkOrOddFile(p string, fi fs.FileInfo) error {
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return &LockFileError{Path: p, Mode: fs.ModeSymlink, UID: -1}
	case !fi.Mode().IsRegular():
		return &LockFileError{Path: p, Mode: fi.Mode(), UID: -1}
	case !atomicfile.Owned(fi):
		return &LockFileError{Path: p, Mode: fi.Mode(), UID: ownerUID(fi)}
	}
	return nil
}

// tr is nb in Norwegian, en otherwise.
func tr(lang, nb, en string) string {
	if isNorwegian(lang) {
		return nb
	}
	return en
}
