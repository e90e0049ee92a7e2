package steps

import (
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The review of step 1 shows the answers by the names the form gave them
// (not the stored codes), each service's owner, numbers as Norwegians
// write them, and says what a missing date means.
func TestReviewShowsTheFormsWords(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)
	d := Deps{Now: func() time.Time { return now }, OutputBase: t.TempDir()}
	for _, tc := range []struct {
		lang       string
		want, not  []string
		noDateNote string
	}{
		{"nb", []string{"Regnskap", "SOAP, REST", "SystemID + passord (SOAP), Virksomhetssertifikat", "TT02 (test), PROD (produksjon)",
			"Tjenesteeier Skatteetaten", "Tjenesteeier Brønnøysundregistrene", "123 456 785", "+47 912 34 567", "Dato 25.11.2026", "Sted Tromsø"},
			[]string{"accounting", "systemid_password", "tt02", "soap", "+4791234567", "123456785"},
			"Dato (ikke fylt ut: dokumentene får datoen de lages)"},
		{"en", []string{"Accounting", "SOAP, REST", "SystemID + password (SOAP), Enterprise certificate", "TT02 (test), PROD (production)",
			"Service owner Skatteetaten", "Date 2026-11-25"},
			[]string{"accounting", "systemid_password", "tt02"},
			"Date (not filled in: the documents get the day they are made)"},
	} {
		sess := sessiontest.Full(now)
		ctx := onTrack(&ui.Context{Session: sess, Lang: tc.lang, NoColor: true, Width: 110, Height: 40}, d)
		text := func() string {
			r := newReviewScreen(ctx, d, "").(*reviewScreen)
			return strings.Join(strings.Fields(ansi.Strip(r.summaryText())), " ")
		}
		got := text()
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the review lacks %q:\n%s", tc.lang, w, got)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(got, " "+n) {
				t.Errorf("%s: the review shows %q:\n%s", tc.lang, n, got)
			}
		}
		sess.Answers.Signer.Date = ""
		if got := text(); !strings.Contains(got, tc.noDateNote) {
			t.Errorf("%s: with no date the review lacks %q:\n%s", tc.lang, tc.noDateNote, got)
		}
	}
}

// Accessible mode's review says what a blank answer means, and reads a
// date out the Norwegian way.
func TestAskReviewSaysWhatIsMissing(t *testing.T) {
	for in, want := range map[string]string{
		"Kari\nDaglig leder\nBodø\n\n\n":           "4. Dato (valgfritt): (ikke fylt ut: dokumentene får datoen de lages)",
		"Kari\nDaglig leder\nBodø\n2026-11-30\n\n": "4. Dato (valgfritt): 30.11.2026",
	} {
		track := ui.Track{ID: "fake", Steps: []ui.Step{{
			ID: "one", Title: func(string) string { return "Første" },
			Screens: []ui.ScreenSpec{formSpec("signer", "Underskriver", "Signer", nil, forms.SignerForm)},
		}}}
		s := &session.Session{ID: "0123456789abcdef", Name: "Fake", Track: "fake"}
		var out strings.Builder
		p := ui.NewPrompter(strings.NewReader(in), &out, "nb")
		ctx := &ui.Context{Session: s, Lang: "nb", Accessible: true, Track: &track}
		if err := AskSteps(ctx, p, Deps{}); err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("the review lacks %q:\n%s", want, out.String())
		}
	}
}

// A file the program could not write is reported in the user's language
// on the screens that write them (the review's documents, the test-user
// e-mail), not in the file system's English.
func TestWriteErrorsInTheUsersLanguage(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)
	d := Deps{Now: func() time.Time { return now }, OutputBase: t.TempDir()}
	werr := &atomicfile.Error{Op: "write", Path: "/ut/registrering.eml", Err: fs.ErrPermission}
	ctx := onTrack(&ui.Context{Session: sessiontest.Full(now), Lang: "nb", NoColor: true, Width: 110, Height: 40}, d)
	rs := newReviewScreen(ctx, d, "")
	rs.SetSize(110, 40)
	review := drive(t, rs, generatedMsg{err: werr})
	wantScreen(t, review, "Kunne ikke lage filene: kunne ikke skrive /ut/registrering.eml: du har ikke skrivetilgang")
	wantScreenNot(t, review, "permission denied", "writing")
	os := newTestOrderScreen(ctx, d, "")
	os.SetSize(110, 40)
	order := drive(t, os, orderWrittenMsg{err: werr})
	wantScreen(t, order, "Kunne ikke skrive e-posten: kunne ikke skrive /ut/registrering.eml: du har ikke skrivetilgang")
	wantScreenNot(t, order, "permission denied")
}
