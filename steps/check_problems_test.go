package steps

import (
	"slices"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// Step 1's problems (the overview and the review) are forms.Check's, with
// the check's message at the field's key: åse@fjordsøl.no, which the form
// refuses, is a problem there too, and the review will not make the
// documents.
func TestRegistrationProblemsAreTheChecks(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"nb", "en"} {
		ctx := tsSession(lang)
		ctx.Session.Answers.Contact.Email = "åse@fjordsøl.no"
		_, problems := forms.Check(ctx.Session.Answers)
		fl := forms.NB
		if lang == "en" {
			fl = forms.EN
		}
		want := []string{"contact contact.email: " + problems[0].Text(fl)}
		if got := iaProblems(trackStep(t, ctx, session.StepRegistration), ctx); !slices.Equal(got, want) {
			t.Fatalf("problems %q, want %q", got, want)
		}
		s := svScreen(t, trackStep(t, ctx, session.StepRegistration), ScreenReview, ctx, "")
		wantScreen(t, s, "✗ contact.email:")
	}
}

// Step 3 reports answers given and wrong by the rules of its forms (it
// used to check only that they were there).
func TestAuthenticationProblemsUseTheFormsRules(t *testing.T) {
	t.Parallel()
	ctx := iaContext(t, "en", nil)
	s := ctx.Session
	s.Answers = sessiontest.Answers()
	s.Answers.System.Interfaces = []string{session.InterfaceREST}
	s.Authentication.RESTMechanisms = []string{forms.MechEnterpriseMaskinporten, "ftp"}
	s.Authentication.EnterpriseUser = "ent\x1b[2J"
	got := strings.Join(iaProblems(trackStep(t, ctx, session.StepAuthentication), ctx), "\n")
	for _, want := range []string{
		`rest_mechanisms authentication.rest_mechanisms[1]: "ftp" is not a valid choice`,
		"rest_mechanisms authentication.enterprise_user: The text contains an invisible control character (U+001B)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b") {
		t.Errorf("a control character in a message:\n%q", got)
	}
}

// Step 2 reports an interface its form would refuse (from an answers file
// or an import), not only a missing one.
func TestIntegrationProblemsUseTheCheck(t *testing.T) {
	t.Parallel()
	ctx := iaContext(t, "en", nil)
	ctx.Session.Answers.System.Interfaces = []string{session.InterfaceSOAP, "ftp"}
	got := iaProblems(trackStep(t, ctx, session.StepIntegration), ctx)
	if len(got) != 1 || !strings.HasPrefix(got[0], `interfaces system.interfaces[1]: "ftp" is not a valid choice`) {
		t.Fatalf("problems %q", got)
	}
}
