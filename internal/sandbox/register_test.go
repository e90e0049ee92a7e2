package sandbox

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestRegisterAuth(t *testing.T) {
	f := newFixture(t, Options{})
	body := systemBody(systemID, f.client.ID)
	// No token, a broken token, a token of another issuer's key: 401.
	for _, tok := range []string{"", "not-a-token", sign(t, testKey(t, 1), "RS256", "x", map[string]any{"iss": f.srv.MaskinportenURL()}, nil)} {
		if status, _, resp := f.api("POST", registerPath, tok, body); status != 401 || len(resp) != 0 {
			t.Errorf("token %.10q: %d %s", tok, status, resp)
		}
	}
	// A token without the scope: 403, empty (§3.1).
	if status, _, resp := f.api("POST", registerPath, f.token(scopeReqW), body); status != 403 || len(resp) != 0 {
		t.Errorf("request scope only: %d %s", status, resp)
	}
	// An expired token: 401, after the 10 s skew.
	tok := f.token(scopeRW)
	f.clock.Add(120*1e9 + 9*1e9)
	if status, _, _ := f.api("GET", registerPath, tok, nil); status != 200 {
		t.Errorf("within the skew: %d", status)
	}
	f.clock.Add(2 * 1e9)
	if status, _, _ := f.api("GET", registerPath, tok, nil); status != 401 {
		t.Errorf("expired: %d", status)
	}
}

func TestRegisterCreateAndRead(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.token(scopeRW)
	body := systemBody(systemID, f.client.ID)
	delete(body, "isVisible")
	status, hdr, resp := f.api("POST", registerPath, tok, body)
	var guid string
	if status != 200 || json.Unmarshal(resp, &guid) != nil || len(guid) != 36 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("create: %d %s", status, resp)
	}
	status, _, resp = f.api("GET", registerPath+"/"+systemID, tok, nil)
	if status != 200 {
		t.Fatalf("get: %d %s", status, resp)
	}
	var got map[string]any
	json.Unmarshal(resp, &got)
	if got["isVisible"] != true || got["isDeleted"] != false { // §4.2: isVisible defaults to true
		t.Errorf("defaults: %s", resp)
	}
	if v := got["vendor"].(map[string]any); len(v) != 1 || v["ID"] != "0192:"+vendorOrg { // authority is not echoed
		t.Errorf("vendor: %v", v)
	}
	// The fields in the documented order.
	order := []string{`"id"`, `"vendor"`, `"name"`, `"description"`, `"rights"`, `"accessPackages"`, `"isDeleted"`, `"clientId"`, `"isVisible"`, `"allowedRedirectUrls"`}
	last := -1
	for _, k := range order {
		i := strings.Index(string(resp), k)
		if i < last {
			t.Errorf("%s out of order in %s", k, resp)
		}
		last = i
	}
	// The list has the DTO.
	status, _, resp = f.api("GET", registerPath, tok, nil)
	var list []map[string]any
	if status != 200 || json.Unmarshal(resp, &list) != nil || len(list) != 1 || list[0]["systemId"] != systemID || list[0]["systemVendorOrgNumber"] != vendorOrg {
		t.Fatalf("list: %d %s", status, resp)
	}
	if status, _, resp := f.api("GET", registerPath+"/"+vendorOrg+"_nosuch", tok, nil); status != 404 || len(resp) != 0 {
		t.Errorf("unknown: %d %s", status, resp)
	}
}

// Input names are matched in any case, as the Fiken example posts them
// (§3.2), and spaces around the id are trimmed (§1 C3).
func TestRegisterCaseInsensitiveAndTrimmed(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.token(scopeRW)
	raw := `{"Id":"  ` + systemID + ` ","Vendor":{"ID":"0192:` + vendorOrg + `"},"Name":{"nb":"A"},"Description":{"nb":"B"},
	"Rights":[],"ClientId":["` + f.client.ID + `"],"allowedredirecturls":["https://vendor.example/x"],"IsVisible":false}`
	if status, _, resp := f.api("POST", registerPath, tok, raw); status != 200 {
		t.Fatalf("create: %d %s", status, resp)
	}
	_, _, resp := f.api("GET", registerPath+"/"+systemID, tok, nil)
	var got systemResponse
	json.Unmarshal(resp, &got)
	if got.ID != systemID || got.IsVisible || !reflect.DeepEqual(got.AllowedRedirectURLs, []string{"https://vendor.example/x"}) {
		t.Fatalf("%s", resp)
	}
}

func TestRegisterValidation(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.token(scopeRW)
	if status, _, resp := f.api("POST", registerPath, tok, systemBody(vendorOrg+"_taken", f.client.ID)); status != 200 {
		t.Fatalf("setup: %d %s", status, resp)
	}
	right := func(id, value string) map[string]any {
		return map[string]any{"resource": []any{map[string]string{"id": id, "value": value}}}
	}
	pkg := func(urn string) map[string]string { return map[string]string{"urn": urn} }
	cases := []struct {
		name   string
		change func(b map[string]any)
		want   []string
	}{
		{"vendor not 0192 gives 00000 alone", func(b map[string]any) {
			b["vendor"] = map[string]string{"ID": "9908:" + vendorOrg}
			b["id"] = "has space"
		}, []string{"AUTH.VLD-00000"}},
		{"id not starting with the org", func(b map[string]any) { b["id"] = otherOrg + "_x" }, []string{"AUTH.VLD-00001"}},
		{"bare org number passes the format", func(b map[string]any) { b["id"] = vendorOrg + "_taken" }, []string{"AUTH.VLD-00002"}},
		{"space inside the id", func(b map[string]any) { b["id"] = vendorOrg + "_a b" }, []string{"AUTH.VLD-00013"}},
		{"redirect not https", func(b map[string]any) { b["allowedRedirectUrls"] = []string{"http://vendor.example/"} }, []string{"AUTH.VLD-00005"}},
		{"redirect relative", func(b map[string]any) { b["allowedRedirectUrls"] = []string{"/receipt"} }, []string{"AUTH.VLD-00005"}},
		{"client id taken", func(b map[string]any) { b["clientId"] = []string{f.client.ID} }, []string{"AUTH.VLD-00004"}},
		{"resource id format", func(b map[string]any) { b["rights"] = []any{right("urn:altinn:app", "x")} }, []string{"AUTH.VLD-00009"}},
		{"resource not found", func(b map[string]any) { b["rights"] = []any{right("urn:altinn:resource", "no-such-resource")} }, []string{"AUTH.VLD-00003"}},
		{"resource not delegable", func(b map[string]any) { b["rights"] = []any{right("urn:altinn:resource", "ttd-am-k6")} }, []string{"AUTH.VLD-00017"}},
		{"duplicate rights", func(b map[string]any) {
			b["rights"] = []any{right("urn:altinn:resource", resourceOK), right("urn:altinn:resource", resourceOK)}
		}, []string{"AUTH.VLD-00006"}},
		{"package not found", func(b map[string]any) { b["accessPackages"] = []any{pkg("urn:altinn:accesspackage:nosuch")} }, []string{"AUTH.VLD-00008"}},
		{"package bad format", func(b map[string]any) { b["accessPackages"] = []any{pkg("skattnaering")} }, []string{"AUTH.VLD-00008"}},
		{"package not delegable", func(b map[string]any) {
			b["accessPackages"] = []any{pkg("urn:altinn:accesspackage:sandbox-ikke-delegerbar")}
			b["isVisible"] = false
		}, []string{"AUTH.VLD-00008"}},
		{"duplicate packages", func(b map[string]any) {
			b["accessPackages"] = []any{pkg("urn:altinn:accesspackage:skattnaering"), pkg("urn:altinn:accesspackage:skattnaering")}
		}, []string{"AUTH.VLD-00007"}},
		{"client-only package on a visible system", func(b map[string]any) {
			b["accessPackages"] = []any{pkg("urn:altinn:accesspackage:regnskapsforer-med-signeringsrett")}
		}, []string{"AUTH.VLD-00018"}},
		{"everything at once, in the service's order", func(b map[string]any) {
			b["id"] = vendorOrg + "_taken"
			b["allowedRedirectUrls"] = []string{"ftp://x"}
			b["clientId"] = []string{f.client.ID}
			b["rights"] = []any{right("x", "a"), right("urn:altinn:resource", "nosuch"), right("urn:altinn:resource", "ttd-am-k6")}
			b["accessPackages"] = []any{pkg("urn:altinn:accesspackage:regnskapsforer-med-signeringsrett"), pkg("urn:altinn:accesspackage:regnskapsforer-med-signeringsrett")}
		}, []string{"AUTH.VLD-00002", "AUTH.VLD-00005", "AUTH.VLD-00004", "AUTH.VLD-00009", "AUTH.VLD-00003", "AUTH.VLD-00017", "AUTH.VLD-00007", "AUTH.VLD-00018"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := systemBody(vendorOrg+"_new", randomID())
			c.change(b)
			status, _, resp := f.api("POST", registerPath, tok, b)
			if status != 400 {
				t.Fatalf("%d %s", status, resp)
			}
			if got := vldCodes(t, resp); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("codes %v, want %v: %s", got, c.want, resp)
			}
		})
	}
}

// The validation problem's entries carry their paths and the offending
// ids as extensions (§3.2 item 1, §4.3).
func TestRegisterValidationBody(t *testing.T) {
	f := newFixture(t, Options{})
	b := systemBody(vendorOrg+"_x", f.client.ID)
	b["rights"] = []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "ttd-am-k6"}}}}
	b["accessPackages"] = []any{map[string]string{"urn": "urn:altinn:accesspackage:nosuch"}, map[string]string{"urn": "bad"}}
	status, hdr, resp := f.api("POST", registerPath, f.token(scopeRW), b)
	if status != 400 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("%d %s", status, resp)
	}
	p := readProblem(t, resp)
	if p.Title != "One or more validation errors occurred." || !strings.HasPrefix(p.TraceID, "00-") {
		t.Fatalf("%s", resp)
	}
	var e0, e1 map[string]any
	json.Unmarshal(mustJSON(p.ValidationErrors[0]), &e0)
	json.Unmarshal(mustJSON(p.ValidationErrors[1]), &e1)
	if e0["title"] != vldResourceNotDeleg.Title || e0["ResourceIds Not Delegable : "] != "ttd-am-k6" ||
		!reflect.DeepEqual(e0["paths"], []any{"/registersystemrequest/rights/resource"}) {
		t.Errorf("rights entry %v", e0)
	}
	if e1["Invalid Urn Details : "] != "Invalid format: bad | Not found: urn:altinn:accesspackage:nosuch" {
		t.Errorf("package entry %v", e1)
	}
}

func mustJSON(v any) []byte { data, _ := json.Marshal(v); return data }

// The owner check comes after validation is collected but before it is
// returned (§4.3 step 3); the admin scope bypasses it (§3.1).
func TestRegisterOwner(t *testing.T) {
	f := newFixture(t, Options{})
	other := f.register(otherOrg, testKey(t, 1), "other-key", nil)
	f.client, f.key, f.kid = other, testKey(t, 1), "other-key"
	tok := f.token(scopeRW)
	b := systemBody(systemID, randomID())
	b["rights"] = []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "nosuch"}}}}
	if status, _, resp := f.api("POST", registerPath, tok, b); status != 403 || len(resp) != 0 {
		t.Fatalf("another vendor's system: %d %s", status, resp)
	}
	admin := f.register(otherOrg, testKey(t, 2), "admin-key", []string{scopeSystemRegisterAdmin})
	f.client, f.key, f.kid = admin, testKey(t, 2), "admin-key"
	if status, _, resp := f.api("POST", registerPath, f.token(scopeSystemRegisterAdmin), systemBody(systemID, randomID())); status != 200 {
		t.Fatalf("admin: %d %s", status, resp)
	}
	if status, _, _ := f.api("GET", registerPath+"/"+systemID, tok, nil); status != 403 {
		t.Fatalf("get another vendor's: %d", status)
	}
}

func TestRegisterModelBinding(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.token(scopeRW)
	for name, body := range map[string]string{
		"not JSON":   `{"id":`,
		"no vendor":  `{"id":"` + systemID + `","name":{},"description":{}}`,
		"no name":    `{"id":"` + systemID + `","vendor":{"ID":"0192:` + vendorOrg + `"},"description":{}}`,
		"an array":   `[]`,
		"no id/name": `{"vendor":{"ID":"0192:` + vendorOrg + `"},"description":{}}`,
	} {
		status, _, resp := f.api("POST", registerPath, tok, body)
		p := readProblem(t, resp)
		if status != 400 || p.Type != "https://tools.ietf.org/html/rfc9110#section-15.5.1" || len(p.Errors) == 0 {
			t.Errorf("%s: %d %s", name, status, resp)
		}
	}
}

func TestRegisterUpdate(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.token(scopeRW)
	if status, _, resp := f.api("POST", registerPath, tok, systemBody(systemID, f.client.ID)); status != 200 {
		t.Fatalf("create: %d %s", status, resp)
	}
	second := vendorOrg + "_second"
	secondClient := randomID()
	if status, _, resp := f.api("POST", registerPath, tok, systemBody(second, secondClient)); status != 200 {
		t.Fatalf("create second: %d %s", status, resp)
	}
	// A whole replacement: the rights list goes.
	b := systemBody(systemID, f.client.ID)
	b["rights"] = []any{}
	b["name"] = map[string]string{"nb": "Nytt navn"}
	status, _, resp := f.api("PUT", registerPath+"/"+systemID, tok, b)
	if status != 200 || string(resp) != `{"succeeded":true}` {
		t.Fatalf("put: %d %s", status, resp)
	}
	_, _, resp = f.api("GET", registerPath+"/"+systemID, tok, nil)
	var got systemResponse
	json.Unmarshal(resp, &got)
	if len(got.Rights) != 0 || got.Name["nb"] != "Nytt navn" || got.Name["en"] != "" {
		t.Fatalf("after put: %s", resp)
	}

	text := func(status int, resp []byte, wantStatus int, want string) {
		t.Helper()
		if status != wantStatus || string(resp) != want {
			t.Errorf("got %d %q, want %d %q", status, resp, wantStatus, want)
		}
	}
	status, _, resp = f.api("PUT", registerPath+"/"+vendorOrg+"_nosuch", tok, systemBody(vendorOrg+"_nosuch"))
	text(status, resp, 404, "System with ID '"+vendorOrg+"_nosuch' not found.")
	b = systemBody(systemID, f.client.ID)
	b["vendor"] = map[string]string{"ID": "0192:" + otherOrg}
	status, _, resp = f.api("PUT", registerPath+"/"+systemID, tok, b)
	text(status, resp, 404, "System with ID '"+systemID+"' not found.")

	status, _, resp = f.api("PUT", registerPath+"/"+systemID, tok, systemBody(second, f.client.ID))
	if status != 400 || !reflect.DeepEqual(vldCodes(t, resp), []string{"AUTH.VLD-00012"}) {
		t.Errorf("id mismatch: %d %s", status, resp)
	}
	// Duplicate client ids, and a client id of another active system.
	status, _, resp = f.api("PUT", registerPath+"/"+systemID, tok, systemBody(systemID, f.client.ID, f.client.ID, secondClient))
	if status != 400 || !reflect.DeepEqual(vldCodes(t, resp), []string{"AUTH.VLD-00011", "AUTH.VLD-00004"}) {
		t.Errorf("client ids: %d %s", status, resp)
	}
	// PUT does not check redirect URLs (§4.3).
	b = systemBody(systemID, f.client.ID)
	b["allowedRedirectUrls"] = []string{"http://plain.example/"}
	if status, _, resp := f.api("PUT", registerPath+"/"+systemID, tok, b); status != 200 {
		t.Errorf("put with http redirect: %d %s", status, resp)
	}
}

func TestRegisterPartialUpdatesDeleteAndChangelog(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.token(scopeRW)
	f.api("POST", registerPath, tok, systemBody(systemID, f.client.ID))
	rights := []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "kravogbetaling"}}}}
	if status, _, resp := f.api("PUT", registerPath+"/"+systemID+"/rights", tok, rights); status != 200 || string(resp) != `{"succeeded":true}` {
		t.Fatalf("rights: %d %s", status, resp)
	}
	badRights := []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": "nosuch"}}}}
	if status, _, resp := f.api("PUT", registerPath+"/"+systemID+"/rights", tok, badRights); status != 400 || vldCodes(t, resp)[0] != "AUTH.VLD-00003" {
		t.Fatalf("bad rights: %d %s", status, resp)
	}
	// The system is visible: a client-only package is refused (§4.3 -00018).
	pkgs := []any{map[string]string{"urn": "urn:altinn:accesspackage:ansvarlig-revisor"}}
	if status, _, resp := f.api("PUT", registerPath+"/"+systemID+"/accesspackages", tok, pkgs); status != 400 || vldCodes(t, resp)[0] != "AUTH.VLD-00018" {
		t.Fatalf("packages: %d %s", status, resp)
	}
	if status, _, _ := f.api("PUT", registerPath+"/"+vendorOrg+"_nosuch/rights", tok, rights); status != 500 {
		t.Errorf("rights of an unknown system: %d, the service answers 500", status)
	}
	// Delete: the system stays readable, its id taken, its client id free.
	if status, _, resp := f.api("DELETE", registerPath+"/"+systemID, tok, nil); status != 200 || string(resp) != `{"succeeded":true}` {
		t.Fatalf("delete: %d %s", status, resp)
	}
	_, _, resp := f.api("GET", registerPath+"/"+systemID, tok, nil)
	if !strings.Contains(string(resp), `"isDeleted":true`) {
		t.Errorf("deleted system: %s", resp)
	}
	if status, _, resp := f.api("PUT", registerPath+"/"+systemID, tok, systemBody(systemID, f.client.ID)); status != 400 || string(resp) != "Cannot update a system marked as deleted." {
		t.Errorf("update deleted: %d %s", status, resp)
	}
	if status, _, resp := f.api("POST", registerPath, tok, systemBody(systemID, f.client.ID)); status != 400 || !reflect.DeepEqual(vldCodes(t, resp), []string{"AUTH.VLD-00002"}) {
		t.Errorf("re-create: %d %s", status, resp)
	}
	if status, _, resp := f.api("POST", registerPath, tok, systemBody(vendorOrg+"_reuse", f.client.ID)); status != 200 {
		t.Errorf("freed client id: %d %s", status, resp)
	}
	_, _, resp = f.api("GET", registerPath, tok, nil)
	if strings.Contains(string(resp), `"`+systemID+`"`) {
		t.Errorf("the list shows a deleted system: %s", resp)
	}
	status, _, resp := f.api("DELETE", registerPath+"/"+vendorOrg+"_nosuch", tok, nil)
	if p := readProblem(t, resp); status != 400 || !reflect.DeepEqual(p.Errors["return"], []string{"System not found"}) {
		t.Errorf("delete unknown: %d %s", status, resp)
	}
	var log []changeLogEntry
	status, _, resp = f.api("GET", registerPath+"/"+systemID+"/changelog", tok, nil)
	if json.Unmarshal(resp, &log) != nil || status != 200 {
		t.Fatalf("changelog: %d %s", status, resp)
	}
	var types []string
	for _, e := range log {
		types = append(types, e.ChangeType)
		if e.ChangedByOrgNumber != vendorOrg || e.ClientID != f.client.ID {
			t.Errorf("entry %+v", e)
		}
	}
	if !reflect.DeepEqual(types, []string{"create", "rightsupdate", "delete"}) {
		t.Errorf("changelog %v", types)
	}
	if status, _, resp := f.api("GET", registerPath+"/x/changelog", tok, nil); status != http.StatusNotFound || string(resp) != "System with ID x not found." {
		t.Errorf("changelog unknown: %d %s", status, resp)
	}
}

// A system without client ids is deleted, yet the service answers an
// empty 400 (§4.1).
func TestRegisterDeleteWithoutClients(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.token(scopeRW)
	f.api("POST", registerPath, tok, systemBody(systemID))
	if status, _, resp := f.api("DELETE", registerPath+"/"+systemID, tok, nil); status != 400 || len(resp) != 0 {
		t.Fatalf("%d %s", status, resp)
	}
	_, _, resp := f.api("GET", registerPath+"/"+systemID, tok, nil)
	if !strings.Contains(string(resp), `"isDeleted":true`) {
		t.Fatalf("not deleted: %s", resp)
	}
}
