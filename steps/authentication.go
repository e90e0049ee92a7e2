package steps

import (
	"errors"
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
func Authentication() ui.Step {
	return ui.Step{
		ID:    session.StepAuthentication,
		Title: func(lang string) string { return ui.T(lang, "Autentisering", "Authentication") },
		Screens: []ui.ScreenSpec{
			{ID: ScreenSystemID, Title: authTitle("SystemID (SOAP)", "SystemID (SOAP)"), New: newSystemIDScreen},
			{ID: ScreenSystemPassword, Title: authTitle("Systempassord", "System password"), New: newSystemPasswordScreen},
			{ID: ScreenRESTMechanisms, Title: authTitle("Innlogging mot REST", "Logging in to REST"), New: newRESTMechanismsScreen},
			{ID: ScreenEnterprisePassword, Title: authTitle("Virksomhetsbrukerens passord", "Enterprise user password"), New: newEnterprisePasswordScreen},
			{ID: ScreenCertificate, Title: authTitle("Virksomhetssertifikat", "Enterprise certificate"), New: newCertificateScreen},
			{ID: ScreenCertificateCheck, Title: authTitle("Sjekk av sertifikatet", "Certificate check"), New: newCertCheckScreen},
		},
		Problems:     authenticationProblems,
		DoneWhenLeft: true,
	}
}

func authTitle(nb, en string) func(string) string {
	return func(lang string) string { return ui.T(lang, nb, en) }
}

const step3Intro = "Steg 3 av 6: Autentisering. "
const step3IntroEN = "Step 3 of 6: Authentication. "

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
		text := ctx.T(step3Intro+"SOAP er ikke valgt (steg 2), så dere trenger ingen SystemID eller systempassord.",
			step3IntroEN+"SOAP is not chosen (step 2), so you need no SystemID or system password.")
		if soapChosen(s) {
			text = ctx.T(step3Intro+"For SOAP har dere valgt å logge inn med virksomhetssertifikat (steg 1), så dere trenger ingen SystemID eller systempassord.",
				step3IntroEN+"For SOAP you chose to log in with an enterprise certificate (step 1), so you need no SystemID or system password.")
		}
		return ui.NewInfoScreen(ctx, text+ctx.T("\n\nTrykk enter for å gå videre.", "\n\nPress enter to continue."))
	}
	f := forms.SystemIDForm(&s.Authentication, formOptions(ctx))
	if field != "" {
		forms.FocusField(f, field)
	}
	return ui.NewFormScreen(f, ctx.T(step3Intro+"SOAP logger inn med SystemID og systempassord.",
		step3IntroEN+"SOAP logs in with a SystemID and system password."))
}

// systemPasswordCheck applies Altinn's rule for the SystemID password.
func systemPasswordCheck(value, lang string) error {
	if err := forms.SystemPassword(value); err != nil {
		return errors.New(forms.Localize(err, forms.Lang(lang)))
	}
	return nil
}

func newSystemPasswordScreen(ctx *ui.Context, field string) ui.Screen {
	if !needsSystemID(ctx.Session) {
		return ui.NewInfoScreen(ctx, ctx.T(
			"Uten SystemID trengs heller ikke noe systempassord.\n\nTrykk enter for å gå videre.",
			"Without a SystemID no system password is needed either.\n\nPress enter to continue."))
	}
	spec := SecretSpec{
		Name:    store.SecretSystemPassword,
		LabelNB: "Systempassord",
		LabelEN: "System password",
		Check:   systemPasswordCheck,
	}
	if id := cleanText(strings.TrimSpace(ctx.Session.Authentication.SystemID), 20); id != "" {
		spec.HelpNB, spec.HelpEN = "Passordet til SystemID "+id, "The password of SystemID "+id
	}
	return NewSecretsScreen(ctx, ctx.T(
		"Systempassordet settes sammen med SystemID-en i Altinn: minst 7 tegn, med både bokstaver og tall. Det lagres bare i OS-nøkkelringen; økten noterer bare at det finnes.",
		"The system password is set together with the SystemID in Altinn: at least 7 characters, with both letters and digits. It is stored in the OS keyring only; the session notes only that it exists."),
		[]SecretSpec{spec}).Focus(field)
}

func newRESTMechanismsScreen(ctx *ui.Context, field string) ui.Screen {
	if !restChosen(ctx.Session) {
		return ui.NewInfoScreen(ctx, ctx.T(
			"REST er ikke valgt (steg 2), så dere trenger ingen innlogging mot REST.\n\nTrykk enter for å gå videre.",
			"REST is not chosen (step 2), so you need no REST login.\n\nPress enter to continue."))
	}
	f := forms.RESTMechanismsForm(&ctx.Session.Authentication, formOptions(ctx))
	if field != "" {
		forms.FocusField(f, field)
	}
	return ui.NewFormScreen(f, "")
}

func newEnterprisePasswordScreen(ctx *ui.Context, field string) ui.Screen {
	if !needsEnterpriseUser(ctx.Session) {
		return ui.NewInfoScreen(ctx, ctx.T(
			"Ingen av innloggingsmåtene dere har valgt bruker virksomhetsbruker, så det trengs ikke noe passord for den.\n\nTrykk enter for å gå videre.",
			"None of the ways to log in you chose uses an enterprise user, so no password is needed for one.\n\nPress enter to continue."))
	}
	labelNB, labelEN := "Passord for virksomhetsbrukeren", "Password of the enterprise user"
	if user := cleanText(strings.TrimSpace(ctx.Session.Authentication.EnterpriseUser), 100); user != "" {
		labelNB, labelEN = labelNB+" "+user, labelEN+" "+user
	}
	return NewSecretsScreen(ctx, ctx.T(
		"Passordet til virksomhetsbrukeren lagres bare i OS-nøkkelringen. Med Maskinporten sendes det i hodet X-Altinn-EnterpriseUser-Authentication som base64(bruker:passord).",
		"The enterprise user's password is stored in the OS keyring only. With Maskinporten it is sent in the header X-Altinn-EnterpriseUser-Authentication as base64(user:password)."),
		[]SecretSpec{{
			Name:    store.SecretEnterpriseUserPassword,
			LabelNB: labelNB,
			LabelEN: labelEN,
		}}).Focus(field)
}

func newCertificateScreen(ctx *ui.Context, field string) ui.Screen {
	f := forms.CertificateForm(&ctx.Session.Authentication, needsCertificate(ctx.Session), formOptions(ctx))
	if field != "" {
		forms.FocusField(f, field)
	}
	return ui.NewFormScreen(f, "")
}

// authenticationProblems lists what step 3 still lacks. It reads only the
// session (secret references stand for the keyring, and the certificate
// file is read only on its screen), so it is cheap and safe in View.
func authenticationProblems(ctx *ui.Context) []ui.Problem {
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
		if !hasRef(s, store.SecretSystemPassword) {
			add(ScreenSystemPassword, "secret."+store.SecretSystemPassword,
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
			if !hasRef(s, store.SecretEnterpriseUserPassword) {
				add(ScreenEnterprisePassword, "secret."+store.SecretEnterpriseUserPassword,
					"Passordet til virksomhetsbrukeren er ikke lagret i nøkkelringen", "The enterprise user's password is not stored in the keyring")
			}
		}
	}
	path := strings.TrimSpace(au.CertificatePath)
	if path == "" && needsCertificate(s) {
		add(ScreenCertificate, "authentication.certificate_path",
			"Sertifikatfilen mangler (dere har valgt virksomhetssertifikat)", "The certificate file is missing (you chose an enterprise certificate)")
	}
	if path != "" {
		addWrong(ScreenCertificate, "authentication.certificate_path")
		if au.CertificateEnv != session.EnvTT02 && au.CertificateEnv != session.EnvProd {
			out = append(out, ui.Problem{Screen: ScreenCertificate, Field: "authentication.certificate_env",
				Message: forms.Localize(forms.ErrCertificateEnv(), formsLang(ctx))})
		}
		if !hasRef(s, store.SecretCertificatePassword) {
			add(ScreenCertificateCheck, "secret."+store.SecretCertificatePassword,
				"Sertifikatpassordet er ikke lagret i nøkkelringen", "The certificate password is not stored in the keyring")
		}
		if f := au.Certificate; f != nil && f.Path == path {
			now := time.Now
			if ctx.Now != nil {
				now = ctx.Now
			}
			for _, w := range FactsWarnings(f, s.Answers.Vendor.OrgNumber, au.CertificateEnv, now()) {
				if w.Blocking() {
					out = append(out, ui.Problem{Screen: ScreenCertificateCheck, Field: "authentication.certificate", Message: w.Text(ctx.Lang)})
				}
			}
		}
	}
	return out
}
