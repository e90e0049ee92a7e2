package forms

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"unicode"

	"github.com/charmbracelet/huh"
	"golang.org/x/text/unicode/norm"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// FormOptions are how the wizard wants its forms built.
type FormOptions struct {
	Lang Lang
	// AllowTestIDs is set when the session targets TT02 (synthetic test
	// national identity numbers are then valid). Step 1 asks for none.
	AllowTestIDs bool
	// Theme nil means ThemeFor(NO_COLOR is set).
	Theme *huh.Theme
	// Accessible: the form is asked as plain line prompts (Questions),
	// not drawn, so its texts leave out the keys of the terminal UI.
	Accessible bool
	// Width 0 lets huh follow the terminal.
	Width int
	// ContactStep is the number of the step, in the session's track, that
	// asks for the contact person, for forms that refer to it ("the
	// contact person from step 1"); 0 leaves the number out.
	ContactStep int
}

// Field keys are the answers-file paths Check reports, so a problem found
// there can be shown at, and focused in, its field; each field validates
// with the rule of its key (see ruleFor), the one Check applies.
const (
	keyTechnicalMode     = "technical_contact.mode"
	keyStoresCredentials = "declaration.stores_user_credentials"
)

// The registration forms of step 1, one topic per screen. Each returns a
// form with one group whose fields are bound to the answers by pointer, so
// every keystroke lands in the session; each field applies Check's rule
// for its key but never rewrites what the user typed (the normalised value
// is Check's result, made when documents and e-mails are).

// VendorForm asks for the vendor (systemleverandør).
func VendorForm(a *session.Answers, o FormOptions) *huh.Form {
	b := newBuilder(o)
	v := &a.Vendor
	b.input("vendor.org_number", &v.OrgNumber,
		b.tr("Organisasjonsnummer", "Organisation number"),
		b.tr("9 siffer, for eksempel 123 456 785", "9 digits, for example 123 456 785"))
	b.input("vendor.name", &v.Name,
		b.tr("Navn", "Name"),
		b.tr("Virksomhetens navn, slik det står i Enhetsregisteret", "The organisation's name as registered in Enhetsregisteret"))
	b.input("vendor.address", &v.Address,
		b.tr("Adresse", "Address"),
		b.tr("Gateadresse eller postboks", "Street address or PO box"))
	b.input("vendor.postal_code", &v.PostalCode,
		b.tr("Postnummer", "Postcode"),
		b.tr("4 siffer", "4 digits"))
	b.input("vendor.city", &v.City,
		b.tr("Poststed", "City"), "")
	return b.form(
		b.tr("Leverandøren", "The vendor"),
		b.tr("Virksomheten som leverer datasystemet (systemleverandøren).", "The organisation that supplies the datasystem (the system vendor)."))
}

// ContactForm asks for the contact person of the registration.
func ContactForm(a *session.Answers, o FormOptions) *huh.Form {
	b := newBuilder(o)
	b.person("contact", &a.Contact, nil)
	return b.form(
		b.tr("Kontaktperson", "Contact person"),
		b.tr("Den Altinn kan kontakte om registreringen.", "The person Altinn can contact about the registration."))
}

// Technical contact choices (the value of the "technical_contact.mode" field;
// only the form knows it, the session keeps the outcome in TechnicalContact).
const (
	techNone  = "none"
	techSame  = "same"
	techOther = "other"
)

// techContact is the accessor of the technical contact choice. Choosing
// writes the outcome into the answers at once: none sets TechnicalContact
// to nil, same sets it to a copy of the contact, other to the person typed
// in the form (kept while the user tries the other choices).
type techContact struct {
	a     *session.Answers
	mode  string
	other *session.Person
}

func newTechContact(a *session.Answers) *techContact {
	t := &techContact{a: a, mode: techNone, other: &session.Person{}}
	switch tc := a.TechnicalContact; {
	case tc == nil:
	case *tc == a.Contact && strings.TrimSpace(a.Contact.Name) != "":
		t.mode = techSame
	default:
		t.mode, t.other = techOther, tc
	}
	return t
}

func (t *techContact) Get() string { return t.mode }

func (t *techContact) Set(mode string) {
	t.mode = mode
	switch mode {
	case techSame:
		c := t.a.Contact
		t.a.TechnicalContact = &c
	case techOther:
		t.a.TechnicalContact = t.other
	default:
		t.mode = techNone
		t.a.TechnicalContact = nil
	}
}

// TechnicalContactForm asks whether there is a separate technical contact.
// The name, e-mail and phone fields show only for "another person". A
// "same as the contact person" answer is a copy of the contact made when
// chosen and again whenever this form is built; if the contact changes
// afterwards, build this form again (or copy) to keep them the same.
func TechnicalContactForm(a *session.Answers, o FormOptions) *huh.Form {
	b := newBuilder(o)
	tc := newTechContact(a)
	b.pick(keyTechnicalMode, tc,
		b.tr("Har dere en egen teknisk kontakt?", "Do you have a separate technical contact?"),
		b.tr("Valgfritt: en person Altinn kan kontakte om tekniske spørsmål.", "Optional: a person Altinn can contact about technical questions."),
		[]huh.Option[string]{
			huh.NewOption(b.tr("Ingen egen teknisk kontakt", "No separate technical contact"), techNone),
			huh.NewOption(b.tr("Samme som kontaktpersonen", "Same as the contact person"), techSame),
			huh.NewOption(b.tr("En annen person", "Another person"), techOther),
		}, nil)
	b.person("technical_contact", tc.other, func() bool { return tc.mode != techOther })
	return b.form(
		b.tr("Teknisk kontakt", "Technical contact"),
		b.tr("Den Altinn kan spørre om integrasjonen.", "Whom Altinn can ask about the integration."))
}

// SystemForm asks for the datasystem itself.
func SystemForm(a *session.Answers, o FormOptions) *huh.Form {
	b := newBuilder(o)
	s := &a.System
	b.input("system.name", &s.Name,
		b.tr("Systemnavn", "System name"),
		b.tr("Navnet slik kundene ser det i Altinns liste over datasystemer — blir også emnet i e-posten",
			"The name as customers see it in Altinn's list of datasystems — also the subject of the e-mail"))
	b.input("system.version", &s.Version,
		b.tr("Versjon", "Version"),
		b.tr("For eksempel 2.1", "For example 2.1"))
	// One paragraph: the area wraps what is typed, and has no new-line
	// key (the check refuses line breaks).
	b.text("system.description", &s.Description,
		b.tr("Kort beskrivelse", "Short description"),
		b.tr("Hva systemet gjør, i ett avsnitt uten linjeskift (høyst 1000 tegn)",
			"What the system does, in one paragraph without line breaks (at most 1000 characters)"),
		4).oneLine = true

	// An unknown or differently written category would be replaced by the
	// first option when the select is built; keep what Check accepts, in
	// the form it stores.
	if c := strings.ToLower(strings.TrimSpace(s.Category)); slices.Contains(session.Categories, c) {
		s.Category = c
	}
	opts := append([]huh.Option[string]{huh.NewOption(b.tr("Velg …", "Choose …"), "")}, b.options("system.category")...)
	b.choice("system.category", &s.Category,
		b.tr("Kategori", "Category"),
		b.tr("Hva slags system er det?", "What kind of system is it?"),
		opts, nil)
	return b.form(
		b.tr("Datasystemet", "The datasystem"),
		b.tr("Systemet som skal registreres i Altinn.", "The system to register in Altinn."))
}

// ChoicesForm asks for interfaces, authentication methods and environments.
func ChoicesForm(a *session.Answers, o FormOptions) *huh.Form {
	b := newBuilder(o)
	s := &a.System
	b.multi("system.interfaces", &s.Interfaces,
		b.tr("Grensesnitt", "Interfaces"),
		b.tr("De fleste tjenestene bruker SOAP; noen få bruker REST", "Most services use SOAP; a few use REST"),
		b.options("system.interfaces"))
	b.multi("system.auth_methods", &s.AuthMethods,
		b.tr("Autentisering", "Authentication"),
		b.tr("Hvordan systemet skal logge inn i Altinn", "How the system will log in to Altinn"),
		b.options("system.auth_methods"))
	b.multi("system.environments", &s.Environments,
		b.tr("Miljøer", "Environments"),
		b.tr("TT02 er Altinns testmiljø; PROD er produksjon", "TT02 is Altinn's test environment; PROD is production"),
		b.options("system.environments"))
	return b.form(
		b.tr("Grensesnitt, innlogging og miljøer", "Interfaces, authentication and environments"),
		b.tickHint())
}

// ServiceForm asks for one service the system connects to, the index-th
// of System.Services (0-based; the keys carry it).
func ServiceForm(svc *session.Service, index int, o FormOptions) *huh.Form {
	b := newBuilder(o)
	p := fmt.Sprintf("system.services[%d]", index)
	b.input(p+".code", &svc.Code,
		b.tr("Tjenestekode", "Service code"),
		b.tr("Bare sifre, for eksempel 4936", "Digits only, for example 4936"))
	b.input(p+".edition", &svc.Edition,
		b.tr("Utgavekode", "Service edition code"),
		b.tr("Bare sifre, for eksempel 1", "Digits only, for example 1"))
	b.input(p+".name", &svc.Name,
		b.tr("Tjenestenavn", "Service name"),
		b.tr("Navnet på tjenesten", "The name of the service"))
	b.input(p+".owner", &svc.Owner,
		b.tr("Tjenesteeier (valgfritt)", "Service owner (optional)"),
		b.tr("For eksempel Skatteetaten; spørsmål om tjenesten går til tjenesteeieren", "For example Skatteetaten; questions about the service go to its owner"))
	return b.form(
		fmt.Sprintf(b.tr("Tjeneste %d", "Service %d"), index+1),
		b.tr("En Altinn-tjeneste systemet skal kobles til. Listen står på https://www.altinndigital.no/datasystemer",
			"An Altinn service the system will connect to. The list is at https://www.altinndigital.no/datasystemer"))
}

// answer is a yes/no question's value in its select: nil (not answered)
// needs a value of its own, because huh's Select writes the option under
// its cursor into the field as soon as it is built.
type answer int8

const (
	unanswered answer = iota
	yes
	no
)

// bool is the session's form of an answer.
func (v answer) bool() *bool {
	switch v {
	case yes:
		return session.Bool(true)
	case no:
		return session.Bool(false)
	}
	return nil
}

func answerOf(b *bool) answer {
	switch {
	case b == nil:
		return unanswered
	case *b:
		return yes
	}
	return no
}

// boolAccessor binds an answer select to a *bool of the session.
type boolAccessor struct{ p **bool }

func (a boolAccessor) Get() answer  { return answerOf(*a.p) }
func (a boolAccessor) Set(v answer) { *a.p = v.bool() }

// DeclarationForm asks the questions of the self-declaration (signing and
// prefill).
func DeclarationForm(a *session.Answers, o FormOptions) *huh.Form {
	b := newBuilder(o)
	d := &a.Declaration
	b.yesNo("declaration.signs_for_users", &d.SignsForUsers,
		b.tr("Signerer systemet på vegne av brukerne?", "Does the system sign on behalf of its users?"),
		b.tr("Gjelder bare første signeringstrinn: brukerens fødselsnummer, Altinn-passord og engangskode (fra SMS eller kodebrev) sendes videre til Altinn",
			"Only the first signing step: the user's national identity number, Altinn password and one-time PIN (from SMS or code letter) are passed on to Altinn"))
	b.yesNo("declaration.uses_prefill", &d.UsesPrefill,
		b.tr("Henter systemet preutfylte data fra Altinn?", "Does the system fetch prefill data from Altinn?"),
		b.tr("Preutfylte data vises bare for brukere som har rettighet for den aktuelle avgiveren",
			"Prefill data is shown only to users authorised for that reportee"))
	b.yesNo(keyStoresCredentials, &d.StoresUserCredentials,
		b.tr("Lagrer systemet brukernes passord, fødselsnummer eller engangskoder?", "Does the system store users' passwords, national identity numbers or one-time codes?"),
		b.tr("Må være «Nei»: de skal bare sendes over HTTPS og bare brukes til handlingen brukeren startet",
			"Must be \"No\": they may only be sent over HTTPS and used only for the action the user started"))
	b.text("declaration.security_measures", &d.SecurityMeasures,
		b.tr("Sikkerhetstiltak", "Security measures"),
		b.tr("Tilgangskontroll og logging i systemet, og hvordan brukeren ser alle data før signering",
			"Access control and logging in the system, and how the user sees all the data before signing"),
		6)
	return b.form(
		b.tr("Egenerklæring om signering og preutfylling", "Self-declaration on signing and prefill"),
		b.tr("Svar for systemet slik det virker i dag.", "Answer for the system as it works today."))
}

// SignerForm asks for the person who signs for the vendor.
func SignerForm(a *session.Answers, o FormOptions) *huh.Form {
	b := newBuilder(o)
	s := &a.Signer
	b.input("signer.name", &s.Name,
		b.tr("Navn", "Name"),
		b.tr("Personen som har fullmakt til å signere for leverandøren", "The person authorised to sign for the vendor"))
	b.input("signer.role", &s.Role,
		b.tr("Rolle", "Role"),
		b.tr("For eksempel daglig leder", "For example managing director"))
	b.input("signer.place", &s.Place,
		b.tr("Sted", "Place"),
		b.tr("Der dokumentene signeres", "Where the documents are signed"))
	date := b.input("signer.date", &s.Date,
		b.tr("Dato (valgfritt)", "Date (optional)"),
		b.tr("DD.MM.ÅÅÅÅ (eller ÅÅÅÅ-MM-DD); tomt betyr datoen dokumentene lages", "YYYY-MM-DD (or DD.MM.YYYY); empty means the day the documents are made"))
	date.Field.(*huh.Input).Placeholder(b.tr("DD.MM.ÅÅÅÅ", "YYYY-MM-DD"))
	return b.form(
		b.tr("Den som signerer", "The signatory"),
		b.tr("Navn, rolle, sted og dato på dokumentene.", "Name, role, place and date on the documents."))
}

// builder collects the fields of one form.
type builder struct {
	o  FormOptions
	st *formState
	km *huh.KeyMap
}

func newBuilder(o FormOptions) *builder {
	if o.Lang != EN {
		o.Lang = NB
	}
	km := KeyMapFor(o.Lang)
	return &builder{o: o, km: km, st: &formState{lang: o.Lang, back: km.Input.Prev}}
}

// tr picks the text in the form's language.
func (b *builder) tr(nb, en string) string {
	if b.o.Lang == EN {
		return en
	}
	return nb
}

func (b *builder) add(hf huh.Field, hidden func() bool) *field {
	f := &field{Field: hf, st: b.st, hidden: hidden}
	b.st.fields = append(b.st.fields, f)
	return f
}

// input adds a one-line text field bound to p that validates with the
// rule of its key.
func (b *builder) input(key string, p *string, title, desc string) *field {
	return b.addInput(key, p, title, desc, mustRule(key), nil)
}

func (b *builder) addInput(key string, p *string, title, desc string, r rule, hidden func() bool) *field {
	validate := b.st.check(p, r)
	var acc huh.Accessor[string] = huh.NewPointerAccessor(p)
	if isNameKey(key) {
		acc = nameAccessor{p}
	}
	in := huh.NewInput().Key(key).Title(title).Accessor(acc).Validate(validate)
	if desc != "" {
		in.Description(desc)
	}
	f := b.add(in, hidden)
	f.probe = func(v any) error { return validate(v.(string)) }
	f.question = textQuestion(AskLine, key, title, desc, acc, validate)
	return f
}

// Names are kept as NormalizeName makes them, as they are typed: text
// pasted on a Mac (æøå as a letter and a combining mark, a run of
// spaces, a no-break space) is stored as the same name typed on a
// keyboard, so the e-mail's subject, the documents, the review and the
// guide all show one name. The field shows what was typed; the answer
// is the normalised name.

// isNameKey says the answer at key is a name (see NormalizeName).
func isNameKey(key string) bool {
	p := listPattern(key)
	if dot := strings.LastIndexByte(p, '.'); dot > 0 && slices.Contains(persons, p[:dot]) {
		return p[dot+1:] == "name"
	}
	switch p {
	case "vendor.name", "system.name", "system.services[].name", "signer.name", "signer.role", "signer.place":
		return true
	}
	return false
}

// NormalizeName is a name as one line of text in one form: Unicode NFC
// (so "å" is one character, whichever way it was typed or pasted), every
// run of spaces, tabs and no-break spaces one space, and no space at
// either end. Line breaks are kept, for the check to refuse.
func NormalizeName(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == '\t' || unicode.Is(unicode.Zs, r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// named is r for a name: the answer is normalised (NormalizeName) before
// r checks it, so Check's copy holds the name as the form stores it.
func named(r rule) rule {
	check := r.check
	r.check = func(s string) (string, error) { return check(NormalizeName(s)) }
	return r
}

// nameAccessor stores what is typed into a name field normalised.
type nameAccessor struct{ p *string }

func (a nameAccessor) Get() string  { return *a.p }
func (a nameAccessor) Set(v string) { *a.p = NormalizeName(v) }

// text adds a text area of the given height bound to p that validates
// with the rule of its key.
func (b *builder) text(key string, p *string, title, desc string, lines int) *field {
	validate := b.st.check(p, mustRule(key))
	t := huh.NewText().
		Key(key).
		Title(title).
		Description(desc).
		Lines(lines).
		Value(p).
		Validate(validate)
	editor := FindEditor()
	if editor != nil {
		t.Editor(editor...)
	}
	f := b.add(t, nil)
	f.editor = editor
	f.probe = func(v any) error { return validate(v.(string)) }
	f.question = textQuestion(AskText, key, title, desc, huh.NewPointerAccessor(p), validate)
	return f
}

// person adds name, e-mail and phone fields under prefix.
func (b *builder) person(prefix string, p *session.Person, hidden func() bool) {
	b.addInput(prefix+".name", &p.Name, b.tr("Navn", "Name"), "", mustRule(prefix+".name"), hidden)
	b.addInput(prefix+".email", &p.Email,
		b.tr("E-post", "E-mail"),
		b.tr("Én adresse, for eksempel ola@firma.no", "One address, for example ola@firma.no"),
		mustRule(prefix+".email"), hidden)
	b.addInput(prefix+".phone", &p.Phone,
		b.tr("Telefon", "Phone"),
		b.tr("8 siffer, eller + og landskode for utenlandske numre", "8 digits, or + and the country code for a foreign number"),
		mustRule(prefix+".phone"), hidden)
}

// multi adds a multi-select that validates with the rule of its key.
func (b *builder) multi(key string, p *[]string, title, desc string, opts []huh.Option[string]) {
	validate := b.st.set(key)
	f := b.add(huh.NewMultiSelect[string]().
		Key(key).
		Title(title).
		Description(desc).
		Options(opts...).
		Filterable(false).
		Value(p).
		Validate(validate), nil)
	f.probe = func(v any) error { return validate(v.([]string)) }
	f.question = multiQuestion(key, title, desc, opts, nil, p, validate)
}

// yesNo adds a Ja/Nei question bound to a *bool that validates with the
// rule of its key.
func (b *builder) yesNo(key string, p **bool, title, desc string) {
	r := yesNoRule(key)
	validate := checkValue(b.st, func(v answer) error {
		_, err := r(v.bool())
		return err
	})
	f := b.add(huh.NewSelect[answer]().
		Key(key).
		Title(title).
		Description(desc).
		Options(
			huh.NewOption(b.tr("Velg …", "Choose …"), unanswered),
			huh.NewOption(b.tr("Ja", "Yes"), yes),
			huh.NewOption(b.tr("Nei", "No"), no),
		).
		Accessor(boolAccessor{p}).
		Validate(validate), nil)
	f.probe = func(v any) error { return validate(answerOf(v.(*bool))) }
	f.question = b.yesNoQuestion(key, title, desc, p, validate)
}

// tickHint says how to tick options in the terminal UI; accessible mode
// has no such keys (its prompter says how to answer).
func (b *builder) tickHint() string {
	if b.o.Accessible {
		return ""
	}
	return b.tr("Kryss av med x eller mellomrom; Enter går videre.", "Tick with x or space; Enter moves on.")
}

// form puts the fields in one group (one screen) and applies the options.
func (b *builder) form(title, desc string) *huh.Form {
	fields := make([]huh.Field, len(b.st.fields))
	for i, f := range b.st.fields {
		fields[i] = f
	}
	theme := b.o.Theme
	if theme == nil {
		theme = ThemeFor(os.Getenv("NO_COLOR") != "")
	}
	// Messages are drawn under their field (see field.View), not at the
	// bottom of the group.
	b.st.errStyle = theme.Focused.ErrorMessage
	b.st.title, b.st.desc = title, desc
	b.st.group = huh.NewGroup(fields...).Title(title).Description(desc).WithShowErrors(false)
	f := huh.NewForm(b.st.group).
		WithTheme(theme).
		WithKeyMap(b.km)
	if b.o.Width > 0 {
		f = f.WithWidth(b.o.Width)
	}
	return f
}
