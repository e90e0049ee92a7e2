package steps

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// With --secrets-file the secrets screen stores in the encrypted file and
// says so where it names the place, never the OS keyring.
func TestSecretsScreenSecretsFile(t *testing.T) {
	dir := t.TempDir()
	path := store.DefaultSecretsFile(dir)
	asked := 0
	sf := store.NewSecretsFile(path, func(string, bool) (string, error) { asked++; return "passord for test", nil })
	if err := sf.Unlock(); err != nil {
		t.Fatal(err)
	}
	sess := session.New("Filbasert", time.Now())
	ctx := &ui.Context{Session: sess, Lang: "nb", NoColor: true}
	specs := []SecretSpec{{Name: SecretRESTAPIKeyTT02, LabelNB: "API-nøkkel for TT02", LabelEN: "API key for TT02"}}
	var s ui.Screen = NewSecretsScreen(ctx, Deps{Secrets: sf, Now: time.Now}, "", specs)
	s.SetSize(140, 30)
	s = drive(t, s, s.(*SecretsScreen).Init()())
	v := s.View()
	if !strings.Contains(v, "den krypterte hemmelighetsfilen "+path) || strings.Contains(v, "OS-nøkkelringen") {
		t.Fatalf("the screen does not say the secret lives in %s:\n%s", path, v)
	}

	const canary = "canary-fil-Æ9x7"
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(canary), Paste: true})
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter}, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(canary), Paste: true})
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	if got, err := store.NewSecretsFile(path, func(string, bool) (string, error) { return "passord for test", nil }).Get(sess.ID, SecretRESTAPIKeyTT02); err != nil || got != canary {
		t.Fatalf("the file has %q, %v", got, err)
	}
	if asked != 1 {
		t.Fatalf("passphrase asked %d times", asked)
	}
	if strings.Contains(s.View(), canary) {
		t.Fatal("the secret is on screen")
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if data, _ := os.ReadFile(p); bytes.Contains(data, []byte(canary)) {
				t.Errorf("the secret is in plain text in %s", p)
			}
		}
		return nil
	})
}

// The screens that said "only in the OS keyring" name the file instead
// when the fallback is in use.
func TestSecretScreensNameTheSecretsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.age")
	d := Deps{Secrets: store.NewSecretsFile(path, nil), Now: time.Now}
	sess := session.New("Filbasert", time.Now())
	sess.Answers.System.Interfaces = []string{session.InterfaceSOAP, session.InterfaceREST}
	sess.Answers.System.AuthMethods = []string{session.AuthSystemIDPassword}
	for _, lang := range []string{"nb", "en"} {
		ctx := &ui.Context{Session: sess, Lang: lang, NoColor: true}
		for name, s := range map[string]ui.Screen{
			"api keys":        newAPIKeyScreen(ctx, d, ""),
			"system password": newSystemPasswordScreen(ctx, d, ""),
		} {
			s.SetSize(200, 40)
			v := s.View()
			if !strings.Contains(v, path) || strings.Contains(v, "in the OS keyring only") || strings.Contains(v, "bare i OS-nøkkelringen") {
				t.Errorf("%s/%s does not say the secrets are in %s:\n%s", name, lang, path, v)
			}
		}
	}
}
