package altinn3

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// CustomerEmail composes the e-mail that asks a customer to approve its
// system-user request: from the vendor's contact (Answers.Contact) to the
// customer's contact (Customer.Email), saying who asks, for which system,
// what to approve (the rights, or for an agent system user the access
// packages), and the confirm URL. It follows the registration e-mail's
// rules: every address and name is checked first (forms), and a problem
// comes back as forms.Problems naming the answer ("contact.email",
// "altinn3.customers[2].email"); nothing of the session is written but
// what was checked. i is the customer's place in the list, for the key
// paths; systemName is the system's name (nb).
func CustomerEmail(a session.Answers, c session.Customer, i int, systemName string, now time.Time) ([]byte, error) {
	checked, probs := forms.Check(a)
	probs = probs.Under("contact.name", "contact.email", "vendor.name", "vendor.org_number")
	path := fmt.Sprintf("%s[%d]", PathCustomers, i)
	to, err := forms.Email(c.Email)
	if err != nil || strings.TrimSpace(c.Email) == "" {
		if err == nil {
			err = &forms.ValidationError{NB: "Kunden har ingen e-postadresse", EN: "The customer has no e-mail address"}
		}
		probs = append(probs, &forms.FieldError{Path: path + ".email", Err: err, Missing: strings.TrimSpace(c.Email) == ""})
	}
	r := c.Request
	if r == nil || r.ConfirmURL == "" {
		probs = append(probs, forms.NewProblem(path+".request",
			"kunden har ingen forespørsel med godkjenningslenke ennå; send forespørselen først",
			"the customer has no request with a confirm link yet; send the request first"))
	} else if u, err := url.Parse(r.ConfirmURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || strings.ContainsAny(r.ConfirmURL, " \r\n\t") {
		probs = append(probs, forms.NewProblem(path+".request.confirm_url",
			"godkjenningslenken fra Altinn er ikke en brukbar adresse", "the confirm link from Altinn is not a usable address"))
	}
	if len(probs) > 0 {
		return nil, probs
	}
	vendor := checked.Vendor
	name := oneLine(c.Name, 200)
	if name == "" {
		name = c.OrgNumber
	}
	system := oneLine(systemName, 200)
	if system == "" {
		system = r.SystemID
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Hei,\n\n%s (org.nr. %s) ber %s (org.nr. %s) om tilgang i Altinn for systemet «%s», ", vendor.Name, vendor.OrgNumber, name, c.OrgNumber, system)
	if r.Agent {
		b.WriteString("som en agent-systembruker (klientdelegering). Systemet ber om disse tilgangspakkene:\n")
		writeList(&b, r.AccessPackages)
	} else {
		b.WriteString("som en systembruker. Systemet ber om disse rettighetene:\n")
		writeList(&b, append(append([]string(nil), r.Rights...), r.AccessPackages...))
	}
	b.WriteString("\nEn som kan gi tilgang for virksomheten (daglig leder eller en med rollen Tilgangsstyrer) godkjenner eller avviser forespørselen her, etter å ha logget inn i Altinn:\n\n")
	fmt.Fprintf(&b, "  %s\n\n", r.ConfirmURL)
	b.WriteString("Lenken går til Altinn; vi ber aldri om passord eller innlogging på e-post.\n\n")
	fmt.Fprintf(&b, "In English: %s asks %s to approve a system user in Altinn for the system \"%s\". Someone who can grant access for the organisation approves or rejects it at the link above, after logging in to Altinn.\n", vendor.Name, name, system)
	fmt.Fprintf(&b, "\nVennlig hilsen\n%s\n%s\n%s\n", checked.Contact.Name, vendor.Name, checked.Contact.Email)
	return mail.Compose(mail.Message{
		From:    mail.Address{Name: checked.Contact.Name, Email: checked.Contact.Email},
		To:      []mail.Address{{Name: name, Email: to}},
		Subject: "Godkjenn systemtilgang i Altinn for " + oneLine(vendor.Name, 120),
		Body:    b.String(),
		Date:    now,
	})
}

func writeList(b *strings.Builder, items []string) {
	if len(items) == 0 {
		b.WriteString("  (ingen)\n")
	}
	for _, x := range items {
		fmt.Fprintf(b, "  - %s\n", oneLine(x, 200))
	}
}
