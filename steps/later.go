package steps

import (
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// laterStep is a step whose screens come in a later version: it says what
// the step is about (from domain.md) and that its screens come later.
func laterStep(id, nb, en, aboutNB, aboutEN string) ui.Step {
	title := func(lang string) string { return ui.T(lang, nb, en) }
	return ui.Step{
		ID:    id,
		Title: title,
		Screens: []ui.ScreenSpec{{
			ID:    id,
			Title: title,
			New: func(ctx *ui.Context, field string) ui.Screen {
				return ui.NewInfoScreen(ctx, ctx.T(aboutNB, aboutEN)+"\n\n"+ctx.T(
					"Skjermbildene for dette steget kommer i en senere versjon av altinn-onboard.",
					"The screens for this step come in a later version of altinn-onboard."))
			},
		}},
	}
}
