package sandbox

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// withSystem registers the rehearsal system (client-only packages too,
// so it is not visible) and returns a token with every vendor scope.
func (f *fixture) withSystem() string {
	f.t.Helper()
	tok := f.token(allScopes)
	b := systemBody(systemID, f.client.ID)
	b["isVisible"] = false
	b["accessPackages"] = []any{
		map[string]string{"urn": "urn:altinn:accesspackage:skattnaering"},
		map[string]string{"urn": "urn:altinn:accesspackage:regnskapsforer-med-signeringsrett"},
	}
	b["rights"] = []any{
		map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": resourceOK}}},
		map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "kravogbetaling"}}},
	}
	if status, _, resp := f.api("POST", registerPath, tok, b); status != 200 {
		f.t.Fatalf("system: %d %s", status, resp)
	}
	return tok
}

func standardRequest(customer string) map[string]any {
	return map[string]any{
		"systemId": systemID, "partyOrgNo": customer,
		"rights": []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": resourceOK}}}},
	}
}

func agentRequest(customer string) map[string]any {
	return map[string]any{
		"systemId": systemID, "partyOrgNo": customer,
		"accessPackages": []any{map[string]string{"urn": "urn:altinn:accesspackage:regnskapsforer-med-signeringsrett"}},
	}
}

// create posts a request and returns its answer.
func (f *fixture) create(tok string, agent bool, body map[string]any) (int, http.Header, requestResponse) {
	f.t.Helper()
	path := requestPath
	if agent {
		path += "/agent"
	}
	status, hdr, resp := f.api("POST", path, tok, body)
	var q requestResponse
	if status/100 == 2 {
		if err := json.Unmarshal(resp, &q); err != nil {
			f.t.Fatalf("%s", resp)
		}
	}
	return status, hdr, q
}

func TestRequestCreateAndRepeat(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	status, hdr, q := f.create(tok, false, standardRequest(customerA))
	if status != 201 || q.Status != "New" || q.ExternalRef != customerA || q.SystemID != systemID || q.PartyOrgNo != customerA {
		t.Fatalf("create: %d %+v", status, q)
	}
	if want := f.srv.URL() + "/authentication/api/v1/systemuser/request/" + q.ID; hdr.Get("Location") != want {
		t.Errorf("Location %q, want %q", hdr.Get("Location"), want)
	}
	if want := f.srv.ApprovalURL() + "/accessmanagement/ui/systemuser/request?id=" + q.ID + "&DONTCHOOSEREPORTEE=true"; q.ConfirmURL != want {
		t.Errorf("confirmUrl %q", q.ConfirmURL)
	}
	if q.IntegrationTitle == nil || *q.IntegrationTitle != "Øvingssystem" { // §5.2: the system's nb name
		t.Errorf("integrationTitle %v", q.IntegrationTitle)
	}
	// The creating POST leaves created at .NET's default (§5.3).
	_, _, raw := f.api("POST", requestPath, tok, standardRequest(customerB))
	if !strings.Contains(string(raw), `"created":"0001-01-01T00:00:00"`) {
		t.Errorf("created on POST: %s", raw)
	}
	// A repeated POST answers 200 with the same request (§1 C7).
	status, _, again := f.create(tok, false, standardRequest(customerA))
	if status != 200 || again.ID != q.ID || again.Created == (dotnetTime{}) {
		t.Fatalf("repeat: %d %+v", status, again)
	}
	// Another external reference is another request.
	body := standardRequest(customerA)
	body["externalRef"] = "second"
	if status, _, other := f.create(tok, false, body); status != 201 || other.ID == q.ID || other.ExternalRef != "second" {
		t.Fatalf("second ref: %d %+v", status, other)
	}
}

func TestRequestGetAndKinds(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	_, _, std := f.create(tok, false, standardRequest(customerA))
	_, _, agent := f.create(tok, true, agentRequest(customerB))
	if !strings.Contains(agent.ConfirmURL, "/accessmanagement/ui/systemuser/agentrequest?id="+agent.ID) || agent.Rights != nil {
		t.Fatalf("agent: %+v", agent)
	}
	status, _, resp := f.api("GET", requestPath+"/"+std.ID, tok, nil)
	if status != 200 || !strings.Contains(string(resp), `"rights":[`) {
		t.Fatalf("get: %d %s", status, resp)
	}
	status, _, resp = f.api("GET", requestPath+"/agent/"+agent.ID, tok, nil)
	if status != 200 || strings.Contains(string(resp), `"rights"`) {
		t.Fatalf("get agent: %d %s", status, resp)
	}
	// Each GET knows only its own kind (§1 C5).
	status, _, resp = f.api("GET", requestPath+"/"+agent.ID, tok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00010")
	status, _, resp = f.api("GET", requestPath+"/agent/"+std.ID, tok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00010")
	status, _, resp = f.api("GET", requestPath+"/not-a-guid", tok, nil)
	if p := readProblem(t, resp); status != 400 || len(p.Errors["requestId"]) != 1 {
		t.Fatalf("bad guid: %d %s", status, resp)
	}
	// By external reference.
	status, _, resp = f.api("GET", requestPath+"/byexternalref/"+systemID+"/"+customerA+"/"+customerA, tok, nil)
	if status != 200 || !strings.Contains(string(resp), std.ID) {
		t.Fatalf("byexternalref: %d %s", status, resp)
	}
	status, _, resp = f.api("GET", requestPath+"/agent/byexternalref/"+systemID+"/"+customerB+"/"+customerB, tok, nil)
	if status != 200 || !strings.Contains(string(resp), agent.ID) {
		t.Fatalf("agent byexternalref: %d %s", status, resp)
	}
	status, _, resp = f.api("GET", requestPath+"/byexternalref/"+systemID+"/"+customerA+"/nosuch", tok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00010")
	// Scopes: reading needs the read scope (§3.1).
	if status, _, _ := f.api("GET", requestPath+"/"+std.ID, f.token(scopeReqW), nil); status != 403 {
		t.Errorf("write scope reads: %d", status)
	}
	if status, _, _ := f.api("POST", requestPath, f.token(scopeReqR), standardRequest(customerC)); status != 403 {
		t.Errorf("read scope writes: %d", status)
	}
}

func TestRequestErrors(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	other := f.register(otherOrg, testKey(t, 1), "other-key", nil)
	otherF := *f
	otherF.client, otherF.key, otherF.kid = other, testKey(t, 1), "other-key"
	otherTok := otherF.token(scopeReqW)
	right := func(v string) []any {
		return []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": v}}}}
	}
	pkg := func(urns ...string) []any {
		var out []any
		for _, u := range urns {
			out = append(out, map[string]string{"urn": u})
		}
		return out
	}
	cases := []struct {
		name   string
		tok    string
		agent  bool
		body   func() map[string]any
		status int
		code   string
	}{
		{"unknown system", tok, false, func() map[string]any {
			b := standardRequest(customerA)
			b["systemId"] = vendorOrg + "_nosuch"
			return b
		}, 404, "AUTH-00011"},
		{"another vendor's system", otherTok, false, func() map[string]any { return standardRequest(customerA) }, 404, "AUTH-00011"},
		{"customer not in the register", tok, false, func() map[string]any { return standardRequest(badOrg) }, 400, "AUTH-00000"},
		{"redirect not allowed", tok, false, func() map[string]any {
			b := standardRequest(customerA)
			b["redirectUrl"] = "https://elsewhere.example/receipt"
			return b
		}, 400, "AUTH-00021"},
		{"neither rights nor packages", tok, false, func() map[string]any { b := standardRequest(customerA); delete(b, "rights"); return b }, 400, "AUTH-00001"},
		{"empty rights and packages", tok, false, func() map[string]any {
			b := standardRequest(customerA)
			b["rights"], b["accessPackages"] = []any{}, []any{}
			return b
		}, 400, "AUTH-00059"},
		{"right not on the system", tok, false, func() map[string]any { b := standardRequest(customerA); b["rights"] = right("testressurs"); return b }, 400, "AUTH-00001"},
		{"package not on the system", tok, false, func() map[string]any {
			b := standardRequest(customerA)
			b["accessPackages"] = pkg("urn:altinn:accesspackage:jordbruk")
			return b
		}, 400, "AUTH-00063"},
		{"client-only package on a standard request", tok, false, func() map[string]any {
			b := standardRequest(customerA)
			b["accessPackages"] = pkg("urn:altinn:accesspackage:regnskapsforer-med-signeringsrett")
			return b
		}, 400, "AUTH-00064"},
		{"agent without packages", tok, true, func() map[string]any { b := agentRequest(customerA); delete(b, "accessPackages"); return b }, 400, "AUTH-00058"},
		{"agent with a standard-only package", tok, true, func() map[string]any {
			b := agentRequest(customerA)
			b["accessPackages"] = pkg("urn:altinn:accesspackage:skattnaering")
			return b
		}, 400, "AUTH-00065"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := requestPath
			if c.agent {
				path += "/agent"
			}
			status, _, resp := f.api("POST", path, c.tok, c.body())
			wantAuthProblem(t, status, resp, c.status, c.code)
			if c.code == "AUTH-00063" && !strings.Contains(string(resp), `"NotFoundPackages":"urn:altinn:accesspackage:jordbruk"`) {
				t.Errorf("no NotFoundPackages: %s", resp)
			}
		})
	}
	// A system without redirect URLs (AUTH-00026).
	b := systemBody(vendorOrg+"_noredirect", randomID())
	delete(b, "allowedRedirectUrls")
	f.api("POST", registerPath, tok, b)
	body := standardRequest(customerA)
	body["systemId"], body["redirectUrl"] = vendorOrg+"_noredirect", "https://vendor.example/receipt"
	status, _, resp := f.api("POST", requestPath, tok, body)
	wantAuthProblem(t, status, resp, 400, "AUTH-00026")
	// A matching redirect URL passes; the query does not count (§4.2).
	body = standardRequest(customerA)
	body["redirectUrl"] = "https://VENDOR.example:443/receipt?customer=1"
	if status, _, resp := f.api("POST", requestPath, tok, body); status != 201 {
		t.Fatalf("redirect with query: %d %s", status, resp)
	}
	// A standard request without systemId is a model-binding 400.
	status, _, resp = f.api("POST", requestPath, tok, map[string]any{"partyOrgNo": customerA})
	if p := readProblem(t, resp); status != 400 || p.Errors["$"] == nil {
		t.Fatalf("no systemId: %d %s", status, resp)
	}
}

func TestRequestWithoutConsumer(t *testing.T) {
	f := newFixture(t, Options{})
	f.withSystem()
	// A token the sandbox signed, without consumer: the real Maskinporten
	// always sets it; this is the service's own guard (§5.4 AUTH-00023).
	tok, err := f.srv.sign(map[string]any{
		"iss": f.srv.MaskinportenURL(), "scope": scopeReqW + " " + scopeReqR,
		"exp": f.clock.Now().Add(time.Minute).Unix(),
	})
	if err != nil {
		t.Fatal(err)
	}
	status, _, resp := f.api("POST", requestPath, tok, standardRequest(customerA))
	wantAuthProblem(t, status, resp, 401, "AUTH-00023")
	if status, _, resp := f.api("GET", requestPath+"/byexternalref/a/b/c", tok, nil); status != 401 || len(resp) != 0 {
		t.Fatalf("GET: %d %s", status, resp)
	}
}

func TestRequestAfterDecisions(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	_, _, a := f.create(tok, false, standardRequest(customerA))
	_, _, b := f.create(tok, false, standardRequest(customerB))
	_, _, c := f.create(tok, false, standardRequest(customerC))
	for id, action := range map[string]string{a.ID: actApprove, b.ID: actReject, c.ID: actDeny} {
		if _, err := f.srv.Decide(kindRequest, id, action); err != nil {
			t.Fatal(err)
		}
	}
	// Accepted: a system user exists, so a new POST is AUTH-00004 (§5.4).
	status, _, resp := f.api("POST", requestPath, tok, standardRequest(customerA))
	wantAuthProblem(t, status, resp, 400, "AUTH-00004")
	// Rejected and Denied: the POST answers the request as it is (§1 C7).
	for _, q := range []requestResponse{b, c} {
		status, _, got := f.create(tok, false, standardRequest(q.PartyOrgNo))
		if status != 200 || got.ID != q.ID {
			t.Fatalf("repeat after decision: %d %+v", status, got)
		}
	}
	_, _, resp = f.api("GET", requestPath+"/"+a.ID, tok, nil)
	if !strings.Contains(string(resp), `"status":"Accepted"`) {
		t.Fatalf("%s", resp)
	}
	// A decided request cannot be decided again.
	if _, err := f.srv.Decide(kindRequest, a.ID, actReject); err != errNotNew {
		t.Fatalf("decide twice: %v", err)
	}
}

func TestRequestExpiry(t *testing.T) {
	for _, mode := range []Expiry{ExpireTimedout, ExpireGone} {
		f := newFixture(t, Options{ExpireAs: mode, RequestTimeout: 48 * time.Hour})
		tok := f.withSystem()
		_, _, q := f.create(tok, false, standardRequest(customerA))
		f.clock.Add(47 * time.Hour)
		tok = f.token(allScopes)
		_, _, resp := f.api("GET", requestPath+"/"+q.ID, tok, nil)
		if !strings.Contains(string(resp), `"status":"New"`) || !strings.Contains(string(resp), `"timedOut":false`) {
			t.Fatalf("before the timeout: %s", resp)
		}
		f.clock.Add(time.Hour)
		tok = f.token(allScopes)
		status, _, resp := f.api("GET", requestPath+"/"+q.ID, tok, nil)
		if mode == ExpireTimedout && (status != 200 || !strings.Contains(string(resp), `"status":"Timedout"`) || !strings.Contains(string(resp), `"timedOut":true`)) {
			t.Fatalf("timed out: %d %s", status, resp)
		}
		if mode == ExpireGone {
			wantAuthProblem(t, status, resp, 404, "AUTH-00010")
		}
		// A Timedout request is not answered again: a new one is made (§5.1).
		status, _, again := f.create(tok, false, standardRequest(customerA))
		if status != 201 || again.ID == q.ID {
			t.Fatalf("after the timeout: %d %+v", status, again)
		}
	}
}

func TestRequestListsAndPages(t *testing.T) {
	f := newFixture(t, Options{PageSize: 2})
	tok := f.withSystem()
	var ids []string
	for _, c := range []string{customerA, customerB, customerC, "974760673", "910753614"} {
		_, _, q := f.create(tok, false, standardRequest(c))
		ids = append(ids, q.ID)
	}
	f.create(tok, true, agentRequest(customerA))
	var got []string
	next := requestPath + "/bysystem/" + systemID
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("no end of pages")
		}
		status, _, resp := f.api("GET", strings.TrimPrefix(next, f.srv.URL()), tok, nil)
		var page struct {
			Links map[string]string `json:"links"`
			Data  []map[string]any  `json:"data"`
		}
		if status != 200 || json.Unmarshal(resp, &page) != nil || len(page.Data) > 2 {
			t.Fatalf("page: %d %s", status, resp)
		}
		for _, d := range page.Data {
			got = append(got, d["id"].(string))
			if _, ok := d["confirmUrl"]; ok {
				t.Errorf("list items have no confirmUrl: %v", d)
			}
		}
		next = page.Links["next"]
		if next != "" && !strings.HasPrefix(next, f.srv.URL()+requestPath+"/bysystem/"+systemID+"?token=") {
			t.Fatalf("next %q", next)
		}
	}
	sortStrings(ids)
	if !reflect.DeepEqual(got, ids) {
		t.Fatalf("listed %v, want %v", got, ids)
	}
	status, _, resp := f.api("GET", requestPath+"/agent/bysystem/"+systemID, tok, nil)
	if status != 200 || strings.Count(string(resp), `"id"`) != 1 || !strings.Contains(string(resp), `"links":{}`) {
		t.Fatalf("agent list: %d %s", status, resp)
	}
	status, _, resp = f.api("GET", requestPath+"/bysystem/"+vendorOrg+"_nosuch", tok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00011")
}

func sortStrings(s []string) {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
}

func TestRequestDelete(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	_, _, q := f.create(tok, false, standardRequest(customerA))
	if status, _, resp := f.api("DELETE", requestPath+"/"+q.ID, tok, nil); status != 202 || len(resp) != 0 {
		t.Fatalf("delete: %d %s", status, resp)
	}
	status, _, resp := f.api("GET", requestPath+"/"+q.ID, tok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00010")
	status, _, resp = f.api("DELETE", requestPath+"/"+q.ID, tok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00010")
	// After a delete, the same ids make a new request.
	if status, _, again := f.create(tok, false, standardRequest(customerA)); status != 201 || again.ID == q.ID {
		t.Fatalf("recreate: %d", status)
	}
}
