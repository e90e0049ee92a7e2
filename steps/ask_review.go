package steps

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// askedAnswer is one answer in a review: the form's heading, the question.
type askedAnswer struct {
	group string
	q     forms.Question
}

// reviewItems are the questions of the step's forms that are shown now,
// built afresh from its screens (an answer can show or hide others, and a
// list of services can have grown since they were asked).
func (a *asking) answers() []askedAnswer {
	var out []askedAnswer
	add := func(fq forms.FormQuestions) {
		for _, q := range fq.Questions {
			if q.Shown() {
				out = append(out, askedAnswer{group: fq.Title, q: q})
			}
		}
	}
	for _, spec := range a.step.Screens {
		if spec.ID == ScreenServices {
			o := formOptions(a.ctx)
			svcs := a.ctx.Session.Answers.System.Services
			for i := range svcs {
				if fq, ok := forms.Questions(forms.ServiceForm(&svcs[i], i, o)); ok {
					add(fq)
				}
			}
			continue
		}
		if spec.Ask != nil {
			continue
		}
		if s, ok := spec.New(a.ctx, "").(*ui.FormScreen); ok {
			if fq, ok := forms.Questions(s.Form()); ok {
				add(fq)
			}
		}
	}
	return out
}

// review reads out every answer of the step, numbered, and lets the user
// change any of them by its number before going on.
func (a *asking) review() error {
	if a.reviewed {
		return nil
	}
	a.reviewed = true
	t := a.ctx.T
	for {
		items := a.answers()
		if len(items) == 0 {
			return nil
		}
		a.p.Heading(fmt.Sprintf(t("Gjennomgang av steg %d", "Review of step %d"), a.ctx.StepNumber(a.step.ID)),
			t("Svarene dine i dette steget: se over dem før noe lages av dem.", "Your answers in this step: look them over before anything is made from them."))
		var b strings.Builder
		group := ""
		for i, it := range items {
			if it.group != group {
				group = it.group
				b.WriteString(group + ":\n")
			}
			fmt.Fprintf(&b, "%d. %s: %s\n", i+1, it.q.Title, reviewValue(a.p, it.q))
		}
		a.p.Say(b.String())
		if probs := a.problems(); probs != "" {
			a.p.Say(t("Dette mangler ennå i steget:", "This is still missing in the step:") + "\n" + probs)
		}
		n := 0
		err := a.p.Line(t("Nummeret på et svar du vil endre, eller en tom linje for å gå videre", "The number of an answer to change, or an empty line to go on"), "", "",
			func(s string) error {
				if s == "" {
					return nil
				}
				k, err := strconv.Atoi(s)
				if err != nil || k < 1 || k > len(items) {
					return fmt.Errorf(t("skriv et nummer fra 1 til %d", "type a number from 1 to %d"), len(items))
				}
				n = k
				return nil
			})
		if err != nil || n == 0 {
			return err
		}
		it := items[n-1]
		a.p.Heading(it.group, "")
		if err := AskQuestion(a.p, it.q); err != nil {
			return err
		}
	}
}

// problems are the step's problems, one per line, or "".
func (a *asking) problems() string {
	if a.step.Problems == nil {
		return ""
	}
	probs := a.step.Problems(a.ctx)
	if len(probs) == 0 {
		return ""
	}
	return problemLines(probs)
}

// reviewValue is an answer as the review reads it out; a signing date
// is read the Norwegian way, and a blank one says which date the
// documents get.
func reviewValue(p *ui.Prompter, q forms.Question) string {
	if q.Key != "signer.date" {
		return shownValue(p, q)
	}
	if v := strings.TrimSpace(strings.Join(q.Value(), "")); v != "" {
		return nofmt.Date(v, p.Lang)
	}
	return ui.T(p.Lang, "(ikke fylt ut: dokumentene får datoen de lages)", "(not filled in: the documents get the day they are made)")
}
