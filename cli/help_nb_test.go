package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpTree is the program's command tree as run builds it, its help put
// in lang.
func helpTree(t *testing.T, lang string) *cobra.Command {
	t.Helper()
	f := newFactory(&IO{In: strings.NewReader(""), Out: new(bytes.Buffer), Err: new(bytes.Buffer), Lang: lang}, testBuild)
	root := newCmdRoot(f)
	root.InitDefaultCompletionCmd()
	root.InitDefaultHelpCmd()
	localizeHelp(root, f, lang)
	return root
}

func eachCommand(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, s := range c.Commands() {
		eachCommand(s, fn)
	}
}

// In Norwegian every command says what it does in Norwegian, and every
// flag too: a command or flag added without its Norwegian text fails
// here. A command with a long description has a Norwegian one.
func TestEveryCommandAndFlagHasNorwegianHelp(t *testing.T) {
	en, nb := map[string]*cobra.Command{}, map[string]*cobra.Command{}
	eachCommand(helpTree(t, "en"), func(c *cobra.Command) { en[c.CommandPath()] = c })
	eachCommand(helpTree(t, "nb"), func(c *cobra.Command) { nb[c.CommandPath()] = c })
	for path, c := range nb {
		e := en[path]
		if c.Short == e.Short {
			t.Errorf("%s: Short is not in Norwegian: %q", path, c.Short)
		}
		if e.Long != "" && c.Long == e.Long {
			t.Errorf("%s: Long is not in Norwegian", path)
		}
		c.Flags().VisitAll(func(fl *pflag.Flag) {
			if ef := e.Flags().Lookup(fl.Name); ef != nil && ef.Usage == fl.Usage {
				t.Errorf("%s --%s: usage is not in Norwegian: %q", path, fl.Name, fl.Usage)
			}
		})
	}
	if len(nb) < 40 {
		t.Fatalf("only %d commands seen", len(nb))
	}
}

// --help speaks the user's language: Norwegian by default, English with
// --lang en; the command names and flags stay as they are.
func TestHelpInTheUsersLanguage(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		want, not []string
	}{
		{[]string{"sessions", "new", "--help"}, []string{"Lag en økt uten veiviseren", "Bruk:", "sessions new NAME", "Flagg:", "Felles flagg:", "--answers string", "svarfilen", "(standard 10s)"},
			[]string{"Usage:", "Flags:", "Create a session", "[flags]", "(default"}},
		{[]string{"--lang", "en", "sessions", "new", "--help"}, []string{"Create a session without the wizard", "Usage:", "Flags:", "Global Flags:", "--answers string"},
			[]string{"Bruk:", "Lag en økt"}},
		{[]string{"--help"}, []string{"Kommandoer:", "19. juni 2026", "sessions", "hjelp for altinn-onboard"}, []string{"Available Commands:"}},
		{[]string{"help", "fill"}, []string{"registreringspakken", "--answers string"}, nil},
	} {
		var out, errb bytes.Buffer
		code := runIn(append([]string{"--data-dir", t.TempDir()}, tc.args...), strings.NewReader(""), &out, &errb, false)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errb.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v lacks %q:\n%s", tc.args, w, out.String())
			}
		}
		for _, n := range tc.not {
			if strings.Contains(out.String(), n) {
				t.Errorf("%v shows %q:\n%s", tc.args, n, out.String())
			}
		}
	}
}

// The man pages of a release are in English whatever the language of the
// one who builds it.
func TestManPagesStayEnglish(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader(""), Out: &out, Err: &errb, Lang: "nb"}, Build{Version: "1.2.3", Date: "2026-11-30T15:00:00Z"})
	if code := run(f, []string{"--data-dir", t.TempDir(), "man", dir}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	page, err := os.ReadFile(filepath.Join(dir, "altinn-onboard-sessions-new.1"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Create a session without the wizard") || strings.Contains(string(page), "Lag en økt") {
		t.Errorf("the man page is not in English:\n%s", page)
	}
}
