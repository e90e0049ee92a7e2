package sandbox

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// formKeyRE finds the page's hidden key.
var formKeyRE = regexp.MustCompile(`name="key" value="([0-9a-f]+)"`)

// page gets a page and its form key.
func (f *fixture) page(path string) (int, string, string) {
	f.t.Helper()
	status, _, body := f.do("GET", path, "", "", nil)
	key := ""
	if m := formKeyRE.FindStringSubmatch(string(body)); m != nil {
		key = m[1]
	}
	return status, string(body), key
}

// decide posts the approval page's form.
func (f *fixture) decide(kind, id, action, key string) (int, string) {
	f.t.Helper()
	form := url.Values{"kind": {kind}, "id": {id}, "action": {action}, "key": {key}}
	status, hdr, _ := f.do("POST", "/accessmanagement/ui/systemuser/decision", "", "application/x-www-form-urlencoded", []byte(form.Encode()))
	return status, hdr.Get("Location")
}

func TestApprovalPageOverHTTP(t *testing.T) {
	f := newFixture(t, Options{Lang: "en"})
	tok := f.withSystem()
	body := standardRequest(customerA)
	body["redirectUrl"] = "https://vendor.example/receipt?c=1"
	_, _, q := f.create(tok, false, body)
	u, _ := url.Parse(q.ConfirmURL)
	status, html, key := f.page(u.RequestURI())
	for _, want := range []string{"Rehearsal system", customerA, vendorOrg, resourceOK, `id="approve"`, `id="reject"`, `id="status">New`} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if status != 200 || key == "" || strings.Contains(html, "<script") {
		t.Fatalf("page: %d key %q", status, key)
	}
	// Without the key the form is refused and nothing changes.
	if status, _ := f.decide(kindRequest, q.ID, actApprove, "forged"); status != 403 {
		t.Fatalf("forged: %d", status)
	}
	// Approve: the browser goes on to the redirect URL (§5.5).
	status, loc := f.decide(kindRequest, q.ID, actApprove, key)
	if status != 303 || loc != "https://vendor.example/receipt?c=1" {
		t.Fatalf("approve: %d %q", status, loc)
	}
	_, html, _ = f.page(u.RequestURI())
	if !strings.Contains(html, `id="status">Accepted`) || strings.Contains(html, `id="approve"`) {
		t.Fatalf("after approval: %s", html)
	}
	if status, _ := f.decide(kindRequest, q.ID, actReject, key); status != 409 {
		t.Fatalf("reject after approval: %d", status)
	}
	// Without a redirect URL the browser comes back to the page.
	_, _, q2 := f.create(tok, false, standardRequest(customerB))
	status, loc = f.decide(kindRequest, q2.ID, actReject, key)
	if status != 303 || !strings.HasPrefix(loc, "/accessmanagement/ui/systemuser/request?id="+q2.ID) {
		t.Fatalf("reject: %d %q", status, loc)
	}
	// Remove: gone, the page says so.
	if status, _ := f.decide(kindRequest, q2.ID, actRemove, key); status != 303 {
		t.Fatalf("remove: %d", status)
	}
	if status, html, _ := f.page("/accessmanagement/ui/systemuser/request?id=" + q2.ID); status != 404 || !strings.Contains(html, "Request not found") {
		t.Fatalf("removed page: %d", status)
	}
	// An agent request is shown on its own page only.
	_, _, a := f.create(tok, true, agentRequest(customerC))
	if status, _, _ := f.page("/accessmanagement/ui/systemuser/request?id=" + a.ID); status != 404 {
		t.Fatalf("agent on the standard page: %d", status)
	}
	if status, html, _ := f.page("/accessmanagement/ui/systemuser/agentrequest?id=" + a.ID); status != 200 || !strings.Contains(html, "regnskapsforer-med-signeringsrett") {
		t.Fatalf("agent page: %d", status)
	}
}

// The sandbox's own buttons give the statuses the customer cannot.
func TestSandboxDecisions(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	_, _, key := f.page("/sandbox/")
	for _, c := range []struct{ action, status string }{{actDeny, "Denied"}, {actExpire, "Timedout"}, {actEscalate, "New"}} {
		_, _, q := f.create(tok, false, standardRequest(customerA))
		if status, _ := f.decide(kindRequest, q.ID, c.action, key); status != 303 {
			t.Fatalf("%s: %d", c.action, status)
		}
		_, _, resp := f.api("GET", requestPath+"/"+q.ID, tok, nil)
		if !strings.Contains(string(resp), `"status":"`+c.status+`"`) {
			t.Fatalf("%s: %s", c.action, resp)
		}
		if c.action == actEscalate && !strings.Contains(string(resp), `"escalated":true`) {
			t.Fatalf("escalate: %s", resp)
		}
		f.api("DELETE", requestPath+"/"+q.ID, tok, nil)
	}
	// Expire with ExpireGone removes the request.
	g := newFixture(t, Options{ExpireAs: ExpireGone})
	gt := g.withSystem()
	_, _, q := g.create(gt, false, standardRequest(customerA))
	if _, err := g.srv.Decide(kindRequest, q.ID, actExpire); err != nil {
		t.Fatal(err)
	}
	status, _, resp := g.api("GET", requestPath+"/"+q.ID, gt, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00010")
}

func TestDecisionAPI(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	_, _, q := f.create(tok, false, standardRequest(customerA))
	status, _, resp := f.do("POST", "/sandbox/api/decisions", "", "application/json", []byte(`{"id":"`+q.ID+`","action":"approve"}`))
	if status != 200 || string(resp) != `{"redirect":""}` {
		t.Fatalf("approve: %d %s", status, resp)
	}
	for body, want := range map[string]int{
		`{"id":"` + q.ID + `","action":"reject"}`:      409,
		`{"id":"` + newUUID() + `","action":"reject"}`: 404,
		`{"id":"` + q.ID + `","action":"dance"}`:       409,
	} {
		if status, _, resp := f.do("POST", "/sandbox/api/decisions", "", "application/json", []byte(body)); status != want {
			t.Errorf("%s: %d %s", body, status, resp)
		}
	}
	// Only JSON: a form from another site cannot drive it.
	if status, _, _ := f.do("POST", "/sandbox/api/decisions", "", "text/plain", []byte(`{"id":"x","action":"approve"}`)); status != 415 {
		t.Errorf("text/plain: %d", status)
	}
}
