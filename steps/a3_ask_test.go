package steps

import (
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// lazyAnswers gives a prompter one line per read: a string, or what a
// func returns when the line is read (after the question before it is
// answered), so a test can act as the vendor or the customer between two
// answers (register the client the key step wrote, approve a request).
type lazyAnswers struct {
	items []any
	i     int
}

func (a *lazyAnswers) Read(p []byte) (int, error) {
	if a.i >= len(a.items) {
		return 0, io.EOF
	}
	it := a.items[a.i]
	a.i++
	s, ok := it.(string)
	if f, isFunc := it.(func() string); isFunc {
		s, ok = f(), true
	}
	if !ok {
		panic("lazyAnswers: a string or a func() string")
	}
	return copy(p, s+"\n"), nil
}

// TestAskAltinn3Track completes the whole Altinn 3 track in accessible
// mode from piped answers, against the sandbox over real HTTP on
// 127.0.0.1: a key, the client the sandbox registers with the JWKS the
// key step wrote, a test; the system's answers, registered and read
// back; a standard customer approved before a check, an agent customer
// approved while a wait runs, an e-mail, the list of system users; a
// token for each.
func TestAskAltinn3Track(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		t.Run(lang, func(t *testing.T) { testAskAltinn3Track(t, lang) })
	}
}

func testAskAltinn3Track(t *testing.T, lang string) {
	f := newA3Fixture(t, lang)
	d := f.deps
	// The customer who decides while the program waits.
	d.Tick = func(wait time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		f.waits = append(f.waits, wait)
		for org, act := range f.decisions {
			delete(f.decisions, org)
			f.decide(org, act)
		}
		return func() tea.Msg { return fn(time.Time{}) }
	}
	tr := Altinn3(d)
	f.ctx.Track = &tr
	f.ctx.Accessible = true

	answers := &lazyAnswers{items: []any{
		// Step 1: a key, the client ID the "portal" gives, a test, on.
		"2",
		"4", func() string { return f.registerClient() },
		"5",
		"6",
		// Step 2: the answers (the vendor's kept), register, on.
		"", "", "", "",
		"blabaer", "Blåbær Regnskap", "Blåbær Rekneskap", "Blueberry Accounts",
		"Regnskap for små bedrifter", "Rekneskap for små bedrifter", "Accounts for small businesses",
		a3Resource, a3Package, "", "n", // not visible: client relations (AUTH.VLD-00018)
		"1", // register (and read back)
		// Change a name: the answers again (offered to keep: no), then an
		// update, shown and refused, then shown and accepted.
		"3", "n", "", "", "", "", "", "Blåbær Regnskap Pluss", "", "", "", "", "", "", "", "", "",
		"1", "n",
		"1", "j",
		"4", // on
		// Step 3: customer A, its request; a check before the customer
		// decides, and one after; its e-mail.
		"2", a3CustomerA, "Kunde A AS", "post@kunde-a.example.no", "", "n",
		"4", "2",
		"5", "4",
		"5", func() string { f.decide(a3CustomerA, "approve"); return "4" },
		"4", "3", // decided: no wait offered, so A is 4
		// Customer B (client relations), its request, approved during a wait.
		"2", a3CustomerB, "Kunde B AS", "post@kunde-b.example.no", "", "j",
		"5", "2",
		func() string { f.decisions[a3CustomerB] = "approve"; return "4" },
		"3", // the system users
		"1", // on
		// Step 4: a token for each, done.
		"1", "2", "3",
	}}
	var out strings.Builder
	p := ui.NewPrompter(answers, &out, lang)
	err := AskSteps(f.ctx, p, d)
	text := out.String()
	if err != nil {
		t.Fatalf("AskSteps: %v (answers read: %d of %d)\n%s", err, answers.i, len(answers.items), text)
	}
	if answers.i != len(answers.items) {
		t.Errorf("%d answers left unread\n%s", len(answers.items)-answers.i, text)
	}
	for _, st := range tr.Steps {
		if got := f.sess.StepStatus(st.ID); got != session.Done {
			t.Errorf("step %s: %v, want done", st.ID, got)
		}
	}
	for _, org := range []string{a3CustomerA, a3CustomerB} {
		c := f.sess.Altinn3.Customer(org)
		if c == nil || c.Request == nil || c.Request.Status != session.RequestAccepted {
			t.Errorf("customer %s: %+v, want an accepted request", org, c)
			continue
		}
		if c.LastToken == nil || !c.LastToken.OK {
			t.Errorf("customer %s: token %+v, want one that worked", org, c.LastToken)
		}
	}
	if f.sess.Altinn3.Registered == nil || f.sess.Altinn3.SystemUsers == nil {
		t.Errorf("registered %v, system users %v: want both", f.sess.Altinn3.Registered, f.sess.Altinn3.SystemUsers)
	}
	if reg := f.sess.Altinn3.Registered; reg == nil || reg.Definition.Name.NB != "Blåbær Regnskap Pluss" {
		t.Errorf("registered %+v, want the name changed by the update", reg)
	}
	if len(f.waits) == 0 {
		t.Error("the wait never slept between two reads")
	}
	T := func(nb, en string) string { return ui.T(lang, nb, en) }
	for _, want := range []string{
		T("Nøkkelen er laget", "The key is made"),
		T("Klienten virker", "The client works"),
		T("Lest tilbake fra registeret", "Read back from the register"),
		T("Beholde disse svarene?", "Keep these answers?"),
		T("Dette endres:", "What changes:"),
		T("Ingenting er sendt; registeret er som før.", "Nothing was sent; the register is as before."),
		T("Systemet er oppdatert", "The system is updated"),
		T("har ikke svart ennå", "has not answered yet"),
		T("Kunden "+nofmt.OrgNumber(a3CustomerA)+": godkjent", "Customer "+nofmt.OrgNumber(a3CustomerA)+": accepted"),
		T("Venter på svar fra 1 kunde(r)", "Waiting for the answer of 1 customer(s)"),
		T("Skrev e-posten til kunden", "Wrote the e-mail to the customer"),
		T("Systembruker-token for "+a3CustomerB+" hentet", "Got the system-user token for "+a3CustomerB),
		T("Alle stegene er gått gjennom", "All the steps have been gone through"),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the output lacks %q\n%s", want, text)
		}
	}
	if strings.Contains(text, T("forespørselen med s", "the request with s")) {
		t.Errorf("the output names a key of the terminal UI:\n%s", text)
	}
	if strings.Contains(text, "\x1b[") || strings.Contains(text, "PRIVATE KEY") {
		t.Errorf("the output has escape codes or a private key:\n%s", text)
	}
	if errors.Is(err, ui.ErrStopped) {
		t.Fatal("stopped")
	}
}

// In accessible mode the client screen asks before PROD the first time
// (a no keeps TT02), not again after; and reads the key of an enterprise
// certificate, its password asked as a secret: never shown, never in the
// session.
func TestAskAltinn3ProdAndP12(t *testing.T) {
	f := newA3Fixture(t, "nb")
	f.ctx.Accessible = true
	ca := newCertAuthority(t, "Buypass Class 3 Test4 CA 3")
	cert, key := ca.issue(t, enterpriseSubject("", "NTRNO-"+a3Vendor), time.Now().Add(-time.Hour), time.Now().AddDate(1, 0, 0), "rsa")
	const password = "p12-passord-som-ikke-vises"
	data, err := pkcs12.Modern.Encode(key, cert, []*x509.Certificate{ca.cert}, password)
	if err != nil {
		t.Fatal(err)
	}
	path := writeCertFile(t, "virksomhet.p12", data)
	answers := &lazyAnswers{items: []any{
		"1", "n", // PROD? no
		"1", "j", // PROD? yes
		"1", // back to TT02, not asked again
		"3", path, "feil-passord",
		"3", path, password,
	}}
	var out strings.Builder
	p := ui.NewPrompter(answers, &out, "nb")
	// A terminal's read without echo: the secrets come through it.
	var secrets []string
	p.ReadSecret = func() (string, error) {
		var b [256]byte
		n, err := answers.Read(b[:])
		s := strings.TrimSuffix(string(b[:n]), "\n")
		secrets = append(secrets, s)
		return s, err
	}
	err = AskSteps(f.ctx, p, f.deps)
	text := out.String()
	if !errors.Is(err, ui.ErrStopped) || answers.i != len(answers.items) {
		t.Fatalf("AskSteps: %v, %d of %d answers read\n%s", err, answers.i, len(answers.items), text)
	}
	s := f.sess
	if s.Altinn3.ProdConfirmedAt == nil || envOf(s) != session.EnvTT02 {
		t.Errorf("PROD confirmed %v, environment %s: want confirmed, and TT02 again", s.Altinn3.ProdConfirmedAt, envOf(s))
	}
	if strings.Count(text, "Arbeide mot produksjonsmiljøet (PROD)?") != 2 {
		t.Errorf("the PROD question should be asked twice, before it is confirmed:\n%s", text)
	}
	if mp := s.Altinn3.Maskinporten; mp.KeySource != session.KeySourceP12 || mp.P12Path != path {
		t.Errorf("key %q from %q, want the certificate's\n%s", mp.KeySource, mp.P12Path, text)
	}
	for _, want := range []string{"Miljøet er fortsatt TT02.", "Miljøet er nå PROD.", "Miljøet er nå TT02.", "Feil: Fikk ikke laget nøkkelen: "} {
		if !strings.Contains(text, want) {
			t.Errorf("the output lacks %q\n%s", want, text)
		}
	}
	data, err = json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(secrets) != 2 || secrets[1] != password {
		t.Errorf("read without echo: %q, want the two passwords", secrets)
	}
	if strings.Contains(text, password) || strings.Contains(string(data), password) {
		t.Errorf("the password was shown or stored")
	}
}

// Ctrl+C while accessible mode waits for a customer's answer ends the
// wait at once (not at the next read), saves, and stops the asking; the
// request is kept.
func TestAskAltinn3WaitStopsOnCtrlC(t *testing.T) {
	f := newA3Fixture(t, "nb")
	f.readySystem()
	stop := make(chan struct{})
	never := make(chan struct{})
	t.Cleanup(func() { close(never) })
	d := f.deps
	d.Tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd {
		close(stop) // Ctrl+C during the first pause of the wait
		return func() tea.Msg { <-never; return nil }
	}
	tr := Altinn3(d)
	f.ctx.Track, f.ctx.Accessible = &tr, true
	answers := &lazyAnswers{items: []any{
		"2", a3CustomerA, "Kunde A AS", "post@kunde-a.example.no", "", "n",
		"4", "2", // send the request
		"4", // wait for the answers
	}}
	var out strings.Builder
	p := ui.NewPrompter(answers, &out, "nb")
	p.Stop = stop
	savedAt := 0
	p.Answered = func() { savedAt = out.Len() }
	err := AskStep(f.ctx, p, d, tr.Steps[2])
	text := out.String()
	if !errors.Is(err, ui.ErrStopped) {
		t.Fatalf("AskStep: %v, want stopped\n%s", err, text)
	}
	waitAt := strings.Index(text, "Venter på svar fra 1 kunde(r)")
	if waitAt < 0 || !strings.Contains(text, "Ctrl+C stopper ventingen") || savedAt <= waitAt {
		t.Errorf("the wait was not said, or not saved when stopped (saved at %d, wait at %d):\n%s", savedAt, waitAt, text)
	}
	if c := f.sess.Altinn3.Customer(a3CustomerA); c == nil || c.Request == nil || c.Request.ID == "" {
		t.Errorf("the request is lost: %+v", c)
	}
}
