package forms

import (
	"slices"
	"testing"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

func TestTestUserCount(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 0, true}, {" 3 ", 3, true}, {"0", 0, true}, {"100", 100, true},
		{"101", 0, false}, {"-1", 0, false}, {"tre", 0, false}, {"3.5", 0, false}, {"٣", 0, false},
		{"99999999999999999999999", 0, false},
	} {
		n, err := TestUserCount(c.in)
		if (err == nil) != c.ok || n != c.want {
			t.Errorf("TestUserCount(%q) = %d, %v", c.in, n, err)
		}
	}
	if fe := TestUsers(&session.Testing{}); fe == nil || fe.Path != KeyTestPersons {
		t.Errorf("empty order: %v", fe)
	}
	if fe := TestUsers(&session.Testing{TestOrganisations: -1, TestPersons: 2}); fe == nil || fe.Path != KeyTestOrganisations {
		t.Errorf("negative: %v", fe)
	}
	if fe := TestUsers(&session.Testing{TestOrganisations: 1}); fe != nil {
		t.Errorf("one organisation: %v", fe)
	}
}

func TestTestUsersFormBindsCounts(t *testing.T) {
	t.Parallel()
	tst := &session.Testing{}
	d := drive(t, TestUsersForm(tst, nb()))
	if got := keysOf(t, d.f); !slices.Equal(got, []string{KeyTestPersons, KeyTestOrganisations}) {
		t.Fatalf("keys %v", got)
	}
	d.wantView("Bestill testbrukere", "Antall testpersoner", "Antall testorganisasjoner", "aldri ekte personer")
	d.typeText("-2", nil)
	d.enter()
	d.wantView("Antallet kan ikke være negativt")
	d.wantFocus(KeyTestPersons)
	d.backspace()
	d.backspace()
	d.typeText("12", nil)
	if tst.TestPersons != 12 {
		t.Fatalf("persons %d while typing", tst.TestPersons)
	}
	d.enter()
	d.wantFocus(KeyTestOrganisations)
	d.enter() // blank is 0, and 12 persons are enough
	if d.f.State != huh.StateCompleted {
		t.Fatalf("not completed:\n%s", d.view())
	}
	if tst.TestPersons != 12 || tst.TestOrganisations != 0 {
		t.Fatalf("saved %+v", *tst)
	}

	// Nothing ordered is refused at the last field, in English too.
	tst = &session.Testing{}
	d = drive(t, TestUsersForm(tst, FormOptions{Lang: EN}))
	d.wantView("Number of test persons", "Never use real persons")
	d.enter()
	d.enter()
	d.wantView("Order at least one test person or one test organisation")
	d.wantFocus(KeyTestOrganisations)
	d.typeText("3", nil)
	d.enter()
	if d.f.State != huh.StateCompleted || tst.TestOrganisations != 3 {
		t.Fatalf("state %v, saved %+v", d.f.State, *tst)
	}
}
