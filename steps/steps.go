package steps

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// formOptions are the form settings for a screen's context.
func formOptions(ctx *ui.Context) forms.FormOptions {
	lang := forms.NB
	if ctx.Lang == "en" {
		lang = forms.EN
	}
	return forms.FormOptions{
		Lang:         lang,
		AllowTestIDs: ctx.Session.Target == session.EnvTT02,
		Theme:        forms.ThemeFor(ctx.NoColor),
		Accessible:   ctx.Accessible,
		ContactStep:  ctx.StepNumber(session.StepRegistration),
	}
}

// formSpec is a screen made of one huh form bound to the session.
func formSpec(id, nb, en string, intro func(ctx *ui.Context) string, build func(a *session.Answers, o forms.FormOptions) *huh.Form) ui.ScreenSpec {
	return ui.ScreenSpec{
		ID:    id,
		Title: func(lang string) string { return ui.T(lang, nb, en) },
		New: func(ctx *ui.Context, field string) ui.Screen {
			f := build(&ctx.Session.Answers, formOptions(ctx))
			if field != "" {
				forms.FocusField(f, field)
			}
			text := ""
			if intro != nil {
				text = intro(ctx)
			}
			return ui.NewFormScreen(f, text)
		},
	}
}

// stepOf begins a step's first screen: "Steg 2 av 6: " (the step's place
// in the session's track).
func stepOf(ctx *ui.Context, id string) string {
	return fmt.Sprintf(ctx.T("Steg %d av %d: ", "Step %d of %d: "), ctx.StepNumber(id), ctx.StepCount())
}

// stepNo is the number of a step in the session's track, for prose that
// names another step ("(steg 1)").
func stepNo(ctx *ui.Context, id string) string { return fmt.Sprint(ctx.StepNumber(id)) }

// problemsFor is what forms.Check finds in the answers (the same check the
// forms, `fill` and the e-mails use), as problems of the screens screenOf
// names; answers no screen of the step holds are left out.
func problemsFor(ctx *ui.Context, screenOf func(path string) string) []ui.Problem {
	lang := forms.NB
	if ctx.Lang == "en" {
		lang = forms.EN
	}
	_, problems := forms.Check(ctx.Session.Answers)
	var out []ui.Problem
	for _, fe := range problems {
		screen := screenOf(fe.Path)
		if screen == "" {
			continue
		}
		out = append(out, ui.Problem{Screen: screen, Field: fe.Path, Message: fe.Text(lang)})
	}
	return out
}

func hasPrefix(path string, prefixes ...string) bool {
	for _, p := range prefixes {
		if path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[") {
			return true
		}
	}
	return false
}
