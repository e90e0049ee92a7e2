package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// loadA3 reads the session from its file.
func (h *a3Harness) load(name string) *session.Session {
	h.tb.Helper()
	st, err := store.Open(h.dir)
	if err != nil {
		h.tb.Fatal(err)
	}
	s, err := st.Resolve(name)
	if err != nil {
		h.tb.Fatal(err)
	}
	return s
}

// Bad input exits 2 and names the problem: the flag, or the answer's key
// path; nothing is changed.
func TestAltinn3BadInputExits2(t *testing.T) {
	h := newA3Harness(t, &okKeyring{})
	h.must("sessions", "new", "A3", "--track", "altinn3")
	h.must("sessions", "new", "Gammel", "--track", "altinn2")
	before := h.load("A3")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"customers", "list"}, "--session NAME"},
		{[]string{"customers", "list", "--session", "Finnes ikke"}, "no session matches"},
		{[]string{"customers", "list", "--session", "Gammel"}, "follows the track \"altinn2\""},
		{[]string{"maskinporten", "client", "set", "not-a-uuid", "--session", "A3"}, "UUID"},
		{[]string{"maskinporten", "token", "--session", "A3"}, "Enter the client ID"},
		{[]string{"customers", "add", "123456789", "--session", "A3"}, "altinn3.customers[0].org_number"},
		{[]string{"customers", "add", "314048431", "--email", "nei", "--session", "A3"}, "altinn3.customers[0].email"},
		{[]string{"system", "set", "--redirect-url", "http://example.com/cb", "--session", "A3"}, "altinn3.system.redirect_urls"},
		{[]string{"system", "set", "--visible=maybe", "--session", "A3"}, "--visible"},
		{[]string{"system", "set", "--vendor-org", "123", "--session", "A3"}, "vendor.org_number"},
		{[]string{"system", "set", "--contact-email", "nei", "--session", "A3"}, "contact.email"},
		{[]string{"systemuser", "request", "--all", "--eml", "epost", "--session", "A3"}, "contact.email: missing; the customers' e-mails come from the vendor's contact person: set it with `system set --contact-name NAME --contact-email ADDRESS`"},
		{[]string{"system", "register", "--session", "A3"}, "vendor.org_number"},
		{[]string{"systemuser", "request", "--session", "A3"}, "--customer ORGNR or --all"},
		{[]string{"systemuser", "request", "--all", "--customer", "314048431", "--session", "A3"}, "not both"},
		{[]string{"systemuser", "status", "--customer", "314048431", "--session", "A3"}, "not in the session"},
		{[]string{"systemuser", "list", "--session", "A3"}, "not registered"},
		{[]string{"environment", "set", "test", "--session", "A3"}, "choose tt02 or prod"},
		{[]string{"environment", "set", "prod", "--session", "A3"}, "--confirm-prod"},
		{[]string{"maskinporten", "key", "show", "--session", "A3"}, "no key yet"},
	} {
		code, out, errOut := h.run(c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, want 2 and %q\nstdout: %s\nstderr: %s", strings.Join(c.args, " "), code, c.want, out, errOut)
		}
	}
	after := h.load("A3")
	if after.Target != before.Target || len(after.Altinn3.Customers) != 0 || after.Altinn3.Maskinporten.ClientID != "" ||
		after.Altinn3.System.RedirectURLs != nil || after.Answers.Vendor.OrgNumber != "" || after.Answers.Contact.Email != "" {
		t.Errorf("bad input changed the session: %+v", after.Altinn3)
	}

	h.must("system", "set", "--contact-name", "Åse", "--contact-email", "ase@blabaer.example.no", "--session", "A3")
	if c := h.load("A3").Answers.Contact; c.Name != "Åse" || c.Email != "ase@blabaer.example.no" {
		t.Errorf("contact: %+v", c)
	}

	// --json: the problem as one document on standard output.
	code, out, _ := h.run("customers", "add", "123456789", "--session", "A3", "--json")
	var doc jsonError
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 2 || doc.Error.Exit != 2 ||
		len(doc.Error.Problems) != 1 || doc.Error.Problems[0].Path != "altinn3.customers[0].org_number" {
		t.Errorf("--json: exit %d, %v\n%s", code, err, out)
	}
	// In Norwegian by default.
	code, _, errOut := h.run("--lang", "nb", "maskinporten", "client", "set", "x", "--session", "A3")
	if code != 2 || !strings.Contains(errOut, "Klient-ID-en fra selvbetjeningsportalen") {
		t.Errorf("nb: exit %d: %s", code, errOut)
	}
}

// PROD needs --confirm-prod once; after that it is remembered.
func TestEnvironmentProdConfirmedOnce(t *testing.T) {
	h := newA3Harness(t, &okKeyring{})
	h.must("sessions", "new", "A3", "--track", "altinn3")
	if code, _, _ := h.run("environment", "set", "prod", "--session", "A3"); code != 2 {
		t.Fatalf("prod without --confirm-prod: exit %d", code)
	}
	if s := h.load("A3"); s.Target != session.EnvTT02 || s.Altinn3.ProdConfirmedAt != nil {
		t.Fatalf("refused, but the session changed: %q %v", s.Target, s.Altinn3.ProdConfirmedAt)
	}
	var doc environmentJSON
	h.mustJSON(&doc, "environment", "set", "prod", "--confirm-prod", "--session", "A3")
	if doc.Environment != "prod" || !doc.ProdConfirmed || doc.Platform != h.env["ALTINN_ONBOARD_PLATFORM_URL"]+"/" && doc.Platform != h.env["ALTINN_ONBOARD_PLATFORM_URL"] {
		t.Fatalf("%+v", doc)
	}
	h.must("environment", "set", "tt02", "--session", "A3")
	h.must("environment", "set", "prod", "--session", "A3")
	out := h.must("environment", "show", "--session", "A3")
	if !strings.Contains(out, "Environment: PROD") || !strings.Contains(out, "Changed by: ALTINN_ONBOARD_MASKINPORTEN_URL") {
		t.Fatalf("show:\n%s", out)
	}
}
