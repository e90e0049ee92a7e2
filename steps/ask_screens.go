package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The Altinn II track's screens that are not one form, asked in plain
// text: the questions they hold, and their actions (make the documents,
// write an e-mail, tick a checklist) offered as yes/no questions. Each is
// chosen by the screen New builds, so it follows the same conditions.

// askScreen asks a screen of this package that is not a form or a page
// of text; ok is false for any other screen.
func (a *asking) askScreen(s ui.Screen) (ok bool, err error) {
	switch s := s.(type) {
	case *SecretsScreen:
		return true, a.secrets(s.specs)
	case *apiKeyScreen:
		return true, a.apiKeys(s)
	case *certCheckScreen:
		return true, a.certCheck(s)
	case *servicesScreen:
		return true, a.services(s)
	case *reviewScreen:
		return true, a.registrationPackage()
	case *testOrderScreen:
		return true, a.testOrder(s)
	case *checklistScreen:
		return true, a.tt02Checklist(s)
	case *guideScreen:
		return true, a.guide(s)
	case *goLiveChecklist:
		return true, a.goLiveChecklist(s)
	}
	return false, nil
}

// secrets asks for each secret without showing it, and stores it in the
// keyring only; the session records that it exists. An empty line leaves
// a secret not stored yet for later.
func (a *asking) secrets(specs []SecretSpec) error {
	ctx, t := a.ctx, a.ctx.T
	for _, sp := range specs {
		stored := hasRef(ctx.Session, sp.Name)
		about := strings.TrimSpace(t(sp.HelpNB, sp.HelpEN))
		if about != "" && !strings.HasSuffix(about, ".") {
			about += "."
		}
		if !stored {
			about = strings.TrimSpace(about + " " + t("Tom linje hopper over den nå.", "An empty line skips it for now."))
		}
		about += " " + t("Den lagres bare her: ", "It is stored only here: ") + Where(ctx, a.d.Secrets, sp.Name) + "."
		err := a.p.Secret(t(sp.LabelNB, sp.LabelEN), about, stored, func(v string) error {
			if v == "" {
				return nil
			}
			if sp.Check != nil {
				if err := sp.Check(v, ctx.Lang); err != nil {
					return err
				}
			}
			if a.d.Secrets == nil {
				return errors.New(t("nøkkelringen er ikke tilgjengelig", "the keyring is not available"))
			}
			if sp.Verify != nil {
				if err := sp.Verify(v); err != nil {
					var l store.Localized
					if errors.As(err, &l) {
						return errors.New(l.Text(ctx.Lang))
					}
					return err
				}
			}
			if err := a.d.Secrets.Set(ctx.Session.ID, sp.Name, v); err != nil {
				var l store.Localized
				if errors.As(err, &l) {
					return errors.New(l.Text(ctx.Lang))
				}
				return err
			}
			ctx.Session.SetSecretRef(secretRef(ctx.Session, sp.Name, a.d.now()))
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// apiKeys asks, for each environment, whether its REST API key is
// ordered, and for the key.
func (a *asking) apiKeys(s *apiKeyScreen) error {
	ctx, t := a.ctx, a.ctx.T
	a.p.Heading(t("API-nøkler for REST", "API keys for REST"), t(
		"REST krever en API-nøkkel fra Altinn, og en egen nøkkel for TT02. Den bestilles i Samarbeidsportalen (samarbeid.digdir.no): Saker > Ny sak > Altinn > Bestille > Tilganger > REST API.",
		"REST needs an API key from Altinn, and a separate key for TT02. It is ordered in Samarbeidsportalen (samarbeid.digdir.no): Saker > Ny sak > Altinn > Bestille > Tilganger > REST API."))
	in := &ctx.Session.Integration
	for _, env := range s.envs {
		cur := in.APIKeyOrdered[env]
		ordered, err := a.p.YesNo(fmt.Sprintf(t("Er API-nøkkelen for %s bestilt?", "Is the API key for %s ordered?"), envLabel(env)), "", &cur)
		if err != nil {
			return err
		}
		if in.APIKeyOrdered == nil {
			in.APIKeyOrdered = map[string]bool{}
		}
		if ordered {
			in.APIKeyOrdered[env] = true
		} else {
			delete(in.APIKeyOrdered, env)
		}
	}
	return a.secrets(s.secrets.specs)
}

// certCheck asks for the certificate's password and reads the
// certificate with it, as the screen does.
func (a *asking) certCheck(s *certCheckScreen) error {
	t := a.ctx.T
	var paths []string
	for _, c := range s.checks {
		paths = append(paths, envLabel(c.env)+": "+c.path)
	}
	a.p.Heading(t("Sjekk av sertifikatene", "Certificate check"), strings.Join(paths, "; "))
	if err := a.secrets(s.secrets.specs); err != nil {
		return err
	}
	for _, c := range s.checks {
		s.Update(s.inspectCmd(c)())
		if c.err != nil {
			a.p.Say(envLabel(c.env) + ": " + t("Sertifikatet kunne ikke leses: ", "The certificate could not be read: ") + s.localize(c.err))
			continue
		}
		if in := c.info; in != nil {
			a.p.Say(envLabel(c.env) + ": " + fmt.Sprintf(t("Sertifikatet er lest: %s, organisasjonsnummer %s, utstedt av %s, gyldig til %s.",
				"The certificate was read: %s, organisation number %s, issued by %s, valid until %s."),
				in.Subject, dashIfEmpty(in.OrgNumber), in.IssuerName, in.NotAfter.Format("2006-01-02")))
		}
	}
	return nil
}

// services lists the services and offers to add, change or remove one,
// each asked from the service form; in step 4 (the full editor) also the
// environments a service is used in.
func (a *asking) services(s *servicesScreen) error {
	t := a.ctx.T
	a.p.Heading(t("Tjenester", "Services"), t("Tjenestene systemet skal bruke.", "The services the system will use."))
	for {
		list := *s.services()
		opts := []ui.Option{{Label: t("Gå videre", "Go on")}, {Label: t("Legg til en tjeneste", "Add a service")}}
		if len(list) == 0 {
			a.p.Say(t("Ingen tjenester er lagt inn ennå.", "No services are given yet."))
		} else {
			opts = append(opts, ui.Option{Label: t("Fjern en tjeneste", "Remove a service")})
		}
		for i, svc := range list {
			opts = append(opts, ui.Option{Label: fmt.Sprintf(t("Endre tjeneste %d: %s", "Change service %d: %s"), i+1, serviceLabel(svc))})
		}
		pick := 0
		if err := a.p.Choice(t("Hva vil du gjøre", "What do you want to do"), "", opts, -1, func(i int) error { pick = i; return nil }); err != nil {
			return err
		}
		var err error
		switch {
		case pick == 0:
			if a.step.ID == session.StepServices {
				s.recordStatus()
			}
			return nil
		case pick == 1:
			*s.services() = append(*s.services(), session.Service{})
			err = a.service(s, len(*s.services())-1, false)
		case pick == 2:
			err = a.removeService(s)
		default:
			err = a.service(s, pick-3, true)
		}
		if err != nil {
			return err
		}
	}
}

// service asks one service's form and, in the full editor, its
// environments; again says it was asked before.
func (a *asking) service(s *servicesScreen, i int, again bool) error {
	t := a.ctx.T
	o := formOptions(a.ctx)
	svc := &(*s.services())[i]
	if err := askForm(a.p, forms.ServiceForm(svc, i, o), again, ""); err != nil {
		return err
	}
	defer s.changed() // the TT02 checklist follows the list
	if !s.full {
		return nil
	}
	opts := make([]ui.Option, len(session.Environments))
	var current []int
	for k, env := range session.Environments {
		opts[k] = ui.Option{Label: envLabel(env)}
		if slices.Contains(serviceEnvironments(*svc), env) {
			current = append(current, k)
		}
	}
	return a.p.Choices(t("Miljøer for tjenesten", "Environments of the service"), "", opts, current, func(picked []int) error {
		if len(picked) == 0 {
			return errors.New(t("En tjeneste må brukes i minst ett miljø (TT02 eller PROD).", "A service must be used in at least one environment (TT02 or PROD)."))
		}
		if len(picked) == len(session.Environments) && len(svc.Environments) == 0 {
			return nil // every environment, as it was
		}
		svc.Environments = nil
		for _, k := range picked {
			svc.Environments = append(svc.Environments, session.Environments[k])
		}
		return nil
	})
}

// removeService asks which service to remove.
func (a *asking) removeService(s *servicesScreen) error {
	t := a.ctx.T
	list := *s.services()
	opts := make([]ui.Option, len(list))
	for i, svc := range list {
		opts[i] = ui.Option{Label: serviceLabel(svc)}
	}
	return a.p.Choice(t("Hvilken tjeneste skal fjernes", "Which service is to be removed"), "", opts, -1, func(i int) error {
		*s.services() = slices.Delete(*s.services(), i, i+1)
		s.changed()
		return nil
	})
}

// registrationPackage reviews step 1, then offers to make the documents
// and the e-mail, and marks the step done when they are made.
func (a *asking) registrationPackage() error {
	ctx, t := a.ctx, a.ctx.T
	if err := a.review(); err != nil {
		return err
	}
	if probs := a.problems(); probs != "" {
		a.p.Say(t("Dokumentene kan ikke lages før dette er rettet:", "The documents cannot be made until this is fixed:") + "\n" + probs)
		return nil
	}
	if made, err := a.askSigned(); err != nil || made {
		return err
	}
	out := a.d.OutputDir(ctx.Session)
	ok, err := a.p.YesNo(t("Lage dokumentene og e-posten nå?", "Make the documents and the e-mail now?"),
		fmt.Sprintf(t("De skrives i %s.", "They are written in %s."), out), nil)
	if err != nil || !ok {
		return err
	}
	clean, _ := forms.Check(ctx.Session.Answers)
	files, err := WriteRegistrationPackage(context.Background(), &clean, PackageOptions{TemplatesDir: ctx.Session.Settings.TemplatesDir, Now: a.d.now()}, out)
	if err != nil {
		a.p.Say(t("Kunne ikke lage dokumentene: ", "Could not make the documents: ") + localizeErr(err, a.ctx.Lang))
		return nil
	}
	ctx.Session.ReplaceFiles(RegistrationKinds, files)
	ctx.Session.SetStepStatus(session.StepRegistration, session.Done, a.d.now())
	a.p.Say(t("Laget:", "Made:") + "\n" + filePaths(files) + "\n" + fmt.Sprintf(t(
		"Les dokumentene, og send e-posten (.eml) fra e-postprogrammet ditt til sluttbrukersystem@altinn.no. Steg %d er merket som ferdig.",
		"Read the documents, and send the e-mail (.eml) from your mail program to sluttbrukersystem@altinn.no. Step %d is marked done."),
		ctx.StepNumber(session.StepRegistration)))
	a.p.Say(BeforeSending(ctx.Lang))
	return a.offerSending(files, nil)
}

func filePaths(files []session.GeneratedFile) string {
	lines := make([]string, len(files))
	for i, f := range files {
		lines[i] = "  " + f.Path
	}
	return strings.Join(lines, "\n")
}

// testOrder reviews step 5's answers, offers to write the order e-mail,
// and asks whether it is sent.
func (a *asking) testOrder(o *testOrderScreen) error {
	ctx, t := a.ctx, a.ctx.T
	if err := a.review(); err != nil {
		return err
	}
	a.p.Heading(t("Bestilling av testbrukere", "Test-user order"), "")
	if o.problem != nil {
		a.p.Say(t("E-posten kan ikke lages før dette er rettet: ", "The e-mail cannot be made until this is fixed: ") + o.problemText(o.problem))
	} else {
		ok, err := a.p.YesNo(t("Skrive e-posten som bestiller testbrukerne nå?", "Write the e-mail that orders the test users now?"), "", nil)
		if err != nil {
			return err
		}
		if ok {
			o.Update(o.writeCmd()())
			a.p.Say(o.msg.Text)
		}
	}
	if err := a.offerSending(ctx.Session.FilesOf(KindTestUserEmail), o.send.also); err != nil {
		return err
	}
	cur := ctx.Session.Testing.TestUsersOrdered
	sent, err := a.p.YesNo(t("Er bestillingen sendt?", "Has the order been sent?"), "", &cur)
	ctx.Session.Testing.TestUsersOrdered = sent
	return err
}

// tt02Checklist asks for each service and column whether it is tested.
func (a *asking) tt02Checklist(c *checklistScreen) error {
	ctx, t := a.ctx, a.ctx.T
	a.p.Heading(t("Sjekkliste for TT02", "TT02 checklist"), t(
		"Svar for hver tjeneste hva dere har testet i TT02 ("+TT02URL+").",
		"Answer for each service what you have tested in TT02 ("+TT02URL+")."))
	rows := ctx.Session.Testing.Checklist
	for i := range rows {
		for _, col := range columnsFor(ctx.Session) {
			p := col.get(&rows[i])
			cur := *p
			v, err := a.p.YesNo(fmt.Sprintf("%s: %s?", serviceName(ctx.Session, rows[i]), t(col.headerNB, col.headerEN)), t(col.helpNB, col.helpEN), &cur)
			if err != nil {
				return err
			}
			*p = v
		}
	}
	c.recordStatus()
	return nil
}

// guide reviews step 6's answers and offers to make the user guide.
func (a *asking) guide(g *guideScreen) error {
	ctx, t := a.ctx, a.ctx.T
	if err := a.review(); err != nil {
		return err
	}
	a.p.Heading(t("Brukerveiledning", "User guide"), "")
	ans, blocks := guideAnswers(ctx)
	if len(blocks) > 0 {
		var lines []string
		for _, b := range blocks {
			lines = append(lines, "– "+b.p.Message)
		}
		a.p.Say(t("Veiledningen kan ikke lages før dette er rettet:", "The guide cannot be made until this is fixed:") + "\n" + strings.Join(lines, "\n"))
		return nil
	}
	ok, err := a.p.YesNo(fmt.Sprintf(t("Lage brukerveiledningen (%s) nå?", "Make the user guide (%s) now?"), g.langName()), "", nil)
	if err != nil || !ok {
		return err
	}
	files, err := WriteGuide(&ans, g.lang(), a.d.now(), a.d.OutputDir(ctx.Session))
	if err != nil {
		a.p.Say(t("Kunne ikke lage brukerveiledningen: ", "Could not make the user guide: ") + localizeErr(err, a.ctx.Lang))
		return nil
	}
	ctx.Session.ReplaceFiles([]string{KindGuideMarkdown, KindGuideDocx}, files)
	startGoLive(ctx, a.d)
	a.p.Say(t("Laget:", "Made:") + "\n" + filePaths(files))
	return nil
}

// goLiveChecklist asks each tick of the go-live checklist, then offers to
// mark the step (and the onboarding) done.
func (a *asking) goLiveChecklist(c *goLiveChecklist) error {
	ctx, t := a.ctx, a.ctx.T
	a.p.Heading(t("Sjekkliste for produksjon", "Go-live checklist"), "")
	s := ctx.Session
	for _, ch := range goLiveChecks {
		cur := s.GoLive.Checklist[ch.key]
		v, err := a.p.YesNo(t(ch.nb, ch.en)+"?", "", &cur)
		if err != nil {
			return err
		}
		if v != cur {
			c.toggle(ch.key)
		}
	}
	if probs := goLiveProblems(ctx); len(probs) > 0 {
		a.p.Say(c.blockedText(probs))
		return nil
	}
	if s.StepStatus(session.StepGoLive) == session.Done && (s.GoLive.Completed || len(c.open) > 0) {
		return nil
	}
	ok, err := a.p.YesNo(c.items[slices.IndexFunc(c.items, func(it goLiveListItem) bool { return it.kind == glMarkDone })].label+"?", "", nil)
	if err != nil || !ok {
		return err
	}
	c.activate(goLiveListItem{kind: glMarkDone})
	a.p.Say(c.msg.Text)
	return nil
}
