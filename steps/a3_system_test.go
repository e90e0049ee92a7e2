package steps

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// readyClient makes a key, registers the client in the sandbox and tests
// it, through the client screen.
func (f *a3Fixture) readyClient() {
	f.t.Helper()
	s := f.screen(StepA3Client, ScreenA3Client)
	s = f.makeKey(s)
	s = f.setClientID(s, f.registerClient())
	pick(f.t, s, clientTest)
	if lt := f.sess.Altinn3.Maskinporten.LastTest; lt == nil || !lt.OK {
		f.t.Fatalf("the client does not work: %+v", lt)
	}
}

// fillSystem gives the session a definition the register accepts.
func (f *a3Fixture) fillSystem() {
	sys := &f.sess.Altinn3.System
	sys.IDName = "regnskap"
	sys.Name = session.LangText{NB: "Regnskap", NN: "Rekneskap", EN: "Accounts"}
	sys.Description = session.LangText{NB: "Fører regnskap", NN: "Fører rekneskap", EN: "Keeps accounts"}
	sys.Rights = []string{a3Resource}
	sys.AccessPackages = []string{a3Package}
	hidden := false
	sys.Visible = &hidden // client packages need a hidden system (AUTH.VLD-00018)
}

// The system form: what is typed lands in the session; a redirect URL
// that is not https is refused in its field with the register's code,
// and what was typed is kept.
func TestA3SystemForm(t *testing.T) {
	f := newA3Fixture(t, "nb")
	f.sess.Answers.System.Name = "Mitt System"
	s := svScreen(t, trackStep(t, f.ctx, StepA3System), ScreenA3SystemForm, f.ctx, altinn3.PathRedirectURLs)
	s = drive(t, s, s.Init()())
	if got := f.sess.Altinn3.System.IDName; got != altinn3.SuggestIDName("Mitt System") {
		t.Fatalf("id name %q not suggested from the system's name", got)
	}
	s = typeLine(t, s, "http://leverandor.no/ferdig")
	wantScreen(t, s, "er ikke en fullstendig https-adresse", "00005)", "http://leverandor.no/ferdig")
	if got := f.sess.Altinn3.System.RedirectURLs; len(got) != 1 || got[0] != "http://leverandor.no/ferdig" {
		t.Fatalf("what was typed is lost: %q", got)
	}
	ps := systemProblems(f.ctx)
	found := false
	for _, p := range ps {
		found = found || (p.Screen == ScreenA3SystemForm && strings.HasPrefix(p.Field, altinn3.PathRedirectURLs) && strings.Contains(p.Message, "AUTH.VLD-00005"))
	}
	if !found {
		t.Fatalf("the step's problems lack the redirect URL: %+v", ps)
	}
}

// Register: the local check shown with its codes explained and nothing
// sent while it fails; then created and read back; then a change shows
// the difference and is sent only after yes; and the register's own
// validation error (an unknown resource) is shown with its code.
func TestA3SystemRegister(t *testing.T) {
	f := newA3Fixture(t, "nb")
	f.readyClient()

	f.sess.Altinn3.System.IDName = "med mellomrom"
	s := f.screen(StepA3System, ScreenA3Register)
	wantScreen(t, s, "Lokal sjekk", "✗", "00013) — System-ID-en kan ikke ha mellomrom", "Sjekkes bare av registeret (trenger dets egne data): AUTH.VLD-00002")
	s = pick(t, s, regRegister)
	wantScreen(t, s, "ingenting er sendt")
	if f.sess.Altinn3.Registered != nil {
		t.Fatal("sent with problems")
	}

	f.fillSystem()
	s = f.screen(StepA3System, ScreenA3Register)
	wantScreen(t, s, "✓ Ingen feil.", "System-ID: "+a3Vendor+"_regnskap", f.sess.Altinn3.Maskinporten.ClientID)
	s = pick(t, s, regRegister)
	wantScreen(t, s, "Lest tilbake fra registeret.", "Registeret mot økten:", "Ingen forskjell")
	reg := f.sess.Altinn3.Registered
	if reg == nil || reg.Environment != session.EnvTT02 || reg.SystemID != a3Vendor+"_regnskap" || reg.ReadBackAt.IsZero() {
		t.Fatalf("registered: %+v", reg)
	}
	if ps := systemProblems(f.ctx); len(ps) != 0 {
		t.Fatalf("problems after registering: %+v", ps)
	}

	// A change: the difference and the warning, then no sends nothing.
	f.sess.Altinn3.System.Name.NB = "Regnskap Pluss"
	if ps := systemProblems(f.ctx); len(ps) != 1 || ps[0].Screen != ScreenA3Register {
		t.Fatalf("an unsent change is no problem: %+v", ps)
	}
	s = pick(t, s, regRegister)
	wantScreen(t, s, "Dette endres:", `navn (bokmål): "Regnskap" → "Regnskap Pluss"`, "erstatter hele definisjonen", "(j/n)")
	s = drive(t, s, keys("n"))
	wantScreen(t, s, "Ingenting er sendt")
	s = pick(t, s, regDiff)
	wantScreen(t, s, `"Regnskap" → "Regnskap Pluss"`)
	s = pick(t, s, regRegister)
	s = drive(t, s, keys("j"))
	wantScreen(t, s, "Lest tilbake fra registeret.", "Ingen forskjell")
	if got := f.sess.Altinn3.Registered.Definition.Name.NB; got != "Regnskap Pluss" {
		t.Fatalf("registered name %q", got)
	}

	// The register refuses a resource it does not know.
	f.sess.Altinn3.System.Rights = []string{"finnes-ikke-i-registeret"}
	s = pick(t, s, regRegister)
	s = drive(t, s, keys("j"))
	wantScreen(t, s, "AUTH.VLD-00003", "finnes-ikke-i-registeret")
	if got := f.sess.Altinn3.Registered.Definition.Rights; len(got) != 1 || got[0] != a3Resource {
		t.Fatalf("the refused update was recorded as registered: %q", got)
	}
	_ = tea.KeyEnter
}

// At 80×24, as a user's terminal is, a refused answer's message shows
// right under the field, in view: huh's own place for it, the footer
// under the whole group, was below the window, so Enter on a bad address
// looked like a key that did nothing (seen in tmux).
func TestA3FormMessageUnderTheFieldAt80x24(t *testing.T) {
	for _, c := range []struct{ path, typed, want string }{
		{altinn3.PathRedirectURLs, "http://leverandor.no/ferdig", "er ikke en fullstendig https-adresse"},
		{altinn3.PathVendorOrg, "123", "9 siffer"},
	} {
		f := newA3Fixture(t, "nb")
		f.ctx.Width, f.ctx.Height = 80, 24
		f.sess.Answers.System.Name = "Mitt System"
		s := svScreen(t, trackStep(t, f.ctx, StepA3System), ScreenA3SystemForm, f.ctx, c.path)
		s = drive(t, s, s.Init()())
		s = typeLine(t, s, c.typed)
		// What the frame shows of it at 80×24: the body's 17 lines,
		// scrolled to the focused field.
		view := ansi.Strip(ui.Shown(s.View(), 24-7))
		if !strings.Contains(view, c.want) || !strings.Contains(view, c.typed) {
			t.Errorf("%s: the message %q is not in view at 80×24:\n%s", c.path, c.want, view)
		}
	}
}

// The system form's rights field at 80×24 and in a narrower window: its
// example, a resource ID, shows whole on one line (huh broke it after a
// "-": "for example ske-krav-" / "og-betalinger", seen in tmux).
func TestA3SystemFormExampleIDWhole(t *testing.T) {
	for _, width := range []int{80, 56} {
		for _, lang := range []string{"nb", "en"} {
			f := newA3Fixture(t, lang)
			f.ctx.Width, f.ctx.Height = width, 24
			f.sess.Answers.System.Name = "Mitt System"
			s := svScreen(t, trackStep(t, f.ctx, StepA3System), ScreenA3SystemForm, f.ctx, altinn3.PathRights)
			s.SetSize(width-2, 24-7)
			s = drive(t, s, s.Init()())
			view := ansi.Strip(ui.Shown(s.View(), 24-7))
			whole := false
			for _, l := range strings.Split(view, "\n") {
				whole = whole || strings.Contains(l, a3Resource)
			}
			if !whole {
				t.Errorf("%s at %d×24: %q is not whole on one line:\n%s", lang, width, a3Resource, view)
			}
		}
	}
}
