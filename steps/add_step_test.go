package steps

import (
	"slices"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// extraStep is what a new step's file would hold: its ID, its title, a
// screen, and what it says is left.
func extraStep() ui.Step {
	return ui.Step{
		ID:    "extra",
		Title: func(string) string { return "Ekstra" },
		Screens: []ui.ScreenSpec{{ID: "extra", Title: func(string) string { return "Ekstra" },
			New: func(ctx *ui.Context, field string) ui.Screen { return ui.NewInfoScreen(ctx, "ekstra") }}},
		Remaining: func(ctx *ui.Context) string { return "ekstra gjenstår" },
	}
}

// Adding a step to a track is one new step and one entry in the track's
// list, and nothing else: with a step put in as the Altinn II track's
// second, every "Steg N av M" and every reference to another step follows,
// the go-live checklist lists it with its own number and words, and the
// onboarding is not complete without it.
func TestAddingAStepTouchesNothingElse(t *testing.T) {
	d := Deps{Now: func() time.Time { return goLiveNow }}
	tr := AltinnII(d)
	tr.Steps = slices.Insert(tr.Steps, 1, extraStep()) // the one list entry
	sess := sessiontest.Full(goLiveNow)
	sess.Settings.OutputDir = t.TempDir()
	sess.Answers.System.Interfaces = []string{session.InterfaceREST}
	sess.Answers.System.Services = nil
	ctx := &ui.Context{Session: sess, Lang: "nb", NoColor: true, Width: 100, Height: 40, Track: &tr}

	screen := func(stepID, screenID string) ui.Screen {
		t.Helper()
		return svScreen(t, trackStep(t, ctx, stepID), screenID, ctx, "")
	}
	wantScreen(t, screen(session.StepRegistration, ScreenVendor), "Steg 1 av 7: Registrer datasystemet.")
	wantScreen(t, screen(session.StepIntegration, ScreenInterfaces), "Steg 3 av 7: Velg grensesnitt (samme svar som i steg 1).")
	wantScreen(t, screen(session.StepAuthentication, ScreenSystemID),
		"Steg 4 av 7: Autentisering. SOAP er ikke valgt (steg 3), så dere trenger ingen SystemID")
	wantScreen(t, screen(session.StepServices, ScreenServiceTable), "Steg 5 av 7: Koble systemet til tjenestene.")
	wantScreen(t, screen(session.StepTesting, ScreenTT02Facts), "Steg 6 av 7: Test i TT02", "mot tjenestene fra steg 5")
	wantScreen(t, screen(session.StepTesting, ScreenTT02Checklist), "Legg dem til i steg 5 (alt+5)")
	wantScreen(t, screen(session.StepGoLive, ScreenGuideSetup), "Steg 7 av 7: Gjør systemet tilgjengelig")

	// Every other step done, go-live too: the new step keeps the
	// onboarding from being complete, and the checklist says so.
	for _, id := range tr.StepIDs() {
		if id != "extra" {
			sess.SetStepStatus(id, session.Done, goLiveNow)
		}
	}
	c := screen(session.StepGoLive, ScreenChecklist)
	wantScreen(t, c, "Steg 1–6 (enter går til steget)", "○ 2 Ekstra ikke startet · ekstra gjenstår",
		"✓ 3 Integrasjon", "✓ Steg 7 er ferdig (steg 2 er ikke ferdige)")
	if tr.StepsDone(sess) {
		t.Fatal("complete without the new step")
	}
	if p := tr.Progress(sess.Steps); p.Step != 2 || p.Steps != 7 || p.Complete {
		t.Fatalf("progress %+v, want step 2 of 7", p)
	}
	sess.SetStepStatus("extra", session.Done, goLiveNow)
	if p := tr.Progress(sess.Steps); p.Step != 8 || !p.Complete {
		t.Fatalf("progress %+v, want complete", p)
	}
}
