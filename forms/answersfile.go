package forms

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// MaxAnswersFile is the largest answers file read. Real ones are a few
// kB (the example is 2 kB; a thousand services would be 100 kB), and
// any file up to this size, however bad, is checked in well under a
// second (BenchmarkParseAnswersWorst).
const MaxAnswersFile = 256 << 10

// ParseAnswers reads an answers file (YAML or JSON, which is YAML too)
// strictly: unknown keys are errors (a typo must not vanish), wrong types
// are errors, and every problem is reported at once with its key path,
// together with every problem Check finds. The answers are
// returned normalised when there are no problems.
func ParseAnswers(data []byte) (*session.Answers, []*FieldError) {
	return parseAnswers(data, nil)
}

// parseAnswers is ParseAnswers; sec, when set, takes a section of the
// file's own (answers_altinn3.go).
func parseAnswers(data []byte, sec section) (*session.Answers, []*FieldError) {
	if len(data) > MaxAnswersFile {
		return nil, []*FieldError{{Path: "(file)", Err: invalid(
			fmt.Sprintf("Filen er for stor (%d byte); en svarfil er vanligvis noen få kB", len(data)),
			fmt.Sprintf("The file is too large (%d bytes); an answers file is usually a few kB", len(data)))}}
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line := bytes.Count(data[:off], []byte("\n")) + 1
		return nil, []*FieldError{{Path: "(file)", Err: invalid(
			fmt.Sprintf("Filen er ikke gyldig UTF-8 (linje %d, byte %d): lagre den som UTF-8", line, off),
			fmt.Sprintf("The file is not valid UTF-8 (line %d, byte %d): save it as UTF-8", line, off))}}
	}
	// YAML reads U+0085, U+2028 and U+2029 as line breaks: in a value
	// they would quietly become a space or a new line. They are refused
	// where they stand; to find the key of each, the file is parsed with
	// each one replaced by a space of the same length in bytes and
	// characters (so every line and column stays where it was).
	seps := lineSeparators(data)
	if len(seps) > 0 {
		data = maskSeparators(data, seps)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, append(separatorProblems(seps, nil), notYAML(err))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, []*FieldError{{Path: "(file)", Err: invalid("Filen er tom", "The file is empty")}}
	}
	var errs []*FieldError
	// A second document ("---" and more) would be ignored by a plain
	// Unmarshal, and everything in it lost without a word.
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case err == io.EOF:
	case err != nil:
		errs = append(errs, notYAML(err))
	default:
		errs = append(errs, &FieldError{Path: "(file)", Err: invalid(
			fmt.Sprintf("Filen har mer enn ett YAML-dokument: et nytt begynner med --- på linje %d. En svarfil er ett dokument: fjern --- og slå svarene sammen", second.Line),
			fmt.Sprintf("The file holds more than one YAML document: a new one starts with --- on line %d. An answers file is one document: remove the --- and merge the answers", second.Line))})
	}
	var a session.Answers
	d := &nodeDecoder{bad: map[string]bool{}}
	root := doc.Content[0]
	if sec != nil {
		root = sec.take(root)
		d.top = yamlKeys(reflect.TypeOf(a)).with(sec.key())
	}
	d.decode(root, reflect.ValueOf(&a).Elem(), "")
	if sec != nil {
		sec.decode(d)
	}
	sepErrs := separatorProblems(seps, d.values)
	for _, fe := range sepErrs {
		// Its value is wrong whatever else is: say only that.
		d.bad[fe.Path] = true
	}
	errs = append(errs, sepErrs...)
	errs = append(errs, d.errs...)
	norm, problems := Check(a)
	for _, fe := range problems {
		if !d.reported(fe.Path) && (sec == nil || sec.keep(fe)) {
			errs = append(errs, fe)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return &norm, nil
}

func notYAML(err error) *FieldError {
	return &FieldError{Path: "(file)", Err: invalid(
		"Filen er ikke gyldig YAML eller JSON: "+clipMessage(err.Error()),
		"The file is not valid YAML or JSON: "+clipMessage(err.Error()))}
}

// clipMessage keeps a parser's message to one short, printable line.
func clipMessage(s string) string {
	const max = 200
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return termtext.Line(s)
}

// separator is a U+0085, U+2028 or U+2029 in the file: its byte offset,
// the character, and its line and column (1-based, columns in
// characters) as the YAML parser counts them in the masked file.
type separator struct {
	off          int
	r            rune
	line, column int
}

func lineSeparators(data []byte) []separator {
	if !bytes.Contains(data, []byte("\u0085")) && !bytes.Contains(data, []byte("\u2028")) && !bytes.Contains(data, []byte("\u2029")) {
		return nil
	}
	var out []separator
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == '\n' || (r == '\r' && (i+1 >= len(data) || data[i+1] != '\n')):
			line, col = line+1, 0
		case r == '\u0085' || r == '\u2028' || r == '\u2029':
			out = append(out, separator{off: i, r: r, line: line, column: col})
		}
		col++
		i += size
	}
	return out
}

// maskSeparators replaces each separator by a space YAML does not break
// on, of the same length: U+00A0 for U+0085 (2 bytes), U+2007 for
// U+2028 and U+2029 (3 bytes).
func maskSeparators(data []byte, seps []separator) []byte {
	out := bytes.Clone(data)
	for _, s := range seps {
		if s.r == '\u0085' {
			copy(out[s.off:], "\u00a0")
		} else {
			copy(out[s.off:], "\u2007")
		}
	}
	return out
}

// separatorProblems reports each separator at the key of the value it is
// in: the last value that starts before it (values are recorded in the
// order of the file).
func separatorProblems(seps []separator, values []valuePos) []*FieldError {
	var out []*FieldError
	v := 0
	for _, s := range seps {
		for v < len(values) && (values[v].line < s.line || values[v].line == s.line && values[v].column <= s.column) {
			v++
		}
		path := "(file)"
		if v > 0 {
			path = values[v-1].path
		}
		name, nameEN := "NEL, «neste linje»", `NEL, "next line"`
		if s.r != '\u0085' {
			name, nameEN = "linjeskilletegn", "line separator"
			if s.r == '\u2029' {
				name, nameEN = "avsnittsskilletegn", "paragraph separator"
			}
		}
		out = append(out, &FieldError{Path: path, Err: invalid(
			fmt.Sprintf("Inneholder det usynlige linjeskiftet U+%04X (%s) på linje %d, tegn %d; YAML leser det som et linjeskift, så det ville blitt et mellomrom uten at du merket det: fjern det", s.r, name, s.line, s.column),
			fmt.Sprintf("Contains the invisible line break U+%04X (%s) on line %d, character %d; YAML reads it as a line break, so it would quietly have become a space: remove it", s.r, nameEN, s.line, s.column))})
	}
	return out
}

// valuePos is where the value of a key path starts in the file.
type valuePos struct {
	path         string
	line, column int
}

type nodeDecoder struct {
	errs   []*FieldError
	bad    map[string]bool
	values []valuePos // every text value decoded, in the order of the file
	// top, when set, are the valid top-level keys for the messages: the
	// registration answers' and a section's ("altinn3").
	top *keySet
}

func (d *nodeDecoder) add(path string, err error) {
	if path == "" {
		path = "(file)"
	}
	d.errs = append(d.errs, &FieldError{Path: path, Err: err})
	if d.bad == nil {
		d.bad = map[string]bool{}
	}
	d.bad[path] = true
}

// reported says whether path, or a path above it, already has a problem,
// so validation does not repeat "required" for a key of the wrong type.
// It looks up path and each path above it (cut at "." or "["), so a file
// with many problems costs time in proportion to its size.
func (d *nodeDecoder) reported(path string) bool {
	if len(d.bad) == 0 {
		return false
	}
	if d.bad[path] {
		return true
	}
	for i := len(path) - 1; i > 0; i-- {
		if (path[i] == '.' || path[i] == '[') && d.bad[path[:i]] {
			return true
		}
	}
	return false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func kindName(n *yaml.Node) (string, string) {
	switch n.Kind {
	case yaml.MappingNode:
		return "en samling av nøkler", "a mapping of keys"
	case yaml.SequenceNode:
		return "en liste", "a list"
	case yaml.AliasNode:
		return "et alias", "an alias"
	}
	return "en enkeltverdi", "a single value"
}

func (d *nodeDecoder) wrongType(n *yaml.Node, path, wantNB, wantEN string) {
	gotNB, gotEN := kindName(n)
	d.add(path, invalid(
		fmt.Sprintf("Skal være %s, men er %s (linje %d)", wantNB, gotNB, n.Line),
		fmt.Sprintf("Must be %s, but is %s (line %d)", wantEN, gotEN, n.Line)))
}

func (d *nodeDecoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode {
		// An alias is refused, not followed: aliases of aliases make a
		// small file decode to billions of values ("billion laughs"),
		// and an answers file has no need of them.
		d.add(path, invalid(
			fmt.Sprintf("Bruker aliaset *%s (linje %d); aliaser og ankere (&navn, *navn) kan ikke brukes i en svarfil: skriv verdien ut", clip(n.Value), n.Line),
			fmt.Sprintf("Uses the alias *%s (line %d); aliases and anchors (&name, *name) cannot be used in an answers file: write the value out", clip(n.Value), n.Line)))
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value: validation says if it is required
	}
	switch v.Kind() {
	case reflect.Pointer:
		nv := reflect.New(v.Type().Elem())
		d.decode(n, nv.Elem(), path)
		v.Set(nv)
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.wrongType(n, path, "en samling av nøkler", "a mapping of keys")
			return
		}
		fields := yamlKeys(v.Type())
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			idx, ok := fields.index[k.Value]
			if !ok {
				// The key is the user's: shown clipped, with any
				// control characters made visible.
				valid := fields
				if path == "" && d.top != nil {
					valid = d.top
				}
				d.add(join(path, termtext.Clip(k.Value, maxShown)), unknownKey(k, valid))
				continue
			}
			kp := join(path, k.Value)
			if seen[k.Value] {
				d.add(kp, invalid(fmt.Sprintf("Nøkkelen står to ganger (linje %d)", k.Line),
					fmt.Sprintf("The key appears twice (line %d)", k.Line)))
				continue
			}
			seen[k.Value] = true
			d.decode(val, v.Field(idx), kp)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.wrongType(n, path, "en liste", "a list")
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.wrongType(n, path, "tekst", "text")
			return
		}
		v.SetString(n.Value)
		d.values = append(d.values, valuePos{path, n.Line, n.Column})
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil || n.Tag != "!!bool" {
			d.add(path, invalid(
				fmt.Sprintf("Skal være true eller false, ikke %s (linje %d)", quoteNB(n.Value), n.Line),
				fmt.Sprintf("Must be true or false, not %s (line %d)", quoteEN(n.Value), n.Line)))
			return
		}
		v.SetBool(b)
	default:
		d.add(path, fmt.Errorf("internal: cannot decode into %s", v.Type()))
	}
}

func unknownKey(k *yaml.Node, fields *keySet) error {
	hintNB, hintEN := "", ""
	if best := closest(k.Value, fields.names); best != "" {
		hintNB, hintEN = " Mente du "+best+"?", " Did you mean "+best+"?"
	}
	return invalid(
		fmt.Sprintf("Ukjent nøkkel (linje %d).%s Gyldige nøkler her: %s", k.Line, hintNB, fields.list),
		fmt.Sprintf("Unknown key (line %d).%s Valid keys here: %s", k.Line, hintEN, fields.list))
}

// closest is the valid key within edit distance 2 of a typo, if any.
func closest(s string, names []string) string {
	best, bestD := "", 3
	n := utf8.RuneCountInString(s)
	for _, name := range names {
		// The distance is at least the difference in length: a long key
		// costs nothing to rule out.
		if d := n - len(name); d >= bestD || -d >= bestD {
			continue
		}
		if d := editDistance(s, name); d < bestD {
			best, bestD = name, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// keySet is the keys of one struct in the answers file.
type keySet struct {
	index map[string]int // yaml key → field index
	names []string       // sorted
	list  string         // names, comma-separated, for messages
}

var keySets sync.Map // reflect.Type → *keySet

// yamlKeys is the keySet of t, worked out once per type.
func yamlKeys(t reflect.Type) *keySet {
	if ks, ok := keySets.Load(t); ok {
		return ks.(*keySet)
	}
	ks := &keySet{index: yamlFields(t)}
	for name := range ks.index {
		ks.names = append(ks.names, name)
	}
	sort.Strings(ks.names)
	ks.list = strings.Join(ks.names, ", ")
	keySets.Store(t, ks)
	return ks
}

// with is ks with one more valid key name (for messages only: the index
// stays ks's).
func (ks *keySet) with(name string) *keySet {
	out := &keySet{index: ks.index, names: append(slices.Clone(ks.names), name)}
	sort.Strings(out.names)
	out.list = strings.Join(out.names, ", ")
	return out
}

// yamlFields maps yaml key names to field indexes.
func yamlFields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" {
			m[name] = i
		}
	}
	return m
}
