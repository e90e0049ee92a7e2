package forms

import (
	"fmt"
	"time"
)

// Date checks a YYYY-MM-DD calendar date.
func Date(s string) error {
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return invalid(
			fmt.Sprintf("%s er ikke en gyldig dato: skriv den som ÅÅÅÅ-MM-DD, for eksempel 2026-11-25", quoteNB(s)),
			fmt.Sprintf("%s is not a valid date: write it as YYYY-MM-DD, for example 2026-11-25", quoteEN(s)))
	}
	return nil
}
