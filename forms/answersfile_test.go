package forms

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func example(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// problemAt finds the problem at path whose English text holds want, and
// checks that the Norwegian one holds wantNB.
func problemAt(t *testing.T, errs []*FieldError, path, want, wantNB string) {
	t.Helper()
	for _, e := range errs {
		if e.Path == path && strings.Contains(e.Text(EN), want) {
			if !strings.Contains(e.Text(NB), wantNB) {
				t.Errorf("%s: Norwegian %q lacks %q", path, e.Text(NB), wantNB)
			}
			return
		}
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Text(EN))
	}
	t.Fatalf("no problem at %s saying %q; got:\n%s", path, want, strings.Join(got, "\n"))
}

func TestParseAnswersRefusesSecondDocument(t *testing.T) {
	good := example(t)
	for name, extra := range map[string]string{
		"second document": "---\nvendor:\n  name: Other AS\n",
		"empty second":    "---\n",
	} {
		t.Run(name, func(t *testing.T) {
			a, errs := ParseAnswers([]byte(good + extra))
			if a != nil {
				t.Fatal("accepted")
			}
			line := strings.Count(good, "\n") + 1
			problemAt(t, errs, "(file)", "more than one YAML document: a new one starts with --- on line "+strconv.Itoa(line), "mer enn ett YAML-dokument")
		})
	}
	// A "---" before the one document is fine, and so is "..." after it.
	if _, errs := ParseAnswers([]byte("---\n" + good + "...\n")); len(errs) > 0 {
		t.Fatalf("--- before and ... after: %v", errs)
	}
}

// Billion laughs: every service is an alias of a mapping whose
// environments are an alias of a long list. Followed, 300 aliases of a
// 300-item list decode to 90,000 values (and a few more levels to
// billions); refused, each alias is one problem.
func TestParseAnswersRefusesAliases(t *testing.T) {
	var b strings.Builder
	b.WriteString("x: &envs [" + strings.Repeat("nowhere, ", 300) + "nowhere]\n")
	b.WriteString("y: &svc {code: \"1\", edition: \"1\", name: A, environments: *envs}\n")
	b.WriteString("system:\n  services: [" + strings.Repeat("*svc, ", 299) + "*svc]\n")
	a, errs := ParseAnswers([]byte(b.String()))
	if a != nil {
		t.Fatal("accepted")
	}
	if len(errs) > 400 {
		t.Fatalf("%d problems: the aliases were followed", len(errs))
	}
	problemAt(t, errs, "system.services[0]", "Uses the alias *svc (line 4); aliases and anchors", "aliaset *svc")

}

func TestParseAnswersRefusesInvisibleLineBreaks(t *testing.T) {
	good := example(t)
	for _, c := range []struct {
		name, old, new, path string
		line, char           int
		code                 string
	}{
		// Quoted, YAML folded NEL into a space: "Blåbær Regnskap AS".
		{"NEL in quotes", "name: Blåbær Regnskap AS", "name: \"Blåbær\u0085Regnskap AS\"", "vendor.name", 7, 16, "U+0085"},
		// Plain, the NEL broke the line and the parser gave up.
		{"NEL plain", "city: Oslo", "city: Os\u0085lo", "vendor.city", 10, 11, "U+0085"},
		{"line separator in a list", "interfaces: [soap, rest]", "interfaces: [soap, re\u2028st]", "system.interfaces[1]", 27, 24, "U+2028"},
		{"paragraph separator in a block", "    All trafikk", "    All\u2029 trafikk", "declaration.security_measures", 40, 8, "U+2029"},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(good, c.old, c.new, 1)
			if text == good {
				t.Fatal("the example changed; update this test")
			}
			a, errs := ParseAnswers([]byte(text))
			if a != nil {
				t.Fatalf("accepted: %q", a.Vendor.Name)
			}
			problemAt(t, errs, c.path, "Contains the invisible line break "+c.code, "usynlige linjeskiftet "+c.code)
			problemAt(t, errs, c.path, "on line "+strconv.Itoa(c.line)+", character "+strconv.Itoa(c.char), "på linje "+strconv.Itoa(c.line)+", tegn "+strconv.Itoa(c.char))
			if len(errs) != 1 {
				t.Errorf("want only that problem, got %v", errs)
			}
		})
	}
}

func TestParseAnswersManyProblems(t *testing.T) {
	// 40,000 wrong list items, each its own problem (this took 143 s).
	var b strings.Builder
	b.WriteString("system:\n  services:\n")
	for range 40000 {
		b.WriteString("  - x\n")
	}
	if b.Len() > MaxAnswersFile {
		t.Fatalf("%d bytes is over the limit", b.Len())
	}
	_, errs := ParseAnswers([]byte(b.String()))
	n := 0
	for _, e := range errs {
		if strings.HasPrefix(e.Path, "system.services[") {
			n++
		}
	}
	if n != 40000 {
		t.Fatalf("%d problems in system.services, want 40000", n)
	}
}

func TestParseAnswersUnknownKeyShownSafely(t *testing.T) {
	key := "\"evil\\e]0;title\\a\\e[2J" + strings.Repeat("x", 100) + "\""
	_, errs := ParseAnswers([]byte(strings.Replace(example(t), "vendor:\n", "vendor:\n  "+key+": 1\n", 1)))
	for _, e := range errs {
		if strings.HasPrefix(e.Path, "vendor.evil") {
			if strings.ContainsAny(e.Path, "\x1b\x07") || len(e.Path) > 80 {
				t.Fatalf("path not made safe: %q", e.Path)
			}
			if !strings.HasPrefix(e.Path, `vendor.evil\x1b]0;title\x07\x1b[2J`) {
				t.Fatalf("path %q does not show the escapes", e.Path)
			}
			return
		}
	}
	t.Fatalf("no unknown key problem: %v", errs)
}

func TestParseAnswersOversized(t *testing.T) {
	_, errs := ParseAnswers(make([]byte, MaxAnswersFile+1))
	problemAt(t, errs, "(file)", "The file is too large", "Filen er for stor")
}

func TestDateRange(t *testing.T) {
	today := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for _, s := range []string{"2000-01-01", "2026-11-25", "2031-12-31", "2024-02-29"} {
		if err := DateOn(s, today); err != nil {
			t.Errorf("%s refused: %v", s, err)
		}
	}
	for _, s := range []string{"0000-01-01", "1999-12-31", "2032-01-01", "9999-12-31"} {
		err := DateOn(s, today)
		if err == nil {
			t.Errorf("%s accepted", s)
			continue
		}
		if got := Localize(err, EN); !strings.Contains(got, "write a date from 2000-01-01 to 2031-12-31") || !strings.Contains(got, s) {
			t.Errorf("%s: %q", s, got)
		}
		if got := Localize(err, NB); !strings.Contains(got, "skriv en dato fra 01.01.2000 til 31.12.2031") {
			t.Errorf("%s: %q", s, got)
		}
	}
	for _, s := range []string{"2026-02-30", "31.11.2026", "2026-1-5", "25/11/2026", ""} {
		if err := DateOn(s, today); err == nil || !strings.Contains(Localize(err, EN), "is not a valid date") {
			t.Errorf("%q: %v", s, err)
		}
	}
	// In an answers file.
	_, errs := ParseAnswers([]byte(strings.Replace(example(t), `date: "2026-11-25"`, `date: "9999-12-31"`, 1)))
	problemAt(t, errs, "signer.date", "is outside the dates accepted", "utenfor det datoen kan være")
}

// FuzzAnswersFileMessages: whatever the file, ParseAnswers returns, and
// no key path or message it makes holds a control character that would
// reach the terminal.
func FuzzAnswersFileMessages(f *testing.F) {
	f.Add("vendor:\n  name: \"a\u0085b\"\n")
	f.Add("a: &x [1]\nb: *x\n---\nc: 1\n")
	f.Add("\"\\e[2J\": 1\nsigner:\n  date: 0000-01-01\n")
	f.Fuzz(func(t *testing.T, s string) {
		_, errs := ParseAnswers([]byte(s))
		for _, e := range errs {
			for _, text := range []string{e.Path, e.Text(EN), e.Text(NB)} {
				if strings.ContainsAny(text, "\x1b\x07\r\u0085\u2028\u2029\u202e") {
					t.Fatalf("unsafe text %q", text)
				}
			}
		}
	})
}
