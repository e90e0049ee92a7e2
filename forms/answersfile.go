package forms

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// MaxAnswersFile is the largest answers file read; real ones are a few kB.
const MaxAnswersFile = 1 << 20

// ParseAnswers reads an answers file (YAML or JSON, which is YAML too)
// strictly: unknown keys are errors (a typo must not vanish), wrong types
// are errors, and every problem is reported at once with its key path,
// together with every problem Check finds. The answers are
// returned normalised when there are no problems.
func ParseAnswers(data []byte) (*session.Answers, []*FieldError) {
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
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []*FieldError{{Path: "(file)", Err: invalid(
			"Filen er ikke gyldig YAML eller JSON: "+err.Error(),
			"The file is not valid YAML or JSON: "+err.Error())}}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, []*FieldError{{Path: "(file)", Err: invalid("Filen er tom", "The file is empty")}}
	}
	var a session.Answers
	d := &nodeDecoder{}
	d.decode(doc.Content[0], reflect.ValueOf(&a).Elem(), "")
	errs := d.errs
	norm, problems := Check(a)
	for _, fe := range problems {
		if !d.reported(fe.Path) {
			errs = append(errs, fe)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return &norm, nil
}

type nodeDecoder struct {
	errs []*FieldError
	bad  map[string]bool
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
func (d *nodeDecoder) reported(path string) bool {
	for p := range d.bad {
		if p == path || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[") {
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
		n = n.Alias
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
		fields := yamlFields(v.Type())
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			kp := join(path, k.Value)
			idx, ok := fields[k.Value]
			if !ok {
				d.add(kp, unknownKey(k, fields))
				continue
			}
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

func unknownKey(k *yaml.Node, fields map[string]int) error {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	hintNB, hintEN := "", ""
	if best := closest(k.Value, names); best != "" {
		hintNB, hintEN = fmt.Sprintf(" Mente du %s?", best), fmt.Sprintf(" Did you mean %s?", best)
	}
	return invalid(
		fmt.Sprintf("Ukjent nøkkel (linje %d).%s Gyldige nøkler her: %s", k.Line, hintNB, strings.Join(names, ", ")),
		fmt.Sprintf("Unknown key (line %d).%s Valid keys here: %s", k.Line, hintEN, strings.Join(names, ", ")))
}

// closest is the valid key within edit distance 2 of a typo, if any.
func closest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
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
