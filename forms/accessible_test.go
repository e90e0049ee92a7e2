package forms

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/session"
)

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
