package steps_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"mime"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/mail/mailtest"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

const (
	systemName  = "Lønn & Økonomi – Særavtale"
	orderName   = "Bestilling – nytt datasystem (Lønn & Økonomi).docx"
	declareName = "Egenerklæring datasystem æøå ÆØÅ.pdf"
)

var testNow = time.Date(2026, 3, 14, 9, 26, 53, 0, time.FixedZone("CET", 3600))

func answers() *session.Answers {
	return &session.Answers{
		Vendor: session.Vendor{
			OrgNumber: "123456785", Name: "Blåbær Regnskap AS",
			Address: "Storgata 1", PostalCode: "0155", City: "Oslo",
		},
		Contact:          session.Person{Name: "Ørjan Ærlig", Email: "orjan@blabaer.no", Phone: "+47 99887766"},
		TechnicalContact: &session.Person{Name: "Kåre Teknisk", Email: "kare@blabaer.no", Phone: "41234567"},
		System: session.System{
			Name: systemName, Version: "3.1.4", Description: "Lønn og regnskap.", Category: "payroll",
			Interfaces: []string{"soap"}, AuthMethods: []string{"systemid_password"}, Environments: []string{"tt02", "prod"},
			Services: []session.Service{
				{Code: "4936", Edition: "1", Name: "A-melding", Owner: "Skatteetaten"},
				{Code: "5703", Edition: "2", Name: "Mva-melding", Owner: "Skatteetaten", Environments: []string{"prod"}},
				{Code: "2000", Edition: "10", Name: "Årsregnskap", Owner: "Brønnøysundregistrene", Environments: []string{"tt02", "prod"}},
			},
		},
		Declaration: session.Declaration{
			SignsForUsers: session.Bool(true), UsesPrefill: session.Bool(false), StoresUserCredentials: session.Bool(false),
			SecurityMeasures: "Tilgangsstyring og logging.",
		},
		Signer: session.Signer{Name: "Ørjan Ærlig", Role: "Daglig leder", Place: "Oslo"},
		Cc:     "konsulent@example.no",
	}
}

// randomBytes is deterministic noise, so failures reproduce.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func attachments() []mail.Attachment {
	return []mail.Attachment{
		{Name: orderName, Data: randomBytes(30*1024+7, 1)},
		{Name: declareName, Data: randomBytes(30*1024+2, 2)},
	}
}

func expectedHost() string {
	h, err := os.Hostname()
	if err != nil || !regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`).MatchString(h) {
		return "altinn-onboard.local"
	}
	return strings.ToLower(h)
}

func TestRegistrationEmailRoundTrip(t *testing.T) {
	atts := attachments()
	raw, err := steps.RegistrationEmail(answers(), atts, testNow)
	if err != nil {
		t.Fatal(err)
	}
	p := mailtest.Parse(t, raw)
	h := p.Header

	// Header fields.
	if got := mailtest.Subject(t, h); got != systemName {
		t.Errorf("Subject = %q, want %q", got, systemName)
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 {
		t.Fatalf("From %q: %v", h.Get("From"), err)
	}
	if from[0].Name != "Ørjan Ærlig" || from[0].Address != "orjan@blabaer.no" {
		t.Errorf("From = %q <%s>", from[0].Name, from[0].Address)
	}
	if got := mailtest.Addrs(t, h, "To"); !mailtest.Equal(got, []string{"sluttbrukersystem@altinn.no"}) {
		t.Errorf("To = %v", got)
	}
	if got := mailtest.Addrs(t, h, "Cc"); !mailtest.Equal(got, []string{"kare@blabaer.no", "konsulent@example.no"}) {
		t.Errorf("Cc = %v", got)
	}
	cc, _ := h.AddressList("Cc")
	if cc[0].Name != "Kåre Teknisk" {
		t.Errorf("Cc name = %q", cc[0].Name)
	}
	date, err := h.Date()
	if err != nil || !date.Equal(testNow) {
		t.Errorf("Date = %v (%v), want %v", date, err, testNow)
	}
	if got := h.Get("MIME-Version"); got != "1.0" {
		t.Errorf("MIME-Version = %q", got)
	}
	if !bytes.Contains(raw, []byte("\r\nMIME-Version: 1.0\r\n")) || !bytes.Contains(raw, []byte("\r\nMessage-ID: <")) {
		t.Error("MIME-Version / Message-ID not written with their usual spelling")
	}
	mid := h.Get("Message-ID")
	re := regexp.MustCompile(`^<[A-Za-z0-9.]+@([A-Za-z0-9.-]+)>$`)
	if m := re.FindStringSubmatch(mid); m == nil || m[1] != expectedHost() {
		t.Errorf("Message-ID = %q, want <...@%s>", mid, expectedHost())
	}
	if h.Get("Bcc") != "" || h.Get("Reply-To") != "" {
		t.Error("unexpected Bcc / Reply-To")
	}

	// Text part.
	if ct, params, _ := mime.ParseMediaType(p.Text.Header.Get("Content-Type")); ct != "text/plain" || strings.ToLower(params["charset"]) != "utf-8" {
		t.Errorf("text part Content-Type = %q", p.Text.Header.Get("Content-Type"))
	}
	if got := p.Text.Header.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
		t.Errorf("text part Content-Transfer-Encoding = %q", got)
	}
	body := string(p.Text.Body)
	for _, want := range []string{
		"Vi ønsker å registrere et nytt datasystem",
		"Blåbær Regnskap AS", "123 456 785", systemName, "3.1.4",
		"Ørjan Ærlig", "orjan@blabaer.no", "+47 998 87 766", // as forms.Check normalises it, grouped
		"Kåre Teknisk", "kare@blabaer.no",
		"- " + orderName, "- " + declareName,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "\n") && strings.Count(body, "\r\n") != strings.Count(body, "\n") {
		t.Error("body text has bare LF line ends")
	}

	// Attachments.
	if len(p.Atts) != 2 {
		t.Fatalf("%d attachments, want 2", len(p.Atts))
	}
	wantTypes := []string{
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/pdf",
	}
	for i, a := range p.Atts {
		ct, ctParams, err := mime.ParseMediaType(a.Header.Get("Content-Type"))
		if err != nil || ct != wantTypes[i] {
			t.Errorf("attachment %d Content-Type = %q (%v), want %s", i, a.Header.Get("Content-Type"), err, wantTypes[i])
		}
		disp, params, err := mime.ParseMediaType(a.Header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" {
			t.Errorf("attachment %d Content-Disposition = %q (%v)", i, a.Header.Get("Content-Disposition"), err)
		}
		if params["filename"] != atts[i].Name {
			t.Errorf("attachment %d filename = %q, want %q", i, params["filename"], atts[i].Name)
		}
		if ctParams["name"] != atts[i].Name {
			t.Errorf("attachment %d Content-Type name = %q, want %q", i, ctParams["name"], atts[i].Name)
		}
		// RFC 2231, not an RFC 2047 encoded-word in a quoted string.
		if rawDisp := a.Header.Get("Content-Disposition"); !strings.Contains(rawDisp, "filename*=utf-8''") || strings.Contains(rawDisp, "=?") {
			t.Errorf("attachment %d Content-Disposition is not RFC 2231: %q", i, rawDisp)
		}
		if got := a.Header.Get("Content-Transfer-Encoding"); got != "base64" {
			t.Errorf("attachment %d Content-Transfer-Encoding = %q", i, got)
		}
		if !bytes.Equal(a.Body, atts[i].Data) {
			t.Errorf("attachment %d: %d bytes decoded, differ from the %d bytes given", i, len(a.Body), len(atts[i].Data))
		}
	}
}

func TestCcDeduplicated(t *testing.T) {
	cases := []struct {
		desc   string
		tech   *session.Person
		cc     string
		wantCc []string
	}{
		{"none", nil, "", nil},
		{"tech only", &session.Person{Name: "K", Email: "k@x.no", Phone: "41234567"}, "", []string{"k@x.no"}},
		{"cc only", nil, "c@x.no", []string{"c@x.no"}},
		{"tech equals contact", &session.Person{Name: "O", Email: "ORJAN@blabaer.no", Phone: "41234567"}, "", nil},
		{"cc equals contact", nil, "orjan@BLABAER.no", nil},
		{"cc equals tech", &session.Person{Name: "K", Email: "k@x.no", Phone: "41234567"}, "K@X.NO", []string{"k@x.no"}},
		{"cc is Altinn", nil, "sluttbrukersystem@altinn.no", nil},
		{"both", &session.Person{Name: "K", Email: "k@x.no", Phone: "41234567"}, "c@x.no", []string{"k@x.no", "c@x.no"}},
		// An internationalised domain goes into the header in its ASCII
		// form, and is the same address as that form.
		{"IDN cc", nil, "c@blåbær.no", []string{"c@xn--blbr-roah.no"}},
		{"IDN cc equals tech", &session.Person{Name: "K", Email: "k@xn--blbr-roah.no", Phone: "41234567"}, "k@BLÅBÆR.no", []string{"k@xn--blbr-roah.no"}},
	}
	for _, c := range cases {
		t.Run(c.desc, func(t *testing.T) {
			a := answers()
			a.TechnicalContact, a.Cc = c.tech, c.cc
			for _, build := range []func() ([]byte, error){
				func() ([]byte, error) { return steps.RegistrationEmail(a, attachments(), testNow) },
				func() ([]byte, error) {
					return steps.TestUserOrderEmail(a, &session.Testing{TestPersons: 2}, testNow)
				},
			} {
				raw, err := build()
				if err != nil {
					t.Fatal(err)
				}
				p := mailtest.Parse(t, raw)
				if got := mailtest.Addrs(t, p.Header, "Cc"); !mailtest.Equal(got, c.wantCc) {
					t.Errorf("Cc = %v, want %v", got, c.wantCc)
				}
				if c.wantCc == nil && p.Header.Get("Cc") != "" {
					t.Errorf("empty Cc header written: %q", p.Header.Get("Cc"))
				}
				from, to, err := mail.Envelope(raw)
				if err != nil {
					t.Fatal(err)
				}
				if from != "orjan@blabaer.no" {
					t.Errorf("envelope from = %q", from)
				}
				if want := append([]string{steps.AltinnSupport}, c.wantCc...); !mailtest.Equal(to, want) {
					t.Errorf("envelope to = %v, want %v", to, want)
				}
			}
		})
	}
}

func TestSubjectIsExactlyTheSystemName(t *testing.T) {
	names := []string{
		"Plain System",
		systemName,
		"ÆØÅ æøå",
		"=?utf-8?q?Forged?=",
		// The longest names the answers allow (100 characters).
		"Lønnssystem" + strings.Repeat(" æøå", 22),
		strings.Repeat("Regnskap ", 10) + "AS",
		strings.Repeat("Ø", 100),
		strings.Repeat("x", 100),
		"Tab-free (parenthesis) \"quotes\" <angle> ; semicolons, commas",
	}
	for _, name := range names {
		a := answers()
		a.System.Name = name
		raw, err := steps.RegistrationEmail(a, attachments()[:1], testNow)
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		p := mailtest.Parse(t, raw)
		if got := mailtest.Subject(t, p.Header); got != name {
			t.Errorf("Subject = %q, want %q", got, name)
		}
		if !strings.Contains(string(p.Text.Body), name) {
			t.Errorf("body lacks the system name %q", name)
		}
		headerLines := strings.Split(string(raw[:bytes.Index(raw, []byte("\r\n\r\n"))]), "\r\n")
		for _, l := range headerLines {
			if len(l) > 78 {
				t.Errorf("header line of %d characters: %q", len(l), l)
			}
		}
	}
	// A name pasted on a Mac (å as a and a combining ring, runs of
	// spaces, a no-break space) is the name typed on a keyboard, in the
	// subject and in the body alike.
	for pasted, want := range map[string]string{
		"Two  spaces   here":          "Two spaces here",
		"Bla\u030abær\u00a0 Regnskap": "Blåbær Regnskap",
	} {
		a := answers()
		a.System.Name = pasted
		raw, err := steps.RegistrationEmail(a, attachments()[:1], testNow)
		if err != nil {
			t.Fatal(err)
		}
		p := mailtest.Parse(t, raw)
		if got := mailtest.Subject(t, p.Header); got != want {
			t.Errorf("Subject = %q, want %q", got, want)
		}
		if body := string(p.Text.Body); !strings.Contains(body, "Datasystem:           "+want) || strings.Contains(body, pasted) {
			t.Errorf("the body does not name the system as %q:\n%s", want, body)
		}
	}
	// Surrounding spaces are not part of the name.
	a0 := answers()
	a0.System.Name = "  Spaced Name  "
	raw0, err := steps.RegistrationEmail(a0, attachments()[:1], testNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := mailtest.Subject(t, mailtest.Parse(t, raw0).Header); got != "Spaced Name" {
		t.Errorf("Subject = %q, want %q", got, "Spaced Name")
	}
	// An ASCII name stays readable on the wire.
	a := answers()
	a.System.Name = "Plain System"
	raw, _ := steps.RegistrationEmail(a, attachments()[:1], testNow)
	if !bytes.Contains(raw, []byte("\r\nSubject: Plain System\r\n")) {
		t.Error("ASCII subject was encoded")
	}
}

// fixture is what a case of TestRefusesUnsafeAnswers may spoil.
type fixture struct {
	a    *session.Answers
	atts []mail.Attachment
}

func TestRefusesUnsafeAnswers(t *testing.T) {
	cases := []struct {
		desc  string
		edit  func(f *fixture)
		field string
	}{
		{"CRLF in system name", func(f *fixture) { f.a.System.Name = "Lønn\r\nBcc: evil@example.com" }, "system.name"},
		{"LF in system name", func(f *fixture) { f.a.System.Name = "Lønn\nBcc: evil@example.com" }, "system.name"},
		{"CR in system name", func(f *fixture) { f.a.System.Name = "Lø\rnn" }, "system.name"},
		{"U+2028 in system name", func(f *fixture) { f.a.System.Name = "A\u2028B" }, "system.name"},
		{"RLO in system name", func(f *fixture) { f.a.System.Name = "A\u202eB" }, "system.name"},
		{"empty system name", func(f *fixture) { f.a.System.Name = "  " }, "system.name"},
		{"CRLF in contact e-mail", func(f *fixture) { f.a.Contact.Email = "a@b\r\nBcc: x" }, "contact.email"},
		{"LF in contact e-mail", func(f *fixture) { f.a.Contact.Email = "a@b.no\nBcc: x@y.no" }, "contact.email"},
		{"CRLF inside contact e-mail", func(f *fixture) { f.a.Contact.Email = "a@b.no\r\nx@y.no" }, "contact.email"},
		{"display name in e-mail", func(f *fixture) { f.a.Contact.Email = "Ola <ola@x.no>" }, "contact.email"},
		{"two addresses", func(f *fixture) { f.a.Contact.Email = "ola@x.no, evil@y.no" }, "contact.email"},
		{"no domain", func(f *fixture) { f.a.Contact.Email = "ola" }, "contact.email"},
		{"missing e-mail", func(f *fixture) { f.a.Contact.Email = "" }, "contact.email"},
		{"non-ASCII before the @", func(f *fixture) { f.a.Contact.Email = "ørjan@blåbær.no" }, "contact.email"},
		{"CRLF in Cc", func(f *fixture) { f.a.Cc = "c@x.no\r\nBcc: z@w.no" }, "cc"},
		{"LF in Cc", func(f *fixture) { f.a.Cc = "c@x.no\nBcc: z@w.no" }, "cc"},
		{"two Cc addresses", func(f *fixture) { f.a.Cc = "c@x.no, d@x.no" }, "cc"},
		{"CRLF in technical e-mail", func(f *fixture) { f.a.TechnicalContact.Email = "k@x.no\r\nBcc: z@w.no" }, "technical_contact.email"},
		{"CR in contact name", func(f *fixture) { f.a.Contact.Name = "Ola\rNordmann" }, "contact.name"},
		{"BEL in vendor name", func(f *fixture) { f.a.Vendor.Name = "Acme\aAS" }, "vendor.name"},
		{"NUL in phone", func(f *fixture) { f.a.Contact.Phone = "1\x002" }, "contact.phone"},
		{"invalid UTF-8 in version", func(f *fixture) { f.a.System.Version = "1\xff" }, "system.version"},
		{"unanswered declaration", func(f *fixture) { f.a.Declaration.UsesPrefill = nil }, "declaration.uses_prefill"},
		{"folder in file name", func(f *fixture) { f.atts[0].Name = "../etc/passwd" }, "attachments[0].name"},
		{"CRLF in file name", func(f *fixture) { f.atts[1].Name = "a\r\nContent-Type: text/html" }, "attachments[1].name"},
		{"CRLF in content type", func(f *fixture) { f.atts[0].ContentType = "application/pdf\r\nBcc: z@w.no" }, "attachments[0].content_type"},
		{"multipart content type", func(f *fixture) { f.atts[0].ContentType = "multipart/mixed" }, "attachments[0].content_type"},
		{"empty attachment", func(f *fixture) { f.atts[1].Data = nil }, "attachments[1].data"},
		{"very long file name", func(f *fixture) { f.atts[0].Name = strings.Repeat("æ", 200) + ".docx" }, "attachments[0].name"},
		{"no attachments", func(f *fixture) { f.atts = nil }, "attachments"},
	}
	for _, c := range cases {
		t.Run(c.desc, func(t *testing.T) {
			f := &fixture{a: answers(), atts: attachments()}
			c.edit(f)
			before := *f.a
			raw, err := steps.RegistrationEmail(f.a, f.atts, testNow)
			if err == nil {
				t.Fatalf("accepted; message:\n%.600s", raw)
			}
			if raw != nil {
				t.Error("a message was returned with the error")
			}
			var problems forms.Problems
			if !errors.As(err, &problems) || len(problems) == 0 {
				t.Fatalf("error %v (%T) is not forms.Problems", err, err)
			}
			if problems[0].Path != c.field {
				t.Errorf("path = %q, want %q (error %q)", problems[0].Path, c.field, err)
			}
			if problems[0].Text(forms.NB) == problems[0].Text(forms.EN) {
				t.Errorf("not in both languages: %q", problems[0].Text(forms.NB))
			}
			// An answer is refused exactly as the one check refuses it.
			if !strings.HasPrefix(c.field, "attachments") {
				_, want := forms.Check(before)
				if err.Error() != want.Error() {
					t.Errorf("mail says\n%s\nthe check says\n%s", err, want)
				}
			}
		})
	}
}

// An internationalised domain is accepted end to end: written in its
// ASCII form in the header and the envelope, as typed in the text.
func TestInternationalisedDomain(t *testing.T) {
	a := answers()
	a.Contact.Email = "ase@fjordsøl.no"
	raw, err := steps.RegistrationEmail(a, attachments(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("<ase@xn--fjordsl-v1a.no>")) {
		t.Errorf("From is not in its ASCII form:\n%.400s", raw)
	}
	head := raw[:bytes.Index(raw, []byte("\r\n\r\n"))]
	for i, c := range head {
		if c >= 0x80 {
			t.Fatalf("header byte %d is not ASCII: %q", i, head)
		}
	}
	from, _, err := mail.Envelope(raw)
	if err != nil || from != "ase@xn--fjordsl-v1a.no" {
		t.Errorf("envelope from %q, %v", from, err)
	}
	if body := string(mailtest.Parse(t, raw).Text.Body); !strings.Contains(body, "ase@fjordsøl.no") {
		t.Errorf("the text does not show the address as typed:\n%s", body)
	}
}

func TestTestUserOrderEmail(t *testing.T) {
	a := answers()
	tst := &session.Testing{TestPersons: 5, TestOrganisations: 2}
	raw, err := steps.TestUserOrderEmail(a, tst, testNow)
	if err != nil {
		t.Fatal(err)
	}
	p := mailtest.Parse(t, raw)
	if len(p.Atts) != 0 {
		t.Errorf("%d attachments", len(p.Atts))
	}
	if ct, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct != "text/plain" || strings.ToLower(params["charset"]) != "utf-8" {
		t.Errorf("Content-Type = %q", p.Header.Get("Content-Type"))
	}
	if got, want := mailtest.Subject(t, p.Header), "Bestilling av testbrukere – "+systemName; got != want {
		t.Errorf("Subject = %q, want %q", got, want)
	}
	if got := mailtest.Addrs(t, p.Header, "To"); !mailtest.Equal(got, []string{steps.AltinnSupport}) {
		t.Errorf("To = %v", got)
	}
	if got := mailtest.Addrs(t, p.Header, "From"); !mailtest.Equal(got, []string{"orjan@blabaer.no"}) {
		t.Errorf("From = %v", got)
	}
	if p.Header.Get("MIME-Version") != "1.0" || p.Header.Get("Message-ID") == "" || p.Header.Get("Date") == "" {
		t.Error("MIME-Version, Message-ID or Date missing")
	}
	body := string(p.Text.Body)
	for _, want := range []string{
		"testbrukere", "TT02",
		"Blåbær Regnskap AS", "123 456 785", systemName, "3.1.4",
		"Tjenestekode 4936, utgavekode 1: A-melding (Skatteetaten)",
		"Tjenestekode 2000, utgavekode 10: Årsregnskap (Brønnøysundregistrene)",
		"Testpersoner:         5", "Testorganisasjoner:   2",
		"Ørjan Ærlig", "orjan@blabaer.no", "+47 998 87 766",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "5703") {
		t.Error("a PROD-only service is listed for TT02")
	}

	// The TT02 checklist, when present, decides the services.
	tst.Checklist = []session.ServiceTest{{Code: "5703", Edition: "2"}, {Code: "9999", Edition: "1"}, {Code: "5703", Edition: "2"}}
	raw, err = steps.TestUserOrderEmail(a, tst, testNow)
	if err != nil {
		t.Fatal(err)
	}
	body = string(mailtest.Parse(t, raw).Text.Body)
	if !strings.Contains(body, "Tjenestekode 5703, utgavekode 2: Mva-melding (Skatteetaten)") ||
		!strings.Contains(body, "Tjenestekode 9999, utgavekode 1\n") && !strings.Contains(body, "Tjenestekode 9999, utgavekode 1\r\n") ||
		strings.Contains(body, "4936") || strings.Count(body, "5703") != 1 {
		t.Errorf("checklist services not listed as expected:\n%s", body)
	}
}

func TestTestUserOrderEmailRefuses(t *testing.T) {
	cases := []struct {
		desc  string
		edit  func(a *session.Answers, t *session.Testing)
		field string
	}{
		{"nothing ordered", func(a *session.Answers, t *session.Testing) { t.TestPersons, t.TestOrganisations = 0, 0 }, "testing.test_persons"},
		{"negative persons", func(a *session.Answers, t *session.Testing) { t.TestPersons = -1 }, "testing.test_persons"},
		{"negative organisations", func(a *session.Answers, t *session.Testing) { t.TestOrganisations = -3 }, "testing.test_organisations"},
		{"no TT02 services", func(a *session.Answers, t *session.Testing) { a.System.Services = a.System.Services[1:2] }, "system.services"},
		{"CRLF in service name", func(a *session.Answers, t *session.Testing) { a.System.Services[0].Name = "A\r\nBcc: x@y.no" }, "system.services[0].name"},
		{"CRLF in checklist code", func(a *session.Answers, t *session.Testing) {
			t.Checklist = []session.ServiceTest{{Code: "1\r\n2", Edition: "1"}}
		}, "testing.checklist[0].code"},
		{"CRLF in system name", func(a *session.Answers, t *session.Testing) { a.System.Name = "X\r\nBcc: y@z.no" }, "system.name"},
		{"CRLF in contact e-mail", func(a *session.Answers, t *session.Testing) { a.Contact.Email = "a@b\r\nBcc: x" }, "contact.email"},
	}
	for _, c := range cases {
		t.Run(c.desc, func(t *testing.T) {
			a := answers()
			tst := &session.Testing{TestPersons: 1, TestOrganisations: 1}
			c.edit(a, tst)
			raw, err := steps.TestUserOrderEmail(a, tst, testNow)
			var problems forms.Problems
			if !errors.As(err, &problems) || raw != nil {
				t.Fatalf("err = %v, raw %d bytes; want forms.Problems", err, len(raw))
			}
			if problems[0].Path != c.field {
				t.Errorf("path = %q, want %q", problems[0].Path, c.field)
			}
		})
	}
}

func BenchmarkRegistrationEmail(b *testing.B) {
	a, atts := answers(), attachments()
	b.ReportAllocs()
	b.SetBytes(int64(len(atts[0].Data) + len(atts[1].Data)))
	for b.Loop() {
		if _, err := steps.RegistrationEmail(a, atts, testNow); err != nil {
			b.Fatal(err)
		}
	}
}

// The registration e-mail is a draft to sign and send: read back with
// go-message as a mail program reads it, it says X-Unsent: 1 (Outlook
// opens it as a message to send, its subject unchanged, rather than one
// to forward with "VS:"), its subject is exactly the system's name, and
// its first lines tell the sender how to sign the self-declaration and
// to delete them.
func TestRegistrationEmailIsADraftToSign(t *testing.T) {
	a := answers()
	raw, err := steps.RegistrationEmail(a, attachments(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	r := mailtest.ReadDraft(t, raw, systemName)
	p, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(p.Body)
	if err != nil {
		t.Fatal(err)
	}
	body := strings.ReplaceAll(string(b), "\r\n", "\n")
	note, rest, ok := strings.Cut(body, "]\n\nHei,\n")
	if !ok || !strings.HasPrefix(note, "[SLETT FØR SENDING") {
		t.Fatalf("the body does not start with the note to the sender:\n%s", body)
	}
	flat := strings.Join(strings.Fields(note), " ")
	for _, w := range []string{"Egenerklæringen skal signeres av " + a.Signer.Name + " (" + a.Signer.Role + ") før du sender",
		"skriv den ut, signer og skann den til PDF, eller signer PDF-kopien elektronisk",
		"legg ved den signerte", "ikke videresend", "«" + systemName + "»", "Slett så denne merknaden"} {
		if !strings.Contains(flat, w) {
			t.Errorf("the note lacks %q:\n%s", w, note)
		}
	}
	if !strings.Contains(rest, "egenerklæring, signert av "+a.Signer.Name) {
		t.Errorf("the text to Altinn does not say the self-declaration is signed:\n%s", rest)
	}
}
