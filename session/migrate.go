package session

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ErrNewerSchema is returned for a file written by a newer program.
type ErrNewerSchema struct{ Found, Known int }

func (e *ErrNewerSchema) Error() string {
	return fmt.Sprintf("schema_version %d is newer than this program understands (%d): upgrade altinn-onboard to open it", e.Found, e.Known)
}

// migration turns the raw JSON object of version v into version v+1.
type migration func(doc map[string]any) error

// migrations[v] upgrades a document of version v to v+1. Add an entry
// here (and bump SchemaVersion) whenever the layout changes incompatibly.
var migrations = map[int]migration{
	// Version 0 is a document without schema_version: hand-written
	// files and sessions from pre-release builds. They lack the defaults
	// version 1 relies on.
	0: func(doc map[string]any) error {
		if _, ok := doc["target"]; !ok {
			doc["target"] = EnvTT02
		}
		if _, ok := doc["steps"]; !ok {
			doc["steps"] = map[string]any{}
		}
		return nil
	},
	// Version 1 knew one track: every such session follows Altinn II.
	1: func(doc map[string]any) error {
		if _, ok := doc["track"]; !ok {
			doc["track"] = TrackAltinnII
		}
		return nil
	},
	// Version 3 added the optional "altinn3" object; a version 2 file
	// has none, which is what it means. The version changed so that an
	// older program asks to be upgraded instead of calling the field
	// unknown.
	2: func(doc map[string]any) error { return nil },
}

// Decode reads a session file's bytes, migrating older layouts up to
// SchemaVersion. Unknown fields are an error: a typo or a field from
// another program must not silently vanish on the next save.
//
// Data that is not valid text is refused with a *TextError rather than
// decoded with U+FFFD in place of what could not be read.
//
// A file of the current layout, nearly every file, is decoded once,
// straight into a Session. Only a file that is not (an older layout, a
// newer one, or not a session at all) is read as a generic document
// first, to migrate it or to say what is wrong with it.
func Decode(data []byte) (*Session, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	if s, ok := decodeCurrent(data); ok {
		return s, nil
	}
	doc, version, err := decodeDocument(data)
	if err != nil {
		return nil, err
	}
	if version > SchemaVersion {
		return nil, &ErrNewerSchema{Found: version, Known: SchemaVersion}
	}
	moved := moveCertificate(doc)
	if version < SchemaVersion {
		if err := migrate(doc, version, SchemaVersion); err != nil {
			return nil, err
		}
	}
	if version < SchemaVersion || moved {
		if data, err = json.Marshal(doc); err != nil {
			return nil, fmt.Errorf("migrating: %w", err)
		}
	}
	s, err := decodeStrict(data)
	if err != nil {
		return nil, fmt.Errorf("not a session file of this program: %w", err)
	}
	return s, nil
}

// decodeCurrent decodes a file of the current layout, and says whether
// it is one: a single JSON object, every field known, schema_version
// SchemaVersion.
func decodeCurrent(data []byte) (*Session, bool) {
	s, err := decodeStrict(data)
	return s, err == nil && s.SchemaVersion == SchemaVersion
}

// decodeStrict decodes one JSON value into a Session, refusing unknown
// fields and anything after the value.
func decodeStrict(data []byte) (*Session, error) {
	var s Session
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the session object")
	}
	if s.Steps == nil {
		s.Steps = map[string]StepState{}
	}
	return &s, nil
}

// decodeDocument reads data as a generic JSON object and its
// schema_version (0 when absent).
func decodeDocument(data []byte) (doc map[string]any, version int, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, 0, fmt.Errorf("not valid JSON: %w", err)
	}
	if doc == nil {
		return nil, 0, fmt.Errorf("not a session: the file holds null")
	}
	if dec.More() {
		return nil, 0, fmt.Errorf("not valid JSON: trailing data after the session object")
	}
	v, ok := doc["schema_version"]
	if !ok {
		return doc, 0, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return nil, 0, fmt.Errorf("schema_version is not a number")
	}
	i, err := n.Int64()
	if err != nil || i < 0 {
		return nil, 0, fmt.Errorf("schema_version %q is not a whole number", n.String())
	}
	return doc, int(i), nil
}

func migrate(doc map[string]any, from, to int) error {
	for v := from; v < to; v++ {
		m, ok := migrations[v]
		if !ok {
			return fmt.Errorf("no migration from schema_version %d", v)
		}
		if err := m(doc); err != nil {
			return fmt.Errorf("migrating from schema_version %d: %w", v, err)
		}
		doc["schema_version"] = v + 1
	}
	return nil
}

// Encode returns the session as indented JSON, always at SchemaVersion.
func Encode(s *Session) ([]byte, error) {
	s.SchemaVersion = SchemaVersion
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "&" and "<" readable in the file
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ForExport returns a copy that is safe to e-mail: no secret references,
// no paths of generated files or of the certificate on this machine, no
// per-machine settings.
func ForExport(s *Session) *Session {
	c := *s
	// The ID names the keyring entries; an import gets a new one anyway.
	c.ID = ""
	c.Secrets = nil
	c.Files = nil
	c.Sent = nil // paths on this machine and e-mail addresses
	c.Settings = Settings{Lang: s.Settings.Lang}
	c.Authentication.Certificates = nil
	c.Authentication.CertificateMoved = nil
	c.Altinn3 = s.Altinn3.Clone()
	c.Altinn3.Maskinporten.P12Path = ""
	c.Answers.System.Services = append([]Service(nil), s.Answers.System.Services...)
	return &c
}
