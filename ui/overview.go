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
				return newOverview(ctx, a.track.Steps)
			},
		}},
	}
}

type jumpTarget struct {
	step string
	p    Problem
}

type overview struct {
	ctx     *Context
	steps   []Step
	targets []jumpTarget
	cursor  int
	up      key.Binding
	down    key.Binding
	jump    key.Binding
	width   int
}

// NewListKeys are the keys of list-like screens.
func newOverview(ctx *Context, steps []Step) *overview {
	o := &overview{ctx: ctx, steps: steps,
		up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", ctx.T("velg", "select"))),
		down: key.NewBinding(key.WithKeys("down", "j")),
		jump: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", ctx.T("gå til", "go to"))),
	}
	seen := map[string]bool{} // a field two steps share is listed once, at the first
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
		}
	}
	return o
}

func (o *overview) Init() tea.Cmd              { return nil }
func (o *overview) SetSize(w, h int)           { o.width = w }
func (o *overview) Done() bool                 { return false }
func (o *overview) Editing() bool              { return false }
func (o *overview) Field() string              { return "" }
func (o *overview) KeyBindings() []key.Binding { return []key.Binding{o.up, o.jump} }

func (o *overview) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, o.up):
			o.cursor = max(0, o.cursor-1)
		case key.Matches(k, o.down):
			// max last: with nothing to fix the cursor stays at 0, not -1
			o.cursor = max(0, min(len(o.targets)-1, o.cursor+1))
		case key.Matches(k, o.jump):
			if o.cursor >= 0 && o.cursor < len(o.targets) {
				t := o.targets[o.cursor]
				return o, Jump(JumpMsg{Step: t.step, Screen: t.p.Screen, Field: t.p.Field})
			}
		}
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
	for i, t := range o.targets {
		line := clip(termtext.Line(t.p.Message), max(20, o.width-4))
		if i == o.cursor {
			b.WriteString(st.Selected.Render("▶ "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	return b.String()
}
