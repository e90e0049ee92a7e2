package templates

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Conditional sections. A paragraph of a template's body that holds a
// bookmark named "_when_<condition>" is kept only when the condition
// holds for the answers (Data.Show); otherwise it is left out of the
// document. Word wants bookmark names unique, so a name may end in
// "__<n>" ("_when_signs__2"): the condition is the part before. (Hidden
// bookmarks, as Word names them with a leading underscore: the sources
// need no new placeholder, and a user's own template may use the same
// names.) A condition Data.Show does not name keeps its paragraphs.
//
// When paragraphs are left out, the numbers typed in the rest are put
// right again: list items ("3." then a tab) are numbered 1, 2, 3 … in
// each run of items, and numbered headings ("5  Forpliktelser") 1, 2,
// 3 … through the document.

// Conditions the answers set (see Values and Guide).
const (
	// CondSigns: the system signs for users, or the question is open
	// (the printed form then asks it).
	CondSigns = "signs"
	// CondSignsYes: the system signs for users (answered yes).
	CondSignsYes = "signs_yes"
	// CondPrefill: the system fetches prefill data, or the question is open.
	CondPrefill = "prefill"
	// CondSignsOrPrefill: not both answered no.
	CondSignsOrPrefill = "signs_or_prefill"
	// CondNeither: neither signing nor prefill (both answered no).
	CondNeither = "neither"
	// CondSystemID: customers register the system and give it a SystemID
	// and password (SOAP, not only with an enterprise certificate).
	CondSystemID = "systemid"
	// CondOtherLogin: the system logs in some other way too (or only).
	CondOtherLogin = "other_login"
	// CondNoSystemID: no SystemID (CondSystemID does not hold).
	CondNoSystemID = "no_systemid"
	// CondAuthPrefix + an authentication method (session.AuthMethods):
	// the system logs in that way, other than with a SystemID.
	CondAuthPrefix = "auth_"
)

const whenPrefix = "_when_"

var (
	itemNumber    = regexp.MustCompile(`^[0-9]+\.$`)
	headingNumber = regexp.MustCompile(`^[0-9]+  `)
)

// paragraph is one <w:p> of a part being edited.
type paragraph struct {
	start, end int    // byte range of the whole paragraph
	inCell     bool   // directly inside a table cell
	style      string // w:pStyle
	conds      []string
	text       [2]int // byte range of its first text inside <w:t>; text[1] == 0: none
	drop       bool
}

// applySections leaves out the paragraphs of the part s whose conditions
// do not hold, numbers the rest again, and takes the conditions'
// bookmarks out of what it keeps (they are the template's, not the
// document's). s is returned as it is when it has no such bookmark.
func applySections(s string, show map[string]bool) (string, error) {
	if len(show) == 0 || !strings.Contains(s, `w:name="`+whenPrefix) {
		return s, nil
	}
	paras, marks, err := paragraphsOf(s)
	if err != nil {
		return "", err
	}
	var cuts []cut
	dropped := false
	for i := range paras {
		p := &paras[i]
		for _, c := range p.conds {
			if v, known := show[c]; known && !v {
				p.drop = true
			}
		}
		if p.drop {
			with := ""
			if p.inCell {
				with = "<w:p/>" // a table cell needs a paragraph
			}
			cuts = append(cuts, cut{p.start, p.end, with})
			dropped = true
		}
	}
	if dropped {
		cuts = append(cuts, renumber(s, paras)...)
	}
	for _, m := range marks {
		cuts = append(cuts, cut{m[0], m[1], ""})
	}
	slices.SortFunc(cuts, func(a, b cut) int { return a.start - b.start })
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, c := range cuts {
		if c.start < last { // inside a paragraph left out
			continue
		}
		b.WriteString(s[last:c.start])
		b.WriteString(c.with)
		last = c.end
	}
	b.WriteString(s[last:])
	return b.String(), nil
}

// cut replaces s[start:end] with with.
type cut struct {
	start, end int
	with       string
}

// renumber numbers the kept paragraphs again: list items 1, 2, 3 … in
// each run of items, numbered headings 1, 2, 3 … through the part.
func renumber(s string, paras []paragraph) []cut {
	var cuts []cut
	item, heading := 0, 0
	for _, p := range paras {
		if p.drop {
			continue
		}
		t := ""
		if p.text[1] > 0 {
			t = s[p.text[0]:p.text[1]]
		}
		switch {
		case itemNumber.MatchString(t):
			item++
			cuts = append(cuts, cut{p.text[0], p.text[1], strconv.Itoa(item) + "."})
			continue
		case strings.HasPrefix(p.style, "Heading") && headingNumber.MatchString(t):
			heading++
			cuts = append(cuts, cut{p.text[0], p.text[1], strconv.Itoa(heading) + t[strings.IndexByte(t, ' '):]})
		}
		item = 0
	}
	return cuts
}

// paragraphsOf lists the innermost paragraphs of s, in order, and the
// byte ranges of the conditions' bookmark tags (start and end).
func paragraphsOf(s string) ([]paragraph, [][2]int, error) {
	toks, err := scan(s)
	if err != nil {
		return nil, nil, err
	}
	var out []paragraph
	var marks [][2]int
	ids := map[string]bool{} // w:id of the conditions' bookmarks
	var stack []string       // open elements
	var open []int           // indexes in out of the open paragraphs
	inT := false
	for _, t := range toks {
		cur := -1
		if len(open) > 0 {
			cur = open[len(open)-1]
		}
		switch t.kind {
		case tkStart:
			switch t.name {
			case "w:p":
				out = append(out, paragraph{start: t.start, inCell: len(stack) > 0 && stack[len(stack)-1] == "w:tc"})
				open = append(open, len(out)-1)
			case "w:t":
				inT = true
			}
			stack = append(stack, t.name)
		case tkEnd:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			switch t.name {
			case "w:p":
				if cur >= 0 {
					out[cur].end = t.end
					open = open[:len(open)-1]
				}
			case "w:t":
				inT = false
			}
		case tkEmpty:
			tag := s[t.start:t.end]
			switch t.name {
			case "w:pStyle":
				if cur >= 0 {
					out[cur].style = attr(tag, "w:val")
				}
			case "w:bookmarkStart":
				if name := attr(tag, "w:name"); strings.HasPrefix(name, whenPrefix) {
					ids[attr(tag, "w:id")] = true
					marks = append(marks, [2]int{t.start, t.end})
					if cur >= 0 {
						c, _, _ := strings.Cut(strings.TrimPrefix(name, whenPrefix), "__")
						out[cur].conds = append(out[cur].conds, c)
					}
				}
			case "w:bookmarkEnd":
				if ids[attr(tag, "w:id")] {
					marks = append(marks, [2]int{t.start, t.end})
				}
			}
		case tkText:
			if inT && cur >= 0 && out[cur].text[1] == 0 {
				out[cur].text = [2]int{t.start, t.end}
			}
		}
	}
	return out, marks, nil
}

// attr is the value of the attribute name in the tag (as the built-in
// templates and Word write them: name="value").
func attr(tag, name string) string {
	_, v, ok := strings.Cut(tag, " "+name+`="`)
	if !ok {
		return ""
	}
	v, _, _ = strings.Cut(v, `"`)
	return v
}

// conditions are the conditional sections' conditions for the answers.
func conditions(a *session.Answers) map[string]bool {
	no := func(b *bool) bool { return b != nil && !*b }
	signs, prefill := a.Declaration.SignsForUsers, a.Declaration.UsesPrefill
	has := func(list []string, x string) bool {
		return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), x) })
	}
	soap := has(a.System.Interfaces, session.InterfaceSOAP)
	rest := has(a.System.Interfaces, session.InterfaceREST)
	methods := a.System.AuthMethods
	systemID := soap && (has(methods, session.AuthSystemIDPassword) || !has(methods, session.AuthEnterpriseCertificate))
	show := map[string]bool{
		CondSigns:          !no(signs),
		CondSignsYes:       signs != nil && *signs,
		CondPrefill:        !no(prefill),
		CondSignsOrPrefill: !no(signs) || !no(prefill),
		CondNeither:        no(signs) && no(prefill),
		CondSystemID:       systemID,
		CondNoSystemID:     !systemID,
	}
	other := false
	for _, m := range session.AuthMethods {
		// The enterprise certificate logs in to SOAP and REST; the
		// others are REST's (domain.md, step 3).
		on := has(methods, m) && m != session.AuthSystemIDPassword &&
			(rest || (soap && m == session.AuthEnterpriseCertificate))
		show[CondAuthPrefix+m] = on
		other = other || on
	}
	show[CondOtherLogin] = other
	return show
}

// fillSections fills one part of a template: the body's conditional
// sections first (applySections), then the placeholders (fillPart).
func fillSections(name, part string, d *Data) (string, []string, error) {
	if name == mainPart {
		var err error
		if part, err = applySections(part, d.Show); err != nil {
			return "", nil, err
		}
	}
	return fillPart(part, d)
}
