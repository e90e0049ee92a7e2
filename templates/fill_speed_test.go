package templates

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// forgetChecks empties the caches of checked parts and documents, as in a
// new process.
func forgetChecks(t *testing.T) {
	t.Helper()
	clear(wellFormedSeen.m)
	clear(verified.m)
	t.Cleanup(func() {
		clear(wellFormedSeen.m)
		clear(verified.m)
	})
}

// A fill of a built-in template parses the parts it filled and nothing
// else (its other parts are the sources the tests in src_test.go parse),
// and writing the document does not parse it again: together most of the
// work of a fill run once.
func TestFillOfBuiltInParsesOnlyWhatItFilled(t *testing.T) {
	forgetChecks(t)
	a := fullAnswers()
	for _, d := range Docs() {
		tmpl, _, err := Load(d, "")
		if err != nil {
			t.Fatal(err)
		}
		filled := 0
		parts, order, err := readPartsOrdered(tmpl)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range order {
			if isTextPart(name) && (name == mainPart || bytes.Contains(parts[name], []byte("{{"))) {
				filled++
			}
		}
		before := partsParsed.Load()
		out, err := Fill(d, tmpl, a, today)
		if err != nil {
			t.Fatal(err)
		}
		if n := partsParsed.Load() - before; n != int64(filled) {
			t.Errorf("%s: Fill parsed %d parts, want the %d it filled", d, n, filled)
		}
		before = partsParsed.Load()
		if err := WriteDocx(filepath.Join(t.TempDir(), "x.docx"), out); err != nil {
			t.Fatal(err)
		}
		if n := partsParsed.Load() - before; n != 0 {
			t.Errorf("%s: WriteDocx parsed %d parts of what Fill had just checked", d, n)
		}
		// What was not parsed again is still a document that passes the
		// whole check.
		forgetChecks(t)
		if err := Verify(out); err != nil {
			t.Errorf("%s: %v", d, err)
		}
	}
}

// A template that is not built in is checked whole before it is zipped:
// a part the fill did not touch is parsed too.
func TestFillChecksEveryPartOfAUserTemplate(t *testing.T) {
	forgetChecks(t)
	tmpl := editPart(t, embedded(t, Bestilling), "word/styles.xml", func(s string) string {
		return strings.Replace(s, "</w:styles>", "", 1)
	})
	_, err := Fill(Bestilling, tmpl, fullAnswers(), today)
	if err == nil || !strings.Contains(err.Error(), "failed its check") || !strings.Contains(err.Error(), "word/styles.xml") {
		t.Fatalf("err = %v, want the broken styles.xml named", err)
	}
}

// A document changed after Fill checked it is checked again by WriteDocx:
// the memory of checked documents is by content.
func TestWriteDocxChecksADocumentChangedAfterFill(t *testing.T) {
	out := fill(t, Bestilling, embedded(t, Bestilling), fullAnswers())
	broken := editPart(t, out, mainPart, func(s string) string {
		return strings.Replace(s, "<w:body>", "<w:body><w:p><w:r><w:t>{{vendor_name}}</w:t></w:r></w:p>", 1)
	})
	if err := WriteDocx(filepath.Join(t.TempDir(), "x.docx"), broken); err == nil || !strings.Contains(err.Error(), "{{vendor_name}}") {
		t.Fatalf("err = %v, want the placeholder left named", err)
	}
}

// The built-in templates are zipped without compression (cheap to make and
// to read); the filled document compresses every XML part, as Word does,
// and leaves a part the template stored on purpose (an image) stored.
func TestFilledDocumentIsCompressed(t *testing.T) {
	tmpl := embedded(t, Bestilling)
	for _, f := range zipFiles(t, tmpl) {
		if f.Method != zip.Store {
			t.Errorf("built-in %s: method %d, want stored", f.Name, f.Method)
		}
	}
	for _, f := range zipFiles(t, fill(t, Bestilling, tmpl, fullAnswers())) {
		if f.Method != zip.Deflate {
			t.Errorf("filled %s: method %d, want deflate", f.Name, f.Method)
		}
	}

	// A user template with an XML part and an image stored.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zipFiles(t, tmpl) {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	png := []byte("\x89PNG\r\n\x1a\n not really")
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "word/media/image1.png", Method: zip.Store})
	w.Write(png)
	zw.Close()
	out := fill(t, Bestilling, buf.Bytes(), fullAnswers())
	for _, f := range zipFiles(t, out) {
		want := zip.Deflate
		if f.Name == "word/media/image1.png" {
			want = zip.Store
			rc, _ := f.Open()
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Equal(got, png) {
				t.Errorf("image changed: %q", got)
			}
		}
		if f.Method != want {
			t.Errorf("filled user template %s: method %d, want %d", f.Name, f.Method, want)
		}
	}
}

func zipFiles(t *testing.T, data []byte) []*zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return zr.File
}

// isTextPart and validName are the regexps they replace, without the
// cost of compiling them in every run.
func FuzzNameChecks(f *testing.F) {
	textParts := regexp.MustCompile(`^word/(document|header[0-9]*|footer[0-9]*|footnotes|endnotes)\.xml$`)
	names := regexp.MustCompile(`^[a-z0-9_]+$`)
	for _, s := range []string{"word/document.xml", "word/header.xml", "word/header12.xml", "word/footer1.xml",
		"word/footnotes.xml", "word/endnotes.xml", "word/header1a.xml", "word/styles.xml", "word/document.xml.rels",
		"xword/document.xml", "word/sub/document.xml", "word/footer-1.xml", "WORD/document.xml", "word/document.XML",
		"", "vendor_name", "Vendor", "a b", "æ", "x_1_", "word/header\n.xml"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isTextPart(s), textParts.MatchString(s); got != want {
			t.Errorf("isTextPart(%q) = %v, the regexp says %v", s, got, want)
		}
		if got, want := validName(s), names.MatchString(s); got != want {
			t.Errorf("validName(%q) = %v, the regexp says %v", s, got, want)
		}
	})
}

// The compressor Fill keeps between documents writes what archive/zip's
// own would: the documents are the same bytes as ever.
func TestFilledDocumentIsWhatArchiveZipWrites(t *testing.T) {
	for _, d := range Docs() {
		out := fill(t, d, embedded(t, d), fullAnswers())
		parts, err := readParts(out)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zipFiles(t, out) {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(parts[f.Name])
		}
		zw.Close()
		if !bytes.Equal(buf.Bytes(), out) {
			t.Errorf("%s: %d bytes, archive/zip writes %d different ones", d, len(out), buf.Len())
		}
	}
}
