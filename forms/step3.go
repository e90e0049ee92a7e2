package forms

import (
	"slices"
	"strings"

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

// CertificateForm asks where the enterprise certificate (.p12/.pfx) is
// and which environment it is for. Only the path is kept; the file is
// never copied. With required false an empty path is accepted (and the
// environment is not asked).
func CertificateForm(au *session.Authentication, required bool, o FormOptions) *huh.Form {
	b := newBuilder(o)
	rule := mustRule("authentication.certificate_path")
	if required {
		rule = rule.required()
	}
	b.addInput("authentication.certificate_path", &au.CertificatePath,
		b.tr("Sertifikatfil (.p12 eller .pfx)", "Certificate file (.p12 or .pfx)"),
		b.tr("Full sti, for eksempel ~/sertifikater/virksomhet.p12. Filen kopieres aldri; bare stien lagres.",
			"The full path, for example ~/certificates/enterprise.p12. The file is never copied; only its path is saved."),
		rule, nil)
	if env := strings.ToLower(strings.TrimSpace(au.CertificateEnv)); env == session.EnvTT02 || env == session.EnvProd {
		au.CertificateEnv = env
	} else {
		au.CertificateEnv = ""
	}
	b.choice("authentication.certificate_env", &au.CertificateEnv,
		b.tr("Miljø", "Environment"),
		b.tr("TT02: testsertifikat fra Buypass' eller Commfides' test-CA. PROD: ekte sertifikat.",
			"TT02: a test certificate from Buypass' or Commfides' test CAs. PROD: a real one."),
		[]huh.Option[string]{
			huh.NewOption(b.tr("Velg …", "Choose …"), ""),
			huh.NewOption(b.tr("TT02 (test)", "TT02 (test)"), session.EnvTT02),
			huh.NewOption(b.tr("PROD (produksjon)", "PROD (production)"), session.EnvProd),
		},
		func() bool { return !required && strings.TrimSpace(au.CertificatePath) == "" })
	desc := b.tr("Valgfritt: et virksomhetssertifikat (X.509 i en .p12/.pfx-fil) er knyttet til et organisasjonsnummer. La feltet stå tomt hvis dere ikke bruker det.",
		"Optional: an enterprise certificate (X.509 in a .p12/.pfx file) is tied to an organisation number. Leave the field empty if you do not use one.")
	if required {
		desc = b.tr("Dere har valgt innlogging med virksomhetssertifikat (X.509 i en .p12/.pfx-fil, knyttet til et organisasjonsnummer).",
			"You chose to log in with an enterprise certificate (X.509 in a .p12/.pfx file, tied to an organisation number).")
	}
	return b.form(b.tr("Virksomhetssertifikat", "Enterprise certificate"), desc)
}

// ErrCertificateEnv is the message for a missing CertificateEnv.
func ErrCertificateEnv() error { return ruleCertEnv.missing }
