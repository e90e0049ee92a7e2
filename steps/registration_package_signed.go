package steps

// The registration e-mail ready to send: the same e-mail as step 1's
// draft (to sluttbrukersystem@altinn.no, subject the datasystem's name),
// without the note to the sender, with the order form and the
// self-declaration the vendor has signed (a PDF, or a scan as PDF, PNG or
// JPEG) instead of the unsigned one. The program can send it (`send`); the
// draft it never can.

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/templates"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// KindSignedEmail is the session.Files kind of the registration e-mail
// with the signed self-declaration. It is one of RegistrationKinds: made
// from the same answers (MadeFrom), out of date when they change, and
// removed when the documents are made again (the self-declaration must
// then be signed again).
const KindSignedEmail = "eml-signed"

// MaxSignedSize bounds the signed self-declaration: a scanned page or
// two is a few MB; e-mail servers rarely take more than 25 MB, and base64
// makes an attachment a third larger.
const MaxSignedSize = 15 << 20

// maxOrderFormSize bounds the order form read back from the output
// folder (the program's own .docx, .doc or .pdf).
const maxOrderFormSize = 20 << 20

// SignedEmailName is the file name of the e-mail ready to send.
func SignedEmailName(systemName string) string {
	return "registrering-" + Slug(systemName) + "-signert.eml"
}

// signedType is a kind of file the signed self-declaration may be.
type signedType struct {
	ext, contentType string
	magic            []byte
}

var signedTypes = []signedType{
	{"pdf", mail.TypePDF, []byte("%PDF-")},
	{"png", "image/png", []byte("\x89PNG\r\n\x1a\n")},
	{"jpg", "image/jpeg", []byte("\xff\xd8\xff")},
}

// sniffSigned is the type of data by its first bytes, or nil.
func sniffSigned(data []byte) *signedType {
	for i, t := range signedTypes {
		if bytes.HasPrefix(data, t.magic) {
			return &signedTypes[i]
		}
	}
	// A PDF may have bytes before its header (readers look in the
	// first kilobyte).
	if bytes.Contains(data[:min(len(data), 1024)], signedTypes[0].magic) {
		return &signedTypes[0]
	}
	return nil
}

// Why a signed self-declaration was refused.
const (
	signedEmpty     = iota + 1 // empty file
	signedWrongType            // not PDF, PNG or JPEG
	signedWord                 // a Word document (the unsigned one?)
	signedUnsigned             // byte for byte the unsigned copy the program made
	signedLink                 // a symbolic link
)

// SignedFileError is a signed self-declaration the program would not
// attach; the file is left as it is. Read errors are a *safefile.Error
// in Err.
type SignedFileError struct {
	Path string
	Why  int // signedEmpty ... ; 0: Err says
	Err  error
}

func (e *SignedFileError) Error() string { return e.Text("en") }
func (e *SignedFileError) Unwrap() error { return e.Err }

// Text is the message in lang ("nb" or "en"), naming the file.
func (e *SignedFileError) Text(lang string) string {
	p := e.Path
	switch e.Why {
	case signedEmpty:
		return fmt.Sprintf(ui.T(lang, "%s er tom: oppgi den signerte egenerklæringen (PDF, PNG eller JPEG)", "%s is empty: give the signed self-declaration (PDF, PNG or JPEG)"), p)
	case signedWrongType:
		return fmt.Sprintf(ui.T(lang, "%s er verken PDF, PNG eller JPEG (innholdet sier det, ikke navnet): skann eller lagre den signerte egenerklæringen som PDF", "%s is neither PDF, PNG nor JPEG (by its content, not its name): scan or save the signed self-declaration as PDF"), p)
	case signedWord:
		return fmt.Sprintf(ui.T(lang, "%s er et Word-dokument, ikke en signert egenerklæring: skriv den ut, signer og skann den til PDF, eller signer PDF-kopien elektronisk", "%s is a Word document, not a signed self-declaration: print it, sign it and scan it to PDF, or sign the PDF copy electronically"), p)
	case signedUnsigned:
		return fmt.Sprintf(ui.T(lang, "%s er den usignerte PDF-kopien programmet laget: signer den først (eller skann den signerte papirutgaven)", "%s is the unsigned PDF copy the program made: sign it first (or scan the signed paper copy)"), p)
	case signedLink:
		return fmt.Sprintf(ui.T(lang, "%s er en symbolsk lenke; programmet følger ikke lenker: oppgi stien til selve filen", "%s is a symbolic link; the program does not follow links: give the path of the file itself"), p)
	}
	var se *safefile.Error
	if errors.As(e.Err, &se) {
		return se.Text(lang)
	}
	return fmt.Sprintf(ui.T(lang, "%s kan ikke leses: %v", "%s cannot be read: %v"), p, e.Err)
}

// readSigned reads the signed self-declaration at path (no link
// followed, at most MaxSignedSize) and checks that it is a PDF, PNG or
// JPEG and not one of the unsigned copies.
func readSigned(path string, unsigned [][]byte) ([]byte, *signedType, error) {
	data, err := safefile.ReadNoFollow(path, MaxSignedSize)
	if err != nil {
		var se *safefile.Error
		if errors.As(err, &se) && se.Kind == safefile.KindLink {
			return nil, nil, &SignedFileError{Path: path, Why: signedLink, Err: err}
		}
		return nil, nil, &SignedFileError{Path: path, Err: err}
	}
	if len(data) == 0 {
		return nil, nil, &SignedFileError{Path: path, Why: signedEmpty}
	}
	t := sniffSigned(data)
	if t == nil {
		why := signedWrongType
		// .docx is a zip; .doc an OLE2 compound file.
		if bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")) {
			why = signedWord
		}
		return nil, nil, &SignedFileError{Path: path, Why: why}
	}
	for _, u := range unsigned {
		if bytes.Equal(u, data) {
			return nil, nil, &SignedFileError{Path: path, Why: signedUnsigned}
		}
	}
	return data, t, nil
}

// SignedPackageError is why the e-mail with the signed self-declaration cannot
// be made from a session's step 1 files.
type SignedPackageError struct{ Stale bool }

func (e *SignedPackageError) Error() string { return e.Text("en") }

// Text is the message in lang.
func (e *SignedPackageError) Text(lang string) string {
	if e.Stale {
		return ui.T(lang, "dokumentene er laget fra eldre svar: lag dem på nytt, signer den nye egenerklæringen og legg den ved",
			"the documents were made from earlier answers: make them again, sign the new self-declaration and attach it")
	}
	return ui.T(lang, "lag dokumentene og e-posten i steg 1 først, og signer egenerklæringen",
		"make step 1's documents and e-mail first, and sign the self-declaration")
}

// WriteSignedRegistration writes the registration e-mail ready to send
// (SignedEmailName, 0600) into outDir: from s's answers, with the order
// form step 1 made (its .docx when there is one) and the signed
// self-declaration at signedPath. Step 1's files must be made and current
// (a *SignedPackageError otherwise); a signed file the program will not attach
// is a *SignedFileError naming it. s is only read: the caller records
// the file returned (Kind KindSignedEmail).
func WriteSignedRegistration(s *session.Session, signedPath, outDir string, now time.Time) (session.GeneratedFile, error) {
	checked, problems := forms.Check(s.Answers)
	if len(problems) > 0 {
		return session.GeneratedFile{}, problems
	}
	order, unsigned, err := packageFiles(s)
	if err != nil {
		return session.GeneratedFile{}, err
	}
	signed, typ, err := readSigned(signedPath, unsigned)
	if err != nil {
		return session.GeneratedFile{}, err
	}
	orderExt := strings.TrimPrefix(filepath.Ext(order.Path), ".")
	orderData, err := safefile.ReadNoFollow(order.Path, maxOrderFormSize)
	if err != nil {
		return session.GeneratedFile{}, err
	}
	signedName := strings.TrimSuffix(AttachmentName(templates.Egenerklaering, checked.System.Name, "x"), ".x") + " (signert)." + typ.ext
	msg, err := registrationEmail(&checked, []mail.Attachment{
		{Name: AttachmentName(templates.Bestilling, checked.System.Name, orderExt), Data: orderData},
		{Name: signedName, ContentType: typ.contentType, Data: signed},
	}, now, false)
	if err != nil {
		return session.GeneratedFile{}, err
	}
	path, err := writeEMLInto(outDir, SignedEmailName(checked.System.Name), msg)
	if err != nil {
		return session.GeneratedFile{}, err
	}
	return session.GeneratedFile{Kind: KindSignedEmail, Path: path, CreatedAt: now.UTC(), MadeFrom: answersDigest(checked)}, nil
}

// packageFiles finds step 1's order form (the .docx when there is one)
// and reads the unsigned self-declarations, to refuse one given as
// signed. Without the files, or with files made from other answers, it
// says what to do.
func packageFiles(s *session.Session) (order session.GeneratedFile, unsigned [][]byte, err error) {
	files := s.FilesOf(RegistrationKinds...)
	if !slices.ContainsFunc(files, func(f session.GeneratedFile) bool { return f.Kind == "eml" }) {
		return order, nil, &SignedPackageError{}
	}
	if registrationStale(s) {
		return order, nil, &SignedPackageError{Stale: true}
	}
	for _, f := range files {
		switch f.Kind {
		case string(templates.Bestilling):
			if order.Path == "" || strings.HasSuffix(f.Path, "."+FormatDocx) {
				order = f
			}
		case string(templates.Egenerklaering):
			if data, err := safefile.ReadNoFollow(f.Path, MaxSignedSize); err == nil {
				unsigned = append(unsigned, data)
			}
		}
	}
	if order.Path == "" {
		return order, nil, &SignedPackageError{}
	}
	return order, unsigned, nil
}

// CheckSignedDeclaration checks the signed self-declaration at path as
// WriteSignedRegistration will (before anything is made): a
// *SignedFileError naming it when the program would not attach it.
func CheckSignedDeclaration(path string) error {
	_, _, err := readSigned(path, nil)
	return err
}

// SignedReady says where the e-mail ready to send is and the two ways to
// send it, in lang.
func SignedReady(lang, path string) string {
	return fmt.Sprintf(ui.T(lang,
		"Klar til å sendes, med den signerte egenerklæringen: %s. Send den med `altinn-onboard send %s`, eller åpne den i e-postprogrammet og send den som den er.",
		"Ready to send, with the signed self-declaration: %s. Send it with `altinn-onboard send %s`, or open it in your mail program and send it as it is."), path, path)
}
