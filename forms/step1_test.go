package forms

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

func TestVendorTypingLandsInSession(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	d := drive(t, VendorForm(a, nb()))
	d.wantFocus("vendor.org_number")
	d.typeText("123456785", func(typed string) {
		if a.Vendor.OrgNumber != typed {
			t.Fatalf("after typing %q the session has %q", typed, a.Vendor.OrgNumber)
		}
	})
	d.enter()
	d.wantFocus("vendor.name")
	d.typeText("Blåbær Økonomi AS", func(typed string) {
		// A name is kept normalised as it is typed (no space at the end).
		if a.Vendor.Name != strings.TrimSpace(typed) {
			t.Fatalf("after typing %q the session has %q", typed, a.Vendor.Name)
		}
	})
	d.backspace()
	if a.Vendor.Name != "Blåbær Økonomi A" {
		t.Fatalf("after backspace the session has %q", a.Vendor.Name)
	}
	d.typeText("S", nil)
	d.tab()
	d.typeText("Storgata 1", nil)
	d.enter()
	d.typeText("0150", nil)
	d.enter()
	d.typeText("Tromsø", nil)
	d.enter()
	if d.f.State != huh.StateCompleted {
		t.Fatalf("form not completed:\n%s", d.view())
	}
	want := session.Vendor{OrgNumber: "123456785", Name: "Blåbær Økonomi AS", Address: "Storgata 1", PostalCode: "0150", City: "Tromsø"}
	if a.Vendor != want {
		t.Fatalf("vendor = %+v, want %+v", a.Vendor, want)
	}
}

func TestVendorWrongOrgNumber(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang Lang
		msg  string
	}{
		{NB, "123456789 er ikke et gyldig organisasjonsnummer (kontrollsifferet stemmer ikke)"},
		{EN, "123456789 is not a valid organisation number (check digit does not match)"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			t.Parallel()
			a := &session.Answers{}
			d := drive(t, VendorForm(a, FormOptions{Lang: c.lang}))
			d.typeText("123456789", nil)
			d.enter()
			d.wantFocus("vendor.org_number")
			d.wantView(c.msg)
			if a.Vendor.OrgNumber != "123456789" {
				t.Fatalf("typed text not kept: %q", a.Vendor.OrgNumber)
			}
			d.tab() // Tab is "next" too, and must be refused the same way
			d.wantFocus("vendor.org_number")

			d.backspace()
			d.typeText("5", nil)
			if strings.Contains(d.view(), c.msg) {
				t.Fatalf("message still shown after correcting:\n%s", d.view())
			}
			d.enter()
			d.wantFocus("vendor.name")
			d.wantNoErrors()
			if a.Vendor.OrgNumber != "123456785" {
				t.Fatalf("org number = %q", a.Vendor.OrgNumber)
			}
		})
	}
}

func TestOrgNumberNotNormalisedWhileTyping(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	d := drive(t, VendorForm(a, nb()))
	d.typeText("0192:123 456 785", nil)
	d.enter()
	d.wantFocus("vendor.name")
	if a.Vendor.OrgNumber != "0192:123 456 785" {
		t.Fatalf("field rewritten to %q", a.Vendor.OrgNumber)
	}
}

func TestRequiredMessage(t *testing.T) {
	t.Parallel()
	a := &session.Answers{Vendor: session.Vendor{OrgNumber: "123456785"}}
	d := drive(t, VendorForm(a, nb()))
	d.enter()
	d.wantFocus("vendor.name")
	d.typeText("   ", nil)
	d.enter()
	d.wantFocus("vendor.name")
	d.wantView("Feltet må fylles ut")
}

func TestBackIsFreeAndLeavingValidates(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	d := drive(t, VendorForm(a, nb()))
	d.typeText("123456785", nil)
	d.enter()
	d.wantFocus("vendor.name")
	d.back()
	d.wantFocus("vendor.org_number")
	// The empty name was left: its message shows, and the form cannot finish.
	d.wantView("Feltet må fylles ut")
}

func TestContactForm(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	d := drive(t, ContactForm(a, FormOptions{Lang: EN}))
	if got, want := keysOf(t, d.f), []string{"contact.name", "contact.email", "contact.phone"}; !slices.Equal(got, want) {
		t.Fatalf("keys %v, want %v", got, want)
	}
	d.typeText("Åse Ødegård", nil)
	d.enter()
	d.typeText("ase@blåbær", nil)
	d.enter()
	d.wantFocus("contact.email")
	d.wantView(`The domain "blåbær" in the e-mail address has no dot`)
	d.typeText(".no", nil)
	d.enter()
	d.typeText("912 34 567", nil)
	d.enter()
	if d.f.State != huh.StateCompleted {
		t.Fatalf("not completed:\n%s", d.view())
	}
	want := session.Person{Name: "Åse Ødegård", Email: "ase@blåbær.no", Phone: "912 34 567"}
	if a.Contact != want {
		t.Fatalf("contact = %+v, want %+v (typed, not normalised)", a.Contact, want)
	}
}

func TestTechnicalContact(t *testing.T) {
	t.Parallel()
	contact := session.Person{Name: "Kari Nordmann", Email: "kari@firma.no", Phone: "91234567"}
	a := &session.Answers{Contact: contact}
	d := drive(t, TechnicalContactForm(a, nb()))
	d.wantFocus("technical_contact.mode")
	if a.TechnicalContact != nil {
		t.Fatalf("technical contact set before any choice: %+v", a.TechnicalContact)
	}
	if strings.Contains(d.view(), "E-post") {
		t.Fatalf("person fields shown for \"none\":\n%s", d.view())
	}

	d.down() // Samme som kontaktpersonen
	if a.TechnicalContact == nil || *a.TechnicalContact != contact {
		t.Fatalf("same as contact: %+v", a.TechnicalContact)
	}
	if a.TechnicalContact == &a.Contact {
		t.Fatal("technical contact aliases the contact")
	}

	d.down() // En annen person
	if a.TechnicalContact == nil || *a.TechnicalContact != (session.Person{}) {
		t.Fatalf("another person should start empty: %+v", a.TechnicalContact)
	}
	d.wantView("E-post", "Telefon")
	d.enter()
	d.wantFocus("technical_contact.name")
	d.typeText("Per Ås", func(typed string) {
		if a.TechnicalContact.Name != strings.TrimSpace(typed) {
			t.Fatalf("typed %q, session has %q", typed, a.TechnicalContact.Name)
		}
	})
	d.enter()
	d.typeText("per@firma", nil)
	d.enter()
	d.wantFocus("technical_contact.email")
	d.wantView("e-postadressen mangler punktum")

	// Back to the choice, and "none": the half-typed person's problem is
	// gone and the form can finish from the choice.
	d.back()
	d.back()
	d.wantFocus("technical_contact.mode")
	d.up()
	d.up()
	if a.TechnicalContact != nil {
		t.Fatalf("none: %+v", a.TechnicalContact)
	}
	d.wantNoErrors()
	if strings.Contains(d.view(), "E-post") {
		t.Fatalf("person fields shown for \"none\":\n%s", d.view())
	}
	d.enter()
	if d.f.State != huh.StateCompleted {
		t.Fatalf("not completed with \"none\":\n%s", d.view())
	}

	// Rebuilt, the typed person is remembered as "another person".
	a.TechnicalContact = &session.Person{Name: "Per Ås", Email: "per@firma.no", Phone: "+4791234567"}
	d = drive(t, TechnicalContactForm(a, nb()))
	if v := d.f.GetFocusedField().GetValue(); v != techOther {
		t.Fatalf("mode %v, want %q", v, techOther)
	}
	if !FocusField(d.f, "technical_contact.phone") {
		t.Fatal("cannot focus the phone of another person")
	}
}

func TestTechnicalContactSameIsRefreshed(t *testing.T) {
	t.Parallel()
	a := &session.Answers{Contact: session.Person{Name: "Kari", Email: "kari@firma.no", Phone: "91234567"}}
	c := a.Contact
	a.TechnicalContact = &c
	_ = TechnicalContactForm(a, nb())
	if a.TechnicalContact == nil || *a.TechnicalContact != a.Contact {
		t.Fatalf("same as contact not kept: %+v", a.TechnicalContact)
	}
	if FocusField(TechnicalContactForm(a, nb()), "technical_contact.name") {
		t.Fatal("focused a hidden field")
	}
}

func TestSystemForm(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	d := drive(t, SystemForm(a, nb()))
	if a.System.Category != "" {
		t.Fatalf("building the form chose category %q", a.System.Category)
	}
	d.typeText("Blåbær Regnskap", nil)
	d.enter()
	d.typeText("2.1", nil)
	d.enter()
	d.wantFocus("system.description")
	d.typeText("Regnskap for små bedrifter på Østlandet.", func(typed string) {
		if a.System.Description != typed {
			t.Fatalf("typed %q, session has %q", typed, a.System.Description)
		}
	})
	d.enter()
	d.wantFocus("system.category")
	d.enter()
	d.wantFocus("system.category")
	d.wantView("Velg en kategori")
	d.down()
	if a.System.Category != "accounting" {
		t.Fatalf("category %q", a.System.Category)
	}
	d.down()
	d.enter()
	if d.f.State != huh.StateCompleted || a.System.Category != "payroll" {
		t.Fatalf("state %v, category %q", d.f.State, a.System.Category)
	}
}

func TestSystemNameTooLong(t *testing.T) {
	t.Parallel()
	a := &session.Answers{System: session.System{Name: strings.Repeat("ø", 101)}}
	d := drive(t, SystemForm(a, nb()))
	d.enter()
	d.wantFocus("system.name")
	d.wantView("høyst 100 tegn (du skrev 101)")
}

func TestChoicesRequireOneEach(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	d := drive(t, ChoicesForm(a, nb()))
	d.wantNoErrors()
	d.enter()
	d.wantFocus("system.interfaces")
	d.wantView("Velg minst ett grensesnitt")
	d.toggle()
	if !slices.Equal(a.System.Interfaces, []string{"soap"}) {
		t.Fatalf("interfaces %v", a.System.Interfaces)
	}
	d.enter()
	d.wantFocus("system.auth_methods")
	d.wantNoErrors() // arriving at an empty list does not scold
	d.enter()
	d.wantFocus("system.auth_methods")
	d.wantView("Velg minst én autentiseringsmåte")
	d.back() // going back from an empty list is allowed
	d.wantFocus("system.interfaces")
	d.enter()
	d.down()
	d.toggle()
	d.down()
	d.down()
	d.toggle()
	d.enter()
	d.wantFocus("system.environments")
	d.enter()
	d.wantView("Velg minst ett miljø")
	d.toggle()
	d.down()
	d.toggle()
	d.enter()
	if d.f.State != huh.StateCompleted {
		t.Fatalf("not completed:\n%s", d.view())
	}
	if !slices.Equal(a.System.AuthMethods, []string{"enterprise_certificate", "maskinporten"}) ||
		!slices.Equal(a.System.Environments, []string{"tt02", "prod"}) {
		t.Fatalf("auth %v, environments %v", a.System.AuthMethods, a.System.Environments)
	}
	if errs := problemsOf(a); slices.ContainsFunc(errs, func(e *FieldError) bool {
		return strings.HasPrefix(e.Path, "system.interfaces") || strings.HasPrefix(e.Path, "system.auth_methods") || strings.HasPrefix(e.Path, "system.environments")
	}) {
		t.Fatalf("Check disagrees: %v", errs)
	}
}

func TestChoicesKeepSavedAnswers(t *testing.T) {
	t.Parallel()
	a := &session.Answers{System: session.System{Interfaces: []string{"rest"}, AuthMethods: []string{"idporten"}, Environments: []string{"prod"}}}
	d := drive(t, ChoicesForm(a, nb()))
	d.enter()
	d.enter()
	d.enter()
	if d.f.State != huh.StateCompleted {
		t.Fatalf("not completed:\n%s", d.view())
	}
	if !slices.Equal(a.System.Interfaces, []string{"rest"}) || !slices.Equal(a.System.AuthMethods, []string{"idporten"}) {
		t.Fatalf("saved answers changed: %+v", a.System)
	}
}

func TestDeclarationBindsBools(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	d := drive(t, DeclarationForm(a, nb()))
	dec := &a.Declaration
	if dec.SignsForUsers != nil || dec.UsesPrefill != nil || dec.StoresUserCredentials != nil {
		t.Fatalf("answered before asked: %+v", dec)
	}
	d.wantView("Velg …", "engangskode")
	d.enter()
	d.wantFocus("declaration.signs_for_users")
	d.wantView("Svar ja eller nei")
	if dec.SignsForUsers != nil {
		t.Fatal("unanswered became an answer")
	}
	d.down() // Ja
	if dec.SignsForUsers == nil || !*dec.SignsForUsers {
		t.Fatalf("Ja gave %v", dec.SignsForUsers)
	}
	d.enter()
	d.wantFocus("declaration.uses_prefill")
	d.back() // unanswered, yet back is allowed
	d.wantFocus("declaration.signs_for_users")
	d.enter()
	d.down()
	d.down() // Nei
	if dec.UsesPrefill == nil || *dec.UsesPrefill {
		t.Fatalf("Nei gave %v", dec.UsesPrefill)
	}
	d.enter()
	d.wantFocus(keyStoresCredentials)
	d.down() // Ja: the truth is recorded, but the form refuses it
	if dec.StoresUserCredentials == nil || !*dec.StoresUserCredentials {
		t.Fatalf("Ja gave %v", dec.StoresUserCredentials)
	}
	d.enter()
	d.wantFocus(keyStoresCredentials)
	d.wantView("kan ikke signere den")
	d.down() // Nei
	d.enter()
	d.wantFocus("declaration.security_measures")
	if dec.StoresUserCredentials == nil || *dec.StoresUserCredentials {
		t.Fatalf("Nei gave %v", dec.StoresUserCredentials)
	}
	d.enter()
	d.wantView("Feltet må fylles ut")
	d.typeText("Tilgangsstyring per rolle; all bruk logges.", nil)
	d.enter()
	if d.f.State != huh.StateCompleted {
		t.Fatalf("not completed:\n%s", d.view())
	}
	if dec.SecurityMeasures != "Tilgangsstyring per rolle; all bruk logges." {
		t.Fatalf("security measures %q", dec.SecurityMeasures)
	}
}

func TestDeclarationEnglishAndResume(t *testing.T) {
	t.Parallel()
	a := &session.Answers{Declaration: session.Declaration{SignsForUsers: session.Bool(false), StoresUserCredentials: session.Bool(true)}}
	d := drive(t, DeclarationForm(a, FormOptions{Lang: EN}))
	if a.Declaration.SignsForUsers == nil || *a.Declaration.SignsForUsers {
		t.Fatal("saved No lost when the form was built")
	}
	if !FocusField(d.f, keyStoresCredentials) {
		t.Fatal("focus")
	}
	d.enter()
	d.wantView("cannot sign it")
}

func TestServiceForm(t *testing.T) {
	t.Parallel()
	svc := &session.Service{}
	d := drive(t, ServiceForm(svc, 2, nb()))
	want := []string{"system.services[2].code", "system.services[2].edition", "system.services[2].name", "system.services[2].owner"}
	if got := keysOf(t, d.f); !slices.Equal(got, want) {
		t.Fatalf("keys %v, want %v", got, want)
	}
	d.wantView("Tjeneste 3")
	d.typeText("49a6", nil)
	d.enter()
	d.wantView("Tjenestekoden kan bare inneholde sifre (fant «a»)")
	for range 2 {
		d.backspace()
	}
	d.typeText("36", nil)
	d.enter()
	d.typeText("1", nil)
	d.enter()
	d.typeText("Skattemelding for næringsdrivende", nil)
	d.enter()
	d.enter() // owner is optional
	if d.f.State != huh.StateCompleted {
		t.Fatalf("not completed:\n%s", d.view())
	}
	if !reflect.DeepEqual(*svc, session.Service{Code: "4936", Edition: "1", Name: "Skattemelding for næringsdrivende"}) {
		t.Fatalf("service %+v", *svc)
	}
}

func TestSignerDate(t *testing.T) {
	t.Parallel()
	a := &session.Answers{Signer: session.Signer{Name: "Kari", Role: "Daglig leder", Place: "Bodø"}}
	d := drive(t, SignerForm(a, nb()))
	if !FocusField(d.f, "signer.date") {
		t.Fatal("focus")
	}
	d.typeText("2026-13-01", nil)
	d.enter()
	d.wantView("ikke en gyldig dato")
	for range 5 {
		d.backspace()
	}
	d.enter() // "2026-" is wrong too
	d.wantFocus("signer.date")
	for range 5 {
		d.backspace()
	}
	d.enter() // empty: today
	if d.f.State != huh.StateCompleted || a.Signer.Date != "" {
		t.Fatalf("state %v, date %q", d.f.State, a.Signer.Date)
	}
}

// A name pasted on a Mac (å as a and a combining ring, runs of spaces, a
// no-break space) is kept as the same name typed on a keyboard: NFC, one
// space, none at the ends. What the field shows is what was typed.
func TestNamesNormalisedAsTyped(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	d := drive(t, SystemForm(a, nb()))
	d.wantFocus("system.name")
	pasted := "  Bla\u030abær\u00a0 Regnskap   Pro "
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(pasted), Paste: true})
	if want := "Blåbær Regnskap Pro"; a.System.Name != want {
		t.Fatalf("system name = %q, want %q", a.System.Name, want)
	}
	// The check's copy agrees, and so does an answers file's name.
	checked, _ := Check(session.Answers{System: session.System{Name: pasted}})
	if checked.System.Name != a.System.Name {
		t.Fatalf("Check made %q of the pasted name, the form %q", checked.System.Name, a.System.Name)
	}
	for in, want := range map[string]string{
		"A\u030Ase \t Ødegård": "Åse Ødegård",
		"Kari\u2007Nordmann":   "Kari Nordmann",
		"one\ntwo":             "one\ntwo", // a line break is the check's to refuse
	} {
		if got := NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}
