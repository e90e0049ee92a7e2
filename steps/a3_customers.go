package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// ScreenA3Customers is the customers step's screen ID: keep it stable.
const ScreenA3Customers = "a3_customers"

// A3Customers is the Altinn 3 track's step 3: the customers and their
// system users. A list of customers; for each a system-user request, its
// confirm URL, an e-mail to the customer, and its status, polled in the
// background; and the system's system users.
func A3Customers(d Deps) ui.Step {
	d = d.withAltinn3()
	return ui.Step{
		ID:    StepA3Customers,
		Title: texts("Kunder", "Customers"),
		Screens: []ui.ScreenSpec{
			{ID: ScreenA3Customers, Title: texts("Kunder og systembrukere", "Customers and system users"), New: d.screen(newCustomersScreen), Ask: d.askA3(newCustomersScreen)},
		},
		Problems:     customersProblems,
		Remaining:    customersRemaining,
		DoneWhenLeft: true,
	}
}

// requestIn is the customer's request in env, or nil.
func requestIn(c *session.Customer, env string) *session.SystemUserRequest {
	if c.Request == nil || c.Request.Environment != env {
		return nil
	}
	return c.Request
}

// customersProblems: no customer, a customer whose answers are wrong, a
// customer without a request in the session's environment.
func customersProblems(ctx *ui.Context) []ui.Problem {
	s := ctx.Session
	var out []ui.Problem
	if len(s.Altinn3.Customers) == 0 {
		return []ui.Problem{{Screen: ScreenA3Customers, Message: ctx.T("Ingen kunder ennå", "No customers yet")}}
	}
	for i := range s.Altinn3.Customers {
		c := &s.Altinn3.Customers[i]
		_, probs := altinn3.CheckCustomer(*c, i)
		for _, fe := range probs {
			out = append(out, ui.Problem{Screen: ScreenA3Customers, Field: fe.Path, Message: c.OrgNumber + ": " + fe.Message(formsLang(ctx))})
		}
		if requestIn(c, envOf(s)) == nil {
			out = append(out, ui.Problem{Screen: ScreenA3Customers, Field: fmt.Sprintf("%s[%d]", altinn3.PathCustomers, i),
				Message: fmt.Sprintf(ctx.T("Kunde %s: ingen forespørsel om systembruker sendt", "Customer %s: no system-user request sent"), c.OrgNumber)})
		}
	}
	return out
}

// customersRemaining counts the requests still waiting and those that
// need a new one.
func customersRemaining(ctx *ui.Context) string {
	s := ctx.Session
	waiting, again := 0, 0
	for i := range s.Altinn3.Customers {
		r := requestIn(&s.Altinn3.Customers[i], envOf(s))
		switch {
		case r == nil:
		case r.Status == session.RequestNew || r.Status == "":
			waiting++
		case r.Status != session.RequestAccepted:
			again++
		}
	}
	var parts []string
	if waiting > 0 {
		parts = append(parts, fmt.Sprintf(ctx.T("%d venter på kunden", "%d waiting for the customer"), waiting))
	}
	if again > 0 {
		parts = append(parts, fmt.Sprintf(ctx.T("%d avvist eller utløpt", "%d rejected or expired"), again))
	}
	return strings.Join(parts, ", ")
}

// pollTick is the time to read a customer's status again; gen tells an
// old poll of the customer from the current one.
type pollTick struct {
	org string
	gen int
}

type customerKeys struct {
	add, edit, remove, request, email, status, users, next key.Binding
}

type customersScreen struct {
	a3Screen
	keys customerKeys
	// polls are the customers whose status is polled: the attempt and
	// the generation of each.
	polls   map[string]*poll
	pollMsg ui.Message
	// editing is the customer in the form, and the org number it had.
	editing session.Customer
	editOrg string
	editIdx int
	// offer is Enhetsregisteret's answer for the number in the form
	// (lookup.go).
	offer orgOffer
	// users is shown after the list of system users was fetched.
	showUsers bool
	send      sender
	mailKeys  customerMailKeys
}

type poll struct {
	attempt, gen int
	busy         bool // a status read is under way
}

func newCustomersScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	c := &customersScreen{a3Screen: newA3Screen(ctx, d), polls: map[string]*poll{}}
	c.offer = orgOffer{lk: d.Lookup, env: envOf(ctx.Session), lang: ctx.Lang}
	c.formNotes = map[string]func(int) string{"org_number": c.offerNote}
	t := ctx.T
	c.menu.Keys.Choose.SetEnabled(false)
	c.menu.Keys.Toggle.SetEnabled(false)
	c.keys = customerKeys{
		add:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", t("legg til", "add"))),
		edit:    key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e", t("endre", "edit"))),
		remove:  key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", t("fjern", "remove"))),
		request: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t("send forespørsel", "send request"))),
		email:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t("skriv e-post", "write e-mail"))),
		status:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("sjekk status", "check status"))),
		users:   key.NewBinding(key.WithKeys("l"), key.WithHelp("l", t("list systembrukere", "list system users"))),
		next:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t("ferdig, videre", "done, continue"))),
	}
	c.send, c.mailKeys = newSender(ctx, d, &c.msg), newCustomerMailKeys(ctx)
	c.syncMenu()
	for i := range ctx.Session.Altinn3.Customers {
		if strings.HasPrefix(field, fmt.Sprintf("%s[%d]", altinn3.PathCustomers, i)) {
			c.menu.Cursor = i
		}
	}
	return c
}

// Init resumes the polls of requests that wait for the customer.
func (c *customersScreen) Init() tea.Cmd {
	var cmds []tea.Cmd
	env := envOf(c.ctx.Session)
	for i := range c.ctx.Session.Altinn3.Customers {
		cu := &c.ctx.Session.Altinn3.Customers[i]
		if r := requestIn(cu, env); r != nil && !altinn3.Decided(r.Status) {
			cmds = append(cmds, c.startPoll(cu.OrgNumber))
		}
	}
	return tea.Batch(cmds...)
}

func (c *customersScreen) customers() *[]session.Customer { return &c.ctx.Session.Altinn3.Customers }

// selected is the customer under the cursor, or nil.
func (c *customersScreen) selected() *session.Customer {
	list := c.customers()
	if c.menu.Cursor < 0 || c.menu.Cursor >= len(*list) {
		return nil
	}
	return &(*list)[c.menu.Cursor]
}

// syncMenu gives the menu a row per customer.
func (c *customersScreen) syncMenu() {
	env := envOf(c.ctx.Session)
	items := make([]ui.MenuItem, len(*c.customers()))
	for i := range *c.customers() {
		cu := &(*c.customers())[i]
		kind := c.ctx.T("standard", "standard")
		if cu.Agent {
			kind = c.ctx.T("klientforhold", "client relations")
		}
		status := altinn3.StatusText("", c.ctx.Lang)
		if r := requestIn(cu, env); r != nil {
			status = altinn3.StatusText(r.Status, c.ctx.Lang)
		}
		if p := c.polls[cu.OrgNumber]; p != nil {
			status += c.ctx.T(" (følges)", " (watched)")
		}
		_, probs := altinn3.CheckCustomer(*cu, i)
		items[i] = ui.MenuItem{Key: cu.OrgNumber, Label: fmt.Sprintf("%s  %s · %s · %s", nofmt.OrgNumber(cu.OrgNumber), orNone(cu.Name, c.ctx.Lang), kind, status), Flagged: len(probs) > 0}
	}
	c.menu.SetItems(items)
}

func (c *customersScreen) updateList(msg tea.Msg) (ui.Screen, tea.Cmd) {
	if tick, ok := msg.(spinner.TickMsg); ok {
		return c, tea.Batch(c.pollMsg.Update(tick), c.msg.Update(tick))
	}
	if cmd, handled := c.lookupKey(msg); handled {
		return c, cmd
	}
	if cmd, handled := c.updateOverlay(msg); handled {
		c.syncMenu()
		return c, tea.Batch(cmd, c.watchOrg())
	}
	switch msg := msg.(type) {
	case pollTick:
		return c, c.pollNow(msg)
	case a3Done:
		msg.EditSession(c.ctx.Session)
		cmd := c.finished(msg)
		c.syncMenu()
		return c, tea.Batch(changed, cmd)
	case tea.KeyMsg:
		return c, c.key(msg)
	}
	return c, nil
}

func (c *customersScreen) key(k tea.KeyMsg) tea.Cmd {
	c.syncMenu()
	if handled, _ := c.menu.Update(k); handled {
		return nil
	}
	cu := c.selected()
	switch {
	case key.Matches(k, c.keys.add):
		return c.editCustomer(nil)
	case key.Matches(k, c.keys.next):
		c.done = true
	case key.Matches(k, c.keys.users):
		return c.listUsers()
	case cu == nil:
		if key.Matches(k, c.keys.edit) {
			return c.editCustomer(nil)
		}
	case key.Matches(k, c.keys.edit):
		return c.editCustomer(cu)
	case key.Matches(k, c.keys.remove):
		c.askRemove(cu.OrgNumber)
	case key.Matches(k, c.keys.request):
		return c.request(cu)
	case key.Matches(k, c.keys.email):
		return c.writeEmail(cu)
	case key.Matches(k, c.keys.status):
		if requestIn(cu, envOf(c.ctx.Session)) == nil {
			c.msg.Set(errText(altinn3.ErrNotRequested, c.ctx.Lang), true)
			return nil
		}
		return c.startPoll(cu.OrgNumber)
	}
	return nil
}

// keyHint is a hint that names a key, or "" in accessible mode, which
// offers the same as a numbered list.
func (c *customersScreen) keyHint(hint string) string {
	if c.ctx.Accessible {
		return ""
	}
	return hint
}

// askRemove asks whether to remove the customer, and removes it.
func (c *customersScreen) askRemove(org string) {
	t := c.ctx.T
	c.ask(fmt.Sprintf(t("Fjerne kunden %s fra økten? En forespørsel som er sendt, blir stående hos Altinn.", "Remove the customer %s from the session? A request already sent stays at Altinn."), nofmt.OrgNumber(org)),
		func(yes bool) tea.Cmd {
			if !yes {
				return nil
			}
			list := c.customers()
			*list = slices.DeleteFunc(*list, func(x session.Customer) bool { return x.OrgNumber == org })
			delete(c.polls, org)
			c.syncMenu()
			c.msg.Set(fmt.Sprintf(t("Fjernet %s.", "Removed %s."), org), false)
			return changed
		})
}

// editCustomer opens the customer's form (a new one when cu is nil).
func (c *customersScreen) editCustomer(cu *session.Customer) tea.Cmd {
	c.editing, c.editOrg = session.Customer{}, ""
	c.editIdx = len(*c.customers())
	if cu != nil {
		c.editing, c.editOrg = *cu, cu.OrgNumber
		c.editIdx = c.menu.Cursor
	}
	return tea.Batch(c.customerForm(), c.watchOrg())
}

// customerForm shows the form of the customer being edited.
func (c *customersScreen) customerForm() tea.Cmd {
	t := c.ctx.T
	i := c.editIdx
	e := &c.editing
	lang := formsLang(c.ctx)
	// Each field shows what the customer check says of it.
	check := func(suffix string, set func(v string)) func(string) error {
		return func(v string) error {
			x := *e
			set(v)
			probe := *e
			*e = x
			_, probs := altinn3.CheckCustomer(probe, i)
			for _, fe := range probs {
				if strings.HasSuffix(fe.Path, suffix) {
					return fmt.Errorf("%s", fe.Message(lang))
				}
			}
			return nil
		}
	}
	return c.edit(t("Kunden", "The customer"), c.saveCustomer,
		line("org_number", t("Organisasjonsnummer", "Organisation number"), "", &e.OrgNumber,
			check(".org_number", func(v string) { e.OrgNumber = v })),
		line("name", t("Navn", "Name"), "", &e.Name, nil),
		line("email", t("Kontaktens e-post", "The contact's e-mail"),
			t("Hit sendes e-posten med lenken kunden godkjenner med", "Where the e-mail with the link to approve goes"), &e.Email,
			check(".email", func(v string) { e.Email = v })),
		line("external_ref", t("Ekstern referanse", "External reference"),
			t("Deres egen referanse til kunden; tom: organisasjonsnummeret", "Your own reference to the customer; empty: the organisation number"), &e.ExternalRef,
			check(".external_ref", func(v string) { e.ExternalRef = v })),
		a3Field{key: "agent", title: t("Klientforhold (regnskapsfører/revisor som handler for sine klienter)?", "Client relations (an accountant or auditor acting for its clients)?"),
			about:   t("Ja: systembruker med tilgangspakker; nei: standard systembruker med systemets rettigheter", "Yes: a system user with access packages; no: a standard system user with the system's rights"),
			yesName: t("Ja", "Yes"), noName: t("Nei", "No"), yes: huh.NewPointerAccessor(&e.Agent)})
}

// saveCustomer records the customer of the form, checked by the core.
func (c *customersScreen) saveCustomer() tea.Cmd {
	t := c.ctx.T
	s := c.ctx.Session
	snap := altinn3.SnapshotOf(s)
	if c.editOrg != "" {
		// Checked against the list without the customer being edited.
		snap.A3.Customers = slices.DeleteFunc(snap.A3.Customers, func(x session.Customer) bool { return x.OrgNumber == c.editOrg })
	}
	edit, err := c.o.AddCustomer(snap, c.editing)
	if err != nil {
		c.msg.Set(errText(err, c.ctx.Lang), true)
		return nil
	}
	if c.editOrg != "" && c.editOrg != edit.Customer.OrgNumber {
		s.Altinn3.Customers = slices.DeleteFunc(s.Altinn3.Customers, func(x session.Customer) bool { return x.OrgNumber == c.editOrg })
	}
	edit.Apply(s)
	startStep(s, StepA3Customers, c.deps)
	c.syncMenu()
	c.menu.Select(edit.Customer.OrgNumber)
	c.msg.Set(fmt.Sprintf(t("Lagret kunden %s.", "Saved the customer %s."), nofmt.OrgNumber(edit.Customer.OrgNumber))+c.keyHint(t(" Send forespørselen med s.", " Send the request with s.")), false)
	return changed
}

// request sends the customer's request (anew when it was rejected or
// has expired), or reads the one sent.
func (c *customersScreen) request(cu *session.Customer) tea.Cmd {
	t := c.ctx.T
	snap := altinn3.SnapshotOf(c.ctx.Session)
	org, o := cu.OrgNumber, c.o
	renew := false
	if r := requestIn(cu, envOf(c.ctx.Session)); r != nil && altinn3.Decided(r.Status) && r.Status != session.RequestAccepted {
		renew = true
	}
	startStep(c.ctx.Session, StepA3Customers, c.deps)
	return c.run(fmt.Sprintf(t("Sender forespørselen for %s …", "Sending the request for %s …"), org),
		a3Call("request", org, func(ctx context.Context) (altinn3.RequestOutcome, error) {
			return o.RequestSystemUser(ctx, snap, org, renew)
		}))
}

func (c *customersScreen) writeEmail(cu *session.Customer) tea.Cmd {
	t := c.ctx.T
	s := c.ctx.Session.Clone()
	org, dir, now := cu.OrgNumber, c.deps.OutputDir(c.ctx.Session), c.deps.now()
	return c.run(t("Skriver e-posten …", "Writing the e-mail …"),
		a3Call("email", org, func(context.Context) (emailDone, error) {
			f, err := WriteCustomerEmail(s, org, dir, now)
			return emailDone{file: f}, err
		}))
}

type emailDone struct{ file session.GeneratedFile }

func (e emailDone) Apply(s *session.Session) {
	if e.file.Path != "" {
		s.ReplaceFiles([]string{e.file.Kind}, []session.GeneratedFile{e.file})
	}
}

func (c *customersScreen) listUsers() tea.Cmd {
	snap := altinn3.SnapshotOf(c.ctx.Session)
	o := c.o
	return c.run(c.ctx.T("Henter systembrukerne …", "Fetching the system users …"),
		a3Call("users", "", func(ctx context.Context) (altinn3.UsersOutcome, error) { return o.ListSystemUsers(ctx, snap) }))
}

func (c *customersScreen) finished(m a3Done) tea.Cmd {
	t, lang := c.ctx.T, c.ctx.Lang
	switch m.op {
	case "request":
		if m.err != nil {
			c.msg.Set(errText(m.err, lang), true)
			return nil
		}
		out := m.value.(altinn3.RequestOutcome)
		c.msg.Set(fmt.Sprintf(t("Forespørselen for %s: %s. Send kunden lenken", "The request for %s: %s. Send the customer the link")+c.keyHint(t(" (m skriver e-posten)", " (m writes the e-mail)"))+".",
			m.org, altinn3.StatusText(out.Request.Status, lang)), false)
		if !altinn3.Decided(out.Request.Status) {
			return c.startPoll(m.org)
		}
	case "status":
		return c.polled(m)
	case "email":
		if m.err != nil {
			c.msg.Set(t("Fikk ikke skrevet e-posten: ", "Could not write the e-mail: ")+errText(m.err, lang), true)
			return nil
		}
		f := m.value.(emailDone).file
		c.msg.Set(t("Skrev e-posten til kunden", "Wrote the e-mail to the customer")+c.keyHint(t("; send den herfra med p, eller åpne den i e-postprogrammet med o", "; send it from here with p, or open it in your mail program with o"))+": "+f.Path, false)
	case "users":
		if m.err != nil {
			c.msg.Set(errText(m.err, lang), true)
			return nil
		}
		c.showUsers = true
		c.msg.Clear()
	}
	return nil
}

// startPoll reads the customer's status now and then with backoff until
// it is decided; a poll already under way for it is replaced.
func (c *customersScreen) startPoll(org string) tea.Cmd {
	p := c.polls[org]
	if p == nil {
		p = &poll{}
		c.polls[org] = p
	}
	p.gen++
	p.attempt = 0
	var spin tea.Cmd
	if !c.pollMsg.Busy() {
		spin = c.pollMsg.Start(c.pollText())
	} else {
		c.pollMsg.Text = c.pollText()
	}
	gen := p.gen
	return tea.Batch(spin, func() tea.Msg { return pollTick{org: org, gen: gen} })
}

func (c *customersScreen) pollText() string {
	if len(c.polls) == 1 {
		return c.ctx.T("Følger statusen til forespørselen i bakgrunnen; du kan fortsette imens.", "Watching the status of the request in the background; you can go on meanwhile.")
	}
	return fmt.Sprintf(c.ctx.T("Følger statusen til %d forespørsler i bakgrunnen; du kan fortsette imens.", "Watching the status of %d requests in the background; you can go on meanwhile."), len(c.polls))
}

// pollNow reads the status once, for the current poll of the customer.
func (c *customersScreen) pollNow(tick pollTick) tea.Cmd {
	p := c.polls[tick.org]
	if p == nil || p.gen != tick.gen || p.busy {
		return nil
	}
	if c.ctx.Session.Altinn3.Customer(tick.org) == nil {
		c.stopPoll(tick.org)
		return nil
	}
	p.busy = true
	snap := altinn3.SnapshotOf(c.ctx.Session)
	o, org := c.o, tick.org
	return a3Call("status", org, func(ctx context.Context) (altinn3.RequestOutcome, error) {
		return o.RefreshStatus(ctx, snap, org)
	})
}

func (c *customersScreen) stopPoll(org string) {
	delete(c.polls, org)
	if len(c.polls) == 0 {
		c.pollMsg.Clear()
	} else {
		c.pollMsg.Text = c.pollText()
	}
}

// polled is a status read's outcome: the next read is scheduled (with
// backoff) until the customer has decided.
func (c *customersScreen) polled(m a3Done) tea.Cmd {
	t, lang := c.ctx.T, c.ctx.Lang
	p := c.polls[m.org]
	if p != nil {
		p.busy = false
	}
	out, _ := m.value.(altinn3.RequestOutcome)
	if m.err != nil {
		e, ok := altinn3.AsError(m.err)
		if !ok || (e.Kind != altinn3.KindNetwork && e.Kind != altinn3.KindServer) {
			c.stopPoll(m.org)
			c.msg.Set(errText(m.err, lang), true)
			return nil
		}
	} else if altinn3.Decided(out.Request.Status) {
		c.stopPoll(m.org)
		text := fmt.Sprintf(t("Kunden %s: %s.", "Customer %s: %s."), nofmt.OrgNumber(m.org), altinn3.StatusText(out.Request.Status, lang))
		switch out.Request.Status {
		case session.RequestAccepted:
			text += t(" Hent et token for kunden i neste steg.", " Get a token for the customer in the next step.")
		case session.RequestGone, session.RequestTimedout:
			text += " " + altinn3.UncertainExpiry.Text(lang)
		case session.RequestDenied:
			text += " " + altinn3.UncertainDenied.Text(lang)
		}
		c.msg.Set(text, out.Request.Status != session.RequestAccepted)
		return nil
	}
	if p == nil {
		return nil
	}
	p.attempt++
	org, gen := m.org, p.gen
	return c.deps.tick(c.o.Poll.Delay(p.attempt-1), func(time.Time) tea.Msg { return pollTick{org: org, gen: gen} })
}

func (c *customersScreen) viewList() string {
	body := c.view(c.body())
	if m := c.pollMsg.View(&c.styles, max(20, c.width)); m != "" {
		body += "\n" + m
	}
	return body
}

// body is what the screen says above its message and menu.
func (c *customersScreen) body() string {
	t := c.ctx.T
	s := c.ctx.Session
	st := c.styles
	var b strings.Builder
	b.WriteString(st.Heading.Render(stepOf(c.ctx, StepA3Customers)+t("Kunder og systembrukere", "Customers and system users")) + "\n")
	if len(s.Altinn3.Customers) == 0 {
		b.WriteString(c.wrap(t("Ingen kunder ennå", "No customers yet")+c.keyHint(t(": legg til med a", ": add one with a"))+".") + "\n")
	}
	if cu := c.selected(); cu != nil && c.form == nil {
		if r := requestIn(cu, envOf(s)); r != nil {
			if r.ConfirmURL != "" {
				b.WriteString(st.Label.Render(t("Lenken kunden godkjenner i:", "The link the customer approves in:")) + "\n")
				// Whole, wrapped if need be: the user copies it.
				b.WriteString(ui.Indent(ui.Wrap(r.ConfirmURL, max(20, c.width-2)), "  ") + "\n")
				if r.Environment == session.EnvProd {
					b.WriteString(c.dim(altinn3.UncertainProdApproval.Text(c.ctx.Lang)) + "\n")
				}
			}
			if r.LastError != nil {
				b.WriteString(st.Error.Render(c.wrap(t("Siste feil: ", "Last error: ")+strings.Trim(r.LastError.Code+" "+r.LastError.Title, " "))) + "\n")
			}
		}
		for _, f := range s.Files {
			if f.Kind == KindCustomerEmail+cu.OrgNumber {
				b.WriteString(st.Label.Render(t("E-posten:", "The e-mail:")) + "\n" + ui.Indent(ui.Wrap(f.Path+sentNote(c.ctx, f.Path), max(20, c.width-2)), "  ") + "\n")
			}
		}
	}
	if c.showUsers && s.Altinn3.SystemUsers != nil && c.form == nil {
		b.WriteString(st.Label.Render(fmt.Sprintf(t("Systembrukerne til systemet (%d):", "The system's system users (%d):"), len(s.Altinn3.SystemUsers.Users))) + "\n")
		for _, u := range s.Altinn3.SystemUsers.Users {
			b.WriteString(c.wrap("  "+nofmt.OrgNumber(u.OrgNumber)+"  "+u.Type+"  "+u.ExternalRef+"  "+u.ID) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (c *customersScreen) listKeyBindings() []key.Binding {
	if c.form != nil || c.confirm != nil {
		return c.a3Screen.KeyBindings()
	}
	k := c.keys
	return append(c.menu.KeyBindings()[:1], k.add, k.edit, k.remove, k.request, k.email, k.status, k.users, k.next)
}

func (c *customersScreen) Field() string {
	if c.form != nil {
		return ""
	}
	if c.menu.Cursor >= 0 && c.menu.Cursor < len(*c.customers()) {
		return fmt.Sprintf("%s[%d]", altinn3.PathCustomers, c.menu.Cursor)
	}
	return ""
}
