package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

// Error is a file or folder that could not be written, made or synced:
// Text says it in the user's language (English in Error), with the cause
// in plain words where it is a common one (no permission, no space).
type Error struct {
	// Op is "write", "sync", "mkdir" or "chmod".
	Op   string
	Path string
	Err  error
}

// errNotAFolder is a folder to make whose name is taken by something else.
var errNotAFolder = errors.New("it exists and is not a folder")

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string { return e.Text("en") }

// Text is the message in lang: English for "en", else Norwegian bokmål.
func (e *Error) Text(lang string) string {
	if lang == "en" {
		switch e.Op {
		case "sync":
			return fmt.Sprintf("syncing folder %s: %v", e.Path, e.Err)
		case "mkdir":
			return fmt.Sprintf("creating folder %s: %v", e.Path, e.Err)
		case "chmod":
			return fmt.Sprintf("tightening permissions of %s: %v", e.Path, e.Err)
		}
		return fmt.Sprintf("writing %s: %v", e.Path, e.Err)
	}
	cause := e.Err.Error()
	switch {
	case errors.Is(e.Err, errNotAFolder):
		cause = "navnet er tatt av noe som ikke er en mappe"
	case errors.Is(e.Err, fs.ErrPermission):
		cause = "du har ikke skrivetilgang"
	case errors.Is(e.Err, fs.ErrNotExist):
		cause = "mappen finnes ikke"
	case errors.Is(e.Err, syscall.ENOSPC):
		cause = "disken er full"
	case errors.Is(e.Err, syscall.EROFS):
		cause = "filsystemet er skrivebeskyttet"
	case errors.Is(e.Err, syscall.ENOTDIR):
		cause = "en del av stien er ikke en mappe"
	}
	switch e.Op {
	case "sync":
		return fmt.Sprintf("kunne ikke synkronisere mappen %s: %s", e.Path, cause)
	case "mkdir":
		return fmt.Sprintf("kunne ikke lage mappen %s: %s", e.Path, cause)
	case "chmod":
		return fmt.Sprintf("kunne ikke stramme inn tilgangen til %s: %s", e.Path, cause)
	}
	return fmt.Sprintf("kunne ikke skrive %s: %s", e.Path, cause)
}
