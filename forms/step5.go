package forms

import (
	"errors"
	"strconv"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Field keys of the test-user order (step 5). They are also the fields
// steps.TestUserOrderEmail names in its errors.
const (
	KeyTestPersons       = "testing.test_persons"
	KeyTestOrganisations = "testing.test_organisations"
)

// MaxTestUsers is the most test persons or test organisations one order
// may ask for; Altinn hands them out by hand.
const MaxTestUsers = 100

// TestUserCount reads a number of test persons or test organisations:
// digits only, 0 to MaxTestUsers; blank means 0.
func TestUserCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			if r == '-' {
				return 0, invalid("Antallet kan ikke være negativt", "The number cannot be negative")
			}
			return 0, invalid("Skriv et helt tall med sifrene 0–9, for eksempel 3", "Type a whole number with the digits 0–9, for example 3")
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > MaxTestUsers {
		return 0, invalid(
			"Høyst "+strconv.Itoa(MaxTestUsers)+" i én bestilling; skriv til sluttbrukersystem@altinn.no om dere trenger flere",
			"At most "+strconv.Itoa(MaxTestUsers)+" in one order; write to sluttbrukersystem@altinn.no if you need more")
	}
	return n, nil
}

var errNoTestUsers = invalid(
	"Bestill minst én testperson eller én testorganisasjon",
	"Order at least one test person or one test organisation")

// TestUsers checks the counts of a test-user order as CheckTesting does:
// each 0 to MaxTestUsers, and at least one of them above 0. The first
// problem is reported at the field it concerns (KeyTestPersons or
// KeyTestOrganisations).
func TestUsers(t *session.Testing) *FieldError {
	if p := CheckTesting(session.Testing{TestPersons: t.TestPersons, TestOrganisations: t.TestOrganisations}); len(p) > 0 {
		return p[0]
	}
	return nil
}

// countAccessor binds a text field to an int of the session: what the user
// types is kept as typed, and the number is written whenever it reads as
// one (blank is 0).
type countAccessor struct {
	p    *int
	text string
}

func newCountAccessor(p *int) *countAccessor {
	c := &countAccessor{p: p}
	if *p != 0 {
		c.text = strconv.Itoa(*p)
	}
	return c
}

func (c *countAccessor) Get() string { return c.text }

func (c *countAccessor) Set(v string) {
	c.text = v
	if n, err := TestUserCount(v); err == nil {
		*c.p = n
	}
}

// TestUsersForm asks how many fictitious test persons and test
// organisations to order for TT02 (step 5). The fields are bound to t.
func TestUsersForm(t *session.Testing, o FormOptions) *huh.Form {
	b := newBuilder(o)
	persons := newCountAccessor(&t.TestPersons)
	orgs := newCountAccessor(&t.TestOrganisations)
	countPersons := b.st.check(&persons.text, mustRule(KeyTestPersons))
	countOrgs := b.st.check(&orgs.text, mustRule(KeyTestOrganisations))
	orgsOrPersons := func(s string) error {
		if err := countOrgs(s); err != nil {
			return err
		}
		if b.st.holding() {
			return nil
		}
		if strings.TrimSpace(s) == "" {
			s = orgs.text // as check does: blank stands for the bound value
		}
		if n, _ := TestUserCount(s); n == 0 && t.TestPersons == 0 {
			return errors.New(Localize(errNoTestUsers, b.st.lang))
		}
		return nil
	}
	b.inputWith(KeyTestPersons, persons,
		b.tr("Antall testpersoner", "Number of test persons"),
		b.tr("Fiktive personer dere logger inn som i TT02", "Fictitious persons you log in as in TT02"),
		"0", countPersons)
	b.inputWith(KeyTestOrganisations, orgs,
		b.tr("Antall testorganisasjoner", "Number of test organisations"),
		b.tr("Fiktive virksomheter dere rapporterer for i TT02", "Fictitious organisations you report for in TT02"),
		"0", orgsOrPersons)
	return b.form(
		b.tr("Bestill testbrukere", "Order test users"),
		b.tr("Hvor mange fiktive testbrukere trenger dere i TT02? Bruk aldri ekte personer eller virksomheter i testene.",
			"How many fictitious test users do you need in TT02? Never use real persons or organisations in the tests."))
}
