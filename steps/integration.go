package steps

import (
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Integration is step 2.
func Integration() ui.Step {
	return laterStep(session.StepIntegration, "Integrasjon", "Integration",
		"Steg 2: Velg SOAP eller REST. De fleste tjenestene er SOAP; noen få er REST. REST krever en API-nøkkel fra Altinn (HTTP-hodet ApiKey), og en egen nøkkel for TT02. Den bestilles i Samarbeidsportalen: Saker > Ny sak > Altinn > Bestille > Tilganger > REST API.",
		"Step 2: Choose SOAP or REST. Most services are SOAP; few are REST. REST needs an API key from Altinn (the ApiKey HTTP header), and a separate key for TT02. Order it in Samarbeidsportalen: Saker > Ny sak > Altinn > Bestille > Tilganger > REST API.")
}
