package cli

import (
	"strings"
	"testing"
)

// sessions new --track altinn3 --answers reads the section altinn3:;
// every problem in it is named by its key path, and then no session is
// made.
func TestSessionsNewAltinn3Answers(t *testing.T) {
	h := newA3Harness(t, &okKeyring{})
	bad := h.file("feil.yaml", `vendor: {org_number: "991825827", name: Blåbær AS}
altinn3:
  maskinporten: {client_id: ikke-en-uuid}
  system:
    name: {nb: Blåbær Pro}
    redirect_urls: [http://example.com/cb]
    visible: kanskje
  customers:
    - {org_number: "123456789"}
    - {org_number: "314048431", email: nei}
    - {org_number: "0192:314048431"}
`)
	code, _, errOut := h.run("sessions", "new", "Feil", "--track", "altinn3", "--answers", bad)
	for _, want := range []string{"altinn3.system.visible", "altinn3.maskinporten.client_id: The client ID", "altinn3.system.redirect_urls",
		"altinn3.customers[0].org_number", "altinn3.customers[1].email", "no session was created"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("no %q in:\n%s", want, errOut)
		}
	}
	if code != 2 {
		t.Fatalf("exit %d", code)
	}
	if _, out, _ := h.run("sessions", "list"); strings.Contains(out, "Feil") {
		t.Fatal("a session was made")
	}

	good := h.file("god.yaml", `vendor: {org_number: "991825827", name: Blåbær AS}
altinn3:
  maskinporten: {client_id: 8F0D7C1E-2B7A-4C55-9F55-8F1A2A9E1C11}
  system:
    name: {nb: Blåbær Pro}
    rights: [ske-krav-og-betalinger]
  customers:
    - {org_number: "314048431", name: En AS, email: post@en.example.no}
    - {org_number: "0192:313725138", agent: true}
`)
	h.must("sessions", "new", "God", "--track", "altinn3", "--answers", good)
	s := h.load("God")
	a := s.Altinn3
	if s.Track != "altinn3" || a.Maskinporten.ClientID != "8f0d7c1e-2b7a-4c55-9f55-8f1a2a9e1c11" || len(a.System.ClientIDs) != 1 ||
		a.System.IDName != "blabaer-pro" || len(a.Customers) != 2 || a.Customers[1].OrgNumber != "313725138" || a.Customers[1].AddedAt.IsZero() {
		t.Fatalf("%+v", a)
	}
}
