package forms

import (
	"strings"
	"testing"
)

// An Altinn 3 answers file: the vendor, and the section altinn3: read
// strictly, with the key paths of its problems.
func TestParseAnswersAltinn3(t *testing.T) {
	good := `vendor: {org_number: "991825827", name: Blåbær AS}
altinn3:
  maskinporten: {client_id: 8f0d7c1e-2b7a-4c55-9f55-8f1a2a9e1c11, scopes: [skatteetaten:x]}
  system:
    name: {nb: Blåbær Pro}
    rights: [ske-krav-og-betalinger]
    visible: false
  customers:
    - {org_number: "314048431", email: a@b.no, agent: true}
`
	a, a3, probs := ParseAnswersAltinn3([]byte(good))
	if len(probs) > 0 {
		t.Fatalf("problems: %v", Problems(probs))
	}
	if a.Vendor.OrgNumber != "991825827" || a3.System.Name.NB != "Blåbær Pro" || a3.System.Visible == nil || *a3.System.Visible ||
		len(a3.Customers) != 1 || !a3.Customers[0].Agent || a3.Maskinporten.Scopes[0] != "skatteetaten:x" {
		t.Fatalf("%+v %+v", a, a3)
	}

	bad := `vendor: {name: Blåbær AS}
contact: {email: not-an-address}
altinn3:
  system:
    rihgts: [x]
    visible: maybe
  customers:
    - {org_number: [1, 2]}
  extra: 1
`
	_, _, probs = ParseAnswersAltinn3([]byte(bad))
	var paths []string
	for _, p := range probs {
		paths = append(paths, p.Path)
	}
	got := strings.Join(paths, " ")
	for _, want := range []string{"vendor.org_number", "contact.email", "altinn3.system.rihgts", "altinn3.system.visible",
		"altinn3.customers[0].org_number", "altinn3.extra"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("no problem at %s; got %s", want, got)
		}
	}
	// Answers the Altinn II track needs are not asked of an Altinn 3 session.
	if strings.Contains(got, "signer") || strings.Contains(got, "system.name ") || strings.Contains(got, "declaration") {
		t.Errorf("Altinn II answers required: %s", got)
	}
	// The plain reader still refuses the section: a typo must not vanish.
	if _, probs := ParseAnswers([]byte(good)); len(probs) == 0 || !strings.Contains(Problems(probs).Text(EN), "altinn3") {
		t.Errorf("ParseAnswers took altinn3: %v", Problems(probs))
	}
}

// Its bounds are ParseAnswers': an oversized file is refused whole.
func TestParseAnswersAltinn3Bounds(t *testing.T) {
	big := "vendor: {name: " + strings.Repeat("x", MaxAnswersFile) + "}\n"
	_, _, probs := ParseAnswersAltinn3([]byte(big))
	if len(probs) != 1 || probs[0].Path != "(file)" {
		t.Fatalf("%v", Problems(probs))
	}
}

// An unknown top-level key of an Altinn 3 answers file names altinn3
// among the valid keys (in both languages), and a typo of it is caught
// as one; the Altinn II reader, which refuses the section, does not
// offer it.
func TestParseAnswersAltinn3UnknownTopKey(t *testing.T) {
	for _, c := range []struct{ file, path, hint string }{
		{"vendor: {org_number: \"991825827\", name: Blåbær AS}\nvendorr: 1\n", "vendorr", ""},
		{"vendor: {org_number: \"991825827\", name: Blåbær AS}\naltin3: {}\n", "altin3", "altinn3?"},
	} {
		_, _, probs := ParseAnswersAltinn3([]byte(c.file))
		if len(probs) != 1 || probs[0].Path != c.path {
			t.Fatalf("%s: %v", c.path, Problems(probs))
		}
		for lang, valid := range map[Lang]string{EN: "Valid keys here: ", NB: "Gyldige nøkler her: "} {
			text := probs[0].Text(lang)
			_, list, _ := strings.Cut(text, valid)
			if !strings.Contains(", "+list+",", ", altinn3,") && !strings.HasSuffix(list, ", altinn3") {
				t.Errorf("%s (%s): altinn3 not among the valid keys: %s", c.path, lang, text)
			}
			if !strings.Contains(list, "vendor") {
				t.Errorf("%s (%s): the registration keys are gone: %s", c.path, lang, text)
			}
			if c.hint != "" && !strings.Contains(text, c.hint) {
				t.Errorf("%s (%s): no hint %q: %s", c.path, lang, c.hint, text)
			}
		}
	}
	_, probs := ParseAnswers([]byte("vendor: {org_number: \"991825827\", name: Blåbær AS}\nvendorr: 1\n"))
	for _, p := range probs {
		if p.Path == "vendorr" && strings.Contains(p.Text(EN), "altinn3") {
			t.Errorf("the Altinn II reader offers altinn3: %s", p.Text(EN))
		}
	}
}
