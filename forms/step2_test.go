package forms

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

func TestInterfacesFormBindsAndExplains(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang       Lang
		soap, rest []string
		none       string
	}{
		{NB,
			[]string{"SOAP: de fleste tjenestene i Altinn er SOAP-tjenester.", "Systemet logger inn med SystemID og passord, eller virksomhetssertifikat."},
			[]string{"REST: bare noen få tjenester er REST-tjenester.", "«ApiKey: <nøkkel>»", "TT02 har sin egen nøkkel"},
			"Velg minst ett grensesnitt"},
		{EN,
			[]string{"SOAP: most services in Altinn are SOAP services.", "It logs in with a SystemID and password, or an enterprise certificate."},
			[]string{"REST: only a few services are REST services.", `"ApiKey: <key>"`, "TT02 has a key of its own"},
			"Choose at least one interface"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			t.Parallel()
			a := &session.Answers{}
			d := drive(t, InterfacesForm(a, FormOptions{Lang: c.lang}))
			d.wantFocus("system.interfaces")
			// The explanation is the option's under the cursor.
			d.wantView(c.soap...)
			if strings.Contains(d.view(), c.rest[0]) {
				t.Fatalf("REST explained while on SOAP:\n%s", d.view())
			}
			d.wantNoErrors()
			d.enter()
			d.wantView(c.none)
			if d.f.State == huh.StateCompleted {
				t.Fatal("completed without an interface")
			}
			d.toggle() // SOAP
			d.down()
			d.wantView(c.rest...)
			if strings.Contains(d.view(), c.soap[0]) {
				t.Fatalf("SOAP explained while on REST:\n%s", d.view())
			}
			d.toggle() // REST
			if !slices.Equal(a.System.Interfaces, []string{"soap", "rest"}) {
				t.Fatalf("interfaces %v", a.System.Interfaces)
			}
			d.up()
			d.wantView(c.soap...)
			d.toggle() // SOAP off again
			if !slices.Equal(a.System.Interfaces, []string{"rest"}) {
				t.Fatalf("interfaces %v", a.System.Interfaces)
			}
			d.enter()
			if d.f.State != huh.StateCompleted {
				t.Fatalf("not completed:\n%s", d.view())
			}
		})
	}
}

// In accessible mode there is no cursor: every option says what it means.
func TestInterfacesAccessibleExplainsAll(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	fq, ok := Questions(InterfacesForm(a, FormOptions{Lang: NB, Accessible: true}))
	if !ok || len(fq.Questions) != 1 {
		t.Fatalf("questions: %v %+v", ok, fq)
	}
	q := fq.Questions[0]
	var about []string
	for _, o := range q.Options {
		about = append(about, o.Description)
	}
	for _, want := range []string{"SOAP: de fleste tjenestene", "REST: bare noen få tjenester"} {
		if !strings.Contains(strings.Join(about, "\n"), want) {
			t.Errorf("the options do not explain %q: %q", want, about)
		}
	}
	if err := q.Set([]string{"rest"}); err != nil || !slices.Equal(a.System.Interfaces, []string{"rest"}) {
		t.Fatalf("interfaces %v, %v", a.System.Interfaces, err)
	}
}

// The interfaces of step 2 are step 1's answer: what one form chose, the
// other shows, and Check agrees.
func TestInterfacesSameAnswerAsStep1(t *testing.T) {
	t.Parallel()
	a := &session.Answers{System: session.System{Interfaces: []string{"rest"}}}
	d := drive(t, InterfacesForm(a, nb()))
	d.enter()
	if d.f.State != huh.StateCompleted || !slices.Equal(a.System.Interfaces, []string{"rest"}) {
		t.Fatalf("saved answer not kept: %v, state %v", a.System.Interfaces, d.f.State)
	}
	d = drive(t, InterfacesForm(a, nb()))
	d.toggle() // SOAP on
	d2 := drive(t, ChoicesForm(a, nb()))
	d2.enter()
	d2.wantFocus("system.auth_methods")
	if !slices.Equal(a.System.Interfaces, []string{"soap", "rest"}) {
		t.Fatalf("step 1 lost step 2's choice: %v", a.System.Interfaces)
	}
	for _, e := range problemsOf(a) {
		if e.Path == "system.interfaces" {
			t.Fatalf("Check disagrees: %v", e)
		}
	}
}
