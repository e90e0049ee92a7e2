package steps

import (
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Testing is step 5.
func Testing() ui.Step {
	return laterStep(session.StepTesting, "Testing", "Testing",
		"Steg 5: Test i TT02 (https://tt02.altinn.no) med fiktive testpersoner og -virksomheter. Bestill testbrukere med e-post til sluttbrukersystem@altinn.no. Logg inn i TT02 med Altinn kodebrev; testsertifikater kommer fra Buypass' eller Commfides' test-CA.",
		"Step 5: Test in TT02 (https://tt02.altinn.no) with fictitious test persons and organisations. Order test users by e-mail to sluttbrukersystem@altinn.no. Log in to TT02 with an Altinn code letter; test certificates come from Buypass' or Commfides' test CAs.")
}
