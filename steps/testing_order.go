package steps

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// ---- the test-user order e-mail ----

type orderAction int

const (
	orderJump orderAction = iota
	orderWrite
	orderOpen
	orderSent
	orderContinue
	orderSend
)

// orderKeys name the order's actions in its menu (ui.MenuItem.Key).
var orderKeys = map[orderAction]string{
	orderJump: "fix", orderWrite: "write", orderOpen: "open", orderSent: "sent", orderContinue: "continue",
	orderSend: "send",
}

type orderItem struct {
	action  orderAction
	label   string
	path    string
	checked *bool // orderSent: ticked
}

// testOrderScreen shows the test-user order e-mail before it is written,
// writes it as an .eml file, opens it, and records that it was sent.
type testOrderScreen struct {
	ctx    *ui.Context
	deps   Deps
	styles ui.Styles
	items  []orderItem
	actionMenu
	problem *forms.FieldError // what stops the e-mail, if anything
	send    sender
	done    bool
	width   int
}

type orderWrittenMsg struct {
	file session.GeneratedFile
	err  error
}

func newTestOrderScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	SyncChecklist(ctx.Session)
	o := &testOrderScreen{ctx: ctx, deps: d, styles: *ctx.Styles(), actionMenu: newActionMenu(ctx.Lang)}
	o.menu.Keys.Toggle.SetEnabled(false) // enter ticks "sent", as it always did
	o.send = newSender(ctx, d, &o.msg)
	// Sent from here, the order is sent: ticked as "sent" is by hand.
	o.send.also = func(s *session.Session) { s.Testing.TestUsersOrdered = true }
	o.refresh()
	// Start on the first thing to do.
	written, ordered := o.orderFile() != "", ctx.Session.Testing.TestUsersOrdered
	o.menu.SelectFirst(func(it ui.MenuItem) bool {
		return it.Key == orderKeys[orderJump] || it.Key == orderKeys[orderWrite] && !written || it.Key == orderKeys[orderSent] && written && !ordered
	})
	return o
}

// orderInput is the answers and the test settings the e-mail is made
// from (copies: the e-mail checks and normalises them itself).
func (o *testOrderScreen) orderInput() (session.Answers, session.Testing) {
	return TestUserOrderInput(o.ctx.Session)
}

// orderFile is the path of the written order, if any.
func (o *testOrderScreen) orderFile() string {
	for _, f := range o.ctx.Session.Files {
		if f.Kind == KindTestUserEmail {
			return f.Path
		}
	}
	return ""
}

// refresh checks the e-mail (composing it in memory) and rebuilds the menu.
func (o *testOrderScreen) refresh() {
	t := o.ctx.T
	a, tst := o.orderInput()
	o.problem = nil
	if _, err := TestUserOrderEmail(&a, &tst, o.deps.now()); err != nil {
		var problems forms.Problems
		if errors.As(err, &problems) && len(problems) > 0 {
			o.problem = problems[0]
		} else {
			o.setMessage(localizeErr(err, o.ctx.Lang), true)
		}
	}
	o.items = o.items[:0]
	if o.problem != nil {
		o.items = append(o.items, orderItem{action: orderJump, label: "✗ " + t("Rett: ", "Fix: ") + o.problemText(o.problem)})
	}
	write := t("Lag e-posten med bestillingen", "Make the order e-mail")
	if o.orderFile() != "" {
		write = t("Lag e-posten på nytt", "Make the e-mail again")
	}
	o.items = append(o.items, orderItem{action: orderWrite, label: write})
	if p := o.orderFile(); p != "" {
		o.items = append(o.items, orderItem{action: orderSend, label: sendLabel(o.ctx.Lang, p), path: p})
		o.items = append(o.items, orderItem{action: orderOpen, label: t("Åpne ", "Open ") + filepath.Base(p), path: p})
	}
	o.items = append(o.items,
		orderItem{action: orderSent, label: t("E-posten er sendt til "+AltinnSupport, "The e-mail has been sent to "+AltinnSupport), checked: &o.ctx.Session.Testing.TestUsersOrdered},
		orderItem{action: orderContinue, label: t("Videre til sjekklisten for TT02", "On to the TT02 checklist")},
	)
	menu := make([]ui.MenuItem, len(o.items))
	for i, it := range o.items {
		menu[i] = ui.MenuItem{Key: orderKeys[it.action], Label: it.label, Problem: it.action == orderJump}
		if it.checked != nil {
			menu[i].Checkbox, menu[i].Checked = true, *it.checked
		}
	}
	o.menu.SetItems(menu)
}

func (o *testOrderScreen) setMessage(s string, isErr bool) { o.msg.Set(s, isErr) }

func (o *testOrderScreen) Init() tea.Cmd { return nil }

func (o *testOrderScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	if cmd, handled := o.send.update(msg); handled {
		if m, ok := msg.(sendDoneMsg); ok && m.err == nil {
			o.msg.Text += o.ctx.T(" Bestillingen er merket som sendt.", " The order is marked as sent.")
		}
		o.refresh()
		return o, cmd
	}
	if cmd, handled, chose := o.update(msg); chose {
		return o, o.activate(o.items[o.menu.Cursor])
	} else if handled {
		return o, cmd
	}
	if msg, ok := msg.(orderWrittenMsg); ok {
		if msg.err != nil {
			var problems forms.Problems
			if errors.As(msg.err, &problems) && len(problems) > 0 {
				o.refresh()
				o.problem = problems[0]
				o.setMessage(o.ctx.T("Kunne ikke lage e-posten: ", "Could not make the e-mail: ")+o.problemText(o.problem), true)
				return o, nil
			}
			o.setMessage(o.ctx.T("Kunne ikke skrive e-posten: ", "Could not write the e-mail: ")+localizeErr(msg.err, o.ctx.Lang), true)
			return o, nil
		}
		o.ctx.Session.ReplaceFiles([]string{KindTestUserEmail}, []session.GeneratedFile{msg.file})
		o.refresh()
		o.menu.Select(orderKeys[orderOpen])
		o.setMessage(fmt.Sprintf(o.ctx.T(
			"Skrev %s: send den herfra eller fra e-postprogrammet.",
			"Wrote %s: send it from here or from your mail program."), msg.file.Path), false)
		return o, func() tea.Msg { return ui.ChangedMsg{} }
	}
	return o, nil
}

func (o *testOrderScreen) activate(it orderItem) tea.Cmd {
	t := o.ctx.T
	switch it.action {
	case orderJump:
		if o.problem == nil {
			return nil
		}
		step, screen, field := o.jumpTarget(o.problem.Path)
		return ui.Jump(ui.JumpMsg{Step: step, Screen: screen, Field: field})
	case orderWrite:
		if o.msg.Busy() {
			return nil
		}
		o.refresh()
		if o.problem != nil {
			o.setMessage(t("Rett feilen over først.", "Fix the problem above first."), true)
			return nil
		}
		return tea.Batch(o.msg.Start(t("Skriver e-posten …", "Writing the e-mail …")), o.writeCmd())
	case orderOpen:
		return openCmd(it.path, o.ctx.Lang)
	case orderSend:
		return o.send.start(it.path)
	case orderSent:
		tst := &o.ctx.Session.Testing
		tst.TestUsersOrdered = !tst.TestUsersOrdered
		if tst.TestUsersOrdered {
			o.setMessage(t("Merket: testbrukerne er bestilt. Altinn svarer på e-posten med testbrukerne.", "Marked: the test users are ordered. Altinn answers the e-mail with the test users."), false)
		} else {
			o.setMessage(t("Merket: testbrukerne er ikke bestilt ennå.", "Marked: the test users are not ordered yet."), false)
		}
		o.refresh()
		return func() tea.Msg { return ui.ChangedMsg{} }
	case orderContinue:
		o.done = true
	}
	return nil
}

// writeCmd composes the e-mail and writes it into the output folder, off
// the UI's goroutine.
func (o *testOrderScreen) writeCmd() tea.Cmd {
	a, tst := o.orderInput()
	now := o.deps.now()
	dir := o.deps.OutputDir(o.ctx.Session)
	return func() tea.Msg {
		f, err := WriteTestUserOrder(a, tst, dir, now)
		return orderWrittenMsg{file: f, err: err}
	}
}

// Parts of the preview a problem is shown under.
const (
	partFrom     = "from"
	partSubject  = "subject"
	partServices = "services"
	partCounts   = "counts"
)

// problemPart says which line of the preview a mail field belongs to.
func problemPart(field string) string {
	switch {
	case hasPrefix(field, "system.services", "testing.checklist"):
		return partServices
	case hasPrefix(field, "testing"):
		return partCounts
	case hasPrefix(field, "system"):
		return partSubject
	}
	return partFrom
}

var indexed = regexp.MustCompile(`\[([0-9]+)\]`)

// jumpTarget is where a mail field is fixed.
func (o *testOrderScreen) jumpTarget(field string) (step, screen, f string) {
	switch {
	case hasPrefix(field, "testing.test_persons", "testing.test_organisations"):
		return session.StepTesting, ScreenTestUsers, field
	case hasPrefix(field, "testing.checklist"):
		// A checklist row's text comes from its service.
		rows := Checklist(o.ctx.Session)
		if m := indexed.FindStringSubmatch(field); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < len(rows) {
				for j, svc := range o.ctx.Session.Answers.System.Services {
					if keyOf(svc.Code, svc.Edition) == keyOf(rows[i].Code, rows[i].Edition) {
						return session.StepServices, ScreenServiceTable, fmt.Sprintf("system.services[%d]%s", j, field[strings.Index(field, "]")+1:])
					}
				}
			}
		}
		return session.StepServices, ScreenServiceTable, ""
	case hasPrefix(field, "system.services"):
		return session.StepServices, ScreenServiceTable, field
	}
	if s := registrationScreenOf(field); s != "" {
		return session.StepRegistration, s, field
	}
	return session.StepTesting, ScreenTestUsers, ""
}

// problemText is a problem of the e-mail in the user's language, naming
// the answer it concerns.
func (o *testOrderScreen) problemText(fe *forms.FieldError) string {
	return fieldLabel(fe.Path, o.ctx.Lang) + ": " + fe.Message(formOptions(o.ctx).Lang)
}

// fieldLabel names an answer path for a message.
func fieldLabel(field, lang string) string {
	t := func(nb, en string) string { return ui.T(lang, nb, en) }
	if m := serviceField.FindStringSubmatch(field); m != nil {
		i, _ := strconv.Atoi(m[1])
		return fmt.Sprintf(t("Tjeneste %d", "Service %d"), i+1) + partLabel(m[2], lang)
	}
	if m := checklistField.FindStringSubmatch(field); m != nil {
		i, _ := strconv.Atoi(m[1])
		return fmt.Sprintf(t("Tjeneste %d i sjekklisten", "Service %d of the checklist"), i+1) + partLabel(m[2], lang)
	}
	labels := map[string][2]string{
		"contact.name":               {"Kontaktpersonens navn", "The contact person's name"},
		"contact.email":              {"Kontaktpersonens e-post", "The contact person's e-mail"},
		"contact.phone":              {"Kontaktpersonens telefon", "The contact person's phone"},
		"technical_contact.name":     {"Den tekniske kontaktens navn", "The technical contact's name"},
		"technical_contact.email":    {"Den tekniske kontaktens e-post", "The technical contact's e-mail"},
		"technical_contact.phone":    {"Den tekniske kontaktens telefon", "The technical contact's phone"},
		"cc":                         {"Kopiadressen", "The copy address"},
		"vendor.name":                {"Leverandørens navn", "The vendor's name"},
		"vendor.org_number":          {"Organisasjonsnummeret", "The organisation number"},
		"system.name":                {"Systemnavnet", "The system name"},
		"system.version":             {"Versjonen", "The version"},
		"system.services":            {"Tjenestene", "The services"},
		"testing.test_persons":       {"Antall testpersoner", "The number of test persons"},
		"testing.test_organisations": {"Antall testorganisasjoner", "The number of test organisations"},
	}
	if l, ok := labels[field]; ok {
		return t(l[0], l[1])
	}
	return field
}

func partLabel(part, lang string) string {
	names := map[string][2]string{
		"code": {"tjenestekoden", "the service code"}, "edition": {"utgavekoden", "the edition code"},
		"name": {"navnet", "the name"}, "owner": {"tjenesteeieren", "the service owner"},
	}
	if n, ok := names[part]; ok {
		return ", " + ui.T(lang, n[0], n[1])
	}
	return ""
}

func (o *testOrderScreen) View() string {
	st := o.styles
	t := o.ctx.T
	sess := o.ctx.Session
	a := &sess.Answers
	width := max(20, min(o.width, 100))
	if v := o.send.view(&st, width); v != "" {
		return v + "\n"
	}
	var b strings.Builder
	b.WriteString(st.Heading.Render(t("Bestilling av testbrukere", "Test-user order")) + "\n")
	problemAt := ""
	if o.problem != nil {
		problemAt = problemPart(o.problem.Path)
	}
	row := func(label, value, part string) {
		lines := strings.Split(value, "\n")
		b.WriteString("  " + st.Label.Render(ui.Pad(label, 11)) + " " + ui.Clip(lines[0], max(10, width-14)) + "\n")
		for _, l := range lines[1:] {
			b.WriteString("  " + strings.Repeat(" ", 12) + ui.Clip(l, max(10, width-14)) + "\n")
		}
		if part != "" && part == problemAt {
			b.WriteString("  " + strings.Repeat(" ", 12) + st.Error.Render(ui.Clip("✗ "+o.problemText(o.problem), max(10, width-14))) + "\n")
		}
	}
	row(t("Til", "To"), AltinnSupport, "")
	row(t("Fra", "From"), strings.TrimSpace(a.Contact.Name+" <"+strings.TrimSpace(a.Contact.Email)+">, "+a.Vendor.Name), partFrom)
	row(t("Emne", "Subject"), TestUserSubjectPrefix+strings.TrimSpace(a.System.Name), partSubject)
	var svcs []string
	for _, r := range Checklist(sess) {
		svcs = append(svcs, rowLabel(sess, r))
	}
	switch {
	case len(svcs) == 0:
		svcs = []string{st.Dim.Render(t("(ingen tjenester for TT02)", "(no services for TT02)"))}
	case len(svcs) > 3:
		// All of them are in the e-mail; the screen keeps to 80×24.
		svcs = append(svcs[:2], st.Dim.Render(fmt.Sprintf(t("… og %d til", "… and %d more"), len(svcs)-2)))
	}
	row(t("Tjenester", "Services"), strings.Join(svcs, "\n"), partServices)
	row(t("Antall", "Number"), countText(sess.Testing.TestPersons, t("testperson", "test person"), t("testpersoner", "test persons"))+", "+
		countText(sess.Testing.TestOrganisations, t("testorganisasjon", "test organisation"), t("testorganisasjoner", "test organisations")), partCounts)
	menu := o.menu.View(&st, o.width, 0) + "\n"
	if m := o.msg.View(&st, width); m != "" {
		// What just happened (a sending's answer) is in sight with the
		// selected item: the frame scrolls to both.
		b.WriteString("\n" + focusTo(menu, m+"\n"))
	} else {
		b.WriteString("\n" + menu)
		b.WriteString(st.Dim.Render(ui.Wrap(t(
			"altinn-onboard skriver e-posten; send den herfra gjennom e-postserveren i profilen, eller selv fra e-postprogrammet. Altinn svarer med testbrukerne.",
			"altinn-onboard writes the e-mail; send it from here through the mail server of your profile, or yourself from your mail program. Altinn answers with the test users."), width)) + "\n")
	}
	return b.String()
}

// countText is "1 testperson" or "3 testpersoner".
func countText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (o *testOrderScreen) SetSize(w, h int) { o.width = w }
func (o *testOrderScreen) KeyBindings() []key.Binding {
	if o.send.busy() {
		return o.send.keyBindings()
	}
	return o.menu.KeyBindings()
}

// HandleBack answers the sending's question no, or stops the sending.
func (o *testOrderScreen) HandleBack() (bool, tea.Cmd) { return o.send.stop() }

// Interrupt stops a sending under way (ctrl+c).
func (o *testOrderScreen) Interrupt() (bool, tea.Cmd) { return o.send.interrupt() }
func (o *testOrderScreen) Done() bool                 { return o.done }

// Editing holds the keys while an e-mail is read or sent: q does not end
// the program under it (ctrl+c stops the sending).
func (o *testOrderScreen) Editing() bool { return o.send.holdsKeys() }
func (o *testOrderScreen) Field() string { return "" }
