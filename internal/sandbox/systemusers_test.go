package sandbox

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// approved makes a request for customer (with externalRef ref when not
// "") and approves it as the customer; it returns the request.
func (f *fixture) approved(tok string, agent bool, customer, ref string) requestResponse {
	f.t.Helper()
	body := standardRequest(customer)
	if agent {
		body = agentRequest(customer)
	}
	if ref != "" {
		body["externalRef"] = ref
	}
	status, _, q := f.create(tok, agent, body)
	if status != 201 {
		f.t.Fatalf("request: %d", status)
	}
	kind := kindRequest
	if agent {
		kind = kindAgentRequest
	}
	if _, err := f.srv.Decide(kind, q.ID, actApprove); err != nil {
		f.t.Fatal(err)
	}
	return q
}

func TestSystemUserLookups(t *testing.T) {
	f := newFixture(t, Options{PageSize: 1})
	tok := f.withSystem()
	f.approved(tok, false, customerA, "")
	f.approved(tok, true, customerB, "kunde-b")

	status, _, resp := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customerA, tok, nil)
	var su systemUserDTO
	if status != 200 || json.Unmarshal(resp, &su) != nil {
		t.Fatalf("byquery: %d %s", status, resp)
	}
	if su.SystemID != systemID || su.ReporteeOrgNo != customerA || su.ExternalRef != customerA || su.SupplierOrgNo != vendorOrg ||
		su.UserType != "standard" || su.IntegrationTitle != "Øvingssystem" || su.IsDeleted {
		t.Fatalf("byquery: %s", resp)
	}
	// The documented field order (§7).
	keys := []string{"id", "integrationTitle", "systemId", "productName", "reporteeOrgNo", "created", "isDeleted", "supplierName", "supplierOrgno", "externalRef", "userType"}
	last := -1
	for _, k := range keys {
		i := strings.Index(string(resp), `"`+k+`"`)
		if i <= last {
			t.Fatalf("%s out of order: %s", k, resp)
		}
		last = i
	}
	status, _, resp = f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customerB+"&external-ref=kunde-b", tok, nil)
	if status != 200 || !strings.Contains(string(resp), `"userType":"agent"`) {
		t.Fatalf("agent byquery: %d %s", status, resp)
	}
	// Without its external reference the agent's system user is not found.
	if status, _, resp := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customerB, tok, nil); status != 404 || len(resp) != 0 {
		t.Fatalf("wrong ref: %d %s", status, resp)
	}
	status, _, resp = f.api("GET", systemUserPath+"/byquery?orgno="+customerB, tok, nil)
	if p := readProblem(t, resp); status != 400 || p.Errors["system-id"] == nil {
		t.Fatalf("no system-id: %d %s", status, resp)
	}
	// byquery needs the request write scope, bysystem the register scope (§7).
	if status, _, _ := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customerA, f.token(scopeReqR), nil); status != 403 {
		t.Errorf("byquery with read scope: %d", status)
	}
	if status, _, _ := f.api("GET", systemUserPath+"/bysystem/"+systemID, f.token(scopeReqW), nil); status != 403 {
		t.Errorf("bysystem with request scope: %d", status)
	}
	// bysystem, one per page.
	var got []string
	next := systemUserPath + "/bysystem/" + systemID
	for next != "" {
		status, _, resp := f.api("GET", strings.TrimPrefix(next, f.srv.URL()), tok, nil)
		var page struct {
			Links map[string]string `json:"links"`
			Data  []systemUserDTO   `json:"data"`
		}
		if status != 200 || json.Unmarshal(resp, &page) != nil {
			t.Fatalf("bysystem: %d %s", status, resp)
		}
		for _, d := range page.Data {
			got = append(got, d.ReporteeOrgNo)
		}
		next = page.Links["next"]
	}
	if !reflect.DeepEqual(got, []string{customerA, customerB}) {
		t.Fatalf("bysystem %v", got)
	}
	// Another vendor sees none of them.
	other := f.register(otherOrg, testKey(t, 1), "other-key", nil)
	f.client, f.key, f.kid = other, testKey(t, 1), "other-key"
	otherTok := f.token(allScopes)
	if status, _, _ := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customerA, otherTok, nil); status != 404 {
		t.Errorf("other vendor byquery: %d", status)
	}
	status, _, resp = f.api("GET", systemUserPath+"/bysystem/"+systemID, otherTok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00011")
}

// systemUserToken asks for a system-user token.
func (f *fixture) systemUserToken(scope string, details any) (int, []byte) {
	c := f.claims(scope)
	c["authorization_details"] = details
	return f.postToken(f.grant(c))
}

func suDetails(org, ref string) []any {
	d := map[string]any{"type": "urn:altinn:systemuser", "systemuser_org": map[string]string{"authority": "iso6523-actorid-upis", "ID": "0192:" + org}}
	if ref != "" {
		d["externalRef"] = ref
	}
	return []any{d}
}

func TestSystemUserToken(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	mp303 := func(status int, body []byte) {
		t.Helper()
		wantMP(t, status, body, errMP303.Code, errMP303.Description)
	}
	// No system user yet: MP-303 (§8.4).
	mp303(f.systemUserToken(scopeRW, suDetails(customerA, "")))
	f.approved(tok, false, customerA, "")
	f.approved(tok, false, customerB, "ref-b")

	status, body := f.systemUserToken(scopeRW, suDetails(customerA, ""))
	var tr tokenResponse
	if status != 200 || json.Unmarshal(body, &tr) != nil {
		t.Fatalf("token: %d %s", status, body)
	}
	claims := tokenClaims(t, tr.AccessToken)
	details := claims["authorization_details"].([]any)[0].(map[string]any)
	org := details["systemuser_org"].(map[string]any)
	_, _, resp := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customerA, tok, nil)
	var su systemUserDTO
	json.Unmarshal(resp, &su)
	if details["type"] != "urn:altinn:systemuser" || details["system_id"] != systemID || org["ID"] != "0192:"+customerA ||
		!reflect.DeepEqual(details["systemuser_id"], []any{su.ID}) {
		t.Fatalf("details %v (system user %s)", details, su.ID)
	}
	// The external reference must be sent when the request had one.
	mp303(f.systemUserToken(scopeRW, suDetails(customerB, "")))
	if status, body := f.systemUserToken(scopeRW, suDetails(customerB, "ref-b")); status != 200 {
		t.Fatalf("with ref: %d %s", status, body)
	}
	// The wrong org, a malformed org, two entries, another type.
	mp303(f.systemUserToken(scopeRW, suDetails(customerC, "")))
	mp303(f.systemUserToken(scopeRW, []any{map[string]any{"type": "urn:altinn:systemuser", "systemuser_org": map[string]string{"authority": "iso6523-actorid-upis", "ID": customerA}}}))
	status, body = f.systemUserToken(scopeRW, append(suDetails(customerA, ""), suDetails(customerA, "")...))
	wantMP(t, status, body, errInvalidAssertion.Code, errInvalidAssertion.Description)
	status, body = f.systemUserToken(scopeRW, []any{map[string]any{"type": "urn:example:other"}})
	if code, _ := mpErr(t, body); status != 400 || code != "invalid_authorization_details" {
		t.Fatalf("other type: %d %s", status, body)
	}
	// The lower-case "id" is read too (§13.5).
	lower := []any{map[string]any{"type": "urn:altinn:systemuser", "systemuser_org": map[string]string{"authority": "iso6523-actorid-upis", "id": "0192:" + customerA}}}
	if status, body := f.systemUserToken(scopeRW, lower); status != 200 {
		t.Fatalf("lower-case id: %d %s", status, body)
	}
	// A client that is not on the system: MP-303 (D-MP303 cause 1).
	other := f.register(vendorOrg, testKey(t, 1), "second-key", nil)
	f2 := *f
	f2.client, f2.key, f2.kid = other, testKey(t, 1), "second-key"
	mp303(f2.systemUserToken(scopeRW, suDetails(customerA, "")))
	// The customer deletes the system user: MP-303.
	if err := f.srv.DeleteSystemUser(su.ID); err != nil {
		t.Fatal(err)
	}
	mp303(f.systemUserToken(scopeRW, suDetails(customerA, "")))
}

func TestSystemUserOrgKeyOption(t *testing.T) {
	f := newFixture(t, Options{LowercaseSystemUserOrgID: true})
	tok := f.withSystem()
	f.approved(tok, false, customerA, "")
	status, body := f.systemUserToken(scopeRW, suDetails(customerA, ""))
	var tr tokenResponse
	if status != 200 || json.Unmarshal(body, &tr) != nil {
		t.Fatalf("%d %s", status, body)
	}
	org := tokenClaims(t, tr.AccessToken)["authorization_details"].([]any)[0].(map[string]any)["systemuser_org"].(map[string]any)
	if org["id"] != "0192:"+customerA || org["ID"] != nil {
		t.Fatalf("systemuser_org %v", org)
	}
}

// An agent system user's token names the facilitator, the org that owns
// it (§8.2).
func TestAgentSystemUserToken(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	f.approved(tok, true, customerA, "")
	if status, body := f.systemUserToken(scopeRW, suDetails(customerA, "")); status != 200 {
		t.Fatalf("%d %s", status, body)
	}
}
