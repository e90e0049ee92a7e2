// Package mail composes MIME messages (Compose), saves them as .eml files
// (WriteEML) and sends them over SMTP (Send). What a message says, to whom
// and why is its caller's (the steps of a track); this package decides no
// wording.
//
// Every header value is checked when the message is written, so nothing
// can be smuggled into the message's header; attachments are checked too,
// and their problems come back as forms.Problems, in both languages, each
// naming the attachment.
package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	netmail "net/mail"
	"os"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gomsg "github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
)

// fallbackHost is the Message-ID domain when the hostname is unusable.
const fallbackHost = "altinn-onboard.local"

// Content types of the documents the program attaches.
const (
	TypeDOCX  = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeDOC   = "application/msword"
	TypePDF   = "application/pdf"
	TypeOther = "application/octet-stream"
)

// maxParamHeader bounds the length of a Content-Type/Content-Disposition
// field carrying a file name: longer values could not be folded without
// changing the name (RFC 5322 allows 998 characters a line).
const maxParamHeader = 900

// Attachment is a file attached to an e-mail.
type Attachment struct {
	// Name is the file name the recipient sees (no folders).
	Name string
	// ContentType is the MIME type; "" picks it by the name's extension.
	ContentType string
	Data        []byte
}

// Address is one mailbox of a message. Email is an address forms.Email
// accepts (its domain may be internationalised: it is written in its
// ASCII form).
type Address struct {
	Name  string
	Email string
}

func (a Address) String() string {
	return (&netmail.Address{Name: a.Name, Address: forms.EmailASCII(a.Email)}).String()
}

// Message is a message before it is composed. Its caller checks the
// addresses and the subject against its own rules first (for the
// onboarding's e-mails: forms.Check, so a problem names the answer);
// Compose refuses what would break the header all the same.
type Message struct {
	From        Address
	To          []Address
	Cc          []Address
	Subject     string
	Body        string
	Attachments []Attachment
	// Date is the Date header (zero: now).
	Date time.Time
}

// DraftHeader marks a composed message as not yet sent (see Compose).
const DraftHeader = "X-Unsent"

// Compose writes m as an RFC 5322 message with CRLF line endings: a single
// UTF-8 quoted-printable text/plain part, or multipart/mixed with the text
// first and the attachments (base64) after it. Every message is a draft
// for its sender to open, read and send: it carries "X-Unsent: 1". Each attachment is checked
// (its name and type, not empty); a problem comes back as forms.Problems
// naming it ("attachments[1].name").
func Compose(m Message) ([]byte, error) {
	d := m
	d.Attachments = make([]Attachment, len(m.Attachments))
	for i, att := range m.Attachments {
		var err error
		if d.Attachments[i], err = checkAttachment(i, att); err != nil {
			return nil, err
		}
	}
	if d.Date.IsZero() {
		d.Date = time.Now()
	}
	if err := checkDraft(d); err != nil {
		return nil, err
	}
	multipart := len(d.Attachments) > 0
	var boundary string
	if multipart {
		var err error
		if boundary, err = newBoundary(); err != nil {
			return nil, err
		}
	}
	msgID, err := newMessageID(d.Date)
	if err != nil {
		return nil, err
	}

	var buf bytes.Buffer
	buf.Grow(len(d.Body) + 2048 + attachmentsSize(d.Attachments))
	w, err := gomsg.CreateWriter(&buf, composeHeader(d, boundary, msgID).Header)
	if err != nil {
		return nil, fmt.Errorf("mail: writing header: %w", err)
	}
	body := normalizeBody(d.Body)
	if !multipart {
		if _, err := w.Write([]byte(body)); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}

	var th gomsg.Header
	th.Set("Content-Transfer-Encoding", "quoted-printable")
	th.Set("Content-Type", "text/plain; charset=utf-8")
	if err := writePart(w, th, []byte(body)); err != nil {
		return nil, fmt.Errorf("mail: writing text: %w", err)
	}
	for _, att := range d.Attachments {
		if err := writeAttachment(w, att); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// checkDraft refuses a message without a recipient, or with a line break
// or non-ASCII address in a header. The callers check every value with
// a field name; this is defence in depth, rather than a broken header.
func checkDraft(d Message) error {
	if len(d.To) == 0 {
		return errors.New("mail: a message needs a recipient")
	}
	for _, a := range append(append([]Address{d.From}, d.To...), d.Cc...) {
		if strings.ContainsAny(a.Name+a.Email, "\r\n") || !isASCII(forms.EmailASCII(a.Email)) {
			return errors.New("mail: header address contains a line break or is not ASCII")
		}
	}
	if strings.ContainsAny(d.Subject, "\r\n") {
		return errors.New("mail: header value contains a line break")
	}
	return nil
}

// composeHeader is the message's header: multipart/mixed with boundary,
// or a single quoted-printable text part when boundary is "".
func composeHeader(d Message, boundary, msgID string) gomail.Header {
	// go-message writes header fields newest first, so they are added here
	// in the reverse of the order they appear in the message.
	var h gomail.Header
	if boundary != "" {
		h.Set("Content-Type", mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": boundary}))
	} else {
		h.Set("Content-Transfer-Encoding", "quoted-printable")
		h.Set("Content-Type", "text/plain; charset=utf-8")
	}
	// X-Unsent marks the message as a draft: Outlook opens the .eml as a
	// new message to send (its subject unchanged) rather than as received
	// mail, which could only be forwarded, with "VS:" or "FW:" added to
	// the subject. Send takes it out again.
	h.AddRaw([]byte(DraftHeader + ": 1\r\n"))
	h.AddRaw([]byte("MIME-Version: 1.0\r\n"))
	h.AddRaw([]byte("Message-ID: <" + msgID + ">\r\n"))
	if plainSubject(d.Subject) {
		h.Set("Subject", d.Subject)
	} else {
		h.AddRaw([]byte("Subject: " + strings.Join(encodedWords(d.Subject), "\r\n ") + "\r\n"))
	}
	h.SetAddressList("Cc", netAddrs(d.Cc))
	h.SetAddressList("To", netAddrs(d.To))
	h.SetAddressList("From", netAddrs([]Address{d.From}))
	h.SetDate(d.Date)
	return h
}

// writeAttachment writes att as a base64 part of w.
func writeAttachment(w *gomsg.Writer, att Attachment) error {
	ct, err := attachmentType(att)
	if err != nil {
		return err
	}
	var ah gomsg.Header
	// Set raw: go-message's SetContentDisposition would put an RFC 2047
	// encoded-word inside a quoted string, which RFC 2047 forbids;
	// mime.FormatMediaType writes RFC 2231 (filename*=utf-8''...) for
	// non-ASCII names.
	ah.Set("Content-Transfer-Encoding", "base64")
	ah.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": att.Name}))
	ah.Set("Content-Type", withName(ct, att.Name))
	if err := writePart(w, ah, att.Data); err != nil {
		return fmt.Errorf("mail: writing attachment %q: %w", att.Name, err)
	}
	return nil
}

// writePart writes one part of a multipart message.
func writePart(w *gomsg.Writer, h gomsg.Header, data []byte) error {
	pw, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := pw.Write(data); err != nil {
		return err
	}
	return pw.Close()
}

func netAddrs(as []Address) []*gomail.Address {
	out := make([]*gomail.Address, 0, len(as))
	for _, a := range as {
		// The domain in its ASCII form: a header of plain RFC 5322, which
		// every server and mail program reads (forms.Email has made sure
		// the part before the @ is ASCII).
		out = append(out, &gomail.Address{Name: a.Name, Address: forms.EmailASCII(a.Email)})
	}
	return out
}

func attachmentsSize(atts []Attachment) int {
	n := 0
	for _, a := range atts {
		n += len(a.Data)*4/3 + len(a.Data)/57*2 + 512
	}
	return n
}

// normalizeBody makes the text end with exactly one line break; the
// quoted-printable writer turns "\n" into CRLF.
func normalizeBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimRight(s, "\n") + "\n"
}

// plainSubject reports whether s can be written as it is: printable ASCII
// that no reader would take for an encoded-word, with no runs of spaces
// (header unfolding may collapse them) and no word too long to fold.
func plainSubject(s string) bool {
	if strings.Contains(s, "=?") || strings.Contains(s, "  ") {
		return false
	}
	for _, word := range strings.Split(s, " ") {
		if len(word) > maxEncodedWord {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// maxEncodedWord keeps "Subject: " and one encoded-word within 78
// characters.
const maxEncodedWord = 66

// encodedWords writes s as RFC 2047 Q encoded-words (UTF-8) of at most
// maxEncodedWord characters, never splitting a character. Whitespace
// between encoded-words is ignored by readers, so joining them with
// folding whitespace decodes to exactly s.
func encodedWords(s string) []string {
	const prefix, suffix = "=?utf-8?q?", "?="
	var words []string
	var cur strings.Builder
	flush := func() {
		words = append(words, prefix+cur.String()+suffix)
		cur.Reset()
	}
	var buf [utf8.UTFMax]byte
	for _, r := range s {
		n := utf8.EncodeRune(buf[:], r)
		var enc string
		if b := buf[0]; n == 1 && b == ' ' {
			enc = "_"
		} else if n == 1 && b > ' ' && b < 0x7f && b != '=' && b != '?' && b != '_' {
			enc = string(rune(b))
		} else {
			for _, c := range buf[:n] {
				enc += fmt.Sprintf("=%02X", c)
			}
		}
		if cur.Len() > 0 && len(prefix)+cur.Len()+len(enc)+len(suffix) > maxEncodedWord {
			flush()
		}
		cur.WriteString(enc)
	}
	if cur.Len() > 0 {
		flush()
	}
	return words
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func newBoundary() (string, error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "altinn-onboard-" + hex.EncodeToString(b[:]), nil
}

func newMessageID(now time.Time) (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s.%s@%s", now.UTC().Format("20060102150405"), hex.EncodeToString(b[:]), messageHost()), nil
}

// messageHost is the machine's hostname when it is a plain DNS name, else
// fallbackHost.
func messageHost() string {
	h, err := os.Hostname()
	if err != nil || !validHostname(h) {
		return fallbackHost
	}
	return strings.ToLower(h)
}

// ValidHostname reports whether h is a DNS host name: dot-separated labels
// of letters, digits and inner hyphens, at most 253 characters.
func ValidHostname(h string) bool { return validHostname(h) }

func validHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// contentTypeByName picks the content type from the file extension.
func contentTypeByName(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".docx":
		return TypeDOCX
	case ".doc":
		return TypeDOC
	case ".pdf":
		return TypePDF
	}
	return TypeOther
}

// attachmentType is the checked media type of att, without parameters
// other than those given in att.ContentType.
func attachmentType(att Attachment) (string, error) {
	if att.ContentType == "" {
		return contentTypeByName(att.Name), nil
	}
	mt, params, err := mime.ParseMediaType(att.ContentType)
	if err != nil || strings.HasPrefix(mt, "multipart/") || strings.HasPrefix(mt, "message/") {
		return "", fmt.Errorf("content type %q is not usable for an attachment", att.ContentType)
	}
	delete(params, "name")
	return mime.FormatMediaType(mt, params), nil
}

// withName adds the name parameter (RFC 2231 when not ASCII) to a content
// type; some mail programs read the name there rather than in
// Content-Disposition.
func withName(ct, name string) string {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return ct
	}
	if params == nil {
		params = map[string]string{}
	}
	params["name"] = name
	return mime.FormatMediaType(mt, params)
}

// WriteEML saves a composed message as an .eml file, readable by the owner
// only (0600), atomically.
func WriteEML(path string, msg []byte) error {
	if len(msg) == 0 {
		return errors.New("mail: empty message")
	}
	return atomicfile.WriteFile(path, msg)
}

// Envelope reads the SMTP envelope of a composed message: the From address,
// and the To and Cc addresses (deduplicated) as recipients.
func Envelope(msg []byte) (from string, to []string, err error) {
	m, err := netmail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		return "", nil, fmt.Errorf("mail: reading message: %w", err)
	}
	f, err := m.Header.AddressList("From")
	if err != nil || len(f) != 1 {
		return "", nil, errors.New("mail: the message needs exactly one From address")
	}
	seen := map[string]bool{}
	for _, key := range []string{"To", "Cc"} {
		if m.Header.Get(key) == "" {
			continue
		}
		l, err := m.Header.AddressList(key)
		if err != nil {
			return "", nil, fmt.Errorf("mail: reading %s: %w", key, err)
		}
		for _, a := range l {
			k := strings.ToLower(a.Address)
			if !seen[k] {
				seen[k] = true
				to = append(to, a.Address)
			}
		}
	}
	if len(to) == 0 {
		return "", nil, errors.New("mail: the message has no recipient")
	}
	return f[0].Address, to, nil
}

// ---- checks ----

// checkAttachment checks the file name and content of an attachment and
// returns it with the name trimmed. The attachments are the program's own
// files, so a problem here is a program error; it still names the
// attachment, in both languages.
func checkAttachment(i int, att Attachment) (Attachment, error) {
	field := fmt.Sprintf("attachments[%d]", i)
	bad := func(sub, nb, en string) error {
		return forms.Problems{forms.NewProblem(field+sub, nb, en)}
	}
	name := strings.TrimSpace(att.Name)
	switch {
	case !utf8.ValidString(name) || strings.IndexFunc(name, unsafeInHeader) >= 0:
		return att, bad(".name", "filnavnet inneholder linjeskift, kontrolltegn eller ugyldige tegn", "the file name contains line breaks, control characters or invalid characters")
	case name == "":
		return att, bad(".name", "vedlegget mangler filnavn", "the attachment has no file name")
	case strings.ContainsAny(name, `/\`) || name == "." || name == "..":
		return att, bad(".name", fmt.Sprintf("«%s» må være et filnavn uten mapper", name), fmt.Sprintf("%q must be a file name without folders", name))
	}
	att.Name = name
	if strings.IndexFunc(att.ContentType, unsafeInHeader) >= 0 || !utf8.ValidString(att.ContentType) {
		return att, bad(".content_type", "innholdstypen inneholder linjeskift eller kontrolltegn", "the content type contains line breaks or control characters")
	}
	ct, err := attachmentType(att)
	if err != nil {
		return att, bad(".content_type", fmt.Sprintf("innholdstypen %q kan ikke brukes for et vedlegg", att.ContentType), err.Error())
	}
	if len(withName(ct, name)) > maxParamHeader ||
		len(mime.FormatMediaType("attachment", map[string]string{"filename": name})) > maxParamHeader {
		return att, bad(".name", "filnavnet er for langt for et vedlegg", "the file name is too long for an e-mail attachment")
	}
	if len(att.Data) == 0 {
		return att, bad(".data", fmt.Sprintf("«%s» er tom", name), fmt.Sprintf("%q is empty", name))
	}
	return att, nil
}

// unsafeInHeader reports what may not stand in a header value: line
// breaks, control characters and invisible text-direction controls.
func unsafeInHeader(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
		r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}
