package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// Why a file is not a session is said in Norwegian too: the session
// package's English reasons (JSON syntax, trailing data, a newer schema,
// an ID that is not the file's name) do not reach a Norwegian message.
func TestWhyNotASessionInNorwegian(t *testing.T) {
	st := openStore(t)
	ok := func(*session.Session) error { return nil }
	english := []string{"invalid character", "looking for", "trailing", "not valid", "newer", "schema_version", "does not match", "unknown field", "unexpected"}
	for in, want := range map[string]string{
		"hei":                           "ikke gyldig JSON (feil ved tegn 1)",
		`{"schema_version": 1} {}`:      "det står mer i filen etter økten",
		`{"schema_version": 99}`:        "nyere altinn-onboard",
		`{"schema_version": 3, "x": 1}`: "ukjent felt",
		`{"id": `:                       "ikke gyldig JSON",
	} {
		_, err := st.Import(strings.NewReader(in), "x.json", ok)
		var l store.Localized
		if !errors.As(err, &l) {
			t.Fatalf("%q: %v is not localized", in, err)
		}
		nb := l.Text("nb")
		if !strings.Contains(nb, want) {
			t.Errorf("%q: %q lacks %q", in, nb, want)
		}
		for _, w := range english {
			if strings.Contains(nb, w) {
				t.Errorf("%q: %q has English %q", in, nb, w)
			}
		}
	}
	// A session file whose ID is not its name.
	s, err := st.Create("Kunde A", "altinn3")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(st.SessionsDir(), s.ID+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(st.SessionsDir(), "0123456789abcdef.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = st.Load("0123456789abcdef")
	var l store.Localized
	if !errors.As(err, &l) || !strings.Contains(l.Text("nb"), "er ikke filnavnet") || strings.Contains(l.Text("nb"), "does not match") {
		t.Errorf("ID mismatch: %v", err)
	}
}
