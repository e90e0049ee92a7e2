package steps

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/templates"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Screen IDs of step 6, saved in the session's cursor: keep them stable.
const (
	ScreenGuideSetup = "guide_setup"
	ScreenGuide      = "guide"
	ScreenChecklist  = "checklist"
)

// Kinds of the end-user guide's files in session.Files.
const (
	KindGuideMarkdown = "brukerveiledning-md"
	KindGuideDocx     = "brukerveiledning-docx"
)

// Keys of the go-live checklist (session.GoLive.Checklist). Keep them
// stable: they are saved.
const (
	CheckRegistrationConfirmed = "registration_confirmed"
	CheckStatusConfirmed       = "current_status_checked"
	CheckGuideSent             = "guide_sent"
	CheckCustomersInformed     = "customers_informed"
)

// goLiveCheck is one item the user ticks when it is done.
type goLiveCheck struct{ key, nb, en string }

var goLiveChecks = []goLiveCheck{
	{CheckRegistrationConfirmed,
		"Altinn har svart at datasystemet er registrert",
		"Altinn has replied that the datasystem is registered"},
	{CheckStatusConfirmed,
		"Gjeldende status er sjekket på samarbeid.digdir.no (Altinn II stengte)",
		"Current status checked on samarbeid.digdir.no (Altinn II has closed)"},
	{CheckGuideSent,
		"Brukerveiledningen er sendt til kundene",
		"The user guide has been sent to the customers"},
	{CheckCustomersInformed,
		"Kundene vet hvordan de tar systemet i bruk (SystemID og passord)",
		"Customers know how to start using the system (SystemID and password)"},
}

// GoLive is step 6: make the system available to the vendor's customers
// (domain.md, step 6): an end-user guide, and the final checklist of the
// whole onboarding.
func GoLive(d Deps) ui.Step {
	return ui.Step{
		ID:    session.StepGoLive,
		Title: func(lang string) string { return ui.T(lang, "I drift", "Go-live") },
		Screens: []ui.ScreenSpec{
			{
				ID:    ScreenGuideSetup,
				Title: func(lang string) string { return ui.T(lang, "Veiledning", "Guide") },
				New: func(ctx *ui.Context, field string) ui.Screen {
					f := forms.GuideForm(&ctx.Session.GoLive, ctx.Session.Answers.Contact, formOptions(ctx))
					if field != "" {
						forms.FocusField(f, field)
					}
					return ui.NewFormScreen(f, stepOf(ctx, session.StepGoLive)+ctx.T(
						"Gjør systemet tilgjengelig, med en brukerveiledning til kundene.",
						"Make the system available, with a user guide for your customers."))
				},
			},
			{
				ID:    ScreenGuide,
				Title: func(lang string) string { return ui.T(lang, "Brukerveiledning", "User guide") },
				New:   d.screen(newGuideScreen),
			},
			{
				ID:    ScreenChecklist,
				Title: func(lang string) string { return ui.T(lang, "Sjekkliste", "Checklist") },
				New:   d.screen(newGoLiveChecklist),
			},
		},
		Problems: goLiveProblems,
	}
}

// goLiveProblems is what keeps step 6 from being done: a support contact
// with wrong answers, no guide made, items not ticked. Cheap (the stepper
// asks on every frame): session data only, no disk.
func goLiveProblems(ctx *ui.Context) []ui.Problem {
	s := ctx.Session
	var out []ui.Problem
	_, errs := forms.SupportContact(&s.GoLive, s.Answers.Contact)
	for _, e := range errs {
		out = append(out, ui.Problem{Screen: ScreenGuideSetup, Field: e.Path, Message: e.Text(formOptions(ctx).Lang)})
	}
	if len(guideFiles(s)) < 2 {
		out = append(out, ui.Problem{Screen: ScreenGuide, Message: ctx.T("Brukerveiledningen er ikke laget ennå", "The user guide has not been made yet")})
	}
	for _, c := range goLiveChecks {
		if !s.GoLive.Checklist[c.key] {
			out = append(out, ui.Problem{Screen: ScreenChecklist, Field: c.key, Message: ctx.T("Ikke krysset av: ", "Not ticked: ") + ctx.T(c.nb, c.en)})
		}
	}
	return out
}

// guideFiles are the session's recorded guide files.
func guideFiles(s *session.Session) []session.GeneratedFile {
	var out []session.GeneratedFile
	for _, f := range s.Files {
		if f.Kind == KindGuideMarkdown || f.Kind == KindGuideDocx {
			out = append(out, f)
		}
	}
	return out
}

// startGoLive marks step 6 in progress the first time the user does
// something in it.
func startGoLive(ctx *ui.Context, d Deps) {
	if ctx.Session.StepStatus(session.StepGoLive) == session.NotStarted {
		ctx.Session.SetStepStatus(session.StepGoLive, session.InProgress, d.now())
	}
}

// guideAnswers are the answers the guide is made from: a normalised copy,
// with the support contact (when there is one) as the contact. blocks
// lists what must be fixed first, each with the step and screen to fix it
// in.
func guideAnswers(ctx *ui.Context) (a session.Answers, blocks []guideBlock) {
	s := ctx.Session
	a, problems := forms.Check(s.Answers)
	lang := formOptions(ctx).Lang
	needs := []string{"vendor.name", "system.name", "declaration.signs_for_users"}
	if s.GoLive.Support == nil {
		needs = append(needs, "contact")
	}
	for _, fe := range problems {
		if hasPrefix(fe.Path, needs...) {
			blocks = append(blocks, guideBlock{step: session.StepRegistration, p: ui.Problem{Screen: registrationScreenOf(fe.Path), Field: fe.Path, Message: fe.Text(lang)}})
		}
	}
	support, errs := forms.SupportContact(&s.GoLive, a.Contact)
	for _, fe := range errs {
		blocks = append(blocks, guideBlock{step: session.StepGoLive, p: ui.Problem{Screen: ScreenGuideSetup, Field: fe.Path, Message: fe.Text(lang)}})
	}
	a.Contact = support
	return a, blocks
}

type guideBlock struct {
	step string
	p    ui.Problem
}

// WriteGuide makes the end-user guide in lang ("nb" or "en") and writes
// it to outDir as Markdown and .docx (each atomically, mode 0600; the
// folder is made 0700 when missing, and left as it is when it exists). It returns the two files, Markdown
// first.
func WriteGuide(a *session.Answers, lang string, now time.Time, outDir string) ([]session.GeneratedFile, error) {
	md, docx, err := templates.Guide(a, lang, now)
	if err != nil {
		return nil, err
	}
	outDir, err = filepath.Abs(outDir)
	if err != nil {
		return nil, err
	}
	if _, err := atomicfile.MakeDir(outDir); err != nil {
		return nil, err
	}
	base := filepath.Join(outDir, templates.GuideFileBase(lang, Slug(a.System.Name)))
	if err := atomicfile.WriteFile(base+".md", md); err != nil {
		return nil, err
	}
	if err := templates.WriteDocx(base+".docx", docx); err != nil {
		return nil, err
	}
	return []session.GeneratedFile{
		{Kind: KindGuideMarkdown, Path: base + ".md", CreatedAt: now.UTC()},
		{Kind: KindGuideDocx, Path: base + ".docx", CreatedAt: now.UTC()},
	}, nil
}

// ---- The guide screen: make the guide, open it. ----

type guideAction int

const (
	guideJump guideAction = iota
	guideMake
	guideOpen
	guideContinue
)

// guideKeys name the guide screen's actions in its menu (ui.MenuItem.Key).
var guideKeys = map[guideAction]string{guideJump: "fix", guideMake: "make", guideOpen: "open", guideContinue: "continue"}

type guideItem struct {
	action guideAction
	label  string
	block  guideBlock
	path   string
}

type guideScreen struct {
	ctx    *ui.Context
	deps   Deps
	styles ui.Styles
	items  []guideItem
	actionMenu
	done  bool
	width int
}

type guideMadeMsg struct {
	files []session.GeneratedFile
	err   error
}

func newGuideScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	g := &guideScreen{ctx: ctx, deps: d, styles: *ctx.Styles(), actionMenu: newActionMenu(ctx.Lang)}
	g.refresh()
	// Land on "make the guide" (or the first thing to fix).
	g.menu.SelectFirst(func(it ui.MenuItem) bool { return it.Key == guideKeys[guideJump] || it.Key == guideKeys[guideMake] })
	return g
}

func (g *guideScreen) lang() string { return forms.GuideLang(&g.ctx.Session.GoLive) }

func (g *guideScreen) langName() string {
	if g.lang() == forms.GuideEN {
		return g.ctx.T("engelsk", "English")
	}
	return g.ctx.T("norsk (bokmål)", "Norwegian (bokmål)")
}

func (g *guideScreen) refresh() {
	t := g.ctx.T
	_, blocks := guideAnswers(g.ctx)
	g.items = g.items[:0]
	for _, b := range blocks {
		g.items = append(g.items, guideItem{action: guideJump, label: "✗ " + b.p.Message, block: b})
	}
	g.items = append(g.items, guideItem{action: guideMake, label: fmt.Sprintf(t("Lag brukerveiledningen (Markdown og Word, %s)", "Make the user guide (Markdown and Word, %s)"), g.langName())})
	for _, f := range guideFiles(g.ctx.Session) {
		g.items = append(g.items, guideItem{action: guideOpen, label: t("Åpne ", "Open ") + filepath.Base(f.Path), path: f.Path})
	}
	g.items = append(g.items, guideItem{action: guideContinue, label: t("Videre til sjekklisten", "On to the checklist")})
	menu := make([]ui.MenuItem, len(g.items))
	for i, it := range g.items {
		menu[i] = ui.MenuItem{Key: guideKeys[it.action], Label: it.label, Problem: it.action == guideJump}
	}
	g.menu.SetItems(menu)
}

func (g *guideScreen) Init() tea.Cmd    { return nil }
func (g *guideScreen) SetSize(w, h int) { g.width = w }

func (g *guideScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	t := g.ctx.T
	if cmd, handled, chose := g.update(msg); chose {
		return g, g.activate(g.items[g.menu.Cursor])
	} else if handled {
		return g, cmd
	}
	if msg, ok := msg.(guideMadeMsg); ok {
		if msg.err != nil {
			g.msg.Set(t("Kunne ikke lage brukerveiledningen: ", "Could not make the user guide: ")+localizeErr(msg.err, g.ctx.Lang), true)
			return g, nil
		}
		g.ctx.Session.ReplaceFiles([]string{KindGuideMarkdown, KindGuideDocx}, msg.files)
		startGoLive(g.ctx, g.deps)
		g.msg.Set(fmt.Sprintf(t("Laget brukerveiledningen i %s. Les den før du sender den til kundene.", "Made the user guide in %s. Read it before you send it to your customers."), filepath.Dir(msg.files[0].Path)), false)
		g.refresh()
		return g, func() tea.Msg { return ui.ChangedMsg{} }
	}
	return g, nil
}

func (g *guideScreen) activate(it guideItem) tea.Cmd {
	t := g.ctx.T
	switch it.action {
	case guideJump:
		b := it.block
		return ui.Jump(ui.JumpMsg{Step: b.step, Screen: b.p.Screen, Field: b.p.Field})
	case guideMake:
		if g.msg.Busy() {
			return nil
		}
		a, blocks := guideAnswers(g.ctx)
		if len(blocks) > 0 {
			g.msg.Set(t("Rett det som er merket ✗ først: veiledningen trenger disse svarene.", "Fix what is marked ✗ first: the guide needs these answers."), true)
			return nil
		}
		lang, now, out := g.lang(), g.deps.now(), g.deps.OutputDir(g.ctx.Session)
		return tea.Batch(g.msg.Start(t("Lager brukerveiledningen …", "Making the user guide …")), func() tea.Msg {
			files, err := WriteGuide(&a, lang, now, out)
			return guideMadeMsg{files: files, err: err}
		})
	case guideOpen:
		return openCmd(it.path, g.ctx.Lang)
	case guideContinue:
		g.done = true
	}
	return nil
}

func (g *guideScreen) View() string {
	st, t := g.styles, g.ctx.T
	s := g.ctx.Session
	var b strings.Builder
	b.WriteString(st.Heading.Render(t("Brukerveiledning for kundene", "User guide for your customers")) + "\n")
	contact, _ := forms.SupportContact(&s.GoLive, s.Answers.Contact)
	who := strings.Join(goLiveNonEmpty(contact.Name, contact.Email, nofmt.Phone(contact.Phone)), ", ") // as the guide prints it
	if who == "" {
		who = t("(ikke fylt ut)", "(not filled in)")
	}
	b.WriteString(ui.Clip(t("Språk: ", "Language: ")+g.langName()+st.Dim.Render(t(" (esc for å endre)", " (esc to change)")), max(20, g.width)) + "\n")
	b.WriteString(ui.Clip(t("Kontakt i veiledningen: ", "Contact in the guide: ")+who, max(20, g.width)) + "\n")
	b.WriteString(st.Dim.Render(ui.Wrap(t("Mappe: ", "Folder: ")+g.deps.OutputDir(g.ctx.Session), max(20, g.width))) + "\n\n")
	b.WriteString(g.menu.View(&st, g.width, 0) + "\n")
	if m := g.msg.View(&st, max(20, g.width)); m != "" {
		b.WriteString(m + "\n")
	}
	if files := guideFiles(s); len(files) > 0 {
		b.WriteString("\n" + st.Label.Render(t("Filene:", "The files:")) + "\n")
		for _, f := range files {
			// Whole, wrapped if need be: the user copies it.
			b.WriteString(lipgloss.NewStyle().PaddingLeft(2).Width(max(20, g.width)).Render(f.Path) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func goLiveNonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (g *guideScreen) KeyBindings() []key.Binding { return g.menu.KeyBindings() }
func (g *guideScreen) Done() bool                 { return g.done }
func (g *guideScreen) Editing() bool              { return false }
func (g *guideScreen) Field() string              { return "" }
