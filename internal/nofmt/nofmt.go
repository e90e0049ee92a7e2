// Package nofmt writes organisation numbers, phone numbers and dates the
// way a Norwegian reader expects them, and reads the ways Norwegians
// write dates. What is stored stays canonical (9 digits, +<digits>,
// YYYY-MM-DD); these functions are for what is shown: documents,
// e-mails, lists and reviews.
package nofmt

import (
	"strings"
	"time"
)

// OrgNumber groups an organisation number as Brønnøysundregistrene
// writes it: "974760673" (or "0192:974760673") is "974 760 673".
// Anything that is not 9 digits is returned as it was.
func OrgNumber(s string) string {
	d := digitsOnly(strings.TrimPrefix(strings.TrimSpace(s), "0192:"))
	if len(d) != 9 {
		return s
	}
	return d[:3] + " " + d[3:6] + " " + d[6:]
}

// Phone groups a phone number: a Norwegian one (+47 and 8 digits, or 8
// digits) as "+47 912 34 567" (mobile and special numbers, starting 4, 8
// or 9, in 3-2-3) or "+47 22 12 34 56" (others in pairs); a foreign one
// (+ or 00 and the country code) as the country code and the rest in
// groups of three ("+46 812 345 678"). Anything else is returned as it
// was.
func Phone(s string) string {
	t := strings.TrimSpace(s)
	plus := strings.HasPrefix(t, "+")
	d := digitsOnly(strings.TrimPrefix(t, "+"))
	if d == "" {
		return s
	}
	if !plus {
		switch {
		case len(d) == 8:
			return national(d)
		case strings.HasPrefix(d, "00"):
			d = d[2:]
		default:
			return s
		}
	}
	if len(d) < 4 {
		return s
	}
	if strings.HasPrefix(d, "47") && len(d) == 10 {
		return "+47 " + national(d[2:])
	}
	cc := countryCodeLen(d)
	return "+" + d[:cc] + " " + threes(d[cc:])
}

// national groups the 8 digits of a Norwegian number.
func national(d string) string {
	switch d[0] {
	case '4', '8', '9':
		return d[:3] + " " + d[3:5] + " " + d[5:]
	}
	return d[:2] + " " + d[2:4] + " " + d[4:6] + " " + d[6:]
}

// threes groups digits in threes from the start; a last group of one
// digit is avoided by making the last two groups of two.
func threes(d string) string {
	var groups []string
	for len(d) > 3 {
		groups = append(groups, d[:3])
		d = d[3:]
	}
	groups = append(groups, d)
	if n := len(groups); n > 1 && len(groups[n-1]) == 1 {
		last := groups[n-2] + groups[n-1]
		groups = append(groups[:n-2], last[:2], last[2:])
	}
	return strings.Join(groups, " ")
}

// countryCodeLen is the length of the E.164 country code d starts with
// (ITU-T E.164 assigns 1, 7 and these two-digit codes; the rest have
// three digits).
func countryCodeLen(d string) int {
	switch d[0] {
	case '1', '7':
		return 1
	}
	if strings.Contains(twoDigitCodes, " "+d[:2]+" ") {
		return 2
	}
	return 3
}

const twoDigitCodes = " 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 "

// digitsOnly is s with group separators (spaces, no-break spaces, dots
// and hyphens) taken out, or "" when anything else is in it.
func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '.' || r == '-':
		default:
			return ""
		}
	}
	return b.String()
}

// ISODate is the canonical form of a stored date.
const ISODate = "2006-01-02"

// NorwegianDate is how a date is printed in Norwegian: 30.11.2026.
const NorwegianDate = "02.01.2006"

// ParseDate reads a date written YYYY-MM-DD (as stored and in answers
// files) or the Norwegian way, DD.MM.YYYY (30.11.2026; a day or month
// of one digit, 1.2.2026, too). A two-digit year, 30.11.26, is read as
// 20YY: the program accepts no date before 2000, so that is the only
// reading that can be meant.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(ISODate, s); err == nil {
		return t, true
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return time.Time{}, false
	}
	switch len(parts[2]) {
	case 4:
	case 2:
		parts[2] = "20" + parts[2]
	default:
		return time.Time{}, false
	}
	t, err := time.Parse("2.1.2006", strings.Join(parts, "."))
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// Date shows a stored date in lang: dd.mm.åååå in Norwegian, YYYY-MM-DD
// in English. A date it cannot read is returned as it was.
func Date(s, lang string) string {
	t, ok := ParseDate(s)
	if !ok {
		return s
	}
	if lang == "en" {
		return t.Format(ISODate)
	}
	return t.Format(NorwegianDate)
}
