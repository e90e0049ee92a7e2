// Package safefile reads the files the program is given (answers files,
// templates, session files, imports, certificates) through one door: a
// file that is not a regular file (a FIFO, a device, a socket, a folder)
// is refused at once instead of blocking or streaming for ever, and no
// more than a stated limit is read.
//
// Errors carry the file's path and a message in Norwegian bokmål and
// English (Text), and say what to do.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Kind says why a file was refused.
type Kind int

const (
	// KindOpen: the file could not be opened or read (missing, no access).
	KindOpen Kind = iota
	// KindNotRegular: a FIFO, device, socket or folder.
	KindNotRegular
	// KindTooLarge: larger than the limit.
	KindTooLarge
	// KindLink: a symbolic link where none is allowed (ReadNoFollow).
	KindLink
)

// Error is a file the program would not or could not read. The file is
// left as it is.
type Error struct {
	Path  string
	Kind  Kind
	Limit int64 // for KindTooLarge
	Mode  fs.FileMode
	Err   error // the cause, for KindOpen
}

func (e *Error) Unwrap() error { return e.Err }

// Error is the English text (logs, wrapped errors); Text gives either.
func (e *Error) Error() string { return e.Text("en") }

// Text is the message in lang: English for "en", else Norwegian bokmål.
func (e *Error) Text(lang string) string {
	en := lang == "en"
	switch e.Kind {
	case KindNotRegular:
		what, whatNB := describeMode(e.Mode)
		if en {
			return fmt.Sprintf("%s is %s, not a regular file: give the path of an ordinary file", e.Path, what)
		}
		return fmt.Sprintf("%s er %s, ikke en vanlig fil: oppgi stien til en vanlig fil", e.Path, whatNB)
	case KindTooLarge:
		if en {
			return fmt.Sprintf("%s is larger than %s, more than this kind of file can be: check that it is the right file", e.Path, Size(e.Limit))
		}
		return fmt.Sprintf("%s er større enn %s, mer enn en slik fil kan være: sjekk at det er riktig fil", e.Path, Size(e.Limit))
	case KindLink:
		if en {
			return fmt.Sprintf("%s is a symbolic link; the program does not follow links in its own folders: remove the link or replace it with the file itself", e.Path)
		}
		return fmt.Sprintf("%s er en symbolsk lenke; programmet følger ikke lenker i sine egne mapper: fjern lenken eller erstatt den med selve filen", e.Path)
	}
	cause := "?"
	if e.Err != nil {
		cause = e.Err.Error()
		var pe *fs.PathError
		if errors.As(e.Err, &pe) {
			cause = pe.Err.Error()
		}
	}
	switch {
	case errors.Is(e.Err, fs.ErrNotExist):
		if en {
			return fmt.Sprintf("%s does not exist: check the path", e.Path)
		}
		return fmt.Sprintf("%s finnes ikke: sjekk stien", e.Path)
	case errors.Is(e.Err, fs.ErrPermission):
		if en {
			return fmt.Sprintf("%s cannot be read: you do not have access to it", e.Path)
		}
		return fmt.Sprintf("%s kan ikke leses: du har ikke tilgang til den", e.Path)
	}
	if en {
		return fmt.Sprintf("%s cannot be read: %s", e.Path, cause)
	}
	return fmt.Sprintf("%s kan ikke leses: %s", e.Path, cause)
}

// DescribeMode names what a file that is not a regular file is, in English
// and Norwegian bokmål ("a named pipe (FIFO)", "et navngitt rør (FIFO)").
func DescribeMode(m fs.FileMode) (en, nb string) { return describeMode(m) }

func describeMode(m fs.FileMode) (en, nb string) {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)", "et navngitt rør (FIFO)"
	case m&fs.ModeDir != 0:
		return "a folder", "en mappe"
	case m&fs.ModeSocket != 0:
		return "a socket", "en socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device", "en enhet"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link", "en symbolsk lenke"
	}
	return "a special file", "en spesialfil"
}

// Size writes a byte count for people: 512 B, 64 KiB, 16 MiB.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// Read reads the regular file at path, following a symbolic link the user
// gave, and refuses anything else, or more than limit bytes, at once.
func Read(path string, limit int64) ([]byte, error) {
	return read(path, limit, false)
}

// ReadNoFollow is Read for files inside the program's own folders: a
// symbolic link there is refused (KindLink), never followed.
func ReadNoFollow(path string, limit int64) ([]byte, error) {
	return read(path, limit, true)
}

func read(path string, limit int64, noFollow bool) ([]byte, error) {
	f, err := Open(path, noFollow)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, path, limit)
}

// Open opens path for reading if it is a regular file (see Read); with
// noFollow a symbolic link is refused. The caller closes the file.
func Open(path string, noFollow bool) (*os.File, error) {
	f, err := openFile(path, noFollow)
	if err != nil {
		if isLinkRefusal(err) {
			return nil, &Error{Path: path, Kind: KindLink, Mode: fs.ModeSymlink}
		}
		return nil, &Error{Path: path, Kind: KindOpen, Err: err}
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &Error{Path: path, Kind: KindOpen, Err: err}
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, &Error{Path: path, Kind: KindNotRegular, Mode: fi.Mode()}
	}
	if err := clearNonblock(f); err != nil {
		f.Close()
		return nil, &Error{Path: path, Kind: KindOpen, Err: err}
	}
	return f, nil
}

// ReadFrom reads at most limit bytes from r (standard input, say), named
// name in messages; more is refused rather than cut.
func ReadFrom(r io.Reader, name string, limit int64) ([]byte, error) {
	return readAll(r, name, limit)
}

func readAll(r io.Reader, name string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &Error{Path: name, Kind: KindOpen, Err: err}
	}
	if int64(len(data)) > limit {
		return nil, &Error{Path: name, Kind: KindTooLarge, Limit: limit}
	}
	return data, nil
}
