package sandbox

import (
	"testing"
)

// The scope table of §3.1, endpoint by endpoint: a token with only the
// scope the endpoint's policy accepts gets past the check; a token with
// any other vendor scope gets an empty 403.
func TestScopeTable(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.withSystem()
	q := f.approved(tok, false, customerA, "")
	_, _, agent := f.create(tok, true, agentRequest(customerB))
	su := f.systemUserOf(tok, customerA)
	corr := newUUID()
	if status, _, resp := f.postChange(tok, su, corr, pkgBody("requiredAccessPackages", "urn:altinn:accesspackage:skattnaering")); status != 201 {
		t.Fatalf("change request: %d %s", status, resp)
	}
	tokens := map[string]string{}
	for _, sc := range []string{scopeRW, scopeReqR, scopeReqW} {
		tokens[sc] = f.token(sc)
	}
	const sys = registerPath + "/" + systemID
	const cr = changeRequestPath
	rights := []any{map[string]any{"resource": []any{map[string]string{"id": "urn:altinn:resource", "value": resourceOK}}}}
	// The PUTs keep what the requests below need.
	pkgs := []any{
		map[string]string{"urn": "urn:altinn:accesspackage:skattnaering"},
		map[string]string{"urn": "urn:altinn:accesspackage:regnskapsforer-med-signeringsrett"},
	}
	whole := systemBody(systemID, f.client.ID)
	whole["isVisible"], whole["accessPackages"] = false, pkgs
	for _, e := range []struct {
		method, path string
		body         any
		scope        string // the one vendor scope the policy accepts
	}{
		{"POST", registerPath, systemBody(vendorOrg + "_another"), scopeRW},
		{"GET", registerPath, nil, scopeRW},
		{"GET", sys, nil, scopeRW},
		{"PUT", sys, whole, scopeRW},
		{"PUT", sys + "/rights", rights, scopeRW},
		{"PUT", sys + "/accesspackages", pkgs, scopeRW},
		{"GET", sys + "/changelog", nil, scopeRW},
		{"GET", systemUserPath + "/bysystem/" + systemID, nil, scopeRW},

		{"POST", requestPath, standardRequest(customerC), scopeReqW},
		{"POST", requestPath + "/agent", agentRequest(customerC), scopeReqW},
		{"GET", systemUserPath + "/byquery?system-id=" + systemID + "&orgno=" + customerA, nil, scopeReqW},
		{"POST", cr + "?correlation-id=" + corr + "&system-user-id=" + su, pkgBody("requiredAccessPackages", "urn:altinn:accesspackage:skattnaering"), scopeReqW},

		{"GET", requestPath + "/" + q.ID, nil, scopeReqR},
		{"GET", requestPath + "/agent/" + agent.ID, nil, scopeReqR},
		{"GET", requestPath + "/byexternalref/" + systemID + "/" + customerA + "/" + customerA, nil, scopeReqR},
		{"GET", requestPath + "/agent/byexternalref/" + systemID + "/" + customerB + "/" + customerB, nil, scopeReqR},
		{"GET", requestPath + "/bysystem/" + systemID, nil, scopeReqR},
		{"GET", requestPath + "/agent/bysystem/" + systemID, nil, scopeReqR},
		{"GET", cr + "/" + corr, nil, scopeReqR},
		{"GET", cr + "/byexternalref/" + systemID + "/" + customerA + "/" + customerA, nil, scopeReqR},
		{"GET", cr + "/bysystem/" + systemID, nil, scopeReqR},

		// Last: the deletes.
		{"DELETE", cr + "/" + corr, nil, scopeReqW},
		{"DELETE", requestPath + "/" + agent.ID, nil, scopeReqW},
		{"DELETE", sys, nil, scopeRW},
	} {
		for sc, tk := range tokens {
			if sc == e.scope {
				continue
			}
			if status, _, resp := f.api(e.method, e.path, tk, e.body); status != 403 || len(resp) != 0 {
				t.Errorf("%s %s with %s: %d %s, want an empty 403", e.method, e.path, sc, status, resp)
			}
		}
		if status, _, resp := f.api(e.method, e.path, tokens[e.scope], e.body); status/100 != 2 {
			t.Errorf("%s %s with %s: %d %s", e.method, e.path, e.scope, status, resp)
		}
	}
}
