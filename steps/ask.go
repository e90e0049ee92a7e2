package steps

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Accessible mode asks a track's steps as plain line prompts through a
// ui.Prompter, from the same screen definitions the terminal UI draws: a
// screen whose spec has Ask is asked by it; otherwise the screen is
// built, and a form screen is asked field by field from its form
// (forms.Questions), an info screen is said. A new track gets accessible
// mode for its form screens for nothing, and gives its other screens an
// Ask.

// AskSteps asks the steps of ctx.Track in order, from the first one not
// done; a step already done is offered again (its answers kept by an
// empty line). It returns ui.ErrStopped when the user stopped: what was
// answered is in ctx.Session, for the caller to save.
func AskSteps(ctx *ui.Context, p *ui.Prompter, d Deps) error {
	for i, st := range ctx.Track.Steps {
		if ctx.Session.StepStatus(st.ID) == session.Done {
			again, err := p.YesNo(fmt.Sprintf(ctx.T("Steg %d av %d, %s, er ferdig. Gå gjennom det igjen?", "Step %d of %d, %s, is done. Go through it again?"),
				i+1, len(ctx.Track.Steps), st.Title(ctx.Lang)), "", nil)
			if err != nil {
				return err
			}
			if !again {
				continue
			}
		}
		if err := AskStep(ctx, p, d, st); err != nil {
			return err
		}
	}
	p.Say(ctx.T("Alle stegene er gått gjennom.", "All the steps have been gone through."))
	return nil
}

// AskStep asks one step's screens in order, then reviews its answers
// (unless one of its screens did, before it wrote anything), and marks
// it done as the app does when the user leaves it.
func AskStep(ctx *ui.Context, p *ui.Prompter, d Deps, st ui.Step) error {
	n := ctx.StepNumber(st.ID)
	p.Heading(fmt.Sprintf(ctx.T("Steg %d av %d: %s", "Step %d of %d: %s"), n, ctx.StepCount(), st.Title(ctx.Lang)), "")
	a := &asking{ctx: ctx, p: p, d: d, step: st, started: ctx.Session.StepStatus(st.ID) != session.NotStarted}
	if !a.started {
		ctx.Session.SetStepStatus(st.ID, session.InProgress, d.now())
	}
	for _, spec := range st.Screens {
		if err := a.screen(spec); err != nil {
			return err
		}
	}
	if !a.reviewed {
		if err := a.review(); err != nil {
			return err
		}
	}
	if st.DoneWhenLeft && (st.Problems == nil || len(st.Problems(ctx)) == 0) {
		ctx.Session.SetStepStatus(st.ID, session.Done, d.now())
	}
	if st.Problems != nil {
		if probs := st.Problems(ctx); len(probs) > 0 {
			p.Say(ctx.T("Dette mangler ennå i steget:", "This is still missing in the step:") + "\n" + problemLines(probs))
		}
	}
	return nil
}

// asking is one step being asked.
type asking struct {
	ctx      *ui.Context
	p        *ui.Prompter
	d        Deps
	step     ui.Step
	reviewed bool
	// started: the step was begun before, so what is stored was answered
	// (not a form's default) and is offered to keep.
	started bool
}

func (a *asking) screen(spec ui.ScreenSpec) error {
	if spec.Ask != nil {
		return spec.Ask(a.ctx, a.p)
	}
	scr := spec.New(a.ctx, "")
	if ok, err := a.askScreen(scr); ok {
		return err
	}
	switch s := scr.(type) {
	case *ui.FormScreen:
		return askForm(a.p, s.Form(), a.started, strings.TrimPrefix(s.Intro(), stepOf(a.ctx, a.step.ID)))
	case *ui.InfoScreen:
		a.p.Heading(spec.Title(a.ctx.Lang), plainText(strings.TrimPrefix(s.Text(), stepOf(a.ctx, a.step.ID))))
		return nil
	default:
		return &NoPlainVersionError{Screen: spec.ID, Title: spec.Title}
	}
}

// NoPlainVersionError says a screen of the track cannot be asked as
// plain line prompts yet: it is drawn only, and its spec has no Ask.
type NoPlainVersionError struct {
	Screen string
	Title  func(lang string) string
}

func (e *NoPlainVersionError) Error() string {
	return fmt.Sprintf("steps: screen %q has no plain version (give its ScreenSpec an Ask)", e.Screen)
}

// Text says so in lang, and what to do.
func (e *NoPlainVersionError) Text(lang string) string {
	return fmt.Sprintf(ui.T(lang,
		"--accessible kan ennå ikke spørre om «%s» i dette sporet. Svarene så langt er lagret; bruk veiviseren uten --accessible for dette skjermbildet.",
		"--accessible cannot ask about \"%s\" in this track yet. The answers so far are saved; use the wizard without --accessible for this screen."),
		e.Title(lang))
}

// plainText leaves out the terminal UI's "press enter" line.
func plainText(s string) string {
	var keep []string
	for _, para := range strings.Split(s, "\n\n") {
		if l := strings.ToLower(strings.TrimSpace(para)); strings.HasPrefix(l, "trykk enter") || strings.HasPrefix(l, "press enter") {
			continue
		}
		keep = append(keep, para)
	}
	return strings.Join(keep, "\n\n")
}

func problemLines(probs []ui.Problem) string {
	lines := make([]string, len(probs))
	for i, pr := range probs {
		lines[i] = "– " + pr.Message
	}
	return strings.Join(lines, "\n")
}

// AskForm asks a form built by package forms, under its heading, field
// by field: each with its title and description, the stored answer kept
// by an empty line, an answer checked by the field's own validator.
func AskForm(p *ui.Prompter, f *huh.Form) error { return askForm(p, f, false, "") }

// askForm is AskForm; offer says to offer to keep what is stored when it
// is all good (a form asked again); intro is the screen's text above it.
func askForm(p *ui.Prompter, f *huh.Form, offer bool, intro string) error {
	fq, ok := forms.Questions(f)
	if !ok {
		return fmt.Errorf("steps: the form has no questions")
	}
	p.Heading(fq.Title, strings.TrimSpace(fq.Description+"\n"+intro))
	if offer {
		if keep, err := offerKeep(p, fq); err != nil || keep {
			return err
		}
	}
	for _, q := range fq.Questions {
		if !q.Shown() {
			continue
		}
		if err := AskQuestion(p, q); err != nil {
			return err
		}
	}
	return nil
}

// offerKeep says what is stored when every question the form shows has a
// good answer, and offers to keep it all.
func offerKeep(p *ui.Prompter, fq forms.FormQuestions) (bool, error) {
	var lines []string
	for _, q := range fq.Questions {
		if !q.Shown() {
			continue
		}
		v := q.Value()
		if v == nil || q.Set(v) != nil {
			return false, nil
		}
		lines = append(lines, q.Title+": "+shownValue(p, q))
	}
	if len(lines) == 0 {
		return false, nil
	}
	p.Say(ui.T(p.Lang, "Dette er lagret:", "This is stored:") + "\n" + strings.Join(lines, "\n"))
	return p.YesNo(ui.T(p.Lang, "Beholde disse svarene?", "Keep these answers?"), "", nil)
}

// shownValue is a question's stored answer as the user reads it.
func shownValue(p *ui.Prompter, q forms.Question) string {
	v := q.Value()
	if v == nil {
		return ui.T(p.Lang, "(ikke svart)", "(not answered)")
	}
	switch q.Kind {
	case forms.AskChoice, forms.AskChoices, forms.AskYesNo:
		var names []string
		for _, o := range q.Options {
			if slices.Contains(v, o.Value) {
				names = append(names, o.Label)
			}
		}
		return strings.Join(names, ", ")
	}
	return strings.Join(v, ", ")
}

// AskQuestion asks one question of a form.
func AskQuestion(p *ui.Prompter, q forms.Question) error {
	one := func(s string) error { return q.Set([]string{s}) }
	cur := ""
	if v := q.Value(); len(v) == 1 {
		cur = v[0]
	}
	opts := make([]ui.Option, len(q.Options))
	for i, o := range q.Options {
		opts[i] = ui.Option{Label: o.Label, About: o.Description}
	}
	index := func(v string) int {
		return slices.IndexFunc(q.Options, func(o forms.Choice) bool { return o.Value == v })
	}
	switch q.Kind {
	case forms.AskText:
		return p.Text(q.Title, q.Description, cur, one)
	case forms.AskChoice:
		return p.Choice(q.Title, q.Description, opts, index(cur), func(i int) error { return one(q.Options[i].Value) })
	case forms.AskChoices:
		var current []int
		for _, v := range q.Value() {
			if i := index(v); i >= 0 {
				current = append(current, i)
			}
		}
		return p.Choices(q.Title, q.Description, opts, current, func(picked []int) error {
			vals := make([]string, len(picked))
			for i, k := range picked {
				vals[i] = q.Options[k].Value
			}
			return q.Set(vals)
		})
	case forms.AskYesNo:
		var current *bool
		if cur != "" {
			b := cur == forms.AnswerYes
			current = &b
		}
		for {
			yes, err := p.YesNo(q.Title, q.Description, current)
			if err != nil {
				return err
			}
			v := forms.AnswerNo
			if yes {
				v = forms.AnswerYes
			}
			if err := one(v); err != nil {
				p.Say(ui.T(p.Lang, "Feil: ", "Error: ") + err.Error())
				continue
			}
			return nil
		}
	}
	return p.Line(q.Title, q.Description, cur, one)
}
