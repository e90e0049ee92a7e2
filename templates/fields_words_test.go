package templates

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// The documents write numbers and dates as a Norwegian reader expects
// them, whatever form they were stored in.
func TestValuesWriteNumbersTheNorwegianWay(t *testing.T) {
	t.Parallel()
	a := &session.Answers{
		Vendor:           session.Vendor{OrgNumber: "974760673"},
		Contact:          session.Person{Phone: "+4791234567"},
		TechnicalContact: &session.Person{Name: "T", Phone: "+46812345678"},
		Signer:           session.Signer{Date: "30.11.26"},
	}
	d, err := Values(a, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"vendor_org_number": "974 760 673", "contact_phone": "+47 912 34 567",
		"technical_contact_phone": "+46 812 345 678", "signer_date": "30.11.2026",
	} {
		if got := d.Values[k]; got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if _, err := Values(&session.Answers{Signer: session.Signer{Date: "snart"}}, time.Now()); err == nil {
		t.Fatal("a date that is no date passed")
	} else if de, ok := err.(*DateError); !ok || de.Text("nb") == de.Text("en") {
		t.Fatalf("error %T %v: want a DateError in both languages", err, err)
	}
}

// What is wrong with a template's placeholders is said in Norwegian too,
// by Fill's error and Check's report, and the fields are described in it.
func TestPlaceholderProblemsInNorwegian(t *testing.T) {
	base := embedded(t, Bestilling)
	english := []string{"unknown", "malformed", "unclosed", "must be inside", "has no value", " in word/", "placeholder names"}
	for _, tc := range []struct{ from, to, want string }{
		{"{{vendor_city}}", "{{vendor_town}}", "ukjent plassholder {{vendor_town}} i word/document.xml"},
		{"{{vendor_city}}", "{{Vendor City}}", "feilskrevet plassholder «{{Vendor City}}» (navnet på en plassholder kan bare ha a–z, 0–9 og _) i word/document.xml"},
		{"{{vendor_city}}", "{{vendor_city", "({{ uten }}) i word/document.xml"},
		{"{{system_version}}", "x</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>{{service_code}}</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>y", "plassholderen {{service_code}} må stå i en tabellrad"},
	} {
		tmpl := editPart(t, base, "word/document.xml", func(s string) string { return strings.Replace(s, tc.from, tc.to, 1) })
		_, err := Fill(Bestilling, tmpl, fullAnswers(), today)
		var pe *PlaceholderError
		if !errors.As(err, &pe) {
			t.Fatalf("%v: not a PlaceholderError", err)
		}
		nb := pe.Text("nb")
		if !strings.Contains(nb, tc.want) || pe.Text("en") != err.Error() {
			t.Errorf("nb %q, want %q", nb, tc.want)
		}
		rep, err := Check(tmpl)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range append([]string{nb}, rep.MalformedIn("nb")...) {
			for _, w := range english {
				if strings.Contains(text, w) {
					t.Errorf("%q has English %q", text, w)
				}
			}
		}
		if len(rep.MalformedIn("nb")) != len(rep.Malformed) {
			t.Errorf("MalformedIn(nb) %q, Malformed %q", rep.MalformedIn("nb"), rep.Malformed)
		}
	}
	for _, f := range Fields() {
		desc, group := f.Describe("nb")
		if _, ok := fieldsNB[f.Name]; !ok || desc == f.Description || group == "" {
			t.Errorf("field %s has no Norwegian description or group", f.Name)
		}
		if d, g := f.Describe("en"); d != f.Description || g != f.Group {
			t.Errorf("field %s in English: %q %q", f.Name, d, g)
		}
	}
}
