package altinn3

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// Step 1: a new key, its JWKS registered on a client, a token for the
// vendor's three scopes; the session records the test, never the token.
func TestSandboxClientTest(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	out, err := f.testClient(s)
	if err != nil {
		t.Fatal(textOf(err))
	}
	lt := s.Altinn3.Maskinporten.LastTest
	if lt == nil || !lt.OK || !slices.Equal(lt.Granted, VendorScopes) || len(lt.Missing) != 0 || lt.ExpiresIn != 120 || lt.Environment != session.EnvTT02 {
		t.Fatalf("last test %+v", lt)
	}
	c := out.Token.Claims
	if c.ClientID != s.Altinn3.Maskinporten.ClientID || c.Consumer != "0192:"+sbVendor || c.SystemUserOrg != "" {
		t.Fatalf("claims %+v", c)
	}
	data, _ := session.Encode(s)
	if strings.Contains(string(data), out.Token.Value()) {
		t.Fatal("the token is in the session")
	}
	// The token is kept for its lifetime: a second test asks nobody.
	n := f.calls()
	if _, err := f.testClient(s); err != nil || f.calls() != n {
		t.Fatalf("a valid token was fetched again (%d -> %d): %v", n, f.calls(), err)
	}
}

// expires_in decides the token's lifetime, both of the values the
// sources give (§13.2): the token is used until shortly before it
// expires and then fetched anew.
func TestSandboxTokenLifetimeBothWays(t *testing.T) {
	for _, life := range []time.Duration{120 * time.Second, 599 * time.Second} {
		f := newSandboxFixture(t, sandbox.Options{TokenLifetime: life})
		s := sbSession(t, sbVendor)
		f.keyAndClient(s)
		out := must(f.testClient(s))(t)
		if out.Token.ExpiresIn != int(life/time.Second) || s.Altinn3.Maskinporten.LastTest.ExpiresIn != int(life/time.Second) {
			t.Fatalf("%v: expires_in %d", life, out.Token.ExpiresIn)
		}
		n := f.calls()
		f.world.Add(life - 30*time.Second)
		must(f.testClient(s))(t)
		if f.calls() != n {
			t.Fatalf("%v: fetched again before expiry", life)
		}
		f.world.Add(25 * time.Second) // within the 10 s margin
		must(f.diffOrRegister(s))(t)
		if f.calls() != n+1 {
			t.Fatalf("%v: not fetched again near expiry (%d calls)", life, f.calls()-n)
		}
	}
}

// diffOrRegister makes a call to the platform with the vendor's token.
func (f *sbFixture) diffOrRegister(s *session.Session) (RegisterOutcome, error) {
	return f.registerSystem(s, false)
}

// A client without some of the three scopes: Maskinporten refuses the
// token (invalid_scope), and the test names exactly the missing ones.
func TestSandboxMissingScopes(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s, ScopeSystemRegisterWrite)
	_, err := f.testClient(s)
	e := asError(t, err)
	if e.Kind != KindMaskinporten || e.MP != MPInvalidScope || e.Code != "invalid_scope" || e.Status != 400 {
		t.Fatalf("%+v", e)
	}
	want := []string{ScopeRequestRead, ScopeRequestWrite}
	lt := s.Altinn3.Maskinporten.LastTest
	if !slices.Equal(e.Missing, want) || lt == nil || lt.OK || !slices.Equal(lt.Missing, want) || lt.Error == nil || lt.Error.Code != "invalid_scope" {
		t.Fatalf("missing %v, last test %+v", e.Missing, lt)
	}
	wantText(t, err, "invalid_scope", ScopeRequestRead, ScopeRequestWrite, "self-service portal")
	// The client's own scopes are asked for too, and named when missing.
	must(step(f, s, func(Snapshot) (ClientEdit, error) { return f.o.SetScopes([]string{"skatteetaten:test"}) }))(t)
	_, err = f.testClient(s)
	if e := asError(t, err); !slices.Equal(e.Missing, []string{ScopeRequestRead, ScopeRequestWrite, "skatteetaten:test"}) {
		t.Fatalf("%v", e.Missing)
	}
}

// Step 2: create, read back, no difference; change the answers, see the
// change before anything is sent, then replace the definition.
func TestSandboxRegisterDiffUpdate(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	out := must(f.registerSystem(s, false))(t)
	reg := s.Altinn3.Registered
	if !out.Created || reg == nil || reg.SystemID != sbVendor+"_blabaer-regnskap" || reg.InternalID == "" || reg.Environment != session.EnvTT02 {
		t.Fatalf("%+v %+v", out, reg)
	}
	d := must(f.diff(s))(t)
	if len(d.Changes) != 0 || d.Deleted || !slices.Equal(d.Registered.ClientIDs, []string{s.Altinn3.Maskinporten.ClientID}) ||
		d.Registered.Visible == nil || *d.Registered.Visible || s.Altinn3.Registered.ReadBackAt.IsZero() {
		t.Fatalf("read back %+v changes %v", d.Registered, d.Changes)
	}
	// The same again: nothing to do.
	if out := must(f.registerSystem(s, false))(t); out.Created || out.Updated || out.NeedsConfirmation {
		t.Fatalf("%+v", out)
	}

	s.Altinn3.System.Rights = append(s.Altinn3.System.Rights, "app_ttd_endring-av-navn-v2")
	s.Altinn3.System.Description.EN = "Accounting for small firms"
	out = must(f.registerSystem(s, false))(t)
	if !out.NeedsConfirmation || out.Updated || len(out.Changes) != 2 {
		t.Fatalf("%+v", out)
	}
	if d := must(f.diff(s))(t); len(d.Changes) != 2 || slices.Contains(d.Registered.Rights, "app_ttd_endring-av-navn-v2") {
		t.Fatalf("something was sent before the user confirmed: %+v", d.Registered)
	}
	out = must(f.registerSystem(s, true))(t)
	if !out.Updated || s.Altinn3.Registered.UpdatedAt.IsZero() {
		t.Fatalf("%+v", out)
	}
	if d := must(f.diff(s))(t); len(d.Changes) != 0 || d.Registered.Description.EN != "Accounting for small firms" {
		t.Fatalf("after the update: %v %+v", d.Changes, d.Registered)
	}
}

// The answer to the creating POST was lost (the session does not know it
// registered): the next try finds the ID taken, reads the system back,
// and records it without sending anything else.
func TestSandboxRegisterResumesAfterLostAnswer(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	must(f.registerSystem(s, false))(t)
	s.Altinn3.Registered = nil
	out := must(f.registerSystem(s, false))(t)
	if out.Created || out.Updated || out.NeedsConfirmation || s.Altinn3.Registered == nil || s.Altinn3.Registered.ReadBackAt.IsZero() {
		t.Fatalf("%+v %+v", out, s.Altinn3.Registered)
	}
}

// Step 3: a standard and an agent request, the confirm URLs, the
// repeated POST answered with the existing request, approval, and the
// system user found.
func TestSandboxRequestsStandardAndAgent(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := f.ready(sbVendor)
	f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA, Name: "Kunde A AS", Email: "a@kunde.example.no"})
	f.addCustomer(s, session.Customer{OrgNumber: sbCustomerB, Name: "Regnskap B AS", Agent: true, ExternalRef: "kunde-b"})

	a := must(f.request(s, sbCustomerA, false))(t)
	ra := s.Altinn3.Customer(sbCustomerA).Request
	if a.Request.HTTPStatus != 201 || ra.ID == "" || ra.Status != session.RequestNew || ra.Agent ||
		ra.ConfirmURL != f.base+"/accessmanagement/ui/systemuser/request?id="+ra.ID+"&DONTCHOOSEREPORTEE=true" ||
		!slices.Equal(ra.Rights, []string{sbResource}) || len(ra.AccessPackages) != 0 || ra.RedirectURL != sbRedirect {
		t.Fatalf("standard %+v", ra)
	}
	b := must(f.request(s, sbCustomerB, false))(t)
	rb := s.Altinn3.Customer(sbCustomerB).Request
	if b.Request.HTTPStatus != 201 || !rb.Agent || rb.ExternalRef != "kunde-b" ||
		rb.ConfirmURL != f.base+"/accessmanagement/ui/systemuser/agentrequest?id="+rb.ID+"&DONTCHOOSEREPORTEE=true" ||
		!slices.Equal(rb.AccessPackages, []string{sbAgentPkg}) || len(rb.Rights) != 0 {
		t.Fatalf("agent %+v", rb)
	}

	// The session lost the request's ID (a crash before the answer was
	// saved): the POST is sent again and the register answers with the
	// existing request, 200 (§1 C7).
	idA := ra.ID
	s.Altinn3.Customer(sbCustomerA).Request.ID = ""
	again := must(f.refresh(s, sbCustomerA))(t)
	if again.Request.HTTPStatus != 200 || s.Altinn3.Customer(sbCustomerA).Request.ID != idA {
		t.Fatalf("repeated POST: %d %s, want 200 %s", again.Request.HTTPStatus, again.Request.ID, idA)
	}

	f.decide(s, sbCustomerA, "approve")
	f.decide(s, sbCustomerB, "approve")
	for _, org := range []string{sbCustomerA, sbCustomerB} {
		out := must(f.refresh(s, org))(t)
		c := s.Altinn3.Customer(org)
		if !out.Changed || c.Request.Status != session.RequestAccepted || c.SystemUserID == "" || c.Request.ChangedAt.IsZero() {
			t.Fatalf("%s: %+v %+v", org, out, c)
		}
	}
	// A request already sent is read, not sent again.
	if out := must(f.request(s, sbCustomerA, false))(t); out.Request.Status != session.RequestAccepted || out.Request.ID != idA {
		t.Fatalf("%+v", out.Request)
	}
}

// Every status, with the sandbox's expiry both ways (§13.1): Timedout
// stays readable, gone answers 404; both are final, and renew sends a
// new request in their place.
func TestSandboxRequestStatuses(t *testing.T) {
	type want struct {
		action, status string
	}
	for _, expireAs := range []sandbox.Expiry{sandbox.ExpireTimedout, sandbox.ExpireGone} {
		expired := session.RequestTimedout
		if expireAs == sandbox.ExpireGone {
			expired = session.RequestGone
		}
		f := newSandboxFixture(t, sandbox.Options{ExpireAs: expireAs})
		s := f.ready(sbVendor)
		cases := map[string]want{
			sbCustomerA: {"reject", session.RequestRejected},
			sbCustomerB: {"deny", session.RequestDenied},
			sbCustomerC: {"expire", expired},
			sbCustomerD: {"remove", session.RequestGone},
		}
		for org := range cases {
			f.addCustomer(s, session.Customer{OrgNumber: org})
			must(f.request(s, org, false))(t)
		}
		for org, w := range cases {
			f.decide(s, org, w.action)
			out := must(f.refresh(s, org))(t)
			if out.Request.Status != w.status || !out.Changed || !Decided(out.Request.Status) {
				t.Fatalf("%v %s: %s, want %s", expireAs, w.action, out.Request.Status, w.status)
			}
			old := out.Request.ID
			renewed := must(f.request(s, org, true))(t)
			if renewed.Request.ID == old || renewed.Request.Status != session.RequestNew || renewed.Request.HTTPStatus != 201 {
				t.Fatalf("%v %s: renew %+v", expireAs, w.action, renewed.Request)
			}
		}
		// Escalated stays New, and says so.
		f.decide(s, sbCustomerA, "escalate")
		if out := must(f.refresh(s, sbCustomerA))(t); !out.Request.Escalated || out.Request.Status != session.RequestNew || out.Changed {
			t.Fatalf("escalate %+v", out.Request)
		}
	}
}

// The request timeout passes on the sandbox's clock, both ways.
func TestSandboxRequestTimesOut(t *testing.T) {
	for _, expireAs := range []sandbox.Expiry{sandbox.ExpireTimedout, sandbox.ExpireGone} {
		f := newSandboxFixture(t, sandbox.Options{ExpireAs: expireAs, RequestTimeout: time.Hour})
		s := f.ready(sbVendor)
		f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA})
		must(f.request(s, sbCustomerA, false))(t)
		f.world.Add(30 * time.Minute)
		if out := must(f.refresh(s, sbCustomerA))(t); out.Request.Status != session.RequestNew {
			t.Fatalf("%v: %s before the timeout", expireAs, out.Request.Status)
		}
		f.world.Add(31 * time.Minute)
		out := must(f.refresh(s, sbCustomerA))(t)
		want := map[sandbox.Expiry]string{sandbox.ExpireTimedout: session.RequestTimedout, sandbox.ExpireGone: session.RequestGone}[expireAs]
		if out.Request.Status != want {
			t.Fatalf("%v: %s, want %s", expireAs, out.Request.Status, want)
		}
	}
}

// The system's system users, over several pages.
func TestSandboxSystemUsersPaginated(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{PageSize: 2})
	s := f.ready(sbVendor)
	orgs := []string{sbCustomerA, sbCustomerB, sbCustomerC, sbCustomerD, sbOther}
	for i, org := range orgs {
		f.addCustomer(s, session.Customer{OrgNumber: org, Agent: i == 1})
		must(f.request(s, org, false))(t)
		f.decide(s, org, "approve")
	}
	out := must(f.listUsers(s))(t)
	if len(out.List.Users) != len(orgs) || s.Altinn3.SystemUsers == nil {
		t.Fatalf("%d users, want %d", len(out.List.Users), len(orgs))
	}
	for i, org := range orgs {
		u := out.List.Users[i]
		c := s.Altinn3.Customer(org)
		wantType := map[bool]string{false: "standard", true: "agent"}[i == 1]
		if u.OrgNumber != org || u.Type != wantType || u.ID == "" || c.SystemUserID != u.ID || u.Created.IsZero() {
			t.Fatalf("user %d %+v, customer %+v", i, u, c)
		}
	}
}

// Step 4: a system-user token for each accepted customer, standard and
// agent, with systemuser_org spelled either way (§13.5).
func TestSandboxCustomerTokens(t *testing.T) {
	for _, lower := range []bool{false, true} {
		f := newSandboxFixture(t, sandbox.Options{LowercaseSystemUserOrgID: lower})
		s := f.ready(sbVendor)
		f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA})
		f.addCustomer(s, session.Customer{OrgNumber: sbCustomerB, Agent: true, ExternalRef: "kunde-b"})
		for _, org := range []string{sbCustomerA, sbCustomerB} {
			must(f.request(s, org, false))(t)
			f.decide(s, org, "approve")
			must(f.refresh(s, org))(t)
			out := must(f.customerToken(s, org))(t)
			c := s.Altinn3.Customer(org)
			cl := out.Token.Claims
			if cl.SystemUserOrg != "0192:"+org || !slices.Equal(cl.SystemUserIDs, []string{c.SystemUserID}) ||
				cl.SystemID != s.Altinn3.Registered.SystemID || cl.Consumer != "0192:"+sbVendor {
				t.Fatalf("lower=%v %s: claims %+v", lower, org, cl)
			}
			if c.LastToken == nil || !c.LastToken.OK || c.LastToken.Customer != org || !slices.Equal(c.LastToken.Granted, VendorScopes) {
				t.Fatalf("%+v", c.LastToken)
			}
		}
	}
}
