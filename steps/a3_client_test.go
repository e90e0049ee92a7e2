package steps

import (
	"crypto/x509"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"software.sslmate.com/src/go-pkcs12"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// makeKey generates the key through the client screen, and returns the
// screen.
func (f *a3Fixture) makeKey(s ui.Screen) ui.Screen {
	f.t.Helper()
	s = pick(f.t, s, clientKey)
	if a3Base(f.t, s).confirm != nil { // a key exists: replace it
		s = drive(f.t, s, keys("j"))
	}
	return s
}

// setClientID types a client ID into the client screen's form.
func (f *a3Fixture) setClientID(s ui.Screen, id string) ui.Screen {
	f.t.Helper()
	s = pick(f.t, s, clientID)
	if !s.Editing() {
		f.t.Fatalf("no client ID form:\n%s", s.View())
	}
	// Clear what the field holds, then type.
	for range 40 {
		s = drive(f.t, s, tea.KeyMsg{Type: tea.KeyBackspace})
	}
	return typeLine(f.t, s, id)
}

// Step 1 from the start: the prerequisites with their addresses, a key
// whose public half is written for upload (path shown whole) while the
// private half is only in the keyring, a client ID checked in its field,
// and a test against the sandbox's Maskinporten that shows the scopes and
// the expiry; the step then has no problems.
func TestA3ClientStep(t *testing.T) {
	f := newA3Fixture(t, "nb")
	step := trackStep(t, f.ctx, StepA3Client)
	pre := svScreen(t, step, ScreenA3Prereq, f.ctx, "")
	wantScreen(t, pre, "Steg 1 av 4", URLMaskinportenConsumerForm, URLSystemUserStart, URLSelfServiceTT02, URLSelfServiceProd, "systembruker",
		"altinn:authentication/…")

	s := f.screen(StepA3Client, ScreenA3Client)
	wantScreen(t, s, "Miljø: TT02", "Nøkkel: ingen ennå", "Klient-ID: ikke satt")
	if ps := clientProblems(f.ctx); len(ps) != 2 || ps[0].Field != "key" || ps[1].Field != "client_id" {
		t.Fatalf("problems before anything: %+v", ps)
	}

	s = f.makeKey(s)
	wantScreen(t, s, "Nøkkelen er laget", "For opplasting til selvbetjeningsportalen:", "maskinporten-jwks.json", "maskinporten-public.pem")
	mp := f.sess.Altinn3.Maskinporten
	if mp.KeySource != session.KeySourceGenerated || mp.KeyID == "" || mp.PublicKey == nil {
		t.Fatalf("key not recorded: %+v", mp)
	}
	// The private key is in the keyring, and in no file the program wrote.
	pemText, err := f.deps.Secrets.Get(f.sess.ID, altinn3.SecretPrivateKey)
	if err != nil || !strings.Contains(pemText, "PRIVATE KEY") {
		t.Fatalf("keyring: %v", err)
	}
	for _, file := range f.sess.Files {
		data, err := os.ReadFile(file.Path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "PRIVATE") || strings.Contains(string(data), `"d"`) {
			t.Fatalf("%s holds the private key", file.Path)
		}
		if fi, _ := os.Stat(file.Path); fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s has mode %v", file.Path, fi.Mode().Perm())
		}
	}

	// A client ID that is no UUID is refused in its field; nothing is lost.
	s = f.setClientID(s, "ikke-en-uuid")
	if !s.Editing() {
		t.Fatal("the form closed on a wrong client ID")
	}
	wantScreen(t, s, "UUID (8-4-4-4-12", "ikke-en-uuid")
	if f.sess.Altinn3.Maskinporten.ClientID != "" {
		t.Fatal("a wrong client ID was recorded")
	}
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEsc})
	if h, ok := s.(ui.BackHandler); ok {
		h.HandleBack()
	}

	id := f.registerClient()
	s = f.setClientID(s, id)
	if got := f.sess.Altinn3.Maskinporten.ClientID; got != id {
		t.Fatalf("client ID %q, want %q", got, id)
	}
	s = pick(t, s, clientTest)
	wantScreen(t, s, "Klienten virker", "Siste test", "altinn:authentication/systemuser.request.write", "utløper etter 120 sekunder",
		altinn3.UncertainTokenLifetime.Text("nb"))
	if lt := f.sess.Altinn3.Maskinporten.LastTest; lt == nil || !lt.OK || len(lt.Missing) != 0 || lt.Environment != session.EnvTT02 {
		t.Fatalf("last test: %+v", lt)
	}
	if ps := clientProblems(f.ctx); len(ps) != 0 {
		t.Fatalf("problems after a good test: %+v", ps)
	}
	if f.sess.StepStatus(StepA3Client) != session.InProgress {
		t.Fatal("the step was not started")
	}
}

// A client that lacks a scope, and a client ID Maskinporten does not
// know: the core's sentences, and the missing scope named, in English.
func TestA3ClientErrors(t *testing.T) {
	f := newA3Fixture(t, "en")
	s := f.screen(StepA3Client, ScreenA3Client)
	s = f.makeKey(s)

	// Unknown to Maskinporten (a UUID, but no such client).
	s = f.setClientID(s, "0a1b2c3d-4e5f-4789-abcd-ef0123456789")
	s = pick(t, s, clientTest)
	lt := f.sess.Altinn3.Maskinporten.LastTest
	if lt == nil || lt.OK || lt.Error == nil {
		t.Fatalf("last test: %+v", lt)
	}
	wantScreen(t, s, "Failed getting a token from Maskinporten", "Last test")
	if ps := clientProblems(f.ctx); len(ps) != 1 || ps[0].Message != "The last test of the client failed" {
		t.Fatalf("problems: %+v", ps)
	}

	// Registered with two of the three scopes.
	id := f.registerClient(altinn3.ScopeSystemRegisterWrite, altinn3.ScopeRequestRead)
	s = f.setClientID(s, id)
	s = pick(t, s, clientTest)
	lt = f.sess.Altinn3.Maskinporten.LastTest
	if lt == nil || len(lt.Missing) != 1 || lt.Missing[0] != altinn3.ScopeRequestWrite {
		t.Fatalf("last test: %+v", lt)
	}
	wantScreen(t, s, "Missing: "+altinn3.ScopeRequestWrite)
	if ps := clientProblems(f.ctx); len(ps) != 1 || !strings.Contains(ps[0].Message, altinn3.ScopeRequestWrite) {
		t.Fatalf("problems: %+v", ps)
	}
}

// PROD is asked for once: no leaves TT02, yes records the confirmation,
// and going back and forth later asks nothing.
func TestA3ClientProdConfirmation(t *testing.T) {
	f := newA3Fixture(t, "nb")
	s := f.screen(StepA3Client, ScreenA3Client)
	s = pick(t, s, clientEnv)
	wantScreen(t, s, "produksjonsmiljøet (PROD)", "(j/n)")
	s = drive(t, s, keys("n"))
	if f.sess.Target == session.EnvProd || f.sess.Altinn3.ProdConfirmedAt != nil {
		t.Fatal("PROD without a yes")
	}
	wantScreen(t, s, "Miljøet er fortsatt TT02")
	s = pick(t, s, clientEnv)
	s = drive(t, s, keys("j"))
	if f.sess.Target != session.EnvProd || f.sess.Altinn3.ProdConfirmedAt == nil {
		t.Fatal("yes did not set PROD")
	}
	s = pick(t, s, clientEnv)
	s = pick(t, s, clientEnv)
	if a3Base(t, s).confirm != nil || f.sess.Target != session.EnvProd {
		t.Fatalf("asked again, or not in PROD:\n%s", s.View())
	}
}

// At 80×24 (a body of 17 lines) and in a shorter window (80×20), after a
// failed test, nothing of the step's summary is dropped: the frame
// scrolls the screen to the menu's cursor with the message over it, and
// moving the cursor up scrolls back to the summary's top. The summary's
// middle (environment, key, client ID) used to give way to "…" (seen in
// tmux at 80×24), and before that the menu was below the window.
func TestA3MenuInSightUnderALongError(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		for _, height := range []int{17, 14} {
			f := newA3Fixture(t, lang)
			s := f.screen(StepA3Client, ScreenA3Client)
			s = f.makeKey(s)
			s = f.setClientID(s, "0a1b2c3d-4e5f-4789-abcd-ef0123456789")
			s = pick(t, s, clientTest)
			s.SetSize(78, height)
			failed := f.ctx.T("Klarte ikke å hente token fra Maskinporten", "Failed getting a token from Maskinporten")
			all := strings.Split(ansi.Strip(ui.Unfocus(s.View())), "\n")
			seen := map[string]bool{}
			look := func(where string) {
				t.Helper()
				shown := ansi.Strip(ui.Shown(s.View(), height))
				lines := strings.Split(shown, "\n")
				if len(lines) > height {
					t.Errorf("%s %s: %d lines in a body of %d:\n%s", lang, where, len(lines), height, shown)
				}
				if !strings.Contains(shown, "▶") {
					t.Errorf("%s %s: the menu's cursor is not in view:\n%s", lang, where, shown)
				}
				if strings.Contains(shown, "…") {
					t.Errorf("%s %s: something is cut:\n%s", lang, where, shown)
				}
				for _, l := range lines {
					seen[l] = true
				}
			}
			look("after the test")
			if shown := ansi.Strip(ui.Shown(s.View(), height)); !strings.Contains(shown, failed) {
				t.Errorf("%s: the message is not in view with the cursor:\n%s", lang, shown)
			}
			for range a3Base(t, s).menu.Items {
				s = drive(t, s, tea.KeyMsg{Type: tea.KeyUp})
				if a3Base(t, s).menu.Cursor >= 0 {
					look("moving up")
				}
			}
			// Up from the first item: the screen's top.
			top := ansi.Strip(ui.Shown(s.View(), height))
			for _, l := range strings.Split(top, "\n") {
				seen[l] = true
			}
			if !strings.HasPrefix(top, all[0]) {
				t.Errorf("%s at 80×%d: up from the first item does not show the top:\n%s", lang, height+7, top)
			}
			s = drive(t, s, tea.KeyMsg{Type: tea.KeyDown})
			look("back down")
			if it := a3Base(t, s).menu.Selected(); it == nil || it.Key != clientEnv {
				t.Errorf("%s: down from the top does not select the first item: %v", lang, it)
			}
			for _, want := range []string{f.ctx.T("Miljø:", "Environment:"), f.ctx.T("Nøkkel:", "Key:"), f.ctx.T("Klient-ID:", "Client ID:")} {
				found := false
				for l := range seen {
					found = found || strings.HasPrefix(strings.TrimSpace(l), want)
				}
				if !found {
					t.Errorf("%s at 80×%d: no line %q reached moving up the menu", lang, height+7, want)
				}
			}
			for _, l := range all {
				if !seen[l] {
					t.Errorf("%s at 80×%d: the line %q is never in view", lang, height+7, l)
				}
			}
		}
	}
}

// A wrong .p12 password loses nothing typed: the form, opened again,
// still holds the file's path (seen in tmux: the path had to be typed
// again after each wrong password).
func TestA3P12WrongPasswordKeepsThePath(t *testing.T) {
	f := newA3Fixture(t, "nb")
	ca := newCertAuthority(t, "Buypass Class 3 Test4 CA 3")
	cert, key := ca.issue(t, enterpriseSubject("", "NTRNO-"+a3Vendor), time.Now().Add(-time.Hour), time.Now().AddDate(1, 0, 0), "rsa")
	data, err := pkcs12.Modern.Encode(key, cert, []*x509.Certificate{ca.cert}, "riktig-passord")
	if err != nil {
		t.Fatal(err)
	}
	path := writeCertFile(t, "virksomhet.p12", data)
	s := f.screen(StepA3Client, ScreenA3Client)
	s = pick(t, s, clientP12)
	s = typeLine(t, s, path)
	s = typeLine(t, s, "feil-passord")
	wantScreen(t, s, "Feil passord")
	s = pick(t, s, clientP12)
	if !s.Editing() || !strings.Contains(ansi.Strip(s.View()), path) {
		t.Fatalf("the path typed is gone:\n%s", ansi.Strip(s.View()))
	}
}
