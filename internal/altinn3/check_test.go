package altinn3

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
)

const vendorOrg = "123456785"

func goodDefinition() session.SystemDefinition {
	return session.SystemDefinition{
		IDName:         "blabaer-regnskap",
		Name:           session.LangText{NB: "Blåbær Regnskap", NN: "Blåbær Rekneskap", EN: "Blueberry Accounts"},
		Description:    session.LangText{NB: "Regnskap", NN: "Rekneskap", EN: "Accounting"},
		Rights:         []string{"ske-krav-og-betalinger", "app_ttd_endring-av-navn-v2"},
		AccessPackages: []string{"urn:altinn:accesspackage:skattnaering"},
		ClientIDs:      []string{"0b9f4a5e-8a3c-4d7f-9c55-4f7e1e2b3a10"},
		RedirectURLs:   []string{"https://blabaer.example.no/kvittering"},
	}
}

func TestCheckGoodDefinition(t *testing.T) {
	c := CheckSystem(context.Background(), vendorOrg, goodDefinition(), nil)
	if !c.OK() {
		t.Fatalf("problems: %s", c.Problems.Text(forms.EN))
	}
	want := []string{"AUTH.VLD-00002", "AUTH.VLD-00004", "AUTH.VLD-00003", "AUTH.VLD-00017", "AUTH.VLD-00008", "AUTH.VLD-00018"}
	if !slices.Equal(c.NotChecked, want) {
		t.Fatalf("not checked %v", c.NotChecked)
	}
}

// The register stops at a bad vendor, and so does the check.
func TestCheckVendorAlone(t *testing.T) {
	d := goodDefinition()
	d.IDName = "has space"
	for _, org := range []string{"", "123456789", "12345"} {
		c := CheckSystem(context.Background(), org, d, nil)
		if got := c.Codes(); !slices.Equal(got, []string{"AUTH.VLD-00000"}) || c.Problems[0].Path != PathVendorOrg {
			t.Errorf("%q: %v", org, got)
		}
	}
}

// Every fault at once: the problems come in the register's order, each
// with its code and key path, in both languages.
func TestCheckOrderAndCodes(t *testing.T) {
	d := session.SystemDefinition{
		IDName:         "blå bær",
		Name:           session.LangText{NB: "Blåbær", EN: "Blueberry"},
		Description:    session.LangText{NB: "x", NN: "x", EN: "x"},
		Rights:         []string{"ske-krav", "urn:altinn:resource:ske", "ske-krav", ""},
		AccessPackages: []string{"urn:altinn:accesspackage:a", "urn:altinn:accesspackage:a", "skattnaering", "urn:altinn:accesspackage:"},
		ClientIDs:      []string{"0b9f4a5e-8a3c-4d7f-9c55-4f7e1e2b3a10", "0B9F4A5E-8A3C-4D7F-9C55-4F7E1E2B3A10", "not-a-uuid"},
		RedirectURLs:   []string{"https://ok.example/", "http://vendor.example/", "/relative", "https://"},
	}
	c := CheckSystem(context.Background(), vendorOrg, d, nil)
	type want struct{ path, code string }
	wants := []want{
		{PathIDName, "AUTH.VLD-00013"},
		{PathRedirectURLs + "[1]", "AUTH.VLD-00005"},
		{PathRedirectURLs + "[2]", "AUTH.VLD-00005"},
		{PathRedirectURLs + "[3]", "AUTH.VLD-00005"},
		{PathClientIDs + "[1]", "AUTH.VLD-00011"},
		{PathClientIDs + "[2]", ""},
		{PathRights + "[1]", "AUTH.VLD-00009"},
		{PathRights + "[2]", "AUTH.VLD-00006"},
		{PathRights + "[3]", "AUTH.VLD-00009"},
		{PathAccessPackages + "[1]", "AUTH.VLD-00007"},
		{PathAccessPackages + "[2]", "AUTH.VLD-00008"},
		{PathAccessPackages + "[3]", "AUTH.VLD-00008"},
		{PathName + ".nn", ""},
	}
	if len(c.Problems) != len(wants) {
		t.Fatalf("%d problems, want %d:\n%s", len(c.Problems), len(wants), c.Problems.Text(forms.EN))
	}
	for i, w := range wants {
		p := c.Problems[i]
		var ce *CheckError
		if !errors.As(p.Err, &ce) || p.Path != w.path || ce.Code != w.code {
			t.Errorf("problem %d: %s (%v), want %s %s", i, p.Path, ce, w.path, w.code)
			continue
		}
		nb, en := p.Message(forms.NB), p.Message(forms.EN)
		if nb == en || nb == "" || (w.code != "" && (!strings.Contains(nb, w.code) || !strings.Contains(en, w.code))) {
			t.Errorf("problem %d texts: %q / %q", i, nb, en)
		}
	}
	if !strings.Contains(c.Problems[0].Message(forms.EN), `"123456785_bla-baer"`) {
		t.Errorf("00013 does not suggest an ID: %s", c.Problems[0].Message(forms.EN))
	}
	if !c.Problems[len(c.Problems)-1].Missing {
		t.Error("a missing text is not marked missing")
	}
}

func TestCheckMissingAndWholeID(t *testing.T) {
	d := goodDefinition()
	d.IDName, d.ClientIDs = "", nil
	c := CheckSystem(context.Background(), vendorOrg, d, nil)
	if len(c.Problems) != 2 || c.Problems[0].Path != PathIDName || c.Problems[1].Path != PathClientIDs ||
		!c.Problems[0].Missing || !c.Problems[1].Missing || len(c.Problems.Wrong()) != 0 {
		t.Fatalf("%s", c.Problems.Text(forms.EN))
	}
	if !strings.Contains(c.Problems[1].Message(forms.EN), "MP-303") {
		t.Fatalf("a system without client IDs does not say why it matters: %s", c.Problems[1].Message(forms.EN))
	}
	d = goodDefinition()
	d.IDName = vendorOrg + "_x"
	if c := CheckSystem(context.Background(), vendorOrg, d, nil); len(c.Problems) != 1 || c.Problems[0].Path != PathIDName {
		t.Fatalf("whole ID typed: %s", c.Problems.Text(forms.EN))
	}
}

// fakeCatalogue stands in for the resource register and the package
// catalogue, whose wire format the facts do not give.
type fakeCatalogue struct{}

func (fakeCatalogue) Resource(_ context.Context, id string) (bool, bool, error) {
	switch id {
	case "ukjent":
		return false, false, nil
	case "maskinporten-skjema":
		return true, false, nil
	case "feil":
		return false, false, errors.New("down")
	}
	return true, true, nil
}

func (fakeCatalogue) AccessPackage(_ context.Context, urn string) (bool, bool, bool, error) {
	switch urn {
	case AccessPackagePrefix + "ukjent":
		return false, false, false, nil
	case AccessPackagePrefix + "regnskapsforer-med-signeringsrett":
		return true, true, false, nil // for client relations only
	}
	return true, true, true, nil
}

func TestCheckWithCatalogue(t *testing.T) {
	d := goodDefinition()
	d.Rights = []string{"ukjent", "maskinporten-skjema", "ske-krav", "feil"}
	d.AccessPackages = []string{AccessPackagePrefix + "ukjent", AccessPackagePrefix + "regnskapsforer-med-signeringsrett"}
	c := CheckSystem(context.Background(), vendorOrg, d, fakeCatalogue{})
	if got := c.Codes(); !slices.Equal(got, []string{"AUTH.VLD-00003", "AUTH.VLD-00017", "AUTH.VLD-00008", "AUTH.VLD-00018"}) {
		t.Fatalf("codes %v", got)
	}
	// The resource lookup that failed leaves its codes to the register.
	if !slices.Contains(c.NotChecked, "AUTH.VLD-00003") || slices.Contains(c.NotChecked, "AUTH.VLD-00018") {
		t.Fatalf("not checked %v", c.NotChecked)
	}
	// Not visible: a client package is fine.
	d.Visible = session.Bool(false)
	d.Rights = []string{"ske-krav"}
	if c := CheckSystem(context.Background(), vendorOrg, d, fakeCatalogue{}); !slices.Equal(c.Codes(), []string{"AUTH.VLD-00008"}) {
		t.Fatalf("invisible: %v", c.Codes())
	}
}

// The definition as sent has the shape of the documented example.
func TestBuildSystemJSON(t *testing.T) {
	reg := BuildSystem(vendorOrg, goodDefinition())
	data, err := json.Marshal(reg)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"123456785_blabaer-regnskap","vendor":{"authority":"iso6523-actorid-upis","ID":"0192:123456785"},` +
		`"name":{"en":"Blueberry Accounts","nb":"Blåbær Regnskap","nn":"Blåbær Rekneskap"},` +
		`"description":{"en":"Accounting","nb":"Regnskap","nn":"Rekneskap"},` +
		`"rights":[{"resource":[{"id":"urn:altinn:resource","value":"ske-krav-og-betalinger"}]},{"resource":[{"id":"urn:altinn:resource","value":"app_ttd_endring-av-navn-v2"}]}],` +
		`"accessPackages":[{"urn":"urn:altinn:accesspackage:skattnaering"}],"clientId":["0b9f4a5e-8a3c-4d7f-9c55-4f7e1e2b3a10"],` +
		`"isVisible":true,"allowedRedirectUrls":["https://blabaer.example.no/kvittering"]}`
	if string(data) != want {
		t.Fatalf("got  %s\nwant %s", data, want)
	}
	// Read back (as the docs spell it, vendor without authority, and
	// "allowedredirecturls" in lower case) it is the same definition.
	back := strings.Replace(strings.Replace(want, `"authority":"iso6523-actorid-upis",`, "", 1), "allowedRedirectUrls", "allowedredirecturls", 1)
	var got SystemRegistration
	if err := json.Unmarshal([]byte(back), &got); err != nil {
		t.Fatal(err)
	}
	def := goodDefinition()
	def.Visible = session.Bool(true)
	if changes := DiffSystems(got.Definition(vendorOrg), def); len(changes) != 0 {
		t.Fatalf("read back differs: %s", ChangesText(changes, "en"))
	}
}

func TestSuggestIDName(t *testing.T) {
	for in, want := range map[string]string{
		"Blåbær Regnskap Pro": "blabaer-regnskap-pro",
		"  Økonomi & Lønn  ":  "okonomi-lonn",
		"A--B":                "a-b",
		"":                    "",
	} {
		if got := SuggestIDName(in); got != want {
			t.Errorf("SuggestIDName(%q) = %q, want %q", in, got, want)
		}
	}
}
