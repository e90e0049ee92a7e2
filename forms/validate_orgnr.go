package forms

import (
	"fmt"
	"strings"
)

// orgPrefix is how Altinn 3 writes a Norwegian organisation number (ISO 6523 ICD 0192).
const orgPrefix = "0192:"

var orgWeights = [8]int{3, 2, 7, 6, 5, 4, 3, 2}

// OrgNumber accepts a Norwegian organisation number: 9 digits whose last digit is the
// MOD11 check digit of the first 8. Spaces between digit groups ("123 456 785") and the
// Altinn 3 prefix "0192:" are accepted; the result is the 9 plain digits.
func OrgNumber(s string) (string, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimPrefix(t, orgPrefix))
	if t == "" {
		return "", errOrgEmpty
	}
	if before, _, found := strings.Cut(t, ":"); found {
		return "", invalid(
			fmt.Sprintf("Bare prefikset 0192: kan stå foran organisasjonsnummeret (fant %s)", quoteNB(before+":")),
			fmt.Sprintf("Only the prefix 0192: may come before the organisation number (found %s)", quoteEN(before+":")))
	}
	d, err := groupedDigits(t, "Organisasjonsnummeret", "The organisation number")
	if err != nil {
		return "", err
	}
	if len(d) != 9 {
		return "", invalid(
			fmt.Sprintf("Organisasjonsnummeret må ha 9 siffer (du skrev %d)", len(d)),
			fmt.Sprintf("The organisation number must have 9 digits (you entered %d)", len(d)))
	}
	check, ok := orgCheckDigit(d[:8])
	if !ok {
		return "", invalid(
			fmt.Sprintf("%s er ikke et gyldig organisasjonsnummer (de første 8 sifrene kan ikke gi noe gyldig kontrollsiffer)", d),
			fmt.Sprintf("%s is not a valid organisation number (no check digit is possible for its first 8 digits)", d))
	}
	if int(d[8]-'0') != check {
		return "", invalid(
			fmt.Sprintf("%s er ikke et gyldig organisasjonsnummer (kontrollsifferet stemmer ikke)", d),
			fmt.Sprintf("%s is not a valid organisation number (check digit does not match)", d))
	}
	return d, nil
}

var errOrgEmpty = invalid("Skriv inn organisasjonsnummeret (9 siffer)",
	"Enter the organisation number (9 digits)")

// orgCheckDigit computes the MOD11 check digit for the first 8 digits of an
// organisation number; ok is false when the remainder is 1, for which no digit exists.
func orgCheckDigit(first8 string) (check int, ok bool) {
	sum := 0
	for i, w := range orgWeights {
		sum += int(first8[i]-'0') * w
	}
	switch r := sum % 11; r {
	case 0:
		return 0, true
	case 1:
		return 0, false
	default:
		return 11 - r, true
	}
}
