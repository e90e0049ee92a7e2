package steps

// The e-mails of the Altinn II track: the registration e-mail of step 1
// and the test-user order of step 5, in Altinn's terms, composed by
// package mail.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// AltinnSupport is Altinn's address for registering datasystems, ordering
// test users and integration questions.
const AltinnSupport = "sluttbrukersystem@altinn.no"

// notGiven is shown in the summary for an optional answer left empty.
const notGiven = "(ikke oppgitt)"

// parties are the people of an e-mail: the contact person (From) and the
// copies (Cc).
type parties struct {
	from mail.Address
	cc   []mail.Address
	// tech is the technical contact, when there is one.
	tech *session.Person
}

// partiesOf builds From and Cc from checked answers: the Cc list is the
// technical contact and answers.Cc, deduplicated, never the From address
// nor Altinn's.
func partiesOf(a session.Answers) parties {
	p := parties{from: mail.Address{Name: a.Contact.Name, Email: a.Contact.Email}, tech: a.TechnicalContact}
	seen := map[string]bool{addrKey(a.Contact.Email): true, addrKey(AltinnSupport): true}
	add := func(name, email string) {
		if email != "" && !seen[addrKey(email)] {
			seen[addrKey(email)] = true
			p.cc = append(p.cc, mail.Address{Name: name, Email: email})
		}
	}
	if tc := a.TechnicalContact; tc != nil {
		add(tc.Name, tc.Email)
	}
	add("", a.Cc)
	return p
}

// addrKey compares addresses as mail does: the domain in its ASCII form,
// and case ignored.
func addrKey(email string) string { return strings.ToLower(forms.EmailASCII(email)) }

// checkAnswers is the check of the answers an e-mail is made from:
// forms.Check, the same the forms, the review and `fill` use. used picks
// the paths the e-mail shows (nil: every answer). What it refuses is
// returned as forms.Problems, in both languages with key paths.
func checkAnswers(a *session.Answers, used []string) (session.Answers, error) {
	if a == nil {
		return session.Answers{}, errors.New("e-mail: no answers")
	}
	checked, problems := forms.Check(*a)
	if used != nil {
		problems = problems.Under(used...)
	}
	if len(problems) > 0 {
		return session.Answers{}, problems
	}
	return checked, nil
}

// summary holds the one-line answers both e-mails show, checked.
type summary struct {
	vendor, orgNumber              string
	system, version                string
	contact, email, phone          string
	techName, techEmail, techPhone string
}

func summaryOf(a session.Answers, p parties) summary {
	s := summary{
		vendor: a.Vendor.Name, orgNumber: nofmt.OrgNumber(a.Vendor.OrgNumber),
		system: a.System.Name, version: a.System.Version,
		contact: p.from.Name, email: p.from.Email, phone: nofmt.Phone(a.Contact.Phone),
	}
	if p.tech != nil {
		s.techName, s.techEmail, s.techPhone = p.tech.Name, p.tech.Email, nofmt.Phone(p.tech.Phone)
	}
	return s
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
// The answers go through forms.Check first, and everything written comes
// from its normalised copy: an answer the wizard or `fill` accepts is one
// this accepts. Problems (with the answers or the attachments) come back
// as forms.Problems, in both languages, each naming its answer.
func RegistrationEmail(a *session.Answers, atts []mail.Attachment, now time.Time) ([]byte, error) {
	return registrationEmail(a, atts, now, true)
}

// registrationEmail is RegistrationEmail; without draft, the note to the
// sender is left out (the e-mail with the signed self-declaration, ready
// to send).
func registrationEmail(a *session.Answers, atts []mail.Attachment, now time.Time, draft bool) ([]byte, error) {
	checked, err := checkAnswers(a, nil)
	if err != nil {
		return nil, err
	}
	p := partiesOf(checked)
	s := summaryOf(checked, p)
	if len(atts) == 0 {
		return nil, forms.Problems{forms.NewProblem("attachments",
			"registreringseposten trenger det utfylte bestillingsskjemaet og egenerklæringen som vedlegg",
			"the registration e-mail needs the filled order form and self-declaration attached")}
	}

	var b strings.Builder
	// The draft's first lines tell the sender to sign the
	// self-declaration, and are deleted before it is sent.
	if draft {
		b.WriteString(draftNote(checked))
	}
	b.WriteString("Hei,\n\n")
	b.WriteString("Vi ønsker å registrere et nytt datasystem (sluttbrukersystem) i Altinn.\n")
	b.WriteString("Utfylt bestillingsskjema og egenerklæring, signert av " + signedBy(checked.Signer) + ", ligger vedlagt.\n\n")
	b.WriteString("Sammendrag\n")
	s.write(&b)
	b.WriteString("\nVedlegg\n")
	for _, att := range atts {
		fmt.Fprintf(&b, "  - %s\n", strings.TrimSpace(att.Name))
	}
	s.signature(&b)

	return mail.Compose(mail.Message{
		From:        p.from,
		To:          []mail.Address{{Email: AltinnSupport}},
		Cc:          p.cc,
		Subject:     s.system,
		Body:        b.String(),
		Attachments: atts,
		Date:        now,
	})
}

// signedBy names the signer of the self-declaration: "Kari Nordmann
// (daglig leder)".
func signedBy(s session.Signer) string {
	if s.Role == "" {
		return s.Name
	}
	return s.Name + " (" + s.Role + ")"
}

// orderAnswers are the answers the test-user order shows.
var orderAnswers = []string{"vendor.name", "vendor.org_number", "system.name", "system.version",
	"system.services", "contact", "technical_contact", "cc"}

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
//
// The answers it shows go through forms.Check, the counts and the
// checklist through forms.CheckTesting; problems come back as
// forms.Problems.
func TestUserOrderEmail(a *session.Answers, t *session.Testing, now time.Time) ([]byte, error) {
	checked, err := checkAnswers(a, orderAnswers)
	if err != nil {
		return nil, err
	}
	if t == nil {
		t = &session.Testing{}
	}
	if problems := forms.CheckTesting(*t); len(problems) > 0 {
		return nil, problems
	}
	p := partiesOf(checked)
	s := summaryOf(checked, p)
	services, err := servicesToTest(checked, t)
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

	return mail.Compose(mail.Message{
		From:    p.from,
		To:      []mail.Address{{Email: AltinnSupport}},
		Cc:      p.cc,
		Subject: TestUserSubjectPrefix + s.system,
		Body:    b.String(),
		Date:    now,
	})
}

// servicesToTest lists the services of the test-user order, one line each
// ("Tjenestekode 4936, utgavekode 1: Navn (Eier)"), deduplicated. a and
// t are checked.
func servicesToTest(a session.Answers, t *session.Testing) ([]string, error) {
	type key struct{ code, edition string }
	known := map[key]session.Service{}
	for _, sv := range a.System.Services {
		known[key{sv.Code, sv.Edition}] = sv
	}
	var picked []session.Service
	if len(t.Checklist) > 0 {
		for _, st := range t.Checklist {
			code, edition := strings.TrimSpace(st.Code), strings.TrimSpace(st.Edition)
			sv := known[key{code, edition}]
			sv.Code, sv.Edition = code, edition
			picked = append(picked, sv)
		}
	} else {
		for _, sv := range a.System.Services {
			if len(sv.Environments) > 0 && !slices.Contains(sv.Environments, session.EnvTT02) {
				continue
			}
			picked = append(picked, sv)
		}
	}
	var out []string
	seen := map[key]bool{}
	for _, sv := range picked {
		k := key{sv.Code, sv.Edition}
		if seen[k] {
			continue
		}
		seen[k] = true
		line := "Tjenestekode " + sv.Code
		if sv.Edition != "" {
			line += ", utgavekode " + sv.Edition
		}
		if sv.Name != "" {
			line += ": " + sv.Name
		}
		if sv.Owner != "" {
			line += " (" + sv.Owner + ")"
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return nil, forms.Problems{forms.NewProblem("system.services",
			"ingen tjenester er valgt for testing i TT02 (legg dem til i steg 4)",
			"no services chosen to test in TT02 (add them in step 4)")}
	}
	return out, nil
}
