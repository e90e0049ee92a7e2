package steps

import (
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
)

// acceptedCustomers adds customers and has them decide, through the
// customers screen.
func (f *a3Fixture) acceptedCustomers(decisions map[string]string) {
	f.t.Helper()
	s := f.screen(StepA3Customers, ScreenA3Customers)
	for _, org := range []string{a3CustomerA, a3CustomerB} {
		s = addCustomer(f.t, s, org, "Kunde "+org, "", false)
		f.decisions[org] = decisions[org]
		s = selectRow(f.t, s, org)
		s = drive(f.t, s, keys("s"))
	}
}

// Step 4: a token for a customer that approved shows what it grants;
// customers that have not approved cannot be chosen; a system user the
// register no longer has gives MP-303, explained, with the uncertainty
// of Maskinporten's error codes.
func TestA3Token(t *testing.T) {
	f := newA3Fixture(t, "nb")
	f.readySystem()
	s := f.screen(StepA3Token, ScreenA3Tokens)
	if ps := tokenProblems(f.ctx); len(ps) != 1 || ps[0].Message != "Ingen kunde har godkjent systembrukeren ennå (steg 3)" {
		t.Fatalf("problems: %+v", ps)
	}
	wantScreen(t, s, "Ferdig med Altinn 3-sporet")
	f.acceptedCustomers(map[string]string{a3CustomerA: "approve", a3CustomerB: "reject"})

	s = f.screen(StepA3Token, ScreenA3Tokens)
	wantScreen(t, s, "Hent token for "+a3CustomerA, a3CustomerB+" Kunde "+a3CustomerB+" (avvist av kunden)")
	for _, it := range a3Base(t, s).menu.Items {
		if it.Key == a3CustomerB && !it.Disabled {
			t.Fatal("a customer that rejected can be chosen")
		}
	}
	if ps := tokenProblems(f.ctx); len(ps) != 1 || ps[0].Field != a3CustomerA {
		t.Fatalf("problems: %+v", ps)
	}
	s = pick(t, s, a3CustomerA)
	wantScreen(t, s, "Systembruker-token for "+a3CustomerA+" hentet", "det holdes bare i minnet",
		"Gjelder organisasjonen 0192:"+a3CustomerA, altinn3.UncertainOrgIDCase.Text("nb"))
	a := f.sess.Altinn3.Customer(a3CustomerA)
	if lt := a.LastToken; lt == nil || !lt.OK || lt.Customer != a3CustomerA || len(lt.Granted) == 0 {
		t.Fatalf("last token: %+v", lt)
	}
	if ps := tokenProblems(f.ctx); len(ps) != 0 {
		t.Fatalf("problems: %+v", ps)
	}

	// The system user is gone from the register: MP-303.
	if err := f.sb.DeleteSystemUser(a.SystemUserID); err != nil {
		t.Fatal(err)
	}
	// Tokens are kept for their lifetime; setting the scopes (to what
	// they were) forgets them, so the next try asks Maskinporten.
	if _, err := f.deps.Altinn3.SetScopes(f.sess.Altinn3.Maskinporten.Scopes); err != nil {
		t.Fatal(err)
	}
	s = pick(t, s, a3CustomerA)
	wantScreen(t, s, "MP-303", altinn3.UncertainErrorCodes.Text("nb"))
	if lt := f.sess.Altinn3.Customer(a3CustomerA).LastToken; lt == nil || lt.OK || lt.Error == nil {
		t.Fatalf("last token: %+v", lt)
	}
	if ps := tokenProblems(f.ctx); len(ps) != 1 {
		t.Fatalf("problems: %+v", ps)
	}
}
