package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// File is one file for WriteFiles: a name inside the folder and its
// content.
type File struct {
	Name string
	Data []byte
}

// WriteFiles writes several files into one existing folder as WriteFile
// writes one: each goes through a temporary file in dir that is written,
// fsynced and renamed over its name, so a crash leaves the old or the new
// content of each, never a torn file; each is FileMode (0600). The
// renames happen only once every file is written and synced, so a
// failure before them (a full disk) leaves dir as it was; the folder is
// fsynced once after them.
//
// It costs less than WriteFile per file: the files are synced at the same
// time (the file system commits them together rather than one after the
// other) and the folder is synced once.
func WriteFiles(dir string, files []File) error {
	tmps := make([]*os.File, len(files))
	renamed := 0
	defer func() {
		for _, f := range tmps[renamed:] {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}()
	for _, file := range files {
		if file.Name == "" || file.Name == "." || file.Name == ".." || filepath.Base(file.Name) != file.Name {
			return fmt.Errorf("writing %q into %s: not a file name", file.Name, dir)
		}
	}
	for i, file := range files {
		tmp, err := os.CreateTemp(dir, "."+file.Name+".tmp-*")
		if err != nil {
			return &Error{Op: "write", Path: filepath.Join(dir, file.Name), Err: err}
		}
		tmps[i] = tmp
		if err := tmp.Chmod(FileMode); err != nil && runtime.GOOS != "windows" {
			return &Error{Op: "write", Path: filepath.Join(dir, file.Name), Err: err}
		}
		if _, err := tmp.Write(file.Data); err != nil {
			return &Error{Op: "write", Path: filepath.Join(dir, file.Name), Err: err}
		}
	}
	if i, err := syncAll(tmps); err != nil {
		return &Error{Op: "write", Path: filepath.Join(dir, files[i].Name), Err: err}
	}
	for i, tmp := range tmps {
		dst := filepath.Join(dir, files[i].Name)
		if err := tmp.Close(); err != nil {
			return &Error{Op: "write", Path: dst, Err: err}
		}
		if err := os.Rename(tmp.Name(), dst); err != nil {
			return &Error{Op: "write", Path: dst, Err: err}
		}
		renamed = i + 1
	}
	return SyncDir(dir)
}

// syncAll fsyncs the files, each on its own goroutine: the waits for the
// disk overlap. It returns the first error and the index of its file.
func syncAll(files []*os.File) (int, error) {
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f.Sync()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return i, err
		}
	}
	return 0, nil
}
