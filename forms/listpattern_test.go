package forms

import (
	"regexp"
	"testing"
)

// indexes and elementSuffix are the regexps listPattern and fieldKey
// replace (compiled here only, not in every run of the program).
var (
	indexes       = regexp.MustCompile(`\[[0-9]+\]`)
	elementSuffix = regexp.MustCompile(`\[[0-9]+\]$`)
)

func FuzzListPatternIsTheRegexp(f *testing.F) {
	for _, s := range []string{"", "system.services[3].code", "system.services[12].environments[0]", "a[]", "a[x]", "a[1", "a]1[",
		"[0]", "a[1][2]", "a[[1]]", "a[1]]", "system.interfaces[0]", "contact.name", "a[01]b[9]", "æ[1]ø", "a[1]\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := listPattern(s), indexes.ReplaceAllString(s, "[]"); got != want {
			t.Errorf("listPattern(%q) = %q, the regexp gives %q", s, got, want)
		}
		if got, want := fieldKey(s), elementSuffix.ReplaceAllString(s, ""); got != want {
			t.Errorf("fieldKey(%q) = %q, the regexp gives %q", s, got, want)
		}
	})
}
