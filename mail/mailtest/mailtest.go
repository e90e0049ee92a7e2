// Package mailtest reads composed messages back for tests, with the
// standard library only: the header, the text part and the attachments,
// decoded, after checking what every message must satisfy on the wire.
// ReadDraft reads one as a mail program does, with go-message.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"slices"
	"strings"
	"testing"

	gomail "github.com/emersion/go-message/mail"
)

// Part is one MIME part, its body decoded.
type Part struct {
	Header textproto.MIMEHeader
	Body   []byte
}

// Parsed is a message read back.
type Parsed struct {
	Header netmail.Header
	Text   Part
	Atts   []Part
}

// CheckWire checks what every message must satisfy on the wire: CRLF
// line endings only and no line over 998 characters.
func CheckWire(t testing.TB, raw []byte) {
	t.Helper()
	for i, b := range raw {
		if b == '\n' && (i == 0 || raw[i-1] != '\r') {
			t.Fatalf("bare LF at byte %d: %q", i, raw[max(0, i-40):i+1])
		}
		if b == '\r' && (i+1 == len(raw) || raw[i+1] != '\n') {
			t.Fatalf("bare CR at byte %d", i)
		}
	}
	for n, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Fatalf("line %d is %d characters long", n+1, len(line))
		}
	}
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Fatal("message does not end with CRLF")
	}
}

// Parse reads a composed message.
func Parse(t testing.TB, raw []byte) Parsed {
	t.Helper()
	CheckWire(t, raw)
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail.ReadMessage: %v", err)
	}
	p := Parsed{Header: m.Header}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", m.Header.Get("Content-Type"), err)
	}
	if mt == "text/plain" {
		p.Text = Part{Header: textproto.MIMEHeader(m.Header), Body: decodeBody(t, m.Header.Get("Content-Transfer-Encoding"), m.Body)}
		return p
	}
	if mt != "multipart/mixed" || params["boundary"] == "" {
		t.Fatalf("Content-Type = %q, want multipart/mixed with a boundary", m.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for i := 0; ; i++ {
		// NextRawPart: keep Content-Transfer-Encoding visible and decode
		// quoted-printable ourselves.
		pr, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		pt := Part{Header: pr.Header, Body: decodeBody(t, pr.Header.Get("Content-Transfer-Encoding"), pr)}
		if i == 0 {
			p.Text = pt
		} else {
			p.Atts = append(p.Atts, pt)
		}
	}
	return p
}

func decodeBody(t testing.TB, cte string, r io.Reader) []byte {
	t.Helper()
	var dec io.Reader
	switch strings.ToLower(cte) {
	case "quoted-printable":
		dec = quotedprintable.NewReader(r)
	case "base64":
		dec = base64.NewDecoder(base64.StdEncoding, r)
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q", cte)
	}
	b, err := io.ReadAll(dec)
	if err != nil {
		t.Fatalf("decoding %s body: %v", cte, err)
	}
	return b
}

// Subject is the decoded Subject.
func Subject(t testing.TB, h netmail.Header) string {
	t.Helper()
	var dec mime.WordDecoder
	s, err := dec.DecodeHeader(h.Get("Subject"))
	if err != nil {
		t.Fatalf("decoding Subject %q: %v", h.Get("Subject"), err)
	}
	return s
}

// Addrs are the addresses of a header field (nil when it is not there).
func Addrs(t testing.TB, h netmail.Header, key string) []string {
	t.Helper()
	if h.Get(key) == "" {
		return nil
	}
	l, err := h.AddressList(key)
	if err != nil {
		t.Fatalf("%s %q: %v", key, h.Get(key), err)
	}
	var out []string
	for _, a := range l {
		out = append(out, a.Address)
	}
	return out
}

// Equal says two address lists are the same (nil and empty alike).
func Equal(a, b []string) bool { return len(a) == len(b) && (len(a) == 0 || slices.Equal(a, b)) }

// ReadDraft reads a composed message with go-message, as a mail program
// would, and checks that it is a draft to send (X-Unsent: 1, which makes
// Outlook open it as a new message rather than received mail to
// forward) with exactly the subject given.
func ReadDraft(t testing.TB, raw []byte, subject string) *gomail.Reader {
	t.Helper()
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Header.Get("X-Unsent"); got != "1" {
		t.Errorf("X-Unsent = %q, want 1", got)
	}
	if subj, err := r.Header.Subject(); err != nil || subj != subject {
		t.Errorf("Subject = %q (%v), want exactly %q", subj, err, subject)
	}
	return r
}
