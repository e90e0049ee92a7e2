package forms

import (
	"reflect"
	"sort"

	"gopkg.in/yaml.v3"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// section is a top-level key of an answers file that parseAnswers leaves
// to its own reader: take removes it from the file's mapping before the
// registration answers are decoded, decode reads it with the same strict
// decoder (unknown keys, wrong types, aliases: each with its key path),
// and keep says which of Check's problems with the registration answers
// count for the file.
type section interface {
	// key is the section's top-level key, valid beside the registration
	// answers' own.
	key() string
	take(root *yaml.Node) *yaml.Node
	decode(d *nodeDecoder)
	keep(fe *FieldError) bool
}

// Altinn3Key is the answers file's section of the Altinn 3 track.
const Altinn3Key = "altinn3"

// altinn3Section reads "altinn3:" into session.Altinn3 (its yaml keys:
// maskinporten.client_id/scopes, system.*, customers[]). An Altinn 3
// session needs of the registration answers only the vendor's name and
// organisation number; the others may be left out (any given must be
// right).
type altinn3Section struct {
	node *yaml.Node
	a3   session.Altinn3
	read bool // the file was read as far as the section
}

func (s *altinn3Section) key() string { return Altinn3Key }

func (s *altinn3Section) take(root *yaml.Node) *yaml.Node {
	if root.Kind != yaml.MappingNode {
		return root
	}
	rest := *root
	rest.Content = nil
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == Altinn3Key && s.node == nil {
			s.node = root.Content[i+1]
			continue
		}
		rest.Content = append(rest.Content, root.Content[i], root.Content[i+1])
	}
	return &rest
}

func (s *altinn3Section) decode(d *nodeDecoder) {
	s.read = true
	if s.node != nil {
		d.decode(s.node, reflect.ValueOf(&s.a3).Elem(), Altinn3Key)
	}
	// The values are reported in the order of the file.
	sort.SliceStable(d.values, func(i, j int) bool {
		a, b := d.values[i], d.values[j]
		return a.line < b.line || a.line == b.line && a.column < b.column
	})
}

func (s *altinn3Section) keep(fe *FieldError) bool {
	return !fe.Missing || fe.Path == "vendor.org_number" || fe.Path == "vendor.name"
}

// ParseAnswersAltinn3 reads an answers file for an Altinn 3 session: the
// registration answers (only the vendor's name and organisation number
// are required) and the section "altinn3:", under ParseAnswers' bounds
// and with its messages. The section's values are read, not checked: the
// Altinn 3 core checks them (customers, the system definition) with key
// paths under "altinn3.". The section is returned also with problems
// (what of it could be read), so that its own checks can report theirs
// at the same time; it is nil when the file could not be read at all.
func ParseAnswersAltinn3(data []byte) (*session.Answers, *session.Altinn3, []*FieldError) {
	sec := &altinn3Section{}
	a, errs := parseAnswers(data, sec)
	if len(errs) > 0 {
		if !sec.read {
			return nil, nil, errs
		}
		return nil, &sec.a3, errs
	}
	return a, &sec.a3, nil
}
