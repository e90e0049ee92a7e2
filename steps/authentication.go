package steps

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Screen IDs of step 3, saved in the session's cursor: keep them stable.
const (
	ScreenSystemID           = "soap_system_id"
	ScreenSystemPassword     = "soap_system_password"
	ScreenRESTMechanisms     = "rest_mechanisms"
	ScreenEnterprisePassword = "enterprise_user_password"
	ScreenCertificate        = "certificate"
	ScreenCertificateCheck   = "certificate_check"
)

// Authentication is step 3: how the system logs in to Altinn. SOAP uses a
// SystemID and system password or an enterprise certificate; REST uses
// ID-porten, an enterprise user (with Maskinporten or a certificate) or
// Altinn username/password (domain.md, step 3). A screen that does not
// apply to the interfaces and methods chosen says so, and enter goes on.
func Authentication(d Deps) ui.Step {
	return ui.Step{
		ID:    session.StepAuthentication,
		Title: func(lang string) string { return ui.T(lang, "Autentisering", "Authentication") },
		Screens: []ui.ScreenSpec{
			{ID: ScreenSystemID, Title: authTitle("SystemID (SOAP)", "SystemID (SOAP)"), New: newSystemIDScreen},
			{ID: ScreenSystemPassword, Title: authTitle("Systempassord", "System password"), New: d.screen(newSystemPasswordScreen)},
			{ID: ScreenRESTMechanisms, Title: authTitle("Innlogging mot REST", "Logging in to REST"), New: newRESTMechanismsScreen},
			{ID: ScreenEnterprisePassword, Title: authTitle("Virksomhetsbrukerens passord", "Enterprise user password"), New: d.screen(newEnterprisePasswordScreen)},
			{ID: ScreenCertificate, Title: authTitle("Virksomhetssertifikat", "Enterprise certificate"), New: newCertificateScreen},
			{ID: ScreenCertificateCheck, Title: authTitle("Sjekk av sertifikatet", "Certificate check"), New: d.screen(newCertCheckScreen)},
		},
		Problems:     func(ctx *ui.Context) []ui.Problem { return authenticationProblems(ctx, d) },
		Remaining:    authenticationRemaining,
		DoneWhenLeft: true,
	}
}

func authTitle(nb, en string) func(string) string {
	return func(lang string) string { return ui.T(lang, nb, en) }
}

// authIntro begins step 3's first screen: "Steg 3 av 6: Autentisering. ".
func authIntro(ctx *ui.Context) string {
	return stepOf(ctx, session.StepAuthentication) + ctx.T("Autentisering. ", "Authentication. ")
}

// needsSystemID: SOAP is chosen, and not only the enterprise certificate
// as its way to log in.
func needsSystemID(s *session.Session) bool {
	m := s.Answers.System.AuthMethods
	return soapChosen(s) && (slices.Contains(m, session.AuthSystemIDPassword) || !slices.Contains(m, session.AuthEnterpriseCertificate))
}

// needsCertificate: the enterprise certificate is among the methods of
// step 1, or among the REST mechanisms.
func needsCertificate(s *session.Session) bool {
	return slices.Contains(s.Answers.System.AuthMethods, session.AuthEnterpriseCertificate) ||
		(restChosen(s) && slices.Contains(s.Authentication.RESTMechanisms, forms.MechEnterpriseCertificate))
}

func needsEnterpriseUser(s *session.Session) bool {
	return restChosen(s) && forms.UsesEnterpriseUser(s.Authentication.RESTMechanisms)
}

func formsLang(ctx *ui.Context) forms.Lang {
	if ctx.Lang == "en" {
		return forms.EN
	}
	return forms.NB
}

func newSystemIDScreen(ctx *ui.Context, field string) ui.Screen {
	s := ctx.Session
	if !needsSystemID(s) {
		text := authIntro(ctx) + ctx.T("SOAP er ikke valgt (steg "+stepNo(ctx, session.StepIntegration)+"), så dere trenger ingen SystemID eller systempassord.",
			"SOAP is not chosen (step "+stepNo(ctx, session.StepIntegration)+"), so you need no SystemID or system password.")
		if soapChosen(s) {
			text = authIntro(ctx) + ctx.T("For SOAP har dere valgt å logge inn med virksomhetssertifikat (steg "+stepNo(ctx, session.StepRegistration)+"), så dere trenger ingen SystemID eller systempassord.",
				"For SOAP you chose to log in with an enterprise certificate (step "+stepNo(ctx, session.StepRegistration)+"), so you need no SystemID or system password.")
		}
		return ui.NewInfoScreen(ctx, text+ctx.T("\n\nTrykk enter for å gå videre.", "\n\nPress enter to continue."))
	}
	f := forms.SystemIDForm(&s.Authentication, formOptions(ctx))
	if field != "" {
		forms.FocusField(f, field)
	}
	return ui.NewFormScreen(f, authIntro(ctx)+ctx.T("SOAP logger inn med SystemID og systempassord.",
		"SOAP logs in with a SystemID and system password."))
}

// systemPasswordCheck applies Altinn's rule for the SystemID password.
func systemPasswordCheck(value, lang string) error {
	if err := forms.SystemPassword(value); err != nil {
		return errors.New(forms.Localize(err, forms.Lang(lang)))
	}
	return nil
}

func newSystemPasswordScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	if !needsSystemID(ctx.Session) {
		return ui.NewInfoScreen(ctx, ctx.T(
			"Uten SystemID trengs heller ikke noe systempassord.\n\nTrykk enter for å gå videre.",
			"Without a SystemID no system password is needed either.\n\nPress enter to continue."))
	}
	spec := SecretSpec{
		Name:    SecretSystemPassword,
		LabelNB: "Systempassord",
		LabelEN: "System password",
		Check:   systemPasswordCheck,
	}
	if id := cleanText(strings.TrimSpace(ctx.Session.Authentication.SystemID), 20); id != "" {
		spec.HelpNB, spec.HelpEN = "Passordet til SystemID "+id, "The password of SystemID "+id
	}
	return NewSecretsScreen(ctx, d, ctx.T(
		"Systempassordet settes sammen med SystemID-en i Altinn: minst 7 tegn, med både bokstaver og tall. Det lagres bare i "+store.SecretPlace(d.Secrets, "nb")+"; økten noterer bare at det finnes.",
		"The system password is set together with the SystemID in Altinn: at least 7 characters, with both letters and digits. It is stored only in "+store.SecretPlace(d.Secrets, "en")+"; the session notes only that it exists."),
		[]SecretSpec{spec}).Focus(field)
}

func newRESTMechanismsScreen(ctx *ui.Context, field string) ui.Screen {
	if !restChosen(ctx.Session) {
		return ui.NewInfoScreen(ctx, ctx.T(
			"REST er ikke valgt (steg "+stepNo(ctx, session.StepIntegration)+"), så dere trenger ingen innlogging mot REST.\n\nTrykk enter for å gå videre.",
			"REST is not chosen (step "+stepNo(ctx, session.StepIntegration)+"), so you need no REST login.\n\nPress enter to continue."))
	}
	intro := ""
	if au := &ctx.Session.Authentication; len(au.RESTMechanisms) == 0 {
		if pre := restMechanismsFromStep1(ctx.Session); len(pre) > 0 {
			au.RESTMechanisms = pre
			intro = fmt.Sprintf(ctx.T("Forhåndsvalgt ut fra innloggingsmåtene i steg %s; endre om det trengs.",
				"Chosen beforehand from the ways to log in of step %s; change them if need be."), stepNo(ctx, session.StepRegistration))
		}
	}
	f := forms.RESTMechanismsForm(&ctx.Session.Authentication, formOptions(ctx))
	if field != "" {
		forms.FocusField(f, field)
	}
	return ui.NewFormScreen(f, intro)
}

// restMechanismsFromStep1 are the REST mechanisms step 1's ways to log in
// point to (issue 11 §5): ID-porten, Maskinporten (with an enterprise
// user), username/password, and the enterprise certificate when it is not
// there for SOAP (with SOAP too, it may well be SOAP's alone).
func restMechanismsFromStep1(s *session.Session) []string {
	m := s.Answers.System.AuthMethods
	var out []string
	for _, p := range []struct{ method, mech string }{
		{session.AuthIDPorten, forms.MechIDPorten},
		{session.AuthMaskinporten, forms.MechEnterpriseMaskinporten},
		{session.AuthEnterpriseCertificate, forms.MechEnterpriseCertificate},
		{session.AuthUsernamePassword, forms.MechUsernamePassword},
	} {
		if !slices.Contains(m, p.method) || (p.method == session.AuthEnterpriseCertificate && soapChosen(s)) {
			continue
		}
		out = append(out, p.mech)
	}
	return out
}

func newEnterprisePasswordScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	if !needsEnterpriseUser(ctx.Session) {
		return ui.NewInfoScreen(ctx, ctx.T(
			"Ingen av innloggingsmåtene dere har valgt bruker virksomhetsbruker, så det trengs ikke noe passord for den.\n\nTrykk enter for å gå videre.",
			"None of the ways to log in you chose uses an enterprise user, so no password is needed for one.\n\nPress enter to continue."))
	}
	labelNB, labelEN := "Passord for virksomhetsbrukeren", "Password of the enterprise user"
	if user := cleanText(strings.TrimSpace(ctx.Session.Authentication.EnterpriseUser), 100); user != "" {
		labelNB, labelEN = labelNB+" "+user, labelEN+" "+user
	}
	return NewSecretsScreen(ctx, d, ctx.T(
		"Passordet til virksomhetsbrukeren lagres bare i "+store.SecretPlace(d.Secrets, "nb")+". Med Maskinporten sendes det i hodet X-Altinn-EnterpriseUser-Authentication som base64(bruker:passord).",
		"The enterprise user's password is stored only in "+store.SecretPlace(d.Secrets, "en")+". With Maskinporten it is sent in the header X-Altinn-EnterpriseUser-Authentication as base64(user:password)."),
		[]SecretSpec{{
			Name:    SecretEnterpriseUserPassword,
			LabelNB: labelNB,
			LabelEN: labelEN,
		}}).Focus(field)
}

func newCertificateScreen(ctx *ui.Context, field string) ui.Screen {
	f := forms.CertificateForm(&ctx.Session.Authentication, certEnvs(ctx.Session), needsCertificate(ctx.Session), formOptions(ctx))
	if field != "" {
		forms.FocusField(f, field)
	}
	return ui.NewFormScreen(f, certificateMovedNote(ctx))
}

// certEnvs are the environments that have an enterprise certificate each
// (issue 11 §5): those chosen in step 1 (both when none is), and any
// other one a certificate is given for.
func certEnvs(s *session.Session) []string {
	chosen := apiKeyEnvs(s) // as chosen in step 1, both when none is
	var out []string
	for _, env := range session.Environments {
		if slices.Contains(chosen, env) || s.Authentication.CertificatePath(env) != "" {
			out = append(out, env)
		}
	}
	return out
}

// certPasswordSecret is the keyring name of env's certificate password.
func certPasswordSecret(env string) string {
	if env == session.EnvProd {
		return SecretCertificatePasswordProd
	}
	return SecretCertificatePasswordTT02
}

// hasCertPassword says env's certificate password is stored: under its
// own name, or the one password of a session from before each
// environment had its certificate.
func hasCertPassword(s *session.Session, env string) bool {
	return hasRef(s, certPasswordSecret(env)) || hasRef(s, SecretCertificatePassword)
}

// certificateMovedNote tells the user where an older session's single
// certificate went when it was read (session.Authentication.CertificateMoved),
// or "".
func certificateMovedNote(ctx *ui.Context) string {
	au := &ctx.Session.Authentication
	var envs []string
	for _, env := range au.CertificateMoved {
		envs = append(envs, envLabel(env))
	}
	if len(envs) == 0 {
		return ""
	}
	return fmt.Sprintf(ctx.T(
		"Denne økten hadde ett sertifikat for alle miljøer. Nå har hvert miljø sitt eget, og filen %s er satt som sertifikatet for %s. Sjekk at det stemmer: TT02 bruker et testsertifikat, PROD et ekte.",
		"This session had one certificate for every environment. Now each environment has its own, and the file %s is set as the certificate for %s. Check that this is right: TT02 uses a test certificate, PROD a real one."),
		cleanText(au.CertificatePath(au.CertificateMoved[0]), 300), strings.Join(envs, ctx.T(" og ", " and ")))
}

// authenticationProblems lists what step 3 still lacks. It reads only the
// session (secret references stand for the keyring, and the certificate
// file is read only on its screen), so it is cheap and safe in View.
func authenticationProblems(ctx *ui.Context, d Deps) []ui.Problem {
	s := ctx.Session
	au := &s.Authentication
	var out []ui.Problem
	add := func(screen, field, nb, en string) {
		out = append(out, ui.Problem{Screen: screen, Field: field, Message: ctx.T(nb, en)})
	}
	// What is given and wrong, by the rules of the step's forms.
	wrong := map[string]*forms.FieldError{}
	for _, fe := range forms.CheckAuthentication(*au).Wrong() {
		if k := forms.FieldKey(fe.Path); wrong[k] == nil {
			wrong[k] = fe
		}
	}
	addWrong := func(screen, field string) bool {
		fe, ok := wrong[field]
		if ok {
			out = append(out, ui.Problem{Screen: screen, Field: fe.Path, Message: fe.Message(formsLang(ctx))})
		}
		return ok
	}
	if needsSystemID(s) {
		if strings.TrimSpace(au.SystemID) == "" {
			add(ScreenSystemID, "authentication.system_id", "SystemID mangler (SOAP)", "The SystemID is missing (SOAP)")
		} else {
			addWrong(ScreenSystemID, "authentication.system_id")
		}
		if au.SystemIDOwner != forms.SystemIDOwnerOrg && au.SystemIDOwner != forms.SystemIDOwnerPerson {
			out = append(out, ui.Problem{Screen: ScreenSystemID, Field: "authentication.system_id_owner",
				Message: forms.Localize(forms.ErrSystemIDOwner(), formsLang(ctx))})
		}
		if !hasRef(s, SecretSystemPassword) {
			add(ScreenSystemPassword, "secret."+SecretSystemPassword,
				"Systempassordet er ikke lagret i nøkkelringen", "The system password is not stored in the keyring")
		}
	}
	if restChosen(s) {
		if len(au.RESTMechanisms) == 0 {
			add(ScreenRESTMechanisms, "authentication.rest_mechanisms",
				"Velg hvordan systemet logger inn mot REST", "Choose how the system logs in to REST")
		} else {
			addWrong(ScreenRESTMechanisms, "authentication.rest_mechanisms")
		}
		if forms.UsesEnterpriseUser(au.RESTMechanisms) {
			if strings.TrimSpace(au.EnterpriseUser) == "" {
				add(ScreenRESTMechanisms, "authentication.enterprise_user",
					"Navnet på virksomhetsbrukeren mangler", "The enterprise user's name is missing")
			} else {
				addWrong(ScreenRESTMechanisms, "authentication.enterprise_user")
			}
			if !hasRef(s, SecretEnterpriseUserPassword) {
				add(ScreenEnterprisePassword, "secret."+SecretEnterpriseUserPassword,
					"Passordet til virksomhetsbrukeren er ikke lagret i nøkkelringen", "The enterprise user's password is not stored in the keyring")
			}
		}
	}
	for _, env := range certEnvs(s) {
		out = append(out, certificateProblems(ctx, env, d.now(), addWrong)...)
	}
	return out
}

// certificateProblems are what env's certificate lacks: the file (when the
// chosen ways to log in need one), a path that breaks the form's rule, the
// password, and the blocking warnings of its last check.
func certificateProblems(ctx *ui.Context, env string, now time.Time, addWrong func(screen, field string) bool) []ui.Problem {
	s := ctx.Session
	var out []ui.Problem
	add := func(screen, field, nb, en string) {
		out = append(out, ui.Problem{Screen: screen, Field: field, Message: fmt.Sprintf(ctx.T(nb, en), envLabel(env))})
	}
	path := s.Authentication.CertificatePath(env)
	if path == "" {
		if needsCertificate(s) {
			add(ScreenCertificate, forms.CertificatePathKey(env),
				"Sertifikatfilen for %s mangler (dere har valgt virksomhetssertifikat)", "The certificate file for %s is missing (you chose an enterprise certificate)")
		}
		return out
	}
	addWrong(ScreenCertificate, forms.CertificatePathKey(env))
	if !hasCertPassword(s, env) {
		add(ScreenCertificateCheck, "secret."+certPasswordSecret(env),
			"Sertifikatpassordet for %s er ikke lagret i nøkkelringen", "The certificate password for %s is not stored in the keyring")
	}
	return append(out, checkedCertificateProblems(ctx, env, now)...)
}

// checkedCertificateProblems are the blocking warnings of the last check
// of env's certificate file (the public facts kept in the session), when
// it checked the file the session names now.
func checkedCertificateProblems(ctx *ui.Context, env string, now time.Time) []ui.Problem {
	s := ctx.Session
	c := s.Authentication.Certificates[env]
	if c == nil || c.Checked == nil || c.Checked.Path != strings.TrimSpace(c.Path) {
		return nil
	}
	var out []ui.Problem
	for _, w := range FactsWarnings(c.Checked, s.Answers.Vendor.OrgNumber, env, now) {
		if w.Blocking() {
			out = append(out, ui.Problem{Screen: ScreenCertificateCheck, Field: "authentication.certificates." + env,
				Message: envLabel(env) + ": " + w.Text(ctx.Lang)})
		}
	}
	return out
}

// authenticationRemaining is what is open in step 3 when nothing is
// wrong: the SystemID not recorded.
func authenticationRemaining(ctx *ui.Context) string {
	s := ctx.Session
	if slices.Contains(s.Answers.System.AuthMethods, session.AuthSystemIDPassword) && s.Authentication.SystemID == "" {
		return ctx.T("SystemID er ikke registrert", "no SystemID recorded")
	}
	return ""
}
