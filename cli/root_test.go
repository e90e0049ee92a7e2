package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// testBuild is what the tests' program says it is.
var testBuild = Build{Version: "test"}

// runIn runs the program in-process with the real dependencies (folders,
// keyring, clock) on the streams given.
func runIn(args []string, in io.Reader, out, errw io.Writer, stdinTTY bool) int {
	return run(newFactory(&IO{In: in, Out: out, Err: errw, InIsTerminal: stdinTTY, Lang: "nb"}, testBuild), args)
}

// runCLI runs the program in-process with its own data folder.
func runCLI(t *testing.T, dataDir, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runIn(append([]string{"--data-dir", dataDir, "--lang", "en"}, args...), strings.NewReader(stdin), &out, &errb, false)
	return code, out.String(), errb.String()
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, t.TempDir(), "", "version")
	if code != 0 || !strings.HasPrefix(out, "altinn-onboard ") || !strings.Contains(out, runtime.Version()) || !strings.Contains(out, "commit") {
		t.Fatalf("version: %d %q", code, out)
	}
}

func TestHelpListsCommands(t *testing.T) {
	code, out, _ := runCLI(t, t.TempDir(), "", "--help")
	for _, want := range []string{"sessions", "version", "completion", "19 June 2026"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
}

func TestBadLangIsUsageError(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runIn([]string{"--lang", "de", "version"}, strings.NewReader(""), &out, &errb, false); code != 2 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}

func TestSessionsHeadless(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := st.Create("Kunde Å", session.TrackAltinnII)
	a.Answers.Vendor = session.Vendor{Name: "Å AS", OrgNumber: "123456785"}
	st.Save(a)
	st.Create("Kunde B", session.TrackAltinnII)
	bad := filepath.Join(st.SessionsDir(), "00000000deadbeef.json")
	os.WriteFile(bad, []byte("{broken"), 0o600)

	code, out, errOut := runCLI(t, dir, "", "sessions", "list")
	if code != 0 || !strings.Contains(out, "Kunde Å") || !strings.Contains(out, "Kunde B") || !strings.Contains(out, "1/6") {
		t.Fatalf("list: %d %q", code, out)
	}
	if !strings.Contains(errOut, bad) {
		t.Fatalf("list does not name the bad file: %q", errOut)
	}

	code, out, _ = runCLI(t, dir, "", "sessions", "list", "--json")
	var lo listOutput
	if err := json.Unmarshal([]byte(out), &lo); err != nil || code != 0 {
		t.Fatalf("json list: %v %q", err, out)
	}
	if len(lo.Sessions) != 2 || len(lo.Unreadable) != 1 || lo.Unreadable[0].Path != bad {
		t.Fatalf("json list: %+v", lo)
	}

	exp := filepath.Join(t.TempDir(), "kunde.json")
	if code, _, e := runCLI(t, dir, "", "sessions", "export", "kunde å", "-o", exp); code != 0 {
		t.Fatalf("export: %s", e)
	}
	if fi, err := os.Stat(exp); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Fatalf("export file: %v %v", fi, err)
	}
	if code, out, e := runCLI(t, dir, "", "sessions", "import", exp); code != 0 || !strings.Contains(out, "Kunde Å (2)") {
		t.Fatalf("import: %d %q %q", code, out, e)
	}
	if code, _, e := runCLI(t, dir, "", "sessions", "rename", "Kunde B", "Kunde C"); code != 0 {
		t.Fatalf("rename: %s", e)
	}
	// Without a terminal and without --yes, delete refuses and keeps the file.
	if code, _, e := runCLI(t, dir, "", "sessions", "delete", "Kunde C"); code != 2 || !strings.Contains(e, "--yes") {
		t.Fatalf("delete without --yes: %d %q", code, e)
	}
	if code, out, e := runCLI(t, dir, "", "sessions", "delete", "--yes", "Kunde C"); code != 0 || !strings.Contains(out, "Deleted") {
		t.Fatalf("delete: %d %q %q", code, out, e)
	}
	_, out, _ = runCLI(t, dir, "", "sessions", "list")
	if strings.Contains(out, "Kunde C") || !strings.Contains(out, "Kunde Å (2)") {
		t.Fatalf("after delete: %q", out)
	}
	if b, _ := os.ReadFile(bad); string(b) != "{broken" {
		t.Fatal("the corrupt file was touched")
	}
	if code, _, e := runCLI(t, dir, "", "sessions", "delete", "--yes", "nobody"); code != 1 || !strings.Contains(e, `no session matches "nob…"`) || strings.Contains(e, "nobody") {
		t.Fatalf("delete unknown: %d %q", code, e)
	}
}

func TestDeleteAsksOnTerminal(t *testing.T) {
	dir := t.TempDir()
	st, _ := store.Open(dir)
	st.Create("Spør meg", session.TrackAltinnII)
	var out, errb bytes.Buffer
	code := runIn([]string{"--data-dir", dir, "--lang", "en", "sessions", "delete", "Spør meg"}, strings.NewReader("no\n"), &out, &errb, true)
	if code != 0 || !strings.Contains(out.String(), "Nothing deleted") {
		t.Fatalf("answer no: %d %q", code, out.String())
	}
	if l, _, _ := st.List(); len(l) != 1 {
		t.Fatal("deleted although the user said no")
	}
	// No answer at all (ctrl+D): refused, status 2, nothing deleted.
	out.Reset()
	errb.Reset()
	code = runIn([]string{"--data-dir", dir, "sessions", "delete", "Spør meg"}, strings.NewReader(""), &out, &errb, true)
	if l, _, _ := st.List(); code != 2 || len(l) != 1 || !strings.Contains(errb.String(), "--yes") || strings.Contains(out.String(), "Ingenting slettet") {
		t.Fatalf("no answer: %d %q %q", code, out.String(), errb.String())
	}
	out.Reset()
	code = runIn([]string{"--data-dir", dir, "sessions", "delete", "Spør meg"}, strings.NewReader("ja\n"), &out, &errb, true)
	if l, _, _ := st.List(); code != 0 || len(l) != 0 {
		t.Fatalf("answer ja did not delete: %d %q", code, out.String())
	}
}
