package forms

import (
	"fmt"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
)

// earliestDate is the earliest signing date accepted: Altinn's forms for
// datasystems are younger, and an earlier year is a typo.
var earliestDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// yearsAhead is how far after today a signing date may be: a form may be
// dated ahead of sending, but not into another decade.
const yearsAhead = 5

// Date checks a calendar date, from 2000-01-01 up to the end of the fifth
// year after today, written YYYY-MM-DD or the Norwegian way (30.11.2026,
// 1.2.2026, or 30.11.26 for 2026; see nofmt.ParseDate).
func Date(s string) error { return DateOn(s, time.Now()) }

// DateOn is Date with today given, so it is a pure function of its
// arguments.
func DateOn(s string, today time.Time) error {
	_, err := NormDateOn(s, today)
	return err
}

// NormDateOn checks a date as DateOn does and returns it in the one form
// that is stored, YYYY-MM-DD. Messages show dates as each language
// writes them: 31.12.2031 in Norwegian, 2031-12-31 in English.
func NormDateOn(s string, today time.Time) (string, error) {
	d, ok := nofmt.ParseDate(s)
	if !ok {
		return s, invalid(
			fmt.Sprintf("%s er ikke en gyldig dato: skriv den som DD.MM.ÅÅÅÅ, for eksempel 25.11.2026 (eller ÅÅÅÅ-MM-DD)", quoteNB(s)),
			fmt.Sprintf("%s is not a valid date: write it as YYYY-MM-DD, for example 2026-11-25 (or DD.MM.YYYY)", quoteEN(s)))
	}
	latest := time.Date(today.Year()+yearsAhead, 12, 31, 0, 0, 0, 0, time.UTC)
	if d.Before(earliestDate) || d.After(latest) {
		return s, invalid(
			fmt.Sprintf("%s er utenfor det datoen kan være: skriv en dato fra %s til %s", quoteNB(s), earliestDate.Format(nofmt.NorwegianDate), latest.Format(nofmt.NorwegianDate)),
			fmt.Sprintf("%s is outside the dates accepted: write a date from %s to %s", quoteEN(s), earliestDate.Format(nofmt.ISODate), latest.Format(nofmt.ISODate)))
	}
	return d.Format(nofmt.ISODate), nil
}

// ruleDate is the rule of an optional date: Check stores it as
// YYYY-MM-DD however it was written.
var ruleDate = optional(normalising(func(s string) (string, error) { return NormDateOn(s, time.Now()) }))
