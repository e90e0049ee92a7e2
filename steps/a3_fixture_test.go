package steps

// The Altinn 3 track's tests drive its screens with keys against the
// sandbox (internal/sandbox) over real HTTP on 127.0.0.1, with the real
// keyring (scripts/with-keyring), and read the screen and the session.

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

const (
	a3Vendor    = "991825827"
	a3CustomerA = "314048431"
	a3CustomerB = "313725138"
	a3CustomerC = "314168267"
	a3Resource  = "ske-krav-og-betalinger"
	a3Package   = "urn:altinn:accesspackage:regnskapsforer-med-signeringsrett"
)

type a3Fixture struct {
	t    *testing.T
	sb   *sandbox.Server
	sess *session.Session
	deps Deps
	ctx  *ui.Context
	// decisions are what each customer decides when the program next
	// waits to read the status (approve, reject, expire).
	decisions map[string]string
	// waits are the delays the polls asked for, in order.
	waits []time.Duration
}

func newA3Fixture(t *testing.T, lang string) *a3Fixture {
	t.Helper()
	k := keyringtest.Require(t)
	sb, err := sandbox.Start("127.0.0.1:0", sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	env := map[string]string{}
	for _, kv := range sb.Env() {
		name, v, _ := strings.Cut(kv, "=")
		env[name] = v
	}
	sess := session.New("Øving", time.Now())
	sess.ID = keyringtest.SessionID()
	sess.Track = session.TrackAltinn3
	t.Cleanup(func() { k.DeleteAll(sess.ID, altinn3.SecretNames) })
	sess.Settings.OutputDir = t.TempDir()
	sess.Answers.Vendor.OrgNumber, sess.Answers.Vendor.Name = a3Vendor, "Leverandør AS"
	sess.Answers.Contact.Name, sess.Answers.Contact.Email = "Kari Nordmann", "kari@leverandor.no"
	f := &a3Fixture{t: t, sb: sb, sess: sess, decisions: map[string]string{}}
	f.deps = Deps{Secrets: k, Now: time.Now, Getenv: func(name string) string { return env[name] }, Tick: f.tick}
	f.deps = f.deps.withAltinn3() // one service layer, the track's
	tr := Altinn3(f.deps)
	f.ctx = &ui.Context{Session: sess, Lang: lang, NoColor: true, Width: 110, Height: 40, Track: &tr}
	return f
}

// tick stands for tea.Tick: it records the wait and, as the customer who
// decides meanwhile, applies the customer's decision in the sandbox. It
// runs in Update, where reading the session is safe.
func (f *a3Fixture) tick(wait time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	f.waits = append(f.waits, wait)
	m := fn(time.Time{})
	if pt, ok := m.(pollTick); ok {
		if act := f.decisions[pt.org]; act != "" {
			delete(f.decisions, pt.org)
			f.decide(pt.org, act)
		}
	}
	return func() tea.Msg { return m }
}

// decide acts on the customer's request in the sandbox.
func (f *a3Fixture) decide(org, action string) {
	f.t.Helper()
	c := f.sess.Altinn3.Customer(org)
	if c == nil || c.Request == nil || c.Request.ID == "" {
		f.t.Fatalf("customer %s has no request to %s", org, action)
	}
	kind := "request"
	if c.Request.Agent {
		kind = "agentrequest"
	}
	if _, err := f.sb.Decide(kind, c.Request.ID, action); err != nil {
		f.t.Fatalf("sandbox: %s %s: %v", action, org, err)
	}
}

// screen builds a screen of the track's step and runs its Init.
func (f *a3Fixture) screen(stepID, screenID string) ui.Screen {
	f.t.Helper()
	s := svScreen(f.t, trackStep(f.t, f.ctx, stepID), screenID, f.ctx, "")
	d := teadrive.New(f.t, func(m tea.Msg) tea.Cmd {
		var cmd tea.Cmd
		s, cmd = s.Update(m)
		return cmd
	})
	d.Run(s.Init())
	return s
}

// registerClient registers a Maskinporten client in the sandbox with the
// JWKS the program wrote, as the vendor does in the self-service portal.
func (f *a3Fixture) registerClient(scopes ...string) string {
	f.t.Helper()
	return f.registerClientOf(f.sess, scopes...)
}

// registerClientOf registers a client with the JWKS written for s.
func (f *a3Fixture) registerClientOf(s *session.Session, scopes ...string) string {
	f.t.Helper()
	var jwks string
	for _, file := range s.Files {
		if file.Kind == KindMaskinportenJWKS {
			data, err := safefile.Read(file.Path, 1<<20)
			if err != nil {
				f.t.Fatal(err)
			}
			jwks = string(data)
		}
	}
	if jwks == "" {
		f.t.Fatal("no JWKS written")
	}
	c, err := f.sb.RegisterClient(sandbox.ClientRegistration{OrgNo: a3Vendor, Scopes: scopes, Key: []byte(jwks)})
	if err != nil {
		f.t.Fatal(err)
	}
	return c.ID
}

// a3Base is the shared part of an Altinn 3 screen.
func a3Base(t *testing.T, s ui.Screen) *a3Screen {
	t.Helper()
	switch s := s.(type) {
	case *clientScreen:
		return &s.a3Screen
	case *registerScreen:
		return &s.a3Screen
	case *customersScreen:
		return &s.a3Screen
	case *tokenScreen:
		return &s.a3Screen
	}
	t.Fatalf("%T is not an Altinn 3 screen", s)
	return nil
}

// pick moves the menu's cursor with the arrow keys to the item with the
// key, and chooses it with enter.
func pick(t *testing.T, s ui.Screen, key string) ui.Screen {
	t.Helper()
	down := tea.KeyMsg{Type: tea.KeyDown}
	home := tea.KeyMsg{Type: tea.KeyHome}
	s = drive(t, s, home)
	for i := 0; i < 30; i++ {
		if it := a3Base(t, s).menu.Selected(); it != nil && it.Key == key {
			return drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
		}
		s = drive(t, s, down)
	}
	t.Fatalf("the menu has no item %q:\n%s", key, s.View())
	return nil
}

// typeLine types text into the focused field and presses enter.
func typeLine(t *testing.T, s ui.Screen, text string) ui.Screen {
	t.Helper()
	if text != "" {
		s = drive(t, s, keys(text))
	}
	return drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
}
