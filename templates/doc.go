// Package templates fills the two Norwegian registration documents of
// onboarding step 1 — the order form ("Bestilling – nytt datasystem") and
// the self-declaration ("Egenerklæring – datasystem: signering og
// preutfylling") — from a session's answers.
//
// The project's own templates live as unzipped WordprocessingML under src/
// and are zipped in memory when used. They are modelled on the purpose of
// Altinn's official forms and never claim to be them. A user may supply
// their own .docx with {{placeholders}} instead (see Load and Check).
package templates

import (
	"archive/zip"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

// Doc names one of the two documents.
type Doc string

const (
	Bestilling     Doc = "bestilling"
	Egenerklaering Doc = "egenerklaering"
)

// Docs lists the documents in the order they are made and attached.
func Docs() []Doc { return []Doc{Bestilling, Egenerklaering} }

// Valid reports whether d is a known document.
func (d Doc) Valid() bool { return d == Bestilling || d == Egenerklaering }

// FileName is the document's file name, also the name of a user template
// in a templates folder: "bestilling.docx" or "egenerklaering.docx".
func (d Doc) FileName() string { return string(d) + ".docx" }

// Title is the document's Norwegian title.
func (d Doc) Title() string {
	switch d {
	case Bestilling:
		return "Bestilling – nytt datasystem (sluttbrukersystem)"
	case Egenerklaering:
		return "Egenerklæring – datasystem: signering og preutfylling"
	}
	return string(d)
}

//go:embed all:src
var srcFS embed.FS

// zipTime is the fixed modification time of zipped template parts, so the
// embedded templates zip to the same bytes every time.
var zipTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// builtIn is a built-in template, made once per process and only when a
// command asks for it: its parts as they are in src/, and the .docx that
// Embedded and Load hand out. The .docx stores its parts uncompressed:
// compressing them here only for Fill to uncompress them again was most
// of the work of a fill run. Fill compresses what it writes.
type builtIn struct {
	docx  []byte
	parts map[string][]byte
	order []string
}

var embeddedZips = map[Doc]func() (*builtIn, error){
	Bestilling:     sync.OnceValues(func() (*builtIn, error) { return zipSource(Bestilling) }),
	Egenerklaering: sync.OnceValues(func() (*builtIn, error) { return zipSource(Egenerklaering) }),
}

// builtIns lists the built-in templates made so far, for partsOf.
var builtIns struct {
	sync.Mutex
	list []*builtIn
}

// Embedded returns the built-in template of doc as .docx bytes (zipped
// from the embedded sources, parts stored uncompressed). The caller owns
// the returned slice.
func Embedded(doc Doc) ([]byte, error) {
	f, ok := embeddedZips[doc]
	if !ok {
		return nil, fmt.Errorf("templates: unknown document %q", doc)
	}
	b, err := f()
	if err != nil {
		return nil, err
	}
	return slices.Clone(b.docx), nil
}

// partsOf unzips a template as readPartsOrdered does. A built-in
// template (the same bytes as one made in this process) is not unzipped
// again, and its parts come back trusted: they are the sources in src/,
// which the package's tests parse and check, so Fill does not parse the
// parts it leaves unchanged. The caller must not change the parts.
func partsOf(data []byte) (parts map[string][]byte, order []string, trusted bool, err error) {
	builtIns.Lock()
	for _, b := range builtIns.list {
		if bytes.Equal(b.docx, data) {
			builtIns.Unlock()
			return b.parts, b.order, true, nil
		}
	}
	builtIns.Unlock()
	parts, order, err = readPartsOrdered(data)
	return parts, order, false, err
}

func zipSource(doc Doc) (*builtIn, error) {
	root := path.Join("src", string(doc))
	var names []string
	err := fs.WalkDir(srcFS, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("templates: reading embedded %s: %w", doc, err)
	}
	// [Content_Types].xml first, as Office writes it; the rest sorted.
	const ct = "[Content_Types].xml"
	slices.SortFunc(names, func(a, b string) int {
		ra, rb := path.Base(a) == ct, path.Base(b) == ct
		switch {
		case ra && !rb:
			return -1
		case rb && !ra:
			return 1
		}
		if a < b {
			return -1
		}
		if a > b {
			return 1
		}
		return 0
	})
	b := &builtIn{parts: make(map[string][]byte, len(names))}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range names {
		data, err := srcFS.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("templates: reading embedded %s: %w", p, err)
		}
		name := p[len(root)+1:]
		b.parts[name] = data
		b.order = append(b.order, name)
		h := &zip.FileHeader{Name: name, Method: zip.Store, Modified: zipTime}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	b.docx = buf.Bytes()
	builtIns.Lock()
	builtIns.list = append(builtIns.list, b)
	builtIns.Unlock()
	return b, nil
}

// EmbeddedSource is the source string Load returns for a built-in template.
func EmbeddedSource(doc Doc) string { return "innebygd mal (" + string(doc) + ")" }

// Load returns the template for doc and where it came from. When userDir is
// not empty and holds doc.FileName() (bestilling.docx /
// egenerklaering.docx), that file replaces the built-in template; source is
// then its path. A userDir that does not exist, or a user template that
// cannot be read or is not a usable .docx, is an error naming the file.
func Load(doc Doc, userDir string) ([]byte, string, error) {
	if !doc.Valid() {
		return nil, "", fmt.Errorf("templates: unknown document %q", doc)
	}
	if userDir != "" {
		st, err := os.Stat(userDir)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, "", &TemplateError{
					NB: fmt.Sprintf("malmappen %s finnes ikke: sjekk stien", userDir),
					EN: fmt.Sprintf("the templates folder %s does not exist: check the path", userDir), Err: err}
			}
			return nil, "", &TemplateError{
				NB: fmt.Sprintf("malmappen %s kan ikke leses: %v", userDir, err),
				EN: fmt.Sprintf("the templates folder %s cannot be read: %v", userDir, err), Err: err}
		}
		if !st.IsDir() {
			return nil, "", &TemplateError{
				NB: fmt.Sprintf("%s er ikke en mappe: oppgi mappen som har bestilling.docx og/eller egenerklaering.docx", userDir),
				EN: fmt.Sprintf("%s is not a folder: give the folder that holds bestilling.docx and/or egenerklaering.docx", userDir)}
		}
		p := filepath.Join(userDir, doc.FileName())
		// A FIFO or device there is refused at once, a huge file
		// after MaxTemplateFile bytes.
		data, err := safefile.Read(p, MaxTemplateFile)
		switch {
		case err == nil:
			if err := validateTemplate(data); err != nil {
				return nil, "", WithPath(err, p)
			}
			return data, p, nil
		case errors.Is(err, fs.ErrNotExist):
			// A .doc next to it is most likely the official form that
			// still needs saving as .docx with placeholders.
			if doc := filepath.Join(userDir, string(doc)+".doc"); fileExists(doc) {
				return nil, "", &TemplateError{
					NB: fmt.Sprintf("malen %s er en .doc-fil; åpne den i Word eller LibreOffice, legg inn {{plassholdere}} og lagre den som %s", doc, p),
					EN: fmt.Sprintf("template %s is a .doc file; open it in Word or LibreOffice, add {{placeholders}} and save it as %s", doc, p)}
			}
		default:
			return nil, "", err
		}
	}
	data, err := Embedded(doc)
	if err != nil {
		return nil, "", err
	}
	return data, EmbeddedSource(doc), nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// validateTemplate checks that data is a zip within the limits of
// readZip, with a word/document.xml, and that every XML part is
// well-formed without a DOCTYPE.
func validateTemplate(data []byte) error {
	parts, order, err := readPartsOrdered(data)
	if err != nil {
		return err
	}
	if _, ok := parts[mainPart]; !ok {
		return errNoMainPart
	}
	return checkXMLParts(parts, order)
}
