package ui_test

// Everything fits and nothing is cut (issue 11 §1): at the sizes a user
// has (80×24, 100×30, the smallest the wizard takes), on every screen of
// both tracks, with the full help open or not, the title is on the first
// line, no line is wider than the window, there are no more lines than
// it has, and the field the user types in, its message, a question's
// keys and a remedy are in sight.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// fitApp opens s (saved first, on its track) at w×h in lang, with both
// tracks and a keyring in memory.
func fitApp(t *testing.T, s *session.Session, lang string, w, h int) (*ui.App, *memSecrets) {
	t.Helper()
	st := newStore(t)
	created, err := st.Create(s.Name, s.Track)
	if err != nil {
		t.Fatal(err)
	}
	s.ID = created.ID
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	k := &memSecrets{m: map[string]string{}}
	o := options(st)
	o.Lang = lang
	o.ResumeID = s.ID
	d := steps.Deps{Secrets: k, Now: func() time.Time { return fixed }, OutputBase: t.TempDir()}
	o.Tracks = ui.Tracks{steps.AltinnII(d), steps.Altinn3(d)}
	o.Secrets = k
	return open(t, o, w, h), k
}

// fullSession is a filled session on a track, its cursor on a screen.
func fullSession(track, step, screen, field string) *session.Session {
	s := sessiontest.Full(fixed)
	s.Track = track
	s.Cursor = session.Cursor{Step: step, Screen: screen, Field: field}
	return s
}

// wantFits fails unless view fits a w×h window with the title on top.
func wantFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Fatalf("%d lines in a window of %d: the terminal scrolls the top off:\n%s", len(lines), h, view)
	}
	if !strings.Contains(lines[0], steps.Title) {
		t.Fatalf("the first line is not the title:\n%s", view)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("line %d is %d wide in a window of %d (the terminal cuts it):\n%q\n%s", i+1, lw, w, l, view)
		}
	}
}

// flat is the view's text with every run of spaces and line breaks made
// one space, so a wrapped sentence reads as one.
func flat(view string) string { return strings.Join(strings.Fields(ansi.Strip(view)), " ") }

func wantOnScreen(t *testing.T, view string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(flat(view), flat(p)) {
			t.Fatalf("%q is not on the screen:\n%s", p, view)
		}
	}
}

func pressApp(t *testing.T, app *ui.App, keys ...string) {
	t.Helper()
	for _, k := range keys {
		var msg tea.Msg = keyMsg(k)
		switch k {
		case "tab":
			msg = tea.KeyMsg{Type: tea.KeyTab}
		case "f1":
			msg = tea.KeyMsg{Type: tea.KeyF1}
		}
		run(t, app, msg)
	}
}

// Step 2 at 80×24: choosing "API-nøkkel for TT02" opened the input below
// the bottom edge, and the key was typed blind. The input and the
// message under it scroll into sight, with a mark for what is hidden.
func TestSecretInputScrollsIntoView(t *testing.T) {
	for _, c := range []struct {
		lang, label, placeholder, empty, more string
	}{
		{"nb", "API-nøkkel for TT02:", "lim inn eller skriv", "Skriv inn verdien, eller trykk esc for å avbryte.", "↑ mer"},
		{"en", "API key for TT02:", "paste or type", "Type the value, or press esc to cancel.", "↑ more"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			s := fullSession(session.TrackAltinnII, session.StepIntegration, steps.ScreenAPIKeys, "")
			app, _ := fitApp(t, s, c.lang, 80, 24)
			// Past the two "ordered" boxes onto the TT02 key; enter opens
			// its input; enter with nothing typed shows a message.
			pressApp(t, app, "down", "down", "enter")
			v := app.View()
			wantOnScreen(t, v, c.label, c.placeholder, c.more)
			wantFits(t, v, 80, 24)
			pressApp(t, app, "enter")
			v = app.View()
			wantOnScreen(t, v, c.label, c.empty)
			wantFits(t, v, 80, 24)
		})
	}
}

// The delete question at the foot of the keyring's list is in sight,
// with the keys that answer it.
func TestDeleteQuestionInView(t *testing.T) {
	s := fullSession(session.TrackAltinnII, session.StepIntegration, steps.ScreenAPIKeys, "")
	app, k := fitApp(t, s, "nb", 80, 24)
	pressApp(t, app, "down", "down", "enter")
	for range 2 { // typed twice, as a secret is
		run(t, app, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("nokkel-1234567890"), Paste: true})
		pressApp(t, app, "enter")
	}
	if len(k.m) != 1 {
		t.Fatalf("keyring holds %d entries, want the key typed:\n%s", len(k.m), app.View())
	}
	pressApp(t, app, "d")
	v := app.View()
	wantOnScreen(t, v, "Slette API-nøkkel for TT02 fra nøkkelringen? (j/n)")
	wantFits(t, v, 80, 24)
}

// The keyring's entry names are shown whole (wrapped), never cut to
// "…/rest-api-key-t": the end tells the entries apart.
func TestKeyringEntryNamesWhole(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {ui.MinWidth, ui.MinHeight}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			s := fullSession(session.TrackAltinnII, session.StepIntegration, steps.ScreenAPIKeys, "secret."+steps.SecretRESTAPIKeyProd)
			app, _ := fitApp(t, s, "nb", size[0], size[1])
			v := app.View()
			wantOnScreen(t, v, store.Account(s.ID, steps.SecretRESTAPIKeyTT02), store.Account(s.ID, steps.SecretRESTAPIKeyProd))
			wantFits(t, v, size[0], size[1])
		})
	}
}

// A form taller than the window scrolls to the focused field and the
// message under it: the signer's date, last on its form, with a wrong
// date typed, at 80×24, with the full help open too.
func TestFormScrollsToFieldAndMessage(t *testing.T) {
	for _, help := range []bool{false, true} {
		t.Run(fmt.Sprintf("help=%v", help), func(t *testing.T) {
			s := fullSession(session.TrackAltinnII, session.StepRegistration, steps.ScreenSigner, "signer.date")
			s.Answers.Signer.Date = ""
			app, _ := fitApp(t, s, "nb", 80, 24)
			if help {
				pressApp(t, app, "f1")
			}
			run(t, app, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("31.13.2026")})
			pressApp(t, app, "enter")
			v := app.View()
			wantOnScreen(t, v, "Dato", "31.13.2026")
			wantFits(t, v, 80, 24)
			if err := app.Session().Answers.Signer.Date; err != "31.13.2026" {
				t.Fatalf("date = %q", err)
			}
			// The message under the field: whatever it says, it is the
			// line after the input, and it is on the screen.
			lines := strings.Split(ansi.Strip(v), "\n")
			for i, l := range lines {
				if strings.Contains(l, "31.13.2026") {
					if i+1 >= len(lines) || strings.TrimSpace(strings.Trim(lines[i+1], " ┃")) == "" {
						t.Fatalf("no message under the wrong date:\n%s", v)
					}
					return
				}
			}
		})
	}
}

// The Altinn 3 system form at 80×24: going field by field to the last,
// each focused field is in sight.
func TestA3FormFieldsInView(t *testing.T) {
	s := fullSession(session.TrackAltinn3, steps.StepA3System, "a3_system_form", "")
	app, _ := fitApp(t, s, "nb", 80, 24)
	seen := map[string]bool{}
	for range 30 {
		v := app.View()
		wantFits(t, v, 80, 24)
		// The focused field's lines start with huh's bar.
		if !strings.Contains(v, "┃") {
			t.Fatalf("the focused field is not in sight:\n%s", v)
		}
		seen[v] = true
		if app.Session().Cursor.Screen != "a3_system_form" {
			break
		}
		pressApp(t, app, "tab")
	}
	if len(seen) < 3 {
		t.Fatalf("went through %d screens' worth of fields, want the form's fields", len(seen))
	}
}

// The full help fits the window on every screen of both tracks, in both
// languages, at 80×24 and 100×30: the title stays on top, and no column
// of keys gives way to "…" (step 4's and the review's were cut).
func TestEveryScreenFits(t *testing.T) {
	for _, track := range []string{session.TrackAltinnII, session.TrackAltinn3} {
		for _, size := range [][2]int{{80, 24}, {100, 30}, {ui.MinWidth, ui.MinHeight}} {
			for _, lang := range []string{"nb", "en"} {
				t.Run(fmt.Sprintf("%s/%dx%d/%s", track, size[0], size[1], lang), func(t *testing.T) {
					w, h := size[0], size[1]
					s := fullSession(track, "", "", "")
					app, _ := fitApp(t, s, lang, w, h)
					tr := ui.Tracks{steps.AltinnII(steps.Deps{}), steps.Altinn3(steps.Deps{})}.Find(track)
					for _, step := range append(tr.Steps, ui.Step{ID: "overview", Screens: []ui.ScreenSpec{{ID: "overview"}}}) {
						for _, sc := range step.Screens {
							run(t, app, ui.JumpMsg{Step: step.ID, Screen: sc.ID})
							wantFits(t, app.View(), w, h)
							pressApp(t, app, "f1")
							v := app.View()
							wantFits(t, v, w, h)
							if w >= 80 && strings.Contains(v, "…\n") {
								t.Fatalf("%s/%s: the full help is cut:\n%s", step.ID, sc.ID, v)
							}
							pressApp(t, app, "f1")
						}
					}
				})
			}
		}
	}
}

// Step 4's keys and the review's, all of them, in the full help at 80×24.
func TestFullHelpShowsEveryKey(t *testing.T) {
	for _, c := range []struct {
		step, screen string
		want         []string
	}{
		{session.StepServices, steps.ScreenServiceTable, []string{"legg til", "fjern", "flytt (også K/J)", "TT02/PROD av og på", "neste steg", "gå til steg", "lagre og avslutt"}},
		{session.StepRegistration, steps.ScreenReview, []string{"bla i sammendraget", "neste steg", "forrige steg", "gå til steg", "lagre og avslutt"}},
	} {
		for _, size := range [][2]int{{80, 24}, {100, 30}} {
			t.Run(fmt.Sprintf("%s/%dx%d", c.screen, size[0], size[1]), func(t *testing.T) {
				s := fullSession(session.TrackAltinnII, c.step, c.screen, "")
				app, _ := fitApp(t, s, "nb", size[0], size[1])
				pressApp(t, app, "f1")
				v := app.View()
				wantOnScreen(t, v, c.want...)
				wantFits(t, v, size[0], size[1])
			})
		}
	}
}

// "Vinduet er for lite" is itself drawn to fit, at any size: wrapped, and
// what it asks for (the size) in sight wherever there is room.
func TestTooSmallMessageFits(t *testing.T) {
	s := fullSession(session.TrackAltinnII, session.StepRegistration, steps.ScreenVendor, "")
	app, _ := fitApp(t, s, "nb", 80, 24)
	check := func(w, h int) string {
		t.Helper()
		run(t, app, tea.WindowSizeMsg{Width: w, Height: h})
		v := app.View()
		lines := strings.Split(v, "\n")
		if len(lines) > h {
			t.Fatalf("%d×%d: %d lines:\n%s", w, h, len(lines), v)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Fatalf("%d×%d: a line of %d (the terminal cuts or wraps it):\n%s", w, h, ansi.StringWidth(l), v)
			}
		}
		if w >= 16 && h >= 3 && !strings.Contains(flat(v), "64×20") {
			t.Fatalf("%d×%d: the size to make it is not said:\n%s", w, h, v)
		}
		return v
	}
	wantOnScreen(t, check(60, 18), "Vinduet er for lite (60×18).", "Gjør det minst 64×20 tegn stort; ingenting av det du har skrevet går tapt.")
	for w := 1; w < ui.MinWidth+10; w += 3 {
		for h := 1; h < 30; h += 2 {
			if w >= ui.MinWidth && h >= ui.MinHeight {
				continue
			}
			check(w, h)
		}
	}
}

// The review's values are wrapped, never cut at the edge ("maskinport").
func TestReviewValuesWhole(t *testing.T) {
	s := fullSession(session.TrackAltinnII, session.StepRegistration, steps.ScreenReview, "")
	s.Answers.Vendor.Name = "Blåbær & Søn Regnskap og Lønn for Små og Mellomstore Bedrifter i Nord-Norge Sluttord AS"
	app, _ := fitApp(t, s, "nb", 80, 24)
	v := app.View()
	wantOnScreen(t, v, s.Answers.Vendor.Name)
	wantFits(t, v, 80, 24)
}

// The overview's problems are read whole, remedy and all: each, when
// selected, is on the screen at the smallest size.
func TestOverviewProblemsWhole(t *testing.T) {
	w, h := ui.MinWidth, ui.MinHeight
	s := fullSession(session.TrackAltinnII, "overview", "overview", "")
	app, _ := fitApp(t, s, "nb", w, h)
	ctx := &ui.Context{Session: app.Session(), Lang: "nb"}
	var msgs []string
	seen := map[string]bool{}
	for _, st := range steps.AltinnII(steps.Deps{}).Steps {
		if st.Problems == nil {
			continue
		}
		for _, p := range st.Problems(ctx) {
			if p.Field != "" && seen[p.Field] {
				continue
			}
			seen[p.Field] = true
			msgs = append(msgs, p.Message)
		}
	}
	if len(msgs) < 3 {
		t.Fatalf("%d problems: the test needs more", len(msgs))
	}
	// Down the list, each problem selected in turn: every one is read
	// whole at some point.
	var shown string
	for range len(msgs) + 5 {
		v := app.View()
		wantFits(t, v, w, h)
		shown += " " + flat(v)
		pressApp(t, app, "down")
	}
	for _, m := range msgs {
		if !strings.Contains(shown, flat(m)) {
			t.Fatalf("%q is never on the screen whole:\n%s", m, app.View())
		}
	}
}

// A page of text taller than the window (step 5's facts at 64×20) says
// there is more and scrolls with the arrow keys to its end: every word of
// it can be read.
func TestInfoPageScrolls(t *testing.T) {
	w, h := ui.MinWidth, ui.MinHeight
	s := fullSession(session.TrackAltinnII, session.StepTesting, "tt02_facts", "")
	app, _ := fitApp(t, s, "nb", w, h)
	v := app.View()
	wantOnScreen(t, v, "↓ mer", "↑/↓ bla")
	var text string
	track := steps.AltinnII(steps.Deps{})
	for _, st := range track.Steps {
		for _, sc := range st.Screens {
			if sc.ID == "tt02_facts" {
				text = sc.New(&ui.Context{Session: app.Session(), Lang: "nb", Track: &track}, "").(*ui.InfoScreen).Text()
			}
		}
	}
	seen := flat(v)
	for range 40 {
		pressApp(t, app, "down")
		v = app.View()
		wantFits(t, v, w, h)
		seen += " " + flat(v)
	}
	wantOnScreen(t, v, "↑ mer")
	if strings.Contains(v, "↓ mer") {
		t.Fatalf("the end of the page says there is more:\n%s", v)
	}
	for _, word := range strings.Fields(text) {
		if !strings.Contains(seen, word) {
			t.Fatalf("%q never shown", word)
		}
	}
	pressApp(t, app, "home")
	wantOnScreen(t, app.View(), "↓ mer", strings.Fields(text)[0])
}

// An Altinn 3 form opened from a menu (a customer to add) at 64×20 says
// there are fields below and above the one in focus, which is in sight
// with its message: huh's own scrolling, in a height the screen gave it,
// hid the fields below without a word.
func TestA3EditFormMarksHiddenFields(t *testing.T) {
	s := fullSession(session.TrackAltinn3, steps.StepA3Customers, "a3_customers", "")
	app, _ := fitApp(t, s, "nb", ui.MinWidth, ui.MinHeight)
	pressApp(t, app, "a", "enter")
	v := app.View()
	wantOnScreen(t, v, "Organisasjonsnummer", "Skriv inn organisasjonsnummeret (9 siffer)", "↓ mer")
	wantFits(t, v, ui.MinWidth, ui.MinHeight)
	for _, typed := range []string{"974760673", "Kunde AS", "kunde@example.no"} {
		run(t, app, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(typed)})
		pressApp(t, app, "enter")
	}
	v = app.View()
	wantOnScreen(t, v, "┃ Ekstern referanse", "↑ mer")
	wantFits(t, v, ui.MinWidth, ui.MinHeight)
}
