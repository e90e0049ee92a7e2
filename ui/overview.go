package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// overviewStep is the final item of the stepper: every step's status and
// every problem, each a jump to where it can be fixed.
func overviewStep(a *App) Step {
	return Step{
		ID:    session.OverviewStep,
		Title: func(lang string) string { return T(lang, "Oversikt", "Overview") },
		Screens: []ScreenSpec{{
			ID:    session.OverviewStep,
			Title: func(lang string) string { return T(lang, "Oversikt", "Overview") },
			New: func(ctx *Context, field string) Screen {
				o := newOverview(ctx, a.track.Steps)
				o.extra = []key.Binding{a.switchKey()} // the app's (picker_switch.go)
				return o
			},
		}},
	}
}

type jumpTarget struct {
	step string
	p    Problem
}

// overview is every step's status, and every problem in a menu, each a
// jump to where it is fixed.
type overview struct {
	ctx     *Context
	steps   []Step
	targets []jumpTarget
	menu    Menu
	extra   []key.Binding // keys the app takes here, for the help
	width   int
	height  int
}

func newOverview(ctx *Context, steps []Step) *overview {
	o := &overview{ctx: ctx, steps: steps}
	seen := map[string]bool{} // a field two steps share is listed once, at the first
	var items []MenuItem
	for _, s := range steps {
		if s.Problems == nil {
			continue
		}
		for _, p := range s.Problems(ctx) {
			if p.Field != "" && seen[p.Field] {
				continue
			}
			seen[p.Field] = true
			o.targets = append(o.targets, jumpTarget{s.ID, p})
			// Messages may quote answers: shown, never obeyed.
			items = append(items, MenuItem{Key: s.ID, Label: termtext.Line(p.Message)})
		}
	}
	o.menu = NewMenu(ctx.Lang, items)
	o.menu.Keys.Choose.SetHelp("enter", ctx.T("gå til", "go to"))
	return o
}

func (o *overview) Init() tea.Cmd              { return nil }
func (o *overview) SetSize(w, h int)           { o.width, o.height = w, h }
func (o *overview) Done() bool                 { return false }
func (o *overview) Editing() bool              { return false }
func (o *overview) Field() string              { return "" }
func (o *overview) KeyBindings() []key.Binding { return append(o.menu.KeyBindings(), o.extra...) }

func (o *overview) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if _, chose := o.menu.Update(msg); chose {
		t := o.targets[o.menu.Cursor]
		return o, Jump(JumpMsg{Step: t.step, Screen: t.p.Screen, Field: t.p.Field})
	}
	return o, nil
}

func (o *overview) View() string {
	st := o.ctx.Styles()
	var b strings.Builder
	b.WriteString(st.Heading.Render(o.ctx.T("Oversikt over onboardingen", "Onboarding overview")) + "\n\n")
	for i, s := range o.steps {
		status := o.ctx.Session.StepStatus(s.ID)
		mark, label := "○", o.ctx.T("ikke startet", "not started")
		switch status {
		case session.InProgress:
			mark, label = "…", o.ctx.T("pågår", "in progress")
		case session.Done:
			mark, label = "✓", o.ctx.T("ferdig", "done")
		}
		b.WriteString(fmt.Sprintf("%s %d %-28s %s\n", mark, i+1, s.Title(o.ctx.Lang), label))
	}
	b.WriteString("\n")
	if len(o.targets) == 0 {
		b.WriteString(st.Status.Render(o.ctx.T("Ingen problemer funnet i svarene.", "No problems found in the answers.")) + "\n")
		return b.String()
	}
	b.WriteString(st.Heading.Render(fmt.Sprintf(o.ctx.T("Å rette (%d):", "To fix (%d):"), len(o.targets))) + "\n")
	room := 0
	if o.height > 0 {
		room = max(3, o.height-strings.Count(b.String(), "\n"))
	}
	return b.String() + o.menu.View(st, o.width, room) + "\n"
}
