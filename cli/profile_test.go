package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// withProfile gives the test a config folder of its own, with a profile
// set through `profile set` as a user would.
func withProfile(t *testing.T, dataDir string, kv ...string) string {
	t.Helper()
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	for i := 0; i < len(kv); i += 2 {
		if code, _, errOut := runCLI(t, dataDir, "", "profile", "set", kv[i], kv[i+1]); code != 0 {
			t.Fatalf("profile set %s: exit %d: %s", kv[i], code, errOut)
		}
	}
	return filepath.Join(cfg, "altinn-onboard", "profile.yaml")
}

var testProfile = []string{
	"name", "Kari Konsulent", "email", "kari@konsulent.no", "phone", "912 34 567",
	"cc", "arkiv@konsulent.no", "output_dir", "/srv/onboarding",
}

func loadSession(t *testing.T, dataDir, ref string) *session.Session {
	t.Helper()
	st, err := store.Open(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.Resolve(ref)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// `sessions new` takes the profile's contact, cc and output folder; an
// answers file's own contact and cc stay as they are.
func TestSessionsNewTakesProfileDefaults(t *testing.T) {
	dir := t.TempDir()
	withProfile(t, dir, testProfile...)
	if code, _, errOut := runCLI(t, dir, "", "sessions", "new", "Kunde A"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	s := loadSession(t, dir, "Kunde A")
	want := session.Person{Name: "Kari Konsulent", Email: "kari@konsulent.no", Phone: "+4791234567"}
	if s.Answers.Contact != want || s.Answers.Cc != "arkiv@konsulent.no" || s.Settings.OutputDir != "/srv/onboarding" {
		t.Fatalf("no defaults: %+v cc %q out %q", s.Answers.Contact, s.Answers.Cc, s.Settings.OutputDir)
	}

	if code, _, errOut := runCLI(t, dir, "", "sessions", "new", "Kunde B", "--answers", "../examples/answers.yaml", "--track", "altinn2"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b := loadSession(t, dir, "Kunde B")
	if b.Answers.Contact == want || b.Answers.Contact.Name == "" {
		t.Fatalf("the profile replaced the answers file's contact: %+v", b.Answers.Contact)
	}
	if b.Settings.OutputDir != "/srv/onboarding" {
		t.Fatalf("output folder not defaulted: %q", b.Settings.OutputDir)
	}
}

// The wizard's new session (here the accessible wizard, which creates it
// as the picker does, through the store) gets the same defaults.
func TestWizardNewSessionTakesProfileDefaults(t *testing.T) {
	dir := t.TempDir()
	withProfile(t, dir, testProfile...)
	runAccessible(t, dir, nil, []string{"Kunde W", ""}, "--accessible")
	s := loadSession(t, dir, "Kunde W")
	if s.Answers.Contact.Email != "kari@konsulent.no" || s.Settings.OutputDir != "/srv/onboarding" {
		t.Fatalf("no defaults: %+v out %q", s.Answers.Contact, s.Settings.OutputDir)
	}
}

// A profile that cannot be read stops a new session with a message naming
// the file, and the file is kept.
func TestCorruptProfileStopsNewSessionAndIsKept(t *testing.T) {
	dir := t.TempDir()
	path := withProfile(t, dir, "name", "Kari")
	bad := []byte("name: [oops\n")
	if err := os.WriteFile(path, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, dir, "", "sessions", "new", "Kunde C")
	if code != 1 || !strings.Contains(errOut, path) || !strings.Contains(errOut, "cannot be read") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got, _ := os.ReadFile(path); string(got) != string(bad) {
		t.Fatalf("file changed: %q", got)
	}
	if files := sessionFiles(t, dir); len(files) != 0 {
		t.Fatalf("a session was made: %v", files)
	}
}

func TestProfileShowJSONAndSetErrors(t *testing.T) {
	dir := t.TempDir()
	path := withProfile(t, dir, "smtp.host", "smtp.konsulent.no", "smtp.port", "465", "smtp.security", "tls")
	code, out, _ := runCLI(t, dir, "", "profile", "show", "--json")
	var got profileShowOutput
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("exit %d: %s", code, out)
	}
	if got.Path != path || !got.Exists || got.Profile.SMTP.Port != 465 || got.SMTPPassword.Account != "profile/smtp-password" {
		t.Fatalf("got %+v", got)
	}
	code, _, errOut := runCLI(t, dir, "", "profile", "set", "smtp.security", "none")
	if code != 2 || !strings.Contains(errOut, "smtp.security: ") || !strings.Contains(errOut, "smtp.konsulent.no") {
		t.Fatalf("none to a remote host: exit %d: %s", code, errOut)
	}
	code, _, errOut = runCLI(t, dir, "", "profile", "set", "colour", "blue")
	if code != 2 || !strings.Contains(errOut, "name, email, phone, company, cc, output_dir, smtp.host") {
		t.Fatalf("unknown key: exit %d: %s", code, errOut)
	}
}

// The wizard's profile hint: given, naming the file and the command,
// only while there is no profile file.
func TestProfileHintOnlyWithoutAProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "altinn-onboard", "profile.yaml")
	hint := profileHint(func() (string, error) { return path, nil })
	if hint == nil {
		t.Fatal("no hint without a profile file")
	}
	for _, lang := range []string{"nb", "en"} {
		if h := hint(lang); !strings.Contains(h, path) || !strings.Contains(h, `altinn-onboard profile set name "Kari Nordmann"`) || strings.Contains(h, "\n") {
			t.Errorf("%s: %q", lang, h)
		}
	}
	if hint("nb") == hint("en") {
		t.Error("the same hint in both languages")
	}
	os.MkdirAll(filepath.Dir(path), 0o700)
	os.WriteFile(path, []byte("name: Kari\n"), 0o600)
	if profileHint(func() (string, error) { return path, nil }) != nil {
		t.Error("a hint although the profile exists")
	}
}
