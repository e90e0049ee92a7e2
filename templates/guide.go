package templates

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// The end-user guide (brukerveiledning) of onboarding step 6 tells the
// vendor's customers how to enable the datasystem on altinn.no and what
// to give it afterwards. It is not one of Docs(), the registration
// documents of step 1: it is made on its own, always from the embedded
// sources, as Markdown and as .docx.
//
// Each language has a folder under src/: the .docx parts in docx/ (zipped
// like the other templates, filled with Fill's machinery and checked with
// Verify) and a text/template for the Markdown.

// Guide languages.
const (
	GuideNB = "nb"
	GuideEN = "en"
)

type guideSource struct {
	doc Doc    // names the document in errors
	dir string // folder under src/
	md  string // the Markdown template in that folder
}

var guideSources = map[string]guideSource{
	GuideNB: {doc: "brukerveiledning", dir: "brukerveiledning", md: "brukerveiledning.md.tmpl"},
	GuideEN: {doc: "userguide", dir: "userguide", md: "userguide.md.tmpl"},
}

var guideZips = map[string]func() ([]byte, error){
	GuideNB: sync.OnceValues(func() ([]byte, error) { return zipGuide(GuideNB) }),
	GuideEN: sync.OnceValues(func() ([]byte, error) { return zipGuide(GuideEN) }),
}

func zipGuide(lang string) ([]byte, error) {
	b, err := zipSource(Doc(guideSources[lang].dir + "/docx"))
	if err != nil {
		return nil, err
	}
	return b.docx, nil
}

var guideMarkdown = map[string]func() (*template.Template, error){
	GuideNB: sync.OnceValues(func() (*template.Template, error) { return parseGuideMarkdown(guideSources[GuideNB]) }),
	GuideEN: sync.OnceValues(func() (*template.Template, error) { return parseGuideMarkdown(guideSources[GuideEN]) }),
}

func parseGuideMarkdown(src guideSource) (*template.Template, error) {
	p := "src/" + src.dir + "/" + src.md
	b, err := srcFS.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("templates: reading embedded %s: %w", p, err)
	}
	t, err := template.New(src.md).Option("missingkey=error").Parse(string(b))
	if err != nil {
		return nil, fmt.Errorf("templates: %s: %w", p, err)
	}
	return t, nil
}

// GuideError lists the answers the guide cannot do without.
type GuideError struct {
	Missing []string // answer paths, e.g. "system.name"
}

func (e *GuideError) Error() string {
	return "brukerveiledning: missing " + strings.Join(e.Missing, ", ")
}

// GuideFileBase is the file name of the guide without extension:
// "brukerveiledning-<slug>" in Norwegian, "user-guide-<slug>" in English.
func GuideFileBase(lang, slug string) string {
	if lang == GuideEN {
		return "user-guide-" + slug
	}
	return "brukerveiledning-" + slug
}

// Guide makes the end-user guide for the vendor's customers in lang ("nb",
// the default when empty, or "en") as Markdown and as .docx. It names the
// system, the vendor and a.Contact as whom to contact (a caller with a
// separate support contact puts it there in a copy). It tells customers
// to register the system and give it a SystemID and password only when
// the system logs in to SOAP that way (as step 3 says), and how each
// other way of logging in chosen in a.System.AuthMethods works for them;
// the paragraph about signing is included only when
// a.Declaration.SignsForUsers is true.
// today is the document's date. The .docx has passed Verify.
func Guide(a *session.Answers, lang string, today time.Time) (markdown []byte, docx []byte, err error) {
	if lang == "" {
		lang = GuideNB
	}
	src, ok := guideSources[lang]
	if !ok {
		return nil, nil, fmt.Errorf("brukerveiledning: unknown language %q (want nb or en)", lang)
	}
	if a == nil {
		a = &session.Answers{}
	}
	var missing []string
	for _, f := range []struct{ path, v string }{
		{"vendor.name", a.Vendor.Name},
		{"contact.name", a.Contact.Name},
		{"contact.email", a.Contact.Email},
		{"contact.phone", a.Contact.Phone},
		{"system.name", a.System.Name},
	} {
		if strings.TrimSpace(Sanitize(f.v)) == "" {
			missing = append(missing, f.path)
		}
	}
	if len(missing) > 0 {
		return nil, nil, &GuideError{Missing: missing}
	}
	signs := a.Declaration.SignsForUsers != nil && *a.Declaration.SignsForUsers

	// The guide has no signer; a signer's date that does not parse must
	// not stop it.
	c := *a
	c.Signer.Date = ""
	d, err := Values(&c, today)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", src.doc, err)
	}

	d.Values["status_checked"] = StatusCheckedText(lang)

	tmpl, err := guideZips[lang]()
	if err != nil {
		return nil, nil, err
	}
	// The sections that do not apply (signing, the SystemID, each way to
	// log in) are left out by their bookmarks (see applySections).
	docx, err = FillData(src.doc, slices.Clone(tmpl), d)
	if err != nil {
		return nil, nil, err
	}

	mt, err := guideMarkdown[lang]()
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	err = mt.Execute(&buf, struct {
		System, Vendor, ContactName, ContactEmail, ContactPhone, Date, Checked string
		Signs                                                                  bool
		Show                                                                   map[string]bool
		Num                                                                    map[string]int
	}{
		Checked:      StatusCheckedText(lang),
		Show:         d.Show,
		Num:          guideSectionNumbers(d.Show),
		System:       MarkdownText(a.System.Name),
		Vendor:       MarkdownText(a.Vendor.Name),
		ContactName:  MarkdownText(a.Contact.Name),
		ContactEmail: MarkdownText(a.Contact.Email),
		ContactPhone: MarkdownText(d.Values["contact_phone"]),
		Date:         d.Values["document_date"],
		Signs:        signs,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: Markdown: %w", src.doc, err)
	}
	return buf.Bytes(), docx, nil
}

// guideSectionNumbers numbers the guide's sections as the .docx does
// once the sections that do not apply are left out.
func guideSectionNumbers(show map[string]bool) map[string]int {
	num, n := map[string]int{}, 0
	for _, sec := range []struct {
		name string
		on   bool
	}{
		{"register", show[CondSystemID]}, {"systemid", show[CondSystemID]},
		{"login", show[CondOtherLogin] || !show[CondSystemID]}, {"help", true},
	} {
		num[sec.name] = 0 // the Markdown template asks for each
		if sec.on {
			n++
			num[sec.name] = n
		}
	}
	return num
}

// MarkdownText makes an answer safe to put in running Markdown text (not
// at the start of a line): one line (see Sanitize), and every character
// that would start emphasis, code, a link, a table cell, strike-through or
// a heading is backslash-escaped, as are "<" and "&" where they could
// start HTML, an autolink or an entity. "*Blåbær* [Pro]" shows as typed;
// "Lønn & Regnskap" stays as it is.
func MarkdownText(s string) string {
	s = strings.Join(strings.Fields(Sanitize(s)), " ")
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '~', '#':
			b.WriteByte('\\')
		case '<', '&':
			if i+1 < len(s) && startsMarkup(s[i+1]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// startsMarkup reports whether c after "<" or "&" could make HTML, an
// autolink or an entity.
func startsMarkup(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("#/!?", c) >= 0
}
