package session

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// decodeViaDocument is how Decode read every file before it decoded a
// current one once: always as a generic document first, then strictly.
// The fuzz target FuzzDecodeAgreesWithTwoPasses holds Decode to it.
func decodeViaDocument(data []byte) (*Session, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if doc == nil {
		return nil, fmt.Errorf("not a session: the file holds null")
	}
	if dec.More() {
		return nil, fmt.Errorf("not valid JSON: trailing data after the session object")
	}
	version := 0
	if v, ok := doc["schema_version"]; ok {
		n, ok := v.(json.Number)
		if !ok {
			return nil, fmt.Errorf("schema_version is not a number")
		}
		i, err := n.Int64()
		if err != nil || i < 0 {
			return nil, fmt.Errorf("schema_version %q is not a whole number", n.String())
		}
		version = int(i)
	}
	if version > SchemaVersion {
		return nil, &ErrNewerSchema{Found: version, Known: SchemaVersion}
	}
	if version < SchemaVersion {
		if err := migrate(doc, version, SchemaVersion); err != nil {
			return nil, err
		}
		var err error
		if data, err = json.Marshal(doc); err != nil {
			return nil, fmt.Errorf("migrating: %w", err)
		}
	}
	var s Session
	strict := json.NewDecoder(bytes.NewReader(data))
	strict.DisallowUnknownFields()
	if err := strict.Decode(&s); err != nil {
		return nil, fmt.Errorf("not a session file of this program: %w", err)
	}
	if s.Steps == nil {
		s.Steps = map[string]StepState{}
	}
	return &s, nil
}

// `sessions list` with 1,000 sessions spent most of its time decoding
// each file twice: into a generic map (for a migration that a current
// file does not need), then into a Session. A current file now costs
// one strict decode: no more allocations than decodeStrict alone makes.
func TestDecodeReadsACurrentFileOnce(t *testing.T) {
	now := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
	s := New("Kunde", now)
	s.Answers.Vendor = Vendor{Name: "Blåbær AS", OrgNumber: "123456785", Address: "Storgata 1", PostalCode: "0150", City: "Oslo"}
	s.Answers.System.Services = []Service{{Code: "4936", Edition: "1", Name: "A-melding"}, {Code: "5678", Edition: "2", Name: "MVA"}}
	s.SetStepStatus(StepRegistration, Done, now)
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	once := testing.AllocsPerRun(20, func() {
		if _, err := decodeStrict(data); err != nil {
			t.Fatal(err)
		}
	})
	got := testing.AllocsPerRun(20, func() {
		if _, err := Decode(data); err != nil {
			t.Fatal(err)
		}
	})
	if got > once {
		t.Fatalf("Decode of a current file makes %.0f allocations, one strict decode %.0f: it decodes more than once", got, once)
	}
}

// BenchmarkDecode decodes a current session file with the example's
// kind of answers; BenchmarkDecodeViaDocument the two-pass way, to
// compare.
func BenchmarkDecode(b *testing.B)            { benchmarkDecode(b, Decode) }
func BenchmarkDecodeViaDocument(b *testing.B) { benchmarkDecode(b, decodeViaDocument) }

func benchmarkDecode(b *testing.B, decode func([]byte) (*Session, error)) {
	now := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
	s := New("Kunde", now)
	s.Answers.Vendor = Vendor{Name: "Blåbær AS", OrgNumber: "123456785", Address: "Storgata 1", PostalCode: "0150", City: "Oslo"}
	s.Answers.System.Services = []Service{{Code: "4936", Edition: "1", Name: "A-melding"}, {Code: "5678", Edition: "2", Name: "MVA"}}
	s.SetStepStatus(StepRegistration, Done, now)
	data, err := Encode(s)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
