package ui_test

import (
	"os"
	"strings"
	"testing"
)

// A user with no profile yet is told once, while naming their first
// session, where the profile is and how to fill it; once that session is
// made with the line shown, it is remembered and not said again.
func TestProfileHintShownOnceOnFirstRun(t *testing.T) {
	const hint = "Tips: profilen ligger i /cfg/profile.yaml: altinn-onboard profile set name"
	st := newStore(t)
	o := options(st)
	o.Preferences = st
	o.ProfileHint = func(lang string) string { return hint }
	d := newKeyDriver(t, o)
	d.resize(100, 30)
	v := d.app.View()
	wantScreen(t, v, "Navn på den nye økten", "Tips: profilen ligger i /cfg/profile.yaml:")
	d.typeKeys("Kunde A\r")
	if s := d.app.Session(); s == nil || s.Name != "Kunde A" {
		t.Fatalf("session %v, want \"Kunde A\"", s)
	}
	d.app.Close()
	if b, err := os.ReadFile(st.PreferencesPath()); err != nil || !strings.Contains(string(b), `"profile_hint_shown": true`) {
		t.Fatalf("not remembered: %q %v", b, err)
	}

	// The next start: the new-session prompt no longer says it.
	d = newKeyDriver(t, o)
	d.resize(100, 30)
	d.typeKeys("n")
	v = d.app.View()
	wantScreen(t, v, "Navn på den nye økten")
	wantNotOnScreen(t, v, "Tips: profilen")
}

// With a profile (no hint to give), or the prompt left without making a
// session, nothing is remembered: the hint waits for a session made with
// it shown.
func TestProfileHintNotRememberedUntilASessionIsMade(t *testing.T) {
	st := newStore(t)
	o := options(st)
	o.Preferences = st
	o.ProfileHint = func(string) string { return "" } // a profile exists
	d := newKeyDriver(t, o)
	d.resize(100, 30)
	wantNotOnScreen(t, d.app.View(), "Tips:")
	d.typeKeys("Kunde B\r")
	d.app.Close()
	if b, _ := os.ReadFile(st.PreferencesPath()); strings.Contains(string(b), "profile_hint_shown") {
		t.Fatalf("remembered a hint never shown: %q", b)
	}

	o.ProfileHint = func(lang string) string {
		if lang == "en" {
			return "Tip: your profile is at /cfg/profile.yaml"
		}
		return "Tips: profilen din ligger i /cfg/profile.yaml"
	}
	o.Lang = "en"
	d = newKeyDriver(t, o)
	d.resize(100, 30)
	d.typeKeys("n")
	wantScreen(t, d.app.View(), "Tip: your profile is at /cfg/profile.yaml")
	d.typeKeys("\x1b")
	d.typeKeys("n")
	wantScreen(t, d.app.View(), "Tip: your profile is at /cfg/profile.yaml")
}
