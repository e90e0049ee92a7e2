package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// answersWith is examples/answers.yaml with replacements made, written to
// a file of its own.
func answersWith(t *testing.T, oldNew ...string) string {
	t.Helper()
	good, err := os.ReadFile("../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(good)
	for i := 0; i < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			t.Fatalf("examples/answers.yaml has no %q", oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	p := filepath.Join(t.TempDir(), "answers.yaml")
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// problemLines are the "  path: message" lines of a problem report.
func problemLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "  ") {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return out
}

// åse@fjordsøl.no is refused by fill and by sessions new with the very
// message and key path the form shows; ase@fjordsøl.no is accepted end to
// end: the documents show it as typed, the e-mail's header carries its
// ASCII form.
func TestInternationalAddressEndToEnd(t *testing.T) {
	bad := answersWith(t, "email: ase@blabaer.example.no", "email: åse@fjordsøl.no")
	out := filepath.Join(t.TempDir(), "ut")
	_, problems := forms.Check(session.Answers{Contact: session.Person{Email: "åse@fjordsøl.no"}})
	want := "contact.email: " + forms.MessagesByKey(problems, forms.EN)["contact.email"]
	for _, args := range [][]string{
		{"fill", "--answers", bad, "--out", out},
		{"sessions", "new", "Kunde Å", "--answers", bad},
	} {
		data := t.TempDir()
		code, _, stderr := runCLI(t, data, "", args...)
		if code != 2 || !slicesEqual(problemLines(stderr), []string{want}) {
			t.Errorf("%s: exit %d, want 2 and %q:\n%s", args[0], code, want, stderr)
		}
		if files := sessionFiles(t, data); len(files) != 0 {
			t.Errorf("%s: a session was made: %v", args[0], files)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("fill made the output folder: %v", err)
	}

	good := answersWith(t, "email: ase@blabaer.example.no", "email: ase@fjordsøl.no")
	code, _, stderr := runCLI(t, t.TempDir(), "", "fill", "--answers", good, "--out", out)
	if code != 0 {
		t.Fatalf("fill refused ase@fjordsøl.no: %d %s", code, stderr)
	}
	eml, err := os.ReadFile(filepath.Join(out, "registrering-blabaer-regnskap-pro.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(eml), "<ase@xn--fjordsl-v1a.no>") {
		t.Errorf("the e-mail's From is not in ASCII form:\n%.600s", eml)
	}
	if text := docxText(t, filepath.Join(out, "bestilling-blabaer-regnskap-pro.docx")); !strings.Contains(text, "ase@fjordsøl.no") {
		t.Errorf("the order form does not show the address as typed:\n%s", text)
	}
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// sessions new --answers and fill --answers accept and refuse the same
// files with the same problems, and a session sessions new makes is one
// fill --session can make the documents from.
func TestSessionsNewAndFillAgree(t *testing.T) {
	cases := map[string][]string{
		"good":                     nil,
		"non-ASCII before the @":   {"email: ase@blabaer.example.no", "email: åse@fjordsøl.no"},
		"IDN domain":               {"email: per@blabaer.example.no", "email: per@blåbær.no"},
		"CR inside the name":       {"name: Blåbær Regnskap Pro", `name: "Blåbær\rRegnskap"`},
		"trailing CR":              {"name: Blåbær Regnskap Pro", `name: "Blåbær Regnskap\r"`},
		"escape in the vendor":     {"name: Blåbær Regnskap AS", `name: "Blåbær\e]0;pwned\aAS"`},
		"bidi override":            {"city: Oslo", "city: \"Os\u202elo\""},
		"bad org number":           {`org_number: "123456785"`, `org_number: "123456789"`},
		"grouped org number":       {`org_number: "123456785"`, `org_number: "123 456 785"`},
		"upper-case category":      {"category: accounting", "category: Accounting"},
		"unknown category":         {"category: accounting", "category: bank"},
		"stores credentials":       {"stores_user_credentials: false", "stores_user_credentials: true"},
		"long system name":         {"name: Blåbær Regnskap Pro", "name: " + strings.Repeat("x", 101)},
		"bad date":                 {`date: "2026-11-25"`, `date: "2026-02-30"`},
		"service code with spaces": {`code: "4936"`, `code: " 49 36"`},
		"cc":                       {"# cc: konsulent@example.no", "cc: konsulent@example.no"},
		"bad cc":                   {"# cc: konsulent@example.no", "cc: konsulent@example"},
	}
	for name, edits := range cases {
		t.Run(name, func(t *testing.T) {
			file := answersWith(t, edits...)
			fillCode, _, fillErr := runCLI(t, t.TempDir(), "", "fill", "--answers", file, "--out", filepath.Join(t.TempDir(), "ut"))
			data := t.TempDir()
			newCode, id, newErr := runCLI(t, data, "", "sessions", "new", "Kunde", "--answers", file)
			if fillCode != newCode {
				t.Fatalf("fill exits %d, sessions new %d:\n%s\n--\n%s", fillCode, newCode, fillErr, newErr)
			}
			if !slicesEqual(problemLines(fillErr), problemLines(newErr)) {
				t.Fatalf("different problems:\n%s\n--\n%s", fillErr, newErr)
			}
			if newCode != 0 {
				return
			}
			id = strings.TrimSpace(id)
			if code, _, stderr := runCLI(t, data, "", "fill", "--session", id, "--out", filepath.Join(t.TempDir(), "ut")); code != 0 {
				t.Fatalf("sessions new accepted the answers, fill --session refuses them: %d\n%s", code, stderr)
			}
		})
	}
}

// fill --session makes the documents from the check's normalised copy
// and leaves the session's answers exactly as they were typed (it used to
// write back answers normalised where a copy shared a slice or a pointer
// with the session, and not elsewhere).
func TestFillSessionLeavesTheAnswers(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Create("Kunde", session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	s.Answers = sessiontest.Answers()
	a := &s.Answers
	a.Vendor.OrgNumber = "123 456 785"                   // a value
	a.Contact.Phone = " 912 34 567 "                     // a value
	a.TechnicalContact.Email = " per@blabaer.example.no" // behind a pointer
	a.TechnicalContact.Phone = "923 45 678"              // behind a pointer
	a.System.Services[0].Code = " 4936 "                 // in a slice
	a.System.Category = "Accounting"
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	before := s.Answers
	out := filepath.Join(t.TempDir(), "ut")
	if code, _, stderr := runCLI(t, data, "", "fill", "--session", s.ID, "--out", out); code != 0 {
		t.Fatalf("fill --session: %d %s", code, stderr)
	}
	after, err := st.Load(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after.Answers, before) {
		t.Errorf("the session's answers changed:\nbefore %+v\nafter  %+v\ntechnical contact %+v, services %+v",
			before, after.Answers, *after.Answers.TechnicalContact, after.Answers.System.Services)
	}
	if len(after.Files) != 3 {
		t.Errorf("files not recorded: %+v", after.Files)
	}
	// The documents have the normalised values.
	if text := docxText(t, after.Files[0].Path); !strings.Contains(text, "123 456 785") || !strings.Contains(text, "+47 923 45 678") {
		t.Errorf("the order form is not made from normalised answers:\n%s", text)
	}
}

// sessions import checks like fill: terminal escapes and control
// characters in the name or in any answer, unknown steps and statuses,
// negative or too large counts and answers the forms refuse are refused
// with their key paths, nothing is imported, and nothing of the file's
// text reaches the terminal raw. A session in progress (answers missing)
// imports.
func TestSessionsImportChecks(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		edit func(s *session.Session)
		want []string // key paths refused; none: imported
	}{
		{"complete", func(s *session.Session) {}, nil},
		{"in progress", func(s *session.Session) {
			s.Answers.Signer = session.Signer{}
			s.Answers.Declaration.UsesPrefill = nil
			s.Answers.System.Interfaces = nil
			s.Testing = session.Testing{}
		}, nil},
		{"escape in the vendor's name", func(s *session.Session) { s.Answers.Vendor.Name = "Blåbær\x1b]0;pwned\aAS" }, []string{"answers.vendor.name"}},
		{"clear screen in the session's name", func(s *session.Session) { s.Name = "Kunde\x1b[2J\x1b[H" }, []string{"name"}},
		{"C1 control in the contact", func(s *session.Session) { s.Answers.Contact.Name = "Åse\u009b31m" }, []string{"answers.contact.name"}},
		{"bidi override in a service", func(s *session.Session) { s.Answers.System.Services[1].Name = "A\u202eB" }, []string{"answers.system.services[1].name"}},
		{"non-ASCII before the @", func(s *session.Session) { s.Answers.Contact.Email = "åse@fjordsøl.no" }, []string{"answers.contact.email"}},
		{"unknown status", func(s *session.Session) {
			s.Steps[session.StepTesting] = session.StepState{Status: "finished"}
		}, []string{"steps.testing.status"}},
		{"unknown step with an escape", func(s *session.Session) {
			s.Steps["x\x1b[31m"] = session.StepState{Status: session.Done}
		}, []string{"steps"}},
		{"negative count", func(s *session.Session) { s.Testing.TestPersons = -5 }, []string{"testing.test_persons"}},
		{"too many", func(s *session.Session) { s.Testing.TestOrganisations = 1 << 40 }, []string{"testing.test_organisations"}},
		{"escape in the cursor", func(s *session.Session) { s.Cursor.Field = "\x1b]52;c;cHduZWQ=\a" }, []string{"cursor.field"}},
		{"unknown target", func(s *session.Session) { s.Target = "staging" }, []string{"target"}},
		{"bad SystemID", func(s *session.Session) { s.Authentication.SystemID = "12a45" }, []string{"authentication.system_id"}},
		{"escape in a go-live checklist key", func(s *session.Session) { s.GoLive.Checklist["\x1b[2J"] = true }, []string{"go_live.checklist"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := sessiontest.Full(now)
			c.edit(s)
			data, err := session.Encode(s)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "export.json")
			if err := os.WriteFile(file, data, 0o600); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			code, stdout, stderr := runCLI(t, dir, "", "sessions", "import", file)
			if strings.ContainsAny(stdout+stderr, "\x1b\a\u009b\u202e") {
				t.Errorf("raw control characters reached the terminal:\n%q\n%q", stdout, stderr)
			}
			if c.want == nil {
				if code != 0 || len(sessionFiles(t, dir)) != 1 {
					t.Fatalf("refused: %d %s", code, stderr)
				}
				return
			}
			if code != 2 {
				t.Fatalf("exit %d, want 2:\n%s%s", code, stdout, stderr)
			}
			var paths []string
			for _, l := range problemLines(stderr) {
				paths = append(paths, l[:strings.Index(l, ": ")])
			}
			if !slicesEqual(paths, c.want) {
				t.Errorf("refused at %v, want %v:\n%s", paths, c.want, stderr)
			}
			if files := sessionFiles(t, dir); len(files) != 0 {
				t.Errorf("imported anyway: %v", files)
			}
		})
	}
}
