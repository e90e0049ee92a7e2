package steps

import (
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// a3Field is a field of an Altinn 3 form as data: the screen draws it as
// a huh field (huhField), accessible mode asks it as a line (ask). Both
// store the answer through the same accessor and check it with the same
// validator, whose message is in the user's language.
type a3Field struct {
	key, title, about string
	// text is the answer of a line (nil for a yes/no); secret asks it
	// without echo.
	text   huh.Accessor[string]
	secret bool
	// yes is the answer of a yes/no, with its two answers' names.
	yes             huh.Accessor[bool]
	yesName, noName string
	check           func(string) error
}

// line is a field of one line of text bound to p.
func line(key, title, about string, p *string, check func(string) error) a3Field {
	return a3Field{key: key, title: title, about: about, text: huh.NewPointerAccessor(p), check: check}
}

// huhField is the field as the terminal UI draws it.
func (f a3Field) huhField() huh.Field {
	if f.yes != nil {
		return huh.NewConfirm().Key(f.key).Title(f.title).Description(f.about).
			Affirmative(f.yesName).Negative(f.noName).Accessor(f.yes)
	}
	in := huh.NewInput().Key(f.key).Title(f.title).Description(f.about).Accessor(f.text)
	if f.check != nil {
		in = in.Validate(f.check)
	}
	if f.secret {
		in = in.EchoMode(huh.EchoModePassword)
	}
	return in
}

func huhFields(fields []a3Field) []huh.Field {
	out := make([]huh.Field, len(fields))
	for i, f := range fields {
		out[i] = f.huhField()
	}
	return out
}

// ask asks the field as a plain line prompt: a stored answer is named and
// kept by an empty line; a secret is read without echo and never named.
func (f a3Field) ask(p *ui.Prompter) error {
	set := func(v string) error {
		if f.check != nil {
			if err := f.check(v); err != nil {
				return err
			}
		}
		f.text.Set(v)
		return nil
	}
	switch {
	case f.yes != nil:
		cur := f.yes.Get()
		v, err := p.YesNo(f.title, f.about, &cur)
		if err == nil {
			f.yes.Set(v)
		}
		return err
	case f.secret:
		return p.Password(f.title, f.about, set) // tried on its file at once
	}
	return p.Line(f.title, f.about, f.text.Get(), set)
}

// askFields asks a form's fields in order under its title.
func askFields(p *ui.Prompter, title, about string, fields []a3Field) error {
	p.Heading(title, about)
	for _, f := range fields {
		if err := f.ask(p); err != nil {
			return err
		}
	}
	return nil
}

// askSystemForm asks the system form's fields (the screen's Ask). Asked
// again with every answer good, it says them and offers to keep them.
func askSystemForm(ctx *ui.Context, p *ui.Prompter) error {
	title, about := systemFormHeading(ctx)
	fields := systemFormFields(ctx)
	if checkSystem(ctx.Session).OK() {
		if keep, err := offerKeepFields(ctx, p, title, about, fields); err != nil || keep {
			return err
		}
	}
	return askFields(p, title, about, fields)
}

// offerKeepFields says the stored answers and asks whether to keep them
// (the caller knows they are good together); a wrong one is asked.
func offerKeepFields(ctx *ui.Context, p *ui.Prompter, title, about string, fields []a3Field) (bool, error) {
	var lines []string
	for _, f := range fields {
		switch {
		case f.yes != nil:
			lines = append(lines, f.title+" "+map[bool]string{true: ctx.T("ja", "yes"), false: ctx.T("nei", "no")}[f.yes.Get()])
			continue
		case f.secret:
			return false, nil
		}
		v := f.text.Get()
		if f.check != nil && f.check(v) != nil {
			return false, nil
		}
		if strings.TrimSpace(v) == "" {
			v = ctx.T("(ikke svart)", "(not answered)")
		}
		lines = append(lines, f.title+": "+termtext.Line(v))
	}
	p.Heading(title, about)
	p.Say(ctx.T("Dette er lagret:", "This is stored:") + "\n" + strings.Join(lines, "\n"))
	return p.YesNo(ctx.T("Beholde disse svarene?", "Keep these answers?"), "", nil)
}
