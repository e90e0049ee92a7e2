package forms

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// A form lists its fields as questions, in order, under the form's
// heading, each with its title and description.
func TestQuestionsOfVendorForm(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	fq, ok := Questions(VendorForm(a, FormOptions{Lang: NB, Accessible: true}))
	if !ok {
		t.Fatal("VendorForm has no questions")
	}
	if fq.Title != "Leverandøren" || fq.Description == "" {
		t.Errorf("heading %q, %q", fq.Title, fq.Description)
	}
	var keys []string
	for _, q := range fq.Questions {
		keys = append(keys, q.Key)
		if q.Title == "" {
			t.Errorf("%s has no title", q.Key)
		}
	}
	want := []string{"vendor.org_number", "vendor.name", "vendor.address", "vendor.postal_code", "vendor.city"}
	if !slices.Equal(keys, want) {
		t.Fatalf("keys %v, want %v", keys, want)
	}
}

// Set checks an answer with the field's own validator: a wrong one is
// refused with its message in the form's language and not stored; a good
// one is stored.
func TestQuestionSetValidates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang Lang
		want string
	}{{NB, "ikke et gyldig organisasjonsnummer"}, {EN, "not a valid organisation number"}} {
		a := &session.Answers{}
		fq, _ := Questions(VendorForm(a, FormOptions{Lang: tc.lang, Accessible: true}))
		org := fq.Questions[0]
		err := org.Set([]string{"123456789"})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: wrong check digit: %v", tc.lang, err)
		}
		if a.Vendor.OrgNumber != "" || org.Value() != nil {
			t.Errorf("a refused answer was stored: %q", a.Vendor.OrgNumber)
		}
		if err := org.Set([]string{"123456785"}); err != nil || !slices.Equal(org.Value(), []string{"123456785"}) {
			t.Errorf("good answer: %v, %v", err, org.Value())
		}
	}
}

// A field hidden by an earlier answer is not shown; the answer that shows
// it is stored like the TUI stores it.
func TestQuestionsTechnicalContactHidesFields(t *testing.T) {
	t.Parallel()
	a := &session.Answers{Contact: session.Person{Name: "Kari", Email: "kari@firma.no", Phone: "91234567"}}
	fq, _ := Questions(TechnicalContactForm(a, FormOptions{Accessible: true}))
	mode := fq.Questions[0]
	if mode.Kind != AskChoice || len(mode.Options) != 3 {
		t.Fatalf("mode question %+v", mode)
	}
	shown := func() (n int) {
		for _, q := range fq.Questions {
			if q.Shown() {
				n++
			}
		}
		return n
	}
	if shown() != 1 {
		t.Fatalf("%d questions shown with no technical contact", shown())
	}
	if err := mode.Set([]string{mode.Options[2].Value}); err != nil || shown() != 4 {
		t.Fatalf("another person: %v, %d shown", err, shown())
	}
	if err := mode.Set([]string{mode.Options[1].Value}); err != nil || a.TechnicalContact == nil || *a.TechnicalContact != a.Contact {
		t.Fatalf("same as contact: %v, %+v", err, a.TechnicalContact)
	}
	if err := mode.Set([]string{"nonsense"}); err == nil {
		t.Fatal("a value none of the options has was taken")
	}
}

// A yes/no question stores a *bool; its options are yes, then no.
func TestQuestionYesNo(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	fq, _ := Questions(DeclarationForm(a, FormOptions{Lang: EN, Accessible: true}))
	q := fq.Questions[0]
	if q.Kind != AskYesNo || q.Value() != nil {
		t.Fatalf("%+v", q)
	}
	if err := q.Set([]string{AnswerYes}); err != nil || a.Declaration.SignsForUsers == nil || !*a.Declaration.SignsForUsers {
		t.Fatalf("yes: %v %v", err, a.Declaration.SignsForUsers)
	}
}

// Every form of the package lists every field as a question with a key
// and a title (the accessible mode asks nothing a form does not define).
func TestEveryFormHasQuestions(t *testing.T) {
	t.Parallel()
	a := &session.Answers{}
	o := FormOptions{Lang: NB, Accessible: true}
	for name, f := range map[string]*huh.Form{
		"vendor": VendorForm(a, o), "contact": ContactForm(a, o), "technical": TechnicalContactForm(a, o),
		"system": SystemForm(a, o), "choices": ChoicesForm(a, o), "declaration": DeclarationForm(a, o),
		"signer": SignerForm(a, o), "interfaces": InterfacesForm(a, o),
		"service": ServiceForm(&session.Service{}, 0, o),
	} {
		fq, ok := Questions(f)
		if !ok || len(fq.Questions) == 0 || fq.Title == "" {
			t.Errorf("%s: %v %+v", name, ok, fq)
		}
		for _, q := range fq.Questions {
			if q.Key == "" || q.Title == "" {
				t.Errorf("%s: a question without key or title: %+v", name, q)
			}
		}
	}
}
