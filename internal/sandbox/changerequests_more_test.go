package sandbox

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// systemUserOf is the id of the customer's system user of the rehearsal
// system.
func (f *fixture) systemUserOf(tok, customer string) string {
	f.t.Helper()
	status, _, resp := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customer, tok, nil)
	var su systemUserDTO
	if status != 200 || json.Unmarshal(resp, &su) != nil {
		f.t.Fatalf("system user of %s: %d %s", customer, status, resp)
	}
	return su.ID
}

// withSystemUser registers the rehearsal system, makes the customer's
// standard system user, and returns a token and the system user's id.
func (f *fixture) withSystemUser(customer string) (tok, su string) {
	f.t.Helper()
	tok = f.withSystem()
	f.approved(tok, false, customer, "")
	return tok, f.systemUserOf(tok, customer)
}

// postChange posts a change request with a fresh correlation id, or the
// one given.
func (f *fixture) postChange(tok, suID, corr string, body any) (int, changeResponse, []byte) {
	f.t.Helper()
	if corr == "" {
		corr = newUUID()
	}
	status, _, resp := f.api("POST", changeRequestPath+"?correlation-id="+corr+"&system-user-id="+suID, tok, body)
	var cr changeResponse
	if status/100 == 2 {
		json.Unmarshal(resp, &cr)
	}
	return status, cr, resp
}

func pkgBody(key, urn string) map[string]any {
	return map[string]any{key: []any{map[string]string{"urn": urn}}}
}

// Once a change request is decided, its correlation id is spent: a POST
// with it is 409 AUTH-00061, not the old answer (§6).
func TestChangeRequestCorrelationIDSpent(t *testing.T) {
	f := newFixture(t, Options{})
	tok, su := f.withSystemUser(customerA)
	body := pkgBody("requiredAccessPackages", "urn:altinn:accesspackage:skattnaering")
	for _, action := range []string{actApprove, actReject, actDeny, actExpire} {
		corr := newUUID()
		if status, _, resp := f.postChange(tok, su, corr, body); status != 201 {
			t.Fatalf("%s: create %d %s", action, status, resp)
		}
		// Still New: the same POST answers the same change request.
		if status, cr, resp := f.postChange(tok, su, corr, body); status != 200 || cr.ID != corr || cr.Status != statusNew {
			t.Fatalf("%s: repeat while New: %d %s", action, status, resp)
		}
		if _, err := f.srv.Decide(kindChangeRequest, corr, action); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		status, _, resp := f.postChange(tok, su, corr, body)
		wantAuthProblem(t, status, resp, 409, "AUTH-00061")
	}
}

// Every decision on a change request, and what an approval does to the
// system user's access packages (§6: add the required, drop the unwanted,
// idempotent).
func TestChangeRequestDecisions(t *testing.T) {
	f := newFixture(t, Options{RequestTimeout: time.Hour})
	tok, su := f.withSystemUser(customerA)
	packages := func() []string {
		f.srv.mu.Lock()
		defer f.srv.mu.Unlock()
		return packageNames(f.srv.st.SystemUsers[su].AccessPackages)
	}
	add := pkgBody("requiredAccessPackages", "urn:altinn:accesspackage:skattnaering")
	drop := pkgBody("unwantedAccessPackages", "urn:altinn:accesspackage:skattnaering")

	status, cr, resp := f.postChange(tok, su, "", add)
	if status != 201 {
		t.Fatalf("add: %d %s", status, resp)
	}
	// The customer sees what is asked on the change request's page.
	if status, html, _ := f.page(strings.TrimPrefix(*cr.ConfirmURL, f.srv.URL())); status != 200 ||
		!strings.Contains(html, "urn:altinn:accesspackage:skattnaering") || !strings.Contains(html, `id="approve"`) || strings.Contains(html, `id="escalate"`) {
		t.Fatalf("change request page: %d %s", status, html)
	}
	if _, err := f.srv.Decide(kindChangeRequest, cr.ID, actApprove); err != nil {
		t.Fatal(err)
	}
	if got := packages(); !reflect.DeepEqual(got, []string{"urn:altinn:accesspackage:skattnaering"}) {
		t.Fatalf("after adding: %v", got)
	}
	// Adding it again changes nothing (idempotent).
	_, again, _ := f.postChange(tok, su, "", add)
	f.srv.Decide(kindChangeRequest, again.ID, actApprove)
	if got := packages(); len(got) != 1 {
		t.Fatalf("after adding twice: %v", got)
	}
	// A removal, shown as such on the page, then approved.
	_, rm, _ := f.postChange(tok, su, "", drop)
	if _, html, _ := f.page(strings.TrimPrefix(*rm.ConfirmURL, f.srv.URL())); !strings.Contains(html, `id="unwanted"`) {
		t.Fatalf("the page does not show what is removed: %s", html)
	}
	f.srv.Decide(kindChangeRequest, rm.ID, actApprove)
	if got := packages(); len(got) != 0 {
		t.Fatalf("after removing: %v", got)
	}

	// Reject, deny and the timeout leave the system user as it was, and
	// the vendor reads the status (§6 statuses).
	get := func(id string) changeResponse {
		t.Helper()
		status, _, resp := f.api("GET", changeRequestPath+"/"+id, f.token(allScopes), nil)
		var out changeResponse
		if status != 200 || json.Unmarshal(resp, &out) != nil {
			t.Fatalf("GET %s: %d %s", id, status, resp)
		}
		return out
	}
	for action, want := range map[string]string{actReject: statusRejected, actDeny: statusDenied, actExpire: statusTimedout} {
		_, c, _ := f.postChange(tok, su, "", add)
		if _, err := f.srv.Decide(kindChangeRequest, c.ID, action); err != nil {
			t.Fatal(err)
		}
		if got := get(c.ID); got.Status != want || got.TimedOut != (want == statusTimedout) {
			t.Errorf("%s: status %q timedOut %v", action, got.Status, got.TimedOut)
		}
		if _, err := f.srv.Decide(kindChangeRequest, c.ID, actApprove); err != errNotNew {
			t.Errorf("%s, then approve: %v", action, err)
		}
	}
	if got := packages(); len(got) != 0 {
		t.Fatalf("after reject/deny/expire: %v", got)
	}
	// Left New past the timeout: Timedout (§13.1, the sandbox's option).
	_, late, _ := f.postChange(tok, su, "", add)
	f.clock.Add(time.Hour)
	if got := get(late.ID); got.Status != statusTimedout {
		t.Errorf("after the timeout: %q", got.Status)
	}
	// Removed: reads answer 404 AUTH-00010, and so does a second DELETE.
	tok = f.token(allScopes) // the clock moved past the old token's expiry
	_, gone, _ := f.postChange(tok, su, "", add)
	if _, err := f.srv.Decide(kindChangeRequest, gone.ID, actRemove); err != nil {
		t.Fatal(err)
	}
	status, _, resp = f.api("GET", changeRequestPath+"/"+gone.ID, tok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00010")
	status, _, resp = f.api("DELETE", changeRequestPath+"/"+gone.ID, f.token(allScopes), nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00010")
	if _, err := f.srv.Decide(kindChangeRequest, gone.ID, actApprove); err != errNotFound {
		t.Errorf("decide a removed change request: %v", err)
	}
}

// More change-request checks (§6, §5.4): the redirect URL must be one of
// the system's; packages must be on the system and assignable; ids that
// are not GUIDs are model-binding 400s.
func TestChangeRequestChecks(t *testing.T) {
	f := newFixture(t, Options{})
	tok, su := f.withSystemUser(customerA)
	body := pkgBody("requiredAccessPackages", "urn:altinn:accesspackage:skattnaering")
	body["redirectUrl"] = "https://elsewhere.example/receipt"
	status, _, resp := f.postChange(tok, su, "", body)
	wantAuthProblem(t, status, resp, 400, "AUTH-00021")
	body["redirectUrl"] = "https://vendor.example/receipt?x=1"
	if status, cr, resp := f.postChange(tok, su, "", body); status != 201 || cr.RedirectURL == nil || *cr.RedirectURL != "https://vendor.example/receipt?x=1" {
		t.Fatalf("allowed redirect: %d %s", status, resp)
	}
	status, _, resp = f.postChange(tok, su, "", pkgBody("requiredAccessPackages", "urn:altinn:accesspackage:jordbruk"))
	wantAuthProblem(t, status, resp, 400, "AUTH-00063")
	status, _, resp = f.postChange(tok, su, "", pkgBody("requiredAccessPackages", "urn:altinn:accesspackage:regnskapsforer-med-signeringsrett"))
	wantAuthProblem(t, status, resp, 400, "AUTH-00064")
	for _, path := range []string{changeRequestPath + "/not-a-guid", changeRequestPath + "/bysystem/" + systemID + "?token=bm90LWEtZ3VpZA"} {
		if status, _, resp := f.api("GET", path, tok, nil); status != 400 || len(readProblem(t, resp).Errors) == 0 {
			t.Errorf("GET %s: %d %s", path, status, resp)
		}
	}
	if status, _, resp := f.api("DELETE", changeRequestPath+"/not-a-guid", tok, nil); status != 400 || len(readProblem(t, resp).Errors) == 0 {
		t.Errorf("DELETE not a GUID: %d %s", status, resp)
	}
	// Another vendor reads neither the list nor a change request (§5.4
	// AUTH-00011: the system is not theirs).
	other := f.register(otherOrg, testKey(t, 1), "other-key", nil)
	f.client, f.key, f.kid = other, testKey(t, 1), "other-key"
	otherTok := f.token(allScopes)
	status, _, resp = f.api("GET", changeRequestPath+"/bysystem/"+systemID, otherTok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00011")
}

// The change-request list is paginated as the request lists are (§5.3):
// ordered by id, links.next with an opaque token, none on the last page.
func TestChangeRequestPages(t *testing.T) {
	f := newFixture(t, Options{PageSize: 2})
	tok, su := f.withSystemUser(customerA)
	var want []string
	for range 5 {
		_, cr, _ := f.postChange(tok, su, "", pkgBody("requiredAccessPackages", "urn:altinn:accesspackage:skattnaering"))
		want = append(want, cr.ID)
	}
	var got []string
	next := f.srv.PlatformURL() + changeRequestPath + "/bysystem/" + systemID
	pages := 0
	for next != "" {
		status, _, resp := f.api("GET", strings.TrimPrefix(next, f.srv.PlatformURL()), tok, nil)
		var p struct {
			Links struct {
				Next string `json:"next"`
			} `json:"links"`
			Data []changeResponse `json:"data"`
		}
		if status != 200 || json.Unmarshal(resp, &p) != nil || len(p.Data) > 2 {
			t.Fatalf("page: %d %s", status, resp)
		}
		for _, cr := range p.Data {
			got = append(got, cr.ID)
		}
		next = p.Links.Next
		pages++
	}
	sortStrings(want)
	if pages != 3 || !reflect.DeepEqual(got, want) {
		t.Fatalf("%d pages, ids %v, want %v", pages, got, want)
	}
}
