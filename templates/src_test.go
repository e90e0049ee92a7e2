package templates

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
)

var placeholderRE = regexp.MustCompile(`\{\{[a-z0-9_]+\}\}`)

// TestTemplateSources fails when an edit of src/ breaks a placeholder:
// every {{...}} is a known field, whole inside one <w:t>, and every field
// a document needs is in it.
func TestTemplateSources(t *testing.T) {
	for _, d := range Docs() {
		have := map[string]bool{}
		err := fs.WalkDir(srcFS, path.Join("src", string(d)), func(p string, e fs.DirEntry, err error) error {
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
				switch {
				case ph.bad != "":
					t.Errorf("%s: malformed %s", p, ph)
				case ph.split:
					t.Errorf("%s: %s is split across runs", p, ph)
				case fieldByName[ph.name].Name == "":
					t.Errorf("%s: unknown placeholder %s", p, ph)
				}
				have[ph.name] = true
			}
			if len(found) != len(raw) {
				t.Errorf("%s: %d placeholders in text, %d in the XML (one outside <w:t>?)", p, len(found), len(raw))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range required[d] {
			if !have[f] {
				t.Errorf("%s: required field {{%s}} missing", d, f)
			}
		}
		rep, err := Check(embedded(t, d))
		if err != nil || !rep.OK() || len(rep.Split) > 0 || len(rep.Missing(d)) > 0 {
			t.Errorf("Check(%s) = %+v, %v", d, rep, err)
		}
	}
}

// TestPackageStructure checks the OOXML plumbing of the embedded
// templates: every relationship target exists, every part has a content
// type, the section is A4 with margins and a footer.
func TestPackageStructure(t *testing.T) {
	relRE := regexp.MustCompile(`Target="([^"]+)"`)
	overRE := regexp.MustCompile(`PartName="/([^"]+)"`)
	defRE := regexp.MustCompile(`Default Extension="([^"]+)"`)
	for _, d := range Docs() {
		parts, err := readParts(embedded(t, d))
		if err != nil {
			t.Fatal(err)
		}
		ct := string(parts["[Content_Types].xml"])
		typed := map[string]bool{}
		for _, m := range overRE.FindAllStringSubmatch(ct, -1) {
			typed[m[1]] = true
			if _, ok := parts[m[1]]; !ok {
				t.Errorf("%s: content type for missing part %s", d, m[1])
			}
		}
		exts := map[string]bool{}
		for _, m := range defRE.FindAllStringSubmatch(ct, -1) {
			exts[m[1]] = true
		}
		for name := range parts {
			if name != "[Content_Types].xml" && !typed[name] && !exts[path.Ext(name)[1:]] {
				t.Errorf("%s: %s has no content type", d, name)
			}
			if !strings.HasSuffix(name, ".rels") {
				continue
			}
			base := path.Dir(path.Dir(name))
			for _, m := range relRE.FindAllStringSubmatch(string(parts[name]), -1) {
				target := path.Join(base, m[1])
				if base == "." {
					target = m[1]
				}
				if _, ok := parts[target]; !ok {
					t.Errorf("%s: %s points to missing %s", d, name, target)
				}
			}
		}
		for _, need := range []string{"_rels/.rels", "word/_rels/document.xml.rels"} {
			if _, ok := parts[need]; !ok {
				t.Errorf("%s: no %s", d, need)
			}
		}
		for _, need := range []string{"word/styles.xml", "word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "docProps/core.xml", "docProps/app.xml"} {
			if !typed[need] {
				t.Errorf("%s: %s has no override", d, need)
			}
		}
		doc := string(parts["word/document.xml"])
		for _, want := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `<w:pgMar w:top="1418"`, `<w:footerReference w:type="default" r:id="rId4"/>`, `<w:pStyle w:val="Heading1"/>`} {
			if !strings.Contains(doc, want) {
				t.Errorf("%s: document.xml lacks %s", d, want)
			}
		}
		if !strings.Contains(string(parts["word/styles.xml"]), `w:ascii="Arial"`) {
			t.Errorf("%s: no default font", d)
		}
		for _, w := range []string{"altinn-onboard", "ikke identisk med det offisielle skjemaet"} {
			if !strings.Contains(string(parts["word/footer1.xml"]), w) {
				t.Errorf("%s: footer lacks %q", d, w)
			}
		}
		if strings.Contains(strings.ToLower(doc), "offisielt skjema") && !strings.Contains(doc, "ikke det offisielle") {
			t.Errorf("%s: claims to be the official form", d)
		}
	}
}
