package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"syscall"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// FileError is a session file that cannot be used. The file is kept as it
// is: the program never overwrites or deletes it.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Text("en") }

func (e *FileError) Unwrap() error { return e.Err }

// Text is the message in lang (see Localized).
func (e *FileError) Text(lang string) string {
	nb := isNorwegian(lang)
	var se *safefile.Error
	if errors.As(e.Err, &se) {
		// It names the file already.
		if nb {
			return "øktfil: " + se.Text("nb") + " (filen er beholdt som den er)"
		}
		return "session file: " + se.Text("en") + " (the file is kept as it is)"
	}
	cause := decodeText(e.Err, lang)
	if nb {
		return fmt.Sprintf("øktfilen %s kan ikke åpnes: %s (filen er beholdt som den er)", e.Path, cause)
	}
	return fmt.Sprintf("session file %s cannot be opened: %s (the file is kept as it is)", e.Path, cause)
}

// NotFoundError is a session reference that matches nothing.
type NotFoundError struct {
	Ref string
	// Unreadable are the session files that could not be read: the
	// session may be one of them.
	Unreadable []string
}

func (e *NotFoundError) Error() string { return e.Text("en") }

// Text is the message in lang (see Localized).
func (e *NotFoundError) Text(lang string) string {
	if isNorwegian(lang) {
		return fmt.Sprintf("ingen økt heter «%s» (se `altinn-onboard sessions list`)", e.Ref) + e.Note(lang)
	}
	return fmt.Sprintf("no session named %q (see `altinn-onboard sessions list`)", e.Ref) + e.Note(lang)
}

// Note is what the message adds about unreadable session files, or "".
func (e *NotFoundError) Note(lang string) string {
	if len(e.Unreadable) == 0 {
		return ""
	}
	if isNorwegian(lang) {
		return fmt.Sprintf("; merk at %d øktfil(er) ikke kunne leses: %s", len(e.Unreadable), strings.Join(e.Unreadable, ", "))
	}
	return fmt.Sprintf("; note that %d session file(s) could not be read: %s", len(e.Unreadable), strings.Join(e.Unreadable, ", "))
}

// AmbiguousError is a reference that matches several sessions.
type AmbiguousError struct {
	Ref     string
	Matches []string
}

func (e *AmbiguousError) Error() string { return e.Text("en") }

// Text is the message in lang (see Localized).
func (e *AmbiguousError) Text(lang string) string {
	if isNorwegian(lang) {
		return fmt.Sprintf("«%s» passer til flere økter (%s): bruk ID-en", e.Ref, strings.Join(e.Matches, ", "))
	}
	return fmt.Sprintf("%q matches several sessions (%s): use the ID", e.Ref, strings.Join(e.Matches, ", "))
}

// NameTakenError is a session name already in use.
type NameTakenError struct{ Name string }

func (e *NameTakenError) Error() string { return e.Text("en") }

// Text is the message in lang (see Localized).
func (e *NameTakenError) Text(lang string) string {
	if isNorwegian(lang) {
		return fmt.Sprintf("det finnes allerede en økt som heter «%s»: velg et annet navn", e.Name)
	}
	return fmt.Sprintf("a session named %q already exists: choose another name", e.Name)
}

// NameError is a session name that cannot be used (CheckName).
type NameError struct {
	// Kind is what is wrong: "empty", "utf8", "long" or "control".
	Kind string
}

func (e *NameError) Error() string { return e.Text("en") }

// Text is the message in lang (see Localized).
func (e *NameError) Text(lang string) string {
	nb := isNorwegian(lang)
	switch e.Kind {
	case "empty":
		if nb {
			return "økten må ha et navn"
		}
		return "the session needs a name"
	case "utf8":
		if nb {
			return "navnet er ikke gyldig UTF-8-tekst"
		}
		return "the name is not valid UTF-8 text"
	case "long":
		if nb {
			return fmt.Sprintf("navnet er lengre enn %d tegn", MaxNameLength)
		}
		return fmt.Sprintf("the name is longer than %d characters", MaxNameLength)
	}
	if nb {
		return "navnet må være én linje uten kontrolltegn"
	}
	return "the name must be one line without control characters"
}

// NotExportError is a file or stream given to Import that is not a
// session export.
type NotExportError struct {
	Source string
	Err    error
}

func (e *NotExportError) Error() string { return e.Text("en") }

func (e *NotExportError) Unwrap() error { return e.Err }

// Text is the message in lang (see Localized).
func (e *NotExportError) Text(lang string) string {
	if isNorwegian(lang) {
		return fmt.Sprintf("%s er ikke en eksportert økt: %s", e.Source, decodeText(e.Err, lang))
	}
	return fmt.Sprintf("%s is not a session export: %s", e.Source, decodeText(e.Err, lang))
}

// idMismatchError is a session file whose ID is not its file's name.
type idMismatchError struct{ id string }

func (e *idMismatchError) Error() string { return e.Text("en") }

func (e *idMismatchError) Text(lang string) string {
	if isNorwegian(lang) {
		return fmt.Sprintf("ID-en i filen («%s») er ikke filnavnet", e.id)
	}
	return fmt.Sprintf("its id %q does not match the file name", e.id)
}

// decodeText is why data is not a session (session.Decode's error), in
// lang. The session package says it in English; in Norwegian the reason
// is said by its kind, with where in the file a JSON error is.
func decodeText(err error, lang string) string {
	if err == nil {
		return ""
	}
	var l interface{ Text(string) string }
	if errors.As(err, &l) {
		return l.Text(lang)
	}
	if !isNorwegian(lang) {
		return err.Error()
	}
	var newer *session.ErrNewerSchema
	if errors.As(err, &newer) {
		return fmt.Sprintf("økten er laget av en nyere altinn-onboard (skjemaversjon %d; denne kan lese til og med %d): oppdater programmet", newer.Found, newer.Known)
	}
	msg := err.Error()
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("ikke gyldig JSON (feil ved tegn %d)", syntax.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("feltet «%s» har feil type (ved tegn %d)", typ.Field, typ.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return "ikke gyldig JSON (filen slutter for tidlig)"
	case strings.Contains(msg, "trailing data"):
		return "det står mer i filen etter økten"
	case strings.Contains(msg, "holds null"):
		return "filen holder bare null"
	case strings.Contains(msg, "unknown field"):
		field := msg[strings.LastIndex(msg, "unknown field")+len("unknown field"):]
		return "ukjent felt" + field + ": ikke en øktfil fra dette programmet"
	case strings.Contains(msg, "schema_version"):
		return "skjemaversjonen (schema_version) er ikke gyldig, eller kan ikke oppgraderes"
	case strings.Contains(msg, "not valid JSON"):
		return "ikke gyldig JSON"
	}
	return "ikke en øktfil fra dette programmet"
}

// SecretsLeftError is a session that was not deleted because its secrets
// could not be deleted from the keyring first: the file stays, so the user
// can try again rather than be left with secrets nothing refers to.
type SecretsLeftError struct {
	Name string
	Err  error
}

func (e *SecretsLeftError) Error() string { return e.Text("en") }

func (e *SecretsLeftError) Unwrap() error { return e.Err }

// Text is the message in lang (see Localized).
func (e *SecretsLeftError) Text(lang string) string {
	cause := "no keyring is available"
	if isNorwegian(lang) {
		cause = "ingen nøkkelring er tilgjengelig"
	}
	if e.Err != nil {
		cause = e.Err.Error()
		var l Localized
		if errors.As(e.Err, &l) {
			cause = l.Text(lang)
		}
	}
	if isNorwegian(lang) {
		return fmt.Sprintf("økten «%s» er ikke slettet, fordi hemmelighetene dens i nøkkelringen ikke kunne slettes først: %s (øktfilen er beholdt, så du kan prøve igjen)", e.Name, cause)
	}
	return fmt.Sprintf("session %q was not deleted, because its secrets in the keyring could not be deleted first: %s (the session file is kept, so you can try again)", e.Name, cause)
}

// FolderError is the data folder, or its sessions/, that cannot be found
// or read, or a session file in it that cannot be removed.
type FolderError struct {
	Op   string // "find", "read" or "remove"
	Path string // the folder, or the file for "remove"
	Err  error
}

func (e *FolderError) Error() string { return e.Text("en") }

func (e *FolderError) Unwrap() error { return e.Err }

// Text is the message in lang (see Localized).
func (e *FolderError) Text(lang string) string {
	nb := isNorwegian(lang)
	cause := osCause(e.Err, nb)
	switch {
	case e.Op == "find" && nb:
		return fmt.Sprintf("fant ikke datamappen: %s (sett %s eller bruk --data-dir)", cause, EnvHome)
	case e.Op == "find":
		return fmt.Sprintf("finding the data folder: %s (set %s or use --data-dir)", cause, EnvHome)
	case e.Op == "remove" && nb:
		return fmt.Sprintf("kunne ikke slette øktfilen %s: %s", e.Path, cause)
	case e.Op == "remove":
		return fmt.Sprintf("could not delete session file %s: %s", e.Path, cause)
	case nb:
		return fmt.Sprintf("kan ikke lese mappen %s: %s", e.Path, cause)
	}
	return fmt.Sprintf("cannot read folder %s: %s", e.Path, cause)
}

// osCause says the common causes of a failed file operation in the
// user's language, and the rest as the system said them.
func osCause(err error, nb bool) string {
	var l Localized
	switch {
	case errors.As(err, &l):
		if nb {
			return l.Text("nb")
		}
		return l.Text("en")
	case errors.Is(err, fs.ErrPermission) && nb:
		return "ingen tilgang"
	case errors.Is(err, fs.ErrNotExist) && nb:
		return "finnes ikke"
	case errors.Is(err, syscall.ENOTDIR) && nb:
		return "ikke en mappe"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error() // the path is in the message already
	}
	return err.Error()
}
