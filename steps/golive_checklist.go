package steps

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// ---- The checklist: the track's other steps, the go-live items, marking
// it done. ----

type goLiveItemKind int

const (
	glStep goLiveItemKind = iota
	glTick
	glMarkDone
	glContinue
)

type goLiveListItem struct {
	kind  goLiveItemKind
	label string
	key   string // glTick: the checklist key; glStep: the step ID
	jump  ui.JumpMsg
	// hang is the width of a step's lead (its mark and number): the
	// label's further lines, when it wraps, start under its title.
	hang int
}

// The menu's keys (ui.MenuItem.Key) of the items that are neither a step
// (its ID) nor a tick (its checklist key).
const (
	glKeyMarkDone = "mark-done"
	glKeyContinue = "continue"
)

type goLiveChecklist struct {
	ctx    *ui.Context
	deps   Deps
	styles ui.Styles
	items  []goLiveListItem
	menu   ui.Menu
	others []int // numbers (1-based) of the track's other steps
	open   []int // numbers of the other steps that are not done
	fix    []int // numbers of the other steps with something to fix
	msg    ui.Message
	done   bool
	width  int
}

func newGoLiveChecklist(ctx *ui.Context, d Deps, field string) ui.Screen {
	c := &goLiveChecklist{ctx: ctx, deps: d, styles: *ctx.Styles(), menu: ui.NewMenu(ctx.Lang, nil)}
	c.refresh()
	if field == "" || !c.menu.SelectFirst(func(it ui.MenuItem) bool { return it.Checkbox && it.Key == field }) {
		// Land on the first item not ticked, else on "mark done".
		c.menu.SelectFirst(func(it ui.MenuItem) bool { return it.Checkbox && !it.Checked || it.Key == glKeyMarkDone })
	}
	return c
}

// otherSteps are the steps of the session's track besides this one, each
// with its number in the track.
func otherSteps(ctx *ui.Context) (steps []ui.Step, numbers []int) {
	if ctx.Track == nil {
		return nil, nil
	}
	for i, st := range ctx.Track.Steps {
		if st.ID != session.StepGoLive {
			steps, numbers = append(steps, st), append(numbers, i+1)
		}
	}
	return steps, numbers
}

// refresh rebuilds the list from the session and the steps' problems
// (called on changes, not on every frame).
func (c *goLiveChecklist) refresh() {
	t := c.ctx.T
	s := c.ctx.Session
	c.items = c.items[:0]
	c.open = c.open[:0]
	c.fix = c.fix[:0]
	steps, numbers := otherSteps(c.ctx)
	c.others = numbers
	for i, st := range steps {
		var probs []ui.Problem
		if st.Problems != nil {
			probs = st.Problems(c.ctx)
		}
		status := s.StepStatus(st.ID)
		// The stepper's marks (ui.Mark*, the README's legend).
		mark, state := ui.MarkTodo, t("ikke startet", "not started")
		switch status {
		case session.InProgress:
			mark, state = ui.MarkInProgress, t("pågår", "in progress")
		case session.Done:
			mark, state = ui.MarkDone, t("ferdig", "done")
		}
		if status != session.Done {
			c.open = append(c.open, numbers[i])
		}
		if len(probs) > 0 {
			c.fix = append(c.fix, numbers[i])
		}
		detail := ""
		switch {
		case len(probs) > 0:
			detail = fmt.Sprintf(t("%d å rette: %s", "%d to fix: %s"), len(probs), probs[0].Message)
		case status != session.Done && st.Remaining != nil:
			detail = st.Remaining(c.ctx)
		}
		if detail == "" && status == session.InProgress {
			detail = t("ikke merket som ferdig", "not marked done")
		}
		lead := fmt.Sprintf("%s %d ", mark, numbers[i])
		label := fmt.Sprintf("%s%-14s %s", lead, st.Title(c.ctx.Lang), state)
		if detail != "" {
			label += " · " + detail
		}
		jump := ui.JumpMsg{Step: st.ID}
		if len(probs) > 0 {
			jump.Screen, jump.Field = probs[0].Screen, probs[0].Field
		}
		c.items = append(c.items, goLiveListItem{kind: glStep, label: label, key: st.ID, jump: jump, hang: ansi.StringWidth(lead)})
	}
	for _, ch := range goLiveChecks {
		c.items = append(c.items, goLiveListItem{kind: glTick, key: ch.key, label: t(ch.nb, ch.en)})
	}
	own := c.ctx.StepNumber(session.StepGoLive)
	var mark string
	switch {
	case s.StepStatus(session.StepGoLive) == session.Done && s.GoLive.Completed && len(c.open) == 0 && len(c.fix) > 0:
		mark = fmt.Sprintf(t("Alle steg er ferdige, men steg %s har noe å rette", "Every step is done, but steps %s have something to fix"), stepNumbers(c.ctx, c.fix))
	case s.StepStatus(session.StepGoLive) == session.Done && s.GoLive.Completed && len(c.open) == 0:
		mark = "✓ " + t("Onboardingen er fullført", "The onboarding is complete")
	case s.StepStatus(session.StepGoLive) == session.Done && len(c.open) == 0:
		mark = t("Merk hele onboardingen som fullført", "Mark the whole onboarding complete")
	case s.StepStatus(session.StepGoLive) == session.Done:
		mark = fmt.Sprintf(t("✓ Steg %d er ferdig (steg %s er ikke ferdige)", "✓ Step %d is done (steps %s are not done)"), own, stepNumbers(c.ctx, c.open))
	case len(c.open) == 0:
		mark = t("Merk onboardingen som fullført", "Mark the onboarding complete")
	default:
		mark = fmt.Sprintf(t("Merk steg %d som ferdig (steg %s er ikke ferdige)", "Mark step %d done (steps %s are not done)"), own, stepNumbers(c.ctx, c.open))
	}
	c.items = append(c.items,
		goLiveListItem{kind: glMarkDone, key: glKeyMarkDone, label: mark},
		goLiveListItem{kind: glContinue, key: glKeyContinue, label: t("Videre til oversikten", "On to the overview")})
	c.setMenu()
}

// setMenu shows the items in the menu: the steps under a heading, then
// the ticks under theirs.
func (c *goLiveChecklist) setMenu() {
	t := c.ctx.T
	s := c.ctx.Session
	menu := make([]ui.MenuItem, len(c.items))
	for i, it := range c.items {
		// A step's problem is read whole (its end says what to do), on
		// lines of its own under the step's title.
		menu[i] = ui.MenuItem{Key: it.key, Label: it.label, Wrap: it.kind != glTick, Hang: it.hang}
		switch {
		case it.kind == glStep && i == 0:
			menu[i].Heading = fmt.Sprintf(t("Steg %s (enter går til steget)", "Steps %s (enter goes to the step)"), stepRange(c.ctx, c.others))
		case it.kind == glTick:
			menu[i].Checkbox, menu[i].Checked = true, s.GoLive.Checklist[it.key]
			if i == 0 || c.items[i-1].kind != glTick {
				menu[i].Heading = t("I drift (x eller enter krysser av)", "Go-live (x or enter ticks)")
			}
		}
	}
	c.menu.SetItems(menu)
}

// stepRange writes step numbers as "1–5" when they follow each other,
// else as stepNumbers does.
func stepRange(ctx *ui.Context, ns []int) string {
	for i := 1; i < len(ns); i++ {
		if ns[i] != ns[i-1]+1 {
			return stepNumbers(ctx, ns)
		}
	}
	if len(ns) < 2 {
		return stepNumbers(ctx, ns)
	}
	return fmt.Sprintf("%d–%d", ns[0], ns[len(ns)-1])
}

// stepNumbers writes step numbers as "2, 3 og 5" / "2, 3 and 5".
func stepNumbers(ctx *ui.Context, ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ctx.T(" og ", " and ") + parts[len(parts)-1]
}

func (c *goLiveChecklist) Init() tea.Cmd    { return nil }
func (c *goLiveChecklist) SetSize(w, h int) { c.width = w }

func (c *goLiveChecklist) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	if _, chose := c.menu.Update(msg); chose {
		return c, c.activate(c.items[c.menu.Cursor])
	}
	return c, nil
}

func (c *goLiveChecklist) toggle(k string) tea.Cmd {
	s := c.ctx.Session
	if s.GoLive.Checklist == nil {
		s.GoLive.Checklist = map[string]bool{}
	}
	on := !s.GoLive.Checklist[k]
	if on {
		s.GoLive.Checklist[k] = true
	} else {
		delete(s.GoLive.Checklist, k)
	}
	startGoLive(c.ctx, c.deps)
	c.msg.Clear()
	if !on && s.StepStatus(session.StepGoLive) == session.Done {
		// An item undone reopens the step: the list shows what it is.
		s.SetStepStatus(session.StepGoLive, session.InProgress, c.deps.now())
		s.GoLive.Completed = false
		c.msg.Set(fmt.Sprintf(c.ctx.T("Steg %d er åpnet igjen: et punkt er ikke lenger krysset av.", "Step %d is open again: an item is no longer ticked."), c.ctx.StepNumber(session.StepGoLive)), false)
	}
	c.refresh()
	return func() tea.Msg { return ui.ChangedMsg{} }
}

func (c *goLiveChecklist) activate(it goLiveListItem) tea.Cmd {
	t := c.ctx.T
	switch it.kind {
	case glStep:
		return ui.Jump(it.jump)
	case glTick:
		return c.toggle(it.key)
	case glMarkDone:
		if probs := goLiveProblems(c.ctx); len(probs) > 0 {
			c.msg.Set(c.blockedText(probs), true)
			return nil
		}
		s := c.ctx.Session
		s.SetStepStatus(session.StepGoLive, session.Done, c.deps.now())
		s.GoLive.Completed = c.ctx.Track != nil && c.ctx.Track.StepsDone(s)
		c.refresh()
		switch {
		case s.GoLive.Completed && len(c.fix) > 0:
			// Every step is marked done, but the list of sessions judges
			// by ui.Track.Status too: it says "complete" only when
			// nothing is left to fix, so this says the same.
			c.msg.Set(fmt.Sprintf(t("Alle steg er merket som ferdige, men steg %s har noe å rette. Økta står som «fullført» i listen over økter når det er rettet; velg steget over for å gå dit.",
				"Every step is marked done, but steps %s have something to fix. The session shows as \"complete\" in the list of sessions once that is fixed; choose the step above to go there."), stepNumbers(c.ctx, c.fix)), true)
		case s.GoLive.Completed:
			c.msg.Set(t("Onboardingen er fullført. Økta står som «fullført» i listen over økter.", "The onboarding is complete. The session shows as \"complete\" in the list of sessions."), false)
		default:
			c.msg.Set(fmt.Sprintf(t("Steg %d er merket som ferdig. Onboardingen er ikke fullført før steg %s er ferdige; velg et steg over for å gå dit.",
				"Step %d is marked done. The onboarding is not complete until steps %s are done; choose a step above to go there."), c.ctx.StepNumber(session.StepGoLive), stepNumbers(c.ctx, c.open)), false)
		}
		return func() tea.Msg { return ui.ChangedMsg{} }
	case glContinue:
		c.done = true
	}
	return nil
}

// blockedText says in one sentence what keeps step 6 from being done.
func (c *goLiveChecklist) blockedText(probs []ui.Problem) string {
	t := c.ctx.T
	var what []string
	ticks := 0
	for _, p := range probs {
		switch p.Screen {
		case ScreenChecklist:
			ticks++
		case ScreenGuide:
			what = append(what, t("lag brukerveiledningen", "make the user guide"))
		default:
			what = append(what, t("rett kontakten i veiledningen", "fix the contact in the guide"))
		}
	}
	if ticks > 0 {
		what = append(what, fmt.Sprintf(t("kryss av punktene som står igjen (%d)", "tick the items left (%d)"), ticks))
	}
	return fmt.Sprintf(t("Steg %d kan ikke merkes ferdig ennå: ", "Step %d cannot be marked done yet: "), c.ctx.StepNumber(session.StepGoLive)) + strings.Join(what, t(", og ", ", and ")) + "."
}

func (c *goLiveChecklist) View() string {
	st, t := c.styles, c.ctx.T
	var b strings.Builder
	b.WriteString(st.Heading.Render(t("Sjekkliste for hele onboardingen", "Checklist of the whole onboarding")) + "\n")
	b.WriteString(c.menu.View(&st, c.width, 0))
	if m := c.msg.View(&st, max(20, c.width)); m != "" {
		b.WriteString("\n" + m)
	}
	return b.String()
}

func (c *goLiveChecklist) KeyBindings() []key.Binding {
	return []key.Binding{c.menu.Keys.Up, c.menu.Keys.Toggle, c.menu.Keys.Choose}
}
func (c *goLiveChecklist) Done() bool    { return c.done }
func (c *goLiveChecklist) Editing() bool { return false }

func (c *goLiveChecklist) Field() string {
	if it := c.menu.Selected(); it != nil && it.Checkbox {
		return it.Key
	}
	return ""
}
