package forms

import (
	"fmt"
	"strings"
)

var (
	nidWeights1 = [9]int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	nidWeights2 = [10]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// NationalID accepts a Norwegian national identity number (fødselsnummer) or D-number:
// 11 digits, DDMMYY + 3 individual digits + 2 MOD11 check digits. A D-number adds 40 to
// the day. Test populations add 40 (e.g. NAV's synthetic persons) or 80 (Skatteetaten's
// Tenor) to the month; those are accepted only when allowTest is true, that is when the
// session targets TT02. Month + 40 is also the internal H-number, which never belongs in
// an Altinn form, so production rejects it too.
// Spaces between digit groups are accepted; the result is the 11 plain digits.
//
// The date must exist on the calendar. The century is not part of the number (the
// individual-number rules that decide it are not used here), so 29 February is accepted
// whenever YY is divisible by 4: that is exactly when 19YY or 20YY is a leap year.
// Dates in the future are not rejected, for the same reason.
//
// The check digits follow domain.md. Skatteetaten has announced a new check calculation
// for numbers issued from 1 January 2032 (more valid values for the check digits); this
// function will need updating before then.
//
// Messages never repeat the number: it is personal data.
func NationalID(s string, allowTest bool) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", errNIDEmpty
	}
	d, err := groupedDigits(t, "Fødselsnummeret", "The national identity number")
	if err != nil {
		return "", err
	}
	if len(d) != 11 {
		return "", invalid(
			fmt.Sprintf("Fødselsnummeret (eller D-nummeret) må ha 11 siffer (du skrev %d)", len(d)),
			fmt.Sprintf("The national identity number (or D number) must have 11 digits (you entered %d)", len(d)))
	}
	subjNB, subjEN := "Fødselsnummeret", "The national identity number"
	day := two(d[0:2])
	if day > 40 {
		day -= 40
		subjNB, subjEN = "D-nummeret", "The D number"
	}
	month, test := two(d[2:4]), false
	switch {
	case month >= 81 && month <= 92:
		month, test = month-80, true
	case month >= 41 && month <= 52:
		month, test = month-40, true
	}
	if month < 1 || month > 12 {
		nb, en := "01–12", "01–12"
		if allowTest {
			nb, en = "01–12, eller 41–52 / 81–92 for testpersoner", "01–12, or 41–52 / 81–92 for test persons"
		}
		return "", invalid(
			fmt.Sprintf("%s har ugyldig måned (siffer 3–4 må være %s)", subjNB, nb),
			fmt.Sprintf("%s has an invalid month (digits 3–4 must be %s)", subjEN, en))
	}
	if day < 1 || day > daysInMonth(month, two(d[4:6])) {
		return "", invalid(
			fmt.Sprintf("%s har ugyldig dag (siffer 1–2 er ikke en dag i den måneden; D-nummer har dag + 40)", subjNB),
			fmt.Sprintf("%s has an invalid day (digits 1–2 are not a day in that month; D numbers add 40 to the day)", subjEN))
	}
	k1, ok1 := nidCheckDigit(d[:9], nidWeights1[:])
	k2, ok2 := nidCheckDigit(d[:10], nidWeights2[:])
	if !ok1 || !ok2 || int(d[9]-'0') != k1 || int(d[10]-'0') != k2 {
		return "", invalid(
			fmt.Sprintf("%s er ikke gyldig (kontrollsifrene stemmer ikke – sjekk for skrivefeil)", subjNB),
			fmt.Sprintf("%s is not valid (the check digits do not match – check for typos)", subjEN))
	}
	if test && !allowTest {
		return "", errNIDTest
	}
	return d, nil
}

var (
	errNIDEmpty = invalid("Skriv inn fødselsnummeret eller D-nummeret (11 siffer)",
		"Enter the national identity number or D number (11 digits)")
	errNIDTest = invalid("Dette er nummeret til en testperson (måned + 40 eller + 80); det godtas bare mot testmiljøet TT02",
		"This is a test person's number (month + 40 or + 80); it is only accepted for the TT02 test environment")
)

// nidCheckDigit computes (11 − sum mod 11) mod 11 over digits; ok is false when the
// result is 10, which no digit can hold.
func nidCheckDigit(digits string, weights []int) (check int, ok bool) {
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	check = (11 - sum%11) % 11
	return check, check != 10
}

// two parses two ASCII digits.
func two(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// daysInMonth takes a two-digit year; see NationalID for why YY%4 decides February.
func daysInMonth(month, yy int) int {
	switch month {
	case 2:
		if yy%4 == 0 {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
