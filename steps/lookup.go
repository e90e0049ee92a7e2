package steps

// Organisation lookups in the wizard: when a valid organisation number is
// in a field, Enhetsregisteret is asked in the background (a tea.Cmd; no
// key waits for it), and the name and business address it has are
// offered under the form, to be filled in with ctrl+f. What the user typed
// is never replaced without a second ctrl+f that says what it replaces.
// Bankrupt, under liquidation, deleted and unknown units are said plainly;
// a register that cannot be asked (offline, slow) is said once per run.

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/brreg"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// OrgLookup is the wizard's link to Enhetsregisteret, one per run.
type OrgLookup struct {
	// Client is the register for an environment ("prod" or "tt02");
	// nil turns lookups off.
	Client func(environment string) *brreg.Client

	mu   sync.Mutex
	told bool // a failure to ask was said (once per run)
}

// tellOnce reports whether a failure to ask the register is to be said:
// the first time in the run only.
func (l *OrgLookup) tellOnce() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.told {
		return false
	}
	l.told = true
	return true
}

// orgLookupMsg is a lookup's answer, for the number asked.
type orgLookupMsg struct {
	org  string
	unit brreg.Unit
	err  error
	// cache is the cache file's problem, said once per run (the file is
	// left as it is; lookups go on without it).
	cache error
}

// fillKey fills in what the register has.
var fillKey = key.NewBinding(key.WithKeys("ctrl+f"))

// fillTarget is a field the offer fills: its label, where its answer
// lives, and the register's value for it.
type fillTarget struct {
	label string
	p     *string
	value string
}

// orgOffer follows one organisation-number field: what was asked, what
// the register said, and a pending overwrite.
type orgOffer struct {
	lk    *OrgLookup
	env   string
	lang  string
	asked string // the number last asked (9 digits), "" when the field holds none
	unit  *brreg.Unit
	note  string // a failure to ask, said once
	// cacheNote is the cache file's problem, said once.
	cacheNote string
	// confirm lists the fields a second ctrl+f would overwrite.
	confirm []fillTarget
	// rev counts the changes to what the offer says: a form draws its
	// fields anew only when it gets a message (see redraw).
	rev int
}

// redraw is a message for the form when the offer changed since rev:
// huh draws a group's fields only as it updates.
func (o *orgOffer) redraw(rev int) tea.Cmd {
	if o.rev == rev {
		return nil
	}
	return tea.WindowSize()
}

// clearConfirm drops a pending replacement (another key came between).
func (o *orgOffer) clearConfirm() {
	if o.confirm != nil {
		o.confirm = nil
		o.rev++
	}
}

// watch looks at the field's value after a change: a valid number not yet
// asked is asked (the command returned), anything else drops the offer.
func (o *orgOffer) watch(raw string) tea.Cmd {
	org, err := forms.OrgNumber(raw)
	if err != nil {
		org = ""
	}
	if org == o.asked {
		return nil
	}
	o.asked, o.unit, o.note, o.confirm = org, nil, "", nil
	o.rev++
	if org == "" || o.lk == nil || o.lk.Client == nil {
		return nil
	}
	c := o.lk.Client(o.env)
	if c == nil {
		return nil
	}
	return func() tea.Msg {
		u, err := c.Lookup(context.Background(), org)
		m := orgLookupMsg{org: org, unit: u, err: err}
		if p := c.CacheProblem(); p != nil {
			m.cache = p
		}
		return m
	}
}

// result takes a lookup's answer; one for a number no longer in the
// field is dropped.
func (o *orgOffer) result(m orgLookupMsg) {
	if m.cache != nil {
		o.cacheNote = lookupErrText(m.cache, o.lang)
		o.rev++
	}
	if m.org != o.asked {
		return
	}
	o.rev++
	if m.err != nil {
		if o.lk.tellOnce() {
			o.note = lookupErrText(m.err, o.lang)
		}
		return
	}
	u := m.unit
	o.unit = &u
}

func lookupErrText(err error, lang string) string {
	if t, ok := err.(interface{ Text(string) string }); ok {
		return t.Text(lang)
	}
	return err.Error()
}

// offerable reports whether there is something to fill in.
func (o *orgOffer) offerable() bool {
	return o.unit != nil && o.unit.Status == brreg.Found && o.unit.Name != ""
}

// fill fills the empty targets; the first time targets hold other text,
// it asks (the offer's view says what would be replaced), and the second
// time it replaces. It reports whether an answer changed.
func (o *orgOffer) fill(targets []fillTarget) bool {
	changed := false
	o.rev++
	if o.confirm != nil {
		for _, t := range o.confirm {
			*t.p = t.value
		}
		o.confirm = nil
		return true
	}
	var differ []fillTarget
	for _, t := range targets {
		cur := strings.TrimSpace(*t.p)
		switch {
		case t.value == "" || strings.EqualFold(cur, t.value):
		case cur == "":
			*t.p, changed = t.value, true
		default:
			differ = append(differ, t)
		}
	}
	if len(differ) > 0 {
		o.confirm = differ
	}
	return changed
}

// view is the offer's lines, "" when there is nothing to say.
func (o *orgOffer) view(st *ui.Styles, width int) string {
	wrap := func(s string) string { return ui.Wrap(termtext.Line(s), max(20, width)) }
	t := func(nb, en string) string { return ui.T(o.lang, nb, en) }
	var lines []string
	if o.cacheNote != "" {
		lines = append(lines, st.Dim.Render(wrap(o.cacheNote)))
	}
	if o.note != "" {
		lines = append(lines, st.Dim.Render(wrap(o.note)))
	}
	if o.unit == nil {
		return strings.Join(lines, "\n")
	}
	u := *o.unit
	switch u.Status {
	case brreg.Unknown:
		return strings.Join(append(lines, st.Error.Render(wrap(t("Enhetsregisteret kjenner ikke dette organisasjonsnummeret (verken enhet eller underenhet). Sjekk nummeret.",
			"Enhetsregisteret does not know this organisation number (neither unit nor sub-unit). Check the number.")))), "\n")
	case brreg.Deleted:
		return strings.Join(append(lines, st.Error.Render(wrap(strings.TrimSpace(u.Text(o.lang))))), "\n")
	}
	head := t("Enhetsregisteret: ", "Enhetsregisteret: ") + u.Name
	if a := u.BusinessAddress.OneLine(); a != "" {
		head += ", " + a
	}
	lines = append(lines, wrap(head))
	if u.Bankrupt {
		lines = append(lines, st.Warn.Render(t("Enheten er KONKURS.", "The unit is BANKRUPT (konkurs).")))
	}
	if u.UnderLiquidation {
		lines = append(lines, st.Warn.Render(t("Enheten er UNDER AVVIKLING.", "The unit is UNDER LIQUIDATION (underAvvikling).")))
	}
	if o.confirm != nil {
		var parts []string
		for _, c := range o.confirm {
			parts = append(parts, fmt.Sprintf("%s «%s» → «%s»", c.label, termtext.Line(*c.p), termtext.Line(c.value)))
		}
		lines = append(lines, st.Warn.Render(wrap(t("Trykk ctrl+f igjen for å erstatte det du skrev: ", "Press ctrl+f again to replace what you typed: ")+strings.Join(parts, "; "))))
	} else {
		lines = append(lines, st.Dim.Render(wrap(t("ctrl+f: fyll inn navn og adresse herfra (det du har skrevet, erstattes ikke uten å spørre)",
			"ctrl+f: fill in the name and address from here (what you typed is not replaced without asking)"))))
	}
	return strings.Join(lines, "\n")
}

// orgFormScreen is a form screen with an organisation-number field whose
// lookup is offered under the field.
type orgFormScreen struct {
	inner *ui.FormScreen
	// build makes the form, focused on a field, with notes under fields:
	// at first, and anew after a fill, so the fields show the answers
	// filled in.
	build   func(field string, notes map[string]func(int) string) *ui.FormScreen
	notes   map[string]func(int) string
	ctx     *ui.Context
	offer   orgOffer
	org     func() string                   // the field's value
	targets func(u brreg.Unit) []fillTarget // what a fill fills
	w, h    int
}

// withOrgLookup is the form build makes, focused on field, with the
// lookup of the number org reads (in the field orgKey) offered under that
// field, filling targets; the plain form when lookups are off or the
// screen is asked as plain prompts.
func withOrgLookup(ctx *ui.Context, lk *OrgLookup, env, field, orgKey string, build func(field string, notes map[string]func(int) string) *ui.FormScreen,
	org func() string, targets func(u brreg.Unit) []fillTarget) ui.Screen {
	if lk == nil || lk.Client == nil || ctx.Accessible {
		return build(field, nil)
	}
	s := &orgFormScreen{build: build, ctx: ctx, org: org, targets: targets,
		offer: orgOffer{lk: lk, env: env, lang: ctx.Lang}}
	s.notes = map[string]func(int) string{orgKey: func(w int) string { return s.offer.view(s.ctx.Styles(), w) }}
	s.inner = build(field, s.notes)
	return s
}

// FormScreen is the form inside.
func (s *orgFormScreen) FormScreen() *ui.FormScreen { return s.inner }

func (s *orgFormScreen) Init() tea.Cmd {
	return tea.Batch(s.inner.Init(), s.offer.watch(s.org()))
}

func (s *orgFormScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	rev := s.offer.rev
	switch m := msg.(type) {
	case orgLookupMsg:
		s.offer.result(m)
		return s, s.offer.redraw(rev)
	case tea.KeyMsg:
		if key.Matches(m, fillKey) && s.offer.offerable() {
			if !s.offer.fill(s.targets(*s.offer.unit)) {
				return s, s.offer.redraw(rev)
			}
			s.inner = s.build(s.inner.Field(), s.notes)
			s.inner.SetSize(s.w, s.h)
			return s, tea.Batch(s.inner.Init(), func() tea.Msg { return ui.ChangedMsg{} })
		}
		s.offer.clearConfirm()
	}
	_, cmd := s.inner.Update(msg)
	cmd = tea.Batch(cmd, s.offer.watch(s.org()))
	return s, tea.Batch(cmd, s.offer.redraw(rev))
}

func (s *orgFormScreen) View() string { return s.inner.View() }

func (s *orgFormScreen) SetSize(w, h int) { s.w, s.h = w, h; s.inner.SetSize(w, h) }

func (s *orgFormScreen) KeyBindings() []key.Binding {
	kb := s.inner.KeyBindings()
	if s.offer.offerable() {
		kb = append(kb, key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", ui.T(s.ctx.Lang, "fyll inn", "fill in"))))
	}
	return kb
}
func (s *orgFormScreen) Done() bool      { return s.inner.Done() }
func (s *orgFormScreen) Editing() bool   { return true }
func (s *orgFormScreen) Field() string   { return s.inner.Field() }
func (s *orgFormScreen) MultiLine() bool { return s.inner.MultiLine() }

// addressTargets are the fills of a postal address's fields from the
// business address: the lines (and the country, when not Norway), the
// postcode and the city.
func addressTargets(lang string, a brreg.Address, street, postcode, city *string) []fillTarget {
	t := func(nb, en string) string { return ui.T(lang, nb, en) }
	line := a.Street()
	if a.Country != "" && !strings.EqualFold(a.CountryCode, "NO") && !strings.EqualFold(a.Country, "Norge") {
		line = strings.TrimPrefix(line+", "+a.Country, ", ")
	}
	return []fillTarget{
		{t("Adresse", "Address"), street, line},
		{t("Postnummer", "Postcode"), postcode, a.PostalCode},
		{t("Poststed", "City"), city, a.City},
	}
}

// newSystemFormLookup is the Altinn 3 system form with the lookup of the
// vendor's organisation number (in the production register: a vendor is
// a real organisation), offering its name.
func newSystemFormLookup(ctx *ui.Context, d Deps, field string) ui.Screen {
	build := func(field string, notes map[string]func(int) string) *ui.FormScreen {
		return newSystemForm(ctx, field, notes)
	}
	v := &ctx.Session.Answers.Vendor
	return withOrgLookup(ctx, d.Lookup, session.EnvProd, field, altinn3.PathVendorOrg, build,
		func() string { return v.OrgNumber },
		func(u brreg.Unit) []fillTarget { return []fillTarget{{ctx.T("Navn", "Name"), &v.Name, u.Name}} })
}

// watchOrg follows the number in the customer form (none when the form
// is closed): a valid one is looked up in the register of the session's
// environment (TT02's for TT02 customers).
func (c *customersScreen) watchOrg() tea.Cmd {
	rev := c.offer.rev
	if c.form == nil || c.ctx.Accessible {
		c.offer.watch("")
		return nil
	}
	return tea.Batch(c.offer.watch(c.editing.OrgNumber), c.offer.redraw(rev))
}

// lookupKey takes a lookup's answer, and ctrl+f in the customer form when
// there is a name to fill in (the form is made anew to show it, on the
// field that had focus).
func (c *customersScreen) lookupKey(msg tea.Msg) (tea.Cmd, bool) {
	rev := c.offer.rev
	switch m := msg.(type) {
	case orgLookupMsg:
		if c.form != nil {
			c.offer.result(m)
		}
		return c.offer.redraw(rev), true
	case tea.KeyMsg:
		if c.form == nil {
			return nil, false
		}
		if !key.Matches(m, fillKey) || !c.offer.offerable() {
			c.offer.clearConfirm()
			return nil, false
		}
		targets := []fillTarget{{c.ctx.T("Navn", "Name"), &c.editing.Name, c.offer.unit.Name}}
		if !c.offer.fill(targets) {
			return c.offer.redraw(rev), true
		}
		field := c.form.Field()
		cmd := c.customerForm()
		forms.FocusField(c.form.Form(), field)
		return tea.Batch(cmd, changed), true
	}
	return nil, false
}

// offerNote is the customer form's offer, under the number.
func (c *customersScreen) offerNote(width int) string { return c.offer.view(&c.styles, width) }
