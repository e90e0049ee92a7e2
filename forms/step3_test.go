package forms

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

func TestSystemIDForm(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang            Lang
		letters, owner  string
		portal, created string
	}{
		{NB, "SystemID-en kan bare inneholde sifre (fant «A»)", "Velg om SystemID-en ble opprettet for et organisasjonsnummer eller et fødselsnummer",
			"Profil > Avanserte innstillinger > Registrer datasystem", "Et organisasjonsnummer"},
		{EN, `The SystemID can only contain digits (found "A")`, "Choose whether the SystemID was created for an organisation number or a national identity number",
			"Profil > Avanserte innstillinger > Registrer datasystem", "An organisation number"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			t.Parallel()
			au := &session.Authentication{}
			d := drive(t, SystemIDForm(au, FormOptions{Lang: c.lang}))
			d.wantFocus("authentication.system_id")
			d.wantView(c.portal, c.created)
			d.typeText("12A4", nil)
			d.enter()
			d.wantFocus("authentication.system_id")
			d.wantView(c.letters)
			if au.SystemID != "12A4" {
				t.Fatalf("typed text not kept: %q", au.SystemID)
			}
			d.backspace()
			d.backspace()
			d.typeText("34", func(typed string) {
				if !strings.HasSuffix(au.SystemID, typed) {
					t.Fatalf("typing not bound: %q", au.SystemID)
				}
			})
			d.enter()
			d.wantFocus("authentication.system_id_owner")
			d.wantNoErrors()
			d.enter()
			d.wantFocus("authentication.system_id_owner")
			d.wantView(c.owner)
			d.down()
			if au.SystemIDOwner != SystemIDOwnerOrg {
				t.Fatalf("owner %q", au.SystemIDOwner)
			}
			d.down()
			d.enter()
			if d.f.State != huh.StateCompleted {
				t.Fatalf("not completed:\n%s", d.view())
			}
			if !reflect.DeepEqual(*au, session.Authentication{SystemID: "1234", SystemIDOwner: SystemIDOwnerPerson}) {
				t.Fatalf("authentication = %+v", au)
			}
		})
	}
}

func TestSystemIDFormKeepsAndResumes(t *testing.T) {
	t.Parallel()
	au := &session.Authentication{SystemID: "98765", SystemIDOwner: "bogus"}
	f := SystemIDForm(au, nb())
	if au.SystemIDOwner != "" {
		t.Fatalf("unknown owner kept: %q", au.SystemIDOwner)
	}
	if !FocusField(f, "authentication.system_id_owner") {
		t.Fatal("cannot focus the owner")
	}
	d := drive(t, f)
	d.wantFocus("authentication.system_id_owner")
	d.wantNoErrors()
	d.down()
	d.enter()
	if d.f.State != huh.StateCompleted || au.SystemID != "98765" || au.SystemIDOwner != SystemIDOwnerOrg {
		t.Fatalf("state %v, %+v", d.f.State, au)
	}
}

func TestRESTMechanismsForm(t *testing.T) {
	t.Parallel()
	au := &session.Authentication{}
	d := drive(t, RESTMechanismsForm(au, FormOptions{Lang: EN}))
	d.wantFocus("authentication.rest_mechanisms")
	// Each mechanism is explained while the cursor is on it.
	d.wantView("ID-porten: persons log in themselves with ID-porten (OpenID Connect).")
	d.down()
	d.wantView("platform.{tt02.}altinn.no/authentication/api/v1/exchange/maskinporten",
		"X-Altinn-EnterpriseUser-Authentication: base64(user:password)", "Needs the enterprise user's name and password.")
	d.down()
	d.wantView("Mutual TLS with the enterprise certificate, with ?ForceEIAuthentication")
	d.down()
	d.wantView("POST /api/authentication/authenticatewithpassword", ".ASPXAUTH cookie. The weakest way.", "Altinn username/password — weakest")
	if strings.Contains(d.view(), "OpenID Connect") {
		t.Fatalf("ID-porten still explained:\n%s", d.view())
	}
	d.up()
	d.up()
	d.up()
	if strings.Contains(d.view(), "The enterprise user's user name") || strings.Contains(d.view(), "Its password is stored") {
		t.Fatalf("enterprise user asked before an enterprise mechanism:\n%s", d.view())
	}
	d.enter()
	d.wantView("Choose at least one way to log in")
	d.toggle() // ID-porten
	d.enter()
	if d.f.State != huh.StateCompleted || !slices.Equal(au.RESTMechanisms, []string{MechIDPorten}) {
		t.Fatalf("ID-porten alone: state %v, %v", d.f.State, au.RESTMechanisms)
	}

	au = &session.Authentication{}
	d = drive(t, RESTMechanismsForm(au, FormOptions{Lang: NB}))
	if strings.Contains(d.view(), "Virksomhetsbrukerens brukernavn") {
		t.Fatalf("enterprise user asked before an enterprise mechanism:\n%s", d.view())
	}
	d.down()
	d.toggle() // Virksomhetsbruker + Maskinporten
	d.wantView("Virksomhetsbrukerens brukernavn", "Passordet lagres på neste skjermbilde, i nøkkelringen")
	d.enter()
	d.wantFocus("authentication.enterprise_user")
	d.enter()
	d.wantView("Feltet må fylles ut")
	d.typeText("VIRK-Blåbær", nil)
	d.enter()
	if d.f.State != huh.StateCompleted {
		t.Fatalf("not completed:\n%s", d.view())
	}
	if !slices.Equal(au.RESTMechanisms, []string{MechEnterpriseMaskinporten}) || au.EnterpriseUser != "VIRK-Blåbær" {
		t.Fatalf("authentication = %+v", au)
	}
	if !UsesEnterpriseUser([]string{MechEnterpriseCertificate}) || UsesEnterpriseUser([]string{MechIDPorten, MechUsernamePassword}) {
		t.Fatal("UsesEnterpriseUser")
	}
}

func TestCertificateFormOptional(t *testing.T) {
	t.Parallel()
	au := &session.Authentication{}
	d := drive(t, CertificateForm(au, session.Environments, false, nb()))
	d.wantView("Valgfritt", "Filen kopieres aldri", "Sertifikatfil for TT02", "Sertifikatfil for PROD")
	d.enter()
	d.enter()
	if d.f.State != huh.StateCompleted || au.CertificatePath(session.EnvTT02) != "" || au.CertificatePath(session.EnvProd) != "" {
		t.Fatalf("an empty optional certificate was not accepted: %v %+v\n%s", d.f.State, au, d.view())
	}

	// A certificate for each environment (issue 11 §5).
	au = &session.Authentication{}
	d = drive(t, CertificateForm(au, session.Environments, false, FormOptions{Lang: EN}))
	d.wantView("Buypass' or Commfides' test CAs", "A real enterprise certificate")
	d.wantFocus(CertificatePathKey(session.EnvTT02))
	d.typeText("/home/kari/virksomhet-test.p12", nil)
	d.enter()
	d.wantFocus(CertificatePathKey(session.EnvProd))
	d.typeText("/home/kari/virksomhet.p12", nil)
	d.enter()
	if d.f.State != huh.StateCompleted {
		t.Fatalf("not completed:\n%s", d.view())
	}
	if au.CertificatePath(session.EnvTT02) != "/home/kari/virksomhet-test.p12" || au.CertificatePath(session.EnvProd) != "/home/kari/virksomhet.p12" {
		t.Fatalf("authentication = %+v", au.Certificates)
	}
}

func TestCertificateFormRequired(t *testing.T) {
	t.Parallel()
	au := &session.Authentication{}
	d := drive(t, CertificateForm(au, []string{session.EnvTT02}, true, nb()))
	d.wantView("Dere har valgt innlogging med virksomhetssertifikat")
	if strings.Contains(d.view(), "PROD") {
		t.Fatalf("PROD asked though only TT02 is chosen:\n%s", d.view())
	}
	d.enter()
	d.wantFocus(CertificatePathKey(session.EnvTT02))
	d.wantView("Feltet må fylles ut")
	d.typeText("~/sert/test.pfx", nil)
	d.enter()
	if d.f.State != huh.StateCompleted || au.CertificatePath(session.EnvTT02) != "~/sert/test.pfx" || au.Certificates[session.EnvProd] != nil {
		t.Fatalf("state %v, %+v", d.f.State, au)
	}
}
