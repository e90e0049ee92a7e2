package session_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// FuzzDecode feeds Decode what a session file or an import may hold
// (attacker-made, truncated, hand-edited, from an older or newer
// program). It must never panic; what it accepts must encode, and that
// encoding must decode to the same session and encode to the same bytes
// (a session survives any number of save/load rounds unchanged).
func FuzzDecode(f *testing.F) {
	addDecodeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := session.Decode(data)
		if err != nil {
			if s != nil {
				t.Fatal("a session returned with an error")
			}
			return
		}
		if s == nil {
			t.Fatal("no error and no session")
		}
		enc, err := session.Encode(s)
		if err != nil {
			t.Fatalf("a decoded session does not encode: %v", err)
		}
		again, err := session.Decode(enc)
		if err != nil {
			t.Fatalf("a decoded session, encoded, does not decode: %v\n%s", err, enc)
		}
		if !reflect.DeepEqual(s, again) {
			t.Fatalf("a save/load round changed the session:\n%+v\n%+v", s, again)
		}
		enc2, err := session.Encode(again)
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding is not stable: %v\n%s\n%s", err, enc, enc2)
		}
	})
}

// FuzzDecodeAgreesWithTwoPasses: Decode, which decodes a current file
// once, accepts what the two-pass decode accepted, as the same session,
// and refuses what it refused, with the same message.
func FuzzDecodeAgreesWithTwoPasses(f *testing.F) {
	addDecodeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := session.Decode(data)
		want, wantErr := session.DecodeViaDocument(data)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("Decode: %v\ntwo passes: %v", err, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Decode: %+v\ntwo passes: %+v", got, want)
		}
	})
}

// addDecodeSeeds adds what a session file or an import may hold.
func addDecodeSeeds(f *testing.F) {
	full, err := session.Encode(sessiontest.Full(now))
	if err != nil {
		f.Fatal(err)
	}
	empty, err := session.Encode(session.New("Tom", now))
	if err != nil {
		f.Fatal(err)
	}
	exported, err := session.Encode(session.ForExport(sessiontest.Full(now)))
	if err != nil {
		f.Fatal(err)
	}
	fs := string(full)
	for _, seed := range []string{
		fs, string(empty), string(exported),
		fs[:len(fs)/2],
		strings.Replace(fs, `"schema_version": 1,`, "", 1),                     // version 0: migrated
		strings.Replace(fs, `"schema_version": 1`, `"schema_version": 2`, 1),   // newer program
		strings.Replace(fs, `"schema_version": 1`, `"schema_version": -1`, 1),  // nonsense
		strings.Replace(fs, `"schema_version": 1`, `"schema_version": 1e3`, 1), // not whole
		strings.Replace(fs, `"schema_version": 1`, `"schema_version": "1"`, 1),
		strings.Replace(fs, `"name": `, `"nmae": `, 1), // unknown field
		fs + "{}",           // trailing data
		`{"name":"Gammel"}`, // a hand-written version-0 file
		`{"name":"x","steps":null,"target":null}`,
		`{"name":"\u001b]0;owned\u0007","answers":{"vendor":{"name":"\u202e"}}}`,
		`{"name":"x","steps":{"registration":{"status":"bogus","updated_at":"0000-01-01T00:00:00Z"}}}`,
		`{"name":"x","testing":{"test_persons":-5}}`,
		`{"name":"x","answers":{"technical_contact":null,"declaration":{"signs_for_users":null}}}`,
		`{"name":"x","created_at":"9999-12-31T23:59:59Z"}`,
		`{"name":"` + "\xff\xfe" + `"}`,
		"null", "[]", "{}", "", "1", `"x"`, "\ufeff{}",
	} {
		f.Add([]byte(seed))
	}
}
