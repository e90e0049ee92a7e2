package steps

import (
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// readySystem makes the client work and registers the system, through
// the screens.
func (f *a3Fixture) readySystem() {
	f.t.Helper()
	f.readyClient()
	f.fillSystem()
	s := f.screen(StepA3System, ScreenA3Register)
	pick(f.t, s, regRegister)
	if f.sess.Altinn3.Registered == nil {
		f.t.Fatalf("not registered:\n%s", s.View())
	}
}

// addCustomer adds a customer through the list's form, as typed.
func addCustomer(t *testing.T, s ui.Screen, org, name, email string, agent bool) ui.Screen {
	t.Helper()
	s = drive(t, s, keys("a"))
	if !s.Editing() {
		t.Fatalf("a did not open the form:\n%s", s.View())
	}
	s = typeLine(t, s, org)
	s = typeLine(t, s, name)
	s = typeLine(t, s, email)
	s = typeLine(t, s, "")
	if agent {
		s = drive(t, s, tea.KeyMsg{Type: tea.KeyLeft})
	}
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEnter})
	if s.Editing() {
		t.Fatalf("the form is still open:\n%s", s.View())
	}
	return s
}

// selectRow puts the list's cursor on the customer, with the arrow keys.
func selectRow(t *testing.T, s ui.Screen, org string) ui.Screen {
	t.Helper()
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyHome})
	for range 10 {
		if it := a3Base(t, s).menu.Selected(); it != nil && it.Key == org {
			return s
		}
		s = drive(t, s, tea.KeyMsg{Type: tea.KeyDown})
	}
	t.Fatalf("no row %s:\n%s", org, s.View())
	return nil
}

// wantWrapped fails unless every part shows, however it was wrapped
// (white space ignored): for addresses and paths shown whole.
func wantWrapped(t *testing.T, s ui.Screen, parts ...string) {
	t.Helper()
	v := strings.Join(strings.Fields(ansi.Strip(s.View())), "")
	for _, p := range parts {
		if !strings.Contains(v, strings.Join(strings.Fields(p), "")) {
			t.Fatalf("screen lacks %q:\n%s", p, ansi.Strip(s.View()))
		}
	}
}

// Step 3: three customers (a wrong org number refused in its field), a
// request for each, the status polled with backoff until the customers
// decide (two approve, one rejects), the confirm URL shown whole, the
// customer's e-mail written, and the system users listed.
func TestA3Customers(t *testing.T) {
	f := newA3Fixture(t, "nb")
	f.readySystem()
	s := f.screen(StepA3Customers, ScreenA3Customers)
	wantScreen(t, s, "Ingen kunder ennå")
	if ps := customersProblems(f.ctx); len(ps) != 1 || ps[0].Message != "Ingen kunder ennå" {
		t.Fatalf("problems: %+v", ps)
	}

	// MOD11 refused next to the field, what was typed kept.
	s = drive(t, s, keys("a"))
	s = typeLine(t, s, "987654321")
	if !s.Editing() {
		t.Fatal("the form went on past a wrong org number")
	}
	wantScreen(t, s, "987654321", "kontrollsiffer")
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyEsc})
	s.(ui.BackHandler).HandleBack()
	if len(f.sess.Altinn3.Customers) != 0 {
		t.Fatal("a cancelled form added a customer")
	}

	s = addCustomer(t, s, a3CustomerA, "Kunde A AS", "post@kunde-a.no", false)
	s = addCustomer(t, s, a3CustomerB, "Kunde B AS", "post@kunde-b.no", true)
	s = addCustomer(t, s, a3CustomerC, "Kunde C AS", "", false)
	if n := len(f.sess.Altinn3.Customers); n != 3 || !f.sess.Altinn3.Customer(a3CustomerB).Agent {
		t.Fatalf("customers: %+v", f.sess.Altinn3.Customers)
	}

	f.decisions[a3CustomerA] = "approve"
	f.decisions[a3CustomerB] = "approve"
	f.decisions[a3CustomerC] = "reject"
	for _, org := range []string{a3CustomerA, a3CustomerB, a3CustomerC} {
		s = selectRow(t, s, org)
		s = drive(t, s, keys("s"))
	}
	// One poll each: the first read found New, the program waited
	// DefaultPoll's first delay, the customer decided meanwhile.
	if len(f.waits) != 3 || f.waits[0] != altinn3.DefaultPoll.Delay(0) {
		t.Fatalf("waits %v", f.waits)
	}
	for org, want := range map[string]string{a3CustomerA: session.RequestAccepted, a3CustomerB: session.RequestAccepted, a3CustomerC: session.RequestRejected} {
		c := f.sess.Altinn3.Customer(org)
		if c.Request == nil || c.Request.Status != want || c.Request.ConfirmURL == "" {
			t.Fatalf("%s: %+v", org, c.Request)
		}
		if (want == session.RequestAccepted) != (c.SystemUserID != "") {
			t.Fatalf("%s: system user %q", org, c.SystemUserID)
		}
	}
	wantScreen(t, s, "Kunden "+nofmt.OrgNumber(a3CustomerC)+": avvist av kunden.")
	if !f.sess.Altinn3.Customer(a3CustomerB).Request.Agent {
		t.Fatal("B's request is not an agent request")
	}

	// The confirm URL of the selected customer, whole.
	s = selectRow(t, s, a3CustomerA)
	a := f.sess.Altinn3.Customer(a3CustomerA)
	wantWrapped(t, s, "Lenken kunden godkjenner i:", a.Request.ConfirmURL)

	// The customer's e-mail.
	s = drive(t, s, keys("m"))
	var eml string
	for _, file := range f.sess.Files {
		if file.Kind == KindCustomerEmail+a3CustomerA {
			eml = file.Path
		}
	}
	if eml == "" {
		t.Fatalf("no e-mail recorded:\n%s", s.View())
	}
	wantWrapped(t, s, eml)
	data, err := os.ReadFile(eml)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(eml); fi.Mode().Perm() != 0o600 {
		t.Fatalf("e-mail mode %v", fi.Mode().Perm())
	}
	for _, want := range []string{"To: \"Kunde A AS\" <post@kunde-a.no>", "kari@leverandor.no", a3Resource} {
		if !strings.Contains(string(data), want) {
			t.Fatalf("e-mail lacks %q:\n%s", want, data)
		}
	}
	// C has no address: the e-mail says so, and nothing is written.
	s = selectRow(t, s, a3CustomerC)
	s = drive(t, s, keys("m"))
	wantScreen(t, s, "Fikk ikke skrevet e-posten", "kunden har ingen e-postadresse")

	s = drive(t, s, keys("l"))
	wantScreen(t, s, "Systembrukerne til systemet (2):", a3CustomerA, a3CustomerB)

	if ps := customersProblems(f.ctx); len(ps) != 0 {
		t.Fatalf("problems: %+v", ps)
	}
	if got := customersRemaining(f.ctx); got != "1 avvist eller utløpt" {
		t.Fatalf("remaining %q", got)
	}

	// A new request for the rejected customer, sent anew.
	f.decisions[a3CustomerC] = "approve"
	s = drive(t, s, keys("s"))
	if c := f.sess.Altinn3.Customer(a3CustomerC); c.Request.Status != session.RequestAccepted {
		t.Fatalf("C after a new request: %+v", c.Request)
	}
	wantScreen(t, s, "Kunden "+nofmt.OrgNumber(a3CustomerC)+": godkjent.")
}

// A key typed while a status read is under way is handled at once: the
// read runs in its command, and its answer arrives later without
// disturbing the form the key opened; the spinner shows meanwhile.
func TestA3PollNeverBlocksAKey(t *testing.T) {
	f := newA3Fixture(t, "en")
	f.readySystem()
	f.sess.Altinn3.Customers = []session.Customer{{OrgNumber: a3CustomerA, Name: "Kunde A AS"}}
	o := f.deps.Altinn3
	out, err := o.RequestSystemUser(t.Context(), altinn3.SnapshotOf(f.sess), a3CustomerA, false)
	if err != nil {
		t.Fatal(err)
	}
	out.Apply(f.sess)

	s := svScreen(t, trackStep(t, f.ctx, StepA3Customers), ScreenA3Customers, f.ctx, "")
	cmd := s.Init()
	// Init resumes the poll of the waiting request: a spinner's tick and
	// the first read.
	var tick tea.Msg
	for _, m := range runBatch(cmd) {
		if pt, ok := m.(pollTick); ok {
			tick = pt
		}
	}
	if tick == nil {
		t.Fatal("Init did not resume the poll")
	}
	wantScreen(t, s, "Watching the status of the request in the background")
	s, read := s.Update(tick)
	if read == nil {
		t.Fatal("the poll did not start a read")
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- read() }()

	// The read is under way; a key opens the form at once.
	s, _ = s.Update(keys("a"))
	if !s.Editing() {
		t.Fatalf("the key waited for the read:\n%s", s.View())
	}
	s, _ = s.Update(keys("9"))
	msg := <-done
	f.decide(a3CustomerA, "approve")
	s, next := s.Update(msg)
	if !s.Editing() || !strings.Contains(ansi.Strip(s.View()), "9") {
		t.Fatalf("the read's answer disturbed the form:\n%s", s.View())
	}
	if next == nil {
		t.Fatal("no next read was scheduled for a request still New")
	}
	if c := f.sess.Altinn3.Customer(a3CustomerA); c.Request.Status != session.RequestNew || c.Request.CheckedAt.IsZero() {
		t.Fatalf("status not recorded: %+v", c.Request)
	}
	// The next read (the tick stands in for the wait) finds it accepted.
	for _, m := range runBatch(next) {
		s, read = s.Update(m)
		if read != nil {
			s, _ = s.Update(read())
		}
	}
	if c := f.sess.Altinn3.Customer(a3CustomerA); c.Request.Status != session.RequestAccepted {
		t.Fatalf("status: %+v", c.Request)
	}
	if !s.Editing() {
		t.Fatal("the form closed")
	}
}

// runBatch runs a command (opening batches) and returns its messages,
// leaving out the spinner's ticks.
func runBatch(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	m := cmd()
	if b, ok := m.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runBatch(c)...)
		}
		return out
	}
	if _, spin := m.(spinner.TickMsg); spin || m == nil {
		return nil
	}
	return []tea.Msg{m}
}
