package steps

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Screen IDs of step 5, saved in the session's cursor: keep them stable.
const (
	ScreenTT02Facts     = "tt02_facts"
	ScreenTestUsers     = "test_users"
	ScreenTestUserOrder = "test_user_order"
	ScreenTT02Checklist = "tt02_checklist"
)

// KindTestUserEmail is the session.Files kind of the test-user order.
const KindTestUserEmail = "testbrukere-eml"

// TT02URL is Altinn's test environment.
const TT02URL = "https://tt02.altinn.no"

// Testing is step 5: test in TT02 against the services of step 4, with
// fictitious test users ordered from Altinn (domain.md, step 5).
func Testing(d Deps) ui.Step {
	return ui.Step{
		ID:    session.StepTesting,
		Title: func(lang string) string { return ui.T(lang, "Testing", "Testing") },
		Screens: []ui.ScreenSpec{
			{
				ID:    ScreenTT02Facts,
				Title: func(lang string) string { return ui.T(lang, "Om TT02", "About TT02") },
				New:   func(ctx *ui.Context, field string) ui.Screen { return ui.NewInfoScreen(ctx, tt02Facts(ctx)) },
			},
			{
				ID:    ScreenTestUsers,
				Title: func(lang string) string { return ui.T(lang, "Testbrukere", "Test users") },
				New: func(ctx *ui.Context, field string) ui.Screen {
					f := forms.TestUsersForm(&ctx.Session.Testing, formOptions(ctx))
					if field != "" {
						forms.FocusField(f, field)
					}
					return ui.NewFormScreen(f, "")
				},
			},
			{
				ID:    ScreenTestUserOrder,
				Title: func(lang string) string { return ui.T(lang, "Bestilling av testbrukere", "Test-user order") },
				New:   d.screen(newTestOrderScreen),
			},
			{
				ID:    ScreenTT02Checklist,
				Title: func(lang string) string { return ui.T(lang, "Sjekkliste for TT02", "TT02 checklist") },
				New:   d.screen(newChecklistScreen),
			},
		},
		Problems:  testingProblems,
		Remaining: testingRemaining,
	}
}

// testingRemaining is what is open in step 5 when nothing is wrong: the
// test users not ordered.
func testingRemaining(ctx *ui.Context) string {
	if !ctx.Session.Testing.TestUsersOrdered {
		return ctx.T("testbrukere er ikke bestilt", "test users not ordered")
	}
	return ""
}

func tt02Facts(ctx *ui.Context) string {
	services := stepNo(ctx, session.StepServices)
	return stepOf(ctx, session.StepTesting) + ctx.T(
		"Test i TT02 ("+TT02URL+"), Altinns testmiljø, mot tjenestene fra steg "+services+" før kundene tar systemet i bruk.\n\n"+
			"• Bare fiktive data: test med fiktive testpersoner og testvirksomheter, aldri med ekte personer, fødselsnumre eller virksomheter.\n"+
			"• Testbrukere bestilles med e-post til sluttbrukersystem@altinn.no; altinn-onboard skriver e-posten.\n"+
			"• Logg inn i TT02 med «Altinn kodebrev».\n"+
			"• Virksomhetssertifikater for TT02 kommer fra Buypass' eller Commfides' test-CA.\n"+
			"• Feil i TT02? Skriv til sluttbrukersystem@altinn.no med miljø, full URL, forespørsel og svar, tidspunkt, stegene dit, forventet resultat og kontaktperson (navn, e-post, telefon).",
		"Test in TT02 ("+TT02URL+"), Altinn's test environment, against the services of step "+services+" before customers start using the system.\n\n"+
			"• Fictitious data only: test with fictitious test persons and test organisations, never with real persons, national identity numbers or organisations.\n"+
			"• Test users are ordered by e-mail to sluttbrukersystem@altinn.no; altinn-onboard writes the e-mail.\n"+
			"• Log in to TT02 with \"Altinn kodebrev\" (Altinn code letter).\n"+
			"• Enterprise certificates for TT02 come from Buypass' or Commfides' test CAs.\n"+
			"• Errors in TT02? Write to sluttbrukersystem@altinn.no with the environment, full URL, request and response, time, the steps to it, expected result and a contact (name, e-mail, phone).")
}

// ---- the TT02 checklist ----

type serviceKey struct{ code, edition string }

func keyOf(code, edition string) serviceKey {
	return serviceKey{strings.TrimSpace(code), strings.TrimSpace(edition)}
}

// forTT02 says a service is to be tested in TT02: it names no
// environments of its own (so every one), or TT02 among them.
func forTT02(svc session.Service) bool {
	for _, e := range serviceEnvironments(svc) {
		if strings.EqualFold(strings.TrimSpace(e), session.EnvTT02) {
			return true
		}
	}
	return false
}

// Checklist is the TT02 checklist the services call for: one row per
// service of the system meant for TT02 with a valid code and edition, in
// the order of the services, keeping what was ticked for a service
// before. The session is not changed.
func Checklist(sess *session.Session) []session.ServiceTest {
	old := map[serviceKey]session.ServiceTest{}
	for _, r := range sess.Testing.Checklist {
		k := keyOf(r.Code, r.Edition)
		if _, seen := old[k]; !seen {
			old[k] = r
		}
	}
	var out []session.ServiceTest
	seen := map[serviceKey]bool{}
	for _, svc := range sess.Answers.System.Services {
		k := keyOf(svc.Code, svc.Edition)
		if seen[k] || !forTT02(svc) || forms.ServiceCode(k.code) != nil || forms.ServiceEdition(k.edition) != nil {
			continue
		}
		seen[k] = true
		row, ok := old[k]
		if !ok {
			row = session.ServiceTest{}
		}
		row.Code, row.Edition = k.code, k.edition
		out = append(out, row)
	}
	return out
}

// SyncChecklist brings the session's TT02 checklist in step with its
// services: new services get a row, removed ones go.
func SyncChecklist(sess *session.Session) { sess.Testing.Checklist = Checklist(sess) }

// signs says the checklist asks for signing: the system signs on behalf
// of its users.
func signs(sess *session.Session) bool {
	p := sess.Answers.Declaration.SignsForUsers
	return p != nil && *p
}

// checkColumn is a column of the checklist.
type checkColumn struct {
	key      string // in the field path
	nb, en   string
	get      func(*session.ServiceTest) *bool
	signing  bool
	helpNB   string
	helpEN   string
	headerNB string
	headerEN string
}

var checkColumns = []checkColumn{
	{key: "submission", nb: "innsending", en: "submission", headerNB: "Innsending", headerEN: "Submission",
		helpNB: "systemet har sendt inn til tjenesten i TT02", helpEN: "the system has submitted to the service in TT02",
		get: func(r *session.ServiceTest) *bool { return &r.Submission }},
	{key: "receipt", nb: "kvittering", en: "receipt", headerNB: "Kvittering", headerEN: "Receipt",
		helpNB: "systemet har hentet kvitteringen eller tilbakemeldingen", helpEN: "the system has fetched the receipt or feedback",
		get: func(r *session.ServiceTest) *bool { return &r.Receipt }},
	{key: "signing", nb: "signering", en: "signing", headerNB: "Signering", headerEN: "Signing", signing: true,
		helpNB: "systemet har signert på vegne av en testbruker", helpEN: "the system has signed on behalf of a test user",
		get: func(r *session.ServiceTest) *bool { return &r.Signing }},
}

// columnsFor are the checklist's columns: signing only when the system
// signs for its users.
func columnsFor(sess *session.Session) []checkColumn {
	if signs(sess) {
		return checkColumns
	}
	return checkColumns[:2]
}

// serviceName finds the name of a checklist row's service.
func serviceName(sess *session.Session, r session.ServiceTest) string {
	k := keyOf(r.Code, r.Edition)
	for _, svc := range sess.Answers.System.Services {
		if keyOf(svc.Code, svc.Edition) == k {
			return strings.TrimSpace(svc.Name)
		}
	}
	return ""
}

func rowLabel(sess *session.Session, r session.ServiceTest) string {
	l := r.Code + "/" + r.Edition
	if n := serviceName(sess, r); n != "" {
		l += " " + n
	}
	return l
}

// testingProblems is what step 5 still lacks: test users counted and
// ordered, and every service tested.
func testingProblems(ctx *ui.Context) []ui.Problem {
	sess := ctx.Session
	t := ctx.T
	lang := formOptions(ctx).Lang
	var out []ui.Problem
	if fe := forms.TestUsers(&sess.Testing); fe != nil {
		out = append(out, ui.Problem{Screen: ScreenTestUsers, Field: fe.Path, Message: t("Testbrukere: ", "Test users: ") + forms.Localize(fe.Err, lang)})
	}
	if !sess.Testing.TestUsersOrdered {
		out = append(out, ui.Problem{Screen: ScreenTestUserOrder, Message: t(
			"Testbrukerne er ikke bestilt ennå (e-post til sluttbrukersystem@altinn.no)",
			"The test users are not ordered yet (e-mail to sluttbrukersystem@altinn.no)")})
	}
	rows := Checklist(sess)
	if len(rows) == 0 {
		out = append(out, ui.Problem{Screen: ScreenTT02Checklist, Message: t(
			"Ingen tjenester å teste i TT02: legg dem til i steg "+stepNo(ctx, session.StepServices),
			"No services to test in TT02: add them in step "+stepNo(ctx, session.StepServices))})
	}
	for i, r := range rows {
		var missing []string
		field := ""
		for _, c := range columnsFor(sess) {
			if !*c.get(&r) {
				missing = append(missing, t(c.nb, c.en))
				if field == "" {
					field = fmt.Sprintf("testing.checklist[%d].%s", i, c.key)
				}
			}
		}
		if len(missing) > 0 {
			out = append(out, ui.Problem{Screen: ScreenTT02Checklist, Field: field, Message: fmt.Sprintf(
				t("%s: ikke testet i TT02: %s", "%s: not tested in TT02: %s"), rowLabel(sess, r), strings.Join(missing, ", "))})
		}
	}
	return out
}

// checklistScreen ticks, per service, what has been tested in TT02.
type checklistScreen struct {
	ctx    *ui.Context
	deps   Deps
	rows   ui.Menu // a row per service; its cursor is the selected row
	col    int
	done   bool
	width  int
	height int
	styles ui.Styles
	keys   struct{ left, right, toggle, next key.Binding }
}

var checklistField = regexp.MustCompile(`^testing\.checklist\[([0-9]+)\](?:\.([a-z]+))?`)

func newChecklistScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	SyncChecklist(ctx.Session)
	c := &checklistScreen{ctx: ctx, deps: d, styles: *ctx.Styles(), rows: ui.NewMenu(ctx.Lang, nil)}
	t := ctx.T
	// The rows' cells show the cursor; x ticks a cell and enter goes on,
	// which are the screen's.
	c.rows.MarkOnly = true
	c.rows.Keys.Up.SetHelp("↑/↓", t("tjeneste", "service"))
	c.rows.Keys.Choose.SetEnabled(false)
	c.rows.Keys.Toggle.SetEnabled(false)
	c.rows.SetItems(make([]ui.MenuItem, len(ctx.Session.Testing.Checklist)))
	c.keys.left = key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", t("kolonne", "column")))
	c.keys.right = key.NewBinding(key.WithKeys("right", "l"))
	c.keys.toggle = key.NewBinding(key.WithKeys(" ", "x"), key.WithHelp("x", t("kryss av", "tick")))
	c.keys.next = key.NewBinding(key.WithKeys("tab", "enter"), key.WithHelp("tab", t("videre", "continue")))
	if m := checklistField.FindStringSubmatch(field); m != nil {
		if i, err := strconv.Atoi(m[1]); err == nil && i < len(ctx.Session.Testing.Checklist) {
			c.rows.Cursor = i
		}
		for j, col := range columnsFor(ctx.Session) {
			if col.key == m[2] {
				c.col = j
			}
		}
	}
	return c
}

func (c *checklistScreen) Init() tea.Cmd { return nil }

func (c *checklistScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return c, nil
	}
	rows := c.ctx.Session.Testing.Checklist
	cols := columnsFor(c.ctx.Session)
	if handled, _ := c.rows.Update(k); handled {
		return c, nil
	}
	row := c.rows.Cursor
	switch {
	case key.Matches(k, c.keys.left):
		c.col = max(0, c.col-1)
	case key.Matches(k, c.keys.right):
		c.col = min(len(cols)-1, c.col+1)
	case key.Matches(k, c.keys.toggle):
		if row < len(rows) && c.col < len(cols) {
			p := cols[c.col].get(&rows[row])
			*p = !*p
		}
	case key.Matches(k, c.keys.next):
		c.recordStatus()
		c.done = true
	}
	return c, nil
}

// recordStatus marks step 5 done when nothing is left, and back in
// progress when something is.
func (c *checklistScreen) recordStatus() {
	sess := c.ctx.Session
	switch {
	case len(testingProblems(c.ctx)) == 0:
		sess.SetStepStatus(session.StepTesting, session.Done, c.deps.now())
	case sess.StepStatus(session.StepTesting) == session.Done:
		sess.SetStepStatus(session.StepTesting, session.InProgress, c.deps.now())
	}
}

func (c *checklistScreen) View() string {
	st := c.styles
	t := c.ctx.T
	sess := c.ctx.Session
	wrap := lipgloss.NewStyle().Width(max(20, min(c.width, 100)))
	var b strings.Builder
	b.WriteString(st.Heading.Render(t("Sjekkliste for TT02", "TT02 checklist")) + "\n")
	b.WriteString(wrap.Render(st.Dim.Render(t(
		"Kryss av det dere har testet i TT02 ("+TT02URL+"), tjeneste for tjeneste. Spørsmål om en tjeneste går til tjenesteeieren.",
		"Tick what you have tested in TT02 ("+TT02URL+"), service by service. Questions about a service go to its owner."))) + "\n\n")
	rows := sess.Testing.Checklist
	if len(rows) == 0 {
		n := stepNo(c.ctx, session.StepServices)
		b.WriteString(wrap.Render(t(
			"Ingen tjenester å teste i TT02 ennå. Legg dem til i steg "+n+" (alt+"+n+"); en tjeneste som bare gjelder PROD, står ikke her.",
			"No services to test in TT02 yet. Add them in step "+n+" (alt+"+n+"); a service for PROD only is not listed here.")) + "\n")
		return b.String()
	}
	cols := columnsFor(sess)
	nameW := max(16, min(c.width, 100)-2-len(cols)*13)
	header := "  " + ui.Pad(t("Tjeneste", "Service"), nameW)
	for _, col := range cols {
		header += " " + ui.Pad(t(col.headerNB, col.headerEN), 12)
	}
	b.WriteString(st.Label.Render(header) + "\n")
	complete := 0
	var lines []ui.MenuItem
	for i := range rows {
		r := &rows[i]
		line := ui.Pad(ui.Clip(rowLabel(sess, *r), nameW), nameW)
		all := true
		for j, col := range cols {
			box := "[ ]"
			if *col.get(r) {
				box = "[x]"
			} else {
				all = false
			}
			if i == c.rows.Cursor && j == c.col {
				box = st.Selected.Render(box)
			}
			line += " " + box + strings.Repeat(" ", 9)
		}
		if all {
			complete++
		}
		lines = append(lines, ui.MenuItem{Key: fmt.Sprintf("testing.checklist[%d]", i), Label: line})
	}
	var bottom strings.Builder
	bottom.WriteString("\n" + st.Status.Render(fmt.Sprintf(t("%d av %d tjenester ferdig testet.", "%d of %d services fully tested."), complete, len(rows))) + "\n")
	for _, col := range cols {
		bottom.WriteString(st.Dim.Render(wrap.Render(fmt.Sprintf("%s: %s", t(col.headerNB, col.headerEN), t(col.helpNB, col.helpEN)))) + "\n")
	}
	if !signs(sess) {
		bottom.WriteString(st.Dim.Render(wrap.Render(t(
			"Signering er ikke med: systemet signerer ikke for brukerne (egenerklæringen i steg "+stepNo(c.ctx, session.StepRegistration)+").",
			"Signing is not listed: the system does not sign for its users (the self-declaration in step "+stepNo(c.ctx, session.StepRegistration)+")."))) + "\n")
	}
	// As many rows as there is room for, the selected one among them.
	c.rows.SetItems(lines)
	return b.String() + c.rows.View(&st, c.width, tableRoom(c.height, b.String(), bottom.String())) + "\n" + bottom.String()
}

func (c *checklistScreen) SetSize(w, h int) { c.width, c.height = w, h }
func (c *checklistScreen) KeyBindings() []key.Binding {
	return []key.Binding{c.rows.Keys.Up, c.keys.left, c.keys.toggle, c.keys.next}
}
func (c *checklistScreen) Done() bool    { return c.done }
func (c *checklistScreen) Editing() bool { return false }
func (c *checklistScreen) Field() string {
	cols := columnsFor(c.ctx.Session)
	if c.rows.Cursor >= len(c.ctx.Session.Testing.Checklist) || c.col >= len(cols) {
		return ""
	}
	return fmt.Sprintf("testing.checklist[%d].%s", c.rows.Cursor, cols[c.col].key)
}
