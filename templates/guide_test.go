package templates

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
)

const menuPath = "Profil > Avanserte innstillinger > Datasystem"

func guide(t *testing.T, a *session.Answers, lang string) (string, []byte) {
	t.Helper()
	md, docx, err := Guide(a, lang, today)
	if err != nil {
		t.Fatalf("Guide(%s): %v", lang, err)
	}
	if err := Verify(docx); err != nil {
		t.Fatalf("Guide(%s) .docx fails Verify: %v", lang, err)
	}
	return string(md), docx
}

func TestGuideNorwegian(t *testing.T) {
	a := fullAnswers()
	md, docx := guide(t, a, "")
	rb := readDoc(t, docx, "word/document.xml")
	inOrder(t, "brukerveiledning", rb.text,
		"Slik tar du i bruk «Blåbær Lønn & Regnskap» med Altinn",
		"Brukerveiledning fra "+a.Vendor.Name+" · 09.04.2026",
		"Altinn II ble stengt 19. juni 2026", "Bekreft gjeldende fremgangsmåte på altinn.no eller hos "+a.Vendor.Name,
		"1.\tLogg inn på altinn.no",
		"2.\tGå til "+menuPath+".",
		"3.\tVelg «Blåbær Lønn & Regnskap» fra listen over datasystemer.",
		"4.\tSett et passord", "minst 7 tegn, med både bokstaver og tall",
		"5.\tKryss av for at datasystemet støtter signering.",
		"Registreringen får en SystemID", "SystemID-en for registreringen", "passordet du valgte i punkt 4",
		"Kontakt "+a.Vendor.Name+":",
	)
	contactRows(t, rb, "Kontaktperson", "E-post", "Telefon")
	if strings.Contains(rb.text, "{{") || strings.Contains(rb.text, "&amp;") {
		t.Errorf("placeholder left or value escaped twice:\n%s", rb.text)
	}
	foot := readDoc(t, docx, "word/footer1.xml")
	inOrder(t, "footer", foot.text, "Brukerveiledning for «Blåbær Lønn & Regnskap» fra "+a.Vendor.Name, "09.04.2026", "19. juni 2026")

	inOrder(t, "markdown", md,
		"# Slik tar du i bruk «Blåbær Lønn & Regnskap» med Altinn\n",
		"Brukerveiledning fra Ærlig & Øvrebø \\<Data> \"AS\" 'Å' · 09.04.2026",
		"> **Viktig:** Altinn II ble stengt 19. juni 2026",
		"## 1. Registrer datasystemet i Altinn",
		"1. Logg inn på [altinn.no](https://www.altinn.no)",
		"2. Gå til **"+menuPath+"**.",
		"3. Velg «Blåbær Lønn & Regnskap» fra listen",
		"4. Sett et passord for datasystemet: minst 7 tegn",
		"\n5. Kryss av for at datasystemet støtter signering.",
		"## 2. Gi datasystemet SystemID og passord",
		"- SystemID-en for registreringen\n- passordet du valgte i punkt 4",
		// SOAP with an enterprise certificate too: how that logs in.
		"## 3. Slik logger «Blåbær Lønn & Regnskap» inn i Altinn",
		"«Blåbær Lønn & Regnskap» logger inn slik:\n\n- med virksomhetssertifikat:",
		"## 4. Spørsmål og hjelp",
		"- Kontaktperson: Åse Ødegård\n- E-post: ase@example.no\n- Telefon: +47 912 34 567",
	)
	if strings.Contains(md, "{{") || strings.Contains(md, "<no value>") {
		t.Errorf("template action or missing value in the Markdown:\n%s", md)
	}
}

// The paragraph about signing is there only when the system signs for
// users; numbering and everything else stay.
func TestGuideSigningOnlyWhenSigning(t *testing.T) {
	for _, lang := range []string{GuideNB, GuideEN} {
		for name, signs := range map[string]*bool{"no": session.Bool(false), "unanswered": nil} {
			a := fullAnswers()
			a.Declaration.SignsForUsers = signs
			md, docx := guide(t, a, lang)
			rb := readDoc(t, docx, "word/document.xml")
			for _, gone := range []string{"signering", "signing", "5.\t", "_signing_step"} {
				if strings.Contains(rb.text, gone) || strings.Contains(md, gone) {
					t.Errorf("%s, signs=%s: %q still in the guide", lang, name, gone)
				}
			}
			if strings.Contains(string(readParts2(t, docx)["word/document.xml"]), "bookmarkStart") {
				t.Errorf("%s, signs=%s: the signing paragraph's bookmark is left", lang, name)
			}
			inOrder(t, lang+" without signing", rb.text, "3.\t", "4.\t", "SystemID")
			inOrder(t, lang+" markdown without signing", md, "\n3. ", "\n4. ", "\n\n## 2.")
		}
	}
}

func TestGuideEnglish(t *testing.T) {
	a := fullAnswers()
	md, docx := guide(t, a, GuideEN)
	rb := readDoc(t, docx, "word/document.xml")
	inOrder(t, "user guide", rb.text,
		"How to use “Blåbær Lønn & Regnskap” with Altinn",
		"User guide from "+a.Vendor.Name+" · 09.04.2026",
		"Altinn II closed on 19 June 2026", "Confirm the current procedure on altinn.no or with "+a.Vendor.Name,
		"1.\tLog in on altinn.no",
		"2.\tGo to "+menuPath,
		"3.\tChoose “Blåbær Lønn & Regnskap” from the list of datasystems.",
		"4.\tSet a password", "at least 7 characters, with both letters and digits",
		"5.\tTick that the datasystem supports signing.",
		"The registration gets a SystemID", "the SystemID of the registration", "the password you chose in step 4",
	)
	contactRows(t, rb, "Contact person", "E-mail", "Phone")
	for _, nb := range []string{"Kontaktperson", "Slik tar du", "Viktig"} {
		if strings.Contains(rb.text, nb) || strings.Contains(md, nb) {
			t.Errorf("English guide has Norwegian %q", nb)
		}
	}
	inOrder(t, "markdown", md, "# How to use “Blåbær Lønn & Regnskap” with Altinn", "**"+menuPath+"**", "5. Tick that", "- Contact person: Åse Ødegård")
	parts := readParts2(t, docx)
	if !strings.Contains(string(parts["docProps/core.xml"]), "<dc:language>en-GB</dc:language>") ||
		!strings.Contains(string(parts["word/styles.xml"]), `w:val="en-GB"`) {
		t.Error("English guide is not marked as English")
	}
	if _, _, err := Guide(a, "nn", today); err == nil {
		t.Error("an unknown language was accepted")
	}
}

func TestGuideMarkdownEscapes(t *testing.T) {
	a := fullAnswers()
	a.System.Name = "Kunde *fet* _kursiv_ [lenke](x) `kode` | ~ # \\"
	a.Contact.Name = "Ola <b>Fet</b> &amp; Co & Søn"
	a.System.AuthMethods = []string{session.AuthSystemIDPassword}
	md, docx := guide(t, a, GuideNB)
	want := "«Kunde \\*fet\\* \\_kursiv\\_ \\[lenke\\](x) \\`kode\\` \\| \\~ \\# \\\\»"
	if n := strings.Count(md, want); n != 5 {
		t.Errorf("escaped system name found %d times, want 5:\n%s", n, md)
	}
	if strings.Contains(md, "*fet*") || strings.Contains(md, "[lenke]") {
		t.Errorf("raw Markdown of the answer left in:\n%s", md)
	}
	if !strings.Contains(md, "- Kontaktperson: Ola \\<b>Fet\\</b> \\&amp; Co & Søn\n") {
		t.Errorf("HTML and entity not escaped:\n%s", md)
	}
	// The .docx shows the name exactly as typed.
	rb := readDoc(t, docx, "word/document.xml")
	if !strings.Contains(rb.text, "Velg «"+a.System.Name+"» fra listen") {
		t.Errorf(".docx lacks the name as typed:\n%s", rb.text)
	}

	for in, want := range map[string]string{
		"Lønn & Regnskap":     "Lønn & Regnskap",
		"A < B":               "A < B",
		"A<B":                 "A\\<B",
		"+47 22 33 44 55":     "+47 22 33 44 55",
		"to\nlinjer\t ok":     "to linjer ok",
		"{{system_name}}":     "{\u200b{system\\_name}\u200b}",
		"snake_case@firma.no": "snake\\_case@firma.no",
	} {
		if got := MarkdownText(in); got != want {
			t.Errorf("MarkdownText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGuideMissingAnswers(t *testing.T) {
	a := fullAnswers()
	a.System.Name = "  "
	a.Contact.Email = ""
	_, _, err := Guide(a, GuideNB, today)
	var ge *GuideError
	if !errors.As(err, &ge) || strings.Join(ge.Missing, ",") != "contact.email,system.name" {
		t.Fatalf("err = %v", err)
	}
	if _, _, err := Guide(nil, GuideEN, today); !errors.As(err, &ge) || len(ge.Missing) != 5 {
		t.Fatalf("nil answers: %v", err)
	}
	// The guide has no signer; a broken signing date does not stop it.
	a = fullAnswers()
	a.Signer.Date = "i morgen"
	if _, _, err := Guide(a, GuideNB, today); err != nil {
		t.Fatal(err)
	}
}

func TestGuideConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := fullAnswers()
			a.Declaration.SignsForUsers = session.Bool(i%2 == 0)
			lang := []string{GuideNB, GuideEN}[i%2]
			if _, docx, err := Guide(a, lang, today); err != nil || Verify(docx) != nil {
				t.Errorf("Guide: %v", err)
			}
		}()
	}
	wg.Wait()
}

// TestGuideSources checks the embedded sources the way TestTemplateSources
// and TestPackageStructure check the registration documents'.
func TestGuideSources(t *testing.T) {
	relRE := regexp.MustCompile(`Target="([^"]+)"`)
	overRE := regexp.MustCompile(`PartName="/([^"]+)"`)
	want := []string{"system_name", "vendor_name", "contact_name", "contact_email", "contact_phone", "document_date"}
	for lang, src := range guideSources {
		root := path.Join("src", src.dir, "docx")
		have := map[string]bool{}
		err := fs.WalkDir(srcFS, root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			b, err := srcFS.ReadFile(p)
			if err != nil {
				return err
			}
			if err := wellFormed(p, b); err != nil {
				t.Error(err)
			}
			s := string(b)
			raw := placeholderRE.FindAllString(s, -1)
			if n := strings.Count(s, "{{"); n != len(raw) {
				t.Errorf("%s: %d \"{{\" but %d whole {{name}} placeholders", p, n, len(raw))
			}
			_, found, err := joinSplit(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, ph := range found {
				if ph.bad != "" || ph.split || fieldByName[ph.name].Name == "" {
					t.Errorf("%s: bad placeholder %s (%+v)", p, ph, ph)
				}
				have[ph.name] = true
			}
			if len(found) != len(raw) {
				t.Errorf("%s: %d placeholders in text, %d in the XML", p, len(found), len(raw))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range want {
			if !have[f] {
				t.Errorf("%s: {{%s}} missing", lang, f)
			}
		}
		zipped, err := guideZips[lang]()
		if err != nil {
			t.Fatal(err)
		}
		if rep, err := Check(zipped); err != nil || !rep.OK() || len(rep.Split) > 0 {
			t.Errorf("Check(%s guide) = %+v, %v", lang, rep, err)
		}
		parts, err := readParts(zipped)
		if err != nil {
			t.Fatal(err)
		}
		ct := string(parts["[Content_Types].xml"])
		typed := map[string]bool{}
		for _, m := range overRE.FindAllStringSubmatch(ct, -1) {
			typed[m[1]] = true
		}
		for name := range parts {
			if strings.HasSuffix(name, ".tmpl") || strings.HasSuffix(name, ".md") {
				t.Errorf("%s: %s zipped into the .docx", lang, name)
			}
			if name != "[Content_Types].xml" && !typed[name] && path.Ext(name) != ".rels" && path.Ext(name) != ".xml" {
				t.Errorf("%s: %s has no content type", lang, name)
			}
			if !strings.HasSuffix(name, ".rels") {
				continue
			}
			base := path.Dir(path.Dir(name))
			for _, m := range relRE.FindAllStringSubmatch(string(parts[name]), -1) {
				target := m[1]
				if base != "." {
					target = path.Join(base, m[1])
				}
				if _, ok := parts[target]; !ok {
					t.Errorf("%s: %s points to missing %s", lang, name, target)
				}
			}
		}
		doc := string(parts["word/document.xml"])
		if strings.Count(doc, `w:name="_when_signs_yes"`) != 1 || !strings.Contains(doc, menuPath) && !strings.Contains(doc, strings.ReplaceAll(menuPath, ">", "&gt;")) {
			t.Errorf("%s: the signing bookmark or the menu path is missing", lang)
		}
		if _, err := guideMarkdown[lang](); err != nil {
			t.Error(err)
		}
	}
}

// TestGuideLibreOffice reads the guides back through LibreOffice.
func TestGuideLibreOffice(t *testing.T) {
	needOffice(t)
	dir := t.TempDir()
	a := fullAnswers()
	for _, c := range []struct {
		lang        string
		signs       bool
		wants, nots []string
	}{
		{GuideNB, true, []string{"Slik tar du i bruk «Blåbær Lønn & Regnskap» med Altinn", menuPath, "Kryss av for at datasystemet støtter signering",
			"Åse Ødegård", "ase@example.no", "+47 912 34 567", a.Vendor.Name, "19. juni 2026", "SystemID"}, nil},
		{GuideNB, false, []string{menuPath, "Velg «Blåbær Lønn & Regnskap» fra listen", "Åse Ødegård"}, []string{"signering"}},
		{GuideEN, true, []string{"How to use “Blåbær Lønn & Regnskap” with Altinn", menuPath, "Tick that the datasystem supports signing",
			"Åse Ødegård", "ase@example.no", "+47 912 34 567", "19 June 2026", "SystemID"}, nil},
		{GuideEN, false, []string{menuPath, "Contact person"}, []string{"signing"}},
	} {
		a.Declaration.SignsForUsers = session.Bool(c.signs)
		_, docx := guide(t, a, c.lang)
		p := filepath.Join(dir, GuideFileBase(c.lang, "test")+".docx")
		if err := WriteDocx(p, docx); err != nil {
			t.Fatal(err)
		}
		txt, err := convert(ctxFor(t), p, "txt", dir)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(txt)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(strings.TrimPrefix(string(b), "\uFEFF"), "\r\n", "\n")
		for _, w := range c.wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s signs=%v: LibreOffice text lacks %q", c.lang, c.signs, w)
			}
		}
		for _, n := range c.nots {
			if strings.Contains(text, n) {
				t.Errorf("%s signs=%v: LibreOffice text has %q", c.lang, c.signs, n)
			}
		}
		if strings.Contains(text, "{{") {
			t.Errorf("%s: placeholder left in LibreOffice text", c.lang)
		}
	}
}

// contactRows checks the contact table: label cell, then the answer.
func contactRows(t *testing.T, rb readBack, name, email, phone string) {
	t.Helper()
	for label, want := range map[string]string{name: "Åse Ødegård", email: "ase@example.no", phone: "+47 912 34 567"} {
		if r := rowWith(rb, label); len(r) != 2 || r[1] != want {
			t.Errorf("row %s = %q, want %q", label, r, want)
		}
	}
}

func readParts2(t *testing.T, docx []byte) map[string][]byte {
	t.Helper()
	parts, err := readParts(docx)
	if err != nil {
		t.Fatal(err)
	}
	return parts
}
