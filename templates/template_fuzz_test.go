package templates

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/templates/docxtext"
)

// Templates come from users (--templates, `templates check`), so from
// anyone who sends them one. Two fuzz targets: FuzzCheck takes whole
// files (zip structure, parts, sizes); FuzzTemplateXML takes the text of
// word/document.xml inside an otherwise real template, where the
// placeholder parser and the filler do their work (mutating a zip
// mostly breaks its checksums before the XML is ever read).

var fuzzDay = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// checkReport checks what Check says about itself: unknown and split
// names were found, everything is listed once and sorted.
func checkReport(t *testing.T, r CheckReport) {
	t.Helper()
	for name, list := range map[string][]string{"found": r.Found, "unknown": r.Unknown, "split": r.Split} {
		if !slices.IsSorted(list) || len(slices.Compact(slices.Clone(list))) != len(list) {
			t.Fatalf("%s is not sorted and unique: %q", name, list)
		}
	}
	for _, n := range append(slices.Clone(r.Unknown), r.Split...) {
		if !slices.Contains(r.Found, n) {
			t.Fatalf("%q is reported but not found: %+v", n, r)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, d := range Docs() {
		f.Add(embedded(f, d))
	}
	tiny, err := rewriteZip(embedded(f, Bestilling), map[string]string{mainPart: `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{{vendor_name}}</w:t></w:r></w:p></w:body></w:document>`})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tiny)
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Check(data)
		if err != nil {
			return
		}
		checkReport(t, r)
	})
}

func FuzzTemplateXML(f *testing.F) {
	base := embedded(f, Bestilling)
	parts, err := readParts(base)
	if err != nil {
		f.Fatal(err)
	}
	doc := string(parts[mainPart])
	f.Add(doc)
	if decl, err := readParts(embedded(f, Egenerklaering)); err == nil {
		f.Add(string(decl[mainPart]))
	}
	const open = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`
	const close = `</w:body></w:document>`
	for _, body := range []string{
		`<w:p><w:r><w:t>{{vendor_name}}</w:t></w:r></w:p>`,
		`<w:p><w:r><w:t>{{vendor_</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>name}}</w:t></w:r></w:p>`,
		`<w:p><w:r><w:t>{{ vendor name }} {{vendor_name {{}} }}{{</w:t></w:r></w:p>`,
		`<w:p><w:r><w:t>{{service_code}}</w:t></w:r></w:p>`,
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{service_code}}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>{{service_name}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{service_code}}{{service_code}}</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>{{service_name}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
		`<w:p><w:r><w:t xml:space="preserve">{{vendor_address}}</w:t></w:r><w:r><w:br/><w:t>{{security_measures}}</w:t></w:r></w:p>`,
		`<w:p><w:r><w:t>&lt;{{vendor_name}}&gt; &amp; {{`, // cut off
	} {
		f.Add(open + body + close)
	}
	f.Add(`<!DOCTYPE d [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>` + open + `<w:p><w:r><w:t>&b;</w:t></w:r></w:p>` + close)
	f.Fuzz(func(t *testing.T, xml string) {
		tmpl, err := rewriteZip(base, map[string]string{mainPart: xml})
		if err != nil {
			t.Fatalf("the harness could not build the template: %v", err)
		}
		if r, err := Check(tmpl); err == nil {
			checkReport(t, r)
		}
		out, err := Fill(Bestilling, tmpl, fullAnswers(), fuzzDay)
		if err != nil {
			return
		}
		// What Fill hands out has been verified; read it independently too.
		if err := Verify(out); err != nil {
			t.Fatalf("a filled document fails Verify: %v", err)
		}
		text, err := docxtext.Text(out)
		if err != nil {
			t.Fatalf("a filled document cannot be read: %v", err)
		}
		if strings.Contains(text, "{{") {
			t.Fatalf("a filled document still has a placeholder: %q", text)
		}
	})
}
