// Package atomic writes files so that a crash at any moment leaves either
// the old or the new content, never a torn file, and with private modes:
// every file the program writes may hold personal data.
package atomic

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
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
		return fmt.Errorf("writing %s: %w", path, err)
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
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
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
		return fmt.Errorf("syncing folder %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing folder %s: %w", dir, err)
	}
	return nil
}

// EnsureDir creates dir (and parents) with DirMode. When dir already
// exists with looser permissions it tightens them and reports fixed=true
// so the caller can tell the user.
func EnsureDir(dir string) (fixed bool, err error) {
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return false, fmt.Errorf("creating folder %s: %w", dir, err)
	}
	return FixMode(dir, DirMode)
}

// FixMode tightens path's permission bits to want if they are looser,
// reporting whether it changed anything.
func FixMode(path string, want os.FileMode) (fixed bool, err error) {
	if runtime.GOOS == "windows" {
		return false, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	if fi.Mode().Perm()&^want == 0 {
		return false, nil
	}
	if err := os.Chmod(path, want); err != nil {
		return false, fmt.Errorf("tightening permissions of %s: %w", path, err)
	}
	return true, nil
}
