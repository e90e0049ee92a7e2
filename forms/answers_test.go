package forms

import (
	"os"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

func TestParseAnswersExample(t *testing.T) {
	data, err := os.ReadFile("../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, errs := ParseAnswers(data)
	if len(errs) > 0 {
		t.Fatalf("the shipped example has problems: %v", errs)
	}
	if a.Contact.Phone != "+4791234567" || a.TechnicalContact.Phone != "+4792345678" {
		t.Fatalf("phones not normalised: %q %q", a.Contact.Phone, a.TechnicalContact.Phone)
	}
	if a.System.Name != "Blåbær Regnskap Pro" || len(a.System.Services) != 2 || a.System.Services[1].Code != "5703" {
		t.Fatalf("system: %+v", a.System)
	}
	if !*a.Declaration.SignsForUsers || *a.Declaration.StoresUserCredentials {
		t.Fatalf("declaration: %+v", a.Declaration)
	}
	if !strings.Contains(a.Declaration.SecurityMeasures, "HTTPS.\nAlle") {
		t.Fatalf("multi-line text lost its lines: %q", a.Declaration.SecurityMeasures)
	}
}

func TestParseAnswersJSON(t *testing.T) {
	js := `{"vendor":{"org_number":"123456785","name":"A","address":"B","postal_code":"0155","city":"Oslo"},
"contact":{"name":"C","email":"c@example.no","phone":"91234567"},
"system":{"name":"S","version":"1","description":"D","category":"payroll","interfaces":["rest"],
"auth_methods":["maskinporten"],"environments":["tt02"],"services":[{"code":"4936","edition":"1","name":"A-melding"}]},
"declaration":{"signs_for_users":false,"uses_prefill":false,"stores_user_credentials":false,"security_measures":"M"},
"signer":{"name":"N","role":"R","place":"P"}}`
	if _, errs := ParseAnswers([]byte(js)); len(errs) > 0 {
		t.Fatalf("valid JSON refused: %v", errs)
	}
	// No services: the order form would list none (issue 11 §5).
	none := strings.Replace(js, `[{"code":"4936","edition":"1","name":"A-melding"}]`, "[]", 1)
	_, errs := ParseAnswers([]byte(none))
	if len(errs) != 1 || errs[0].Path != "system.services" || !strings.Contains(errs[0].Message(EN), "Add at least one service") {
		t.Fatalf("no services: %v", errs)
	}
}

func TestParseAnswersReportsEverythingAtOnce(t *testing.T) {
	bad := `
vendor:
  org_number: "123456789"
  name: Blåbær AS
  adress: Storgata 1
  postal_code: "155"
  city: Oslo
contact:
  name: Åse
  email: "ase@@example"
  phone: "12"
system:
  name: "Linje\r\nBcc: x@example.no"
  version: 1
  description: D
  category: bank
  interfaces: soap
  auth_methods: [idporten, idporten]
  environments: [tt02]
declaration:
  signs_for_users: yes please
  uses_prefill: false
  stores_user_credentials: true
  security_measures: M
signer: {name: N, role: R, place: P, date: "31.11.2026"}
`
	_, errs := ParseAnswers([]byte(bad))
	got := map[string]string{}
	for _, e := range errs {
		got[e.Path] = e.Text(EN)
	}
	want := map[string]string{
		"vendor.org_number":                   "check digit",
		"vendor.adress":                       "Did you mean address?",
		"vendor.address":                      "required",
		"vendor.postal_code":                  "4 digits",
		"contact.email":                       "",
		"contact.phone":                       "",
		"system.name":                         "line break",
		"system.category":                     "accounting",
		"system.interfaces":                   "list",
		"system.auth_methods[1]":              "twice",
		"declaration.signs_for_users":         "true or false",
		"declaration.stores_user_credentials": "never storing",
		"signer.date":                         "YYYY-MM-DD",
	}
	for path, frag := range want {
		msg, ok := got[path]
		if !ok {
			t.Errorf("no problem reported for %s (got %v)", path, got)
			continue
		}
		if !strings.Contains(msg, frag) {
			t.Errorf("%s: message %q lacks %q", path, msg, frag)
		}
	}
	if _, ok := got["system.version"]; ok {
		t.Errorf("a number where text is expected is fine in YAML: %s", got["system.version"])
	}
}

func TestParseAnswersFileProblems(t *testing.T) {
	for name, in := range map[string]string{
		"invalid yaml":  "vendor: [unclosed",
		"invalid utf-8": "vendor:\n  name: \xff\xfe\n",
		"empty":         "",
		"not a map":     "- a\n- b\n",
	} {
		_, errs := ParseAnswers([]byte(in))
		if len(errs) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
	_, errs := ParseAnswers([]byte("vendor:\n  name: \xff\xfe\n"))
	if !strings.Contains(errs[0].Text(EN), "line 2") {
		t.Errorf("utf-8 error does not say where: %v", errs[0])
	}
}

func TestParseAnswersMissingKeys(t *testing.T) {
	_, errs := ParseAnswers([]byte("vendor:\n  name: A\n"))
	paths := map[string]bool{}
	for _, e := range errs {
		paths[e.Path] = true
	}
	for _, p := range []string{"vendor.org_number", "contact.email", "system.name", "declaration.signs_for_users", "signer.name"} {
		if !paths[p] {
			t.Errorf("missing %s not reported", p)
		}
	}
}

func TestCheckFull(t *testing.T) {
	a := sessiontest.Answers()
	if errs := problemsOf(&a); len(errs) > 0 {
		t.Fatalf("full answers refused: %v", errs)
	}
	a.Declaration.SignsForUsers = nil
	a.TechnicalContact.Email = "nope"
	errs := problemsOf(&a)
	if len(errs) != 2 || errs[0].Path != "technical_contact.email" || errs[1].Path != "declaration.signs_for_users" {
		t.Fatalf("errs = %v", errs)
	}
	if errs[0].Text(NB) == errs[0].Text(EN) {
		t.Fatal("messages not translated")
	}
}
