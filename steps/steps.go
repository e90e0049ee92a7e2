package steps

import (
	"path/filepath"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// All is the list of steps of the Altinn II track, in order. Adding a
// step is one file in this package plus one entry here. An Altinn 3
// track (system register, system users) gets a list of its own.
func All() []ui.Step {
	return []ui.Step{
		Registration(),
		Integration(),
		Authentication(),
		Services(),
		Testing(),
		GoLive(),
	}
}

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

// OutputDir is where a session's files go: its own setting, else a
// folder named after the session under the base folder.
func OutputDir(ctx *ui.Context) string {
	if d := ctx.Session.Settings.OutputDir; d != "" {
		return d
	}
	base := ctx.OutputBase
	if base == "" {
		base = filepath.Join(ctx.DataDir, "output")
	}
	return filepath.Join(base, Slug(ctx.Session.Name))
}

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
