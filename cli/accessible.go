package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// accessibleRun asks step 1's questions of the Altinn II track as plain
// line prompts (huh's accessible mode), for screen readers and simple
// terminals, saving after every topic, and then makes the registration
// package.
func accessibleRun(opts *wizardOptions, st *store.Store, uiOpts ui.Options, deps steps.Deps) error {
	p := &prompter{IO: opts.IO, in: forms.LineByLine(opts.In)}
	fmt.Fprintln(opts.Out, steps.Notice(opts.Lang))
	fmt.Fprintln(opts.Out)

	var sess *session.Session
	var err error
	if uiOpts.ResumeID != "" {
		if sess, err = st.Load(uiOpts.ResumeID); err != nil {
			return err
		}
		if sess.Track != session.TrackAltinnII {
			return &exitError{2, errors.New(opts.t(
				"--accessible kan ennå bare spørre om steg 1 i Altinn II-sporet; denne økten følger et annet spor",
				"--accessible can only ask step 1 of the Altinn II track yet; this session follows another track"))}
		}
	} else {
		name := ""
		f := huh.NewForm(huh.NewGroup(huh.NewInput().
			Title(opts.t("Navn på økten (for eksempel kundens eller systemets navn)", "Name of the session (for example the client's or the system's name)")).
			Value(&name).Validate(store.CheckName)))
		if err := p.run(f); err != nil {
			return err
		}
		if sess, err = st.Create(name, session.TrackAltinnII); err != nil {
			return err
		}
	}
	lock, err := st.Lock(sess)
	if err != nil {
		return err
	}
	defer lock.Release()

	save := func() error {
		if err := st.Save(sess); err != nil {
			return fmt.Errorf("saving session %q: %w", sess.Name, err)
		}
		return nil
	}
	sess.SetStepStatus(session.StepRegistration, session.InProgress, opts.Now())
	if err := p.askRegistration(sess, save); err != nil {
		return err
	}
	return accessibleFinish(opts, deps, sess, save)
}

// prompter runs forms as line prompts on the IO's streams.
type prompter struct {
	*IO
	in io.Reader // one line per read (forms.LineByLine)
}

func (p *prompter) run(f *huh.Form) error {
	err := f.WithAccessible(true).WithInput(p.in).WithOutput(p.Out).Run()
	if errors.Is(err, huh.ErrUserAborted) || errors.Is(err, io.EOF) {
		return &exitError{130, errors.New(p.t("avbrutt", "aborted"))}
	}
	return err
}

// askRegistration asks step 1's forms one after another, saving after
// each; what was answered before an error or an abort is saved too.
func (p *prompter) askRegistration(sess *session.Session, save func() error) error {
	o := forms.FormOptions{Lang: p.formsLang(), AllowTestIDs: sess.Target == session.EnvTT02, Accessible: true, Theme: forms.ThemeFor(true)}
	ans := &sess.Answers
	ask := func(f *huh.Form) error {
		if err := p.run(f); err != nil {
			save()
			return err
		}
		return save()
	}
	for _, build := range []func(*session.Answers, forms.FormOptions) *huh.Form{
		forms.VendorForm, forms.ContactForm, forms.TechnicalContactForm, forms.SystemForm, forms.ChoicesForm,
	} {
		if err := ask(build(ans, o)); err != nil {
			return err
		}
	}
	// Services: keep those already given, then add as many as wanted.
	for {
		more := false
		q := p.t("Legge til en tjeneste systemet skal bruke?", "Add a service the system will use?")
		if len(ans.System.Services) > 0 {
			q = fmt.Sprintf(p.t("%d tjeneste(r) er lagt inn. Legge til en til?", "%d service(s) given. Add another?"), len(ans.System.Services))
		}
		if err := p.run(huh.NewForm(huh.NewGroup(huh.NewConfirm().Title(q).Affirmative(p.t("Ja", "Yes")).Negative(p.t("Nei", "No")).Value(&more)))); err != nil {
			save()
			return err
		}
		if !more {
			break
		}
		ans.System.Services = append(ans.System.Services, session.Service{})
		i := len(ans.System.Services) - 1
		if err := ask(forms.ServiceForm(&ans.System.Services[i], i, o)); err != nil {
			return err
		}
	}
	for _, build := range []func(*session.Answers, forms.FormOptions) *huh.Form{forms.DeclarationForm, forms.SignerForm} {
		if err := ask(build(ans, o)); err != nil {
			return err
		}
	}
	return nil
}

// accessibleFinish checks the answers and, when they are complete,
// makes the registration package and marks step 1 done.
func accessibleFinish(opts *wizardOptions, deps steps.Deps, sess *session.Session, save func() error) error {
	clean, problems := forms.Check(sess.Answers)
	if len(problems) > 0 {
		err := reportProblems(opts.IO, opts.Out, opts.t("Dette må rettes før dokumentene kan lages:", "This must be fixed before the documents can be made:"), problems)
		fmt.Fprintf(opts.Out, opts.t("Svarene er lagret. Fortsett med: altinn-onboard resume %q --accessible\n", "Your answers are saved. Continue with: altinn-onboard resume %q --accessible\n"), sess.Name)
		return err
	}
	out := deps.OutputDir(sess)
	fmt.Fprintf(opts.Out, opts.t("Lager dokumentene og e-posten i %s …\n", "Making the documents and the e-mail in %s …\n"), out)
	files, err := steps.WriteRegistrationPackage(context.Background(), &clean, steps.PackageOptions{TemplatesDir: sess.Settings.TemplatesDir, Now: opts.Now()}, out)
	if err != nil {
		return err
	}
	sess.ReplaceFiles(steps.RegistrationKinds, files)
	sess.SetStepStatus(session.StepRegistration, session.Done, opts.Now())
	sess.Cursor = session.Cursor{Step: session.StepIntegration}
	if err := save(); err != nil {
		return err
	}
	fmt.Fprintln(opts.Out, opts.t("Laget:", "Made:"))
	for _, f := range files {
		fmt.Fprintln(opts.Out, "  "+f.Path)
	}
	fmt.Fprintln(opts.Out, opts.t(
		"Les dokumentene, og send e-posten (.eml) fra e-postprogrammet ditt til sluttbrukersystem@altinn.no. Steg 1 er merket som ferdig.",
		"Read the documents, and send the e-mail (.eml) from your mail program to sluttbrukersystem@altinn.no. Step 1 is marked done."))
	return nil
}
