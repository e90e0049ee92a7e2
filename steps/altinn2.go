package steps

import (
	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/templates"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// AltinnII is the Altinn II track: the six steps of connecting a
// datasystem to Altinn II (domain.md, "The six onboarding steps"). Adding
// a step is one file in this package plus one entry in Steps here; the
// app, the stepper, the overview, the go-live checklist and the session
// list follow. An Altinn 3 track (system register, system users) is a
// list of its own.
func AltinnII(d Deps) ui.Track {
	return ui.Track{
		ID:          session.TrackAltinnII,
		Title:       func(lang string) string { return "Altinn II" },
		Description: altinnIIDescription,
		Notice:      Notice,
		Label:       vendorLabel,
		Steps: []ui.Step{
			Registration(d),
			Integration(d),
			Authentication(d),
			Services(d),
			Testing(d),
			GoLive(d),
		},
		Secrets: altinnIISecrets,
		Files:   altinnIIFiles,
	}
}

// altinnIIFiles: the enterprise certificate, when the session uses one,
// must be on this machine (an import carries no path; a session moved
// to another machine names a path that may not be there).
func altinnIIFiles(s *session.Session) []ui.File {
	if !needsCertificate(s) {
		return nil
	}
	var files []ui.File
	for _, env := range certEnvs(s) {
		label := envLabel(env)
		files = append(files, ui.File{Path: s.Authentication.CertificatePath(env), Step: session.StepAuthentication,
			Screen: ScreenCertificate, Field: forms.CertificatePathKey(env),
			What: texts("Sertifikatfilen for "+label, "The certificate file for "+label)})
	}
	return files
}

func altinnIIDescription(lang string) string {
	return ui.T(lang,
		"registrering av datasystemet med skjema og e-post, SOAP/REST, test i TT02 og brukerveiledning (Altinn II er stengt)",
		"registering the datasystem by form and e-mail, SOAP/REST, testing in TT02 and a user guide (Altinn II has closed)")
}

// Notice is the Altinn II closure notice (domain.md, "Timeline"), shown
// above the picker's list and first in accessible mode; it says that new
// sessions follow Altinn 3, the default track. It is the one place the
// wizard says so: the track's steps do not repeat it (the end-user
// guide, a document for customers, and `fill` say it once each).
func Notice(lang string) string {
	return ui.T(lang,
		"Altinn II stengte 19. juni 2026 (siste innsending 31. mai 2026; sjekket "+templates.StatusCheckedText("nb")+"). "+
			"Nye økter følger Altinn 3 (Maskinporten, systemregisteret, systembrukere). Altinn II-sporets "+
			"seks steg er beholdt som oppslag; dokumentene der er laget etter mønster av Altinns skjema, "+
			"ikke de offisielle. Sjekk gjeldende status på samarbeid.digdir.no.",
		"Altinn II closed on 19 June 2026 (last submissions 31 May 2026; checked "+templates.StatusCheckedText("en")+"). "+
			"New sessions follow Altinn 3 (Maskinporten, the system register, system users). The "+
			"Altinn II track's six steps are kept for reference; its documents are modelled on "+
			"Altinn's forms, not the official ones. Confirm the current status on samarbeid.digdir.no.")
}

// vendorLabel describes a session in the picker: "vendor (org number)".
func vendorLabel(s store.Summary) string {
	label := s.Vendor
	if label == "" {
		label = "–"
	}
	if s.OrgNumber != "" {
		label += " (" + nofmt.OrgNumber(s.OrgNumber) + ")" // 974 760 673, as the documents write it
	}
	return label
}

// Secret names of the Altinn II track: the only secrets its steps keep in
// the keyring. Keep them stable: they name keyring entries.
const (
	SecretRESTAPIKeyTT02 = "rest-api-key-tt02"
	SecretRESTAPIKeyProd = "rest-api-key-prod"
	SecretSystemPassword = "system-password"
	// SecretCertificatePassword is the one certificate password of a
	// session from before each environment had its certificate; it is
	// still read (and listed, and deleted) for such sessions.
	SecretCertificatePassword     = "certificate-password"
	SecretCertificatePasswordTT02 = "certificate-password-tt02"
	SecretCertificatePasswordProd = "certificate-password-prod"
	SecretEnterpriseUserPassword  = "enterprise-user-password"
	SecretSMTPPassword            = "smtp-password"
)

// altinnIISecrets are the track's secrets, in the order they are listed.
var altinnIISecrets = []ui.Secret{
	{Name: SecretRESTAPIKeyTT02, Description: texts("API-nøkkel for Altinns REST-API i TT02 (test)", "API key for Altinn's REST API in TT02 (test)")},
	{Name: SecretRESTAPIKeyProd, Description: texts("API-nøkkel for Altinns REST-API i produksjon", "API key for Altinn's REST API in production")},
	{Name: SecretSystemPassword, Description: texts("datasystemets passord til SystemID-en (minst 7 tegn, både bokstaver og tall)", "the datasystem's SystemID password (at least 7 characters, letters and digits)"),
		Check: systemPasswordCheck},
	{Name: SecretCertificatePasswordTT02, Description: texts("passordet til virksomhetssertifikatet for TT02 (test)", "the password of the enterprise certificate for TT02 (test)"),
		Verify: certPasswordOpens(session.EnvTT02)},
	{Name: SecretCertificatePasswordProd, Description: texts("passordet til virksomhetssertifikatet for produksjon", "the password of the enterprise certificate for production"),
		Verify: certPasswordOpens(session.EnvProd)},
	{Name: SecretCertificatePassword, Description: texts("passordet til virksomhetssertifikatet, i økter fra før hvert miljø fikk sitt eget", "the password of the enterprise certificate, in sessions from before each environment had its own")},
	{Name: SecretEnterpriseUserPassword, Description: texts("passordet til virksomhetsbrukeren", "the password of the enterprise user")},
	{Name: SecretSMTPPassword, Description: texts("passordet til e-posttjeneren (SMTP) som sender registreringen", "the password of the mail server (SMTP) that sends the registration")},
}

// texts is a text in both languages, picked by lang.
func texts(nb, en string) func(lang string) string {
	return func(lang string) string { return ui.T(lang, nb, en) }
}

// Title is the program's name, first in the app's headers.
const Title = "altinn-onboard"

// Tagline says after the name what the program is for.
func Tagline(lang string) string {
	return ui.T(lang, "koble et datasystem til Altinn", "connect a datasystem to Altinn")
}
