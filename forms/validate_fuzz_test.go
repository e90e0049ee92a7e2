package forms

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Every fuzz target checks that its validator does not panic, that any error is a
// well-formed ValidationError (assertVE), and the invariants of what it accepts.

func allASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(rune(s[i])) {
			return false
		}
	}
	return true
}

var textSeeds = []string{
	"", " ", "\t", "\n", "\r\n", "\r", "abc", "æøå ÆØÅ", "١٢٣", "１２３", "\xff", "\xc3",
	"\x00", "\x1b[31m", "\u2028", "\u202E", "👩‍💻", strings.Repeat("x", 300),
}

func FuzzOrgNumber(f *testing.F) {
	for _, s := range append([]string{"123456785", "974760673", "123 456 785", "0192:123456785",
		"0192: 991 825 827", "123456789", "123456700", "12345678", "9908:123456785", "0192:"}, textSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := OrgNumber(s)
		if err != nil {
			assertVE(t, err)
			return
		}
		if len(got) != 9 || !allASCIIDigits(got) {
			t.Fatalf("OrgNumber(%q) = %q, not 9 ASCII digits", s, got)
		}
		if again, err := OrgNumber(got); err != nil || again != got {
			t.Fatalf("OrgNumber(%q) = %q, %v; want %q", got, again, err, got)
		}
		if again, err := OrgNumber(orgPrefix + got); err != nil || again != got {
			t.Fatalf("OrgNumber(%q) = %q, %v; want %q", orgPrefix+got, again, err, got)
		}
	})
}

func FuzzNationalID(f *testing.F) {
	for _, s := range append([]string{"31129956715", "311299 56715", "41019000077", "01509000014",
		"01909000188", "29020000064", "29029900076", "31129956716", "3112995671"}, textSeeds...) {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, allowTest bool) {
		got, err := NationalID(s, allowTest)
		if err != nil {
			ve := assertVE(t, err)
			if d := strings.Join(strings.Fields(s), ""); len(d) == 11 && allASCIIDigits(d) &&
				(strings.Contains(ve.NB, d) || strings.Contains(ve.EN, d)) {
				t.Fatalf("message repeats the number: %q", ve.NB)
			}
			return
		}
		if len(got) != 11 || !allASCIIDigits(got) {
			t.Fatalf("NationalID(%q) = %q, not 11 ASCII digits", s, got)
		}
		if again, err := NationalID(got, allowTest); err != nil || again != got {
			t.Fatalf("NationalID(%q) = %q, %v; want %q", got, again, err, got)
		}
		if !allowTest {
			if again, err := NationalID(got, true); err != nil || again != got {
				t.Fatalf("%q accepted for production but not for TT02: %v", got, err)
			}
			if m := two(got[2:4]); m > 12 {
				t.Fatalf("test number %q accepted without allowTest", got)
			}
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range append([]string{"91234567", "912 34 567", "+47 912 34 567", "0047 91234567",
		"+46 8 123 456 78", "0046812345678", "+1 202 555 0123", "+123456789012345", "+6834002",
		"+", "00", "+0123", "47+91234567", "+44 (0)20 7946 0000", "00123456"}, textSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Phone(s)
		if err != nil {
			assertVE(t, err)
			return
		}
		if !strings.HasPrefix(got, "+") || !allASCIIDigits(got[1:]) {
			t.Fatalf("Phone(%q) = %q, not + and ASCII digits", s, got)
		}
		if n := len(got) - 1; n < e164MinDigits || n > e164MaxDigits || got[1] == '0' {
			t.Fatalf("Phone(%q) = %q, not E.164", s, got)
		}
		if strings.HasPrefix(got, "+47") && len(got) != 11 {
			t.Fatalf("Phone(%q) = %q, a Norwegian number without 8 digits", s, got)
		}
		if again, err := Phone(got); err != nil || again != got {
			t.Fatalf("Phone(%q) = %q, %v; want it unchanged", got, again, err)
		}
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range append([]string{"ola@firma.no", " ola@firma.no ", "post@blåbær.no", "åse@fjordsøl.no", "a@ｆｉｒｍａ.no", "a@b",
		"Ola <ola@firma.no>", "a@b.no, c@d.no", `"a b"@c.no`, "a..b@c.no", "a@b.no\r\nBcc: x@y.no",
		"a@[1.2.3.4]", "a@b.no(c)", "a@-b.no", "@b.no", "a@"}, textSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Email(s)
		if err != nil {
			assertVE(t, err)
			return
		}
		if got != strings.TrimSpace(s) {
			t.Fatalf("Email(%q) = %q, not the trimmed input", s, got)
		}
		if !utf8.ValidString(got) || strings.Count(got, "@") != 1 ||
			strings.IndexFunc(got, func(r rune) bool { return unicode.IsSpace(r) || unsafeRune(r) }) >= 0 ||
			strings.ContainsAny(got, ",;<>\"()") {
			t.Fatalf("Email(%q) = %q, not a bare address", s, got)
		}
		if domain := got[strings.IndexByte(got, '@')+1:]; !strings.Contains(domain, ".") {
			t.Fatalf("Email(%q) = %q: domain without a dot", s, got)
		}
		// What goes into a mail header is plain ASCII within RFC 5321's limit.
		if ascii := EmailASCII(got); len(ascii) > maxEmailLen || !isASCIIString(ascii) {
			t.Fatalf("Email(%q) = %q: header form %q is too long or not ASCII", s, got, ascii)
		}
		if again, err := Email(got); err != nil || again != got {
			t.Fatalf("Email(%q) = %q, %v; want it unchanged", got, again, err)
		}
	})
}

func FuzzSystemPassword(f *testing.F) {
	for _, s := range append([]string{"abc1234", "abc123", "abcdefgh", "12345678", "blåbær7",
		"       ", "Passordet1"}, textSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := SystemPassword(s)
		if err != nil {
			assertVE(t, err)
			// Every message is a fixed one, so none can carry the password.
			for _, known := range passwordErrors {
				if err == known {
					return
				}
			}
			t.Fatalf("SystemPassword(%q) returned a message built from the input: %q", s, err)
		}
		if utf8.RuneCountInString(s) < minPasswordLen || !utf8.ValidString(s) ||
			strings.IndexFunc(s, unicode.IsLetter) < 0 || strings.IndexFunc(s, isASCIIDigit) < 0 ||
			strings.ContainsAny(s, "\u2028\u2029") || strings.IndexFunc(s, unicode.IsControl) >= 0 {
			t.Fatalf("SystemPassword accepted %q", s)
		}
	})
}

// fuzzText is shared by the SingleLine and MultiLine targets.
func fuzzText(f *testing.F, validate func(string, int) error, multi bool) {
	for _, s := range textSeeds {
		f.Add(s, 0)
		f.Add(s, 5)
	}
	f.Add("ab\r\ncd", 5)
	f.Add("a\u2029b", -3)
	f.Fuzz(func(t *testing.T, s string, max int) {
		err := validate(s, max)
		if err != nil {
			assertVE(t, err)
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("accepted invalid UTF-8 %q", s)
		}
		n := 0
		for i, r := range s {
			n++
			switch {
			case r == '\n' && multi:
			case r == '\r' && multi:
				if i+1 >= len(s) || s[i+1] != '\n' {
					t.Fatalf("accepted a lone \\r in %q", s)
				}
				n--
			case r == '\t' && multi:
			case unsafeRune(r):
				t.Fatalf("accepted U+%04X in %q", r, s)
			}
		}
		if max > 0 && n > max {
			t.Fatalf("accepted %d characters with max %d: %q", n, max, s)
		}
		if !multi {
			if strings.ContainsAny(s, "\r\n") {
				t.Fatalf("SingleLine accepted a line break in %q", s)
			}
			if err := MultiLine(s, max); err != nil {
				t.Fatalf("SingleLine accepts %q but MultiLine does not: %v", s, err)
			}
		}
	})
}

func FuzzSingleLine(f *testing.F) { fuzzText(f, SingleLine, false) }

func FuzzMultiLine(f *testing.F) { fuzzText(f, MultiLine, true) }

func FuzzRequired(f *testing.F) {
	for _, s := range append([]string{"x", "\u200b", "\u3000", " a "}, textSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := Required(s)
		if err != nil {
			assertVE(t, err)
			if strings.IndexFunc(s, func(r rune) bool { return !isBlank(r) }) >= 0 {
				t.Fatalf("Required rejected %q, which has visible content", s)
			}
			return
		}
		if strings.TrimSpace(s) == "" {
			t.Fatalf("Required accepted blank %q", s)
		}
	})
}

// fuzzCode is shared by the validators of numeric codes.
func fuzzCode(f *testing.F, validate func(string) error, minDigits, maxDigits int, seeds ...string) {
	for _, s := range append(seeds, textSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := validate(s)
		if err != nil {
			assertVE(t, err)
			return
		}
		if !allASCIIDigits(s) || len(s) < minDigits || len(s) > maxDigits {
			t.Fatalf("accepted %q", s)
		}
	})
}

func FuzzPostcode(f *testing.F) {
	fuzzCode(f, Postcode, 4, 4, "0150", "9008", "150", "01500", " 0150", "O150", "０１５０")
}

func FuzzServiceCode(f *testing.F) {
	fuzzCode(f, ServiceCode, 1, 10, "4936", "1", "1234567890", "12345678901", "-4936")
}

func FuzzServiceEdition(f *testing.F) {
	fuzzCode(f, ServiceEdition, 1, 10, "1", "0000000001", "1.0")
}

func FuzzSystemID(f *testing.F) {
	fuzzCode(f, SystemID, 1, maxSystemIDDigits, "123456", strings.Repeat("9", 19), "sys123")
}
