package steps

import (
	"testing"

	"github.com/altinn-onboard/altinn-onboard/ui"
)

// onTrack puts ctx on the Altinn II track built with d, as the app does
// (the track in the context, the deps in its steps), and returns it.
func onTrack(ctx *ui.Context, d Deps) *ui.Context {
	tr := AltinnII(d)
	ctx.Track = &tr
	return ctx
}

// trackStep is the step with the given ID of ctx's track: the one built
// with the deps onTrack was given.
func trackStep(t testing.TB, ctx *ui.Context, id string) ui.Step {
	t.Helper()
	if ctx.Track == nil {
		t.Fatal("the context is on no track (see onTrack)")
	}
	i := ctx.Track.Index(id)
	if i < 0 {
		t.Fatalf("the track has no step %q", id)
	}
	return ctx.Track.Steps[i]
}
