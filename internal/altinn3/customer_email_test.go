package altinn3

import (
	"bytes"
	"errors"
	"io"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
)

func emailAnswers() session.Answers {
	return session.Answers{Vendor: session.Vendor{OrgNumber: "991825827", Name: "Blåbær Regnskap AS"},
		Contact: session.Person{Name: "Åse Ødegård", Email: "ase@blabaer.example.no"}}
}

func emailCustomer() session.Customer {
	return session.Customer{OrgNumber: "314048431", Name: "Kunde AS", Email: "post@kunde.example.no", Agent: true,
		Request: &session.SystemUserRequest{SystemID: "991825827_pro", Agent: true, Status: session.RequestNew,
			AccessPackages: []string{"urn:altinn:accesspackage:regnskapsforer-med-signeringsrett"},
			ConfirmURL:     "https://am.ui.tt02.altinn.no/accessmanagement/ui/systemuser/agentrequest?id=0a1b"}}
}

// The customer's e-mail: from the vendor's contact to the customer's,
// saying who asks, what to approve and where.
func TestCustomerEmail(t *testing.T) {
	msg, err := CustomerEmail(emailAnswers(), emailCustomer(), 0, "Blåbær Pro", time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(m.Body))
	to, _ := m.Header.AddressList("To")
	from, _ := m.Header.AddressList("From")
	if len(to) != 1 || to[0].Address != "post@kunde.example.no" || len(from) != 1 || from[0].Address != "ase@blabaer.example.no" {
		t.Fatalf("from %v to %v", from, to)
	}
	for _, want := range []string{"Blåbær Regnskap AS (org.nr. 991825827)", "Kunde AS (org.nr. 314048431)", "«Blåbær Pro»",
		"regnskapsforer-med-signeringsrett", emailCustomer().Request.ConfirmURL, "agent-systembruker"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the body lacks %q:\n%s", want, body)
		}
	}
}

// What would break the message, or is missing, is refused with its key
// path; a name cannot add a header.
func TestCustomerEmailRefuses(t *testing.T) {
	a, c := emailAnswers(), emailCustomer()
	c.Name = "Kunde AS\r\nBcc: spion@example.com"
	msg, err := CustomerEmail(a, c, 0, "Pro", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := mail.ReadMessage(bytes.NewReader(msg)); m == nil || m.Header.Get("Bcc") != "" {
		t.Fatalf("a name added a header:\n%s", msg)
	}
	a.Contact.Email = ""
	c.Email = "ikke en adresse"
	c.Request.ConfirmURL = "javascript:alert(1)"
	_, err = CustomerEmail(a, c, 2, "Pro", time.Now())
	var probs forms.Problems
	if !errors.As(err, &probs) {
		t.Fatalf("%v", err)
	}
	got := map[string]bool{}
	for _, p := range probs {
		got[p.Path] = true
	}
	for _, want := range []string{"contact.email", "altinn3.customers[2].email", "altinn3.customers[2].request.confirm_url"} {
		if !got[want] {
			t.Errorf("no problem at %s: %v", want, probs)
		}
	}
}
