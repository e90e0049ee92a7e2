package templates

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// This file edits WordprocessingML as text. Going through encoding/xml
// would rewrite namespace prefixes, which Word refuses, so the parts are
// scanned into tags and text with byte offsets (xmlscan.go) and edited in
// place.

// textNode is the content of one <w:t> element.
type textNode struct {
	seg      int // paragraph segment: placeholders never cross one
	tag      int // index of the <w:t> start token
	tagStart int // byte range of the start tag
	tagEnd   int
	cs, ce   int // byte range of the (escaped) content
	trStart  int // byte range of the innermost enclosing <w:tr>, or -1
	trEnd    int
}

// textNodes finds every <w:t> content range, the paragraph segment it
// belongs to (a segment ends at every <w:p> start or end, so nested
// paragraphs in text boxes are segments of their own) and the table row
// around it.
func textNodes(s string, toks []token) []textNode {
	var nodes []textNode
	seg := 0
	var trs []int // stack of <w:tr> start token indexes
	trEnd := map[int]int{}
	var nodeTr []int
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.name == "w:p" && (t.kind == tkStart || t.kind == tkEnd):
			seg++
		case t.name == "w:tr" && t.kind == tkStart:
			trs = append(trs, i)
		case t.name == "w:tr" && t.kind == tkEnd:
			if len(trs) > 0 {
				trEnd[trs[len(trs)-1]] = i
				trs = trs[:len(trs)-1]
			}
		case t.name == "w:t" && t.kind == tkStart:
			n := textNode{seg: seg, tag: i, tagStart: t.start, tagEnd: t.end, cs: t.end, ce: t.end, trStart: -1, trEnd: -1}
			j := i + 1
			for ; j < len(toks); j++ {
				if toks[j].kind == tkEnd && toks[j].name == "w:t" {
					n.ce = toks[j].start
					break
				}
			}
			tr := -1
			if len(trs) > 0 {
				tr = trs[len(trs)-1]
			}
			nodes = append(nodes, n)
			nodeTr = append(nodeTr, tr)
			i = j
		}
	}
	for k, tr := range nodeTr {
		if tr < 0 {
			continue
		}
		if e, ok := trEnd[tr]; ok {
			nodes[k].trStart = toks[tr].start
			nodes[k].trEnd = toks[e].end
		}
	}
	return nodes
}

// span is one {{...}} found in the text of a segment.
type span struct {
	a, e int    // byte range in the segment's concatenated text
	name string // between the braces, unescaped
	bad  string // why it is malformed, "" when well-formed
}

// validName says whether a placeholder name is snake_case: one or more
// of a-z, 0-9 and _.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// maxPlaceholder bounds the length of a placeholder name, so a stray "{{"
// is reported as unclosed instead of swallowing a page of text.
const maxPlaceholder = 80

// findSpans finds placeholders in text. Malformed ones carry a reason.
func findSpans(text string) []span {
	var out []span
	i := 0
	for {
		k := strings.Index(text[i:], "{{")
		if k < 0 {
			return out
		}
		a := i + k
		for a+2 < len(text) && text[a+2] == '{' {
			a++ // "{{{x}}}": a literal brace before {{x}}
		}
		rest := text[a+2:]
		c := strings.Index(rest, "}}")
		o := strings.Index(rest, "{{")
		if c < 0 || (o >= 0 && o < c) || c > maxPlaceholder {
			out = append(out, span{a: a, e: a + 2, name: snippet(rest), bad: badUnclosed})
			i = a + 2
			continue
		}
		sp := span{a: a, e: a + 2 + c + 2, name: unescape(rest[:c])}
		if !validName(sp.name) {
			sp.bad = badName
		}
		out = append(out, sp)
		i = sp.e
	}
}

func snippet(s string) string {
	s = unescape(s)
	if utf8.RuneCountInString(s) > 20 {
		r := []rune(s)
		s = string(r[:20]) + "…"
	}
	return s
}

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&quot;", `"`, "&apos;", "'")

func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return unescaper.Replace(s)
}

// placeholder is one occurrence found in a part.
type placeholder struct {
	name  string
	split bool
	bad   string
	row   bool // inside a table row
}

func (p placeholder) String() string {
	if p.bad == badUnclosed {
		return "{{" + p.name
	}
	return "{{" + p.name + "}}"
}

// joinSplit finds the placeholders of a part and moves every placeholder
// that Word split across runs into the first of its <w:t> elements, so each
// placeholder afterwards lies whole inside one <w:t>. Elements between the
// runs (proofErr, bookmarks, empty runs) stay where they are.
func joinSplit(s string) (string, []placeholder, error) {
	toks, err := scan(s)
	if err != nil {
		return "", nil, err
	}
	nodes := textNodes(s, toks)
	var found []placeholder
	var edits map[int]string // node index → new content
	for first := 0; first < len(nodes); {
		last := first
		for last < len(nodes) && nodes[last].seg == nodes[first].seg {
			last++
		}
		seg := nodes[first:last]
		start := first
		first = last

		var b strings.Builder
		offs := make([]int, len(seg)+1) // offs[k]: start of node k in the segment text
		for k, n := range seg {
			offs[k] = b.Len()
			b.WriteString(s[n.cs:n.ce])
		}
		offs[len(seg)] = b.Len()
		text := b.String()
		if !strings.Contains(text, "{{") {
			continue
		}
		nodeAt := func(pos int) int {
			return sort.Search(len(seg), func(k int) bool { return offs[k+1] > pos })
		}
		lo := slicesClone(offs[:len(seg)])
		hi := slicesClone(offs[1:])
		moved := false
		for _, sp := range findSpans(text) {
			f, l := nodeAt(sp.a), nodeAt(sp.e-1)
			found = append(found, placeholder{name: sp.name, bad: sp.bad, split: f != l, row: seg[f].trStart >= 0})
			if f == l || sp.bad != "" {
				continue
			}
			moved = true
			hi[f] = sp.e
			for m := f + 1; m < l; m++ {
				lo[m], hi[m] = sp.e, sp.e
			}
			lo[l] = sp.e
		}
		if !moved {
			continue
		}
		if edits == nil {
			edits = map[int]string{}
		}
		for k := range seg {
			if lo[k] != offs[k] || hi[k] != offs[k+1] {
				edits[start+k] = text[lo[k]:hi[k]]
			}
		}
	}
	if edits == nil {
		return s, found, nil
	}
	var out strings.Builder
	out.Grow(len(s))
	cur := 0
	for k, n := range nodes {
		c, ok := edits[k]
		if !ok {
			continue
		}
		out.WriteString(s[cur:n.tagStart])
		out.WriteString(preserveTag(s[n.tagStart:n.tagEnd]))
		out.WriteString(c)
		cur = n.ce
	}
	out.WriteString(s[cur:])
	return out.String(), found, nil
}

func slicesClone(a []int) []int { return append([]int(nil), a...) }

// preserveTag returns a <w:t> start tag that keeps spaces.
func preserveTag(tag string) string {
	if strings.Contains(tag, "xml:space") {
		return tag
	}
	return `<w:t xml:space="preserve">`
}

// lookupFunc returns the value and kind of a field, ok=false when this pass
// has no value for it.
type lookupFunc func(name string) (value string, kind FieldKind, ok bool)

// replace substitutes every placeholder lying whole inside one <w:t> of s.
// With partial set, placeholders lookup does not know are left in place;
// otherwise each one is a problem. s must have been through joinSplit.
func replace(s string, lookup lookupFunc, partial bool) (string, []string, error) {
	if !strings.Contains(s, "{{") {
		return s, nil, nil
	}
	toks, err := scan(s)
	if err != nil {
		return "", nil, err
	}
	var problems []string
	var out strings.Builder
	out.Grow(len(s) + len(s)/4)
	cur := 0
	for _, n := range textNodes(s, toks) {
		content := s[n.cs:n.ce]
		if !strings.Contains(content, "{{") {
			continue
		}
		var c strings.Builder
		at := 0
		for _, sp := range findSpans(content) {
			if sp.bad != "" {
				if !partial {
					problems = append(problems, fmt.Sprintf("malformed placeholder %q (%s)", placeholder{name: sp.name, bad: sp.bad}.String(), sp.bad))
				}
				continue
			}
			v, kind, ok := lookup(sp.name)
			if !ok {
				if !partial {
					if _, known := fieldByName[sp.name]; known {
						problems = append(problems, fmt.Sprintf("placeholder {{%s}} has no value", sp.name))
					} else {
						problems = append(problems, fmt.Sprintf("unknown placeholder {{%s}}", sp.name))
					}
				}
				continue
			}
			c.WriteString(content[at:sp.a])
			c.WriteString(render(v, kind))
			at = sp.e
		}
		if at == 0 {
			continue
		}
		c.WriteString(content[at:])
		out.WriteString(s[cur:n.tagStart])
		out.WriteString(preserveTag(s[n.tagStart:n.tagEnd]))
		out.WriteString(c.String())
		cur = n.ce
	}
	if cur == 0 {
		return s, problems, nil
	}
	out.WriteString(s[cur:])
	return out.String(), problems, nil
}

// lineBreak closes the text element, adds a real line break and opens a new
// text element in the same run.
const lineBreak = `</w:t><w:br/><w:t xml:space="preserve">`

// render turns a value into the escaped content of a <w:t>: sanitized,
// escaped exactly once, and for MultiLine with real line breaks.
func render(v string, kind FieldKind) string {
	v = Sanitize(v)
	if kind != MultiLine {
		return escape(strings.Join(strings.Fields(strings.ReplaceAll(v, "\n", " ")), " "))
	}
	lines := strings.Split(strings.Trim(v, "\n"), "\n")
	for i, l := range lines {
		lines[i] = escape(strings.TrimRight(l, " \t"))
	}
	return strings.Join(lines, lineBreak)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escape(s string) string { return escaper.Replace(s) }

// Sanitize makes s safe to put in a document: invalid UTF-8 becomes U+FFFD,
// characters XML 1.0 forbids and other control characters are dropped
// (tab becomes a space), line ends become "\n", and a doubled brace gets a
// zero-width space between its halves so no value can look like a
// placeholder.
func Sanitize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			r = '\n'
		case r == '\t':
			r = ' '
		case r == '\n':
		case r < 0x20, r >= 0x7F && r <= 0x9F:
			continue
		case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			continue
		}
		if (r == '{' || r == '}') && prev == r {
			b.WriteRune('\u200B')
		}
		b.WriteRune(r)
		prev = r
	}
	return strings.TrimSpace(b.String())
}

// rowFields are the per-service placeholders.
func isRowField(name string) bool {
	f, ok := fieldByName[name]
	return ok && f.Kind == Row
}

// copyIDs and copyBookmark find what a copied table row must not repeat:
// Word's paragraph IDs and bookmarks. Compiled when a row is first copied.
var (
	copyIDs      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(` w14:(paraId|textId)="[^"]*"`) })
	copyBookmark = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<w:bookmark(Start|End)\b[^>]*/>`) })
)

// expandRows repeats every table row holding a per-service placeholder once
// per service and fills the per-service placeholders in each copy.
func expandRows(s string, services []map[string]string) (string, []string, error) {
	if !strings.Contains(s, "{{service_") {
		return s, nil, nil
	}
	toks, err := scan(s)
	if err != nil {
		return "", nil, err
	}
	type row struct{ lo, hi int }
	var rows []row
	var problems []string
	seen := map[int]bool{}
	for _, n := range textNodes(s, toks) {
		content := s[n.cs:n.ce]
		if !strings.Contains(content, "{{") {
			continue
		}
		for _, sp := range findSpans(content) {
			if sp.bad != "" || !isRowField(sp.name) {
				continue
			}
			if n.trStart < 0 {
				problems = append(problems, fmt.Sprintf("placeholder {{%s}} must be inside a table row (the row is repeated per service)", sp.name))
				continue
			}
			if !seen[n.trStart] {
				seen[n.trStart] = true
				rows = append(rows, row{n.trStart, n.trEnd})
			}
		}
	}
	if len(problems) > 0 || len(rows) == 0 {
		return s, problems, nil
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].lo < rows[j].lo })
	var out strings.Builder
	cur := 0
	for _, r := range rows {
		if r.lo < cur {
			continue // a row nested inside a row already expanded
		}
		out.WriteString(s[cur:r.lo])
		tmpl := s[r.lo:r.hi]
		for i, svc := range services {
			filled, _, err := replace(tmpl, func(name string) (string, FieldKind, bool) {
				v, ok := svc[name]
				return v, Row, ok && isRowField(name)
			}, true)
			if err != nil {
				return "", nil, err
			}
			if i > 0 {
				filled = copyIDs().ReplaceAllString(filled, "")
				filled = copyBookmark().ReplaceAllString(filled, "")
			}
			out.WriteString(filled)
		}
		cur = r.hi
	}
	out.WriteString(s[cur:])
	return out.String(), nil, nil
}

// fillPart fills one XML part. Problems (unknown, malformed or unfilled
// placeholders) come back as a list; err is for parts that cannot be
// scanned at all.
func fillPart(s string, d *Data) (string, []string, error) {
	if !strings.Contains(s, "{{") {
		return s, nil, nil
	}
	s, found, err := joinSplit(s)
	if err != nil {
		return "", nil, err
	}
	var problems []string
	for _, p := range found {
		switch {
		case p.bad != "":
			problems = append(problems, fmt.Sprintf("malformed placeholder %q (%s)", p.String(), p.bad))
		case fieldByName[p.name].Name == "":
			problems = append(problems, fmt.Sprintf("unknown placeholder {{%s}}", p.name))
		}
	}
	if len(problems) > 0 {
		return "", dedupe(problems), nil
	}
	s, problems, err = expandRows(s, d.Services)
	if err != nil || len(problems) > 0 {
		return "", dedupe(problems), err
	}
	s, problems, err = replace(s, func(name string) (string, FieldKind, bool) {
		f, known := fieldByName[name]
		v, ok := d.Values[name]
		return v, f.Kind, ok && known
	}, false)
	if err != nil || len(problems) > 0 {
		return "", dedupe(problems), err
	}
	return s, nil, nil
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	out := list[:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
