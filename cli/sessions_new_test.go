package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

var sessionIDLine = regexp.MustCompile(`^[a-z0-9-]+\n$`)

// sessionFiles lists the session files in a data folder.
func sessionFiles(t *testing.T, dataDir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dataDir, "sessions", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSessionsNewWithAnswers(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, "", "sessions", "new", "Kunde Blåbær", "--answers", "../examples/answers.yaml", "--track", "altinn2")
	if code != 0 {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	// The ID alone on stdout, so $(...) captures exactly it.
	if !sessionIDLine.MatchString(out) {
		t.Fatalf("stdout is not just the ID: %q", out)
	}
	id := strings.TrimSpace(out)
	if !strings.Contains(errOut, "Kunde Blåbær") || !strings.Contains(errOut, "resume "+id) {
		t.Errorf("stderr does not tell what was made and how to go on: %q", errOut)
	}

	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.Load(id)
	if err != nil {
		t.Fatalf("the printed ID is not a saved session: %v", err)
	}
	data, err := os.ReadFile("../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want, problems := forms.ParseAnswers(data)
	if len(problems) > 0 {
		t.Fatalf("the example has problems: %v", problems)
	}
	if !reflect.DeepEqual(sess.Answers, *want) {
		t.Errorf("saved answers differ from the file:\n got %+v\nwant %+v", sess.Answers, *want)
	}
	if sess.Name != "Kunde Blåbær" || sess.Answers.Vendor.OrgNumber != "123456785" || sess.Answers.System.Name != "Blåbær Regnskap Pro" {
		t.Errorf("session: %q %+v", sess.Name, sess.Answers.Vendor)
	}
	if got := sess.StepStatus(session.StepRegistration); got != session.InProgress {
		t.Errorf("step 1 is %q, want %q", got, session.InProgress)
	}
	if len(sessionFiles(t, dir)) != 1 {
		t.Errorf("want exactly one session file: %v", sessionFiles(t, dir))
	}

	// The session can be used right away, for example by fill --session.
	if code, _, e := runCLI(t, dir, "", "fill", "--session", id, "--out", t.TempDir()); code != 0 {
		t.Fatalf("fill --session on the new session: %d %s", code, e)
	}
}

func TestSessionsNewAnswersFromStdin(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, dir, string(data), "sessions", "new", "Fra pipe", "--answers", "-")
	if code != 0 || !sessionIDLine.MatchString(out) {
		t.Fatalf("exit %d %q %q", code, out, errOut)
	}
	st, _ := store.Open(dir)
	sess, err := st.Load(strings.TrimSpace(out))
	if err != nil || sess.Answers.Vendor.Name != "Blåbær Regnskap AS" {
		t.Fatalf("%v %+v", err, sess)
	}
}

func TestSessionsNewWithoutAnswers(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, "", "sessions", "new", "Tom økt")
	if code != 0 || !sessionIDLine.MatchString(out) {
		t.Fatalf("exit %d %q %q", code, out, errOut)
	}
	st, _ := store.Open(dir)
	sess, err := st.Load(strings.TrimSpace(out))
	if err != nil {
		t.Fatal(err)
	}
	if sess.Name != "Tom økt" || sess.Answers.Vendor.OrgNumber != "" || sess.StepStatus(session.StepRegistration) != session.NotStarted {
		t.Fatalf("new empty session: %+v", sess)
	}
}

func TestSessionsNewBadAnswersCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	data, err := os.ReadFile("../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Three problems of three kinds: a check digit, an e-mail address and
	// an unknown key (a typo).
	text := strings.Replace(string(data), `"123456785"`, `"123456789"`, 1)
	text = strings.Replace(text, "ase@blabaer.example.no", "ase-at-blabaer", 1)
	text = strings.Replace(text, "  version: ", "  verison: ", 1)
	if text == string(data) {
		t.Fatal("the example changed; update this test")
	}
	if err := os.WriteFile(bad, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCLI(t, dir, "", "sessions", "new", "Kunde Feil", "--answers", bad)
	if code != 2 {
		t.Fatalf("exit %d, want 2\n%s", code, errOut)
	}
	for _, want := range []string{"vendor.org_number", "contact.email", "system.verison", "no session was created"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if out != "" {
		t.Errorf("stdout should be empty (no ID): %q", out)
	}
	if f := sessionFiles(t, dir); len(f) != 0 {
		t.Fatalf("a session was created: %v", f)
	}
	// The name is still free.
	if code, _, e := runCLI(t, dir, "", "sessions", "new", "Kunde Feil"); code != 0 {
		t.Fatalf("name not free after the refusal: %s", e)
	}

	// Norwegian by default.
	_, _, errNB := runCLI(t, dir, "", "--lang", "nb", "sessions", "new", "Kunde Feil 2", "--answers", bad)
	if !strings.Contains(errNB, "ingen økt ble opprettet") {
		t.Errorf("bokmål: %q", errNB)
	}

	// A file that is not there is also exit 2 with nothing made.
	if code, _, e := runCLI(t, dir, "", "sessions", "new", "Kunde X", "--answers", filepath.Join(dir, "missing.yaml")); code != 2 || !strings.Contains(e, "missing.yaml") {
		t.Fatalf("missing file: %d %q", code, e)
	}
	if f := sessionFiles(t, dir); len(f) != 1 {
		t.Fatalf("want only the one good session: %v", f)
	}
}

func TestSessionsNewDuplicateName(t *testing.T) {
	dir := t.TempDir()
	if code, _, e := runCLI(t, dir, "", "sessions", "new", "Kunde Å"); code != 0 {
		t.Fatal(e)
	}
	for _, name := range []string{"Kunde Å", "kunde å", "  Kunde Å "} {
		code, out, errOut := runCLI(t, dir, "", "sessions", "new", name, "--answers", "../examples/answers.yaml")
		if code != 2 || out != "" || !strings.Contains(errOut, `"Kunde Å" already exists`) {
			t.Errorf("duplicate %q: exit %d stdout %q stderr %q", name, code, out, errOut)
		}
	}
	if f := sessionFiles(t, dir); len(f) != 1 {
		t.Fatalf("duplicates were created: %v", f)
	}
	if code, _, e := runCLI(t, dir, "", "sessions", "new", "   "); code != 2 || !strings.Contains(e, "invalid session name") {
		t.Fatalf("blank name: %d %q", code, e)
	}
}
