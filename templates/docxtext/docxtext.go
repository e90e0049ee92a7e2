// Package docxtext reads the text of a .docx the way any program could,
// with archive/zip and encoding/xml only and nothing of our filler, so
// tests can check what a filled document really says.
package docxtext

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Text is the text of word/document.xml in document order: the text of
// w:t elements, a line break for w:br and at the end of each paragraph,
// a tab for w:tab.
func Text(docx []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		return "", fmt.Errorf("not a zip: %w", err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", err
		}
		defer rc.Close()
		dec := xml.NewDecoder(rc)
		var b strings.Builder
		inT := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				return b.String(), nil
			}
			if err != nil {
				return "", fmt.Errorf("word/document.xml: %w", err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				inT = el.Name.Local == "t"
				switch el.Name.Local {
				case "br":
					b.WriteString("\n")
				case "tab":
					b.WriteString("\t")
				}
			case xml.EndElement:
				inT = false
				if el.Name.Local == "p" {
					b.WriteString("\n")
				}
			case xml.CharData:
				if inT {
					b.Write(el)
				}
			}
		}
	}
	return "", errors.New("no word/document.xml")
}

// File is Text of the file at path.
func File(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	s, err := Text(data)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
