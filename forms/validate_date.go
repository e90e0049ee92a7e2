package forms

import (
	"fmt"
	"time"
)

// earliestDate is the earliest signing date accepted: Altinn's forms for
// datasystems are younger, and an earlier year is a typo.
var earliestDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// yearsAhead is how far after today a signing date may be: a form may be
// dated ahead of sending, but not into another decade.
const yearsAhead = 5

// Date checks a YYYY-MM-DD calendar date, from 2000-01-01 up to the end
// of the fifth year after today.
func Date(s string) error { return DateOn(s, time.Now()) }

// DateOn is Date with today given, so it is a pure function of its
// arguments.
func DateOn(s string, today time.Time) error {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return invalid(
			fmt.Sprintf("%s er ikke en gyldig dato: skriv den som ÅÅÅÅ-MM-DD, for eksempel 2026-11-25", quoteNB(s)),
			fmt.Sprintf("%s is not a valid date: write it as YYYY-MM-DD, for example 2026-11-25", quoteEN(s)))
	}
	latest := time.Date(today.Year()+yearsAhead, 12, 31, 0, 0, 0, 0, time.UTC)
	if d.Before(earliestDate) || d.After(latest) {
		from, to := earliestDate.Format("2006-01-02"), latest.Format("2006-01-02")
		return invalid(
			fmt.Sprintf("%s er utenfor det datoen kan være: skriv en dato fra %s til %s", quoteNB(s), from, to),
			fmt.Sprintf("%s is outside the dates accepted: write a date from %s to %s", quoteEN(s), from, to))
	}
	return nil
}
