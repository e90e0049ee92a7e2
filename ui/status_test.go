package ui_test

// Progress tells the truth (issue 11 §2): a session is complete only when
// every step is done, none has problems, and this machine's keyring holds
// its secrets; the stepper, the overview and the picker say the same.

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// finished saves an Altinn II session with every step done and nothing to
// fix, as long as the keyring holds its one secret, the system password
// (SOAP with SystemID and password: no certificate, no API key). The
// cursor is on screen of step.
func finished(t *testing.T, st *store.Store, name, step, screen string) *session.Session {
	t.Helper()
	s, err := st.Create(name, session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	full := sessiontest.Full(fixed)
	s.Answers = full.Answers
	s.Answers.System.Interfaces = []string{session.InterfaceSOAP}
	s.Answers.System.AuthMethods = []string{session.AuthSystemIDPassword}
	s.Integration = full.Integration
	s.Authentication = session.Authentication{SystemID: "12345", SystemIDOwner: "org"}
	s.Testing = full.Testing
	s.Testing.TestUsersOrdered = true
	for i := range s.Testing.Checklist {
		s.Testing.Checklist[i].Receipt, s.Testing.Checklist[i].Signing = true, true
	}
	s.Files = []session.GeneratedFile{{Kind: steps.KindGuideMarkdown, Path: "/tmp/g.md"}, {Kind: steps.KindGuideDocx, Path: "/tmp/g.docx"}}
	s.GoLive.Checklist = map[string]bool{}
	for _, c := range []string{steps.CheckRegistrationConfirmed, steps.CheckStatusConfirmed, steps.CheckGuideSent, steps.CheckCustomersInformed} {
		s.GoLive.Checklist[c] = true
	}
	s.GoLive.Completed = true
	for _, id := range steps.AltinnII(steps.Deps{}).StepIDs() {
		s.SetStepStatus(id, session.Done, fixed)
	}
	s.SetSecretRef(session.SecretRef{Name: steps.SecretSystemPassword, Store: "os-keyring", Service: store.KeyringService,
		Account: store.Account(s.ID, steps.SecretSystemPassword), SetAt: fixed})
	s.Cursor = session.Cursor{Step: step, Screen: screen}
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	return s
}

// pickerRow is the picker's line of the session named name.
func pickerRow(t *testing.T, view, name string) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, name+" ") {
			return l
		}
	}
	t.Fatalf("no row for %q:\n%s", name, view)
	return ""
}

// A finished session resumed where the keyring lacks its secret (another
// machine, a new keyring) said "Ingen problemer" in the overview and
// "fullført" in the picker until step 3's secrets screen had been seen;
// its import (exports carry no secrets) was "fullført" in the picker while
// the stepper showed "!". The same session with its secret in the keyring
// is complete everywhere.
func TestFinishedSessionLackingItsSecretIsNotComplete(t *testing.T) {
	k := keyringtest.Require(t)
	st := newStore(t)
	here := finished(t, st, "Her", session.OverviewStep, session.OverviewStep)
	moved := finished(t, st, "Flyttet", session.OverviewStep, session.OverviewStep)
	names := steps.AltinnII(steps.Deps{}).SecretNames()
	t.Cleanup(func() { k.DeleteAll(here.ID, names); k.DeleteAll(moved.ID, names) })
	if err := k.Set(here.ID, steps.SecretSystemPassword, "Passord123"); err != nil {
		t.Fatal(err)
	}
	var export bytes.Buffer
	if err := st.Export(here, &export); err != nil {
		t.Fatal(err)
	}
	imported, err := st.Import(&export, "eksport.json", func(*session.Session) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if imported, err = st.Rename(imported.ID, "Importert"); err != nil {
		t.Fatal(err)
	}

	opts := func(resume string) ui.Options {
		o := options(st)
		withDeps(&o, steps.Deps{Secrets: k, Now: func() time.Time { return fixed }})
		o.ResumeID, o.HideNotice = resume, true
		return o
	}

	// The picker: the same three sessions.
	d := newKeyDriver(t, opts(""))
	v := d.app.View()
	if row := pickerRow(t, v, "Her"); !strings.Contains(row, "fullført") {
		t.Errorf("the session with its secret is not complete: %q", row)
	}
	for _, name := range []string{"Flyttet", imported.Name} {
		if row := pickerRow(t, v, name); strings.Contains(row, "fullført") || !strings.Contains(row, "steg 3/6") {
			t.Errorf("%s: %q, want step 3 of 6, not complete", name, row)
		}
	}

	d = newKeyDriver(t, opts(here.ID))
	wantView(t, d, "✓ 3 Autentisering", "Ingen problemer funnet i svarene.")

	for _, s := range []*session.Session{moved, imported} {
		d = newKeyDriver(t, opts(s.ID))
		wantView(t, d, "! 3 Autentisering", "å rette", "Systempassordet er ikke lagret i nøkkelringen")
		dontWantView(t, d, "Ingen problemer", "✓ 3 Autentisering")
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'1'}, Alt: true}) // the stepper, on another step
		d.settle()
		wantView(t, d, "! 3", "○ Σ")
		dontWantView(t, d, "✓ Σ")
	}

}

// Step 1 of Altinn 3 showed ✓ with the Maskinporten client's private key
// missing from the keyring (another machine, or an import: exports carry
// no secrets), though no token can be signed there.
func TestAltinn3ClientWithoutItsKeyHasAProblem(t *testing.T) {
	k := keyringtest.Require(t)
	st := newStore(t)
	mk := func(name string, ref bool) *session.Session {
		s, err := st.Create(name, session.TrackAltinn3)
		if err != nil {
			t.Fatal(err)
		}
		mp := &s.Altinn3.Maskinporten
		mp.KeySource, mp.KeyID, mp.ClientID = session.KeySourceGenerated, "kid-1", "0b7f1e3c-3f9e-4a55-9c59-7c1f2d1e4b10"
		mp.PublicKey = &session.PublicJWK{Kty: "RSA", N: "AQAB", E: "AQAB", Kid: "kid-1"}
		mp.LastTest = &session.ClientTest{Environment: session.EnvTT02, At: fixed, OK: true}
		if ref {
			s.SetSecretRef(session.SecretRef{Name: "maskinporten-private-key", Store: "os-keyring", Service: store.KeyringService,
				Account: store.Account(s.ID, "maskinporten-private-key"), SetAt: fixed})
		}
		s.SetStepStatus(steps.StepA3Client, session.Done, fixed)
		s.Cursor = session.Cursor{Step: session.OverviewStep, Screen: session.OverviewStep}
		if err := st.Save(s); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { k.DeleteAll(s.ID, []string{"maskinporten-private-key"}) })
		return s
	}
	here, moved, imported := mk("Her", true), mk("Flyttet", true), mk("Importert", false)
	if err := k.Set(here.ID, "maskinporten-private-key", "-----BEGIN PRIVATE KEY-----"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		s    *session.Session
		want string
	}{{here, "✓ 1 Maskinporten"}, {moved, "! 1 Maskinporten"}, {imported, "! 1 Maskinporten"}} {
		o := options(st)
		o.Tracks = ui.Tracks{steps.Altinn3(steps.Deps{Secrets: k, Now: func() time.Time { return fixed }})}
		o.Secrets, o.ResumeID = k, tc.s.ID
		d := newKeyDriver(t, o)
		wantView(t, d, tc.want)
		if tc.s != here {
			wantView(t, d, "Den private nøkkelen er ikke i nøkkelringen på denne maskinen")
		}
	}
}

// blockingSecrets is a Secret Service that never answers until the test
// lets it: the one failure a real keyring cannot be made to show on
// demand. entered says a call is waiting.
type blockingSecrets struct {
	store.Secrets
	entered chan struct{}
	release chan bool // the answer: the secret is stored or not
}

func (b *blockingSecrets) Known(id string, names []string) ([]store.SecretStatus, error) {
	b.entered <- struct{}{}
	set := <-b.release
	var out []store.SecretStatus
	for _, n := range names {
		out = append(out, store.SecretStatus{Name: n, Set: set})
	}
	return out, nil
}

// asyncDriver runs each command in a goroutine of its own, as the program
// does, and delivers the messages in the test's goroutine; settle waits
// until every command has ended but those the keyring holds.
type asyncDriver struct {
	t        *testing.T
	app      *ui.App
	msgs     chan tea.Msg
	entered  chan struct{}
	inFlight int
	blocked  int
}

type cmdEnded struct{}

func (d *asyncDriver) send(msgs ...tea.Msg) {
	for _, m := range msgs {
		_, cmd := d.app.Update(m)
		d.start(cmd)
	}
}

func (d *asyncDriver) start(cmd tea.Cmd) {
	if cmd == nil || isTimer(cmd) {
		return
	}
	d.inFlight++
	go func() {
		d.msgs <- cmd()
		d.msgs <- cmdEnded{}
	}()
}

func (d *asyncDriver) settle() {
	d.t.Helper()
	for d.inFlight > d.blocked {
		select {
		case <-d.entered:
			d.blocked++
		case m := <-d.msgs:
			switch m := m.(type) {
			case nil:
			case cmdEnded:
				d.inFlight--
			case tea.BatchMsg:
				for _, c := range m {
					d.start(c)
				}
			default:
				if v := reflect.ValueOf(m); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
					for i := range v.Len() {
						d.start(v.Index(i).Interface().(tea.Cmd))
					}
					continue
				}
				if reflect.TypeOf(m).String() == "tea.windowSizeMsg" {
					m = tea.WindowSizeMsg{Width: 110, Height: 40}
				}
				d.send(m)
			}
		}
	}
}

// A keyring that does not answer holds no key: the user moves through the
// steps while it is asked, the overview says it is checking and the
// stepper's Σ is "?", never ✓; the picker says "sjekker", not "fullført".
// When the keyring answers, the session is complete.
func TestKeyringThatDoesNotAnswerBlocksNothing(t *testing.T) {
	st := newStore(t)
	s := finished(t, st, "Venter", session.StepRegistration, steps.ScreenVendor)
	k := &blockingSecrets{entered: make(chan struct{}), release: make(chan bool)}
	o := options(st)
	withDeps(&o, steps.Deps{Secrets: k, Now: func() time.Time { return fixed }})
	o.HideNotice = true
	d := &asyncDriver{t: t, app: ui.New(o), msgs: make(chan tea.Msg), entered: k.entered}

	// The picker: the finished session is being checked.
	d.send(tea.WindowSizeMsg{Width: 110, Height: 40})
	d.start(d.app.Init())
	d.settle()
	if row := pickerRow(t, d.app.View(), "Venter"); !strings.Contains(row, "sjekker") {
		t.Fatalf("picker row while the keyring is asked: %q", row)
	}
	d.send(tea.KeyMsg{Type: tea.KeyEnter}) // keys work meanwhile: open it
	d.settle()
	if d.app.Session() == nil || d.app.Session().ID != s.ID {
		t.Fatalf("the session did not open:\n%s", d.app.View())
	}
	wantAsync(t, d, "? Σ")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'7'}, Alt: true})
	d.settle()
	wantAsync(t, d, "sjekker nøkkelringen", "✓ 3 Autentisering")
	if v := d.app.View(); strings.Contains(v, "Ingen problemer funnet i svarene.") {
		t.Fatalf("no problems claimed before the keyring answered:\n%s", v)
	}
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'3'}, Alt: true}) // still moving
	d.settle()
	wantAsync(t, d, "▶ 3 Autentisering", "? Σ")

	// The picker's question and the wizard's: both answered "stored".
	for d.blocked > 0 {
		k.release <- true
		d.blocked--
		d.settle()
	}
	wantAsync(t, d, "✓ Σ", "✓ 1")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'7'}, Alt: true})
	d.settle()
	wantAsync(t, d, "Ingen problemer funnet i svarene.")
	d.app.Close()
}

func wantAsync(t *testing.T, d *asyncDriver, texts ...string) {
	t.Helper()
	wantView(t, &keyDriver{t: t, app: d.app}, texts...)
}

// A finished session that signs with an enterprise certificate is not
// complete on a machine where the certificate file is not: the path in
// the session names a file on another machine. With the file there, it
// is.
func TestFinishedSessionWithoutItsCertificateFileIsNotComplete(t *testing.T) {
	k := keyringtest.Require(t)
	st := newStore(t)
	cert := filepath.Join(t.TempDir(), "virksomhet.p12")
	for _, name := range []string{"Med fil", "Uten fil"} {
		s := finished(t, st, name, session.OverviewStep, session.OverviewStep)
		s.Answers.System.AuthMethods = []string{session.AuthSystemIDPassword, session.AuthEnterpriseCertificate}
		for _, env := range session.Environments { // both are chosen in step 1
			s.Authentication.Certificate(env).Path = cert
			if name == "Uten fil" {
				s.Authentication.Certificate(env).Path = cert + ".borte"
			}
		}
		s.SetSecretRef(session.SecretRef{Name: steps.SecretCertificatePassword, Store: "os-keyring", Service: store.KeyringService,
			Account: store.Account(s.ID, steps.SecretCertificatePassword), SetAt: fixed})
		if err := st.Save(s); err != nil {
			t.Fatal(err)
		}
		names := steps.AltinnII(steps.Deps{}).SecretNames()
		t.Cleanup(func() { k.DeleteAll(s.ID, names) })
		for _, n := range []string{steps.SecretSystemPassword, steps.SecretCertificatePassword} {
			if err := k.Set(s.ID, n, "Passord123"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(cert, []byte("ikke et ekte sertifikat"), 0o600); err != nil {
		t.Fatal(err)
	}
	o := options(st)
	withDeps(&o, steps.Deps{Secrets: k, Now: func() time.Time { return fixed }})
	o.HideNotice = true
	d := newKeyDriver(t, o)
	v := d.app.View()
	if row := pickerRow(t, v, "Med fil"); !strings.Contains(row, "fullført") {
		t.Errorf("with its file: %q", row)
	}
	if row := pickerRow(t, v, "Uten fil"); !strings.Contains(row, "steg 3/6") {
		t.Errorf("without its file: %q, want step 3 of 6", row)
	}
	o.ResumeID = saved(t, st, "Uten fil").ID
	d = newKeyDriver(t, o)
	wantView(t, d, "! 3 Autentisering", "Sertifikatfilen for TT02 finnes ikke på denne maskinen:", "virksomhet.p12.borte") // the path is wrapped by the overview
	dontWantView(t, d, "Ingen problemer")
}
