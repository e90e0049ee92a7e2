package docxtext

import (
	"archive/zip"
	"bytes"
	"testing"
)

func TestText(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Blåbær &amp; Søn</w:t><w:br/><w:t>linje 2</w:t><w:tab/><w:t>etter tab</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve"> neste </w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	got, err := Text(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if want := "Blåbær & Søn\nlinje 2\tetter tab\n neste \n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if _, err := Text([]byte("not a zip")); err == nil {
		t.Fatal("garbage accepted")
	}
}
