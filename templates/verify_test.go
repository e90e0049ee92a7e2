package templates

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipParts(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range parts {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	zw.Close()
	return buf.Bytes()
}

func TestVerifyCatchesBrokenResults(t *testing.T) {
	const doc = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>`
	ok := map[string]string{"[Content_Types].xml": `<Types/>`, "word/document.xml": strings.Replace(doc, "%s", "fint", 1)}
	if err := Verify(zipParts(t, ok)); err != nil {
		t.Fatalf("good document refused: %v", err)
	}
	for name, body := range map[string]string{
		"mismatched tags":    `<w:document><w:body><w:p></w:body></w:p></w:document>`,
		"unclosed":           `<w:document><w:body>`,
		"element inside w:t": strings.Replace(doc, "%s", "a<w:br/>b", 1),
		"placeholder left":   strings.Replace(doc, "%s", "{{vendor_name}}", 1),
		"not xml at all":     "\x00garbage",
		"bad entity":         strings.Replace(doc, "%s", "A & B", 1),
	} {
		parts := map[string]string{"[Content_Types].xml": `<Types/>`, "word/document.xml": body}
		if err := Verify(zipParts(t, parts)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := Verify([]byte("not a zip")); err == nil {
		t.Error("not a zip: accepted")
	}
}
