package templates

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	syncatomic "sync/atomic"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// PlaceholderError lists what is wrong with a template's placeholders:
// unknown names, malformed or unclosed placeholders, placeholders without a
// value, per-service placeholders outside a table row.
type PlaceholderError struct {
	Doc      Doc
	Problems []string // each names the placeholder and the part it is in
}

func (e *PlaceholderError) Error() string {
	return fmt.Sprintf("%s: %s", e.Doc, strings.Join(e.Problems, "; "))
}

// mainPart is the document body.
const mainPart = "word/document.xml"

// isTextPart says whether a part's text may hold placeholders: the body,
// the headers and footers, the footnotes and endnotes (the names match
// ^word/(document|header[0-9]*|footer[0-9]*|footnotes|endnotes)\.xml$;
// a function, not a regexp, so no run pays for compiling it).
func isTextPart(name string) bool {
	base, ok := strings.CutPrefix(name, "word/")
	if !ok {
		return false
	}
	if base, ok = strings.CutSuffix(base, ".xml"); !ok {
		return false
	}
	switch base {
	case "document", "footnotes", "endnotes":
		return true
	}
	for _, kind := range []string{"header", "footer"} {
		if n, ok := strings.CutPrefix(base, kind); ok {
			return strings.Trim(n, "0123456789") == ""
		}
	}
	return false
}

// Fill fills the template tmpl of doc with the answers. today is the date
// used when the signer's date is empty. The result has been checked (zip,
// every XML part well-formed, no placeholder left) before it is returned.
func Fill(doc Doc, tmpl []byte, a *session.Answers, today time.Time) ([]byte, error) {
	d, err := Values(a, today)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc, err)
	}
	return FillData(doc, tmpl, d)
}

// FillData fills the template with already mapped values (see Values).
func FillData(doc Doc, tmpl []byte, d *Data) ([]byte, error) {
	if d == nil {
		return nil, fmt.Errorf("%s: no values", doc)
	}
	// Every part is unzipped once, within the limits of readZip (a zip
	// bomb is refused here, before anything else reads it).
	parts, order, trusted, err := partsOf(tmpl)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc, err)
	}
	if _, ok := parts[mainPart]; !ok {
		return nil, fmt.Errorf("%s: %w", doc, errNoMainPart)
	}

	var problems []string
	note := func(part string, ps []string) {
		for _, p := range ps {
			problems = append(problems, p+" in "+part)
		}
	}
	// The body, headers, footers and notes are filled here and swapped in
	// when the zip is rewritten.
	filled := map[string][]byte{}
	for _, name := range order {
		if !isTextPart(name) || (name != mainPart && !bytes.Contains(parts[name], []byte("{{"))) {
			continue
		}
		out, ps, err := fillSections(name, string(parts[name]), d)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", doc, name, err)
		}
		note(name, ps)
		filled[name] = []byte(out)
	}
	if len(problems) > 0 {
		return nil, &PlaceholderError{Doc: doc, Problems: problems}
	}

	// The parts are checked as Verify checks a document, before they are
	// zipped rather than unzipped again after: the parts a built-in
	// template's fill left as they are need no parse.
	if err := checkDocument(parts, order, filled, trusted); err != nil {
		return nil, fmt.Errorf("%s: the filled document failed its check: %w", doc, err)
	}
	out, err := writeFilled(tmpl, parts, filled)
	if err != nil {
		return nil, fmt.Errorf("%s: writing the document: %w", doc, err)
	}
	// WriteDocx checks the document again; it need not parse it again.
	verified.add(out)
	return out, nil
}

// writeFilled zips a filled document: the template's zip with the filled
// parts swapped in. Parts stored compressed are copied as they are;
// filled parts and XML parts the template stored uncompressed (the
// built-in templates) are compressed, the latter once a run (see packed).
func writeFilled(tmpl []byte, parts map[string][]byte, filled map[string][]byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(tmpl), int64(len(tmpl)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(tmpl)/3 + 1024)
	zw := zip.NewWriter(&buf)
	fw := deflaters.get()
	defer deflaters.put(fw)
	zw.RegisterCompressor(zip.Deflate, fw.compressor)
	toKeep := map[string]packedKey{}
	for _, f := range zr.File {
		content, ok := filled[f.Name]
		unchanged := false
		if !ok && f.Method == zip.Store && !strings.HasSuffix(f.Name, "/") && isXMLPart(f.Name, parts[f.Name]) {
			content, ok, unchanged = parts[f.Name], true, true
		}
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		var key packedKey
		if unchanged {
			key = packedKeyOf(f.Name, f.Modified, content)
			if p := packed.get(key); p != nil {
				if err := p.copyTo(zw); err != nil {
					return nil, err
				}
				continue
			}
		}
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if unchanged {
			toKeep[f.Name] = key
		}
		partsCompressed.Add(1)
		if _, err := w.Write(content); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	packed.keep(buf.Bytes(), toKeep)
	return buf.Bytes(), nil
}

func readParts(data []byte) (map[string][]byte, error) {
	m, _, err := readPartsOrdered(data)
	return m, err
}

var errNoMainPart = bad("word/document.xml mangler i filen: den er ikke et Word-dokument (.docx)",
	"there is no word/document.xml in the file: it is not a Word document (.docx)")

// rewriteZip copies a zip, replacing the content of the named parts.
func rewriteZip(data []byte, replace map[string]string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(data) + 1024)
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		content, ok := replace[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, content); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// deflateLevel is archive/zip's own (register.go), so a document is the
// same bytes whichever compressor made it.
const deflateLevel = 5

// deflater is one flate compressor for the parts of a document, one
// after the other. A compressor is most of a megabyte of tables: archive/zip
// takes one from a sync.Pool, which a program that fills two documents
// on two threads often misses, making a second.
type deflater struct{ w *flate.Writer }

func (d *deflater) compressor(out io.Writer) (io.WriteCloser, error) {
	if d.w == nil {
		w, err := flate.NewWriter(out, deflateLevel)
		if err != nil {
			return nil, err
		}
		d.w = w
		return w, nil
	}
	d.w.Reset(out)
	return d.w, nil
}

// deflaters keeps the compressor of the last document for the next.
var deflaters spareDeflater

type spareDeflater struct {
	sync.Mutex
	spare *deflater
}

func (s *spareDeflater) get() *deflater {
	s.Lock()
	defer s.Unlock()
	if d := s.spare; d != nil {
		s.spare = nil
		return d
	}
	return &deflater{}
}

func (s *spareDeflater) put(d *deflater) {
	s.Lock()
	defer s.Unlock()
	s.spare = d
}

// wellFormedSeen remembers the hashes of parts that parsed, so parts a
// fill never changes (styles, settings, relationships) are parsed
// once per template rather than once per document. Bounded: cleared
// when full.
var wellFormedSeen = hashSet{m: map[[sha256.Size]byte]bool{}}

const wellFormedCacheSize = 256

// wellFormed parses one part with encoding/xml and refuses a DOCTYPE. In
// WordprocessingML text parts it also refuses elements inside <w:t> (such
// as a <w:br/> put there by a careless replace).
func wellFormed(name string, data []byte) error {
	if isTextPart(name) {
		// The parts a fill changes are always parsed.
		return parseWellFormed(name, data)
	}
	sum := sha256.Sum256(data)
	if wellFormedSeen.hasSum(sum) {
		return nil
	}
	if err := parseWellFormed(name, data); err != nil {
		return err
	}
	wellFormedSeen.addSum(sum)
	return nil
}

// partsParsed counts the parts parseWellFormed has parsed, for the tests
// that a fill does not parse what it need not.
var partsParsed syncatomic.Int64

func parseWellFormed(name string, data []byte) error {
	partsParsed.Add(1)
	// RawToken skips namespace translation, which is most of the cost of
	// Token; matching start and end tags is checked here instead.
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []xml.Name
	inT := 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			if len(stack) > 0 {
				return notXML(name, fmt.Sprintf("<%s> lukkes aldri", qname(stack[len(stack)-1])), fmt.Sprintf("<%s> is never closed", qname(stack[len(stack)-1])), nil)
			}
			return nil
		}
		if err != nil {
			return notXML(name, err.Error(), err.Error(), err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			// A DOCTYPE (and the ENTITY declarations inside one) has no
			// place in a .docx: Word never writes one, LibreOffice
			// refuses the document, and entities can blow up a reader.
			return &TemplateError{
				NB: fmt.Sprintf("%s har en DOCTYPE- eller ENTITY-deklarasjon (linje %d); Word skriver aldri slike, og LibreOffice kan ikke åpne dokumentet: lagre malen på nytt fra Word eller LibreOffice", name, line(dec, data)),
				EN: fmt.Sprintf("%s has a DOCTYPE or ENTITY declaration (line %d); Word never writes one, and LibreOffice cannot open the document: save the template again from Word or LibreOffice", name, line(dec, data)),
			}
		case xml.StartElement:
			if inT > 0 {
				return &TemplateError{
					NB: fmt.Sprintf("%s: elementet <%s> står inne i <w:t> (linje %d)", name, t.Name.Local, line(dec, data)),
					EN: fmt.Sprintf("%s: element <%s> inside <w:t> (line %d)", name, t.Name.Local, line(dec, data)),
				}
			}
			if t.Name.Space == "w" && t.Name.Local == "t" {
				inT++
			}
			stack = append(stack, t.Name)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name {
				return notXML(name, fmt.Sprintf("uventet </%s> (linje %d)", qname(t.Name), line(dec, data)), fmt.Sprintf("unexpected </%s> (line %d)", qname(t.Name), line(dec, data)), nil)
			}
			stack = stack[:len(stack)-1]
			if t.Name.Space == "w" && t.Name.Local == "t" {
				inT--
			}
		}
	}
}

func notXML(name, nb, en string, err error) error {
	return &TemplateError{
		NB:  fmt.Sprintf("%s er ikke gyldig XML: %s", name, nb),
		EN:  fmt.Sprintf("%s is not well-formed XML: %s", name, en),
		Err: err,
	}
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func line(dec *xml.Decoder, data []byte) int {
	off := dec.InputOffset()
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// isXMLPart says whether a part holds XML: by its name, as Office names
// them, or by its start, so an XML part under another name is checked too.
func isXMLPart(name string, data []byte) bool {
	if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
		return true
	}
	head := bytes.TrimLeft(data[:min(len(data), 512)], "\ufeff \t\r\n")
	return bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<!"))
}

// checkXMLParts checks that every XML part is well-formed and has no
// DOCTYPE.
func checkXMLParts(parts map[string][]byte, order []string) error {
	for _, name := range order {
		if !isXMLPart(name, parts[name]) {
			continue
		}
		if err := wellFormed(name, parts[name]); err != nil {
			return err
		}
	}
	return nil
}

// Verify checks a filled document: it is a zip, has word/document.xml and
// [Content_Types].xml, every .xml and .rels part is well-formed XML, no
// element sits inside a <w:t>, and no "{{" is left in the text.
func Verify(data []byte) error {
	if verified.has(data) {
		return nil
	}
	parts, order, err := readPartsOrdered(data)
	if err != nil {
		return err
	}
	if err := checkDocument(parts, order, nil, false); err != nil {
		return err
	}
	verified.add(data)
	return nil
}

// checkDocument is Verify's check of a document's parts, with filled
// (when not nil) replacing parts. trusted says the other parts are a
// built-in template's, which its tests parse: they are not parsed again.
func checkDocument(parts map[string][]byte, order []string, filled map[string][]byte, trusted bool) error {
	for _, need := range []string{"[Content_Types].xml", mainPart} {
		if _, ok := parts[need]; !ok {
			return fmt.Errorf("no %s in it", need)
		}
	}
	part := func(name string) (data []byte, unchanged bool) {
		if b, ok := filled[name]; ok {
			return b, false
		}
		return parts[name], true
	}
	for _, name := range order {
		data, unchanged := part(name)
		if (trusted && unchanged) || !isXMLPart(name, data) {
			continue
		}
		if err := wellFormed(name, data); err != nil {
			return err
		}
	}
	var left []string
	for _, name := range order {
		data, _ := part(name)
		if isTextPart(name) && bytes.Contains(data, []byte("{{")) {
			_, found, err := joinSplit(string(data))
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			for _, p := range found {
				left = append(left, p.String()+" in "+name)
			}
		}
	}
	if len(left) > 0 {
		return fmt.Errorf("placeholders left unfilled: %s", strings.Join(dedupe(left), ", "))
	}
	return nil
}

// verified remembers the hashes of documents that passed Verify (or were
// made and checked by FillData), so that WriteDocx does not unzip and
// parse again what Fill has just checked. Bounded: cleared when full.
var verified = hashSet{m: map[[sha256.Size]byte]bool{}}

type hashSet struct {
	sync.Mutex
	m map[[sha256.Size]byte]bool
}

func (s *hashSet) has(data []byte) bool { return s.hasSum(sha256.Sum256(data)) }
func (s *hashSet) add(data []byte)      { s.addSum(sha256.Sum256(data)) }

func (s *hashSet) hasSum(sum [sha256.Size]byte) bool {
	s.Lock()
	defer s.Unlock()
	return s.m[sum]
}

func (s *hashSet) addSum(sum [sha256.Size]byte) {
	s.Lock()
	defer s.Unlock()
	if len(s.m) >= wellFormedCacheSize {
		clear(s.m)
	}
	s.m[sum] = true
}

// WriteDocx checks a filled document (see Verify) and writes it to path
// atomically with mode 0600. A missing parent folder is created (0700);
// an existing one is left as it is.
func WriteDocx(path string, data []byte) error {
	if err := Verify(data); err != nil {
		return fmt.Errorf("not writing %s: %w", path, err)
	}
	if err := ensureDir(filepath.Dir(path)); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data)
}

// CheckReport is what Check found in a template.
type CheckReport struct {
	// Found lists the well-formed placeholder names, sorted, each once.
	Found []string
	// Unknown lists well-formed names that are not fields.
	Unknown []string
	// Split lists placeholders split across runs; Fill joins them.
	Split []string
	// Malformed describes placeholders that are not {{snake_case}} or not
	// closed, and per-service placeholders outside a table row.
	Malformed []string
	// malformed are the same, to be said in either language (MalformedIn).
	malformed []malformedPlaceholder
	// Parts lists the parts that were searched.
	Parts []string
}

// OK reports whether the template can be filled: no unknown or malformed
// placeholders.
func (r CheckReport) OK() bool { return len(r.Unknown) == 0 && len(r.Malformed) == 0 }

// Missing lists the fields the built-in template of doc carries that this
// template does not.
func (r CheckReport) Missing(doc Doc) []string {
	have := map[string]bool{}
	for _, f := range r.Found {
		have[f] = true
	}
	var out []string
	for _, f := range required[doc] {
		if !have[f] {
			out = append(out, f)
		}
	}
	return out
}

// Check lists the placeholders of a template (.docx bytes). The error is
// for files that are not a .docx with well-formed XML.
func Check(data []byte) (CheckReport, error) {
	var r CheckReport
	parts, order, err := readPartsOrdered(data)
	if err != nil {
		return r, err
	}
	if _, ok := parts[mainPart]; !ok {
		return r, errNoMainPart
	}
	if err := checkXMLParts(parts, order); err != nil {
		return r, err
	}
	found, unknown, split := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, name := range order {
		if !isTextPart(name) {
			continue
		}
		r.Parts = append(r.Parts, name)
		if !bytes.Contains(parts[name], []byte("{{")) {
			continue
		}
		_, ps, err := joinSplit(string(parts[name]))
		if err != nil {
			return r, fmt.Errorf("%s: %w", name, err)
		}
		for _, p := range ps {
			if p.bad != "" {
				r.addMalformed(p.String(), name, p.bad)
				continue
			}
			found[p.name] = true
			if _, ok := fieldByName[p.name]; !ok {
				unknown[p.name] = true
			}
			if p.split {
				split[p.name] = true
			}
			if isRowField(p.name) && !p.row {
				r.addMalformed(p.String(), name, badOutsideRow)
			}
		}
	}
	r.Found, r.Unknown, r.Split = keys(found), keys(unknown), keys(split)
	r.Malformed = dedupe(r.Malformed)
	r.malformed = dedupeMalformed(r.malformed)
	return r, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
