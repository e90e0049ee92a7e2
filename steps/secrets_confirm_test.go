package steps

import (
	"errors"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The wizard asks for a secret twice, as `secrets set` does; when the two
// differ it says so, stores nothing and loses nothing typed: the second
// stays to be corrected, esc goes back to the first (issue 11 §5).
func TestSecretsScreenAsksTwice(t *testing.T) {
	k := keyringtest.Require(t)
	for _, lang := range []string{"nb", "en"} {
		sess := session.New("To ganger", time.Now())
		sess.ID = keyringtest.SessionID()
		t.Cleanup(func() { k.DeleteAll(sess.ID, AltinnII(Deps{}).SecretNames()) })
		ctx := &ui.Context{Session: sess, Lang: lang, NoColor: true}
		T := ctx.T
		scr := NewSecretsScreen(ctx, Deps{Secrets: k, Now: time.Now}, "", []SecretSpec{
			{Name: SecretRESTAPIKeyTT02, LabelNB: "API-nøkkel for TT02", LabelEN: "API key for TT02"}})
		var s ui.Screen = scr
		s.SetSize(100, 30)
		s = drive(t, s, scr.Init()())
		paste := func(v string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(v), Paste: true} }
		enter := tea.KeyMsg{Type: tea.KeyEnter}
		notStored := func() {
			t.Helper()
			if _, err := k.Get(sess.ID, SecretRESTAPIKeyTT02); !errors.Is(err, store.ErrSecretNotFound) {
				t.Fatalf("%s: stored before it was confirmed: %v", lang, err)
			}
		}

		s = drive(t, s, enter, paste("nokkel-EN-111"), enter)
		wantScreen(t, s, T("API-nøkkel for TT02, en gang til:", "API key for TT02, once more:"),
			T("Skriv den igjen for å bekrefte", "Type it again to confirm"))
		notStored()
		if scr.input.Value() != "" {
			t.Fatalf("%s: the second input is not empty", lang)
		}
		s = drive(t, s, paste("nokkel-EN-112"), enter)
		wantScreen(t, s, T("De to er ulike, så ingenting er lagret.", "The two differ, so nothing is stored."))
		notStored()
		if !s.Editing() || scr.input.Value() != "nokkel-EN-112" {
			t.Fatalf("%s: what was typed is lost: editing %v", lang, s.Editing())
		}
		wantScreenNot(t, s, "nokkel-EN-11")

		// esc: back to the first, with what was typed there.
		if handled, _ := s.(ui.BackHandler).HandleBack(); !handled || !s.Editing() || scr.input.Value() != "nokkel-EN-111" {
			t.Fatalf("%s: esc did not go back to the first value", lang)
		}
		wantScreenNot(t, s, T("en gang til", "once more"))
		s = drive(t, s, enter, paste("nokkel-EN-111"), enter)
		if got, err := k.Get(sess.ID, SecretRESTAPIKeyTT02); err != nil || got != "nokkel-EN-111" {
			t.Fatalf("%s: keyring has %q, %v", lang, got, err)
		}
		wantScreen(t, s, T("API-nøkkel for TT02 er lagret i nøkkelringen.", "API key for TT02 is stored in the keyring."))
		if s.Editing() || scr.first != "" {
			t.Fatalf("%s: the input stayed open, or the first value lingers", lang)
		}
	}
}
