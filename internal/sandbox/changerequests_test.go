package sandbox

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestChangeRequests(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	f.approved(tok, false, customerA, "")
	_, _, resp := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customerA, tok, nil)
	var su systemUserDTO
	json.Unmarshal(resp, &su)
	corr := newUUID()
	path := changeRequestPath + "?correlation-id=" + corr + "&system-user-id=" + su.ID
	add := map[string]any{"requiredRights": []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "kravogbetaling"}}}}}

	// Nothing asked: 200 NoChangeNeeded with an empty confirm URL (§6).
	status, _, resp := f.api("POST", path, tok, map[string]any{})
	if status != 200 || !strings.Contains(string(resp), `"status":"NoChangeNeeded"`) || !strings.Contains(string(resp), `"confirmUrl":""`) {
		t.Fatalf("empty: %d %s", status, resp)
	}
	status, hdr, resp := f.api("POST", path, tok, add)
	var cr changeResponse
	if status != 201 || json.Unmarshal(resp, &cr) != nil || cr.ID != corr || cr.SystemUserID != su.ID || cr.Status != "New" {
		t.Fatalf("create: %d %s", status, resp)
	}
	if !strings.HasSuffix(hdr.Get("Location"), "/authentication/api/v1/systemuser/changerequest/"+corr) ||
		*cr.ConfirmURL != f.srv.ApprovalURL()+"/accessmanagement/ui/systemuser/changerequest?id="+corr+"&DONTCHOOSEREPORTEE=true" {
		t.Fatalf("urls: %s %s", hdr.Get("Location"), *cr.ConfirmURL)
	}
	// The same correlation id answers the same change request.
	if status, _, resp := f.api("POST", path, tok, add); status != 200 || !strings.Contains(string(resp), corr) {
		t.Fatalf("repeat: %d %s", status, resp)
	}
	for _, p := range []string{"/" + corr, "/byexternalref/" + systemID + "/" + customerA + "/" + customerA} {
		if status, _, resp := f.api("GET", changeRequestPath+p, tok, nil); status != 200 || !strings.Contains(string(resp), corr) {
			t.Fatalf("GET %s: %d %s", p, status, resp)
		}
	}
	if status, _, resp := f.api("GET", changeRequestPath+"/bysystem/"+systemID, tok, nil); status != 200 || !strings.Contains(string(resp), corr) {
		t.Fatalf("bysystem: %d %s", status, resp)
	}
	// Approved: the system user has the new right.
	if _, err := f.srv.Decide(kindChangeRequest, corr, actApprove); err != nil {
		t.Fatal(err)
	}
	f.srv.mu.Lock()
	rights := rightNames(f.srv.st.SystemUsers[su.ID].Rights)
	f.srv.mu.Unlock()
	if !reflect.DeepEqual(rights, []string{resourceOK, "kravogbetaling"}) {
		t.Fatalf("rights after approval %v", rights)
	}
	if status, _, _ := f.api("DELETE", changeRequestPath+"/"+corr, tok, nil); status != 202 {
		t.Fatalf("delete: %d", status)
	}
	status, _, resp = f.api("GET", changeRequestPath+"/"+corr, tok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00010")
}

func TestChangeRequestErrors(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	f.approved(tok, false, customerA, "")
	f.approved(tok, true, customerB, "")
	ids := map[string]string{}
	for _, c := range []string{customerA, customerB} {
		_, _, resp := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+c, tok, nil)
		var su systemUserDTO
		json.Unmarshal(resp, &su)
		ids[c] = su.ID
	}
	add := map[string]any{"requiredRights": []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "testressurs"}}}}}
	post := func(query string, body any) (int, []byte) {
		status, _, resp := f.api("POST", changeRequestPath+query, tok, body)
		return status, resp
	}
	status, resp := post("?system-user-id="+ids[customerA], add)
	if status != 400 || !strings.HasPrefix(string(resp), "Missing or invalid QueryParameter: correlation-id.") {
		t.Errorf("no correlation-id: %d %s", status, resp)
	}
	status, resp = post("?correlation-id=nope&system-user-id="+ids[customerA], add)
	if p := readProblem(t, resp); status != 400 || p.Errors["correlation-id"] == nil {
		t.Errorf("bad correlation-id: %d %s", status, resp)
	}
	status, resp = post("?correlation-id="+ids[customerA]+"&system-user-id="+ids[customerA], add)
	if status != 400 || string(resp) != "The correlation-id should not be the same as the system-user-id. Generate a unique id." {
		t.Errorf("same ids: %d %s", status, resp)
	}
	status, resp = post("?correlation-id="+newUUID()+"&system-user-id="+newUUID(), add)
	wantAuthProblem(t, status, resp, 404, "AUTH-00015")
	// An agent system user cannot be changed (§6).
	status, resp = post("?correlation-id="+newUUID()+"&system-user-id="+ids[customerB], add)
	wantAuthProblem(t, status, resp, 404, "AUTH-00015")
	// A right that is not on the system.
	status, resp = post("?correlation-id="+newUUID()+"&system-user-id="+ids[customerA], add)
	wantAuthProblem(t, status, resp, 400, "AUTH-00001")
	// Another vendor: 401.
	other := f.register(otherOrg, testKey(t, 1), "other-key", nil)
	f.client, f.key, f.kid = other, testKey(t, 1), "other-key"
	tok = f.token(allScopes)
	if status, resp := post("?correlation-id="+newUUID()+"&system-user-id="+ids[customerA], add); status != 401 || len(resp) != 0 {
		t.Errorf("other vendor: %d %s", status, resp)
	}
}
