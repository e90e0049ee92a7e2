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
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Output formats of the documents.
const (
	FormatDocx = "docx"
	FormatDoc  = "doc"
	FormatPDF  = "pdf"
)

// PackageKinds are the session.Files kinds WriteRegistrationPackage
// makes: the two documents and the draft e-mail.
var PackageKinds = []string{string(templates.Bestilling), string(templates.Egenerklaering), "eml"}

// RegistrationKinds are the session.Files kinds of step 1: its package,
// and the e-mail ready to send made from it (KindSignedEmail).
var RegistrationKinds = append(slices.Clone(PackageKinds), KindSignedEmail)

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
// per format), so a work folder whose process is gone, or that is a
// day old, is a leftover of a killed run.
var buildPolicy = leftover.Policy{MaxAge: 24 * time.Hour, UnmarkedAge: time.Hour}

// FormatError is a --format value that is none of Formats.
type FormatError struct{ Format string }

func (e *FormatError) Error() string { return e.Text("en") }

// Text is the message in lang ("nb" or "en").
func (e *FormatError) Text(lang string) string {
	return fmt.Sprintf(ui.T(lang, "ukjent format «%s»: bruk docx, doc eller pdf (kommaseparert)", "unknown format %q: use docx, doc or pdf (comma-separated)"), e.Format)
}

// ParseFormats reads a comma-separated --format value.
func ParseFormats(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if !slices.Contains(Formats, f) {
			return nil, &FormatError{Format: f}
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
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if len(opts.Formats) == 0 {
		opts.Formats = []string{FormatDocx}
	}
	outDir, err := filepath.Abs(outDir)
	if err != nil {
		return nil, err
	}
	b := &packageBuild{a: &checked, opts: opts, slug: Slug(checked.System.Name), madeFrom: answersDigest(checked)}
	docx, err := b.fill()
	if err != nil {
		return nil, err
	}
	if slices.Equal(opts.Formats, []string{FormatDocx}) {
		return b.writeDocxOnly(outDir, docx)
	}
	dir, err := makeBuildFolder(outDir)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	b.dir = dir
	attachments, err := b.documents(ctx, docx)
	if err != nil {
		return nil, err
	}
	if err := b.email(attachments); err != nil {
		return nil, err
	}
	return b.moveInto(outDir)
}

// writeDocxOnly writes a package of .docx documents: everything is made
// in memory, so no work folder is needed; the files are written straight
// into outDir, each whole or not at all, and only once all of them are
// written and synced do they take their names (atomicfile.WriteFiles).
// An outDir made here is removed again when the writing fails.
func (b *packageBuild) writeDocxOnly(outDir string, docx [][]byte) ([]session.GeneratedFile, error) {
	var files []atomicfile.File
	var attachments []mail.Attachment
	for i, doc := range templates.Docs() {
		name := string(doc) + "-" + b.slug + "." + FormatDocx
		files = append(files, atomicfile.File{Name: name, Data: docx[i]})
		b.files = append(b.files, builtFile{kind: string(doc), name: name})
		attachments = append(attachments, mail.Attachment{Name: AttachmentName(doc, b.a.System.Name, FormatDocx), Data: docx[i]})
	}
	msg, err := RegistrationEmail(b.a, attachments, b.opts.Now)
	if err != nil {
		return nil, err
	}
	name := "registrering-" + b.slug + ".eml"
	files = append(files, atomicfile.File{Name: name, Data: msg})
	b.files = append(b.files, builtFile{kind: "eml", name: name})

	created, err := b.makeOutDir(outDir)
	if err != nil {
		return nil, err
	}
	// Work folders a killed conversion left next to outDir go here too.
	leftover.Clean(filepath.Dir(outDir), buildPrefix, buildPolicy, nil)
	if err := atomicfile.WriteFiles(outDir, files); err != nil {
		if created {
			os.Remove(outDir) // only when still empty
		}
		return nil, err
	}
	return b.generated(outDir), nil
}

// makeOutDir makes outDir 0700 when missing (and says so); an existing
// one is left as it is, with a notice when others can read it.
func (b *packageBuild) makeOutDir(outDir string) (created bool, err error) {
	created, err = atomicfile.MakeDir(outDir)
	if err != nil {
		return false, err
	}
	if !created && b.opts.Notify != nil {
		if notice := atomicfile.LooseDir(outDir); notice != nil {
			b.opts.Notify(*notice)
		}
	}
	return created, nil
}

// generated lists the files made, as they are in outDir.
func (b *packageBuild) generated(outDir string) []session.GeneratedFile {
	var out []session.GeneratedFile
	for _, f := range b.files {
		out = append(out, session.GeneratedFile{Kind: f.kind, Path: filepath.Join(outDir, f.name), CreatedAt: b.opts.Now.UTC(), MadeFrom: b.madeFrom})
	}
	return out
}

// makeBuildFolder makes the work folder a package is built in, next to
// outDir, after removing those a killed run left there.
func makeBuildFolder(outDir string) (string, error) {
	parent := filepath.Dir(outDir)
	if _, err := atomicfile.MakeDir(parent); err != nil {
		return "", err
	}
	leftover.Clean(parent, buildPrefix, buildPolicy, nil)
	dir, err := os.MkdirTemp(parent, buildPrefix+"*")
	if err != nil {
		return "", fmt.Errorf("making a work folder next to %s: %w", outDir, err)
	}
	if err := leftover.Mark(dir); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("making a work folder next to %s: %w", outDir, err)
	}
	return dir, nil
}

// packageBuild is a package being made in its work folder.
type packageBuild struct {
	a     *session.Answers // checked
	opts  PackageOptions   // with Now and Formats set
	dir   string           // the work folder
	slug  string
	files []builtFile // made so far, in the order they are reported
	// madeFrom is the digest of the answers (see answersDigest), recorded
	// with each file.
	madeFrom string
}

type builtFile struct {
	kind, name string // kind: templates.Doc or "eml"
}

// fill fills both documents (the user's templates or the built-in ones)
// in memory, in the order of templates.Docs, each checked as
// templates.Verify checks it.
func (b *packageBuild) fill() ([][]byte, error) {
	var out [][]byte
	for _, doc := range templates.Docs() {
		tmpl, _, err := templates.Load(doc, b.opts.TemplatesDir)
		if err != nil {
			return nil, err
		}
		data, err := templates.Fill(doc, tmpl, b.a, b.opts.Now)
		if err != nil {
			return nil, err
		}
		if err := templates.Verify(data); err != nil {
			return nil, fmt.Errorf("not writing %s: %w", doc.FileName(), err)
		}
		out = append(out, data)
	}
	return out, nil
}

// documents writes the filled documents into the work folder, converts
// them to the other formats asked for, and returns them as the e-mail
// attaches them (in the first format).
func (b *packageBuild) documents(ctx context.Context, docx [][]byte) ([]mail.Attachment, error) {
	formats := b.opts.Formats
	docs := templates.Docs()
	bases := make([]string, len(docs))
	docxPaths := make([]string, len(docs))
	for i, doc := range docs {
		bases[i] = string(doc) + "-" + b.slug
		docxPaths[i] = filepath.Join(b.dir, bases[i]+".docx")
		if err := writeBuilt(docxPaths[i], docx[i]); err != nil {
			return nil, err
		}
	}
	// One LibreOffice run per format converts both documents: starting
	// LibreOffice is most of what a conversion costs.
	for _, f := range formats {
		if f != FormatDocx {
			if _, err := templates.ConvertAll(ctx, docxPaths, f, b.dir); err != nil {
				return nil, err
			}
		}
	}
	var attachments []mail.Attachment
	for i, doc := range docs {
		for _, f := range formats {
			b.files = append(b.files, builtFile{kind: string(doc), name: bases[i] + "." + f})
		}
		// The e-mail carries the documents in the first format asked for.
		att := docx[i]
		if formats[0] != FormatDocx {
			var err error
			if att, err = os.ReadFile(filepath.Join(b.dir, bases[i]+"."+formats[0])); err != nil {
				return nil, fmt.Errorf("reading back %s: %w", bases[i]+"."+formats[0], err)
			}
		}
		attachments = append(attachments, mail.Attachment{Name: AttachmentName(doc, b.a.System.Name, formats[0]), Data: att})
		if !slices.Contains(formats, FormatDocx) {
			os.Remove(docxPaths[i])
		}
	}
	return attachments, nil
}

// email writes the registration e-mail with the attachments.
func (b *packageBuild) email(attachments []mail.Attachment) error {
	msg, err := RegistrationEmail(b.a, attachments, b.opts.Now)
	if err != nil {
		return err
	}
	name := "registrering-" + b.slug + ".eml"
	if err := writeBuilt(filepath.Join(b.dir, name), msg); err != nil {
		return err
	}
	b.files = append(b.files, builtFile{kind: "eml", name: name})
	return nil
}

// moveInto moves every file made into outDir (made 0700 when missing)
// and makes the moves durable.
func (b *packageBuild) moveInto(outDir string) ([]session.GeneratedFile, error) {
	if _, err := b.makeOutDir(outDir); err != nil {
		return nil, err
	}
	for _, f := range b.files {
		if err := os.Chmod(filepath.Join(b.dir, f.name), atomicfile.FileMode); err != nil {
			return nil, err
		}
		if err := os.Rename(filepath.Join(b.dir, f.name), filepath.Join(outDir, f.name)); err != nil {
			return nil, fmt.Errorf("moving %s into %s: %w", f.name, outDir, err)
		}
	}
	if err := atomicfile.SyncDir(outDir); err != nil {
		return nil, err
	}
	return b.generated(outDir), nil
}

// writeBuilt writes a new file (0600) into the build folder and fsyncs
// it, so that it is whole once moved into the output folder. Unlike
// atomicfile.WriteFile it needs no temporary name and no fsync of the folder
// (four fewer waits for the disk in a run): the build folder is private
// and thrown away, and the moves out of it are made durable in the
// output folder (atomicfile.SyncDir).
func writeBuilt(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, atomicfile.FileMode)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
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
