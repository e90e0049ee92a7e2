package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/store"
)

// One store per run (its passphrase asked once), at an absolute path; the
// environment variable names it when the flag does not.
func TestFactoryOneSecretsFilePerRun(t *testing.T) {
	t.Chdir(t.TempDir())
	f := newFactory(&IO{In: strings.NewReader(""), Out: new(bytes.Buffer), Err: new(bytes.Buffer), Lang: "nb"}, testBuild)
	f.Getenv = func(k string) string {
		if k == EnvSecretsFile {
			return "fra-miljøet.age"
		}
		return ""
	}
	k1, ok := f.Keyring().(*store.SecretsFile)
	if !ok {
		t.Fatalf("Keyring() = %T with %s set", f.Keyring(), EnvSecretsFile)
	}
	if k2 := f.Keyring(); k2 != store.Secrets(k1) {
		t.Fatal("a second store in the same run: the passphrase would be asked again")
	}
	wd, _ := os.Getwd()
	if k1.Path() != filepath.Join(wd, "fra-miljøet.age") {
		t.Fatalf("path %q", k1.Path())
	}
	f.secretsFile = "flagget.age"
	if k3 := f.Keyring().(*store.SecretsFile); k3.Path() != filepath.Join(wd, "flagget.age") {
		t.Fatalf("the flag did not win: %q", k3.Path())
	}
	f.secretsFile = ""
	f.Getenv = func(string) string { return "" }
	if _, ok := f.Keyring().(*store.Keyring); !ok {
		t.Fatalf("without the flag or variable: %T, want the OS keyring", f.Keyring())
	}
}

// The wizard gets the passphrase before its first question: a wrong one
// stops it there, naming the file, which is kept as it was.
func TestWizardOpensSecretsFileFirst(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secrets.age")
	right := store.NewSecretsFile(path, func(string, bool) (string, error) { return "riktig", nil })
	if err := right.Set("s1", "api-key", "KANARI7wizard"); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader("Kunde\n2\n"), Out: &out, Err: &errb, Lang: "nb"}, testBuild)
	f.Getenv = func(k string) string {
		if k == EnvSecretsPassphrase {
			return "feil"
		}
		return ""
	}
	code := run(f, []string{"--data-dir", dir, "--secrets-file", path, "--accessible"})
	if code != 1 || !strings.Contains(errb.String(), "Merk: hemmelighetene ligger i den krypterte filen "+path+", IKKE i OS-nøkkelringen (valgt med --secrets-file).") ||
		!strings.Contains(errb.String(), "feil passord for den krypterte hemmelighetsfilen "+path) {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
	if strings.Contains(out.String(), "?") || strings.Contains(out.String()+errb.String(), "KANARI7") {
		t.Fatalf("asked on before the passphrase was checked, or leaked:\n%s", out.String())
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the file was changed")
	}
}

// doctor and secrets list say what chose the secrets file: the flag, the
// environment variable or the profile's secrets_file (naming the
// profile), in both languages; never "--secrets-file" when it was not.
func TestSecretsFileSaysWhatChoseIt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "vault", "s.age")
	profilePath := withProfile(t, dir)
	for _, c := range []struct {
		name     string
		flag     bool
		env      bool
		nb, en   string
		notWords []string
	}{
		{"flag", true, false, "(valgt med --secrets-file)", "(chosen by --secrets-file)", []string{EnvSecretsFile, "profile"}},
		{"env", false, true, "(valgt med $" + EnvSecretsFile + ")", "(chosen by $" + EnvSecretsFile + ")", []string{"--secrets-file"}},
		{"profile", false, false, "(valgt med secrets_file i profilen " + profilePath + ")", "(chosen by secrets_file in the profile " + profilePath + ")", []string{"--secrets-file", EnvSecretsFile}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "profile" {
				if code, _, errOut := runCLI(t, dir, "", "profile", "set", "secrets_file", path); code != 0 {
					t.Fatal(errOut)
				}
			}
			for _, lang := range []string{"nb", "en"} {
				for _, cmd := range [][]string{{"doctor", "--offline"}, {"secrets", "list"}} {
					var out, errb bytes.Buffer
					f := newFactory(&IO{In: strings.NewReader(""), Out: &out, Err: &errb, Lang: lang}, testBuild)
					f.Getenv = func(k string) string {
						if k == EnvSecretsFile && c.env {
							return path
						}
						return ""
					}
					args := []string{"--data-dir", dir, "--lang", lang}
					if c.flag {
						args = append(args, "--secrets-file", path)
					}
					run(f, append(args, cmd...))
					text := out.String() + errb.String()
					want := c.nb
					if lang == "en" {
						want = c.en
					}
					if !strings.Contains(text, path+", "+map[string]string{"nb": "IKKE", "en": "NOT"}[lang]) || !strings.Contains(text, want) {
						t.Errorf("%s %v: lacks %q:\n%s", lang, cmd, want, text)
					}
					for _, w := range c.notWords {
						if strings.Contains(text, "("+map[string]string{"nb": "valgt med", "en": "chosen by"}[lang]+" "+w) {
							t.Errorf("%s %v: names %s:\n%s", lang, cmd, w, text)
						}
					}
				}
			}
		})
	}
}
