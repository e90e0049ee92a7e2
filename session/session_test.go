package session_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	s := sessiontest.Full(now)
	data, err := session.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := session.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip changed the session:\n got %+v\nwant %+v", got, s)
	}
	if !strings.Contains(string(data), `"schema_version": 3`) {
		t.Fatalf("encoded session lacks schema_version: %s", data)
	}
}

func TestDecodeMigratesVersionZero(t *testing.T) {
	// A file without schema_version, as a pre-release build wrote it.
	old := `{"id":"abc123","name":"Gammel","answers":{"vendor":{"org_number":"123456785","name":"Gammel AS"}}}`
	s, err := session.Decode([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	if s.SchemaVersion != session.SchemaVersion || s.Target != session.EnvTT02 || s.Steps == nil {
		t.Fatalf("migration did not fill defaults: %+v", s)
	}
	if s.Answers.Vendor.Name != "Gammel AS" {
		t.Fatalf("migration lost an answer: %+v", s.Answers.Vendor)
	}
	if s.Track != session.TrackAltinnII {
		t.Fatalf("a pre-release session follows track %q, want %q", s.Track, session.TrackAltinnII)
	}
}

// Every session of schema version 1 was made when Altinn II was the only
// track: it follows that track, and keeps everything else as it was.
func TestDecodeMigratesVersionOneToAltinnII(t *testing.T) {
	v1 := `{"schema_version":1,"id":"abc123","name":"Før sporene","target":"prod",` +
		`"answers":{"vendor":{"org_number":"123456785","name":"Gammel AS"}},` +
		`"steps":{"registration":{"status":"done"},"services":{"status":"in_progress"}},` +
		`"cursor":{"step":"services","screen":"services"}}`
	s, err := session.Decode([]byte(v1))
	if err != nil {
		t.Fatal(err)
	}
	if s.Track != session.TrackAltinnII || s.SchemaVersion != session.SchemaVersion {
		t.Fatalf("track %q, schema %d; want %q, %d", s.Track, s.SchemaVersion, session.TrackAltinnII, session.SchemaVersion)
	}
	if s.Target != session.EnvProd || s.StepStatus(session.StepRegistration) != session.Done ||
		s.StepStatus(session.StepServices) != session.InProgress || s.Cursor.Step != session.StepServices {
		t.Fatalf("migration changed the session: %+v", s)
	}
	data, err := session.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"track": "altinn2"`) || !strings.Contains(string(data), `"schema_version": 3`) {
		t.Fatalf("saved again without its track:\n%s", data)
	}
	// A version 2 file keeps the track it names.
	again, err := session.Decode([]byte(strings.Replace(string(data), `"altinn2"`, `"some-other-track"`, 1)))
	if err != nil || again.Track != "some-other-track" {
		t.Fatalf("track of a version 2 file: %v, %v", again, err)
	}
}

func TestDecodeRefusesNewerSchema(t *testing.T) {
	_, err := session.Decode([]byte(`{"schema_version": 99, "id": "abc"}`))
	var ne *session.ErrNewerSchema
	if !errors.As(err, &ne) || ne.Found != 99 {
		t.Fatalf("want ErrNewerSchema, got %v", err)
	}
	if !strings.Contains(err.Error(), "upgrade") {
		t.Fatalf("message does not tell the user to upgrade: %v", err)
	}
}

func TestDecodeRejectsBadFiles(t *testing.T) {
	for name, in := range map[string]string{
		"garbage":        "\x00\x01not json",
		"truncated":      `{"schema_version":1,"id":"a`,
		"null":           `null`,
		"unknown field":  `{"schema_version":1,"id":"abc","nmae":"typo"}`,
		"trailing":       `{"schema_version":1,"id":"abc"} {}`,
		"string version": `{"schema_version":"1","id":"abc"}`,
	} {
		if _, err := session.Decode([]byte(in)); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}

func TestForExportDropsSecretsAndPaths(t *testing.T) {
	s := sessiontest.Full(now)
	s.Sent = []session.SentMail{{File: "/srv/sendt/registrering.eml", SentAt: now, From: "kari@konsulent.no", To: []string{"mottak@altinn.no"}, MessageID: "<a@b>", Server: "smtp.konsulent.no:587"}}
	data, err := json.Marshal(session.ForExport(s))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{s.ID, "/home/åse", "os-keyring", `"secrets"`, `"sent"`, "smtp.konsulent.no"} {
		if strings.Contains(string(data), bad) {
			t.Errorf("export contains %q", bad)
		}
	}
	if len(s.Secrets) == 0 || s.Authentication.CertificatePath(session.EnvProd) == "" {
		t.Fatal("ForExport changed the original session")
	}
	if !strings.Contains(string(data), "Blåbær Regnskap Pro") {
		t.Fatal("export lost the answers")
	}
}

func TestSecretRefs(t *testing.T) {
	s := session.New("x", now)
	s.SetSecretRef(session.SecretRef{Name: "a", Account: "1"})
	s.SetSecretRef(session.SecretRef{Name: "b"})
	s.SetSecretRef(session.SecretRef{Name: "a", Account: "2"})
	if len(s.Secrets) != 2 || s.Secrets[0].Account != "2" {
		t.Fatalf("refs = %+v", s.Secrets)
	}
	s.RemoveSecretRef("a")
	if len(s.Secrets) != 1 || s.Secrets[0].Name != "b" {
		t.Fatalf("refs after remove = %+v", s.Secrets)
	}
}

func TestReplaceFilesKeepsOtherSteps(t *testing.T) {
	s := session.New("x", now)
	s.Files = []session.GeneratedFile{{Kind: "bestilling", Path: "old"}, {Kind: "guide", Path: "g"}, {Kind: "eml", Path: "old.eml"}}
	s.ReplaceFiles([]string{"bestilling", "eml"}, []session.GeneratedFile{{Kind: "bestilling", Path: "new"}, {Kind: "eml", Path: "new.eml"}})
	if len(s.Files) != 3 || s.Files[0].Path != "g" || s.Files[1].Path != "new" || s.Files[2].Path != "new.eml" {
		t.Fatalf("files = %+v", s.Files)
	}
	if got := s.FilesOf("eml"); len(got) != 1 || got[0].Path != "new.eml" {
		t.Fatalf("FilesOf = %+v", got)
	}
}

// Bytes that are not UTF-8, and surrogate escapes standing alone, are
// refused and located, not decoded to U+FFFD (which the next save would
// write back for good).
func TestDecodeRefusesInvalidText(t *testing.T) {
	valid := `{"id":"abc123","name":"NAME","answers":{"vendor":{"org_number":"123456785","name":"Blåbær AS"}}}`
	for _, tc := range []struct {
		name, surrogate string
		offset          int
	}{
		{name: "Bl\xe5b\xe6r", offset: strings.Index(valid, "NAME") + 2},
		{name: "trunc\xc3", offset: strings.Index(valid, "NAME") + 5},
		{name: `lone \ud800 high`, surrogate: `\ud800`, offset: strings.Index(valid, "NAME") + 5},
		{name: `lone \uDC00 low`, surrogate: `\uDC00`, offset: strings.Index(valid, "NAME") + 5},
		{name: `high \ud83d then x`, surrogate: `\ud83d`, offset: strings.Index(valid, "NAME") + 5},
	} {
		data := strings.Replace(valid, "NAME", tc.name, 1)
		_, err := session.Decode([]byte(data))
		var te *session.TextError
		if !errors.As(err, &te) {
			t.Errorf("%q: err = %v, want a TextError", tc.name, err)
			continue
		}
		if te.Offset != tc.offset || te.Surrogate != tc.surrogate {
			t.Errorf("%q: offset %d surrogate %q, want %d %q", tc.name, te.Offset, te.Surrogate, tc.offset, tc.surrogate)
		}
		if te.Text("nb") == te.Text("en") || !strings.Contains(te.Text("nb"), "UTF") {
			t.Errorf("%q: messages %q / %q", tc.name, te.Text("nb"), te.Text("en"))
		}
	}
	// What is valid stays valid: a proper pair, an escaped backslash
	// before "ud800", a literal U+FFFD the user typed.
	for _, name := range []string{`smil \ud83d\ude00`, `sti C:\\ud800`, "erstatning \uFFFD", `"\"\\"`} {
		data := strings.Replace(valid, "NAME", strings.Trim(name, `"`), 1)
		if name == `"\"\\"` {
			data = strings.Replace(valid, "NAME", `\"\\`, 1)
		}
		if _, err := session.Decode([]byte(data)); err != nil {
			t.Errorf("%q refused: %v", name, err)
		}
	}
}
