package steps

import (
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Authentication is step 3.
func Authentication() ui.Step {
	return laterStep(session.StepAuthentication, "Autentisering", "Authentication",
		"Steg 3: SOAP bruker SystemID og systempassord (kunden oppretter dem i Altinn: Profil > Avanserte innstillinger > Registrer datasystem; passordet har minst 7 tegn med både bokstaver og tall) eller virksomhetssertifikat. REST bruker ID-porten, virksomhetsbruker med Maskinporten eller sertifikat, eller Altinn brukernavn/passord.",
		"Step 3: SOAP uses a SystemID and system password (the customer creates them in Altinn: Profil > Avanserte innstillinger > Registrer datasystem; the password has at least 7 characters with both letters and digits) or an enterprise certificate. REST uses ID-porten, an enterprise user with Maskinporten or a certificate, or Altinn username/password.")
}
