package templates

import (
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
