package mail

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// notGiven is shown in the summary for an optional answer left empty.
const notGiven = "(ikke oppgitt)"

// parties are the checked people of an e-mail: the contact person (From)
// and the copies (Cc).
type parties struct {
	from address
	cc   []address
	// tech is the technical contact, when there is one.
	tech *session.Person
}

// checkParties checks the contact person, the technical contact and the
// extra copy address, and builds the Cc list: the technical contact and
// answers.Cc, deduplicated, never the From address nor Altinn's.
func checkParties(a *session.Answers) (parties, error) {
	var p parties
	name, err := checkText("contact.name", a.Contact.Name, true)
	if err != nil {
		return p, err
	}
	email, err := checkEmail("contact.email", a.Contact.Email, true)
	if err != nil {
		return p, err
	}
	p.from = address{Name: name, Email: email}
	seen := map[string]bool{strings.ToLower(email): true, strings.ToLower(AltinnSupport): true}

	if tc := a.TechnicalContact; tc != nil {
		tname, err := checkText("technical_contact.name", tc.Name, false)
		if err != nil {
			return p, err
		}
		temail, err := checkEmail("technical_contact.email", tc.Email, false)
		if err != nil {
			return p, err
		}
		tphone, err := checkText("technical_contact.phone", tc.Phone, false)
		if err != nil {
			return p, err
		}
		if tname != "" || temail != "" || tphone != "" {
			p.tech = &session.Person{Name: tname, Email: temail, Phone: tphone}
		}
		if temail != "" && !seen[strings.ToLower(temail)] {
			seen[strings.ToLower(temail)] = true
			p.cc = append(p.cc, address{Name: tname, Email: temail})
		}
	}
	cc, err := checkEmail("cc", a.Cc, false)
	if err != nil {
		return p, err
	}
	if cc != "" && !seen[strings.ToLower(cc)] {
		p.cc = append(p.cc, address{Email: cc})
	}
	return p, nil
}

// summary holds the checked one-line answers both e-mails show.
type summary struct {
	vendor, orgNumber              string
	system, version                string
	contact, email, phone          string
	techName, techEmail, techPhone string
}

func checkSummary(a *session.Answers, p parties) (summary, error) {
	var s summary
	var err error
	fields := []struct {
		dst      *string
		field    string
		v        string
		required bool
	}{
		{&s.vendor, "vendor.name", a.Vendor.Name, true},
		{&s.orgNumber, "vendor.org_number", a.Vendor.OrgNumber, true},
		{&s.system, "system.name", a.System.Name, true},
		{&s.version, "system.version", a.System.Version, false},
		{&s.phone, "contact.phone", a.Contact.Phone, false},
	}
	for _, f := range fields {
		if *f.dst, err = checkText(f.field, f.v, f.required); err != nil {
			return s, err
		}
	}
	s.contact, s.email = p.from.Name, p.from.Email
	if p.tech != nil {
		s.techName, s.techEmail, s.techPhone = p.tech.Name, p.tech.Email, p.tech.Phone
	}
	return s, nil
}

func orNotGiven(s string) string {
	if s == "" {
		return notGiven
	}
	return s
}

// write writes the identity of the vendor, the system and the
// contacts, one "label: value" a line.
func (s summary) write(b *strings.Builder) {
	line := func(label, v string) { fmt.Fprintf(b, "  %-21s %s\n", label+":", v) }
	line("Systemleverandør", s.vendor)
	line("Organisasjonsnummer", s.orgNumber)
	line("Datasystem", s.system)
	line("Versjon", orNotGiven(s.version))
	line("Kontaktperson", s.contact)
	line("E-post", s.email)
	line("Telefon", orNotGiven(s.phone))
	if s.techName != "" || s.techEmail != "" || s.techPhone != "" {
		var parts []string
		for _, v := range []string{s.techName, s.techEmail, s.techPhone} {
			if v != "" {
				parts = append(parts, v)
			}
		}
		line("Teknisk kontakt", strings.Join(parts, ", "))
	}
}

func (s summary) signature(b *strings.Builder) {
	fmt.Fprintf(b, "\nMed vennlig hilsen\n%s\n%s\n", s.contact, s.vendor)
}

// RegistrationEmail composes the e-mail of step 1: from the contact person
// to sluttbrukersystem@altinn.no (copy to the technical contact and
// answers.Cc), subject exactly the datasystem's name, a short Norwegian
// text with a summary, and the filled forms attached. now is the Date.
//
// An answer that cannot go into the message gives a *FieldError.
func RegistrationEmail(a *session.Answers, atts []Attachment, now time.Time) ([]byte, error) {
	if a == nil {
		return nil, errors.New("mail: no answers")
	}
	p, err := checkParties(a)
	if err != nil {
		return nil, err
	}
	s, err := checkSummary(a, p)
	if err != nil {
		return nil, err
	}
	if len(atts) == 0 {
		return nil, &FieldError{"attachments", "the registration e-mail needs the filled order form and self-declaration attached"}
	}
	checked := make([]Attachment, len(atts))
	for i, att := range atts {
		if checked[i], err = checkAttachment(i, att); err != nil {
			return nil, err
		}
	}

	var b strings.Builder
	b.WriteString("Hei,\n\n")
	b.WriteString("Vi ønsker å registrere et nytt datasystem (sluttbrukersystem) i Altinn.\n")
	b.WriteString("Utfylt bestillingsskjema og egenerklæring ligger vedlagt.\n\n")
	b.WriteString("Sammendrag\n")
	s.write(&b)
	b.WriteString("\nVedlegg\n")
	for _, att := range checked {
		fmt.Fprintf(&b, "  - %s\n", att.Name)
	}
	s.signature(&b)

	return compose(draft{
		From:        p.from,
		To:          []address{{Email: AltinnSupport}},
		Cc:          p.cc,
		Subject:     s.system,
		Body:        b.String(),
		Attachments: checked,
		Date:        now,
	})
}

// TestUserSubjectPrefix starts the subject of the test-user order; the
// system's name follows.
const TestUserSubjectPrefix = "Bestilling av testbrukere – "

// TestUserOrderEmail composes the test-user order of step 5: from the
// contact person to sluttbrukersystem@altinn.no (same copies as the
// registration), subject "Bestilling av testbrukere – <system name>", and a
// body with the vendor, the system, the services to test, the number of
// test persons and organisations wanted and the contact.
//
// The services are the TT02 checklist (t.Checklist) when it has entries,
// with names taken from the system's services; otherwise every service of
// the system meant for TT02 (no environments given, or "tt02" among them).
func TestUserOrderEmail(a *session.Answers, t *session.Testing, now time.Time) ([]byte, error) {
	if a == nil {
		return nil, errors.New("mail: no answers")
	}
	if t == nil {
		t = &session.Testing{}
	}
	p, err := checkParties(a)
	if err != nil {
		return nil, err
	}
	s, err := checkSummary(a, p)
	if err != nil {
		return nil, err
	}
	switch {
	case t.TestPersons < 0:
		return nil, &FieldError{"testing.test_persons", "cannot be negative"}
	case t.TestOrganisations < 0:
		return nil, &FieldError{"testing.test_organisations", "cannot be negative"}
	case t.TestPersons == 0 && t.TestOrganisations == 0:
		return nil, &FieldError{"testing.test_persons", "order at least one test person or test organisation"}
	}
	services, err := servicesToTest(a, t)
	if err != nil {
		return nil, err
	}

	var b strings.Builder
	b.WriteString("Hei,\n\n")
	b.WriteString("Vi ønsker å bestille testbrukere (fiktive testpersoner og testorganisasjoner)\n")
	b.WriteString("i testmiljøet TT02, for å teste datasystemet vårt mot tjenestene nedenfor.\n\n")
	b.WriteString("Sammendrag\n")
	s.write(&b)
	b.WriteString("\nTjenester vi skal teste\n")
	for _, sv := range services {
		fmt.Fprintf(&b, "  - %s\n", sv)
	}
	b.WriteString("\nØnsket antall\n")
	fmt.Fprintf(&b, "  %-21s %d\n", "Testpersoner:", t.TestPersons)
	fmt.Fprintf(&b, "  %-21s %d\n", "Testorganisasjoner:", t.TestOrganisations)
	s.signature(&b)

	return compose(draft{
		From:    p.from,
		To:      []address{{Email: AltinnSupport}},
		Cc:      p.cc,
		Subject: TestUserSubjectPrefix + s.system,
		Body:    b.String(),
		Date:    now,
	})
}

// servicesToTest lists the services of the test-user order, one line each
// ("Tjenestekode 4936, utgavekode 1: Navn (Eier)"), deduplicated.
func servicesToTest(a *session.Answers, t *session.Testing) ([]string, error) {
	type key struct{ code, edition string }
	known := map[key]session.Service{}
	for _, sv := range a.System.Services {
		known[key{strings.TrimSpace(sv.Code), strings.TrimSpace(sv.Edition)}] = sv
	}
	var picked []session.Service
	var fields []string
	if len(t.Checklist) > 0 {
		for i, st := range t.Checklist {
			sv := known[key{strings.TrimSpace(st.Code), strings.TrimSpace(st.Edition)}]
			sv.Code, sv.Edition = st.Code, st.Edition
			picked = append(picked, sv)
			fields = append(fields, fmt.Sprintf("testing.checklist[%d]", i))
		}
	} else {
		for i, sv := range a.System.Services {
			if len(sv.Environments) > 0 && !contains(sv.Environments, session.EnvTT02) {
				continue
			}
			picked = append(picked, sv)
			fields = append(fields, fmt.Sprintf("system.services[%d]", i))
		}
	}
	var out []string
	seen := map[key]bool{}
	for i, sv := range picked {
		f := fields[i]
		code, err := checkText(f+".code", sv.Code, true)
		if err != nil {
			return nil, err
		}
		edition, err := checkText(f+".edition", sv.Edition, false)
		if err != nil {
			return nil, err
		}
		name, err := checkText(f+".name", sv.Name, false)
		if err != nil {
			return nil, err
		}
		owner, err := checkText(f+".owner", sv.Owner, false)
		if err != nil {
			return nil, err
		}
		k := key{code, edition}
		if seen[k] {
			continue
		}
		seen[k] = true
		line := "Tjenestekode " + code
		if edition != "" {
			line += ", utgavekode " + edition
		}
		if name != "" {
			line += ": " + name
		}
		if owner != "" {
			line += " (" + owner + ")"
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return nil, &FieldError{"system.services", "no services chosen to test in TT02"}
	}
	return out, nil
}

func contains(l []string, v string) bool {
	for _, x := range l {
		if strings.EqualFold(strings.TrimSpace(x), v) {
			return true
		}
	}
	return false
}
