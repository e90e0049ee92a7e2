package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gofrs/flock"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store/atomic"
)

// Lock is the hold one process has on one session. While it is held, a
// second process that tries to open the session gets a LockedError.
type Lock struct {
	fl         *flock.Flock
	path       string
	removeFile bool
}

// LockedError says which session is open elsewhere and who holds it.
type LockedError struct {
	Name, ID string
	// Holder describes the other process ("pid 1234 on host x"), or is
	// empty when the lock file did not say.
	Holder string
}

func (e *LockedError) Error() string {
	holder := e.Holder
	if holder == "" {
		holder = "another process"
	}
	return fmt.Sprintf("session %q is open in another altinn-onboard (%s): close it there first, or wait until it has finished", e.Name, holder)
}

func (s *Store) lockPath(id string) string { return filepath.Join(s.dir, id+".lock") }

// Lock takes the session's lock without waiting. The lock file records
// the holder's PID and host so a refused process can name it.
func (s *Store) Lock(sess *session.Session) (*Lock, error) {
	if !validID(sess.ID) {
		return nil, fmt.Errorf("session %q has an invalid id %q", sess.Name, sess.ID)
	}
	if _, err := atomic.MakeDir(s.dir); err != nil {
		return nil, err
	}
	p := s.lockPath(sess.ID)
	fl := flock.New(p, flock.SetPermissions(atomic.FileMode))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("locking session %q (%s): %w", sess.Name, p, err)
	}
	if !ok {
		return nil, &LockedError{Name: sess.Name, ID: sess.ID, Holder: readHolder(p)}
	}
	host, _ := os.Hostname()
	// Written through the locked file itself: on Windows the region is
	// locked against other handles.
	if f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, atomic.FileMode); err == nil {
		fmt.Fprintf(f, "pid %d on host %s\n", os.Getpid(), host)
		f.Close()
	}
	return &Lock{fl: fl, path: p}, nil
}

func readHolder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	line := strings.TrimSpace(string(b))
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	// Only trust what looks like what we write.
	f := strings.Fields(line)
	if len(f) != 5 || f[0] != "pid" || f[2] != "on" || f[3] != "host" {
		return ""
	}
	if _, err := strconv.Atoi(f[1]); err != nil {
		return ""
	}
	return line
}

// Release gives the lock back. Safe to call more than once.
func (l *Lock) Release() error {
	if l == nil || l.fl == nil {
		return nil
	}
	if l.removeFile {
		os.Remove(l.path)
	} else if f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_TRUNC, atomic.FileMode); err == nil {
		f.Close()
	}
	err := l.fl.Unlock()
	l.fl = nil
	return err
}
