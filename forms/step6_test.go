package forms

import (
	"strings"
	"testing"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

var step6Contact = session.Person{Name: "Åse Ødegård", Email: "ase@example.no", Phone: "+4791234567"}

func TestGuideFormDefaultsToNorwegianAndContact(t *testing.T) {
	t.Parallel()
	g := &session.GoLive{}
	d := drive(t, GuideForm(g, step6Contact, contactStep1(nb())))
	d.wantFocus(KeyGuideLang)
	d.wantView("Språk i brukerveiledningen", "Norsk (bokmål)", "Engelsk")
	if g.GuideLang != GuideNB || GuideLang(g) != GuideNB {
		t.Fatalf("guide language = %q", g.GuideLang)
	}
	d.enter()
	d.wantFocus(KeySupportMode)
	d.wantView("Kontaktpersonen fra steg 1 (Åse Ødegård)")
	d.enter()
	if d.f.State != huh.StateCompleted {
		t.Fatalf("form not completed:\n%s", d.view())
	}
	if g.Support != nil {
		t.Fatalf("support = %+v, want the contact person (nil)", g.Support)
	}
	if got := keysOf(t, d.f); strings.Join(got, ",") != "go_live.guide_lang,go_live.support.mode,go_live.support.name,go_live.support.email,go_live.support.phone" {
		t.Fatalf("keys = %v", got)
	}
}

func TestGuideFormEnglishAndSupportPerson(t *testing.T) {
	t.Parallel()
	g := &session.GoLive{}
	d := drive(t, GuideForm(g, step6Contact, contactStep1(FormOptions{Lang: EN})))
	d.wantView("Language of the user guide", "Norwegian (bokmål)", "English")
	d.down()
	if g.GuideLang != GuideEN {
		t.Fatalf("after ↓ the guide language is %q", g.GuideLang)
	}
	d.enter()
	d.down()
	if g.Support == nil {
		t.Fatal("choosing someone else did not set a support person")
	}
	d.enter()
	d.wantFocus("go_live.support.name")
	d.typeText("Kundestøtte Blåbær", nil)
	d.enter()
	d.typeText("ikke-en-adresse", nil)
	d.enter()
	d.wantFocus("go_live.support.email")
	d.wantView("has no @") // the address is refused, in English
	for range len("ikke-en-adresse") {
		d.backspace()
	}
	d.typeText("support@blabaer.example.no", nil)
	d.enter()
	d.typeText("22 33 44 55", nil)
	d.enter()
	if d.f.State != huh.StateCompleted {
		t.Fatalf("form not completed:\n%s", d.view())
	}
	want := session.Person{Name: "Kundestøtte Blåbær", Email: "support@blabaer.example.no", Phone: "22 33 44 55"}
	if *g.Support != want {
		t.Fatalf("support = %+v", *g.Support)
	}
	p, errs := SupportContact(g, step6Contact)
	if len(errs) > 0 || p.Phone != "+4722334455" || p.Name != want.Name {
		t.Fatalf("SupportContact = %+v, %v", p, errs)
	}
	if g.Support.Phone != "22 33 44 55" {
		t.Fatal("SupportContact rewrote the session")
	}
}

// Going back to "the contact person" forgets nothing typed, but the
// session no longer names another person.
func TestGuideFormBackToContact(t *testing.T) {
	t.Parallel()
	g := &session.GoLive{GuideLang: GuideEN, Support: &session.Person{Name: "Kari Kundestøtte"}}
	d := drive(t, GuideForm(g, session.Person{}, contactStep1(nb())))
	if g.GuideLang != GuideEN {
		t.Fatalf("saved language lost: %q", g.GuideLang)
	}
	d.enter()
	d.wantFocus(KeySupportMode)
	d.wantView("Kontaktpersonen fra steg 1 (ikke fylt ut ennå)")
	d.up()
	if g.Support != nil {
		t.Fatalf("support = %+v after choosing the contact person", g.Support)
	}
	d.down()
	if g.Support == nil || g.Support.Name != "Kari Kundestøtte" {
		t.Fatalf("the other person was lost: %+v", g.Support)
	}
}

func TestSupportContact(t *testing.T) {
	t.Parallel()
	if p, errs := SupportContact(&session.GoLive{}, step6Contact); p != step6Contact || errs != nil {
		t.Fatalf("no support person: %+v %v", p, errs)
	}
	_, errs := SupportContact(&session.GoLive{Support: &session.Person{Name: " ", Email: "x@", Phone: "12"}}, step6Contact)
	var paths []string
	for _, e := range errs {
		paths = append(paths, e.Path)
	}
	if strings.Join(paths, ",") != "go_live.support.name,go_live.support.email,go_live.support.phone" {
		t.Fatalf("paths = %v", paths)
	}
	if GuideLang(nil) != GuideNB || GuideLang(&session.GoLive{GuideLang: "de"}) != GuideNB {
		t.Fatal("unknown languages must read as Norwegian")
	}
}

// contactStep1 is o for a track whose first step asks for the contact
// person (the Altinn II track).
func contactStep1(o FormOptions) FormOptions {
	o.ContactStep = 1
	return o
}

// Without a step to refer to, the option names the contact person only.
func TestGuideFormWithoutContactStep(t *testing.T) {
	g := &session.GoLive{}
	d := drive(t, GuideForm(g, step6Contact, nb()))
	d.wantView("Kontaktpersonen (Åse Ødegård)")
}
