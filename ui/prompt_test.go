package ui

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

func prompter(in, lang string) (*Prompter, *strings.Builder) {
	var out strings.Builder
	return NewPrompter(strings.NewReader(in), &out, lang), &out
}

// A choice takes a number; a wrong one is refused in the user's language
// (no prompt library's English) and asked again; an empty line keeps the
// stored answer.
func TestPrompterChoice(t *testing.T) {
	opts := []Option{{Label: "En"}, {Label: "To", About: "den andre"}}
	for _, tc := range []struct {
		lang, in, want string
		current, got   int
	}{
		{"nb", "3\nx\n2\n", "Feil: skriv et nummer fra 1 til 2", -1, 1},
		{"en", "0\n1\n", "Error: type a number from 1 to 2", -1, 0},
		{"nb", "\n", "Lagret svar: To. Tom linje beholder det.", 1, 1},
	} {
		p, out := prompter(tc.in, tc.lang)
		got := -1
		if err := p.Choice("Velg", "", opts, tc.current, func(i int) error { got = i; return nil }); err != nil {
			t.Fatal(err)
		}
		if got != tc.got || !strings.Contains(out.String(), tc.want) || !strings.Contains(out.String(), "2. To – den andre") {
			t.Errorf("%q: got %d\n%s", tc.in, got, out.String())
		}
		if strings.Contains(out.String(), "Enter a number") || strings.Contains(out.String(), "invalid input") {
			t.Errorf("English of a prompt library:\n%s", out.String())
		}
	}
}

// Yes and no in both languages: j, ja, y, yes; n, nei, no.
func TestPrompterYesNo(t *testing.T) {
	for in, want := range map[string]bool{"j": true, "Ja": true, "y": true, "yes": true, "n": false, "nei": false, "NO": false} {
		p, out := prompter("kanskje\n"+in+"\n", "nb")
		got, err := p.YesNo("Ferdig?", "", nil)
		if err != nil || got != want {
			t.Errorf("%q: %v, %v", in, got, err)
		}
		if !strings.Contains(out.String(), "Ferdig? (j/n): ") || !strings.Contains(out.String(), "Feil: svar j (ja) eller n (nei)") {
			t.Errorf("%q:\n%s", in, out.String())
		}
	}
}

// Text spans lines up to one holding only a full stop; a full stop alone
// keeps the stored text.
func TestPrompterText(t *testing.T) {
	p, out := prompter("første\n\nandre\n.\n.\n", "nb")
	var got []string
	set := func(s string) error { got = append(got, s); return nil }
	if err := p.Text("Tekst", "", "", set); err != nil {
		t.Fatal(err)
	}
	if err := p.Text("Tekst", "", "gammel", set); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"første\n\nandre", "gammel"}) || !strings.Contains(out.String(), "avslutt med en linje med bare et punktum (.)") {
		t.Fatalf("%q\n%s", got, out.String())
	}
}

// Several choices by their numbers; 0 chooses none; a wrong number is
// named.
func TestPrompterChoices(t *testing.T) {
	p, out := prompter("1 9\n3,1\n0\n", "en")
	var got [][]int
	set := func(ix []int) error { got = append(got, ix); return nil }
	opts := []Option{{Label: "a"}, {Label: "b"}, {Label: "c"}}
	for range 2 {
		if err := p.Choices("Pick", "", opts, nil, set); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 2 || !slices.Equal(got[0], []int{0, 2}) || len(got[1]) != 0 || !strings.Contains(out.String(), `"9" is not a number from 1 to 3`) {
		t.Fatalf("%v\n%s", got, out.String())
	}
}

// A checker's message is said and the question asked again; the end of
// the input, or Stop, ends the asking with ErrStopped.
func TestPrompterLineChecksAndStops(t *testing.T) {
	p, out := prompter("feil\nrett\n", "nb")
	var got string
	err := p.Line("Svar", "Om svaret", "", func(s string) error {
		if s != "rett" {
			return errors.New("ikke rett")
		}
		got = s
		return nil
	})
	if err != nil || got != "rett" || !strings.Contains(out.String(), "Feil: ikke rett") {
		t.Fatalf("%v %q\n%s", err, got, out.String())
	}
	if err := p.Line("Svar", "", "", func(string) error { return nil }); !errors.Is(err, ErrStopped) {
		t.Fatalf("end of input: %v", err)
	}
	r, _ := io.Pipe() // never answers
	stop := make(chan struct{})
	p = NewPrompter(r, io.Discard, "nb")
	p.Stop = stop
	close(stop)
	if err := p.Line("Svar", "", "", func(string) error { return nil }); !errors.Is(err, ErrStopped) {
		t.Fatalf("stop: %v", err)
	}
}

// A secret read by ReadSecret (no echo) is never printed, and an empty
// line keeps a stored one without calling set.
func TestPrompterSecret(t *testing.T) {
	p, out := prompter("\n", "nb")
	p.ReadSecret = func() (string, error) { return "hemmelig-verdi", nil } // both times
	var got string
	if err := p.Secret("Passord", "", false, func(s string) error { got = s; return nil }); err != nil {
		t.Fatal(err)
	}
	if got != "hemmelig-verdi" || strings.Contains(out.String(), "hemmelig-verdi") || !strings.Contains(out.String(), "Det du skriver, vises ikke.") {
		t.Fatalf("%q\n%s", got, out.String())
	}
	// Typed blind, it is asked twice; two that differ store nothing and
	// ask again.
	p, out = prompter("", "nb")
	typed := []string{"første", "annen", "riktig", "riktig"}
	p.ReadSecret = func() (string, error) {
		if len(typed) == 0 {
			return "", io.EOF
		}
		v := typed[0]
		typed = typed[1:]
		return v, nil
	}
	var sets []string
	if err := p.Secret("Passord", "", false, func(s string) error { sets = append(sets, s); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(sets) != 1 || sets[0] != "riktig" || !strings.Contains(out.String(), "Passord, en gang til") ||
		!strings.Contains(out.String(), "De to er ulike, så ingenting er lagret.") || len(typed) != 0 {
		t.Fatalf("set %q, left %q:\n%s", sets, typed, out.String())
	}
	p, _ = prompter("\n", "nb")
	called := false
	if err := p.Secret("Passord", "", true, func(string) error { called = true; return nil }); err != nil || called {
		t.Fatalf("kept: %v %v", err, called)
	}
}
