package steps

import (
	"fmt"
	"strconv"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// ScreenServiceTable is step 4's only screen, saved in the session's
// cursor: keep it stable (it is the ID the step's first version used).
const ScreenServiceTable = "services"

// Services is step 4: connect the system to the services (domain.md, step
// 4). Its screen is the same services editor step 1 shows, with every
// column: one list of services, printed on the order form, ordered as
// test users in step 5 and followed by step 5's TT02 checklist.
func Services(d Deps) ui.Step {
	return ui.Step{
		ID:    session.StepServices,
		Title: func(lang string) string { return ui.T(lang, "Tjenester", "Services") },
		Screens: []ui.ScreenSpec{{
			ID:    ScreenServiceTable,
			Title: func(lang string) string { return ui.T(lang, "Tjenester", "Services") },
			New:   d.screen(newServicesTable),
		}},
		Problems:  servicesProblems,
		Remaining: servicesRemaining,
	}
}

// servicesProblems are the service rows with a missing or wrong code,
// edition or name (or a repeated code and edition), and an empty list.
func servicesProblems(ctx *ui.Context) []ui.Problem {
	list := ctx.Session.Answers.System.Services
	if len(list) == 0 {
		return []ui.Problem{{Screen: ScreenServiceTable, Field: "system.services",
			Message: forms.Localize(forms.ErrNoServices(), formOptions(ctx).Lang)}}
	}
	lang := formOptions(ctx).Lang
	var out []ui.Problem
	for _, fe := range forms.CheckServices(list) {
		label := fe.Path
		if m := serviceField.FindStringSubmatch(fe.Path); m != nil {
			i, _ := strconv.Atoi(m[1])
			label = fmt.Sprintf(ctx.T("Tjeneste %d", "Service %d"), i+1)
			if i < len(list) && list[i].Name != "" {
				label += " (" + ui.Clip(list[i].Name, 40) + ")"
			}
		}
		out = append(out, ui.Problem{Screen: ScreenServiceTable, Field: fe.Path, Message: label + ": " + forms.Localize(fe.Err, lang)})
	}
	return out
}

// servicesRemaining is what is open in step 4: no services given.
func servicesRemaining(ctx *ui.Context) string {
	if len(ctx.Session.Answers.System.Services) == 0 {
		return ctx.T("ingen tjenester oppgitt", "no services given")
	}
	return ""
}
