package templates

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// fullAnswers is a complete set of answers with æøå, XML specials, a
// multi-line security_measures and three services.
func fullAnswers() *session.Answers {
	return &session.Answers{
		Vendor: session.Vendor{
			OrgNumber:  "123456785",
			Name:       `Ærlig & Øvrebø <Data> "AS" 'Å'`,
			Address:    "Storgata 1\nc/o Blåbærveien 2",
			PostalCode: "9008",
			City:       "Tromsø",
		},
		Contact:          session.Person{Name: "Åse Ødegård", Email: "ase@example.no", Phone: "+47 91234567"},
		TechnicalContact: &session.Person{Name: "Tore Tekniker-Ærø", Email: "tore@example.no", Phone: "22334455"},
		System: session.System{
			Name:         "Blåbær Lønn & Regnskap",
			Version:      "2.1 <beta>",
			Description:  "Lønn og regnskap for små bedrifter.\nSender A-melding & MVA.",
			Category:     "payroll",
			Interfaces:   []string{session.InterfaceSOAP},
			AuthMethods:  []string{session.AuthSystemIDPassword, session.AuthEnterpriseCertificate},
			Environments: []string{session.EnvTT02},
			Services: []session.Service{
				{Code: "4936", Edition: "1", Name: "A-melding <månedlig>"},
				{Code: "3106", Edition: "14", Name: `Skattemelding "næring" & særavgift`},
				{Code: "2765", Edition: "2", Name: "Årsregnskap for små foretak"},
			},
		},
		Declaration: session.Declaration{
			SignsForUsers:         session.Bool(true),
			UsesPrefill:           session.Bool(false),
			StoresUserCredentials: session.Bool(false),
			SecurityMeasures:      "Rollebasert tilgang <RBAC> & tofaktor.\r\nAll pålogging logges i 12 måneder.\n\"Revisjon\" hvert år – 'årlig' i Ålesund.",
		},
		Signer: session.Signer{Name: "Kari Nordmann", Role: "Daglig leder", Place: "Bodø", Date: "2026-03-05"},
	}
}

// readBack is an independent reader of a filled document: encoding/xml
// over word/document.xml, walking w:t and w:br in document order.
type readBack struct {
	text  string     // whole text; "\n" for w:br and paragraph ends, "\t" after cells
	paras []string   // each paragraph's text ("\n" for w:br)
	rows  [][]string // each table row's cell texts
}

const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

func readDoc(t testing.TB, docx []byte, part string) readBack {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("filled document is not a zip: %v", err)
	}
	var data []byte
	for _, f := range zr.File {
		if f.Name == part {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	if data == nil {
		t.Fatalf("no %s", part)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var rb readBack
	var all, para, cell strings.Builder
	var row []string
	inT, inCell := false, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s does not parse: %v", part, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if e.Name.Space != wordNS {
				continue
			}
			if inT {
				t.Fatalf("element <%s> inside <w:t>", e.Name.Local)
			}
			switch e.Name.Local {
			case "t":
				inT = true
			case "br":
				para.WriteString("\n")
			case "tab":
				para.WriteString("\t")
			case "tc":
				inCell++
				cell.Reset()
			case "tr":
				row = nil
			}
		case xml.EndElement:
			if e.Name.Space != wordNS {
				continue
			}
			switch e.Name.Local {
			case "t":
				inT = false
			case "p":
				rb.paras = append(rb.paras, para.String())
				all.WriteString(para.String() + "\n")
				if inCell > 0 {
					if cell.Len() > 0 {
						cell.WriteString("\n")
					}
					cell.WriteString(para.String())
				}
				para.Reset()
			case "tc":
				inCell--
				row = append(row, cell.String())
				all.WriteString("\t")
			case "tr":
				rb.rows = append(rb.rows, row)
			}
		case xml.CharData:
			if inT {
				para.Write(e)
			}
		}
	}
	rb.text = all.String()
	return rb
}

// inOrder asserts each want appears in text after the previous one.
func inOrder(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	at := 0
	for _, w := range wants {
		i := strings.Index(text[at:], w)
		if i < 0 {
			if strings.Contains(text, w) {
				t.Errorf("%s: %q is present but out of order", what, w)
			} else {
				t.Errorf("%s: %q is missing", what, w)
			}
			continue
		}
		at += i + len(w)
	}
}

// squash collapses runs of spaces, for comparing checkbox lines.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func hasPara(rb readBack, want string) bool {
	for _, p := range rb.paras {
		if squash(p) == want {
			return true
		}
	}
	return false
}

// rowsStarting returns the rows whose first cell is one of codes.
func rowWith(rb readBack, label string) []string {
	for _, r := range rb.rows {
		if len(r) > 0 && strings.Contains(r[0], label) {
			return r
		}
	}
	return nil
}

// editPart returns the template with one part changed by edit.
func editPart(t testing.TB, docx []byte, part string, edit func(string) string) []byte {
	t.Helper()
	parts, err := readParts(docx)
	if err != nil {
		t.Fatal(err)
	}
	old, ok := parts[part]
	if !ok {
		t.Fatalf("no %s", part)
	}
	changed := edit(string(old))
	if changed == string(old) {
		t.Fatalf("edit of %s changed nothing", part)
	}
	out, err := rewriteZip(docx, map[string]string{part: changed})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func embedded(t testing.TB, d Doc) []byte {
	t.Helper()
	b, err := Embedded(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
