package steps

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

type reviewAction int

const (
	actJump reviewAction = iota
	actGenerate
	actSignPDF
	actOpen
	actFolder
	actMarkDone
	actContinue
	actSigned
)

// reviewKeys name the review's actions in its menu (ui.MenuItem.Key).
var reviewKeys = map[reviewAction]string{
	actJump: "fix", actGenerate: "generate", actSignPDF: "sign-pdf", actOpen: "open", actFolder: "folder",
	actMarkDone: "mark-done", actContinue: "continue", actSigned: "attach-signed",
}

type reviewItem struct {
	action  reviewAction
	label   string
	problem ui.Problem
	path    string
}

// reviewScreen shows every answer of step 1, the problems (each a jump
// to its field) and the actions: make the package, open the files,
// choose the folder, mark the step done.
type reviewScreen struct {
	ctx    *ui.Context
	deps   Deps
	styles ui.Styles
	items  []reviewItem
	actionMenu
	send     sender
	summary  viewport.Model
	folder   textinput.Model
	choosing bool
	signed   signedInput // the signed self-declaration's path
	done     bool
	width    int
	height   int
	keys     struct{ scrollUp, scrollDown, enter, cancel key.Binding }
	// extra are problems the making of the files found that the check did
	// not (a program error, shown rather than hidden).
	extra forms.Problems
}

type generatedMsg struct {
	files []session.GeneratedFile
	err   error
}

func newReviewScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	r := &reviewScreen{ctx: ctx, deps: d, styles: *ctx.Styles(), actionMenu: newActionMenu(ctx.Lang)}
	// pgup and pgdn scroll the summary under the menu.
	r.menu.Keys.PageUp.SetEnabled(false)
	r.menu.Keys.PageDown.SetEnabled(false)
	r.keys.enter = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", ctx.T("velg", "choose")))
	r.keys.scrollUp = key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", ctx.T("bla i sammendraget", "scroll the summary")))
	r.keys.scrollDown = key.NewBinding(key.WithKeys("pgdown"))
	r.keys.cancel = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", ctx.T("avbryt", "cancel")))
	r.folder = textinput.New()
	r.folder.CharLimit = 4096
	r.summary = viewport.New(80, 10)
	r.send = newSender(ctx, d, &r.msg)
	r.refresh()
	return r
}

func (r *reviewScreen) problems() []ui.Problem {
	// Out-of-date documents are not a problem to jump to: the review
	// offers to make them again (see packageItems).
	out := problemsFor(r.ctx, registrationScreenOf)
	lang := formOptions(r.ctx).Lang
	for _, fe := range r.extra {
		if screen := registrationScreenOf(fe.Path); screen != "" {
			out = append(out, ui.Problem{Screen: screen, Field: fe.Path, Message: fe.Text(lang)})
		}
	}
	return out
}

// localizeErr is err in the user's language: the answers' problems, or
// the part of the message a bilingual error in its chain wrote (a store,
// file, template or guide error), with control characters shown, never
// sent to the terminal.
func localizeErr(err error, lang string) string {
	l := forms.NB
	if lang == "en" {
		l = forms.EN
	}
	var problems forms.Problems
	if errors.As(err, &problems) {
		return problems.Text(l)
	}
	msg := err.Error()
	var loc interface {
		error
		Text(string) string
	}
	if errors.As(err, &loc) && strings.HasSuffix(msg, loc.Error()) {
		return termtext.Text(msg[:len(msg)-len(loc.Error())] + loc.Text(lang))
	}
	return termtext.Text(forms.Localize(err, l))
}

// refresh rebuilds the menu and the summary from the session.
func (r *reviewScreen) refresh() {
	t := r.ctx.T
	own := r.ctx.StepNumber(session.StepRegistration)
	r.items = r.items[:0]
	for _, p := range r.problems() {
		r.items = append(r.items, reviewItem{action: actJump, label: "✗ " + p.Message, problem: p})
	}
	r.items = append(r.items, packageItems(r.ctx)...)
	r.items = append(r.items, signedItem(r.ctx)...)
	for _, f := range r.ctx.Session.FilesOf(RegistrationKinds...) {
		label := t("Åpne ", "Open ") + filepath.Base(f.Path)
		if m := r.ctx.Session.SentBefore(f.Path, ""); m != nil {
			label += fmt.Sprintf(t(" (sendt %s til %s)", " (sent %s to %s)"), m.SentAt.Local().Format(t("02.01.2006 15:04", "2006-01-02 15:04")), strings.Join(m.To, ", "))
		}
		r.items = append(r.items, reviewItem{action: actOpen, label: termtext.Line(label), path: f.Path})
		r.items = append(r.items, sendItems(r.ctx.Lang, r.ctx.Session, f)...)
	}
	r.items = append(r.items,
		reviewItem{action: actFolder, label: t("Velg mappe for filene: ", "Choose the folder for the files: ") + r.deps.OutputDir(r.ctx.Session)},
		reviewItem{action: actMarkDone, label: fmt.Sprintf(t("Merk steg %d som ferdig", "Mark step %d done"), own)},
		reviewItem{action: actContinue, label: fmt.Sprintf(t("Videre til steg %d", "On to step %d"), own+1)},
	)
	menu := make([]ui.MenuItem, len(r.items))
	for i, it := range r.items {
		// A problem (its remedy is at the end) and a path (its end names
		// the file) wrap rather than lose their end at the edge.
		menu[i] = ui.MenuItem{Key: reviewKeys[it.action], Label: it.label, Problem: it.action == actJump,
			Wrap: it.action == actJump || it.action == actFolder || it.action == actOpen || it.action == actNoSend, Disabled: it.action == actNoSend}
	}
	r.menu.SetItems(menu)
	r.setSummary()
}

func (r *reviewScreen) Init() tea.Cmd { return nil }

func (r *reviewScreen) SetSize(w, h int) {
	r.width, r.height = w, h
	r.summary.SetContent(r.summaryText()) // wrapped to the width
	r.layout()
}

func (r *reviewScreen) layout() {
	top := lipgloss.Height(r.menuView())
	r.summary.Width = max(20, r.width)
	r.summary.Height = max(3, r.height-top-1)
	r.folder.Width = max(20, r.width-4)
	r.signed.input.Width = max(20, r.width-16)
	r.setSummary()
}

func (r *reviewScreen) HandleBack() (bool, tea.Cmd) {
	if handled, cmd := r.send.stop(); handled {
		return true, cmd
	}
	if r.choosing {
		r.choosing = false
		r.folder.Blur()
		return true, nil
	}
	if r.signed.active {
		r.stopSigned()
		r.msg.Clear()
		return true, nil
	}
	return false, nil
}

func (r *reviewScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	if cmd, handled := r.send.update(msg); handled {
		r.refresh()
		r.layout()
		return r, cmd
	}
	if k, ok := msg.(tea.KeyMsg); ok && r.choosing {
		return r, r.updateFolder(k)
	}
	if k, ok := msg.(tea.KeyMsg); ok && r.signed.active {
		return r, r.updateSigned(k)
	}
	if cmd, handled, chose := r.update(msg); chose {
		return r, r.activate(r.items[r.menu.Cursor])
	} else if handled {
		return r, cmd
	}
	switch msg := msg.(type) {
	case signedMadeMsg:
		return r, r.signedMade(msg)
	case generatedMsg:
		if msg.err != nil {
			r.setMessage(r.ctx.T("Kunne ikke lage filene: ", "Could not make the files: ")+packageErrText(msg.err, r.ctx.Lang), true)
			var problems forms.Problems
			if errors.As(msg.err, &problems) {
				// Cannot happen for checked answers; if it does, each
				// problem is a jump to its field like the check's own.
				r.extra = problems
				r.refresh()
				r.layout()
			}
			return r, nil
		}
		r.ctx.Session.ReplaceFiles(RegistrationKinds, msg.files)
		r.setMessage(madeMessage(r.ctx, msg.files), false)
		r.refresh()
		r.layout()
		return r, func() tea.Msg { return ui.ChangedMsg{} }
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, r.keys.scrollUp):
			r.summary.HalfPageUp()
		case key.Matches(msg, r.keys.scrollDown):
			r.summary.HalfPageDown()
		}
	}
	return r, nil
}

func (r *reviewScreen) setMessage(s string, isErr bool) { r.msg.Set(s, isErr) }

func (r *reviewScreen) activate(it reviewItem) tea.Cmd {
	t := r.ctx.T
	switch it.action {
	case actJump:
		p := it.problem
		return ui.Jump(ui.JumpMsg{Step: session.StepRegistration, Screen: p.Screen, Field: p.Field})
	case actGenerate, actSignPDF:
		if len(r.problems()) > 0 {
			r.setMessage(t("Rett problemene over først: dokumentene skal ikke ha hull.", "Fix the problems above first: the documents must not have gaps."), true)
			return nil
		}
		if r.msg.Busy() {
			return nil
		}
		r.extra = nil
		if it.action == actSignPDF {
			return tea.Batch(r.msg.Start(t("Lager dokumentene, e-posten og PDF-kopier til signering (LibreOffice) …", "Making the documents, the e-mail and PDF copies for signing (LibreOffice) …")), r.generateCmd(FormatDocx, FormatPDF))
		}
		return tea.Batch(r.msg.Start(t("Lager dokumentene og e-posten …", "Making the documents and the e-mail …")), r.generateCmd())
	case actOpen:
		return openCmd(it.path, r.ctx.Lang)
	case actSend:
		return r.send.start(it.path)
	case actFolder:
		r.choosing = true
		r.folder.SetValue(r.deps.OutputDir(r.ctx.Session))
		r.folder.CursorEnd()
		r.layout()
		return r.folder.Focus()
	case actMarkDone:
		if n := len(r.problems()); n > 0 {
			r.setMessage(fmt.Sprintf(t("Steg %d har %d problem(er) som må rettes først.", "Step %d has %d problem(s) to fix first."), r.ctx.StepNumber(session.StepRegistration), n), true)
			return nil
		}
		if len(r.ctx.Session.FilesOf(RegistrationKinds...)) == 0 {
			r.setMessage(t("Lag dokumentene og e-posten først.", "Make the documents and the e-mail first."), true)
			return nil
		}
		if registrationStale(r.ctx.Session) {
			r.setMessage(t("Dokumentene og e-posten er utdatert: lag dem på nytt først.", "The documents and the e-mail are out of date: make them again first."), true)
			return nil
		}
		r.ctx.Session.SetStepStatus(session.StepRegistration, session.Done, r.deps.now())
		r.setMessage(fmt.Sprintf(t("Steg %d er merket som ferdig.", "Step %d is marked done."), r.ctx.StepNumber(session.StepRegistration)), false)
		return func() tea.Msg { return ui.ChangedMsg{} }
	case actSigned:
		return r.startSigned()
	case actContinue:
		r.done = true
	}
	return nil
}

func (r *reviewScreen) updateFolder(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEnter:
		v := strings.TrimSpace(r.folder.Value())
		if v == "" {
			r.setMessage(r.ctx.T("Skriv en mappe.", "Type a folder."), true)
			return nil
		}
		v = expandHome(v)
		if !filepath.IsAbs(v) {
			r.setMessage(r.ctx.T("Skriv en full sti (som begynner med / eller ~).", "Type a full path (starting with / or ~)."), true)
			return nil
		}
		r.ctx.Session.Settings.OutputDir = filepath.Clean(v)
		r.choosing = false
		r.folder.Blur()
		r.setMessage(r.ctx.T("Filene lagres i ", "Files go to ")+r.ctx.Session.Settings.OutputDir, false)
		r.refresh()
		r.layout()
		return func() tea.Msg { return ui.ChangedMsg{} }
	}
	var cmd tea.Cmd
	r.folder, cmd = r.folder.Update(msg)
	return cmd
}

func (r *reviewScreen) generateCmd(formats ...string) tea.Cmd {
	// The documents are made from the check's normalised copy; activate
	// has made sure it found no problems. With a PDF among the formats
	// this is `fill --format docx,pdf`: the e-mail attaches the .docx.
	a, _ := forms.Check(r.ctx.Session.Answers)
	opts := PackageOptions{TemplatesDir: r.ctx.Session.Settings.TemplatesDir, Now: r.deps.now(), Formats: formats}
	out := r.deps.OutputDir(r.ctx.Session)
	earlier := r.ctx.Session.FilesOf(RegistrationKinds...)
	return func() tea.Msg {
		files, err := WriteRegistrationPackage(context.Background(), &a, opts, out)
		if err == nil {
			removeEarlierCopies(earlier, files)
		}
		return generatedMsg{files: files, err: err}
	}
}

// removeEarlierCopies removes the files of step 1's package made before
// that the new package does not make again (the PDF copies, when the
// documents are made again without them): they were made from older
// answers, and a user could attach one. Only files this program recorded
// are removed, and only when each is still a plain file (never a link
// followed).
func removeEarlierCopies(earlier, made []session.GeneratedFile) {
	for _, f := range earlier {
		if slices.ContainsFunc(made, func(m session.GeneratedFile) bool { return m.Path == f.Path }) {
			continue
		}
		if fi, err := os.Lstat(f.Path); err == nil && fi.Mode().IsRegular() {
			os.Remove(f.Path)
		}
	}
}

// menuView is the heading, the menu, the folder being chosen and the
// message: all above the summary.
func (r *reviewScreen) menuView() string {
	st := r.styles
	var b strings.Builder
	probs := 0
	for _, it := range r.items {
		if it.action == actJump {
			probs++
		}
	}
	title := fmt.Sprintf(r.ctx.T("Gjennomgang av steg %d", "Review of step %d"), r.ctx.StepNumber(session.StepRegistration))
	if probs > 0 {
		title += st.Error.Render(fmt.Sprintf(r.ctx.T(" · %d å rette", " · %d to fix"), probs))
	} else {
		title += st.Status.Render(r.ctx.T(" · alt er fylt ut", " · everything is filled in"))
	}
	var below strings.Builder
	if r.choosing {
		below.WriteString("\n" + r.ctx.T("Mappe: ", "Folder: ") + r.folder.View())
	}
	below.WriteString(r.signedView())
	if m := r.msg.View(&st, max(20, r.width)); m != "" {
		below.WriteString("\n" + m)
	}
	// The menu gets what the heading, the lines under it, the rule and
	// the summary's three lines leave.
	room := 0
	if r.height > 0 {
		room = max(3, r.height-1-(lipgloss.Height(below.String())-1)-1-3)
	}
	b.WriteString(st.Heading.Render(title) + "\n" + r.menu.View(&st, r.width, room) + below.String())
	return b.String()
}

func (r *reviewScreen) View() string {
	if v := r.send.view(&r.styles, r.width); v != "" {
		return v
	}
	top := r.menuView()
	r.summary.Height = max(3, r.height-lipgloss.Height(top)-1)
	return top + "\n" + r.styles.Dim.Render(strings.Repeat("─", max(10, r.width))) + "\n" + r.summary.View()
}

// summaryRow writes one answer of the summary: its label, and its value
// wrapped in its column.
func (r *reviewScreen) summaryRow(b *strings.Builder, label, value string) {
	st := r.styles
	if strings.TrimSpace(value) == "" {
		value = st.Dim.Render(r.ctx.T("(ikke fylt ut)", "(not filled in)"))
	}
	// The answers are the user's (or an import's): shown, never sent to
	// the terminal. A long one wraps in its column: the summary's edge
	// would cut it ("maskinport").
	value = termtext.Text(value)
	if r.width > 0 {
		value = ui.Wrap(value, r.width-2-22-1)
	}
	lines := strings.Split(value, "\n")
	b.WriteString("  " + st.Label.Width(22).Render(label) + " " + lines[0] + "\n")
	for _, l := range lines[1:] {
		b.WriteString("  " + strings.Repeat(" ", 22) + " " + l + "\n")
	}
}

// summaryText is every answer of step 1, readable.
func (r *reviewScreen) summaryText() string {
	t := r.ctx.T
	a := &r.ctx.Session.Answers
	st := r.styles
	var b strings.Builder
	section := func(title string) { b.WriteString(st.Heading.Render(title) + "\n") }
	row := func(label, value string) { r.summaryRow(&b, label, value) }
	yesNo := func(p *bool) string {
		switch {
		case p == nil:
			return ""
		case *p:
			return t("Ja", "Yes")
		}
		return t("Nei", "No")
	}
	l := formOptions(r.ctx).Lang
	section(t("Leverandør", "Vendor"))
	row(t("Navn", "Name"), a.Vendor.Name)
	row(t("Org.nr.", "Org. no."), nofmt.OrgNumber(a.Vendor.OrgNumber))
	row(t("Adresse", "Address"), strings.TrimSpace(a.Vendor.Address+", "+a.Vendor.PostalCode+" "+a.Vendor.City))
	section(t("Kontaktperson", "Contact person"))
	row(t("Navn", "Name"), a.Contact.Name)
	row(t("E-post", "E-mail"), a.Contact.Email)
	row(t("Telefon", "Phone"), nofmt.Phone(a.Contact.Phone))
	section(t("Teknisk kontakt", "Technical contact"))
	if a.TechnicalContact == nil {
		row("", t("Ingen egen", "None"))
	} else {
		row(t("Navn", "Name"), a.TechnicalContact.Name)
		row(t("E-post", "E-mail"), a.TechnicalContact.Email)
		row(t("Telefon", "Phone"), nofmt.Phone(a.TechnicalContact.Phone))
	}
	section(t("Datasystemet", "The datasystem"))
	row(t("Navn", "Name"), a.System.Name)
	row(t("Versjon", "Version"), a.System.Version)
	row(t("Beskrivelse", "Description"), a.System.Description)
	// The choices by the names the forms give them (forms.ChoiceLabel),
	// not the stored codes.
	row(t("Kategori", "Category"), forms.ChoiceLabel("system.category", a.System.Category, l))
	row(t("Grensesnitt", "Interfaces"), forms.ChoiceLabels("system.interfaces", a.System.Interfaces, l))
	row(t("Autentisering", "Authentication"), forms.ChoiceLabels("system.auth_methods", a.System.AuthMethods, l))
	row(t("Miljøer", "Environments"), forms.ChoiceLabels("system.environments", a.System.Environments, l))
	section(t("Tjenester", "Services"))
	if len(a.System.Services) == 0 {
		row("", t("Ingen oppgitt", "None given"))
	}
	for _, s := range a.System.Services {
		row(s.Code+" / "+s.Edition, s.Name)
		row("  "+t("Tjenesteeier", "Service owner"), cmp.Or(strings.TrimSpace(s.Owner), t("(ikke oppgitt)", "(not given)")))
	}
	section(t("Egenerklæring", "Self-declaration"))
	row(t("Signerer for brukere", "Signs for users"), yesNo(a.Declaration.SignsForUsers))
	row(t("Henter preutfylling", "Uses prefill"), yesNo(a.Declaration.UsesPrefill))
	row(t("Lagrer påloggingsdata", "Stores credentials"), yesNo(a.Declaration.StoresUserCredentials))
	row(t("Sikkerhetstiltak", "Security measures"), a.Declaration.SecurityMeasures)
	section(t("Underskriver", "Signer"))
	row(t("Navn", "Name"), a.Signer.Name)
	row(t("Rolle", "Role"), a.Signer.Role)
	row(t("Sted", "Place"), a.Signer.Place)
	date := nofmt.Date(a.Signer.Date, r.ctx.Lang)
	if strings.TrimSpace(a.Signer.Date) == "" {
		// The documents are dated the day they are made.
		date = st.Dim.Render(t("(ikke fylt ut: dokumentene får datoen de lages)", "(not filled in: the documents get the day they are made)"))
	}
	row(t("Dato", "Date"), date)
	return b.String()
}

func (r *reviewScreen) KeyBindings() []key.Binding {
	if r.choosing || r.signed.active {
		return []key.Binding{r.keys.enter, r.keys.cancel}
	}
	if r.send.busy() {
		return r.send.keyBindings()
	}
	return append(r.menu.KeyBindings(), r.keys.scrollUp)
}

func (r *reviewScreen) Done() bool    { return r.done }
func (r *reviewScreen) Editing() bool { return r.choosing || r.signed.active || r.send.holdsKeys() }
func (r *reviewScreen) Field() string { return "" }
