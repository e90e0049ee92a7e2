package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// exe makes an executable file name in dir.
func exe(t *testing.T, dir, name string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// The quit hint names the program the way it was started: its bare name
// when that is what PATH gives back, `go run .` from the Go tool's build
// folders (where no command of that name exists), else the path as typed,
// quoted for the shell when it needs it.
func TestInvocation(t *testing.T) {
	root := t.TempDir()
	bin := filepath.Join(root, "bin")
	installed := exe(t, bin, "altinn-onboard")
	other := exe(t, filepath.Join(root, "src"), "altinn-onboard")
	spaced := exe(t, filepath.Join(root, "my tools"), "altinn-onboard")
	t.Setenv("PATH", bin)
	for _, tc := range []struct{ arg0, want string }{
		{installed, "altinn-onboard"},
		{"altinn-onboard", "altinn-onboard"},
		// go run: a temp folder, or (Go 1.24 on) the build cache.
		{"/tmp/go-build2564668998/b001/exe/altinn-onboard", "go run ."},
		{"/root/.cache/go-build/71/71e475feef04-d/altinn-onboard", "go run ."},
		// Another copy than the one on PATH: the path, not the name.
		{other, other},
		{"./altinn-onboard", "./altinn-onboard"},
		{spaced, "'" + spaced + "'"},
		{"", "altinn-onboard"},
	} {
		if got := invocation(tc.arg0, exec.LookPath); got != tc.want {
			t.Errorf("invocation(%q) = %q, want %q", tc.arg0, got, tc.want)
		}
	}
}

// The wizard's quit hint and accessible mode's stop hint use it.
func TestQuitHintNamesHowTheProgramWasStarted(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", t.TempDir())
	var out, errb bytes.Buffer
	in := strings.NewReader("Kunde\n2\n123456785\nBlåbær AS\n")
	f := newFactory(&IO{In: in, Out: &out, Err: &errb, Lang: "en", Command: "go run ."}, testBuild)
	code := run(f, []string{"--data-dir", dir, "--accessible"})
	text := out.String() + errb.String()
	if code != 130 || !strings.Contains(text, `Continue with: go run . resume "Kunde" --accessible`) || strings.Contains(text, "altinn-onboard resume") {
		t.Fatalf("exit %d\n%s", code, text)
	}
}

// sessions new ends with how to go on in the wizard, named the way the
// program was started (it said "altinn-onboard resume" under go run too).
func TestSessionsNewHintNamesHowTheProgramWasStarted(t *testing.T) {
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader(""), Out: &out, Err: &errb, Lang: "en", Command: "go run ."}, testBuild)
	if code := run(f, []string{"--data-dir", t.TempDir(), "sessions", "new", "Kunde"}); code != 0 {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "Continue in the wizard with: go run . resume ") {
		t.Fatalf("hint:\n%s", errb.String())
	}
}
