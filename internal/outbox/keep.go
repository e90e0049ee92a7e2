package outbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/mail"
)

// KeepFolder is the folder, next to the .eml, that holds the copies of
// what was sent.
const KeepFolder = "sendt"

// keep writes exactly what was sent (the message without its draft mark)
// to a new file in dir (default: KeepFolder next to the .eml), named by
// the .eml and the UTC time of sending, so nothing is overwritten. The
// folder is made 0700 when missing; neither it nor the file may be a
// link.
func keep(d *Draft, dir string, at time.Time) (string, error) {
	if dir == "" {
		dir = filepath.Join(filepath.Dir(d.Path), KeepFolder)
	}
	fail := func(err error) (string, error) { return "", &Error{Kind: KindCopy, Path: dir, Err: err} }
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := atomicfile.MakeDir(dir); err != nil {
			return fail(err)
		}
		fi, err = os.Lstat(dir)
	}
	if err != nil {
		return fail(err)
	}
	if !fi.IsDir() {
		return fail(errNotFolder)
	}
	base := strings.TrimSuffix(filepath.Base(d.Path), filepath.Ext(d.Path))
	stamp := at.UTC().Format("20060102T150405Z")
	data := mail.WithoutDraftMark(d.Msg)
	for n := 1; n < 100; n++ {
		name := base + "-" + stamp + ".eml"
		if n > 1 {
			name = fmt.Sprintf("%s-%s-%d.eml", base, stamp, n)
		}
		path := filepath.Join(dir, name)
		err := writeNew(path, data)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", &Error{Kind: KindCopy, Path: path, Err: err}
		}
		return path, nil
	}
	return fail(fs.ErrExist)
}

// errNotFolder is a copies' folder that is a link or a file.
var errNotFolder = &localError{nb: "det er ikke en mappe (en lenke eller en fil har navnet); flytt den bort", en: "it is not a folder (a link or a file has the name); move it away"}

type localError struct{ nb, en string }

func (e *localError) Error() string { return e.en }
func (e *localError) Text(lang string) string {
	if lang == "en" {
		return e.en
	}
	return e.nb
}

// writeNew creates path, 0600, writes data and syncs it. O_EXCL never
// opens an existing file, nor follows a link in path's place. A failed
// write removes the file.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, atomicfile.FileMode)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		os.Remove(path)
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(path))
}
