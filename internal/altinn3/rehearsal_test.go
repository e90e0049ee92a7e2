package altinn3

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// The customers of a rehearsal: one standard, one agent (an accounting
// firm), one who rejects.
var rehearsalCustomers = []struct {
	org    string
	agent  bool
	action string
}{
	{sbCustomerA, false, "approve"},
	{sbCustomerB, true, "approve"},
	{sbCustomerC, false, "reject"},
}

// approver decides a request; the test uses the sandbox's page, the
// benchmark Sandbox.Decide.
type approver func(s *session.Session, org, action string)

// rehearse is the whole path through the service layer: a key, the
// client test, the system registered, three customers, their requests,
// the customers' decisions, the statuses, a token for each accepted
// customer and the list of system users. It returns the key's public
// parts.
func rehearse(tb testing.TB, f *sbFixture, s *session.Session, decide approver) KeyOutcome {
	tb.Helper()
	key := f.keyAndClient(s)
	must(f.testClient(s))(tb)
	must(f.registerSystem(s, false))(tb)
	for _, c := range rehearsalCustomers {
		f.addCustomer(s, session.Customer{OrgNumber: c.org, Agent: c.agent, Name: "Kunde " + c.org})
		must(f.request(s, c.org, false))(tb)
	}
	for _, c := range rehearsalCustomers {
		decide(s, c.org, c.action)
	}
	for _, c := range rehearsalCustomers {
		out := must(f.refresh(s, c.org))(tb)
		want := map[string]string{"approve": session.RequestAccepted, "reject": session.RequestRejected}[c.action]
		if out.Request.Status != want {
			tb.Fatalf("%s: %s, want %s", c.org, out.Request.Status, want)
		}
		if c.action == "approve" {
			must(f.customerToken(s, c.org))(tb)
		}
	}
	if out := must(f.listUsers(s))(tb); len(out.List.Users) != 2 {
		tb.Fatalf("%d system users", len(out.List.Users))
	}
	return key
}

// approveOnPage opens the confirm URL as the customer's browser does and
// presses the button (§5.5).
func (f *sbFixture) approveOnPage(s *session.Session, org, action string) {
	f.tb.Helper()
	r := s.Altinn3.Customer(org).Request
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(r.ConfirmURL)
	if err != nil {
		f.tb.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	form := url.Values{"action": {action}}
	for _, name := range []string{"kind", "id", "key"} {
		m := regexp.MustCompile(`name="` + name + `" value="([^"]*)"`).FindSubmatch(page)
		if m == nil {
			f.tb.Fatalf("the page at %s has no %s:\n%s", r.ConfirmURL, name, page)
		}
		form.Set(name, string(m[1]))
	}
	resp, err = browser.PostForm(f.base+"/accessmanagement/ui/systemuser/decision", form)
	if err != nil {
		f.tb.Fatal(err)
	}
	resp.Body.Close()
	// After a decision the browser goes to the request's redirect URL.
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != sbRedirect {
		f.tb.Fatalf("%s %s: %d %s", org, action, resp.StatusCode, resp.Header.Get("Location"))
	}
}

// The full rehearsal of issue 10: a new session, key, client test,
// register, three customers (standard, agent, rejected), decisions on the
// sandbox's page, tokens for the accepted ones; the session ends where
// each step left it.
func TestSandboxRehearsal(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	rehearse(t, f, s, f.approveOnPage)
	for _, c := range rehearsalCustomers {
		cu := s.Altinn3.Customer(c.org)
		ok := c.action == "approve"
		if (cu.SystemUserID != "") != ok || (cu.LastToken != nil && cu.LastToken.OK) != ok || cu.Request.Agent != c.agent {
			t.Errorf("%s: %+v", c.org, cu)
		}
	}
	if lt := s.Altinn3.Maskinporten.LastTest; lt == nil || !lt.OK || !slices.Equal(lt.Granted, VendorScopes) {
		t.Errorf("%+v", lt)
	}
	// What the session records survives a save and a load.
	data, err := session.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := session.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := SnapshotOf(back); !strings.Contains(string(data), s.Altinn3.Registered.SystemID) || len(got.A3.Customers) != 3 {
		t.Fatalf("%+v", got.A3)
	}
}

// BenchmarkServiceRehearsal is the whole rehearsal through Onboarding
// against the sandbox on 127.0.0.1 (decisions by Sandbox.Decide); the
// target is under 2 s. "memory" keeps the key in memory; "keyring" in the
// real keyring (scripts/with-keyring).
func BenchmarkServiceRehearsal(b *testing.B) {
	for _, kind := range []string{"memory", "keyring"} {
		b.Run(kind, func(b *testing.B) {
			var secrets store.Secrets = &memSecrets{}
			if kind == "keyring" {
				secrets = keyringtest.Require(b)
			}
			f := newSandboxFixture(b, sandbox.Options{})
			f.o = f.onboarding(secrets)
			decide := func(s *session.Session, org, action string) { f.decide(s, org, action) }
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				s := sbSession(b, sbVendor)
				s.Altinn3.System.IDName = fmt.Sprintf("rehearsal-%d", i)
				rehearse(b, f, s, decide)
				if kind == "keyring" {
					b.StopTimer()
					secrets.DeleteAll(s.ID, SecretNames)
					b.StartTimer()
				}
			}
		})
	}
}
