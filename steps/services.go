package steps

import (
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Services is step 4.
func Services() ui.Step {
	return laterStep(session.StepServices, "Tjenester", "Services",
		"Steg 4: Koble systemet til tjenestene. SOAP-tjenester har tjenestekode og utgavekode; spørsmål om en tjeneste går til tjenesteeieren. Listen over tjenester for datasystemer: https://www.altinndigital.no/datasystemer",
		"Step 4: Connect the system to services. SOAP services have a service code and an edition code; questions about a service go to its owner. The list of services for datasystems: https://www.altinndigital.no/datasystemer")
}
