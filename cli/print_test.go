package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// hostile is text an imported session could carry: it retitles the
// terminal (OSC 0 … BEL), clears the screen (CSI 2J), sends an 8-bit CSI
// (U+009B) and reverses what follows (RIGHT-TO-LEFT OVERRIDE).
const hostile = "Fjord\x1b]0;pwned\x07 AS\x1b[2J\u009b31m\u202eSA"

// shown is how hostile must appear: every control visible.
const shown = `Fjord\x1b]0;pwned\x07 AS\x1b[2J\u009b31m\u202eSA`

// wantSafe fails if out holds a character that drives a terminal.
func wantSafe(t *testing.T, what, out string) {
	t.Helper()
	if i := strings.IndexFunc(out, func(r rune) bool {
		return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == '\u202e'
	}); i >= 0 {
		t.Fatalf("%s sends %q to the terminal:\n%q", what, out[i:min(len(out), i+8)], out)
	}
}

func hostileSession(t *testing.T) (dir string) {
	t.Helper()
	dir, st, sess := newTestSession(t, "Kunde")
	sess.Name = hostile
	sess.Answers.Vendor.Name = hostile
	sess.Answers.Vendor.OrgNumber = "\x1b[2J"
	if err := st.Save(sess); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSessionsListShowsControlCharacters(t *testing.T) {
	dir := hostileSession(t)
	code, out, stderr := runCLI(t, dir, "", "sessions", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	wantSafe(t, "sessions list", out)
	if strings.Count(out, shown) != 2 || !strings.Contains(out, `\x1b[2J`) {
		t.Fatalf("the name and vendor are not shown:\n%s", out)
	}

	code, out, _ = runCLI(t, dir, "", "sessions", "list", "--json")
	wantSafe(t, "sessions list --json", out)
	var got listOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if len(got.Sessions) != 1 || got.Sessions[0].Name != hostile || got.Sessions[0].Vendor != hostile {
		t.Fatalf("JSON does not hold the same values: %+v", got.Sessions)
	}

	id := got.Sessions[0].ID
	code, out, stderr = runCLI(t, dir, "", "sessions", "export", id)
	wantSafe(t, "sessions export", out)
	if code != 0 || !strings.Contains(out, `Fjord\u001b]0;pwned\u0007 AS\u001b[2J\u009b31m\u202eSA`) {
		t.Fatalf("exit %d %s:\n%s", code, stderr, out)
	}
	var exported map[string]any
	if err := json.Unmarshal([]byte(out), &exported); err != nil || exported["name"] != hostile {
		t.Fatalf("export does not hold the name: %v %v", err, exported["name"])
	}
	for _, args := range [][]string{
		{"sessions", "rename", id, "Kunde \u202eSA"},
		{"sessions", "delete", "--yes", id},
	} {
		for _, lang := range []string{"en", "nb"} {
			code, out, stderr := runCLI(t, dir, "", append([]string{"--lang", lang}, args...)...)
			wantSafe(t, strings.Join(args, " "), out+stderr)
			if lang == "nb" && code != 0 {
				t.Fatalf("%v: exit %d %s", args, code, stderr)
			}
			if code == 0 {
				break
			}
		}
	}
}

func TestSecretsListShowsControlCharacters(t *testing.T) {
	keyringtest.Require(t)
	dir := hostileSession(t)
	for _, args := range [][]string{{"secrets", "list"}, {"secrets", "list", "--json"}} {
		code, out, stderr := runCLI(t, dir, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d %s", args, code, stderr)
		}
		wantSafe(t, strings.Join(args, " "), out)
	}
	_, out, _ := runCLI(t, dir, "", "secrets", "list")
	if !strings.Contains(out, shown) {
		t.Fatalf("the name is not shown:\n%s", out)
	}
}

func TestDoctorShowsControlCharacters(t *testing.T) {
	dir, st, sess := newTestSession(t, "Kunde")
	sess.Name = hostile
	sess.Settings.TemplatesDir = "/nowhere/\x1b[2J"
	if err := st.Save(sess); err != nil {
		t.Fatal(err)
	}
	_, out, stderr := runCLI(t, dir, "", "doctor", "--keyring-timeout", "1ms")
	wantSafe(t, "doctor", out+stderr)
	if !strings.Contains(out, "The templates folder of session(s) «"+shown+"» cannot be used: the templates folder /nowhere/\\x1b[2J does not exist") {
		t.Fatalf("doctor does not show the session and its folder:\n%s", out)
	}
}
