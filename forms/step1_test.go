package forms

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// driver runs a huh form the way a Bubble Tea program would, without a
// terminal: messages go through Update, and every command is run to its
// end and its message fed back before the next message is sent (only the
// cursor's blink timer is left alone; see internal/teadrive). Nothing
// depends on how fast the machine is.
type driver struct {
	t *testing.T
	f *huh.Form
	d *teadrive.Driver
}

func drive(t *testing.T, f *huh.Form) *driver {
	t.Helper()
	d := &driver{t: t, f: f}
	d.d = teadrive.New(t, func(msg tea.Msg) tea.Cmd {
		_, cmd := f.Update(msg)
		return cmd
	})
	d.d.Size = tea.WindowSizeMsg{Width: 120, Height: 200}
	d.d.Run(f.Init())
	d.send(d.d.Size)
	return d
}

func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	d.d.Send(msg)
}

// typeText types s one key at a time, checking each with after; without
// after it sends s as one key message, as a paste or a fast typist does.
func (d *driver) typeText(s string, after func(typed string)) {
	d.t.Helper()
	if after == nil {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
		return
	}
	var typed []rune
	for _, r := range s {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		typed = append(typed, r)
		if after != nil {
			after(string(typed))
		}
	}
}

func (d *driver) enter()     { d.send(tea.KeyMsg{Type: tea.KeyEnter}) }
func (d *driver) tab()       { d.send(tea.KeyMsg{Type: tea.KeyTab}) }
func (d *driver) back()      { d.send(tea.KeyMsg{Type: tea.KeyShiftTab}) }
func (d *driver) down()      { d.send(tea.KeyMsg{Type: tea.KeyDown}) }
func (d *driver) up()        { d.send(tea.KeyMsg{Type: tea.KeyUp}) }
func (d *driver) toggle()    { d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'x'}}) }
func (d *driver) backspace() { d.send(tea.KeyMsg{Type: tea.KeyBackspace}) }

func (d *driver) focused() string { return d.f.GetFocusedField().GetKey() }

func (d *driver) wantFocus(key string) {
	d.t.Helper()
	if got := d.focused(); got != key {
		d.t.Fatalf("focus on %q, want %q\n%s", got, key, d.view())
	}
}

// view is the screen as plain text with runs of white space made one space,
// so messages wrapped by huh still match.
func (d *driver) view() string {
	return strings.Join(strings.Fields(ansi.Strip(d.f.View())), " ")
}

func (d *driver) wantView(parts ...string) {
	d.t.Helper()
	v := d.view()
	for _, p := range parts {
		if !strings.Contains(v, p) {
			d.t.Fatalf("view lacks %q:\n%s", p, ansi.Strip(d.f.View()))
		}
	}
}

func (d *driver) wantNoErrors() {
	d.t.Helper()
	if errs := d.f.Errors(); len(errs) > 0 {
		d.t.Fatalf("unexpected errors %v\n%s", errs, d.view())
	}
}

// keysOf lists a form's field keys, in order.
func keysOf(t *testing.T, f *huh.Form) []string {
	t.Helper()
	fl, ok := f.GetFocusedField().(*field)
	if !ok {
		t.Fatalf("form not built by this package")
	}
	var keys []string
	for _, x := range fl.st.fields {
		keys = append(keys, x.GetKey())
	}
	return keys
}

func nb() FormOptions { return FormOptions{Lang: NB} }

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
		if a.Vendor.Name != typed {
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
		if a.TechnicalContact.Name != typed {
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

func TestFocusField(t *testing.T) {
	t.Parallel()
	t.Run("before Init", func(t *testing.T) {
		t.Parallel()
		a := &session.Answers{}
		f := VendorForm(a, nb())
		if !FocusField(f, "vendor.city") {
			t.Fatal("FocusField = false")
		}
		d := drive(t, f)
		d.wantFocus("vendor.city")
		d.wantNoErrors() // the empty fields passed over are not judged
		d.typeText("Alta", nil)
		if a.Vendor.City != "Alta" {
			t.Fatalf("typing went elsewhere: %+v", a.Vendor)
		}
		if !strings.Contains(d.view(), "┃ Poststed") {
			t.Fatalf("city not drawn as focused:\n%s", ansi.Strip(d.f.View()))
		}
	})
	t.Run("after Init, back and forth", func(t *testing.T) {
		d := drive(t, ChoicesForm(&session.Answers{}, nb()))
		if !FocusField(d.f, "system.environments[1]") {
			t.Fatal("element path not mapped to its list")
		}
		d.wantFocus("system.environments")
		if !FocusField(d.f, "system.interfaces") {
			t.Fatal("back")
		}
		d.wantFocus("system.interfaces")
		d.wantNoErrors()
		d.toggle()
		d.enter()
		d.wantFocus("system.auth_methods")
	})
	t.Run("unknown", func(t *testing.T) {
		f := VendorForm(&session.Answers{}, nb())
		if FocusField(f, "vendor.nope") || FocusField(f, "") || FocusField(nil, "vendor.name") {
			t.Fatal("FocusField found what is not there")
		}
		if f.GetFocusedField().GetKey() != "vendor.org_number" {
			t.Fatal("focus moved")
		}
	})
	t.Run("last field does not submit", func(t *testing.T) {
		d := drive(t, SignerForm(&session.Answers{}, nb()))
		if !FocusField(d.f, "signer.date") || d.f.State != huh.StateNormal {
			t.Fatalf("state %v", d.f.State)
		}
		if !FocusField(d.f, "signer.date") || d.f.State != huh.StateNormal {
			t.Fatal("focusing the focused field")
		}
	})
}

// TestKeysAreAnswerPaths checks every problem Check can report on
// empty answers has a form field to show it at, and every form field key is
// a path of the answers file.
func TestKeysAreAnswerPaths(t *testing.T) {
	t.Parallel()
	a := &session.Answers{
		TechnicalContact: &session.Person{},                                                                         // "another person": its fields show
		System:           session.System{Services: []session.Service{{Owner: strings.Repeat("x", MaxShortText+1)}}}, // a bad owner reports too
		Declaration:      session.Declaration{StoresUserCredentials: session.Bool(true)},
		Signer:           session.Signer{Date: "x"},
	}
	o := nb()
	forms := []*huh.Form{
		VendorForm(a, o), ContactForm(a, o), TechnicalContactForm(a, o), SystemForm(a, o),
		ChoicesForm(a, o), ServiceForm(&a.System.Services[0], 0, o), DeclarationForm(a, o), SignerForm(a, o),
	}
	var keys []string
	for _, f := range forms {
		keys = append(keys, keysOf(t, f)...)
	}
	for _, e := range problemsOf(a) {
		k := fieldKey(e.Path)
		if !slices.Contains(keys, k) {
			t.Errorf("Check reports %s; no form field has key %s", e.Path, k)
			continue
		}
		found := false
		for _, f := range forms {
			if FocusField(f, e.Path) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("FocusField cannot reach %s", e.Path)
		}
	}
	for _, k := range keys {
		if k == keyTechnicalMode {
			continue
		}
		if !slices.ContainsFunc(problemsOf(a), func(e *FieldError) bool { return fieldKey(e.Path) == k }) {
			t.Errorf("form key %s is not a path Check checks", k)
		}
	}
}

func TestMessagesByKey(t *testing.T) {
	t.Parallel()
	a := &session.Answers{System: session.System{Interfaces: []string{"soap", "ftp", "soap"}}}
	m := MessagesByKey(problemsOf(a), EN)
	if got := m["system.interfaces"]; !strings.Contains(got, `"ftp" is not a valid choice`) {
		t.Fatalf("interfaces: %q", got)
	}
	if got := m["vendor.org_number"]; got != "This field is required" {
		t.Fatalf("org number: %q", got)
	}
}

func TestAccessibleVendor(t *testing.T) {
	t.Parallel()
	a := &session.Answers{Vendor: session.Vendor{City: "Oslo"}}
	in := "123456789\n123456785\nBlåbær AS\nStorgata 1\n150\n0150\n\n"
	var out bytes.Buffer
	err := VendorForm(a, FormOptions{Lang: NB, Accessible: true}).
		WithInput(LineByLine(strings.NewReader(in))).
		WithOutput(&out).
		Run()
	if err != nil {
		t.Fatal(err)
	}
	want := session.Vendor{OrgNumber: "123456785", Name: "Blåbær AS", Address: "Storgata 1", PostalCode: "0150", City: "Oslo"}
	if a.Vendor != want {
		t.Fatalf("vendor %+v, want %+v\n%s", a.Vendor, want, out.String())
	}
	o := ansi.Strip(out.String())
	for _, s := range []string{"Organisasjonsnummer", "kontrollsifferet stemmer ikke", "Postnummeret må ha 4 siffer (du skrev 3)"} {
		if !strings.Contains(o, s) {
			t.Errorf("output lacks %q:\n%s", s, o)
		}
	}
}

func TestAccessibleEndOfInput(t *testing.T) {
	t.Parallel()
	// Input ends before the questions do: huh would panic on the select
	// and loop for ever on the required multi-select; here Run returns.
	a := &session.Answers{}
	done := make(chan error, 1)
	go func() {
		var out bytes.Buffer
		done <- DeclarationForm(a, FormOptions{Accessible: true}).
			WithInput(LineByLine(strings.NewReader("2\n"))).
			WithOutput(&out).
			Run()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(teadrive.DefaultTimeout): // a hang, not a slow machine
		t.Fatal("Run did not return at end of input")
	}
	if a.Declaration.SignsForUsers == nil || !*a.Declaration.SignsForUsers || a.Declaration.UsesPrefill != nil {
		t.Fatalf("declaration %+v", a.Declaration)
	}

	done2 := make(chan struct{})
	go func() {
		defer close(done2)
		var out bytes.Buffer
		_ = ChoicesForm(&session.Answers{}, FormOptions{Accessible: true}).
			WithInput(strings.NewReader("")).WithOutput(&out).Run()
	}()
	select {
	case <-done2:
	case <-time.After(teadrive.DefaultTimeout):
		t.Fatal("multi-select loops at end of input")
	}
}

func TestAccessibleTechnicalContactSkipsHidden(t *testing.T) {
	t.Parallel()
	a := &session.Answers{Contact: session.Person{Name: "Kari", Email: "kari@firma.no", Phone: "91234567"}}
	var out bytes.Buffer
	err := TechnicalContactForm(a, FormOptions{Accessible: true}).
		WithInput(LineByLine(strings.NewReader("2\n"))).WithOutput(&out).Run()
	if err != nil {
		t.Fatal(err)
	}
	if a.TechnicalContact == nil || *a.TechnicalContact != a.Contact {
		t.Fatalf("technical contact %+v", a.TechnicalContact)
	}
	if strings.Contains(out.String(), "E-post") {
		t.Fatalf("asked for hidden fields:\n%s", out.String())
	}
}

func TestThemes(t *testing.T) {
	t.Parallel()
	for _, noColor := range []bool{false, true} {
		th := ThemeFor(noColor)
		if th == nil {
			t.Fatal("nil theme")
		}
		d := drive(t, VendorForm(&session.Answers{}, FormOptions{Theme: th}))
		d.wantView("Leverandøren", "Organisasjonsnummer", "enter neste")
	}
	plain := ThemeFor(true)
	for name, st := range map[string]lipgloss.Style{
		"title": plain.Focused.Title, "error": plain.Focused.ErrorMessage, "placeholder": plain.Focused.TextInput.Placeholder,
		"button": plain.Focused.FocusedButton, "selected": plain.Focused.SelectedOption, "help": plain.Help.ShortDesc,
	} {
		if _, ok := st.GetForeground().(lipgloss.NoColor); !ok {
			t.Errorf("NO_COLOR theme colours %s: %v", name, st.GetForeground())
		}
		if _, ok := st.GetBackground().(lipgloss.NoColor); !ok {
			t.Errorf("NO_COLOR theme colours the background of %s", name)
		}
	}
}
