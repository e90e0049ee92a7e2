package forms

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// E.164 limits. Fifteen digits is the standard's maximum; seven is the shortest
// international number in use (country code and a short subscriber number, as in
// +683 4002).
const (
	e164MaxDigits = 15
	e164MinDigits = 7
)

// Phone accepts a Norwegian phone number (8 digits, optionally prefixed +47 or 0047)
// or a foreign one in E.164 form (+ or 00, country code, number; at most 15 digits).
// Spaces between digit groups are accepted. The result is "+47XXXXXXXX" for Norwegian
// numbers and "+<digits>" for others.
//
// Eight digits without a prefix are always read as Norwegian, and a number starting with
// 00 is always read as international.
func Phone(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", errPhoneEmpty
	}
	var b strings.Builder
	plus := false
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		i += size
		switch {
		case isGroupSep(r):
		case isASCIIDigit(r):
			b.WriteByte(byte(r))
		case r == '+' && !plus && b.Len() == 0:
			plus = true
		case r == '+':
			return "", errPhonePlus
		case unicodeDigit(r):
			return "", nonDigit("Telefonnummeret", "The phone number", r, size)
		default:
			nb, en := describeRune(r, size)
			return "", invalid(
				fmt.Sprintf("Telefonnummeret kan bare inneholde sifre, mellomrom og + foran landskoden (fant %s)", nb),
				fmt.Sprintf("The phone number can only contain digits, spaces and + before the country code (found %s)", en))
		}
	}
	d := b.String()
	if !plus {
		if rest, ok := strings.CutPrefix(d, "00"); ok {
			d, plus = rest, true
		} else if len(d) == 8 {
			return "+47" + d, nil
		} else {
			return "", invalid(
				fmt.Sprintf("Telefonnummeret må ha 8 siffer (du skrev %d); utenlandske numre skrives med + og landskode, f.eks. +46 8 123 456 78", len(d)),
				fmt.Sprintf("The phone number must have 8 digits (you entered %d); write foreign numbers with + and the country code, e.g. +46 8 123 456 78", len(d)))
		}
	}
	switch {
	case d == "":
		return "", invalid("Skriv landskoden og nummeret etter + (f.eks. +47 912 34 567)",
			"Write the country code and the number after + (e.g. +47 912 34 567)")
	case d[0] == '0':
		return "", invalid("Landskoden kan ikke begynne med 0 (norske numre skrives +47 og 8 siffer)",
			"The country code cannot begin with 0 (Norwegian numbers are written +47 and 8 digits)")
	case strings.HasPrefix(d, "47") && len(d) != 10:
		return "", invalid(
			fmt.Sprintf("Norske telefonnumre har 8 siffer etter +47 (du skrev %d)", len(d)-2),
			fmt.Sprintf("Norwegian phone numbers have 8 digits after +47 (you entered %d)", len(d)-2))
	case len(d) > e164MaxDigits:
		return "", invalid(
			fmt.Sprintf("Telefonnummeret er for langt: høyst %d siffer med landskode (du skrev %d)", e164MaxDigits, len(d)),
			fmt.Sprintf("The phone number is too long: at most %d digits including the country code (you entered %d)", e164MaxDigits, len(d)))
	case len(d) < e164MinDigits:
		return "", invalid(
			fmt.Sprintf("Telefonnummeret er for kort: minst %d siffer med landskode (du skrev %d)", e164MinDigits, len(d)),
			fmt.Sprintf("The phone number is too short: at least %d digits including the country code (you entered %d)", e164MinDigits, len(d)))
	}
	return "+" + d, nil
}

var (
	errPhoneEmpty = invalid("Skriv inn telefonnummeret (8 siffer, eller + og landskode)",
		"Enter the phone number (8 digits, or + and the country code)")
	errPhonePlus = invalid("Telefonnummeret kan bare ha + helt først, foran landskoden",
		"The phone number can only have + at the very start, before the country code")
)
