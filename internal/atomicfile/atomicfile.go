// Package atomicfile writes files so that a crash at any moment leaves either
// the old or the new content, never a torn file, and with private modes:
// every file the program writes may hold personal data.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// FileMode and DirMode are the modes of every file and folder the program
// writes: personal data, readable by the owner only.
const (
	FileMode os.FileMode = 0o600
	DirMode  os.FileMode = 0o700
)

// WriteFile writes data to path through a temporary file in the same
// folder: write, fsync, chmod, rename over path, fsync the folder.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return &Error{Op: "write", Path: path, Err: err}
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if err := tmp.Chmod(FileMode); err != nil && runtime.GOOS != "windows" {
		return &Error{Op: "write", Path: path, Err: err}
	}
	if _, err := tmp.Write(data); err != nil {
		return &Error{Op: "write", Path: path, Err: err}
	}
	if err := tmp.Sync(); err != nil {
		return &Error{Op: "write", Path: path, Err: err}
	}
	if err := tmp.Close(); err != nil {
		return &Error{Op: "write", Path: path, Err: err}
	}
	if err := os.Rename(tmpName, path); err != nil {
		return &Error{Op: "write", Path: path, Err: err}
	}
	ok = true
	return SyncDir(dir)
}

// SyncDir fsyncs a folder so a rename in it survives a crash. Windows
// cannot open folders for syncing; there the rename is already durable
// enough for our purpose.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return &Error{Op: "sync", Path: dir, Err: err}
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return &Error{Op: "sync", Path: dir, Err: err}
	}
	return nil
}

// MakeDir creates dir, and every missing folder above it, with DirMode
// (0700), and reports whether dir itself was created. A folder that exists
// already keeps its mode: the program never changes the mode of a folder it
// did not create (a shared folder's sticky bit, a project folder the user
// chose, the current folder). LooseDir says whether such a folder can be
// read by others.
func MakeDir(dir string) (created bool, err error) {
	dir = filepath.Clean(dir)
	fi, err := os.Stat(dir)
	if err == nil {
		if !fi.IsDir() {
			return false, &Error{Op: "mkdir", Path: dir, Err: errNotAFolder}
		}
		return false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return false, &Error{Op: "mkdir", Path: dir, Err: err}
	}
	if parent := filepath.Dir(dir); parent != dir {
		if _, err := MakeDir(parent); err != nil {
			return false, err
		}
	}
	if err := os.Mkdir(dir, DirMode); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Made by someone else a moment ago: not ours to count.
			if fi, serr := os.Stat(dir); serr == nil && fi.IsDir() {
				return false, nil
			}
		}
		return false, &Error{Op: "mkdir", Path: dir, Err: err}
	}
	return true, nil
}

// LooseDir returns a notice when dir, a folder the program did not create,
// can be read or entered by others than its owner; nil when it is private,
// missing, or on Windows (where modes say little).
func LooseDir(dir string) *Notice {
	if runtime.GOOS == "windows" {
		return nil
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	mode := fi.Mode().Perm()
	if fi.Mode()&fs.ModeSticky != 0 {
		mode |= 0o1000
	}
	return &Notice{
		Path: dir,
		NB: fmt.Sprintf("mappen %s kan leses av andre enn deg (modus %04o). Filene programmet skriver der er private (0600), men navnene kan sees. Programmet endrer ikke modusen til mapper det ikke har laget selv; skal bare du se mappen, kjør: chmod 700 %s",
			dir, mode, shellQuote(dir)),
		EN: fmt.Sprintf("folder %s can be read by others than you (mode %04o). The files the program writes there are private (0600), but their names can be seen. The program does not change the mode of folders it did not create; if only you should see the folder, run: chmod 700 %s",
			dir, mode, shellQuote(dir)),
	}
}

// MakePrivateDir is MakeDir for an output folder: it creates the folder
// 0700 when missing, and otherwise leaves it as it is and returns a
// notice when others can read it (see LooseDir).
func MakePrivateDir(dir string) (*Notice, error) {
	created, err := MakeDir(dir)
	if err != nil || created {
		return nil, err
	}
	return LooseDir(dir), nil
}

// Notice is something the user should know that is not an error, in
// Norwegian bokmål and English, about the file or folder at Path.
type Notice struct {
	Path   string
	NB, EN string
}

// Text is the notice in lang: English for "en", else Norwegian bokmål.
func (n Notice) Text(lang string) string {
	if lang == "en" {
		return n.EN
	}
	return n.NB
}

// String is the English text.
func (n Notice) String() string { return n.EN }

// shellQuote quotes a path for a command the user may copy.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
