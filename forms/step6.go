package forms

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Step 6 (go-live): the end-user guide's language and whom it tells
// customers to contact.

// Guide languages, as stored in session.GoLive.GuideLang.
const (
	GuideNB = "nb"
	GuideEN = "en"
)

// Field keys of the guide form.
const (
	KeyGuideLang   = "go_live.guide_lang"
	KeySupportMode = "go_live.support.mode"
	keySupport     = "go_live.support"
)

// Support contact choices (the value of the KeySupportMode field).
const (
	supportContact = "contact"
	supportOther   = "other"
)

// GuideLang is the guide's language: English only when asked for.
func GuideLang(g *session.GoLive) string {
	if g != nil && strings.TrimSpace(g.GuideLang) == GuideEN {
		return GuideEN
	}
	return GuideNB
}

// guideLang binds the language select to GoLive.GuideLang, so an empty
// or unknown value reads as Norwegian.
type guideLang struct{ g *session.GoLive }

func (l guideLang) Get() string  { return GuideLang(l.g) }
func (l guideLang) Set(v string) { l.g.GuideLang = v }

// support binds the "whom to contact" select to GoLive.Support: the
// contact person chooses nil; another person chooses the person typed in
// the form (kept while the user tries the other choice).
type support struct {
	g     *session.GoLive
	mode  string
	other *session.Person
}

func (s *support) Get() string { return s.mode }

func (s *support) Set(mode string) {
	s.mode = mode
	if mode == supportOther {
		s.g.Support = s.other
		return
	}
	s.mode = supportContact
	s.g.Support = nil
}

// GuideForm asks for the end-user guide's language (Norwegian by default)
// and whom customers contact: the registration's contact person (named
// in the option) or another person, such as the vendor's customer
// support, whose name, e-mail and phone are then asked.
func GuideForm(g *session.GoLive, contact session.Person, o FormOptions) *huh.Form {
	b := newBuilder(o)
	b.pick(KeyGuideLang, guideLang{g},
		b.tr("Språk i brukerveiledningen", "Language of the user guide"),
		b.tr("Engelsk for kunder som ikke leser norsk", "English for customers who do not read Norwegian"),
		[]huh.Option[string]{
			huh.NewOption(b.tr("Norsk (bokmål)", "Norwegian (bokmål)"), GuideNB),
			huh.NewOption(b.tr("Engelsk", "English"), GuideEN),
		}, nil)

	s := &support{g: g, mode: supportContact, other: &session.Person{}}
	if g.Support != nil {
		s.mode, s.other = supportOther, g.Support
	}
	who := strings.TrimSpace(contact.Name)
	if who == "" {
		who = b.tr("ikke fylt ut ennå", "not filled in yet")
	}
	contactLabel := b.tr("Kontaktpersonen (", "The contact person (")
	if o.ContactStep > 0 {
		contactLabel = fmt.Sprintf(b.tr("Kontaktpersonen fra steg %d (", "The contact person from step %d ("), o.ContactStep)
	}
	b.pick(KeySupportMode, s,
		b.tr("Hvem skal kundene kontakte? (navn, e-post og telefon står i veiledningen)", "Whom do customers contact? (the guide shows name, e-mail and phone)"), "",
		[]huh.Option[string]{
			huh.NewOption(contactLabel+who+")", supportContact),
			huh.NewOption(b.tr("En annen, for eksempel kundestøtten", "Someone else, for example customer support"), supportOther),
		}, nil)
	b.person(keySupport, s.other, func() bool { return s.mode != supportOther })
	return b.form(b.tr("Brukerveiledning for kundene", "User guide for your customers"), "")
}

// SupportContact is whom the guide names: a checked, normalised copy of
// GoLive.Support, or contact when there is none (the caller checks the
// contact person with Check). Problems carry the form's keys
// ("go_live.support.email").
func SupportContact(g *session.GoLive, contact session.Person) (session.Person, Problems) {
	if g == nil || g.Support == nil {
		return contact, nil
	}
	return CheckPerson(keySupport, *g.Support)
}
