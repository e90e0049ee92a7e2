package store

// Moving a session between machines: an export holds no secrets and no
// local paths; an import is checked and saved as a new session.

import (
	"fmt"
	"io"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// Export writes the session as JSON that is safe to e-mail: no secret
// references, no local file paths.
func (s *Store) Export(sess *session.Session, w io.Writer) error {
	data, err := session.Encode(session.ForExport(sess))
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// ImportCheck checks a session being imported, as exported (no secrets,
// no local paths), before anything is saved; an error refuses the import
// and is returned as it is. The program passes the answers check of
// package forms, which this package does not know.
type ImportCheck func(*session.Session) error

// Import reads an exported session, checks it with check, and saves it
// under a new ID (and a new name if the name is taken). It never
// overwrites an existing session. At most MaxSessionFileSize is read;
// more is refused, not cut.
func (s *Store) Import(r io.Reader, source string, check ImportCheck) (*session.Session, error) {
	if check == nil {
		return nil, fmt.Errorf("importing %s: no check given (a program error)", source)
	}
	data, err := safefile.ReadFrom(r, source, MaxSessionFileSize)
	if err != nil {
		return nil, err
	}
	sess, err := session.Decode(data)
	if err != nil {
		return nil, &NotExportError{Source: source, Err: err}
	}
	clean := session.ForExport(sess)
	if err := check(clean); err != nil {
		return nil, err
	}
	if err := CheckName(clean.Name); err != nil {
		clean.Name = "Importert " + s.Now().Format("2006-01-02 15:04")
	}
	clean.ID = session.NewID()
	clean.Name = strings.TrimSpace(clean.Name)
	base := clean.Name
	for i := 2; ; i++ {
		taken, err := s.nameTaken(clean.Name, "")
		if err != nil {
			return nil, err
		}
		if !taken {
			break
		}
		clean.Name = fmt.Sprintf("%s (%d)", base, i)
	}
	if err := s.saveNew(clean); err != nil {
		return nil, err
	}
	return clean, nil
}

// ImportFile imports the export at path (see Import), read through
// safefile: a FIFO, a device or a folder is refused at once instead of
// hanging, and so is a file larger than MaxSessionFileSize. "-" is
// stdin, when one is given.
func (s *Store) ImportFile(path string, stdin io.Reader, check ImportCheck) (*session.Session, error) {
	if path == "-" && stdin != nil {
		return s.Import(stdin, "standard input", check)
	}
	f, err := safefile.Open(path, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return s.Import(f, path, check)
}
