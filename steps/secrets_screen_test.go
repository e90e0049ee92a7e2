package steps

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

func keys(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func TestSecretsScreenRealKeyring(t *testing.T) {
	k := keyringtest.Require(t)
	sess := session.New("Hemmelig", time.Now())
	sess.ID = keyringtest.SessionID()
	defer k.DeleteAll(sess.ID, AltinnII(Deps{}).SecretNames())
	d := Deps{Secrets: k, Now: time.Now}
	ctx := &ui.Context{Session: sess, Lang: "nb", NoColor: true}
	const canary = "canary-Æ9x7-apikey"
	specs := []SecretSpec{
		{Name: SecretRESTAPIKeyTT02, LabelNB: "API-nøkkel for TT02", LabelEN: "API key for TT02"},
		{Name: SecretSystemPassword, LabelNB: "Systempassord", LabelEN: "System password",
			Check: func(v, lang string) error {
				if err := forms.SystemPassword(v); err != nil {
					return errors.New(forms.Localize(err, forms.Lang(lang)))
				}
				return nil
			}},
	}
	var s ui.Screen = NewSecretsScreen(ctx, d, "", specs)
	s.SetSize(100, 30)
	s = drive(t, s, s.(*SecretsScreen).Init()())
	if v := s.View(); !strings.Contains(v, "ikke satt") || !strings.Contains(v, "altinn-onboard / "+sess.ID+"/rest-api-key-tt02") {
		t.Fatalf("status and place not shown:\n%s", v)
	}

	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	if !s.Editing() {
		t.Fatal("enter did not open the input")
	}
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(canary), Paste: true})
	if strings.Contains(s.View(), canary) {
		t.Fatal("the secret is echoed on screen")
	}
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter}, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(canary), Paste: true})
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	if got, err := k.Get(sess.ID, SecretRESTAPIKeyTT02); err != nil || got != canary {
		t.Fatalf("keyring has %q, %v", got, err)
	}
	if v := s.View(); !strings.Contains(v, "● API-nøkkel for TT02 — lagret") || strings.Contains(v, canary) {
		t.Fatalf("after set:\n%s", v)
	}
	if len(sess.Secrets) != 1 || sess.Secrets[0].Account != sess.ID+"/rest-api-key-tt02" {
		t.Fatalf("reference not recorded: %+v", sess.Secrets)
	}
	data, _ := session.Encode(sess)
	if strings.Contains(string(data), canary) {
		t.Fatal("the secret reached the session")
	}

	// A system password that breaks the rule is refused; what was typed stays.
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyDown})
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	s = drive(t, s, keys("kort1"))
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	if v := s.View(); !strings.Contains(v, "minst 7 tegn") || !s.Editing() {
		t.Fatalf("weak password accepted or message missing:\n%s", v)
	}
	s = drive(t, s, keys("23abc"))
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter}, keys("kort123abc"))
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	if got, _ := k.Get(sess.ID, SecretSystemPassword); got != "kort123abc" {
		t.Fatalf("system password = %q", got)
	}

	// Delete asks first, then removes the secret and its reference.
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyUp})
	s = drive(t, s, keys("d"))
	if !strings.Contains(s.View(), "Slette API-nøkkel for TT02") {
		t.Fatalf("no confirmation:\n%s", s.View())
	}
	drive(t, s, keys("j"))
	if _, err := k.Get(sess.ID, SecretRESTAPIKeyTT02); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("not deleted: %v", err)
	}
	if hasRef(sess, SecretRESTAPIKeyTT02) || !hasRef(sess, SecretSystemPassword) {
		t.Fatalf("references: %+v", sess.Secrets)
	}
}

// Without a working keyring the screen says what is wrong and what to do.
func TestSecretsScreenNoKeyring(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	sess := session.New("Uten", time.Now())
	ctx := &ui.Context{Session: sess, Lang: "en"}
	var s ui.Screen = NewSecretsScreen(ctx, Deps{Secrets: store.NewKeyring(time.Second), Now: time.Now}, "", []SecretSpec{{Name: SecretSMTPPassword, LabelEN: "SMTP password"}})
	s.SetSize(100, 30)
	s = drive(t, s, s.(*SecretsScreen).Init()())
	if v := s.View(); !strings.Contains(v, "D-Bus") {
		t.Fatalf("no explanation:\n%s", v)
	}
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	if s.Editing() {
		t.Fatal("offered to store a secret without a keyring")
	}
}
