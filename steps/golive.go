package steps

import (
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// GoLive is step 6.
func GoLive() ui.Step {
	return laterStep(session.StepGoLive, "I drift", "Go-live",
		"Steg 6: Gjør systemet tilgjengelig. Hver kunde logger inn på altinn.no, Profil > Avanserte innstillinger > Datasystem, velger systemet deres fra listen og setter et passord; de kan krysse av for at systemet støtter signering.",
		"Step 6: Make the system available. Each customer logs in on altinn.no, Profil > Avanserte innstillinger > Datasystem, picks your system from the list and sets a password; they may tick that the system supports signing.")
}
