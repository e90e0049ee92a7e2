//go:build !unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
)

var errLink = errors.New("symbolic link")

// openFile checks the mode before opening (Windows has no FIFOs that
// block an open the way Unix ones do).
func openFile(path string, noFollow bool) (*os.File, error) {
	if noFollow {
		if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, errLink
		}
	}
	return os.Open(path)
}

func isLinkRefusal(err error) bool { return errors.Is(err, errLink) }

func clearNonblock(*os.File) error { return nil }
