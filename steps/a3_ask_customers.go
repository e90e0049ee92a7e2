package steps

import (
	"context"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// plainWaitLimit bounds a wait for the customers' answers in accessible
// mode; Ctrl+C ends it sooner.
const plainWaitLimit = 30 * time.Minute

// customers asks the customers screen: its keys become a menu of the
// list's actions, and one of each customer's. The actions are the
// screen's own; only the status differs from the terminal UI, which polls
// in the background: here it is checked now, or waited for.
func (pl *plainScreen) customers(c *customersScreen) error {
	t := pl.ctx.T
	for !c.done {
		c.polls = map[string]*poll{} // no background polls here
		c.pollMsg.Clear()
		c.menu.Cursor = -1
		c.syncMenu()
		pl.sayBody()
		opts := []ui.Option{{Label: t("Ferdig med kundene, videre", "Done with the customers, go on")},
			{Label: t("Legg til en kunde", "Add a customer")},
			{Label: t("Hent listen over systemets systembrukere", "Fetch the list of the system's system users")}}
		if len(pl.waiting(c)) > 0 {
			opts = append(opts, ui.Option{Label: t("Vent på svar fra kundene som ikke har svart", "Wait for the answers of the customers who have not answered")})
		}
		first := len(opts)
		for _, it := range c.menu.Items {
			opts = append(opts, ui.Option{Label: fmt.Sprintf(t("Kunde %s", "Customer %s"), it.Label)})
		}
		pick := 0
		if err := pl.p.Choice(t("Hva vil du gjøre", "What do you want to do"), "", opts, -1, func(i int) error { pick = i; return nil }); err != nil {
			return err
		}
		pl.b.msg.Clear()
		pl.saidMsg = ""
		var err error
		switch {
		case pick == 0:
			c.done = true
		case pick == 1:
			err = pl.act(c.editCustomer(nil))
		case pick == 2:
			c.showUsers = false
			err = pl.act(c.listUsers())
		case pick == 3 && first == 4:
			err = pl.wait(c, pl.waiting(c))
		default:
			err = pl.customer(c, pick-first)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// waiting are the customers whose request waits for them.
func (pl *plainScreen) waiting(c *customersScreen) []string {
	var out []string
	env := envOf(pl.ctx.Session)
	for i := range *c.customers() {
		cu := &(*c.customers())[i]
		if r := requestIn(cu, env); r != nil && !altinn3.Decided(r.Status) {
			out = append(out, cu.OrgNumber)
		}
	}
	return out
}

// customer offers what can be done for the i-th customer.
func (pl *plainScreen) customer(c *customersScreen, i int) error {
	t := pl.ctx.T
	c.menu.Cursor = i
	cu := c.selected()
	org := cu.OrgNumber
	pl.saidBody = ""
	pl.sayBody()
	r := requestIn(cu, envOf(pl.ctx.Session))
	send := t("Send forespørselen om systembruker", "Send the system-user request")
	if r != nil {
		send = t("Send forespørselen igjen (en som venter, leses tilbake; en avvist eller utløpt erstattes)",
			"Send the request again (one that waits is read back; a rejected or expired one is replaced)")
	}
	acts := []ui.Option{{Label: t("Tilbake til listen", "Back to the list")}, {Label: send},
		{Label: t("Skriv e-posten til kunden (.eml)", "Write the e-mail to the customer (.eml)")},
		{Label: t("Sjekk statusen nå", "Check the status now")},
		{Label: t("Vent på svar fra kunden", "Wait for the customer's answer")},
		{Label: t("Endre kunden", "Change the customer")},
		{Label: t("Fjern kunden", "Remove the customer")}}
	if c.emailFile() != "" {
		acts = append(acts, ui.Option{Label: t("Send e-posten til kunden (gjennom e-postserveren i profilen)", "Send the e-mail to the customer (through the mail server of your profile)")})
	}
	pick := 0
	if err := pl.p.Choice(fmt.Sprintf(t("Hva vil du gjøre med kunden %s", "What do you want to do for the customer %s"), nofmt.OrgNumber(org)), "", acts, -1,
		func(k int) error { pick = k; return nil }); err != nil {
		return err
	}
	switch pick {
	case 1:
		return pl.act(c.request(cu))
	case 2:
		return pl.act(c.writeEmail(cu))
	case 3:
		return pl.checkStatus(c, org)
	case 4:
		return pl.wait(c, []string{org})
	case 5:
		return pl.act(c.editCustomer(cu))
	case 6:
		c.askRemove(org)
		return pl.act(nil)
	case 7:
		return askSend(pl.p, pl.ctx, c.deps, c.emailFile(), nil)
	}
	return nil
}

// checkStatus reads the customer's status once, as a poll of the screen
// does, and says it.
func (pl *plainScreen) checkStatus(c *customersScreen, org string) error {
	t, lang := pl.ctx.T, pl.ctx.Lang
	if requestIn(c.ctx.Session.Altinn3.Customer(org), envOf(c.ctx.Session)) == nil {
		pl.p.Say(t("Feil: ", "Error: ") + errText(altinn3.ErrNotRequested, lang))
		return nil
	}
	snap := altinn3.SnapshotOf(c.ctx.Session)
	o := c.o
	pl.p.Say(fmt.Sprintf(t("Leser statusen til forespørselen for %s …", "Reading the status of the request for %s …"), org))
	msg, err := pl.call(a3Call("status", org, func(ctx context.Context) (altinn3.RequestOutcome, error) { return o.RefreshStatus(ctx, snap, org) }))
	if err != nil {
		return err
	}
	m := msg.(a3Done)
	if err := pl.run(func() tea.Msg { return m }); err != nil {
		return err
	}
	if pl.b.msg.Text == "" {
		pl.sayStatus(m)
	}
	pl.sayMsg()
	return nil
}

// sayStatus says a status read the screen's message did not: one still
// waiting for the customer, or a failure of the network or the service,
// which the screen's poll would try again.
func (pl *plainScreen) sayStatus(m a3Done) {
	t, lang := pl.ctx.T, pl.ctx.Lang
	if m.err != nil {
		pl.p.Say(t("Feil: ", "Error: ") + errText(m.err, lang))
		return
	}
	out, _ := m.value.(altinn3.RequestOutcome)
	pl.p.Say(fmt.Sprintf(t("Kunden %s har ikke svart ennå (%s). Sjekk igjen senere, eller vent på svaret.",
		"The customer %s has not answered yet (%s). Check again later, or wait for the answer."), nofmt.OrgNumber(m.org), altinn3.StatusText(out.Request.Status, lang)))
}

// wait waits for the customers' answers with the core's backoff
// (WaitForDecisions), saying each change as it comes; Ctrl+C ends the
// wait, and what was read is kept.
func (pl *plainScreen) wait(c *customersScreen, orgs []string) error {
	t, lang := pl.ctx.T, pl.ctx.Lang
	s := c.ctx.Session
	for _, org := range orgs {
		if requestIn(s.Altinn3.Customer(org), envOf(s)) == nil {
			pl.p.Say(t("Feil: ", "Error: ") + errText(altinn3.ErrNotRequested, lang))
			return nil
		}
	}
	p := c.o.Poll
	if p.Initial <= 0 {
		p = altinn3.DefaultPoll
	}
	pl.p.Say(fmt.Sprintf(t("Venter på svar fra %d kunde(r): leser statusen nå, så etter %s, og dobbelt så lenge hver gang, opptil %s mellom hver; i høyst %s. Ctrl+C stopper ventingen; det som er lest, er lagret.",
		"Waiting for the answer of %d customer(s): reading the status now, then after %s, and twice as long each time, up to %s between reads; for at most %s. Ctrl+C stops the wait; what was read is saved."),
		len(orgs), p.Initial, p.Max, plainWaitLimit))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-pl.p.Stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	progress := func(out altinn3.RequestOutcome) {
		pl.p.Say(fmt.Sprintf(t("Kunden %s: %s.", "Customer %s: %s."), nofmt.OrgNumber(out.Customer), altinn3.StatusText(out.Request.Status, lang)))
	}
	outs, err := c.o.WaitForDecisions(ctx, altinn3.SnapshotOf(s), orgs, c.deps.now().Add(plainWaitLimit), c.deps.sleeper(), progress)
	for _, out := range outs {
		out.Apply(s)
	}
	pl.saved()
	select {
	case <-pl.p.Stop:
		return ui.ErrStopped
	default:
	}
	if err != nil {
		pl.p.Say(t("Feil: ", "Error: ") + errText(err, lang))
		return nil
	}
	for _, out := range outs {
		if !altinn3.Decided(out.Request.Status) && out.Customer != "" {
			pl.p.Say(fmt.Sprintf(t("Kunden %s har ikke svart innen %s.", "The customer %s did not answer within %s."), nofmt.OrgNumber(out.Customer), plainWaitLimit))
		} else if out.Request.Status == session.RequestAccepted {
			pl.p.Say(fmt.Sprintf(t("Kunden %s har godkjent. Hent et token for kunden i neste steg.", "The customer %s has approved. Get a token for the customer in the next step."), nofmt.OrgNumber(out.Customer)))
		}
	}
	return nil
}

// sleeper waits between the status reads of a wait: by Tick when the deps
// have one (a test acts as the customer then), else by the clock.
func (d Deps) sleeper() altinn3.Sleeper {
	if d.Tick == nil {
		return altinn3.SleepContext
	}
	return func(ctx context.Context, wait time.Duration) error {
		done := make(chan struct{})
		go func() {
			if cmd := d.Tick(wait, func(time.Time) tea.Msg { return nil }); cmd != nil {
				cmd()
			}
			close(done)
		}()
		select {
		case <-done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
