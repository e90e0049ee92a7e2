package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// The picker's filter, as bubbles/list's: "/" starts typing it, the list
// shows the sessions whose name holds what is typed (any case), enter
// keeps the filter and goes back to the list's keys, esc clears it.

type filterKeys struct{ apply, clear key.Binding }

func (p *picker) filterKeys() filterKeys {
	t := p.app.t
	return filterKeys{
		apply: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("bruk filteret", "apply filter"))),
		clear: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("vis alle", "show all"))),
	}
}

func (p *picker) startFilter() tea.Cmd {
	p.mode = pickFilter
	p.filter.CursorEnd()
	return p.filter.Focus()
}

// clearFilter shows every session again.
func (p *picker) clearFilter() {
	p.mode = pickList
	p.filter.Blur()
	if p.filter.Value() != "" {
		p.filter.SetValue("")
		p.setList(p.list)
	}
}

// updateFilter takes a key while the filter is typed: the arrows move in
// the list, enter keeps the filter, esc clears it, the rest is typed.
func (p *picker) updateFilter(msg tea.KeyMsg) tea.Cmd {
	k := p.filterKeys()
	switch {
	case msg.Type == tea.KeyCtrlC:
		return p.app.quit()
	case key.Matches(msg, k.clear):
		p.clearFilter()
		return nil
	case key.Matches(msg, k.apply):
		p.mode = pickList
		p.filter.Blur()
		if strings.TrimSpace(p.filter.Value()) == "" {
			p.clearFilter()
		}
		return nil
	case msg.Type == tea.KeyUp || msg.Type == tea.KeyDown || msg.Type == tea.KeyPgUp || msg.Type == tea.KeyPgDown:
		p.sessions.Update(msg)
		return nil
	}
	before := p.filter.Value()
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(msg)
	if p.filter.Value() != before {
		p.setList(p.list)
		p.sessions.Cursor = 0 // the first match, as the list is newest first
	}
	return cmd
}

// filtered are the indexes in p.list of the sessions the filter lets
// through.
func (p *picker) filtered() []int {
	q := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	out := make([]int, 0, len(p.list))
	for i, s := range p.list {
		if q == "" || strings.Contains(strings.ToLower(s.Name), q) {
			out = append(out, i)
		}
	}
	return out
}
