package steps

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// servicesScreen is the one editor of the services the system will use
// (System.Services, the list the order form prints): add, edit, remove,
// reorder. Step 1 shows it compact (code, edition, name); step 4 shows
// every column and lets each service be limited to TT02 or PROD. Every
// change keeps step 5's TT02 checklist in step with the list.
type servicesScreen struct {
	ctx     *ui.Context
	deps    Deps
	full    bool
	menu    ui.Menu        // the rows; its cursor is the selected service
	editing *ui.FormScreen // the form of the service being edited
	editIdx int
	added   bool            // the edited row was just added (removed again on cancel)
	orig    session.Service // the edited row as it was before, for esc
	before  int             // the cursor before a row was added, for esc
	// removed are the rows x took away during this visit, last last: u
	// puts the last back where it was, with its TT02 checklist row.
	removed []removedService
	done    bool
	msg     ui.Message
	width   int
	height  int
	keys    struct {
		moveUp, moveDown, add, edit, remove, tt02, prod, next key.Binding
		cancel, keep, undo                                    key.Binding
	}
}

// newServicesScreen is step 1's view of the services.
func newServicesScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	return newServicesEditor(ctx, d, field, false)
}

// newServicesTable is step 4's view of the same services, with every column.
func newServicesTable(ctx *ui.Context, d Deps, field string) ui.Screen {
	return newServicesEditor(ctx, d, field, true)
}

// serviceField reads "system.services[2]" or "system.services[2].name".
var serviceField = regexp.MustCompile(`^system\.services\[([0-9]+)\](?:\.([a-z_]+))?`)

func newServicesEditor(ctx *ui.Context, d Deps, field string, full bool) *servicesScreen {
	s := &servicesScreen{ctx: ctx, deps: d, full: full, menu: ui.NewMenu(ctx.Lang, nil)}
	// e and enter edit a row and x removes it: the screen's keys.
	s.menu.Keys.Choose.SetEnabled(false)
	s.menu.Keys.Toggle.SetEnabled(false)
	s.syncMenu()
	t := ctx.T
	s.keys.moveUp = key.NewBinding(key.WithKeys("shift+up", "K"), key.WithHelp("shift+↑/↓", t("flytt (også K/J)", "move (also K/J)")))
	s.keys.moveDown = key.NewBinding(key.WithKeys("shift+down", "J"))
	s.keys.add = key.NewBinding(key.WithKeys("a", "n"), key.WithHelp("a", t("legg til", "add")))
	s.keys.edit = key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e/enter", t("endre", "edit")))
	s.keys.remove = key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", t("fjern", "remove")))
	s.keys.tt02 = key.NewBinding(key.WithKeys("t"), key.WithHelp("t/p", t("TT02/PROD av og på", "TT02/PROD on and off")))
	s.keys.prod = key.NewBinding(key.WithKeys("p"))
	s.keys.next = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t("ferdig, videre", "done, continue")))
	// In a row's form esc puts the row back as it was; enter on the last
	// field or ctrl+s keeps the change (issue 11 §5).
	s.keys.cancel = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("avbryt, rad som før", "cancel, row as before")))
	s.keys.keep = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("enter/ctrl+s", t("behold endringen", "keep the change")))
	s.keys.undo = key.NewBinding(key.WithKeys("u"), key.WithHelp("u", t("angre fjerning", "undo remove")))
	s.keys.tt02.SetEnabled(full)
	s.keys.prod.SetEnabled(full)
	// Resume on a row ("system.services[2]") or inside a service's form
	// ("system.services[2].name").
	if m := serviceField.FindStringSubmatch(field); m != nil {
		i, err := strconv.Atoi(m[1])
		if err == nil && i >= 0 && i < len(ctx.Session.Answers.System.Services) {
			s.menu.Cursor = i
			switch m[2] {
			case "code", "edition", "name", "owner":
				s.startEdit(i, field)
			}
		}
	}
	return s
}

// removedService is a row x took away, with where it was and its row of
// step 5's TT02 checklist (its ticks).
type removedService struct {
	idx   int
	svc   session.Service
	check []session.ServiceTest
}

func (s *servicesScreen) services() *[]session.Service { return &s.ctx.Session.Answers.System.Services }

func (s *servicesScreen) startEdit(i int, field string) tea.Cmd {
	svc := &(*s.services())[i]
	s.orig = *svc
	s.orig.Environments = slices.Clone(svc.Environments)
	f := forms.ServiceForm(svc, i, formOptions(s.ctx))
	if field != "" {
		forms.FocusField(f, field)
	}
	s.editing, s.editIdx = ui.NewFormScreen(f, ""), i
	s.editing.SetSize(s.width, s.height)
	return s.editing.Init()
}

func (s *servicesScreen) Init() tea.Cmd {
	if s.editing != nil {
		return s.editing.Init()
	}
	return nil
}

// changed keeps what depends on the list in step with it.
func (s *servicesScreen) changed() {
	SyncChecklist(s.ctx.Session)
	s.syncMenu()
}

// syncMenu gives the menu a row for each service (the rows' text is made
// when drawn), the cursor kept on the list.
func (s *servicesScreen) syncMenu() {
	if n := len(*s.services()); len(s.menu.Items) != n {
		s.menu.SetItems(make([]ui.MenuItem, n))
	}
}

// stopEdit closes the row's form, keeping what was typed (enter on the
// last field, ctrl+s). A row just added and left empty goes again.
func (s *servicesScreen) stopEdit() {
	if s.added {
		svc := (*s.services())[s.editIdx]
		if strings.TrimSpace(svc.Code+svc.Edition+svc.Name+svc.Owner) == "" {
			list := s.services()
			*list = slices.Delete(*list, s.editIdx, s.editIdx+1)
		}
	}
	s.editing, s.added = nil, false
	s.changed()
}

// cancelEdit closes the row's form and puts the row back as it was
// before the form opened; a row just added goes again.
func (s *servicesScreen) cancelEdit() {
	list := s.services()
	if s.editIdx < len(*list) {
		if s.added {
			*list = slices.Delete(*list, s.editIdx, s.editIdx+1)
			s.menu.Cursor = min(s.before, max(0, len(*list)-1))
		} else {
			(*list)[s.editIdx] = s.orig
		}
	}
	s.editing, s.added = nil, false
	s.changed()
	s.setMessage(s.ctx.T("Avbrutt: raden er som før.", "Cancelled: the row is as it was."), false)
}

// HandleBack (esc) closes the service form without keeping the change,
// instead of leaving the screen.
func (s *servicesScreen) HandleBack() (bool, tea.Cmd) {
	if s.editing == nil {
		return false, nil
	}
	s.cancelEdit()
	return true, nil
}

// HandleSave (ctrl+s) closes the service form keeping the change; the app
// then saves the session.
func (s *servicesScreen) HandleSave() {
	if s.editing != nil {
		s.stopEdit() // a row just added goes only if left empty
	}
}

func (s *servicesScreen) setMessage(text string, isErr bool) { s.msg.Set(text, isErr) }

func (s *servicesScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	if s.editing != nil {
		scr, cmd := s.editing.Update(msg)
		s.editing = scr.(*ui.FormScreen)
		if s.editing.Done() {
			s.added = false
			s.stopEdit()
		}
		return s, cmd
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil
	}
	s.msg.Clear()
	list := s.services()
	s.syncMenu()
	if handled, _ := s.menu.Update(k); handled {
		return s, nil
	}
	cur := s.menu.Cursor
	switch {
	case key.Matches(k, s.keys.moveUp):
		if cur > 0 && cur < len(*list) {
			(*list)[cur-1], (*list)[cur] = (*list)[cur], (*list)[cur-1]
			s.menu.Cursor--
			s.changed()
		}
	case key.Matches(k, s.keys.moveDown):
		if cur+1 < len(*list) {
			(*list)[cur+1], (*list)[cur] = (*list)[cur], (*list)[cur+1]
			s.menu.Cursor++
			s.changed()
		}
	case key.Matches(k, s.keys.add):
		s.before = cur
		*list = append(*list, session.Service{})
		s.syncMenu()
		s.menu.Cursor = len(*list) - 1
		s.added = true
		return s, s.startEdit(s.menu.Cursor, "")
	case key.Matches(k, s.keys.edit):
		if len(*list) > 0 {
			return s, s.startEdit(cur, "")
		}
		*list = append(*list, session.Service{})
		s.syncMenu()
		s.added = true
		return s, s.startEdit(0, "")
	case key.Matches(k, s.keys.remove):
		s.remove(cur)
	case key.Matches(k, s.keys.undo):
		s.undoRemove()
	case key.Matches(k, s.keys.tt02):
		s.toggleEnv(session.EnvTT02)
	case key.Matches(k, s.keys.prod):
		s.toggleEnv(session.EnvProd)
	case key.Matches(k, s.keys.next):
		if s.full {
			s.recordStatus()
		}
		s.done = true
	}
	return s, nil
}

// remove takes row i away, kept for u.
func (s *servicesScreen) remove(i int) {
	list := s.services()
	if i < 0 || i >= len(*list) {
		return
	}
	gone := removedService{idx: i, svc: (*list)[i]}
	for _, r := range s.ctx.Session.Testing.Checklist {
		if r.Code == gone.svc.Code && r.Edition == gone.svc.Edition {
			gone.check = append(gone.check, r)
		}
	}
	*list = slices.Delete(*list, i, i+1)
	s.removed = append(s.removed, gone)
	s.changed()
	s.setMessage(fmt.Sprintf(s.ctx.T("Fjernet %s. Trykk u for å angre.", "Removed %s. Press u to undo."), serviceLabel(gone.svc)), false)
}

// undoRemove puts the last row removed back where it was, with the
// ticks of its checklist row.
func (s *servicesScreen) undoRemove() {
	if len(s.removed) == 0 {
		return
	}
	back := s.removed[len(s.removed)-1]
	s.removed = s.removed[:len(s.removed)-1]
	list := s.services()
	i := min(back.idx, len(*list))
	*list = slices.Insert(*list, i, back.svc)
	// The checklist keeps the first row of a service: the current rows
	// come first, so only a row that went with the service comes back.
	sess := s.ctx.Session
	sess.Testing.Checklist = append(sess.Testing.Checklist, back.check...)
	s.changed()
	s.menu.Cursor = i
	s.setMessage(fmt.Sprintf(s.ctx.T("%s er tilbake.", "%s is back."), serviceLabel(back.svc)), false)
}

// toggleEnv turns an environment on or off for the selected service. No
// environments of its own means every environment; a service keeps at
// least one.
func (s *servicesScreen) toggleEnv(env string) {
	list := *s.services()
	if len(list) == 0 {
		return
	}
	svc := &list[s.menu.Cursor]
	on := serviceEnvironments(*svc)
	if slices.Contains(on, env) {
		on = slices.DeleteFunc(slices.Clone(on), func(e string) bool { return e == env })
	} else {
		on = append(slices.Clone(on), env)
	}
	if len(on) == 0 {
		s.setMessage(s.ctx.T("En tjeneste må brukes i minst ett miljø (TT02 eller PROD).", "A service must be used in at least one environment (TT02 or PROD)."), true)
		return
	}
	var ordered []string
	for _, e := range session.Environments {
		if slices.Contains(on, e) {
			ordered = append(ordered, e)
		}
	}
	svc.Environments = ordered
	s.changed()
}

// recordStatus marks step 4 done when the list is complete, and back in
// progress when it is not.
func (s *servicesScreen) recordStatus() {
	sess := s.ctx.Session
	ok := len(sess.Answers.System.Services) > 0 && len(forms.CheckServices(sess.Answers.System.Services)) == 0
	switch {
	case ok:
		sess.SetStepStatus(session.StepServices, session.Done, s.deps.now())
	case sess.StepStatus(session.StepServices) == session.Done:
		sess.SetStepStatus(session.StepServices, session.InProgress, s.deps.now())
	}
}

// serviceEnvironments are the environments a service is used in: its own,
// or every environment when it names none (as the order e-mails read it).
func serviceEnvironments(svc session.Service) []string {
	if len(svc.Environments) == 0 {
		return session.Environments
	}
	return svc.Environments
}

// serviceLabel names a service in a message: "4936/1 A-melding".
func serviceLabel(svc session.Service) string {
	l := strings.TrimSpace(dashIfEmpty(svc.Code) + "/" + dashIfEmpty(svc.Edition) + " " + termtext.Line(strings.TrimSpace(svc.Name)))
	return l
}

func (s *servicesScreen) View() string {
	if s.editing != nil {
		return s.editing.View()
	}
	st := *s.ctx.Styles()
	t := s.ctx.T
	wrap := lipgloss.NewStyle().Width(max(20, min(s.width, 100)))
	var top, bottom strings.Builder
	top.WriteString(st.Heading.Render(t("Tjenester systemet skal bruke", "Services the system will use")) + "\n")
	intro := t(
		"SOAP-tjenester har tjenestekode og utgavekode. Listen over tjenester for datasystemer: https://www.altinndigital.no/datasystemer",
		"SOAP services have a service code and an edition code. The list of services for datasystems: https://www.altinndigital.no/datasystemer")
	if s.full {
		intro = stepOf(s.ctx, session.StepServices) + t(
			"Koble systemet til tjenestene. SOAP-tjenester kjennes på tjenestekode og utgavekode. Listen over tjenester for datasystemer: https://www.altinndigital.no/datasystemer. Spørsmål om en bestemt tjeneste går til tjenesteeieren (for eksempel Skatteetaten), ikke til Altinn.",
			"Connect the system to the services. SOAP services are known by a service code and an edition code. The list of services for datasystems: https://www.altinndigital.no/datasystemer. Questions about a particular service go to its owner (for example Skatteetaten), not to Altinn.")
	}
	top.WriteString(wrap.Render(st.Dim.Render(intro)) + "\n\n")
	list := *s.services()
	if len(list) == 0 {
		top.WriteString(t("Ingen tjenester ennå. Trykk a for å legge til en, eller tab for å gå videre.", "No services yet. Press a to add one, or tab to continue.") + "\n")
		s.writeMessage(&top, st)
		return top.String()
	}
	problems := map[int]string{}
	for _, fe := range forms.CheckServices(list) {
		if m := serviceField.FindStringSubmatch(fe.Path); m != nil {
			i, _ := strconv.Atoi(m[1])
			if _, seen := problems[i]; !seen {
				problems[i] = forms.Localize(fe.Err, formOptions(s.ctx).Lang)
			}
		}
	}
	var rows []string
	if s.full {
		rows = s.tableRows(&top, &bottom, st, list)
	} else {
		top.WriteString(st.Label.Render(fmt.Sprintf("  %-8s %-8s %s", t("Kode", "Code"), t("Utgave", "Edition"), t("Navn", "Name"))) + "\n")
		for _, svc := range list {
			row := fmt.Sprintf("%-8s %-8s %s", dashIfEmpty(svc.Code), dashIfEmpty(svc.Edition), dashIfEmpty(svc.Name))
			if svc.Owner != "" {
				row += st.Dim.Render(" (" + termtext.Line(svc.Owner) + ")")
			}
			rows = append(rows, row)
		}
	}
	if p, ok := problems[s.menu.Cursor]; ok {
		bottom.WriteString(st.Error.Render(ui.Wrap(fmt.Sprintf(t("Rad %d: %s (e for å rette)", "Row %d: %s (e to fix)"), s.menu.Cursor+1, p), max(20, s.width))) + "\n")
	}
	s.writeMessage(&bottom, st)
	items := make([]ui.MenuItem, len(rows))
	for i, row := range rows {
		_, bad := problems[i]
		items[i] = ui.MenuItem{Key: fmt.Sprintf("system.services[%d]", i), Label: row, Flagged: bad}
	}
	s.menu.SetItems(items)
	return top.String() + s.menu.View(&st, s.width, tableRoom(s.height, top.String(), bottom.String())) + "\n" + bottom.String()
}

// tableRoom is the lines a table's rows (and the line saying which show)
// may take in a screen of height lines, with top above them and bottom
// under them; 0 (all) when the screen has no height yet.
func tableRoom(height int, top, bottom string) int {
	if height <= 0 {
		return 0
	}
	return max(3, height-lipgloss.Height(top)-lipgloss.Height(bottom)-1) + 1
}

// tableRows draws step 4's columns: code, edition, name, owner,
// environments; the header goes to top, the note under the table to bottom.
func (s *servicesScreen) tableRows(top, bottom *strings.Builder, st ui.Styles, list []session.Service) []string {
	t := s.ctx.T
	const codeW, edW = 7, 7
	room := max(40, min(s.width, 120)) - 2 - codeW - edW - 11 - 4
	ownerW := max(8, room*2/5)
	nameW := max(10, room-ownerW)
	cell := func(v string, w int) string {
		v = ui.Clip(v, w)
		return v + strings.Repeat(" ", max(0, w-lipgloss.Width(v)))
	}
	line := func(code, ed, name, owner, env string) string {
		return cell(code, codeW) + " " + cell(ed, edW) + " " + cell(name, nameW) + " " + cell(owner, ownerW) + " " + env
	}
	top.WriteString(st.Label.Render("  "+line(t("Kode", "Code"), t("Utgave", "Edition"), t("Navn", "Name"), t("Eier", "Owner"), t("Miljø", "Environment"))) + "\n")
	var rows []string
	for _, svc := range list {
		env := strings.Join(svc.Environments, ", ")
		if len(svc.Environments) == 0 {
			env = st.Dim.Render(t("alle", "all"))
		}
		rows = append(rows, line(dashIfEmpty(svc.Code), dashIfEmpty(svc.Edition), dashIfEmpty(svc.Name), dashIfEmpty(svc.Owner), env))
	}
	bottom.WriteString(st.Dim.Render(t("Miljø «alle» betyr både TT02 og PROD.", "Environment \"all\" means both TT02 and PROD.")) + "\n")
	return rows
}

func (s *servicesScreen) writeMessage(b *strings.Builder, st ui.Styles) {
	if m := s.msg.View(&st, max(20, s.width)); m != "" {
		b.WriteString(m + "\n")
	}
}

// dashIfEmpty is s for a table cell or a message, shown safely
// (termtext.Line), or "–" when empty.
func dashIfEmpty(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return termtext.Line(s)
}

func (s *servicesScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	if s.editing != nil {
		s.editing.SetSize(w, h)
	}
}

func (s *servicesScreen) KeyBindings() []key.Binding {
	if s.editing != nil {
		return append(s.editing.KeyBindings(), s.keys.keep, s.keys.cancel)
	}
	out := []key.Binding{s.menu.Keys.Up, s.keys.add, s.keys.edit, s.keys.remove}
	if len(s.removed) > 0 {
		out = append(out, s.keys.undo)
	}
	out = append(out, s.keys.next, s.keys.moveUp)
	if s.full {
		out = append(out, s.keys.tt02)
	}
	return out
}

func (s *servicesScreen) Done() bool    { return s.done }
func (s *servicesScreen) Editing() bool { return s.editing != nil }

// Field is the focused field of the service form, or the selected row.
func (s *servicesScreen) Field() string {
	if s.editing != nil {
		return s.editing.Field()
	}
	if len(*s.services()) > 0 {
		return fmt.Sprintf("system.services[%d]", s.menu.Cursor)
	}
	return ""
}
