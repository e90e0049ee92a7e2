//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package store

import (
	"errors"
	"io/fs"
	"os"

	"github.com/gofrs/flock"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
)

// On Windows (and the rarer Unixes without flock) gofrs/flock takes the
// lock. Go has no O_NOFOLLOW there, so the name is checked with Lstat
// before and after the lock is taken (symbolic links on Windows need
// administrator rights or developer mode to make). The holder line is not
// written: Windows locks the region against writes through other handles.
type flockLock struct{ fl *flock.Flock }

func tryLock(p string) (lockHandle, bool, error) {
	if fi, err := os.Lstat(p); err == nil {
		if err := linkOrOddFile(p, fi); err != nil {
			return nil, false, err
		}
	}
	fl := flock.New(p, flock.SetPermissions(atomicfile.FileMode))
	ok, err := fl.TryLock()
	if err != nil || !ok {
		return nil, false, err
	}
	if fi, err := os.Lstat(p); err != nil || linkOrOddFile(p, fi) != nil {
		fl.Unlock()
		if err == nil {
			err = linkOrOddFile(p, fi)
		}
		return nil, false, err
	}
	return flockLock{fl}, true, nil
}

func lockHeld(p string) bool {
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if err != nil || linkOrOddFile(p, fi) != nil {
		return true
	}
	fl := flock.New(p, flock.SetPermissions(atomicfile.FileMode))
	ok, err := fl.TryLock()
	if err != nil || !ok {
		return true
	}
	fl.Unlock()
	return false
}

func (flockLock) writeHolder(string) {}

func (l flockLock) unlock() error { return l.fl.Unlock() }

func ownerUID(fs.FileInfo) int { return -1 }
