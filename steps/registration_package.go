// Package steps knows Altinn and the order of the onboarding: what each
// step asks, what it produces, and what the user must be told. It hands
// the UI its screens and gives the headless commands the same engines.
package steps

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/leftover"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

// Output formats of the documents.
const (
	FormatDocx = "docx"
	FormatDoc  = "doc"
	FormatPDF  = "pdf"
)

// RegistrationKinds are the session.Files kinds of step 1's package.
var RegistrationKinds = []string{string(templates.Bestilling), string(templates.Egenerklaering), "eml"}

// Formats are the document formats a package can be made in.
var Formats = []string{FormatDocx, FormatDoc, FormatPDF}

// PackageOptions steer how the registration package is made.
type PackageOptions struct {
	// TemplatesDir holds the user's own bestilling.docx and/or
	// egenerklaering.docx; empty means the embedded templates.
	TemplatesDir string
	// Formats of the documents; the first is what the e-mail attaches.
	// Empty means docx only.
	Formats []string
	// Now is the clock (the signing date defaults to its day).
	Now time.Time
	// Notify, when set, is told what the user should know that is not an
	// error: an existing output folder that others can read.
	Notify func(atomicfile.Notice)
}

// buildPrefix names the work folders a package is built in, next to the
// output folder.
const buildPrefix = ".altinn-onboard-build-"

// buildPolicy: a build takes seconds (LibreOffice at most ConvertTimeout
// per document), so a work folder whose process is gone, or that is a
// day old, is a leftover of a killed run.
var buildPolicy = leftover.Policy{MaxAge: 24 * time.Hour, UnmarkedAge: time.Hour}

// ParseFormats reads a comma-separated --format value.
func ParseFormats(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if !slices.Contains(Formats, f) {
			return nil, fmt.Errorf("unknown format %q: use docx, doc or pdf (comma-separated)", f)
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return []string{FormatDocx}, nil
	}
	return out, nil
}

// WriteRegistrationPackage makes step 1's package: the order form and the
// self-declaration in each requested format, and the registration e-mail
// with the documents attached, in outDir. Everything is built in a
// temporary folder first and moved into outDir only when all of it
// succeeded, so a failure leaves outDir as it was.
//
// Folders it creates are 0700; an outDir that exists keeps its mode (a
// notice goes to opts.Notify when others can read it), and the folder
// above it is never changed. Work folders that a killed run left next to
// outDir are removed first.
//
// The documents and the e-mail are made from forms.Check's normalised
// copy of a, so they show the same values; answers it refuses are
// returned as forms.Problems before anything is made.
func WriteRegistrationPackage(ctx context.Context, a *session.Answers, opts PackageOptions, outDir string) ([]session.GeneratedFile, error) {
	if a == nil {
		return nil, ErrNothingToDo
	}
	checked, problems := forms.Check(*a)
	if len(problems) > 0 {
		return nil, problems
	}
	a = &checked
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	formats := opts.Formats
	if len(formats) == 0 {
		formats = []string{FormatDocx}
	}
	outDir, err := filepath.Abs(outDir)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(outDir)
	if _, err := atomicfile.MakeDir(parent); err != nil {
		return nil, err
	}
	leftover.Clean(parent, buildPrefix, buildPolicy, nil)
	tmp, err := os.MkdirTemp(parent, buildPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("making a work folder next to %s: %w", outDir, err)
	}
	defer os.RemoveAll(tmp)
	if err := leftover.Mark(tmp); err != nil {
		return nil, fmt.Errorf("making a work folder next to %s: %w", outDir, err)
	}

	slug := Slug(a.System.Name)
	type built struct {
		kind, name string // kind: templates.Doc or "eml"
		format     string
	}
	var files []built
	var attachments []mail.Attachment
	for _, doc := range templates.Docs() {
		tmpl, _, err := templates.Load(doc, opts.TemplatesDir)
		if err != nil {
			return nil, err
		}
		data, err := templates.Fill(doc, tmpl, a, opts.Now)
		if err != nil {
			return nil, err
		}
		base := string(doc) + "-" + slug
		docxPath := filepath.Join(tmp, base+".docx")
		if err := templates.WriteDocx(docxPath, data); err != nil {
			return nil, err
		}
		for _, f := range formats {
			name := base + "." + f
			if f != FormatDocx {
				if _, err := templates.Convert(ctx, docxPath, f, tmp); err != nil {
					return nil, err
				}
			}
			files = append(files, built{kind: string(doc), name: name, format: f})
		}
		// The e-mail carries the documents in the first format asked for.
		att, err := os.ReadFile(filepath.Join(tmp, base+"."+formats[0]))
		if err != nil {
			return nil, fmt.Errorf("reading back %s: %w", base+"."+formats[0], err)
		}
		attachments = append(attachments, mail.Attachment{Name: AttachmentName(doc, a.System.Name, formats[0]), Data: att})
		if !slices.Contains(formats, FormatDocx) {
			os.Remove(docxPath)
		}
	}
	msg, err := RegistrationEmail(a, attachments, opts.Now)
	if err != nil {
		return nil, err
	}
	emlName := "registrering-" + slug + ".eml"
	if err := mail.WriteEML(filepath.Join(tmp, emlName), msg); err != nil {
		return nil, err
	}
	files = append(files, built{kind: "eml", name: emlName, format: "eml"})

	notice, err := atomicfile.MakePrivateDir(outDir)
	if err != nil {
		return nil, err
	}
	if notice != nil && opts.Notify != nil {
		opts.Notify(*notice)
	}
	var out []session.GeneratedFile
	for _, f := range files {
		dst := filepath.Join(outDir, f.name)
		if err := os.Chmod(filepath.Join(tmp, f.name), atomicfile.FileMode); err != nil {
			return nil, err
		}
		if err := os.Rename(filepath.Join(tmp, f.name), dst); err != nil {
			return nil, fmt.Errorf("moving %s into %s: %w", f.name, outDir, err)
		}
		out = append(out, session.GeneratedFile{Kind: f.kind, Path: dst, CreatedAt: opts.Now.UTC()})
	}
	if err := atomicfile.SyncDir(outDir); err != nil {
		return nil, err
	}
	return out, nil
}

// AttachmentName is the name the e-mail gives a document, in Norwegian
// with the system's own name: "Egenerklæring – Blåbær Regnskap.docx".
func AttachmentName(doc templates.Doc, systemName, format string) string {
	title := "Bestilling – nytt datasystem"
	if doc == templates.Egenerklaering {
		title = "Egenerklæring – datasystem"
	}
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || unicode.IsControl(r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(systemName))
	// An e-mail carries a non-ASCII name percent-encoded (three bytes a
	// byte) in a header field of bounded length: a long name of four-byte
	// characters, which the answers allow, would not fit.
	if len(name) > maxAttachmentNameBytes {
		cut := maxAttachmentNameBytes
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = strings.TrimSpace(name[:cut]) + "…"
	}
	return title + " – " + name + "." + format
}

// maxAttachmentNameBytes bounds the system's name in an attachment's name.
const maxAttachmentNameBytes = 120

// Slug makes a file-name-safe ASCII form of a name: "Blåbær Regnskap
// Pro" → "blabaer-regnskap-pro".
func Slug(s string) string {
	repl := strings.NewReplacer("æ", "ae", "Æ", "ae", "ø", "o", "Ø", "o", "å", "a", "Å", "a")
	s = norm.NFKD.String(repl.Replace(s))
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r):
			// combining accents left by NFKD: drop
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= 60 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "datasystem"
	}
	return out
}

// ErrNothingToDo is returned when a package is asked for without answers.
var ErrNothingToDo = errors.New("no answers to fill the documents with")
