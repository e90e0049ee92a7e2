package mail_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"mime"
	netmail "net/mail"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/mail/mailtest"
)

// The messages here are made up: this package composes whatever its
// caller says (the onboarding's own e-mails are tested with their
// wording in package steps).

var testNow = time.Date(2026, 3, 14, 9, 26, 53, 0, time.FixedZone("CET", 3600))

// randomBytes is deterministic noise, so failures reproduce.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

const (
	reportName = "Rapport – årsoppgjør (Lønn & Økonomi).docx"
	appendix   = "Vedlegg æøå ÆØÅ.pdf"
)

func attachments() []mail.Attachment {
	return []mail.Attachment{
		{Name: reportName, Data: randomBytes(30*1024+7, 1)},
		{Name: appendix, Data: randomBytes(30*1024+2, 2)},
	}
}

func message() mail.Message {
	return mail.Message{
		From:        mail.Address{Name: "Ørjan Ærlig", Email: "orjan@blabaer.no"},
		To:          []mail.Address{{Email: "mottak@example.no"}},
		Cc:          []mail.Address{{Name: "Kåre Teknisk", Email: "kare@blabaer.no"}, {Email: "c@blåbær.no"}},
		Subject:     "Årsoppgjør – Blåbær & Søn",
		Body:        "Hei,\n\nHer er rapporten.\r\nMed vennlig hilsen\nØrjan\n\n\n",
		Attachments: attachments(),
		Date:        testNow,
	}
}

func expectedHost() string {
	h, err := os.Hostname()
	if err != nil || !regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`).MatchString(h) {
		return "altinn-onboard.local"
	}
	return strings.ToLower(h)
}

func TestComposeRoundTrip(t *testing.T) {
	m := message()
	raw, err := mail.Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	p := mailtest.Parse(t, raw)
	h := p.Header
	if got := mailtest.Subject(t, h); got != m.Subject {
		t.Errorf("Subject = %q, want %q", got, m.Subject)
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Ørjan Ærlig" || from[0].Address != "orjan@blabaer.no" {
		t.Errorf("From %q: %v", h.Get("From"), err)
	}
	if got := mailtest.Addrs(t, h, "To"); !mailtest.Equal(got, []string{"mottak@example.no"}) {
		t.Errorf("To = %v", got)
	}
	// An internationalised domain in its ASCII form.
	if got := mailtest.Addrs(t, h, "Cc"); !mailtest.Equal(got, []string{"kare@blabaer.no", "c@xn--blbr-roah.no"}) {
		t.Errorf("Cc = %v", got)
	}
	if date, err := h.Date(); err != nil || !date.Equal(testNow) {
		t.Errorf("Date = %v (%v)", date, err)
	}
	if !bytes.Contains(raw, []byte("\r\nMIME-Version: 1.0\r\n")) || !bytes.Contains(raw, []byte("\r\nMessage-ID: <")) {
		t.Error("MIME-Version / Message-ID not written with their usual spelling")
	}
	re := regexp.MustCompile(`^<[A-Za-z0-9.]+@([A-Za-z0-9.-]+)>$`)
	if mid := h.Get("Message-ID"); re.FindStringSubmatch(mid) == nil || re.FindStringSubmatch(mid)[1] != expectedHost() {
		t.Errorf("Message-ID = %q, want <...@%s>", mid, expectedHost())
	}
	head := raw[:bytes.Index(raw, []byte("\r\n\r\n"))]
	for i, c := range head {
		if c >= 0x80 {
			t.Fatalf("header byte %d is not ASCII: %q", i, head)
		}
	}

	// The text: one line break at the end, CRLF on the wire.
	if ct, params, _ := mime.ParseMediaType(p.Text.Header.Get("Content-Type")); ct != "text/plain" || strings.ToLower(params["charset"]) != "utf-8" {
		t.Errorf("text part Content-Type = %q", p.Text.Header.Get("Content-Type"))
	}
	if got := p.Text.Header.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
		t.Errorf("text part Content-Transfer-Encoding = %q", got)
	}
	if got, want := string(p.Text.Body), "Hei,\r\n\r\nHer er rapporten.\r\nMed vennlig hilsen\r\nØrjan\r\n"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}

	// The attachments, named in RFC 2231, as given.
	if len(p.Atts) != 2 {
		t.Fatalf("%d attachments", len(p.Atts))
	}
	for i, a := range p.Atts {
		_, params, err := mime.ParseMediaType(a.Header.Get("Content-Disposition"))
		if err != nil || params["filename"] != m.Attachments[i].Name {
			t.Errorf("attachment %d filename %q (%v)", i, params["filename"], err)
		}
		if raw := a.Header.Get("Content-Disposition"); !strings.Contains(raw, "filename*=utf-8''") || strings.Contains(raw, "=?") {
			t.Errorf("attachment %d Content-Disposition is not RFC 2231: %q", i, raw)
		}
		if a.Header.Get("Content-Transfer-Encoding") != "base64" || !bytes.Equal(a.Body, m.Attachments[i].Data) {
			t.Errorf("attachment %d: %d bytes decoded, differ from the %d given", i, len(a.Body), len(m.Attachments[i].Data))
		}
	}

	// Without attachments: one text/plain part.
	m.Attachments = nil
	raw, err = mail.Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	if p := mailtest.Parse(t, raw); len(p.Atts) != 0 || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("Content-Type %q, %d attachments", p.Header.Get("Content-Type"), len(p.Atts))
	}
}

func TestAttachmentContentTypes(t *testing.T) {
	cases := []struct {
		name, given, want string
	}{
		{"skjema.doc", "", "application/msword"},
		{"SKJEMA.DOCX", "", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"Erklæring.PDF", "", "application/pdf"},
		{"notat.odt", "", "application/octet-stream"},
		{"utan-ending", "", "application/octet-stream"},
		{"data.pdf", "application/x-custom", "application/x-custom"},
	}
	m := message()
	m.Attachments = nil
	for i, c := range cases {
		m.Attachments = append(m.Attachments, mail.Attachment{Name: c.name, ContentType: c.given, Data: randomBytes(100+i, uint64(i))})
	}
	raw, err := mail.Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	p := mailtest.Parse(t, raw)
	if len(p.Atts) != len(cases) {
		t.Fatalf("%d attachments, want %d", len(p.Atts), len(cases))
	}
	for i, c := range cases {
		ct, _, _ := mime.ParseMediaType(p.Atts[i].Header.Get("Content-Type"))
		_, params, _ := mime.ParseMediaType(p.Atts[i].Header.Get("Content-Disposition"))
		if ct != c.want || params["filename"] != c.name || !bytes.Equal(p.Atts[i].Body, m.Attachments[i].Data) {
			t.Errorf("%s: type %q filename %q, want %q", c.name, ct, params["filename"], c.want)
		}
	}
}

func TestSubjectsOnTheWire(t *testing.T) {
	for _, subject := range []string{
		"Plain System", "ÆØÅ æøå", "=?utf-8?q?Forged?=", "Two  spaces   here",
		"Lønnssystem" + strings.Repeat(" æøå", 22), strings.Repeat("Ø", 100), strings.Repeat("x", 100),
		"Tab-free (parenthesis) \"quotes\" <angle> ; semicolons, commas",
	} {
		m := message()
		m.Subject = subject
		raw, err := mail.Compose(m)
		if err != nil {
			t.Fatalf("%q: %v", subject, err)
		}
		if got := mailtest.Subject(t, mailtest.Parse(t, raw).Header); got != subject {
			t.Errorf("Subject = %q, want %q", got, subject)
		}
		for _, l := range strings.Split(string(raw[:bytes.Index(raw, []byte("\r\n\r\n"))]), "\r\n") {
			if len(l) > 78 {
				t.Errorf("header line of %d characters: %q", len(l), l)
			}
		}
	}
	m := message()
	m.Subject = "Plain System"
	if raw, _ := mail.Compose(m); !bytes.Contains(raw, []byte("\r\nSubject: Plain System\r\n")) {
		t.Error("ASCII subject was encoded")
	}
}

// Compose refuses what would break the header, whatever its caller
// checked, and attachments it cannot send, each named.
func TestComposeRefuses(t *testing.T) {
	for _, c := range []struct {
		desc  string
		edit  func(m *mail.Message)
		field string // the attachment's path, when it is one
	}{
		{"CRLF in subject", func(m *mail.Message) { m.Subject = "Hei\r\nBcc: evil@example.com" }, ""},
		{"LF in From name", func(m *mail.Message) { m.From.Name = "Ola\nBcc: x@y.no" }, ""},
		{"CRLF in Cc address", func(m *mail.Message) { m.Cc[0].Email = "k@x.no\r\nBcc: z@w.no" }, ""},
		{"non-ASCII before the @", func(m *mail.Message) { m.To[0].Email = "ørjan@x.no" }, ""},
		{"no recipient", func(m *mail.Message) { m.To = nil }, ""},
		{"folder in file name", func(m *mail.Message) { m.Attachments[0].Name = "../etc/passwd" }, "attachments[0].name"},
		{"CRLF in file name", func(m *mail.Message) { m.Attachments[1].Name = "a\r\nContent-Type: text/html" }, "attachments[1].name"},
		{"CRLF in content type", func(m *mail.Message) { m.Attachments[0].ContentType = "application/pdf\r\nBcc: z@w.no" }, "attachments[0].content_type"},
		{"multipart content type", func(m *mail.Message) { m.Attachments[0].ContentType = "multipart/mixed" }, "attachments[0].content_type"},
		{"empty attachment", func(m *mail.Message) { m.Attachments[1].Data = nil }, "attachments[1].data"},
		{"very long file name", func(m *mail.Message) { m.Attachments[0].Name = strings.Repeat("æ", 200) + ".docx" }, "attachments[0].name"},
		{"no file name", func(m *mail.Message) { m.Attachments[1].Name = "  " }, "attachments[1].name"},
	} {
		t.Run(c.desc, func(t *testing.T) {
			m := message()
			c.edit(&m)
			raw, err := mail.Compose(m)
			if err == nil || raw != nil {
				t.Fatalf("accepted (%v):\n%.400s", err, raw)
			}
			if c.field == "" {
				return
			}
			var problems forms.Problems
			if !errors.As(err, &problems) || problems[0].Path != c.field {
				t.Fatalf("error %v, want a problem of %s", err, c.field)
			}
			if problems[0].Text(forms.NB) == problems[0].Text(forms.EN) {
				t.Errorf("not in both languages: %q", problems[0].Text(forms.NB))
			}
		})
	}
}

func TestEnvelope(t *testing.T) {
	m := message()
	m.Cc = append(m.Cc, mail.Address{Email: "MOTTAK@example.no"}) // already a recipient
	raw, err := mail.Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	from, to, err := mail.Envelope(raw)
	if err != nil || from != "orjan@blabaer.no" || !mailtest.Equal(to, []string{"mottak@example.no", "kare@blabaer.no", "c@xn--blbr-roah.no"}) {
		t.Fatalf("envelope %q -> %v (%v)", from, to, err)
	}
}

func TestWriteEML(t *testing.T) {
	raw, err := mail.Compose(message())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "melding.eml")
	// An existing, world-readable file is replaced by a private one.
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := mail.WriteEML(path, raw); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, raw) {
		t.Fatalf("file content differs from the message (%v)", err)
	}
	mailtest.Parse(t, got)
	if err := mail.WriteEML(filepath.Join(t.TempDir(), "x.eml"), nil); err == nil {
		t.Error("empty message written")
	}
}

func TestMessagesDiffer(t *testing.T) {
	a, _ := mail.Compose(message())
	b, _ := mail.Compose(message())
	ha, _ := netmail.ReadMessage(bytes.NewReader(a))
	hb, _ := netmail.ReadMessage(bytes.NewReader(b))
	if ha.Header.Get("Message-ID") == hb.Header.Get("Message-ID") {
		t.Error("two messages share a Message-ID")
	}
}

// Every composed message is a draft: X-Unsent: 1 makes Outlook open the
// .eml as a new message to send, its subject as it is, rather than as
// received mail that can only be forwarded ("VS: " + subject). Read
// back with go-message, as a mail program would.
func TestComposeMarksADraft(t *testing.T) {
	for _, m := range []mail.Message{message(), func() mail.Message { m := message(); m.Attachments = nil; return m }()} {
		raw, err := mail.Compose(m)
		if err != nil {
			t.Fatal(err)
		}
		mailtest.ReadDraft(t, raw, m.Subject)
	}
}
