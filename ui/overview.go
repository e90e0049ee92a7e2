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
				o := newOverview(ctx, a.track.Steps, func() Status { return a.check.status })
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
// jump to where it is fixed. Both are the newest check's (Track.Status,
// the one judge of completeness): the overview is drawn anew when a
// check ends.
type overview struct {
	ctx     *Context
	steps   []Step
	status  func() Status // the newest check's
	shown   Status
	targets []jumpTarget
	menu    Menu
	extra   []key.Binding // keys the app takes here, for the help
	width   int
	height  int
}

func newOverview(ctx *Context, steps []Step, status func() Status) *overview {
	o := &overview{ctx: ctx, steps: steps, status: status, menu: NewMenu(ctx.Lang, nil)}
	o.menu.Keys.Choose.SetHelp("enter", ctx.T("gå til", "go to"))
	o.refresh()
	return o
}

// refresh takes the newest check's status and problems.
func (o *overview) refresh() {
	o.shown = o.status()
	o.targets = nil
	seen := map[string]bool{} // a field two steps share is listed once, at the first
	var items []MenuItem
	for i, s := range o.steps {
		if i >= len(o.shown.Problems) {
			break
		}
		for _, p := range o.shown.Problems[i] {
			if p.Field != "" && seen[p.Field] {
				continue
			}
			seen[p.Field] = true
			o.targets = append(o.targets, jumpTarget{s.ID, p})
			// Messages may quote answers: shown, never obeyed.
			// Wrapped, never cut: the end says what to do.
			items = append(items, MenuItem{Key: s.ID, Label: termtext.Line(p.Message), Wrap: true})
		}
	}
	o.menu.SetItems(items)
}

func (o *overview) Init() tea.Cmd              { return nil }
func (o *overview) SetSize(w, h int)           { o.width, o.height = w, h }
func (o *overview) Done() bool                 { return false }
func (o *overview) Editing() bool              { return false }
func (o *overview) Field() string              { return "" }
func (o *overview) KeyBindings() []key.Binding { return append(o.menu.KeyBindings(), o.extra...) }

func (o *overview) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if _, chose := o.menu.Update(msg); chose && o.menu.Cursor < len(o.targets) {
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
		mark, label := stepState(o.ctx, o.ctx.Session.StepStatus(s.ID), o.shown.HasProblems(i))
		b.WriteString(fmt.Sprintf("%s %d %-28s %s\n", mark, i+1, s.Title(o.ctx.Lang), label))
	}
	b.WriteString("\n")
	if len(o.targets) == 0 {
		b.WriteString(st.Status.Render(o.noProblems()) + "\n")
		return b.String()
	}
	b.WriteString(st.Heading.Render(fmt.Sprintf(o.ctx.T("Å rette (%d):", "To fix (%d):"), len(o.targets))) + "\n")
	room := 0
	if o.height > 0 {
		room = max(3, o.height-strings.Count(b.String(), "\n"))
	}
	return b.String() + o.menu.View(st, o.width, room) + "\n"
}

// stepState is a step's mark and word, as the stepper marks it: the
// same symbols everywhere (see the README's legend).
func stepState(ctx *Context, status session.Status, problems bool) (mark, label string) {
	switch {
	case problems:
		return MarkProblem, ctx.T("å rette", "to fix")
	case status == session.Done:
		return MarkDone, ctx.T("ferdig", "done")
	case status == session.InProgress:
		return MarkInProgress, ctx.T("pågår", "in progress")
	}
	return MarkTodo, ctx.T("ikke startet", "not started")
}

// noProblems says no problem was found, and whether this machine's
// keyring and files confirm it.
func (o *overview) noProblems() string {
	switch {
	case o.shown.Checking:
		return o.ctx.T("Ingen problemer funnet i svarene så langt; sjekker nøkkelringen og filene på denne maskinen …",
			"No problems found in the answers so far; checking the keyring and the files on this machine …")
	case o.shown.Err != nil:
		return o.ctx.T("Ingen problemer funnet i svarene, men nøkkelringen kunne ikke spørres om hemmelighetene (",
			"No problems found in the answers, but the keyring could not be asked for the secrets (") +
			ErrorText(o.shown.Err, o.ctx.Lang) + o.ctx.T("): de er ikke bekreftet.", "): they are not confirmed.")
	}
	return o.ctx.T("Ingen problemer funnet i svarene.", "No problems found in the answers.")
}
