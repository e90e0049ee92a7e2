package templates

import "time"

// StatusChecked is the day the facts about Altinn II's closure (domain.md,
// "Timeline": last submissions 31 May 2026, closed 19 June 2026) were last
// checked against Digdir's public pages. Every text that states them says
// when they were checked with this one date (StatusCheckedText), in the
// documents as {{status_checked}}.
var StatusChecked = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// StatusCheckedText is StatusChecked as a Norwegian reader writes a date
// (25.11.2026), or in English (25 November 2026) when lang is "en".
func StatusCheckedText(lang string) string {
	if lang == "en" {
		return StatusChecked.Format("2 January 2006")
	}
	return StatusChecked.Format("02.01.2006")
}
