package forms

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// The message of a wrong value stands right under its field, not at the
// bottom of the group, and the typed value stays.
func TestMessageStandsUnderItsField(t *testing.T) {
	a := &session.Answers{}
	d := drive(t, VendorForm(a, FormOptions{Lang: NB}))
	d.typeText("123456789", nil)
	d.enter()
	raw := ansi.Strip(d.f.View())
	lines := strings.Split(raw, "\n")
	for i, l := range lines {
		if strings.Contains(l, "> 123456789") {
			if i+1 >= len(lines) || !strings.Contains(lines[i+1], "123456789 er ikke et gyldig organisasjonsnummer") {
				t.Fatalf("the message is not under the field:\n%s", raw)
			}
			if a.Vendor.OrgNumber != "123456789" {
				t.Fatalf("typed value lost: %q", a.Vendor.OrgNumber)
			}
			return
		}
	}
	t.Fatalf("the field with the typed value is not shown:\n%s", raw)
}
