package atomicfile

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

// TightenFile makes the regular file at path no looser than want, if the
// file is the user's own, and reports whether it changed anything. It
// never follows a symbolic link: a link, a folder, a FIFO or device, or a
// file that belongs to someone else is left exactly as it is, and the
// returned notice names it.
func TightenFile(path string, want fs.FileMode) (fixed bool, left *Notice, err error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return false, nil, err
	}
	if n := notOurs(path, fi); n != nil {
		return false, n, nil
	}
	if fi.Mode().Perm()&^want == 0 {
		return false, nil, nil
	}
	return tighten(path, want)
}

// notOurs says why the entry fi at path is not a file the program may
// change, or nil when it is a regular file of the user's.
func notOurs(path string, fi fs.FileInfo) *Notice {
	if !fi.Mode().IsRegular() {
		en, nb := safefile.DescribeMode(fi.Mode())
		return &Notice{
			Path: path,
			NB:   fmt.Sprintf("%s er %s, ikke en øktfil; programmet lar den være som den er (det følger ikke lenker og endrer ikke andres filer i sine egne mapper)", path, nb),
			EN:   fmt.Sprintf("%s is %s, not a session file; the program leaves it as it is (it follows no links and changes no one else's files in its own folders)", path, en),
		}
	}
	if uid, ok := ownerOf(fi); ok && !isMe(uid) {
		return &Notice{
			Path: path,
			NB:   fmt.Sprintf("%s tilhører en annen bruker (uid %d); programmet lar den være som den er", path, uid),
			EN:   fmt.Sprintf("%s belongs to another user (uid %d); the program leaves it as it is", path, uid),
		}
	}
	return nil
}

// Owned reports whether fi (from Lstat) is a regular file or folder, not a
// link, that belongs to the user running the program. On Windows every
// file the user can see counts as theirs.
func Owned(fi fs.FileInfo) bool {
	if fi.Mode()&fs.ModeSymlink != 0 || !(fi.Mode().IsRegular() || fi.IsDir()) {
		return false
	}
	uid, ok := ownerOf(fi)
	return !ok || isMe(uid)
}
