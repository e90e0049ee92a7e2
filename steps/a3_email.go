package steps

// The Altinn 3 track's e-mail: to a customer's contact, saying what to
// approve, who asks, and the link. Composed by package mail, like the
// Altinn II e-mails in email.go, with the same checks of what goes in.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// KindCustomerEmail starts the kind of a customer's e-mail in
// session.Files; the customer's org number follows ("systembruker-epost-314048431").
const KindCustomerEmail = "systembruker-epost-"

// CustomerEmail composes the e-mail to a customer's contact about its
// system-user request: from the vendor's contact person, to the
// customer's address, in Norwegian with the link to approve. The answers
// it uses are checked first (the contact's name and e-mail, the vendor,
// the customer); problems come back as forms.Problems naming them.
func CustomerEmail(s *session.Session, org string, now time.Time) ([]byte, error) {
	cu, from, err := customerEmailInput(s, org)
	if err != nil {
		return nil, err
	}
	r := cu.Request
	system := s.Altinn3.System.Name.NB
	if system == "" {
		system = r.SystemID
	}
	return mail.Compose(mail.Message{
		From:    mail.Address{Name: s.Answers.Contact.Name, Email: from},
		To:      []mail.Address{{Name: cu.Name, Email: cu.Email}},
		Subject: "Godkjenn systembruker for " + system + " i Altinn",
		Body:    customerEmailBody(s, cu, system),
		Date:    now,
	})
}

// customerEmailInput is the customer, checked, and the sender's address,
// or what is missing or wrong.
func customerEmailInput(s *session.Session, org string) (session.Customer, string, error) {
	a3 := &s.Altinn3
	c := a3.Customer(org)
	if c == nil {
		return session.Customer{}, "", forms.Problems{forms.NewProblem(altinn3.PathCustomers, "kunden finnes ikke i økten", "the customer is not in the session")}
	}
	i := slices.IndexFunc(a3.Customers, func(x session.Customer) bool { return x.OrgNumber == org })
	cu, probs := altinn3.CheckCustomer(*c, i)
	path := fmt.Sprintf("%s[%d]", altinn3.PathCustomers, i)
	if strings.TrimSpace(cu.Email) == "" {
		probs = append(probs, &forms.FieldError{Path: path + ".email", Missing: true, Err: &forms.ValidationError{
			NB: "kunden har ingen e-postadresse", EN: "the customer has no e-mail address"}})
	}
	from, err := forms.Email(s.Answers.Contact.Email)
	if err != nil || strings.TrimSpace(s.Answers.Contact.Name) == "" {
		probs = append(probs, forms.NewProblem("contact", "kontaktpersonen (navn og e-post) i steg 2 er avsenderen og mangler eller er feil",
			"the contact person (name and e-mail) of step 2 is the sender and is missing or wrong"))
	}
	if strings.TrimSpace(s.Answers.Vendor.Name) == "" {
		probs = append(probs, forms.NewProblem("vendor.name", "leverandørens navn mangler", "the vendor's name is missing"))
	}
	if r := c.Request; r == nil || r.Environment != envOf(s) || r.ConfirmURL == "" {
		probs = append(probs, forms.NewProblem(path+".request", "send forespørselen om systembruker først; e-posten trenger lenken",
			"send the system-user request first; the e-mail needs the link"))
	}
	for _, v := range []string{s.Answers.Contact.Name, s.Answers.Vendor.Name, cu.Name, a3.System.Name.NB} {
		if err := forms.SingleLine(v, 200); err != nil && len(probs) == 0 {
			probs = append(probs, &forms.FieldError{Path: path, Err: err})
		}
	}
	if len(probs) > 0 {
		return session.Customer{}, "", probs
	}
	return cu, from, nil
}

// customerEmailBody says who asks, what to approve, and how.
func customerEmailBody(s *session.Session, cu session.Customer, system string) string {
	r := cu.Request
	vendor := strings.TrimSpace(s.Answers.Vendor.Name)
	customer := cu.Name
	if customer == "" {
		customer = "virksomheten"
	}
	var b strings.Builder
	b.WriteString("Hei,\n\n")
	fmt.Fprintf(&b, "%s (org.nr. %s) ber om at %s (org.nr. %s) gir systemet «%s» en systembruker i Altinn.\n",
		vendor, nofmt.OrgNumber(s.Answers.Vendor.OrgNumber), customer, nofmt.OrgNumber(cu.OrgNumber), system)
	b.WriteString("Med systembrukeren kan systemet gjøre det dere godkjenner, på vegne av dere, uten en personlig innlogging.\n\n")
	b.WriteString("Dette godkjenner dere\n")
	line := func(label, v string) { fmt.Fprintf(&b, "  %-17s %s\n", label+":", v) }
	line("System", system+" ("+r.SystemID+")")
	if r.Agent {
		line("Type", "systembruker for klientforhold (tilgangspakker)")
	} else {
		line("Type", "standard systembruker")
	}
	if len(r.Rights) > 0 {
		line("Rettigheter", strings.Join(r.Rights, ", "))
	}
	if len(r.AccessPackages) > 0 {
		line("Tilgangspakker", strings.Join(r.AccessPackages, ", "))
	}
	b.WriteString("\nSlik godkjenner dere\n")
	b.WriteString("  1. Åpne lenken og logg inn med ID-porten:\n")
	fmt.Fprintf(&b, "     %s\n", r.ConfirmURL)
	b.WriteString("  2. Den som godkjenner, må ha rollen Tilgangsstyrer for virksomheten og selv ha\n")
	b.WriteString("     rettighetene som gis. Har du ikke det, kan du sende forespørselen videre til\n")
	b.WriteString("     en som har.\n")
	b.WriteString("  3. Godkjenn (eller avvis) forespørselen.\n")
	if r.Agent {
		b.WriteString("\nEtter godkjenningen knytter dere kundene (klientene) til systembrukeren i Altinn.\n")
	}
	b.WriteString("\nForespørselen utløper hvis den ikke blir besvart; da sender vi en ny.\n")
	fmt.Fprintf(&b, "\nMed vennlig hilsen\n%s\n%s\n", s.Answers.Contact.Name, vendor)
	return b.String()
}

// WriteCustomerEmail composes a customer's e-mail and writes it as an .eml
// file in dir (made 0700 when new; the file 0600). It returns the file.
func WriteCustomerEmail(s *session.Session, org, dir string, now time.Time) (session.GeneratedFile, error) {
	msg, err := CustomerEmail(s, org, now)
	if err != nil {
		return session.GeneratedFile{}, err
	}
	path, err := writeEMLInto(dir, "systembruker-"+org+".eml", msg)
	if err != nil {
		return session.GeneratedFile{}, err
	}
	return session.GeneratedFile{Kind: KindCustomerEmail + org, Path: path, CreatedAt: now.UTC()}, nil
}
