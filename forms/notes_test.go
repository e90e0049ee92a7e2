package forms

import (
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// A note is drawn right under its field (not under the form), asked anew
// when the form is drawn after an update, and left out in accessible mode.
func TestNotesUnderTheirField(t *testing.T) {
	note := "Enhetsregisteret: SESAM STASJON"
	shown := ""
	o := nb()
	o.Notes = map[string]func(int) string{"vendor.org_number": func(w int) string {
		if w < 20 {
			t.Errorf("note given %d columns", w)
		}
		return shown
	}}
	d := drive(t, VendorForm(&session.Answers{}, o))
	if strings.Contains(d.view(), note) {
		t.Fatal("an empty note was drawn")
	}
	shown = note
	d.typeText("9", nil)
	v := d.view()
	at, name := strings.Index(v, note), strings.Index(v, "Navn")
	if at < 0 || name < 0 || at > name {
		t.Fatalf("note not between the number and the name:\n%s", v)
	}

	o.Accessible = true
	f := VendorForm(&session.Answers{}, o)
	if ff, ok := f.GetFocusedField().(*field); ok && ff.hint != nil {
		t.Fatal("accessible form has the note")
	}
}
