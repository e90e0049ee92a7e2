//go:build unix

package safefile

import (
	"errors"
	"os"
	"syscall"
)

// openFile opens without blocking on a FIFO that has no writer (the mode
// is checked right after), and with O_NOFOLLOW when asked.
func openFile(path string, noFollow bool) (*os.File, error) {
	flags := os.O_RDONLY | syscall.O_NONBLOCK
	if noFollow {
		flags |= syscall.O_NOFOLLOW
	}
	return os.OpenFile(path, flags, 0)
}

// isLinkRefusal: O_NOFOLLOW on a link fails with ELOOP (EMLINK on some BSDs).
func isLinkRefusal(err error) bool {
	return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK)
}

// clearNonblock puts a regular file back in blocking mode; for regular
// files O_NONBLOCK changes nothing, but the Go runtime should not poll it.
func clearNonblock(f *os.File) error {
	return syscall.SetNonblock(int(f.Fd()), false)
}
