package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The token exchange, Maskinporten token to Altinn token (§8.6, §1 C9).
func TestTokenExchange(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.token(scopeRW)
	const path = "/authentication/api/v1/exchange/maskinporten"
	status, hdr, body := f.do("GET", path, tok, "", nil)
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") || strings.Count(string(body), ".") != 2 {
		t.Fatalf("exchange: %d %q %s", status, hdr.Get("Content-Type"), body)
	}
	altinnTok := string(body)
	// The Altinn token works where the Maskinporten token did, for the
	// same organisation and scopes.
	if status, _, resp := f.api("GET", registerPath, altinnTok, nil); status != 200 {
		t.Errorf("the Altinn token at the register: %d %s", status, resp)
	}
	// Only Maskinporten tokens are exchanged; anything that does not
	// validate is an empty 401.
	for name, bearer := range map[string]string{"no token": "", "not a JWT": "abc", "an Altinn token": altinnTok, "a forged token": tok[:strings.LastIndex(tok, ".")] + ".AAAA"} {
		if status, _, resp := f.do("GET", path, bearer, "", nil); status != 401 || len(resp) != 0 {
			t.Errorf("%s: %d %s", name, status, resp)
		}
	}
	// An expired Maskinporten token.
	f.clock.Add(10 * time.Minute)
	if status, _, _ := f.do("GET", path, tok, "", nil); status != 401 {
		t.Errorf("expired token: %d", status)
	}
	tok = f.token(scopeRW)
	// An unknown provider: 400 text.
	if status, _, resp := f.do("GET", "/authentication/api/v1/exchange/facebook", tok, "", nil); status != 400 || string(resp) != "Invalid token provider" {
		t.Errorf("unknown provider: %d %s", status, resp)
	}
	// The enterprise-user header: 410 Gone with a problem, whatever else.
	req := map[string]string{"X-Altinn-EnterpriseUser-Authentication": "dXNlcjpwYXNz"}
	status, hdr, body = f.doHeaders("GET", path, tok, req)
	var p problemBody
	if status != 410 || hdr.Get("Content-Type") != "application/problem+json; charset=utf-8" || json.Unmarshal(body, &p) != nil || p.Status != 410 {
		t.Errorf("enterprise user: %d %q %s", status, hdr.Get("Content-Type"), body)
	}
}

// doHeaders is do with extra request headers.
func (f *fixture) doHeaders(method, path, token string, headers map[string]string) (int, map[string][]string, []byte) {
	f.t.Helper()
	old := f.http.Transport
	defer func() { f.http.Transport = old }()
	f.http.Transport = headerTransport{headers}
	status, hdr, body := f.do(method, path, token, "", nil)
	return status, hdr, body
}

// Only the owner (or the admin scope) writes or reads a system (§3.1
// HasWriteAccess / IsOwnerOfSystem): every other vendor gets an empty
// 403, on every vendor endpoint.
func TestRegisterOwnerOnEveryEndpoint(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.token(scopeRW)
	if status, _, resp := f.api("POST", registerPath, tok, systemBody(systemID, f.client.ID)); status != 200 {
		t.Fatalf("create: %d %s", status, resp)
	}
	owner := *f.client
	other := f.register(otherOrg, testKey(t, 1), "other-key", nil)
	f.client, f.key, f.kid = other, testKey(t, 1), "other-key"
	otherTok := f.token(scopeRW)
	rights := []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "kravogbetaling"}}}}
	pkgs := []any{map[string]string{"urn": "urn:altinn:accesspackage:jordbruk"}}
	b := systemBody(systemID, owner.ID)
	b["vendor"] = map[string]string{"ID": "0192:" + otherOrg}
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"GET", registerPath + "/" + systemID, nil},
		{"PUT", registerPath + "/" + systemID + "/rights", rights},
		{"PUT", registerPath + "/" + systemID + "/accesspackages", pkgs},
		{"GET", registerPath + "/" + systemID + "/changelog", nil},
		{"DELETE", registerPath + "/" + systemID, nil},
	} {
		if status, _, resp := f.api(c.method, c.path, otherTok, c.body); status != 403 || len(resp) != 0 {
			t.Errorf("%s %s by another vendor: %d %s", c.method, c.path, status, resp)
		}
	}
	// The other vendor's own list does not show it.
	if _, _, resp := f.api("GET", registerPath, otherTok, nil); strings.Contains(string(resp), systemID) {
		t.Errorf("another vendor's list: %s", resp)
	}
	// The admin scope may (§3.1 HasAdminAccess).
	admin := f.register(otherOrg, testKey(t, 2), "admin-key", []string{scopeSystemRegisterAdmin})
	f.client, f.key, f.kid = admin, testKey(t, 2), "admin-key"
	adminTok := f.token(scopeSystemRegisterAdmin)
	if status, _, resp := f.api("PUT", registerPath+"/"+systemID+"/rights", adminTok, rights); status != 200 {
		t.Errorf("admin PUT rights: %d %s", status, resp)
	}
	if status, _, resp := f.api("GET", registerPath+"/"+systemID+"/changelog", adminTok, nil); status != 200 {
		t.Errorf("admin changelog: %d %s", status, resp)
	}
}

// PUT …/accesspackages replaces the packages (§4.1), checked as POST
// checks them (§4.3); the partial PUTs refuse a deleted system.
func TestRegisterAccessPackagesUpdate(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.token(scopeRW)
	b := systemBody(systemID, f.client.ID)
	b["isVisible"] = false
	f.api("POST", registerPath, tok, b)
	pkgs := []any{
		map[string]string{"urn": "urn:altinn:accesspackage:jordbruk"},
		map[string]string{"urn": "urn:altinn:accesspackage:revisormedarbeider"},
	}
	if status, _, resp := f.api("PUT", registerPath+"/"+systemID+"/accesspackages", tok, pkgs); status != 200 || string(resp) != `{"succeeded":true}` {
		t.Fatalf("packages: %d %s", status, resp)
	}
	_, _, resp := f.api("GET", registerPath+"/"+systemID, tok, nil)
	var got systemResponse
	json.Unmarshal(resp, &got)
	if len(got.AccessPackages) != 2 || got.AccessPackages[1].URN != "urn:altinn:accesspackage:revisormedarbeider" {
		t.Fatalf("after the PUT: %s", resp)
	}
	for name, c := range map[string]struct {
		body any
		code string
	}{
		"duplicate":         {[]any{pkgs[0], pkgs[0]}, "AUTH.VLD-00007"},
		"unknown":           {[]any{map[string]string{"urn": "urn:altinn:accesspackage:nosuch"}}, "AUTH.VLD-00008"},
		"not delegable":     {[]any{map[string]string{"urn": "urn:altinn:accesspackage:sandbox-ikke-delegerbar"}}, "AUTH.VLD-00008"},
		"too few parts":     {[]any{map[string]string{"urn": "urn:altinn"}}, "AUTH.VLD-00008"},
		"empty urn":         {[]any{map[string]string{"urn": ""}}, "AUTH.VLD-00008"},
		"not a JSON array":  {`{"urn":"x"}`, ""},
		"malformed JSON":    {`[{"urn":`, ""},
		"an unknown system": {pkgs, "500"},
	} {
		path := registerPath + "/" + systemID + "/accesspackages"
		if name == "an unknown system" {
			path = registerPath + "/" + vendorOrg + "_nosuch/accesspackages"
		}
		status, _, resp := f.api("PUT", path, tok, c.body)
		switch c.code {
		case "":
			if status != 400 || len(readProblem(t, resp).Errors) == 0 {
				t.Errorf("%s: %d %s", name, status, resp)
			}
		case "500":
			if status != 500 {
				t.Errorf("%s: %d, the service answers 500 (§4.1)", name, status)
			}
		default:
			if codes := vldCodes(t, resp); status != 400 || len(codes) != 1 || codes[0] != c.code {
				t.Errorf("%s: %d %v", name, status, codes)
			}
		}
	}
	f.api("DELETE", registerPath+"/"+systemID, tok, nil)
	rights := []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "kravogbetaling"}}}}
	for _, p := range []struct {
		path string
		body any
	}{{"/accesspackages", pkgs}, {"/rights", rights}} {
		if status, _, resp := f.api("PUT", registerPath+"/"+systemID+p.path, tok, p.body); status != 400 || string(resp) != "Cannot update a system marked as deleted." {
			t.Errorf("PUT %s of a deleted system: %d %s", p.path, status, resp)
		}
	}
}

// After a request timed out, a repeated POST makes a new one (201), and
// the POST after that answers the new one, never the timed-out one
// (§5.1, §1 C7).
func TestRequestRepeatAfterTimeout(t *testing.T) {
	f := newFixture(t, Options{RequestTimeout: time.Hour})
	tok := f.withSystem()
	_, _, first := f.create(tok, false, standardRequest(customerA))
	f.clock.Add(time.Hour)
	tok = f.token(allScopes)
	status, _, second := f.create(tok, false, standardRequest(customerA))
	if status != 201 || second.ID == first.ID {
		t.Fatalf("after the timeout: %d %+v", status, second)
	}
	for range 3 {
		if status, _, again := f.create(tok, false, standardRequest(customerA)); status != 200 || again.ID != second.ID || again.Status != statusNew {
			t.Fatalf("repeat: %d %+v, want the live request %s", status, again, second.ID)
		}
	}
	// The by-external-reference look-up finds the live one too.
	status, _, resp := f.api("GET", requestPath+"/byexternalref/"+systemID+"/"+customerA+"/"+customerA, tok, nil)
	if status != 200 || !strings.Contains(string(resp), second.ID) {
		t.Fatalf("byexternalref: %d %s", status, resp)
	}
}

// A vendor that asks for a request on a system it does not own, while
// the owner's request for the same ids exists, meets the service's
// AUTH-00006..9 (§5.4: reachable only when the existing request is not
// answered first); with no such request, AUTH-00011.
func TestRequestExternalIDsOfAnotherVendor(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	_, _, pending := f.create(tok, false, standardRequest(customerA))
	_, _, rejected := f.create(tok, false, standardRequest(customerB))
	_, _, denied := f.create(tok, false, standardRequest(customerC))
	f.srv.Decide(kindRequest, rejected.ID, actReject)
	f.srv.Decide(kindRequest, denied.ID, actDeny)
	// An accepted request whose system user is gone (the customer
	// deleted it): the owner's POST answers the Accepted request.
	accepted := f.approved(tok, false, "310000000", "")
	su := f.systemUserOf(tok, "310000000")
	if err := f.srv.DeleteSystemUser(su); err != nil {
		t.Fatal(err)
	}
	if status, _, q := f.create(tok, false, standardRequest("310000000")); status != 200 || q.ID != accepted.ID || q.Status != statusAccepted {
		t.Fatalf("owner after the system user went: %d %+v", status, q)
	}

	other := f.register(otherOrg, testKey(t, 1), "other-key", nil)
	f.client, f.key, f.kid = other, testKey(t, 1), "other-key"
	otherTok := f.token(allScopes)
	for customer, code := range map[string]string{customerA: "AUTH-00007", customerB: "AUTH-00009", customerC: "AUTH-00008", "310000000": "AUTH-00006", "311000004": "AUTH-00011"} {
		status, _, resp := f.api("POST", requestPath, otherTok, standardRequest(customer))
		want := 400
		if code == "AUTH-00011" {
			want = 404
		}
		wantAuthProblem(t, status, resp, want, code)
	}
	// Nor may it read the owner's request (§5.4 AUTH-00011).
	status, _, resp := f.api("GET", requestPath+"/"+pending.ID, otherTok, nil)
	wantAuthProblem(t, status, resp, 404, "AUTH-00011")
}

// The sandbox's own page and API delete a system user, as the customer
// can in Altinn (§1 C12: the vendor cannot).
func TestAdminDeleteSystemUser(t *testing.T) {
	f := newFixture(t, Options{Lang: "en"})
	tok := f.withSystem()
	f.approved(tok, false, customerA, "")
	f.approved(tok, false, customerB, "")
	a, b := f.systemUserOf(tok, customerA), f.systemUserOf(tok, customerB)
	// The vendor's API has no way to delete one.
	if status, _, _ := f.api("DELETE", systemUserPath+"/"+a, tok, nil); status != 404 && status != 405 {
		t.Errorf("vendor DELETE of a system user: %d", status)
	}
	if status, _, resp := f.do("DELETE", "/sandbox/api/systemusers/"+a, "", "", nil); status != 204 {
		t.Fatalf("API delete: %d %s", status, resp)
	}
	if status, _, resp := f.do("DELETE", "/sandbox/api/systemusers/"+a, "", "", nil); status != 404 {
		t.Fatalf("API delete again: %d %s", status, resp)
	}
	// The page's form needs the page's key.
	_, html, _ := f.page("/sandbox/")
	m := formKeyRE.FindStringSubmatch(html)
	if m == nil || !strings.Contains(html, b) {
		t.Fatalf("the sandbox page does not list %s with a form key", b)
	}
	form := func(key string) (int, string) {
		status, hdr, _ := f.do("POST", "/sandbox/systemusers/delete", "", "application/x-www-form-urlencoded", []byte(url.Values{"id": {b}, "key": {key}}.Encode()))
		return status, hdr.Get("Location")
	}
	if status, _ := form("forged"); status != 403 {
		t.Fatalf("forged form: %d", status)
	}
	if status, loc := form(m[1]); status != 303 || loc != "/sandbox/#systemusers" {
		t.Fatalf("form: %d %q", status, loc)
	}
	if status, _ := form(m[1]); status != 404 {
		t.Fatalf("form again: %d", status)
	}
	for _, c := range []string{customerA, customerB} {
		if status, _, _ := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+c, tok, nil); status != 404 {
			t.Errorf("byquery after delete: %d", status)
		}
	}
}

// headerTransport adds headers to every request.
type headerTransport struct{ headers map[string]string }

func (h headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, v := range h.headers {
		r.Header.Set(k, v)
	}
	return http.DefaultTransport.RoundTrip(r)
}
