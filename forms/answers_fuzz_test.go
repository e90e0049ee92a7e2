package forms

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzParseAnswers feeds ParseAnswers what an attacker (or a careless
// editor) may put in an answers file. It must never panic; every problem
// has a key path and a message in both languages; and what it accepts
// reads back, accepted and the same, when written out again as YAML or
// as JSON (the normalised answers are a fixed point of the whole check).
func FuzzParseAnswers(f *testing.F) {
	example, err := os.ReadFile(filepath.Join("..", "examples", "answers.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	a, problems := ParseAnswers(example)
	if len(problems) > 0 {
		f.Fatalf("the example answers have problems: %v", problems)
	}
	asJSON, err := json.Marshal(a)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(asJSON)
	s := string(example)
	for _, seed := range []string{
		"", "{}", "[]", "null", "~", "---\n", "--- {}\n--- {}\n", "\ufeffvendor: {}\n",
		s[:len(s)/2],
		strings.Replace(s, "vendor:", "vendor: &v", 1) + "\ncopy: *v\n",
		strings.Replace(s, `org_number: "123456785"`, "org_number: 123456785", 1),
		strings.Replace(s, `org_number: "123456785"`, "org_number: [1, 2]", 1),
		strings.Replace(s, "signs_for_users: true", "signs_for_users: yes", 1),
		strings.Replace(s, "signs_for_users: true", "signs_for_users: \"true\"", 1),
		strings.Replace(s, `date: "2026-11-25"`, "date: 2026-11-25", 1),
		strings.Replace(s, `date: "2026-11-25"`, `date: "0000-01-01"`, 1),
		strings.Replace(s, "services:", "services: !!map", 1),
		strings.Replace(s, "name: Blåbær Regnskap AS", "name: \"Bl\\u00e5b\\u0085r\\u001b[2J\"", 1),
		strings.Replace(s, "interfaces: [soap, rest]", "interfaces: [soap, soap, rest, ftp]", 1),
		"vendor:\n  org_number: \"1\"\n  org_number: \"2\"\n",
		"a: &a [*a]\n",
		"x: &x\n  - *x\n",
		"vendor:\n\tname: tab\n",
		"vendor: {name: \"\xff\"}\n",
		"? [a, b]\n: c\n",
		"!!binary gIGC\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, problems := ParseAnswers(data)
		if len(problems) > 0 {
			if a != nil {
				t.Fatalf("answers returned with %d problems", len(problems))
			}
			for _, p := range problems {
				if p == nil || p.Path == "" || p.Err == nil {
					t.Fatalf("problem without a path or an error: %#v", p)
				}
				if strings.TrimSpace(Localize(p.Err, NB)) == "" || strings.TrimSpace(Localize(p.Err, EN)) == "" {
					t.Fatalf("%s: a message is empty in one language", p.Path)
				}
			}
			return
		}
		if a == nil {
			t.Fatal("no problems and no answers")
		}
		for name, marshal := range map[string]func(any) ([]byte, error){"YAML": yaml.Marshal, "JSON": json.Marshal} {
			out, err := marshal(a)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			b, problems := ParseAnswers(out)
			if len(problems) > 0 {
				t.Fatalf("accepted answers written as %s are refused: %v\n%s", name, problems, out)
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("accepted answers written as %s read back differently:\n%+v\n%+v", name, a, b)
			}
		}
	})
}
