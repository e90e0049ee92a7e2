package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

// doctorLine returns the first report line starting with status (OK or
// PROBLEM) that contains every one of words, with its fix line, or "".
func doctorLine(out, status string, words ...string) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, status) {
			continue
		}
		all := true
		for _, w := range words {
			all = all && strings.Contains(l, w)
		}
		if all {
			if i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "Fix:") {
				return l + "\n" + lines[i+1]
			}
			return l
		}
	}
	return ""
}

func TestDoctorKeyringWorks(t *testing.T) {
	keyringtest.Require(t)
	dir := filepath.Join(t.TempDir(), "data") // made by doctor, so 0700
	code, out, errOut := runCLI(t, dir, "", "doctor")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range [][]string{
		{"OS keyring works"},
		{"Data folder", dir, "private, 0700"},
		{"Sessions: 0"},
		{"Templates:", "built-in"},
		{"go1."},
	} {
		if doctorLine(out, "OK", want...) == "" {
			t.Errorf("no OK line with %q:\n%s", want, out)
		}
	}
	// The throw-away entry is written to the keyring only, never to disk.
	if entries, _ := os.ReadDir(filepath.Join(dir, "sessions")); len(entries) != 0 {
		t.Errorf("doctor left files behind: %v", entries)
	}
}

// Without a D-Bus session bus the keyring check fails with the typed
// error's text and the D-Bus fix, and the exit status is 1. This runs in
// this process: with DBUS_SESSION_BUS_ADDRESS empty the store says "no
// D-Bus" before godbus is asked, so a connection godbus cached for an
// earlier test cannot hide the problem.
func TestDoctorNoDBus(t *testing.T) {
	if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err == nil {
		t.Skipf("/run/user/%d/bus exists, so an unset DBUS_SESSION_BUS_ADDRESS still finds a bus on this machine", os.Getuid())
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	dir := filepath.Join(t.TempDir(), "data") // made by the program, so private

	code, out, errOut := runCLI(t, dir, "", "doctor")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the keyring is essential)\n%s", code, out)
	}
	line := doctorLine(out, "PROBLEM", "keyring", "no D-Bus session bus")
	if line == "" || !strings.Contains(line, "Fix:") || !strings.Contains(line, "dbus-run-session") || !strings.Contains(line, "desktop session") {
		t.Fatalf("no keyring problem with the D-Bus fix:\n%s", out)
	}
	if !strings.Contains(errOut, "1 essential check(s) failed") {
		t.Errorf("stderr: %q", errOut)
	}
	// The rest is still checked and fine.
	if doctorLine(out, "OK", "Data folder") == "" || doctorLine(out, "OK", "Templates:") == "" {
		t.Errorf("other checks missing:\n%s", out)
	}

	_, out, _ = runCLI(t, dir, "", "--lang", "nb", "doctor")
	if !strings.Contains(out, "ingen D-Bus-sesjonsbuss") || !strings.Contains(out, "Løsning: logg inn i en skrivebordsøkt") {
		t.Errorf("bokmål:\n%s", out)
	}
}

// okKeyring is a keyring that works, for the checks that are not about
// the keyring.
type okKeyring struct{ m map[string]string }

func (k *okKeyring) Set(id, name, value string) error {
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[store.Account(id, name)] = value
	return nil
}

func (k *okKeyring) Get(id, name string) (string, error) {
	v, ok := k.m[store.Account(id, name)]
	if !ok {
		return "", &store.SecretError{Op: "get", Name: name, Kind: store.ErrSecretNotFound}
	}
	return v, nil
}

func (k *okKeyring) Delete(id, name string) error { delete(k.m, store.Account(id, name)); return nil }

func (k *okKeyring) Known(string, []string) ([]store.SecretStatus, error) { return nil, nil }

func (k *okKeyring) DeleteAll(string, []string) error { return nil }

// lockedKeyring fails every call as a locked keyring does.
type lockedKeyring struct{ okKeyring }

func (lockedKeyring) Set(id, name, value string) error {
	return &store.SecretError{Op: "set", Name: name, Kind: store.ErrKeyringLocked}
}

// runDoctor runs doctor in-process on dataDir with the keyring given,
// and the rest real; o says the flags.
func runDoctor(t *testing.T, dataDir string, kr store.Secrets, o doctorOptions) (code int, out, errOut string) {
	t.Helper()
	var ob, eb bytes.Buffer
	o.IO = &IO{Out: &ob, Err: &eb, In: strings.NewReader(""), Lang: "en"}
	o.Build = testBuild
	o.DataDir = func() (string, error) { return dataDir, nil }
	o.Keyring = func() store.Secrets { return kr }
	if o.FindLibreOffice == nil {
		o.FindLibreOffice = templates.FindLibreOffice
	}
	err := doctorRun(&o)
	code = 0
	if err != nil {
		code = 1
		if ee, ok := err.(*exitError); ok {
			code = ee.code
		}
		eb.WriteString(err.Error())
	}
	return code, ob.String(), eb.String()
}

// A corrupt session file is named, left as it is, and (not being
// essential) leaves the exit status 0.
func TestDoctorNamesCorruptSession(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Create("Kunde God", session.TrackAltinnII); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(st.SessionsDir(), "00000000deadbeef.json")
	if err := os.WriteFile(bad, []byte("{broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runDoctor(t, dir, &okKeyring{}, doctorOptions{})
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	if line := doctorLine(out, "PROBLEM", bad); line == "" || !strings.Contains(line, "Fix:") {
		t.Fatalf("the corrupt file is not named with a fix:\n%s", out)
	}
	if doctorLine(out, "OK", "Sessions: 1") == "" || doctorLine(out, "OK", "OS keyring works") == "" {
		t.Errorf("report:\n%s", out)
	}
	if b, _ := os.ReadFile(bad); string(b) != "{broken" {
		t.Fatal("doctor touched the corrupt file")
	}

	// And through the real command line too (whatever the keyring here).
	_, out, _ = runCLI(t, dir, "", "doctor")
	if doctorLine(out, "PROBLEM", bad) == "" {
		t.Fatalf("the CLI does not name the corrupt file:\n%s", out)
	}
}

func TestDoctorExitStatus(t *testing.T) {
	t.Run("locked keyring is essential", func(t *testing.T) {
		code, out, _ := runDoctor(t, filepath.Join(t.TempDir(), "data"), &lockedKeyring{}, doctorOptions{})
		line := doctorLine(out, "PROBLEM", "keyring", "locked")
		if code != 1 || !strings.Contains(line, "Fix: unlock the keyring") {
			t.Fatalf("exit %d\n%s", code, out)
		}
	})
	t.Run("missing LibreOffice is not", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		code, out, _ := runDoctor(t, t.TempDir(), &okKeyring{}, doctorOptions{})
		line := doctorLine(out, "PROBLEM", "LibreOffice was not found")
		if code != 0 || !strings.Contains(line, "Fix:") || !strings.Contains(out, "Everything needed works") {
			t.Fatalf("exit %d\n%s", code, out)
		}
	})
	t.Run("unusable data folder is essential", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "a-file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, _ := runDoctor(t, file, &okKeyring{}, doctorOptions{})
		if code != 1 || doctorLine(out, "PROBLEM", "data folder", file) == "" {
			t.Fatalf("exit %d\n%s", code, out)
		}
	})
	t.Run("loose data folder is said so and left as it is", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		code, out, _ := runDoctor(t, dir, &okKeyring{}, doctorOptions{})
		if code != 0 || !strings.Contains(doctorLine(out, "PROBLEM", "not private", "0755"), "Fix: chmod 700") {
			t.Fatalf("exit %d\n%s", code, out)
		}
		if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o755 {
			t.Fatalf("doctor changed the data folder to %o", fi.Mode().Perm())
		}
	})
	t.Run("broken templates folder given is essential", func(t *testing.T) {
		tpl := t.TempDir()
		if err := os.WriteFile(filepath.Join(tpl, "bestilling.docx"), []byte("not a zip"), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, _ := runDoctor(t, t.TempDir(), &okKeyring{}, doctorOptions{TemplatesDir: tpl})
		if code != 1 || doctorLine(out, "PROBLEM", "templates", "bestilling.docx") == "" {
			t.Fatalf("exit %d\n%s", code, out)
		}
	})
}
