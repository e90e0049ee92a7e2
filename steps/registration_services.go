package steps

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// servicesScreen lists the services of the order form: add, edit, remove.
type servicesScreen struct {
	ctx     *ui.Context
	cursor  int
	editing *ui.FormScreen // the form of the service being edited
	editIdx int
	added   bool // the edited row was just added (removed again on cancel if empty)
	done    bool
	width   int
	height  int
	keys    struct{ up, down, add, edit, remove, next key.Binding }
}

func newServicesScreen(ctx *ui.Context, field string) ui.Screen {
	s := &servicesScreen{ctx: ctx}
	s.keys.up = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", ctx.T("velg", "select")))
	s.keys.down = key.NewBinding(key.WithKeys("down", "j"))
	s.keys.add = key.NewBinding(key.WithKeys("a", "n"), key.WithHelp("a", ctx.T("legg til", "add")))
	s.keys.edit = key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e/enter", ctx.T("endre", "edit")))
	s.keys.remove = key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", ctx.T("fjern", "remove")))
	s.keys.next = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", ctx.T("ferdig, videre", "done, continue")))
	// Resume inside a service's form: "system.services[2].name".
	var i int
	if _, err := fmt.Sscanf(field, "system.services[%d]", &i); err == nil && i >= 0 && i < len(ctx.Session.Answers.System.Services) {
		s.cursor = i
		s.startEdit(i, field)
	}
	return s
}

func (s *servicesScreen) services() *[]session.Service { return &s.ctx.Session.Answers.System.Services }

func (s *servicesScreen) startEdit(i int, field string) tea.Cmd {
	svc := &(*s.services())[i]
	f := forms.ServiceForm(svc, i, formOptions(s.ctx))
	if field != "" {
		forms.FocusField(f, field)
	}
	s.editing, s.editIdx = ui.NewFormScreen(f, fmt.Sprintf(s.ctx.T("Tjeneste %d", "Service %d"), i+1)), i
	s.editing.SetSize(s.width, s.height)
	return s.editing.Init()
}

func (s *servicesScreen) Init() tea.Cmd {
	if s.editing != nil {
		return s.editing.Init()
	}
	return nil
}

func (s *servicesScreen) stopEdit() {
	if s.added {
		svc := (*s.services())[s.editIdx]
		if strings.TrimSpace(svc.Code+svc.Edition+svc.Name+svc.Owner) == "" {
			list := s.services()
			*list = append((*list)[:s.editIdx], (*list)[s.editIdx+1:]...)
			s.cursor = max(0, min(s.cursor, len(*list)-1))
		}
	}
	s.editing, s.added = nil, false
}

// HandleBack closes the service form instead of leaving the screen.
func (s *servicesScreen) HandleBack() (bool, tea.Cmd) {
	if s.editing == nil {
		return false, nil
	}
	s.stopEdit()
	return true, nil
}

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
	list := s.services()
	switch {
	case key.Matches(k, s.keys.up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(k, s.keys.down):
		s.cursor = max(0, min(len(*list)-1, s.cursor+1))
	case key.Matches(k, s.keys.add):
		*list = append(*list, session.Service{})
		s.cursor = len(*list) - 1
		s.added = true
		return s, s.startEdit(s.cursor, "")
	case key.Matches(k, s.keys.edit):
		if len(*list) > 0 {
			return s, s.startEdit(s.cursor, "")
		}
		*list = append(*list, session.Service{})
		s.added = true
		return s, s.startEdit(0, "")
	case key.Matches(k, s.keys.remove):
		if len(*list) > 0 {
			*list = append((*list)[:s.cursor], (*list)[s.cursor+1:]...)
			s.cursor = max(0, min(s.cursor, len(*list)-1))
		}
	case key.Matches(k, s.keys.next):
		s.done = true
	}
	return s, nil
}

func (s *servicesScreen) View() string {
	if s.editing != nil {
		return s.editing.View()
	}
	st := ui.NewStyles(s.ctx.NoColor)
	var b strings.Builder
	b.WriteString(st.Heading.Render(s.ctx.T("Tjenester systemet skal bruke", "Services the system will use")) + "\n")
	b.WriteString(lipgloss.NewStyle().Width(max(20, min(s.width, 100))).Render(st.Dim.Render(s.ctx.T(
		"SOAP-tjenester har tjenestekode og utgavekode. Listen over tjenester for datasystemer: https://www.altinndigital.no/datasystemer",
		"SOAP services have a service code and an edition code. The list of services for datasystems: https://www.altinndigital.no/datasystemer"))) + "\n\n")
	list := *s.services()
	if len(list) == 0 {
		b.WriteString(s.ctx.T("Ingen tjenester ennå. Trykk a for å legge til en, eller tab for å gå videre.", "No services yet. Press a to add one, or tab to continue.") + "\n")
		return b.String()
	}
	b.WriteString(st.Label.Render(fmt.Sprintf("  %-8s %-8s %s", s.ctx.T("Kode", "Code"), s.ctx.T("Utgave", "Edition"), s.ctx.T("Navn", "Name"))) + "\n")
	for i, svc := range list {
		row := fmt.Sprintf("%-8s %-8s %s", dashIfEmpty(svc.Code), dashIfEmpty(svc.Edition), dashIfEmpty(svc.Name))
		if svc.Owner != "" {
			row += st.Dim.Render(" (" + svc.Owner + ")")
		}
		if i == s.cursor {
			b.WriteString(st.Selected.Render("▶ "+row) + "\n")
		} else {
			b.WriteString("  " + row + "\n")
		}
	}
	return b.String()
}

func dashIfEmpty(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

func (s *servicesScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	if s.editing != nil {
		s.editing.SetSize(w, h)
	}
}

func (s *servicesScreen) KeyBindings() []key.Binding {
	if s.editing != nil {
		return s.editing.KeyBindings()
	}
	return []key.Binding{s.keys.up, s.keys.add, s.keys.edit, s.keys.remove, s.keys.next}
}

func (s *servicesScreen) Done() bool    { return s.done }
func (s *servicesScreen) Editing() bool { return s.editing != nil }
func (s *servicesScreen) Field() string {
	if s.editing != nil {
		return s.editing.Field()
	}
	return ""
}
