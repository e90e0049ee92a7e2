package steps

import (
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// Zero services is a problem of step 1 (its review does not say
// "alt er fylt ut") and of step 4, in both languages (issue 11 §5).
func TestNoServicesIsAProblem(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"nb", "en"} {
		ctx := svContext(lang)
		ctx.Session.Answers = sessiontest.Answers()
		ctx.Session.Answers.System.Services = nil
		want := ctx.T("Legg til minst én tjeneste", "Add at least one service")

		var msgs []string
		for _, p := range trackStep(t, ctx, session.StepRegistration).Problems(ctx) {
			msgs = append(msgs, p.Screen+" "+p.Field+": "+p.Message)
		}
		if len(msgs) != 1 || !strings.HasPrefix(msgs[0], ScreenServices+" system.services: ") || !strings.HasSuffix(msgs[0], want) {
			t.Fatalf("%s: step 1's problems %q", lang, msgs)
		}
		p := trackStep(t, ctx, session.StepServices).Problems(ctx)
		if len(p) != 1 || p[0].Message != want || p[0].Field != "system.services" {
			t.Fatalf("%s: step 4's problems %+v", lang, p)
		}
		review := svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenReview, ctx, "")
		review = startForm(t, review)
		wantScreen(t, review, want)
		wantScreenNot(t, review, ctx.T("alt er fylt ut", "everything is filled in"))

		// One service: nothing left.
		ctx.Session.Answers.System.Services = []session.Service{{Code: "4936", Edition: "1", Name: "A-melding"}}
		if p := trackStep(t, ctx, session.StepRegistration).Problems(ctx); len(p) != 0 {
			t.Fatalf("%s: one service, problems %+v", lang, p)
		}
		review = startForm(t, svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenReview, ctx, ""))
		if v := screenText(review); !strings.Contains(v, ctx.T("alt er fylt ut", "everything is filled in")) {
			t.Fatalf("%s: complete review:\n%s", lang, v)
		}
	}
}
