package ui_test

import (
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// memSecrets is a keyring in memory: what matters here is only when its
// answer arrives, which the driver controls.
type memSecrets struct {
	store.Secrets
	mu sync.Mutex
	m  map[string]string
}

func (k *memSecrets) Set(id, name, value string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[id+"/"+name] = value
	return nil
}

func (k *memSecrets) Known(id string, names []string) ([]store.SecretStatus, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []store.SecretStatus
	for _, n := range names {
		_, ok := k.m[id+"/"+n]
		out = append(out, store.SecretStatus{Name: n, Service: store.KeyringService, Account: store.Account(id, n), Set: ok})
	}
	return out, nil
}

// A secret the keyring stores after the user has left the secrets screen
// is still recorded in the session. The answer used to go to whatever
// screen showed by then, which dropped it: the keyring kept a secret the
// session did not know of, and deleting the session left it behind.
func TestSecretStoredAfterLeavingTheScreenIsRecorded(t *testing.T) {
	st := newStore(t)
	s := emptySession(t, st)
	s.Answers = sessiontest.Answers()
	s.Cursor = session.Cursor{Step: session.StepIntegration, Screen: steps.ScreenAPIKeys}
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	k := &memSecrets{m: map[string]string{}}
	o := options(st)
	o.ResumeID = s.ID
	withDeps(&o, steps.Deps{Secrets: k, Now: func() time.Time { return fixed }})
	d := newKeyDriver(t, o)
	// Past the two "ordered" boxes, Enter opens the TT02 key's input; type
	// it and again; Enter stores it. The keyring call is started, not yet answered.
	d.send(tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyEnter})
	d.settle()
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("nokkel-1234567890"), Paste: true}, tea.KeyMsg{Type: tea.KeyEnter})
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("nokkel-1234567890"), Paste: true}, tea.KeyMsg{Type: tea.KeyEnter}) // asked twice
	// The user goes elsewhere before the keyring answers.
	d.send(ui.JumpMsg{Step: session.StepRegistration, Screen: steps.ScreenVendor})
	d.settle()
	if len(k.m) != 1 {
		t.Fatalf("keyring holds %d entries, want the one typed", len(k.m))
	}
	refs := d.app.Session().Secrets
	if len(refs) != 1 {
		t.Fatalf("session records %d secrets (%+v), want the one the keyring stored", len(refs), refs)
	}
	for key := range k.m {
		if key != s.ID+"/"+refs[0].Name {
			t.Fatalf("keyring entry %q, session records %q", key, refs[0].Name)
		}
	}
}
