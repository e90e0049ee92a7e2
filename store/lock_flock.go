//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
)

// fileLock is a lock file opened by this package itself rather than by a
// locking library, so that it is opened with O_NOFOLLOW (a link in its
// place is refused, its target never created, truncated or written), its
// kind and owner are checked on the open descriptor, and the holder line is
// written through that same descriptor.
type fileLock struct{ f *os.File }

func tryLock(p string) (lockHandle, bool, error) {
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, atomicfile.FileMode)
		if err != nil {
			if errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK) {
				return nil, false, &LockFileError{Path: p, Mode: fs.ModeSymlink, UID: -1}
			}
			if fi, lerr := os.Lstat(p); lerr == nil {
				if lerr := linkOrOddFile(p, fi); lerr != nil {
					return nil, false, lerr
				}
			}
			return nil, false, err
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, false, err
		}
		if err := linkOrOddFile(p, fi); err != nil {
			f.Close()
			return nil, false, err
		}
		if err := syscall.SetNonblock(int(f.Fd()), false); err != nil {
			f.Close()
			return nil, false, err
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, false, nil
		}
		if err != nil {
			f.Close()
			return nil, false, fmt.Errorf("flock: %w", err)
		}
		// The holder that deletes a session removes the lock file while
		// holding it; a process that opened the old file just before
		// then holds a lock nobody else will see. Make sure the name
		// still leads to the file that is locked.
		if now, err := os.Lstat(p); err == nil && os.SameFile(fi, now) {
			return fileLock{f}, true, nil
		}
		f.Close()
		if attempt >= 3 {
			return nil, false, errors.New("the lock file keeps changing")
		}
	}
}

// lockHeld reports whether some process holds the lock at p, without
// creating the file or following a link.
func lockHeld(p string) bool {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		// Missing: nobody holds it. A link or something odd: treat it as
		// held, so nothing is cleaned up on its account.
		return !errors.Is(err, fs.ErrNotExist)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return true
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

func (l fileLock) writeHolder(text string) {
	if l.f.Truncate(0) == nil && text != "" {
		l.f.WriteAt([]byte(text), 0)
	}
}

func (l fileLock) unlock() error {
	err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func ownerUID(fi fs.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid)
	}
	return -1
}
