package steps

import (
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// laterStep is a step whose screens come in a later version: it says what
// the step is about (from domain.md) and that its screens come later.
func laterStep(id, nb, en, aboutNB, aboutEN string) ui.Step {
	title := func(lang string) string { return ui.T(lang, nb, en) }
	return ui.Step{
		ID:    id,
		Title: title,
		Screens: []ui.ScreenSpec{{
			ID:    id,
			Title: title,
			New: func(ctx *ui.Context, field string) ui.Screen {
				return ui.NewInfoScreen(ctx, ctx.T(aboutNB, aboutEN)+"\n\n"+ctx.T(
					"Skjermbildene for dette steget kommer i en senere versjon av altinn-onboard.",
					"The screens for this step come in a later version of altinn-onboard."))
			},
		}},
	}
}

// Integration is step 2.
func Integration() ui.Step {
	return laterStep(session.StepIntegration, "Integrasjon", "Integration",
		"Steg 2: Velg SOAP eller REST. De fleste tjenestene er SOAP; noen få er REST. REST krever en API-nøkkel fra Altinn (HTTP-hodet ApiKey), og en egen nøkkel for TT02. Den bestilles i Samarbeidsportalen: Saker > Ny sak > Altinn > Bestille > Tilganger > REST API.",
		"Step 2: Choose SOAP or REST. Most services are SOAP; few are REST. REST needs an API key from Altinn (the ApiKey HTTP header), and a separate key for TT02. Order it in Samarbeidsportalen: Saker > Ny sak > Altinn > Bestille > Tilganger > REST API.")
}

// Authentication is step 3.
func Authentication() ui.Step {
	return laterStep(session.StepAuthentication, "Autentisering", "Authentication",
		"Steg 3: SOAP bruker SystemID og systempassord (kunden oppretter dem i Altinn: Profil > Avanserte innstillinger > Registrer datasystem; passordet har minst 7 tegn med både bokstaver og tall) eller virksomhetssertifikat. REST bruker ID-porten, virksomhetsbruker med Maskinporten eller sertifikat, eller Altinn brukernavn/passord.",
		"Step 3: SOAP uses a SystemID and system password (the customer creates them in Altinn: Profil > Avanserte innstillinger > Registrer datasystem; the password has at least 7 characters with both letters and digits) or an enterprise certificate. REST uses ID-porten, an enterprise user with Maskinporten or a certificate, or Altinn username/password.")
}

// Services is step 4.
func Services() ui.Step {
	return laterStep(session.StepServices, "Tjenester", "Services",
		"Steg 4: Koble systemet til tjenestene. SOAP-tjenester har tjenestekode og utgavekode; spørsmål om en tjeneste går til tjenesteeieren. Listen over tjenester for datasystemer: https://www.altinndigital.no/datasystemer",
		"Step 4: Connect the system to services. SOAP services have a service code and an edition code; questions about a service go to its owner. The list of services for datasystems: https://www.altinndigital.no/datasystemer")
}

// Testing is step 5.
func Testing() ui.Step {
	return laterStep(session.StepTesting, "Testing", "Testing",
		"Steg 5: Test i TT02 (https://tt02.altinn.no) med fiktive testpersoner og -virksomheter. Bestill testbrukere med e-post til sluttbrukersystem@altinn.no. Logg inn i TT02 med Altinn kodebrev; testsertifikater kommer fra Buypass' eller Commfides' test-CA.",
		"Step 5: Test in TT02 (https://tt02.altinn.no) with fictitious test persons and organisations. Order test users by e-mail to sluttbrukersystem@altinn.no. Log in to TT02 with an Altinn code letter; test certificates come from Buypass' or Commfides' test CAs.")
}

// GoLive is step 6.
func GoLive() ui.Step {
	return laterStep(session.StepGoLive, "I drift", "Go-live",
		"Steg 6: Gjør systemet tilgjengelig. Hver kunde logger inn på altinn.no, Profil > Avanserte innstillinger > Datasystem, velger systemet deres fra listen og setter et passord; de kan krysse av for at systemet støtter signering.",
		"Step 6: Make the system available. Each customer logs in on altinn.no, Profil > Avanserte innstillinger > Datasystem, picks your system from the list and sets a password; they may tick that the system supports signing.")
}
