package ui

import (
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/store"
)

// A save refused because another altinn-onboard holds the session says
// so in the user's language, not in the store's English.
func TestSaveErrorInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	var err error = &store.LockedError{Name: "Kunde", Holder: "pid 12 on host x"}
	for lang, want := range map[string]string{
		"nb": "Kunne ikke lagre: økten «Kunde» er åpen i en annen altinn-onboard (pid 12 på maskinen x)",
		"en": `Could not save: session "Kunde" is open in another altinn-onboard (pid 12 on host x)`,
	} {
		a := &App{opts: Options{Lang: lang}}
		a.saveResult(err)
		if !strings.HasPrefix(a.status, want) {
			t.Errorf("%s: %q, want %q…", lang, a.status, want)
		}
	}
}

// Accessible mode says a bilingual error in the user's language too.
func TestPromptErrorInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	p := NewPrompter(strings.NewReader("x\ny\n"), &out, "nb")
	err := p.Line("Navn", "", "", func(s string) error {
		if s == "x" {
			return &store.LockedError{Name: "Kunde"}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Feil: økten «Kunde» er åpen i en annen altinn-onboard") {
		t.Errorf("output:\n%s", out.String())
	}
}
