package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/templates/docxtext"
)

// Phrases of the self-declaration that belong to signing, to prefill, or
// to both (the intro).
var (
	signingPhrases = []string{"Signering fra datasystemet gjelder bare første signeringstrinn",
		"PIN-koder aldri lagres", "bare sendes over kryptert forbindelse", "den handlingen brukeren selv har startet",
		"før hun eller han signerer"}
	prefillPhrases = []string{"preutfylte data bare vises for brukere som har rettighet"}
	introBoth      = "Egenerklæringen gjelder datasystemer (sluttbrukersystemer) som signerer på vegne av brukere eller henter preutfylte data"
	introNeither   = "Datasystemet signerer ikke på vegne av brukere og henter ikke preutfylte data fra Altinn"
)

type declarationCase struct {
	name           string
	signs, prefill *bool
	wants, nots    []string
}

func declarationCases() []declarationCase {
	yes, no := session.Bool(true), session.Bool(false)
	all := append(append([]string{introBoth}, signingPhrases...), prefillPhrases...)
	return []declarationCase{
		{"both yes", yes, yes, append(append([]string{}, all...), "6.\tdatasystemet har tilgangskontroll og logging"), []string{introNeither}},
		{"signs only", yes, no, append(append([]string{introBoth}, signingPhrases...), "5.\tdatasystemet har tilgangskontroll og logging"),
			append([]string{introNeither}, prefillPhrases...)},
		{"prefill only", no, yes, append(append([]string{introBoth}, prefillPhrases...), "1.\tpreutfylte data", "2.\tdatasystemet har tilgangskontroll og logging"),
			append([]string{introNeither}, signingPhrases...)},
		// Two "Nei": no intro nor commitment about signing or prefill.
		{"neither", no, no, []string{introNeither, "Leverandøren forplikter seg til at:\n1.\tdatasystemet har tilgangskontroll og logging.",
			"☐ Ja\t☒ Nei", "5  Forpliktelser", "7  Underskrift"},
			append(append([]string{introBoth, "2.\t"}, signingPhrases...), prefillPhrases...)},
		// Unanswered: the printed form asks, so everything stays.
		{"unanswered", nil, nil, all, []string{introNeither}},
	}
}

// The self-declaration adapts to the answers about signing and prefill,
// read back by the independent reader (docxtext): what does not apply is
// left out and the commitments are numbered again.
func TestSelfDeclarationAdapts(t *testing.T) {
	for _, c := range declarationCases() {
		a := fullAnswers()
		a.Declaration.SignsForUsers, a.Declaration.UsesPrefill = c.signs, c.prefill
		out := fill(t, Egenerklaering, embedded(t, Egenerklaering), a)
		text, err := docxtext.Text(out)
		if err != nil {
			t.Fatal(err)
		}
		says(t, c.name, text, c.wants, c.nots)
		if doc := string(readParts2(t, out)["word/document.xml"]); strings.Contains(doc, whenPrefix) {
			t.Errorf("%s: a condition's bookmark is left in the document", c.name)
		}
	}
}

// The documents Altinn receives carry no note telling their sender to
// check them before sending (the wizard and fill say that).
func TestDocumentsHaveNoCheckNote(t *testing.T) {
	for _, d := range Docs() {
		out := fill(t, d, embedded(t, d), fullAnswers())
		text, err := docxtext.Text(out)
		if err != nil {
			t.Fatal(err)
		}
		foot := readDoc(t, out, "word/footer1.xml").text
		for _, n := range []string{"Kontroller", "før du sender", "før innsending", "Det er ikke det offisielle skjemaet"} {
			if strings.Contains(text, n) || strings.Contains(foot, n) {
				t.Errorf("%s: %q is in the document", d, n)
			}
		}
	}
}

type guideCase struct {
	name                 string
	interfaces, methods  []string
	wantsNB, notsNB      []string
	wantsMarkdown, notMD []string
}

func guideCases() []guideCase {
	noSystemID := []string{"SystemID-en for registreringen", menuPath, "Sett et passord", "Registrer datasystemet"}
	return []guideCase{
		{"REST only", []string{session.InterfaceREST}, []string{session.AuthIDPorten, session.AuthMaskinporten},
			[]string{"1  Slik logger «Blåbær Lønn & Regnskap» inn i Altinn", "bruker ingen SystemID", "med ID-porten", "med en virksomhetsbruker", "2  Spørsmål og hjelp"},
			append([]string{"med virksomhetssertifikat", "brukernavn og passord i Altinn"}, noSystemID...),
			[]string{"## 1. Slik logger «Blåbær Lønn & Regnskap» inn i Altinn", "- med ID-porten", "- med en virksomhetsbruker", "## 2. Spørsmål og hjelp"},
			[]string{"SystemID-en for registreringen", "Avanserte innstillinger", "## 3."}},
		{"SOAP with a certificate only", []string{session.InterfaceSOAP}, []string{session.AuthEnterpriseCertificate},
			[]string{"bruker ingen SystemID", "med virksomhetssertifikat", "2  Spørsmål og hjelp"}, noSystemID,
			[]string{"## 1. Slik logger", "- med virksomhetssertifikat", "## 2. Spørsmål og hjelp"}, []string{"SystemID-en for registreringen"}},
		{"SOAP with a SystemID", []string{session.InterfaceSOAP}, []string{session.AuthSystemIDPassword},
			[]string{"1  Registrer datasystemet i Altinn", menuPath, "SystemID-en for registreringen", "3  Spørsmål og hjelp"},
			[]string{"Slik logger", "bruker ingen SystemID"},
			[]string{"## 1. Registrer datasystemet", "## 2. Gi datasystemet SystemID og passord", "## 3. Spørsmål og hjelp"}, []string{"Slik logger"}},
	}
}

// The end-user guide tells customers to register the system and give it
// a SystemID and password only when it logs in with one; otherwise it
// says how the chosen ways of logging in work for them.
func TestGuideAdaptsToLogins(t *testing.T) {
	for _, c := range guideCases() {
		a := fullAnswers()
		a.System.Interfaces, a.System.AuthMethods = c.interfaces, c.methods
		md, docx := guide(t, a, GuideNB)
		text, err := docxtext.Text(docx)
		if err != nil {
			t.Fatal(err)
		}
		says(t, c.name+" .docx", text, c.wantsNB, c.notsNB)
		says(t, c.name+" Markdown", md, c.wantsMarkdown, c.notMD)
		if strings.Contains(md, "\n\n\n") {
			t.Errorf("%s: Markdown has an empty line too many:\n%s", c.name, md)
		}
		// English: the same sections.
		enMD, enDocx := guide(t, a, GuideEN)
		enText, _ := docxtext.Text(enDocx)
		if c.name == "REST only" {
			for _, w := range []string{"uses no SystemID", "with ID-porten", "with an enterprise user"} {
				if !strings.Contains(enText, w) || !strings.Contains(enMD, w) {
					t.Errorf("%s: English guide lacks %q", c.name, w)
				}
			}
			if strings.Contains(enText, "the SystemID of the registration") || strings.Contains(enMD, "Avanserte innstillinger") {
				t.Errorf("%s: the English guide asks for a SystemID", c.name)
			}
		}
	}
}

// LibreOffice opens the adapted documents and reads what the
// independent reader reads.
func TestSectionsLibreOffice(t *testing.T) {
	needOffice(t)
	dir := t.TempDir()
	type doc struct {
		path        string
		wants, nots []string
	}
	var docs []doc
	for i, c := range declarationCases() {
		a := fullAnswers()
		a.Declaration.SignsForUsers, a.Declaration.UsesPrefill = c.signs, c.prefill
		p := filepath.Join(dir, "egenerklaering-"+string(rune('a'+i))+".docx")
		if err := WriteDocx(p, fill(t, Egenerklaering, embedded(t, Egenerklaering), a)); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc{p, []string{c.wants[0]}, c.nots})
	}
	for i, c := range guideCases() {
		a := fullAnswers()
		a.System.Interfaces, a.System.AuthMethods = c.interfaces, c.methods
		_, docx := guide(t, a, GuideNB)
		p := filepath.Join(dir, "guide-"+string(rune('a'+i))+".docx")
		if err := WriteDocx(p, docx); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc{p, c.wantsNB[:1], c.notsNB})
	}
	paths := make([]string, len(docs))
	for i, d := range docs {
		paths[i] = d.path
	}
	txts, err := convertAll(ctxFor(t), paths, "txt", dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		b, err := os.ReadFile(txts[i])
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(strings.TrimPrefix(string(b), "\uFEFF"), "\r\n", "\n")
		says(t, filepath.Base(d.path)+" through LibreOffice", text, d.wants, d.nots)
	}
}

// says checks that text has every one of wants and none of nots.
func says(t *testing.T, what, text string, wants, nots []string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s: %q is missing:\n%s", what, w, text)
		}
	}
	for _, n := range nots {
		if strings.Contains(text, n) {
			t.Errorf("%s: %q is there:\n%s", what, n, text)
		}
	}
}
