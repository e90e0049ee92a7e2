package templates

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

var today = time.Date(2026, 4, 9, 12, 0, 0, 0, time.UTC)

func fill(t testing.TB, d Doc, tmpl []byte, a *session.Answers) []byte {
	t.Helper()
	out, err := Fill(d, tmpl, a, today)
	if err != nil {
		t.Fatalf("Fill %s: %v", d, err)
	}
	return out
}

const secLines = "Rollebasert tilgang <RBAC> & tofaktor.\nAll pålogging logges i 12 måneder.\n\"Revisjon\" hvert år – 'årlig' i Ålesund."

func TestFillBestilling(t *testing.T) {
	a := fullAnswers()
	out := fill(t, Bestilling, embedded(t, Bestilling), a)
	rb := readDoc(t, out, "word/document.xml")

	inOrder(t, "bestilling", rb.text,
		"Bestilling – nytt datasystem (sluttbrukersystem)",
		a.Vendor.Name, "123 456 785", "Storgata 1\nc/o Blåbærveien 2", "9008 Tromsø",
		"Åse Ødegård", "ase@example.no", "+47 912 34 567",
		"Tore Tekniker-Ærø", "tore@example.no", "22 33 44 55",
		"Blåbær Lønn & Regnskap", "2.1 <beta>", "Lønn og regnskap for små bedrifter.\nSender A-melding & MVA.",
		"4936", "1", "A-melding <månedlig>",
		"3106", "14", `Skattemelding "næring" & særavgift`,
		"2765", "2", "Årsregnskap for små foretak",
		"Bodø", "05.03.2026", "Kari Nordmann", "Daglig leder",
	)
	if strings.Contains(rb.text, "{{") || strings.Contains(rb.text, "}}") {
		t.Errorf("placeholder left in:\n%s", rb.text)
	}
	if strings.Contains(rb.text, "&amp;") || strings.Contains(rb.text, "&lt;") {
		t.Errorf("value escaped twice")
	}

	// Checkboxes.
	for _, want := range []string{
		"☐ Regnskap ☒ Lønn ☐ HR/personal",
		"☐ Arkiv ☐ Landbruk ☐ Annet",
		"☒ SOAP ☐ REST",
		"☒ SystemID og systempassord (SOAP)",
		"☒ Virksomhetssertifikat",
		"☐ ID-porten (personer)",
		"☐ Virksomhetsbruker med Maskinporten",
		"☐ Altinn brukernavn og passord",
		"☒ TT02 (testmiljø)", "☐ PROD (produksjon)",
	} {
		if !hasPara(rb, want) {
			t.Errorf("no paragraph %q", want)
		}
	}
	if r := rowWith(rb, "signerer på vegne av brukere"); len(r) != 2 || squash(r[1]) != "☒ Ja ☐ Nei" {
		t.Errorf("signs for users row = %q", r)
	}
	if r := rowWith(rb, "henter preutfylte data"); len(r) != 2 || squash(r[1]) != "☐ Ja ☒ Nei" {
		t.Errorf("prefill row = %q", r)
	}

	// One row per service, in order, after the header row.
	var svc [][]string
	header := -1
	for i, r := range rb.rows {
		if len(r) == 3 && r[0] == "Tjenestekode" {
			header = i
		}
		if header >= 0 && i > header && len(r) == 3 {
			svc = append(svc, r)
		}
	}
	want := [][]string{
		{"4936", "1", "A-melding <månedlig>"},
		{"3106", "14", `Skattemelding "næring" & særavgift`},
		{"2765", "2", "Årsregnskap for små foretak"},
	}
	if len(svc) != len(want) {
		t.Fatalf("service rows = %q, want %q", svc, want)
	}
	for i := range want {
		for j := range want[i] {
			if svc[i][j] != want[i][j] {
				t.Errorf("service row %d cell %d = %q, want %q", i, j, svc[i][j], want[i][j])
			}
		}
	}

	// The footer is filled too and says what the document is.
	ft := readDoc(t, out, "word/footer1.xml")
	for _, w := range []string{"altinn-onboard", "«Blåbær Lønn & Regnskap»", "ikke identisk med det offisielle skjemaet"} {
		if !strings.Contains(ft.text, w) {
			t.Errorf("footer lacks %q: %q", w, ft.text)
		}
	}
	// What the sender must check before sending is said to the sender
	// (the wizard, fill), not in the document Altinn receives.
	for _, w := range []string{"Kontroller", "før innsending", "før du sender"} {
		if strings.Contains(ft.text, w) || strings.Contains(rb.text, w) {
			t.Errorf("the document tells its sender to check it (%q)", w)
		}
	}
}

func TestFillEgenerklaering(t *testing.T) {
	a := fullAnswers()
	out := fill(t, Egenerklaering, embedded(t, Egenerklaering), a)
	rb := readDoc(t, out, "word/document.xml")
	inOrder(t, "egenerklaering", rb.text,
		"Egenerklæring – datasystem: signering og preutfylling",
		a.Vendor.Name, "123 456 785", "Blåbær Lønn & Regnskap", "2.1 <beta>",
		"fødselsnummer, Altinn-passord og en engangskode (PIN) fra SMS eller kodebrev",
		"aldri lagres", "HTTPS", "den handlingen brukeren selv har startet", "før hun eller han signerer",
		"5.\tdatasystemet har tilgangskontroll og logging", // no prefill: its commitment is left out

		secLines,
		"Bodø", "05.03.2026", "Kari Nordmann", "Daglig leder",
	)
	// The multi-line answer is one paragraph with real w:br breaks.
	found := false
	for _, p := range rb.paras {
		if p == secLines {
			found = true
		}
	}
	if !found {
		t.Errorf("security measures not one paragraph with line breaks; paragraphs: %q", rb.paras)
	}
	for label, want := range map[string]string{
		"signerer på vegne av brukere":          "☒ Ja ☐ Nei",
		"henter preutfylte data":                "☐ Ja ☒ Nei",
		"lagrer brukerens påloggingsopplysning": "☐ Ja ☒ Nei",
	} {
		if r := rowWith(rb, label); len(r) != 2 || squash(r[1]) != want {
			t.Errorf("row %q = %q, want %q", label, r, want)
		}
	}
}

func TestFillUnanswered(t *testing.T) {
	a := fullAnswers()
	a.System.Services = nil
	a.TechnicalContact = nil
	a.Declaration.SignsForUsers = nil
	a.Signer.Date = ""
	a.System.Category = "fishing"
	out := fill(t, Bestilling, embedded(t, Bestilling), a)
	rb := readDoc(t, out, "word/document.xml")
	if r := rowWith(rb, "signerer på vegne av brukere"); len(r) != 2 || squash(r[1]) != "☐ Ja ☐ Nei" {
		t.Errorf("unanswered yes/no = %q", r)
	}
	if !strings.Contains(rb.text, "09.04.2026") {
		t.Errorf("empty signer date is not today")
	}
	if !hasPara(rb, "☐ Arkiv ☐ Landbruk ☒ Annet") {
		t.Errorf("unknown category does not tick Annet")
	}
	if !strings.Contains(rb.text, "Ikke oppgitt") {
		t.Errorf("missing technical contact not shown as Ikke oppgitt")
	}
	n := 0
	for _, r := range rb.rows {
		if len(r) == 3 && r[0] == NoServices {
			n++
		}
		if len(r) == 3 && r[0] == "" {
			t.Errorf("empty services row %q", r)
		}
	}
	if n != 1 {
		t.Errorf("%d rows saying %q, want 1", n, NoServices)
	}

	a.Signer.Date = "5. mars"
	if _, err := Fill(Bestilling, embedded(t, Bestilling), a, today); err == nil || !strings.Contains(err.Error(), "5. mars") {
		t.Errorf("bad date: err = %v", err)
	}
}

func TestSplitPlaceholder(t *testing.T) {
	tmpl := editPart(t, embedded(t, Bestilling), "word/document.xml", func(s string) string {
		s = strings.Replace(s, `<w:r><w:t>{{system_name}}</w:t></w:r>`,
			`<w:r><w:t>{{sys</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>tem_na</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t>me}}</w:t></w:r>`, 1)
		// "{" and "{" apart, a bookmark between, the name in a run of its own.
		return strings.Replace(s, `<w:r><w:t>{{contact_email}}</w:t></w:r>`,
			`<w:r><w:t xml:space="preserve">E: {</w:t></w:r><w:bookmarkStart w:id="7" w:name="_GoBack"/><w:r><w:t>{contact_email</w:t></w:r><w:bookmarkEnd w:id="7"/><w:r><w:t>}</w:t></w:r><w:r><w:t>} (jobb)</w:t></w:r>`, 1)
	})
	rep, err := Check(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || strings.Join(rep.Split, ",") != "contact_email,system_name" {
		t.Errorf("Check = %+v, want OK with system_name and contact_email split", rep)
	}
	a := fullAnswers()
	out := fill(t, Bestilling, tmpl, a)
	rb := readDoc(t, out, "word/document.xml")
	if r := rowWith(rb, "Navn på datasystemet"); len(r) != 2 || r[1] != a.System.Name {
		t.Errorf("system name row = %q", r)
	}
	if r := rowWith(rb, "E-post"); len(r) != 2 || r[1] != "E: ase@example.no (jobb)" {
		t.Errorf("e-mail row = %q", r)
	}
}

func TestPlaceholderErrors(t *testing.T) {
	base := embedded(t, Bestilling)
	for _, tc := range []struct{ name, from, to, want string }{
		{"unknown", "{{vendor_city}}", "{{vendor_town}}", "unknown placeholder {{vendor_town}}"},
		{"malformed", "{{vendor_city}}", "{{Vendor City}}", `"{{Vendor City}}"`},
		{"unclosed", "{{vendor_city}}", "{{vendor_city", "unclosed"},
		{"row outside table", "{{system_version}}", "x</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>{{service_code}}</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>y", "{{service_code}} must be inside a table row"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := editPart(t, base, "word/document.xml", func(s string) string { return strings.Replace(s, tc.from, tc.to, 1) })
			_, err := Fill(Bestilling, tmpl, fullAnswers(), today)
			var pe *PlaceholderError
			if !errors.As(err, &pe) || pe.Doc != Bestilling {
				t.Fatalf("err = %v, want a PlaceholderError for bestilling", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "bestilling:") || !strings.Contains(err.Error(), "word/document.xml") {
				t.Errorf("err = %v, want it to name %s, the document and the part", err, tc.want)
			}
			rep, err := Check(tmpl)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				t.Errorf("Check OK on a template with %s: %+v", tc.name, rep)
			}
		})
	}
	// Unknown placeholders in a footer are named too.
	tmpl := editPart(t, base, "word/footer1.xml", func(s string) string { return strings.Replace(s, "{{system_name}}", "{{system_nick}}", 1) })
	if _, err := Fill(Bestilling, tmpl, fullAnswers(), today); err == nil || !strings.Contains(err.Error(), "{{system_nick}} in word/footer1.xml") {
		t.Errorf("footer: err = %v", err)
	}
}

func TestTemplateWithFewerFields(t *testing.T) {
	// A user template need not carry every field, nor any.
	tmpl := editPart(t, embedded(t, Egenerklaering), "word/document.xml", func(s string) string {
		return strings.Replace(s, "{{security_measures}}", "(se vedlegg)", 1)
	})
	out := fill(t, Egenerklaering, tmpl, fullAnswers())
	if rb := readDoc(t, out, "word/document.xml"); !strings.Contains(rb.text, "(se vedlegg)") {
		t.Error("text lost")
	}
	rep, err := Check(tmpl)
	if err != nil || !rep.OK() {
		t.Fatalf("Check = %+v, %v", rep, err)
	}
	if m := rep.Missing(Egenerklaering); len(m) != 1 || m[0] != "security_measures" {
		t.Errorf("Missing = %q", m)
	}
	none := editPart(t, tmpl, "word/footer1.xml", func(s string) string { return strings.ReplaceAll(s, "{{system_name}}", "X") })
	none = editPart(t, none, "word/document.xml", func(s string) string {
		return placeholderRE.ReplaceAllString(strings.ReplaceAll(s, "{{service_code}}", "-"), "-")
	})
	fill(t, Egenerklaering, none, fullAnswers())
}

func TestSanitize(t *testing.T) {
	a := fullAnswers()
	a.Vendor.Name = "Acme\x00\x07\x1b AS\uFFFE\u0085 \xff{{vendor_name}}"
	a.Declaration.SecurityMeasures = "Linje 1\r\nLinje\t2\rLinje 3\x0b"
	out := fill(t, Egenerklaering, embedded(t, Egenerklaering), a)
	rb := readDoc(t, out, "word/document.xml")
	if !strings.Contains(rb.text, "Acme AS \uFFFD{\u200b{vendor_name}\u200b}") {
		t.Errorf("vendor name not sanitized: %q", rowWith(rb, "Navn på leverandør"))
	}
	if !strings.Contains(rb.text, "Linje 1\nLinje 2\nLinje 3") {
		t.Errorf("line ends not normalised: %q", rb.text)
	}
	if got := Sanitize(" a\x01b\u0084c\U0001F600 "); got != "abc\U0001F600" {
		t.Errorf("Sanitize = %q", got)
	}
}

func TestFillConcurrent(t *testing.T) {
	tmpl := embedded(t, Bestilling)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := fullAnswers()
			a.System.Name = strings.Repeat("x", i+1)
			out, err := Fill(Bestilling, tmpl, a, today)
			if err != nil {
				t.Error(err)
				return
			}
			if ft := readDoc(t, out, "word/footer1.xml"); !strings.Contains(ft.text, "«"+a.System.Name+"»") {
				t.Errorf("footer of fill %d shows another document's value: %q", i, ft.text)
			}
		}()
	}
	wg.Wait()
}

func TestWriteDocx(t *testing.T) {
	dir := t.TempDir()
	out := fill(t, Bestilling, embedded(t, Bestilling), fullAnswers())
	p := filepath.Join(dir, "ny", "bestilling.docx")
	if err := WriteDocx(p, out); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if err := WriteDocx(filepath.Join(dir, "tom.docx"), embedded(t, Bestilling)); err == nil || !strings.Contains(err.Error(), "{{vendor_name}}") {
		t.Errorf("writing an unfilled template: err = %v", err)
	}
	if err := WriteDocx(filepath.Join(dir, "x.docx"), []byte("not a zip")); err == nil {
		t.Error("wrote garbage")
	}
}

func TestLoad(t *testing.T) {
	b, src, err := Load(Bestilling, "")
	if err != nil || src != EmbeddedSource(Bestilling) || len(b) == 0 {
		t.Fatalf("Load embedded: %q %v", src, err)
	}
	dir := t.TempDir()
	if _, src, err := Load(Egenerklaering, dir); err != nil || src != EmbeddedSource(Egenerklaering) {
		t.Errorf("empty folder: %q %v", src, err)
	}
	missing := filepath.Join(dir, "finnes-ikke")
	if _, _, err := Load(Bestilling, missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing folder: %v", err)
	}
	user := editPart(t, embedded(t, Bestilling), "word/document.xml", func(s string) string {
		return strings.Replace(s, "Registrering av datasystem i Altinn", "Vår egen mal", 1)
	})
	p := filepath.Join(dir, "bestilling.docx")
	if err := os.WriteFile(p, user, 0o600); err != nil {
		t.Fatal(err)
	}
	got, src, err := Load(Bestilling, dir)
	if err != nil || src != p || string(got) != string(user) {
		t.Errorf("user template: %q %v", src, err)
	}
	if err := os.WriteFile(p, []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(Bestilling, dir); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("corrupt template: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "egenerklaering.doc"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(Egenerklaering, dir); err == nil || !strings.Contains(err.Error(), "egenerklaering.docx") {
		t.Errorf(".doc template: %v", err)
	}
}

func TestFields(t *testing.T) {
	seen := map[string]bool{}
	d, err := Values(fullAnswers(), today)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Fields() {
		if !validName(f.Name) || seen[f.Name] || f.Description == "" || f.Group == "" {
			t.Errorf("bad field %+v", f)
		}
		seen[f.Name] = true
		if f.Kind == Row {
			for _, s := range d.Services {
				if _, ok := s[f.Name]; !ok {
					t.Errorf("no value for row field %s", f.Name)
				}
			}
		} else if _, ok := d.Values[f.Name]; !ok {
			t.Errorf("no value for %s", f.Name)
		}
		if f.Kind == Checkbox {
			if v := d.Values[f.Name]; v != Checked && v != Unchecked {
				t.Errorf("%s = %q", f.Name, v)
			}
		}
	}
	for k := range d.Values {
		if !seen[k] {
			t.Errorf("value %s is not a registered field", k)
		}
	}
	for c, want := range map[string]string{"accounting": "Regnskap", "payroll": "Lønn", "hr": "HR/personal", "archive": "Arkiv", "agriculture": "Landbruk", "other": "Annet"} {
		if got := CategoryName(c); got != want {
			t.Errorf("CategoryName(%s) = %s", c, got)
		}
	}
}
