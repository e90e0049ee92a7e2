package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// runAccessible asks step 1's questions as plain line prompts (huh's
// accessible mode), for screen readers and simple terminals, saving after
// every topic, and then makes the registration package.
func runAccessible(a *app, st *store.Store, opts ui.Options, deps steps.Deps) error {
	in := forms.LineByLine(a.in)
	lang := forms.NB
	if a.lang == "en" {
		lang = forms.EN
	}
	run := func(f *huh.Form) error {
		err := f.WithAccessible(true).WithInput(in).WithOutput(a.out).Run()
		if errors.Is(err, huh.ErrUserAborted) || errors.Is(err, io.EOF) {
			return &exitError{130, errors.New(a.t("avbrutt", "aborted"))}
		}
		return err
	}
	fmt.Fprintln(a.out, steps.Notice(a.lang))
	fmt.Fprintln(a.out)

	var sess *session.Session
	var err error
	if opts.ResumeID != "" {
		if sess, err = st.Load(opts.ResumeID); err != nil {
			return err
		}
	} else {
		name := ""
		f := huh.NewForm(huh.NewGroup(huh.NewInput().
			Title(a.t("Navn på økten (for eksempel kundens eller systemets navn)", "Name of the session (for example the client's or the system's name)")).
			Value(&name).Validate(store.CheckName)))
		if err := run(f); err != nil {
			return err
		}
		if sess, err = st.Create(name, opts.Tracks[0].ID); err != nil {
			return err
		}
	}
	lock, err := st.Lock(sess)
	if err != nil {
		return err
	}
	defer lock.Release()

	o := forms.FormOptions{Lang: lang, AllowTestIDs: sess.Target == session.EnvTT02, Accessible: true, Theme: forms.ThemeFor(true)}
	ans := &sess.Answers
	save := func() error {
		if err := st.Save(sess); err != nil {
			return fmt.Errorf("saving session %q: %w", sess.Name, err)
		}
		return nil
	}
	sess.SetStepStatus(session.StepRegistration, session.InProgress, time.Now())
	for _, build := range []func(*session.Answers, forms.FormOptions) *huh.Form{
		forms.VendorForm, forms.ContactForm, forms.TechnicalContactForm, forms.SystemForm, forms.ChoicesForm,
	} {
		if err := run(build(ans, o)); err != nil {
			save()
			return err
		}
		if err := save(); err != nil {
			return err
		}
	}
	// Services: keep those already given, then add as many as wanted.
	for {
		more := false
		q := a.t("Legge til en tjeneste systemet skal bruke?", "Add a service the system will use?")
		if len(ans.System.Services) > 0 {
			q = fmt.Sprintf(a.t("%d tjeneste(r) er lagt inn. Legge til en til?", "%d service(s) given. Add another?"), len(ans.System.Services))
		}
		if err := run(huh.NewForm(huh.NewGroup(huh.NewConfirm().Title(q).Affirmative(a.t("Ja", "Yes")).Negative(a.t("Nei", "No")).Value(&more)))); err != nil {
			save()
			return err
		}
		if !more {
			break
		}
		ans.System.Services = append(ans.System.Services, session.Service{})
		i := len(ans.System.Services) - 1
		if err := run(forms.ServiceForm(&ans.System.Services[i], i, o)); err != nil {
			save()
			return err
		}
		if err := save(); err != nil {
			return err
		}
	}
	for _, build := range []func(*session.Answers, forms.FormOptions) *huh.Form{forms.DeclarationForm, forms.SignerForm} {
		if err := run(build(ans, o)); err != nil {
			save()
			return err
		}
		if err := save(); err != nil {
			return err
		}
	}

	clean, problems := forms.Check(*ans)
	if len(problems) > 0 {
		err := reportProblems(a, a.out, a.t("Dette må rettes før dokumentene kan lages:", "This must be fixed before the documents can be made:"), problems)
		fmt.Fprintf(a.out, a.t("Svarene er lagret. Fortsett med: altinn-onboard resume %q --accessible\n", "Your answers are saved. Continue with: altinn-onboard resume %q --accessible\n"), sess.Name)
		return err
	}
	out := deps.OutputDir(sess)
	fmt.Fprintf(a.out, a.t("Lager dokumentene og e-posten i %s …\n", "Making the documents and the e-mail in %s …\n"), out)
	files, err := steps.WriteRegistrationPackage(context.Background(), &clean, steps.PackageOptions{TemplatesDir: sess.Settings.TemplatesDir, Now: time.Now()}, out)
	if err != nil {
		return err
	}
	sess.ReplaceFiles(steps.RegistrationKinds, files)
	sess.SetStepStatus(session.StepRegistration, session.Done, time.Now())
	sess.Cursor = session.Cursor{Step: session.StepIntegration}
	if err := save(); err != nil {
		return err
	}
	fmt.Fprintln(a.out, a.t("Laget:", "Made:"))
	for _, f := range files {
		fmt.Fprintln(a.out, "  "+f.Path)
	}
	fmt.Fprintln(a.out, a.t(
		"Les dokumentene, og send e-posten (.eml) fra e-postprogrammet ditt til sluttbrukersystem@altinn.no. Steg 1 er merket som ferdig.",
		"Read the documents, and send the e-mail (.eml) from your mail program to sluttbrukersystem@altinn.no. Step 1 is marked done."))
	return nil
}
