package forms

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session"
)

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
