package steps

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// A look at the keyring that a secrets screen started before a secret
// was stored must not take that secret's reference out of the session
// when it answers late, at the next secrets screen (the wizard's jump to
// the same screen builds a new one). Under load the canary test lost the
// TT02 API key's reference this way: the keyring had the key, the session
// no longer knew of it, so deleting the session would have left it behind.
func TestLateKeyringCheckKeepsNewSecret(t *testing.T) {
	k := keyringtest.Require(t)
	sess := session.New("Sen sjekk", time.Now())
	sess.ID = keyringtest.SessionID()
	defer k.DeleteAll(sess.ID, AltinnII(Deps{}).SecretNames())
	d := Deps{Secrets: k, Now: time.Now}
	ctx := &ui.Context{Session: sess, Lang: "nb", NoColor: true}
	specs := []SecretSpec{{Name: SecretRESTAPIKeyTT02, LabelNB: "API-nøkkel for TT02", LabelEN: "API key for TT02"}}

	first := NewSecretsScreen(ctx, d, "", specs)
	first.SetSize(100, 30)
	stale := first.Init()() // looks before the key is stored: "not set"
	var s ui.Screen = first
	drive(t, s, tea.KeyMsg{Type: tea.KeyEnter},
		tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("KANARI7tt02"), Paste: true},
		tea.KeyMsg{Type: tea.KeyEnter},
		tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("KANARI7tt02"), Paste: true},
		tea.KeyMsg{Type: tea.KeyEnter})
	if !hasRef(sess, SecretRESTAPIKeyTT02) {
		t.Fatalf("the stored key has no reference: %+v", sess.Secrets)
	}

	second := NewSecretsScreen(ctx, d, "", specs)
	second.SetSize(100, 30)
	s = drive(t, second, second.Init()(), stale) // its own look first, then the late one
	if !hasRef(sess, SecretRESTAPIKeyTT02) {
		t.Fatalf("a late look at the keyring took the reference out: %+v", sess.Secrets)
	}
	wantScreen(t, s, "API-nøkkel for TT02 — lagret")
}
