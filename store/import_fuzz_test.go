package store_test

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/store"
)

var sessionID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// programCheck is the check the program gives every import (see
// cli/importcheck.go): nothing given and wrong.
func programCheck(s *session.Session) error {
	steps := []string{session.StepRegistration, session.StepIntegration, session.StepAuthentication,
		session.StepServices, session.StepTesting, session.StepGoLive}
	if p := forms.CheckSession(s, steps).Wrong(); len(p) > 0 {
		return p
	}
	return nil
}

// FuzzImport feeds `sessions import` what anyone can e-mail a user. It
// must never panic. With the program's check, what it accepts is saved as
// a new session with a fresh ID and a usable name, without secret
// references or paths of the sender's machine; it loads back as
// imported, still passes the check, lists without complaint, and its own
// export imports again.
func FuzzImport(f *testing.F) {
	st, err := store.Open(filepath.Join(f.TempDir(), "data"))
	if err != nil {
		f.Fatal(err)
	}
	full := sessiontest.Full(now)
	full.ID = "0123456789abcdef"
	var export bytes.Buffer
	if err := st.Export(full, &export); err != nil {
		f.Fatal(err)
	}
	raw, err := session.Encode(full) // not an export: secrets and paths in it
	if err != nil {
		f.Fatal(err)
	}
	ex := export.String()
	for _, seed := range []string{
		ex, string(raw),
		strings.Replace(ex, `"name": "`, `"name": "   `, 1),
		strings.Replace(ex, `"name": "`, `"name": "`+strings.Repeat("x", 79), 1),
		strings.Replace(ex, `"name": "`, `"name": "\u001b]0;owned\u0007\u001b[2J`, 1),
		strings.Replace(ex, `"name": "`, `"name": "../../etc/`, 1),
		strings.Replace(ex, `"id": ""`, `"id": "../../x"`, 1),
		`{"name":""}`, `{"name":"x","schema_version":0}`, `{}`, "null", "",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := st.Import(bytes.NewReader(data), "fuzz.json", programCheck)
		if err != nil {
			if got != nil {
				t.Fatal("a session returned with an error")
			}
			return
		}
		defer st.Delete(got, nil, nil)
		if !sessionID.MatchString(got.ID) {
			t.Fatalf("imported under ID %q", got.ID)
		}
		if err := store.CheckName(got.Name); err != nil {
			t.Fatalf("imported under a name the program refuses (%q): %v", got.Name, err)
		}
		if len(got.Secrets) != 0 || len(got.Files) != 0 {
			t.Fatalf("secret references or file paths came along: %+v %+v", got.Secrets, got.Files)
		}
		loaded, err := st.Load(got.ID)
		if err != nil {
			t.Fatalf("the imported session does not load: %v", err)
		}
		if err := programCheck(loaded); err != nil {
			t.Fatalf("the imported session, loaded, fails the check: %v", err)
		}
		a, _ := session.Encode(got)
		b, _ := session.Encode(loaded)
		if !bytes.Equal(a, b) {
			t.Fatalf("the imported session loads differently:\n%s\n%s", a, b)
		}
		if _, bad, err := st.List(); err != nil || len(bad) > 0 {
			t.Fatalf("list after import: %v %v", err, bad)
		}
		var out bytes.Buffer
		if err := st.Export(loaded, &out); err != nil {
			t.Fatalf("the imported session does not export: %v", err)
		}
		again, err := st.Import(&out, "again.json", programCheck)
		if err != nil {
			t.Fatalf("an export of an imported session does not import: %v\n%s", err, out.Bytes())
		}
		st.Delete(again, nil, nil)
	})
}
