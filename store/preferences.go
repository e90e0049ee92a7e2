package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

// Preferences are what the program remembers of the user between runs
// that is not part of any session: small, in <data dir>/preferences.json
// (0600 in the 0700 data folder, written through internal/atomicfile).
type Preferences struct {
	// NoticeRead is a digest of the tracks' notices the user has read:
	// while the notices say the same, the picker shows them folded to a
	// line. A new notice (another digest) is shown whole again.
	NoticeRead string `json:"notice_read,omitempty"`
	// ProfileHintShown says the picker has told, once, where the user's
	// profile is and how to fill it (when there was none).
	ProfileHintShown bool `json:"profile_hint_shown,omitempty"`
}

// MaxPreferencesSize is the largest preferences file read.
const MaxPreferencesSize = 64 << 10

// PreferencesError is a preferences file that could not be read or
// written. The file is kept as it is: the program goes on with its
// defaults.
type PreferencesError struct {
	Path string
	Err  error
}

func (e *PreferencesError) Error() string { return e.Text("en") }
func (e *PreferencesError) Unwrap() error { return e.Err }

// Text is the message in lang.
func (e *PreferencesError) Text(lang string) string {
	var se *safefile.Error
	if errors.As(e.Err, &se) { // it names the file
		return tr(lang, "innstillingene ble ikke brukt (filen er beholdt urørt): ", "the preferences were not used (the file is kept as it is): ") + se.Text(lang)
	}
	return fmt.Sprintf(tr(lang, "innstillingene i %s ble ikke brukt (filen er beholdt urørt): innholdet er ikke gyldig (%v)",
		"the preferences in %s were not used (the file is kept as it is): its content is not valid (%v)"), e.Path, e.Err)
}

// PreferencesPath is the preferences file.
func (s *Store) PreferencesPath() string { return filepath.Join(s.dataDir, "preferences.json") }

// LoadPreferences reads the preferences. A missing file is the defaults
// with no error; a file that is a link, a FIFO, too large or not our JSON
// is the defaults and a PreferencesError, and is left as it is.
func (s *Store) LoadPreferences() (Preferences, error) {
	p, _, err := s.readPreferences()
	return p, err
}

// readPreferences is the file's preferences and all its fields (nil when
// there is no file).
func (s *Store) readPreferences() (Preferences, map[string]json.RawMessage, error) {
	path := s.PreferencesPath()
	data, err := safefile.ReadNoFollow(path, MaxPreferencesSize)
	if errors.Is(err, fs.ErrNotExist) {
		return Preferences{}, nil, nil
	}
	if err != nil {
		return Preferences{}, nil, &PreferencesError{Path: path, Err: err}
	}
	var p Preferences
	raw := map[string]json.RawMessage{}
	if err := json.Unmarshal(data, &raw); err != nil {
		return Preferences{}, nil, &PreferencesError{Path: path, Err: err}
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return Preferences{}, nil, &PreferencesError{Path: path, Err: err}
	}
	return p, raw, nil
}

// SavePreferences writes the preferences, keeping fields a newer version
// wrote. A file that cannot be read as preferences is not replaced: the
// PreferencesError says so, and the file stays as it is.
func (s *Store) SavePreferences(p Preferences) error {
	_, raw, err := s.readPreferences()
	if err != nil {
		return err
	}
	if raw == nil {
		raw = map[string]json.RawMessage{}
	}
	delete(raw, "notice_read")
	if p.NoticeRead != "" {
		v, _ := json.Marshal(p.NoticeRead)
		raw["notice_read"] = v
	}
	delete(raw, "profile_hint_shown")
	if p.ProfileHintShown {
		raw["profile_hint_shown"] = json.RawMessage("true")
	}
	data, err := json.MarshalIndent(raw, "", "  ")
	if err != nil {
		return err
	}
	if _, err := atomicfile.MakeDir(s.dataDir); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(s.PreferencesPath(), append(data, '\n')); err != nil {
		return &PreferencesError{Path: s.PreferencesPath(), Err: err}
	}
	return nil
}
