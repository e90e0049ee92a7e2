package termtext_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
)

// hostile is a vendor name as an attacker would import it: it retitles
// the terminal (OSC 0 ... BEL), clears the screen (CSI 2J) and reverses
// the text after it (RIGHT-TO-LEFT OVERRIDE).
const hostile = "Fjord\x1b]0;pwned\x07 AS\x1b[2J\u202eSA\u2066x\u2069\u0085y\u2028z\r"

func TestLineShowsEveryEscape(t *testing.T) {
	got := termtext.Line(hostile)
	want := `Fjord\x1b]0;pwned\x07 AS\x1b[2J\u202eSA\u2066x\u2069\u0085y\u2028z\x0d`
	if got != want {
		t.Fatalf("Line(%q)\n = %q\nwant %q", hostile, got, want)
	}
	assertSafe(t, got, false)
}

func TestLineKeepsOrdinaryText(t *testing.T) {
	for _, s := range []string{"", "Kunde Blåbær AS", "Ærlige Øl & Å 🇳🇴", "👩‍💻 team", `C:\Users\ola`, "\uFFFD"} {
		if got := termtext.Line(s); got != s {
			t.Errorf("Line(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestLineEscapesTabsNewlinesAndBadBytes(t *testing.T) {
	got := termtext.Line("a\tb\nc\xffd\x7f")
	if want := `a\x09b\x0ac\xffd\x7f`; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestTextKeepsLinesAndTabs(t *testing.T) {
	got := termtext.Text("line 1\n\tline 2\r\n\x1b[2J")
	if want := "line 1\n\tline 2\\x0d\n\\x1b[2J"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	assertSafe(t, got, true)
}

func TestFrameKeepsColoursOnly(t *testing.T) {
	frame := "\x1b[1;38;5;12mTitle\x1b[0m " + hostile + " \x1b[m"
	got := termtext.Frame(frame)
	if !strings.HasPrefix(got, "\x1b[1;38;5;12mTitle\x1b[0m ") || !strings.HasSuffix(got, " \x1b[m") {
		t.Fatalf("colours lost: %q", got)
	}
	if strings.Contains(got, "\x1b]") || strings.Contains(got, "\x1b[2J") || strings.Contains(got, "\x07") || strings.ContainsRune(got, '\u202e') {
		t.Fatalf("escape kept: %q", got)
	}
	if !strings.Contains(got, `\x1b]0;pwned\x07`) || !strings.Contains(got, `\x1b[2J`) {
		t.Fatalf("escape not shown: %q", got)
	}
	// A sequence cut short is not a colour.
	if got := termtext.Frame("\x1b[31"); got != `\x1b[31` {
		t.Fatalf("Frame(ESC[31) = %q", got)
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"sk-live-0123456789", 4, "sk-l…"},
		{"abc", 4, "abc"},
		{"abcd", 4, "abcd"},
		{"æøå\x1bx", 4, `æøå\x1b…`},
		{"x", 0, ""},
	} {
		if got := termtext.Clip(c.in, c.n); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

func assertSafe(t *testing.T, s string, multi bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%q is not valid UTF-8", s)
	}
	for _, r := range s {
		if multi && (r == '\n' || r == '\t') {
			continue
		}
		if termtext.Unsafe(r) {
			t.Fatalf("%q still holds %U", s, r)
		}
	}
}

func FuzzNeutralise(f *testing.F) {
	f.Add(hostile)
	f.Add("\x1b[31mred\x1b[0m\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		assertSafe(t, termtext.Line(s), false)
		assertSafe(t, termtext.Text(s), true)
		fr := termtext.Frame(s)
		if !utf8.ValidString(fr) {
			t.Fatalf("Frame(%q) is not valid UTF-8", s)
		}
		// Only colour sequences may keep their ESC.
		for i := 0; i < len(fr); i++ {
			if fr[i] != 0x1b {
				continue
			}
			j := i + 2
			for j < len(fr) && (fr[j] >= '0' && fr[j] <= '9' || fr[j] == ';' || fr[j] == ':') {
				j++
			}
			if i+1 >= len(fr) || fr[i+1] != '[' || j >= len(fr) || fr[j] != 'm' {
				t.Fatalf("Frame(%q) = %q keeps an ESC that starts no colour", s, fr)
			}
		}
	})
}

func TestJSONKeepsValues(t *testing.T) {
	in := map[string]string{"name": hostile + "\x7f\u009b31m\U000e0041", "plain": "Blåbær"}
	data, err := json.MarshalIndent(in, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	got := termtext.JSON(data)
	for _, r := range string(got) {
		if termtext.Unsafe(r) && r != '\n' && r != '\t' {
			t.Fatalf("%q still holds %U", got, r)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	if back["name"] != in["name"] || back["plain"] != in["plain"] {
		t.Fatalf("values changed: %q", back)
	}
	plain := []byte(`{"a":"Blåbær"}`)
	if got := termtext.JSON(plain); string(got) != string(plain) {
		t.Fatalf("clean JSON changed: %s", got)
	}
}
