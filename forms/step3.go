package forms

import (
	"slices"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Who a SOAP SystemID was created for (Authentication.SystemIDOwner).
const (
	SystemIDOwnerOrg    = "org"    // an organisation number
	SystemIDOwnerPerson = "person" // a national identity number
)

// REST authentication mechanisms (Authentication.RESTMechanisms).
const (
	MechIDPorten               = "idporten"
	MechEnterpriseMaskinporten = "enterprise_maskinporten"
	MechEnterpriseCertificate  = "enterprise_certificate"
	MechUsernamePassword       = "username_password"
)

// RESTMechanisms lists the REST mechanisms in the order they are offered.
var RESTMechanisms = []string{MechIDPorten, MechEnterpriseMaskinporten, MechEnterpriseCertificate, MechUsernamePassword}

// UsesEnterpriseUser reports whether a mechanism among mechs logs in as
// an enterprise user (virksomhetsbruker), which needs its name and password.
func UsesEnterpriseUser(mechs []string) bool {
	return slices.Contains(mechs, MechEnterpriseMaskinporten) || slices.Contains(mechs, MechEnterpriseCertificate)
}

// MaxPathLength bounds a file path typed into a form.
const MaxPathLength = 4096

// The forms of step 3 edit session.Authentication, not the answers file:
// their keys start with "authentication." and are not checked by Check
// (CheckSession does, for imports); the step lists their problems itself,
// with the same rules.

// SystemIDForm asks for the SOAP SystemID and whom it was created for.
func SystemIDForm(au *session.Authentication, o FormOptions) *huh.Form {
	b := newBuilder(o)
	b.input("authentication.system_id", &au.SystemID,
		b.tr("SystemID", "SystemID"),
		b.tr("Bare sifre, slik Altinn viste den da den ble opprettet", "Digits only, as Altinn showed it when it was created"))
	if au.SystemIDOwner != SystemIDOwnerOrg && au.SystemIDOwner != SystemIDOwnerPerson {
		au.SystemIDOwner = ""
	}
	b.choice("authentication.system_id_owner", &au.SystemIDOwner,
		b.tr("Opprettet for", "Created for"),
		b.tr("SystemID-en hører til den virksomheten eller personen den ble opprettet for",
			"The SystemID belongs to the organisation or person it was created for"),
		[]huh.Option[string]{
			huh.NewOption(b.tr("Velg …", "Choose …"), ""),
			huh.NewOption(b.tr("Et organisasjonsnummer (en virksomhet)", "An organisation number (an organisation)"), SystemIDOwnerOrg),
			huh.NewOption(b.tr("Et fødselsnummer (en person)", "A national identity number (a person)"), SystemIDOwnerPerson),
		}, nil)
	return b.form(
		b.tr("SystemID for SOAP", "SystemID for SOAP"),
		b.tr("Kunden oppretter SystemID-en og systempassordet i Altinn: Profil > Avanserte innstillinger > Registrer datasystem.",
			"The customer creates the SystemID and the system password in Altinn: Profil > Avanserte innstillinger > Registrer datasystem."))
}

// ErrSystemIDOwner is the message for a missing SystemIDOwner.
func ErrSystemIDOwner() error { return ruleSystemIDOf.missing }

// RESTMechanismsForm asks how the system logs in to Altinn's REST API,
// and the enterprise user's name when a mechanism needs one.
func RESTMechanismsForm(au *session.Authentication, o FormOptions) *huh.Form {
	b := newBuilder(o)
	b.describedMulti("authentication.rest_mechanisms", &au.RESTMechanisms,
		b.tr("Innlogging mot REST", "Logging in to REST"),
		[]huh.Option[string]{
			huh.NewOption(b.tr("ID-porten — for personer", "ID-porten — for persons"), MechIDPorten),
			huh.NewOption(b.tr("Virksomhetsbruker + Maskinporten", "Enterprise user + Maskinporten"), MechEnterpriseMaskinporten),
			huh.NewOption(b.tr("Virksomhetsbruker + virksomhetssertifikat", "Enterprise user + enterprise certificate"), MechEnterpriseCertificate),
			huh.NewOption(b.tr("Altinn brukernavn/passord — svakest", "Altinn username/password — weakest"), MechUsernamePassword),
		},
		map[string]string{
			MechIDPorten: b.tr(
				"ID-porten: personer logger inn selv med ID-porten (OpenID Connect).",
				"ID-porten: persons log in themselves with ID-porten (OpenID Connect)."),
			MechEnterpriseMaskinporten: b.tr(
				"Et Maskinporten-token byttes på\n"+
					"platform.{tt02.}altinn.no/authentication/api/v1/exchange/maskinporten\n"+
					"med hodet X-Altinn-EnterpriseUser-Authentication: base64(bruker:passord).\n"+
					"Trenger virksomhetsbrukerens navn og passord.",
				"A Maskinporten token is exchanged at\n"+
					"platform.{tt02.}altinn.no/authentication/api/v1/exchange/maskinporten\n"+
					"with X-Altinn-EnterpriseUser-Authentication: base64(user:password).\n"+
					"Needs the enterprise user's name and password."),
			MechEnterpriseCertificate: b.tr(
				"Gjensidig TLS med virksomhetssertifikatet, med ?ForceEIAuthentication i\n"+
					"adressen. Trenger virksomhetsbrukerens navn og passord, og sertifikatet.",
				"Mutual TLS with the enterprise certificate, with ?ForceEIAuthentication\n"+
					"in the address. Needs the enterprise user's name and password too."),
			MechUsernamePassword: b.tr(
				"POST /api/authentication/authenticatewithpassword med Altinn-brukernavn og\n"+
					"-passord gir en .ASPXAUTH-informasjonskapsel. Den svakeste måten.",
				"POST /api/authentication/authenticatewithpassword with an Altinn username\n"+
					"and password gives an .ASPXAUTH cookie. The weakest way."),
		})
	b.addInput("authentication.enterprise_user", &au.EnterpriseUser,
		b.tr("Virksomhetsbrukerens brukernavn", "The enterprise user's user name"),
		b.tr("Passordet lagres på neste skjermbilde, i nøkkelringen", "Its password is stored on the next screen, in the keyring"),
		mustRule("authentication.enterprise_user"),
		func() bool { return !UsesEnterpriseUser(au.RESTMechanisms) })
	return b.form(b.tr("Autentisering for REST", "Authentication for REST"), "")
}

// CertificateForm asks where the enterprise certificate (.p12/.pfx) of
// each of envs is (issue 11 §5: TT02 takes a test CA's certificate, PROD
// a real one). Only the paths are kept; the files are never copied. With
// required false an empty path is accepted.
func CertificateForm(au *session.Authentication, envs []string, required bool, o FormOptions) *huh.Form {
	b := newBuilder(o)
	rule := mustRule(CertificatePathKey(session.EnvTT02))
	if required {
		rule = rule.required()
	}
	for _, env := range envs {
		title := b.tr("Sertifikatfil for PROD (.p12 eller .pfx)", "Certificate file for PROD (.p12 or .pfx)")
		desc := b.tr("Et ekte virksomhetssertifikat. Full sti, for eksempel ~/sertifikater/virksomhet.p12. Filen kopieres aldri; bare stien lagres.",
			"A real enterprise certificate. The full path, for example ~/certificates/enterprise.p12. The file is never copied; only its path is saved.")
		if env == session.EnvTT02 {
			title = b.tr("Sertifikatfil for TT02 (.p12 eller .pfx)", "Certificate file for TT02 (.p12 or .pfx)")
			desc = b.tr("Et testsertifikat fra Buypass' eller Commfides' test-CA. Full sti, for eksempel ~/sertifikater/virksomhet-test.p12. Filen kopieres aldri; bare stien lagres.",
				"A test certificate from Buypass' or Commfides' test CAs. The full path, for example ~/certificates/enterprise-test.p12. The file is never copied; only its path is saved.")
		}
		b.addInput(CertificatePathKey(env), &au.Certificate(env).Path, title, desc, rule, nil)
	}
	desc := b.tr("Valgfritt: et virksomhetssertifikat (X.509 i en .p12/.pfx-fil) er knyttet til et organisasjonsnummer, og hvert miljø har sitt. La feltene stå tomme hvis dere ikke bruker det.",
		"Optional: an enterprise certificate (X.509 in a .p12/.pfx file) is tied to an organisation number, and each environment has its own. Leave the fields empty if you do not use one.")
	if required {
		desc = b.tr("Dere har valgt innlogging med virksomhetssertifikat (X.509 i en .p12/.pfx-fil, knyttet til et organisasjonsnummer). Hvert miljø har sitt eget.",
			"You chose to log in with an enterprise certificate (X.509 in a .p12/.pfx file, tied to an organisation number). Each environment has its own.")
	}
	return b.form(b.tr("Virksomhetssertifikat", "Enterprise certificate"), desc)
}

// CertificatePathKey is the field key of env's certificate file:
// "authentication.certificates.tt02.path".
func CertificatePathKey(env string) string { return "authentication.certificates." + env + ".path" }
