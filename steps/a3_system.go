package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Screen IDs of the system step: keep them stable.
const (
	ScreenA3SystemForm = "a3_system_form"
	ScreenA3Register   = "a3_register"
)

// A3System is the Altinn 3 track's step 2: the system in Altinn's system
// register. A form for what the system is and gets, the register's checks
// made locally (with its codes explained), then create, or show what an
// update changes and ask before the PUT, and read back.
func A3System(d Deps) ui.Step {
	d = d.withAltinn3()
	return ui.Step{
		ID:    StepA3System,
		Title: texts("Systemet", "The system"),
		Screens: []ui.ScreenSpec{
			{ID: ScreenA3SystemForm, Title: texts("Hva systemet får", "What the system gets"), New: d.screen(newSystemFormLookup),
				Ask: askSystemForm},
			{ID: ScreenA3Register, Title: texts("Registrer", "Register"), New: d.screen(newRegisterScreen), Ask: d.askA3(newRegisterScreen)},
		},
		Problems:     systemProblems,
		DoneWhenLeft: true,
	}
}

// checkSystem is the register's checks made locally (no catalogue: pure).
func checkSystem(s *session.Session) altinn3.SystemCheck {
	return altinn3.CheckSystem(context.Background(), s.Answers.Vendor.OrgNumber, s.Altinn3.System, nil)
}

// systemProblems: what the local check finds, then a system not
// registered in the session's environment, or registered with other
// answers than the session's.
func systemProblems(ctx *ui.Context) []ui.Problem {
	s := ctx.Session
	var out []ui.Problem
	for _, fe := range checkSystem(s).Problems {
		out = append(out, ui.Problem{Screen: ScreenA3SystemForm, Field: fe.Path, Message: fe.Message(formsLang(ctx))})
	}
	if len(out) > 0 {
		return out
	}
	switch reg := s.Altinn3.Registered; {
	case reg == nil || reg.Environment != envOf(s):
		out = append(out, ui.Problem{Screen: ScreenA3Register, Field: regRegister,
			Message: ctx.T("Systemet er ikke registrert i ", "The system is not registered in ") + envName(envOf(s))})
	case reg.Deleted:
		out = append(out, ui.Problem{Screen: ScreenA3Register, Field: regRegister,
			Message: ctx.T("Systemet er merket som slettet i registeret", "The system is marked deleted in the register")})
	case len(altinn3.DiffSystems(reg.Definition, s.Altinn3.System)) > 0:
		out = append(out, ui.Problem{Screen: ScreenA3Register, Field: regRegister,
			Message: ctx.T("Endringene i svarene er ikke sendt til systemregisteret", "The changes to the answers have not been sent to the system register")})
	}
	return out
}

// listAccessor binds a text field to a list: items separated by spaces,
// commas or new lines.
type listAccessor struct{ p *[]string }

func (a listAccessor) Get() string { return strings.Join(*a.p, " ") }
func (a listAccessor) Set(v string) {
	*a.p = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == ';' })
}

// visibleAccessor binds a yes/no to the *bool of the definition (nil is
// the register's default, visible).
type visibleAccessor struct{ p **bool }

func (a visibleAccessor) Get() bool  { return *a.p == nil || **a.p }
func (a visibleAccessor) Set(v bool) { *a.p = &v }

// systemFormFields are the system form's fields: who the vendor is, and
// what the system is and gets.
func systemFormFields(ctx *ui.Context) []a3Field {
	t := ctx.T
	s := ctx.Session
	sys := &s.Altinn3.System
	if sys.IDName == "" && s.Answers.System.Name != "" {
		sys.IDName = altinn3.SuggestIDName(s.Answers.System.Name)
	}
	lang := formsLang(ctx)
	// Each field shows what the register's check says of its answer; a
	// missing answer does not keep the user in the field (the step's
	// problems list it).
	check := func(path string, set func(v string) func()) func(string) error {
		return func(v string) error {
			undo := set(v)
			defer undo()
			for _, fe := range checkSystem(s).Problems {
				if !fe.Missing && (fe.Path == path || strings.HasPrefix(fe.Path, path+"[") || strings.HasPrefix(fe.Path, path+".")) {
					return fmt.Errorf("%s", fe.Message(lang))
				}
			}
			return nil
		}
	}
	str := func(p *string) func(string) func() {
		return func(v string) func() { old := *p; *p = v; return func() { *p = old } }
	}
	list := func(p *[]string) func(string) func() {
		return func(v string) func() { old := *p; listAccessor{p}.Set(v); return func() { *p = old } }
	}
	input := func(path, title, desc string, p *string) a3Field {
		return line(path, title, desc, p, check(path, str(p)))
	}
	listInput := func(path, title, desc string, p *[]string) a3Field {
		return a3Field{key: path, title: title, about: desc, text: listAccessor{p}, check: check(path, list(p))}
	}
	return append(vendorFields(ctx, s, lang), systemFields(t, sys, input, listInput)...)
}

// systemFormHeading is the system form's title and what it is about.
func systemFormHeading(ctx *ui.Context) (title, about string) {
	return ctx.T("Systemet i systemregisteret", "The system in the system register"),
		ctx.T("Det Altinn viser kundene, og det systemet kan få tilgang til.", "What Altinn shows your customers, and what the system can be given access to.")
}

// newSystemForm is the system form, with notes under its fields (the
// vendor number's lookup, lookup.go).
func newSystemForm(ctx *ui.Context, field string, notes map[string]func(int) string) *ui.FormScreen {
	t := ctx.T
	lang := formsLang(ctx)
	fields := huhFields(systemFormFields(ctx))
	title, about := systemFormHeading(ctx)
	f := forms.NewForm(title, about, forms.FormOptions{Lang: lang, Theme: forms.ThemeFor(ctx.NoColor), Accessible: ctx.Accessible, Notes: notes}, fields...)
	if ctx.Accessible {
		f = f.WithAccessible(true)
	}
	if field != "" {
		keys := make([]string, len(fields))
		for i, fl := range fields {
			keys[i] = fl.GetKey()
		}
		focusField(f, keys, field)
	}
	return ui.NewFormScreen(f, stepOf(ctx, StepA3System)+t("Systemet i Altinns systemregister.", "The system in Altinn's system register."))
}

// vendorFields ask who the vendor is and who signs its e-mails.
func vendorFields(ctx *ui.Context, s *session.Session, lang forms.Lang) []a3Field {
	t := ctx.T
	v := &s.Answers.Vendor
	return []a3Field{
		line(altinn3.PathVendorOrg, t("Leverandørens organisasjonsnummer", "The vendor's organisation number"),
			t("9 siffer; systemet registreres på denne virksomheten (0192:<orgnr>)", "9 digits; the system is registered to this organisation (0192:<orgnr>)"),
			&v.OrgNumber, func(x string) error {
				if strings.TrimSpace(x) == "" {
					return nil
				}
				_, err := forms.OrgNumber(x)
				if err != nil {
					return fmt.Errorf("%s", forms.Localize(err, lang))
				}
				return nil
			}),
		line("vendor.name", t("Leverandørens navn", "The vendor's name"), "", &v.Name, nil),
		line("contact.name", t("Kontaktperson hos dere", "Your contact person"),
			t("Står som avsender av e-postene til kundene", "Signs the e-mails to your customers"), &s.Answers.Contact.Name, nil),
		line("contact.email", t("Kontaktpersonens e-post", "The contact person's e-mail"), "", &s.Answers.Contact.Email,
			func(x string) error {
				if strings.TrimSpace(x) == "" {
					return nil
				}
				if _, err := forms.Email(x); err != nil {
					return fmt.Errorf("%s", forms.Localize(err, lang))
				}
				return nil
			}),
	}
}

// systemFields ask what the system is and gets.
func systemFields(t func(nb, en string) string, sys *session.SystemDefinition,
	input func(path, title, desc string, p *string) a3Field, listInput func(path, title, desc string, p *[]string) a3Field) []a3Field {
	return []a3Field{
		input(altinn3.PathIDName, t("Navnet i system-ID-en", "The name in the system ID"),
			t("System-ID-en blir <orgnr>_<navn>; uten mellomrom, og den kan ikke endres senere", "The system ID becomes <orgnr>_<name>; no spaces, and it cannot be changed later"), &sys.IDName),
		input(altinn3.PathName+".nb", t("Navn (bokmål)", "Name (bokmål)"), "", &sys.Name.NB),
		input(altinn3.PathName+".nn", t("Navn (nynorsk)", "Name (nynorsk)"), "", &sys.Name.NN),
		input(altinn3.PathName+".en", t("Navn (engelsk)", "Name (English)"), "", &sys.Name.EN),
		input(altinn3.PathDescription+".nb", t("Beskrivelse (bokmål)", "Description (bokmål)"), t("Kundene ser den når de godkjenner", "Customers see it when they approve"), &sys.Description.NB),
		input(altinn3.PathDescription+".nn", t("Beskrivelse (nynorsk)", "Description (nynorsk)"), "", &sys.Description.NN),
		input(altinn3.PathDescription+".en", t("Beskrivelse (engelsk)", "Description (English)"), "", &sys.Description.EN),
		listInput(altinn3.PathRights, t("Rettigheter (ressurs-ID-er)", "Rights (resource IDs)"),
			t("ID-er fra ressursregisteret, skilt med mellomrom, for eksempel ske-krav-og-betalinger", "IDs from the resource register, separated by spaces, for example ske-krav-og-betalinger"), &sys.Rights),
		listInput(altinn3.PathAccessPackages, t("Tilgangspakker", "Access packages"),
			t("For eksempel urn:altinn:accesspackage:regnskapsforer-med-signeringsrett (for klientforhold)", "For example urn:altinn:accesspackage:regnskapsforer-med-signeringsrett (for client relations)"), &sys.AccessPackages),
		listInput(altinn3.PathRedirectURLs, t("Omdirigeringsadresser (https)", "Redirect URLs (https)"),
			t("Hvor kunden sendes etter godkjenningen; kan stå tom", "Where the customer is sent after approving; may be empty"), &sys.RedirectURLs),
		{key: altinn3.PathVisible, title: t("Synlig i Altinn, så kunder selv kan lage systembruker?", "Visible in Altinn, so customers can make a system user themselves?"),
			yesName: t("Ja", "Yes"), noName: t("Nei", "No"), yes: visibleAccessor{&sys.Visible}},
	}
}

// Menu keys of the register screen.
const (
	regRegister = "register"
	regDiff     = "diff"
	regEdit     = "edit"
	regContinue = "continue"
)

type registerScreen struct {
	a3Screen
	// changes is what an update would change, shown while asked.
	changes string
	// diff is the last read-back's difference.
	diff string
}

func newRegisterScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	r := &registerScreen{a3Screen: newA3Screen(ctx, d)}
	r.refresh()
	if !r.menu.Select(field) {
		r.menu.SelectFirst(func(it ui.MenuItem) bool { return it.Problem || it.Key == regContinue })
	}
	return r
}

func (r *registerScreen) registered() *session.RegisteredSystem {
	reg := r.ctx.Session.Altinn3.Registered
	if reg == nil || reg.Environment != envOf(r.ctx.Session) {
		return nil
	}
	return reg
}

func (r *registerScreen) refresh() {
	t := r.ctx.T
	probs := systemProblems(r.ctx)
	label := t("Registrer systemet i ", "Register the system in ") + envName(envOf(r.ctx.Session))
	if r.registered() != nil {
		label = t("Oppdater systemet i registeret (viser forskjellen og spør først)", "Update the system in the register (shows the difference and asks first)")
	}
	items := []ui.MenuItem{
		{Key: regRegister, Label: label, Problem: len(probs) > 0 && probs[0].Screen == ScreenA3Register},
		{Key: regDiff, Label: t("Les systemet tilbake fra registeret og vis forskjellen", "Read the system back from the register and show the difference"), Disabled: r.registered() == nil},
		{Key: regEdit, Label: t("Endre svarene", "Change the answers"), Problem: len(probs) > 0 && probs[0].Screen == ScreenA3SystemForm},
		{Key: regContinue, Label: t("Videre til kundene", "On to the customers")},
	}
	r.menu.SetItems(items)
}

func (r *registerScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	return r, r.updateMenu(r, msg)
}

func (r *registerScreen) activate(k string) tea.Cmd {
	t := r.ctx.T
	if r.msg.Busy() && k != regContinue && k != regEdit {
		r.msg.Set(t("Vent til det som pågår er ferdig.", "Wait until the work under way is done."), true)
		return nil
	}
	switch k {
	case regRegister:
		if !checkSystem(r.ctx.Session).OK() {
			r.msg.Set(t("Rett det den lokale sjekken finner først; ingenting er sendt.", "Fix what the local check finds first; nothing was sent."), true)
			return nil
		}
		startStep(r.ctx.Session, StepA3System, r.deps)
		return r.register(false)
	case regDiff:
		return r.readBack(r.ctx.T("Leser systemet fra registeret …", "Reading the system from the register …"))
	case regEdit:
		return ui.Jump(ui.JumpMsg{Step: StepA3System, Screen: ScreenA3SystemForm})
	case regContinue:
		r.done = true
	}
	return nil
}

func (r *registerScreen) register(confirm bool) tea.Cmd {
	snap := altinn3.SnapshotOf(r.ctx.Session)
	o := r.o
	text := r.ctx.T("Sender systemet til systemregisteret …", "Sending the system to the system register …")
	return r.run(text, a3Call("register", "", func(ctx context.Context) (altinn3.RegisterOutcome, error) {
		return o.RegisterSystem(ctx, snap, confirm)
	}))
}

// readBack reads the system back, saying text while it runs.
func (r *registerScreen) readBack(text string) tea.Cmd {
	snap := altinn3.SnapshotOf(r.ctx.Session)
	o := r.o
	return r.run(text,
		a3Call("diff", "", func(ctx context.Context) (altinn3.DiffOutcome, error) { return o.DiffSystem(ctx, snap) }))
}

func (r *registerScreen) finished(m a3Done) tea.Cmd {
	t, lang := r.ctx.T, r.ctx.Lang
	if m.err != nil {
		r.msg.Set(errText(m.err, lang), true)
		return nil
	}
	switch out := m.value.(type) {
	case altinn3.RegisterOutcome:
		switch {
		case out.NeedsConfirmation:
			r.changes = altinn3.ChangesText(out.Changes, lang)
			r.msg.Clear()
			r.ask(t("Systemet finnes i registeret med en annen definisjon. Erstatte den med øktens?", "The register holds the system with another definition. Replace it with the session's?"),
				func(yes bool) tea.Cmd {
					r.changes = ""
					if !yes {
						r.msg.Set(t("Ingenting er sendt; registeret er som før.", "Nothing was sent; the register is as before."), false)
						return nil
					}
					return r.register(true)
				})
			return nil
		case out.Created:
			// The spinner's text says it: the read-back starts at once.
			return r.readBack(t("Systemet er registrert. Leser det tilbake …", "The system is registered. Reading it back …"))
		case out.Updated:
			return r.readBack(t("Systemet er oppdatert. Leser det tilbake …", "The system is updated. Reading it back …"))
		default:
			r.msg.Set(t("Registeret har allerede det økten sier; ingenting er sendt.", "The register already holds what the session says; nothing was sent."), false)
			return nil
		}
	case altinn3.DiffOutcome:
		r.diff = altinn3.ChangesText(out.Changes, lang)
		if out.Deleted {
			r.msg.Set(errText(altinn3.ErrSystemDeleted, lang), true)
			return nil
		}
		r.msg.Set(t("Lest tilbake fra registeret.", "Read back from the register."), false)
	}
	return nil
}

func (r *registerScreen) View() string { return r.view(r.body()) }

// body is what the screen says above its message and menu.
func (r *registerScreen) body() string {
	t, lang := r.ctx.T, r.ctx.Lang
	s := r.ctx.Session
	st := r.styles
	var b strings.Builder
	b.WriteString(st.Heading.Render(stepOf(r.ctx, StepA3System)+t("Registrer systemet", "Register the system")) + "\n")
	b.WriteString(r.wrap(t("System-ID: ", "System ID: ")+altinn3.SystemID(s.Answers.Vendor.OrgNumber, s.Altinn3.System.IDName)) + "\n")
	b.WriteString(r.wrap(t("Klient-ID-er: ", "Client IDs: ")+orNone(strings.Join(s.Altinn3.System.ClientIDs, ", "), lang)) + "\n")
	if reg := r.registered(); reg != nil {
		b.WriteString(r.wrap(fmt.Sprintf(t("Registrert i %s %s", "Registered in %s on %s"), envName(reg.Environment), reg.RegisteredAt.Local().Format("02.01.2006 15:04"))) + "\n")
	}
	check := checkSystem(s)
	b.WriteString("\n" + st.Label.Render(t("Lokal sjekk (det systemregisteret sjekker, i samme rekkefølge):", "Local check (what the system register checks, in its order):")) + "\n")
	if check.OK() {
		b.WriteString(r.wrap("✓ "+t("Ingen feil.", "No errors.")) + "\n")
	}
	for _, fe := range check.Problems {
		line := "✗ " + fe.Message(formsLang(r.ctx))
		var ce *altinn3.CheckError
		if errors.As(fe.Err, &ce) && ce.Code != "" {
			if adv := altinn3.CodeAdvice(ce.Code, lang); adv != "" {
				line += " — " + adv
			}
		}
		b.WriteString(st.Error.Render(r.wrap(line)) + "\n")
	}
	if len(check.NotChecked) > 0 {
		b.WriteString(r.dim(t("Sjekkes bare av registeret (trenger dets egne data): ", "Checked by the register only (they need its own data): ")+
			strings.Join(check.NotChecked, ", ")) + "\n")
	}
	if r.changes != "" {
		b.WriteString("\n" + st.Label.Render(t("Dette endres:", "What changes:")) + "\n" + r.wrap(r.changes) + "\n" +
			st.Warn.Render(r.wrap(altinn3.ReplaceWarning(lang))) + "\n")
	} else if r.diff != "" {
		b.WriteString("\n" + st.Label.Render(t("Registeret mot økten:", "The register against the session:")) + "\n" + r.wrap(r.diff) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func orNone(s, lang string) string {
	if s == "" {
		return ui.T(lang, "ingen", "none")
	}
	return s
}
