// Package outbox sends the e-mails the program composed (.eml files)
// through the SMTP server of the user's profile, for the `send` command
// and the wizard alike: it reads and checks the file (Read), sends it with
// the profile's settings and the password from the keyring (Send), keeps a
// copy of exactly what was sent, records the sending in the session
// (Record), explains failures with their cause and fix (Explain), and
// remembers the user's explicit choice to trust a self-signed server
// (AsUntrustedCert, Trust). Nothing here asks the user anything.
package outbox

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	netmail "net/mail"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/mail"
)

// MaxEMLSize bounds an .eml read for sending: the program's e-mails carry
// a few documents; servers rarely take more than 25 MB.
const MaxEMLSize = 40 << 20

// DraftNoteStart begins the note to the sender at the top of the
// registration e-mail's draft (steps.DraftNoteStart, the same text; a
// test keeps them equal): sign, check, delete the note, then send.
const DraftNoteStart = "[SLETT FØR SENDING – til deg som sender:"

// Draft is an e-mail the program composed, read for sending.
type Draft struct {
	Path      string
	Msg       []byte // the file as it is (with its X-Unsent draft mark)
	From      string // envelope sender
	To        []string
	Subject   string // decoded
	MessageID string
}

// Read reads and checks the .eml at path: a regular file of at most
// MaxEMLSize, an e-mail with a usable sender and recipients, and not the
// registration draft that still has its note to the sender. Errors are
// *Error (or *safefile.Error inside one) with Text(lang).
func Read(path string) (*Draft, error) {
	msg, err := safefile.Read(path, MaxEMLSize)
	if err != nil {
		return nil, &Error{Kind: KindFile, Path: path, Err: err}
	}
	from, to, err := mail.Envelope(msg)
	if err != nil {
		return nil, &Error{Kind: KindNotEmail, Path: path, Err: err}
	}
	// The registration e-mail's draft starts with a note to the sender
	// (sign, check, delete the note): sent as it is, Altinn would get it
	// and the unsigned self-declaration.
	if body, err := mail.TextBody(msg); err == nil && strings.Contains(body, DraftNoteStart) {
		return nil, &Error{Kind: KindDraftNote, Path: path}
	}
	d := &Draft{Path: path, Msg: msg, From: from, To: to}
	if m, err := netmail.ReadMessage(bytes.NewReader(msg)); err == nil {
		d.Subject = m.Header.Get("Subject")
		if s, err := new(mime.WordDecoder).DecodeHeader(d.Subject); err == nil {
			d.Subject = s
		}
		d.MessageID = strings.TrimSpace(m.Header.Get("Message-Id"))
	}
	return d, nil
}

// Kind says what an Error is about.
type Kind int

const (
	KindFile       Kind = iota + 1 // the .eml could not be read
	KindNotEmail                   // the file is not an e-mail that can be sent
	KindDraftNote                  // the registration draft still has its note
	KindNoServer                   // the profile names no SMTP server
	KindNoPassword                 // smtp.user is set but no password is stored
	KindSecrets                    // the keyring or secrets file failed
	KindCAFile                     // smtp.ca_file cannot be used
	KindProfile                    // the profile could not be read or written
	KindCopy                       // the kept copy could not be written
)

// Error is something that stopped a sending before the server was
// tried (all kinds but KindCopy: nothing was sent), or the kept copy that
// could not be written (KindCopy: the e-mail was sent).
type Error struct {
	Kind Kind
	Path string // the .eml, the profile, the CA file or the copy
	Err  error
}

func (e *Error) Unwrap() error { return e.Err }
func (e *Error) Error() string { return e.Text("en") }

// NothingTried reports whether the server was not contacted at all.
func (e *Error) NothingTried() bool { return e.Kind != KindCopy }

type texter interface{ Text(lang string) string }

func textOf(err error, lang string) string {
	var t texter
	if errors.As(err, &t) {
		return t.Text(lang)
	}
	return err.Error()
}

// Text is the message in lang ("en", else Norwegian bokmål): the cause and
// what to do.
func (e *Error) Text(lang string) string {
	t := func(nb, en string) string {
		if lang == "en" {
			return en
		}
		return nb
	}
	p := termtext.Line(e.Path)
	switch e.Kind {
	case KindFile:
		return textOf(e.Err, lang)
	case KindNotEmail:
		return fmt.Sprintf(t("%s er ikke en e-post programmet kan sende (%v): oppgi en .eml-fil programmet har laget",
			"%s is not an e-mail the program can send (%v): give an .eml file the program made"), p, e.Err)
	case KindDraftNote:
		return fmt.Sprintf(t("%s har fortsatt merknaden «SLETT FØR SENDING» øverst; ingenting ble sendt. Åpne e-posten i e-postprogrammet, legg ved den signerte egenerklæringen, slett merknaden og send den derfra; eller gi programmet den signerte filen (`altinn-onboard fill … --signed-declaration FIL`, eller «Legg ved signert egenerklæring …» i gjennomgangen av steg 1) og send registrering-…-signert.eml det lager",
			"%s still has the note \"SLETT FØR SENDING\" (delete before sending) at the top; nothing was sent. Open the e-mail in your mail program, attach the signed self-declaration, delete the note and send it from there; or give the program the signed file (`altinn-onboard fill … --signed-declaration FILE`, or \"Attach the signed self-declaration …\" in step 1's review) and send the registrering-…-signert.eml it makes"), p)
	case KindNoServer:
		return fmt.Sprintf(t("profilen (%s) sier ikke hvilken SMTP-server e-posten skal sendes gjennom; ingenting ble sendt. Sett den med `altinn-onboard profile set smtp.host VERT` (og smtp.security, smtp.user)",
			"the profile (%s) does not say which SMTP server to send through; nothing was sent. Set it with `altinn-onboard profile set smtp.host HOST` (and smtp.security, smtp.user)"), p)
	case KindNoPassword:
		return t("profilen har smtp.user, men SMTP-passordet er ikke lagret; ingenting ble sendt. Lagre det med `altinn-onboard secrets set smtp-password --profile`",
			"the profile has smtp.user, but the SMTP password is not stored; nothing was sent. Store it with `altinn-onboard secrets set smtp-password --profile`")
	case KindSecrets:
		return textOf(e.Err, lang) + t("; ingenting ble sendt. Sjekk oppsettet med `altinn-onboard doctor`.",
			"; nothing was sent. Check the setup with `altinn-onboard doctor`.")
	case KindCAFile:
		return "smtp.ca_file: " + textOf(e.Err, lang) + t("; ingenting ble sendt", "; nothing was sent")
	case KindProfile:
		return textOf(e.Err, lang)
	case KindCopy:
		return fmt.Sprintf(t("e-posten ble sendt, men kopien av den kunne ikke lagres i %s: %s",
			"the e-mail was sent, but its copy could not be kept in %s: %s"), p, textOf(e.Err, lang))
	}
	return textOf(e.Err, lang)
}
