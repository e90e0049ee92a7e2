package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The release's before hook makes the man pages with `man DIR`: one page
// per visible command, dated by the release, naming its version; the
// command itself stays out of --help.
func TestManWritesPages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man")
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader(""), Out: &out, Err: &errb, Lang: "en"}, Build{Version: "1.2.3", Date: "2026-11-30T15:00:00Z"})
	if code := run(f, []string{"--data-dir", t.TempDir(), "man", dir}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	page, err := os.ReadFile(filepath.Join(dir, "altinn-onboard.1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`.TH "ALTINN-ONBOARD" "1" "Nov 2026" "altinn-onboard 1.2.3"`, "altinn-onboard-resume(1)", "--data-dir"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("altinn-onboard.1 lacks %q", want)
		}
	}
	for _, name := range []string{"altinn-onboard-sessions-list.1", "altinn-onboard-resume.1", "altinn-onboard-version.1"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("no page %s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "altinn-onboard-man.1")); err == nil {
		t.Errorf("the hidden man command has a page")
	}
	_, help, _ := runCLI(t, t.TempDir(), "", "--help")
	if strings.Contains(help, "man DIR") || strings.Contains(help, "\n  man ") {
		t.Errorf("--help lists the man command:\n%s", help)
	}
}

// The release stamps the date in; version says it.
func TestVersionSaysBuildDate(t *testing.T) {
	b := Build{Version: "1.2.3", Commit: "abc", Date: "2026-11-30T15:00:00Z"}
	if s := b.String(); !strings.HasPrefix(s, "altinn-onboard 1.2.3 (commit abc, built 2026-11-30T15:00:00Z, ") {
		t.Fatalf("%q", s)
	}
}
