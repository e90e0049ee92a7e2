//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"syscall"
)

func ownerOf(fi fs.FileInfo) (uint32, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return st.Uid, true
}

func isMe(uid uint32) bool { return int(uid) == os.Geteuid() }

// tighten opens path without following a link (and without blocking,
// should it have become a FIFO since the Lstat), checks again on the open
// file that it is a regular file of ours, and changes the mode through the
// descriptor, so a link swapped in between is never followed.
func tighten(path string, want fs.FileMode) (bool, *Notice, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		if fi, lerr := os.Lstat(path); lerr == nil {
			if n := notOurs(path, fi); n != nil {
				return false, n, nil
			}
		}
		return false, nil, &Error{Op: "chmod", Path: path, Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false, nil, &Error{Op: "chmod", Path: path, Err: err}
	}
	if n := notOurs(path, fi); n != nil {
		return false, n, nil
	}
	perm := fi.Mode().Perm()
	if perm&^want == 0 {
		return false, nil, nil
	}
	if err := f.Chmod(perm & want); err != nil {
		return false, nil, &Error{Op: "chmod", Path: path, Err: err}
	}
	return true, nil, nil
}
