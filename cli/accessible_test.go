package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// accessibleAnswersNB answer every question of the Altinn II track's six
// steps, in order, as a user of --accessible types them: step 1 with a
// two-line security measure, step 2's API keys (secrets), step 3's
// SystemID and passwords (secrets) and no certificate for TT02 or PROD,
// step 4's services, step 5's test
// users, order e-mail and checklist, step 6's guide and checklist.
var accessibleAnswersNB = []string{
	"Kunde", "2", "123456785", "Blåbær AS", "Storgata 1", "0155", "Oslo", "Åse Ødegård", "ase@blabaer.no",
	"91234567", "2", "Blåbær Regnskap", "1.0", "Regnskap for små bedrifter.", ".", "1", "1 2", "1 4",
	"1 2", "2", "4936", "1", "A-melding", "Skatteetaten", "1", "j", "n", "n",
	"Tilgangsstyring og logging.", "To linjer.", ".", "Åse Ødegård", "Daglig leder", "Oslo", "", "",
	"j", "", "j", "j", "nokkel-tt02-abc", "nokkel-prod-abc", "", "12345", "1", "Passord123", "2",
	"virkbruker", "Hemmelig1", "", "", "", "1", "", "2", "1", "", "j", "j", "j", "j", "j", "1", "1", "",
	"j", "j", "j", "j", "j", "j",
}

// accessibleAnswersEN are the same answers, with the English words for
// yes and no.
var accessibleAnswersEN = func() []string {
	out := make([]string, len(accessibleAnswersNB))
	for i, a := range accessibleAnswersNB {
		switch {
		case a == "j" && i%2 == 0:
			a = "yes"
		case a == "j":
			a = "y"
		case a == "n":
			a = "no"
		}
		out[i] = a
	}
	return out
}()

// secretsTyped are the secrets among the answers.
var secretsTyped = map[string]string{
	steps.SecretRESTAPIKeyTT02:         "nokkel-tt02-abc",
	steps.SecretRESTAPIKeyProd:         "nokkel-prod-abc",
	steps.SecretSystemPassword:         "Passord123",
	steps.SecretEnterpriseUserPassword: "Hemmelig1",
}

// runAccessible runs the program in-process on answers (one per line),
// with the throw-away keyring when kr is not nil.
func runAccessible(t *testing.T, dir string, kr store.Secrets, answers []string, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	in := strings.Join(answers, "\n")
	if len(answers) > 0 {
		in += "\n"
	}
	f := newFactory(&IO{In: strings.NewReader(in), Out: &out, Err: &errb, Lang: "nb"}, testBuild)
	if kr != nil {
		f.Keyring = func() store.Secrets { return kr }
	}
	code := run(f, append([]string{"--data-dir", dir}, args...))
	return code, out.String() + errb.String()
}

// Piped answers complete all six steps, in Norwegian and in English: every
// step done, the documents, e-mails and guide made, the secrets in the
// keyring and not in the session file, a heading before each group and
// each field's description read out, and none of a prompt library's
// English in the Norwegian text.
func TestAccessibleCompletesAllSteps(t *testing.T) {
	kr := keyringtest.Require(t)
	for _, tc := range []struct {
		lang    string
		answers []string
		want    []string
		notWant []string
	}{
		{"nb", accessibleAnswersNB,
			[]string{"## Steg 1 av 6: Registrering", "## Leverandøren", "9 siffer, for eksempel", "(skriv et nummer fra 1 til 3)", "(j/n)",
				"avslutt med en linje med bare et punktum", "## Gjennomgang av steg 1", "## Steg 6 av 6", "Onboardingen er fullført"},
			[]string{"Enter a number", "[y/N]", "invalid input", "(y/n)", "Error:", "Stored answer"}},
		{"en", accessibleAnswersEN,
			[]string{"## Step 1 of 6: Registration", "## The vendor", "(type a number from 1 to 3)", "(y/n)",
				"end with a line holding only a full stop", "## Review of step 1", "## Step 6 of 6", "The onboarding is complete"},
			[]string{"(j/n)", "Feil:", "Lagret svar", "Steg "}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("HOME", t.TempDir())
			code, out := runAccessible(t, dir, kr, tc.answers, "--lang", tc.lang, "--accessible")
			st, _ := store.Open(dir)
			s, err := st.Resolve("Kunde")
			if err != nil {
				t.Fatalf("exit %d, %v\n%s", code, err, out)
			}
			t.Cleanup(func() { kr.DeleteAll(s.ID, knownSecretNames) })
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, out)
			}
			for _, id := range steps.AltinnII(steps.Deps{}).StepIDs() {
				if s.StepStatus(id) != session.Done {
					t.Errorf("step %s is %v", id, s.StepStatus(id))
				}
			}
			if !s.GoLive.Completed {
				t.Error("the onboarding is not marked complete")
			}
			for _, kinds := range [][]string{steps.PackageKinds, {steps.KindTestUserEmail}, {steps.KindGuideDocx}} {
				files := s.FilesOf(kinds...)
				if len(files) != len(kinds) {
					t.Errorf("files of %v: %+v", kinds, files)
				}
				for _, f := range files {
					if _, err := os.Stat(f.Path); err != nil {
						t.Error(err)
					}
				}
			}
			if got := s.Answers.Declaration.SecurityMeasures; got != "Tilgangsstyring og logging.\nTo linjer." {
				t.Errorf("multi-line answer %q", got)
			}
			raw, err := os.ReadFile(st.Path(s.ID))
			if err != nil {
				t.Fatal(err)
			}
			for name, value := range secretsTyped {
				got, err := kr.Get(s.ID, name)
				if err != nil || got != value {
					t.Errorf("keyring %s: %q, %v", name, got, err)
				}
				if bytes.Contains(raw, []byte(value)) || strings.Contains(out, value) {
					t.Errorf("the secret %s is in the session file or the output", name)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("the output lacks %q", w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(out, w) {
					t.Errorf("the output has %q", w)
				}
			}
			if t.Failed() {
				t.Log(out)
			}
		})
	}
}

// step1Answers are the answers of step 1 up to its review.
func step1Answers() []string {
	for i, a := range accessibleAnswersNB {
		if a == "Oslo" && accessibleAnswersNB[i-1] == "Daglig leder" {
			return append([]string(nil), accessibleAnswersNB[:i+2]...) // the place, then the empty date
		}
	}
	panic("no signer in the answers")
}

// The review reads out every answer of the step; one is changed by its
// number (a wrong number is refused) before the documents are made, and
// the documents have the new answer. The end of the input then stops the
// asking and saves what was answered.
func TestAccessibleReviewChangesAnAnswer(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", t.TempDir())
	answers := append(step1Answers(), "99", "2", "Blåbær og Søn AS", "", "j")
	code, out := runAccessible(t, dir, nil, answers, "--accessible")
	if code != 130 {
		t.Fatalf("exit %d, want 130 (the input ended)\n%s", code, out)
	}
	for _, want := range []string{"2. Navn: Blåbær AS", "Feil: skriv et nummer fra 1 til 28", "Lagret svar: Blåbær AS", "Svarene er lagret. Fortsett med: altinn-onboard resume \"Kunde\" --accessible"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	st, _ := store.Open(dir)
	s, err := st.Resolve("Kunde")
	if err != nil {
		t.Fatal(err)
	}
	if s.Answers.Vendor.Name != "Blåbær og Søn AS" || s.StepStatus(session.StepRegistration) != session.Done {
		t.Fatalf("vendor %q, step 1 %v", s.Answers.Vendor.Name, s.StepStatus(session.StepRegistration))
	}
	text := docxText(t, filepath.Join(dir, "output", "kunde", "bestilling-blabaer-regnskap.docx"))
	if !strings.Contains(text, "Blåbær og Søn AS") || strings.Contains(text, "Blåbær AS") {
		t.Errorf("the order form does not have the changed name")
	}
	if t.Failed() {
		t.Log(out)
	}
}

// The end of the input saves what was answered; resuming says what is
// stored and keeps it on an empty line; a new session with a name in use
// offers to resume that session instead.
func TestAccessibleStopSavesAndResumes(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", t.TempDir())
	code, out := runAccessible(t, dir, nil, []string{"Kunde", "2", "123456785", "Blåbær AS"}, "--accessible")
	if code != 130 || !strings.Contains(out, "Stoppet. Svarene er lagret.") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	st, _ := store.Open(dir)
	s, err := st.Resolve("Kunde")
	if err != nil || s.Answers.Vendor.OrgNumber != "123456785" || s.Answers.Vendor.Name != "Blåbær AS" {
		t.Fatalf("saved: %v %+v", err, s)
	}

	code, out = runAccessible(t, dir, nil, []string{"", "", "Storgata 2"}, "resume", "Kunde", "--accessible")
	if code != 130 {
		t.Fatalf("resume: exit %d\n%s", code, out)
	}
	for _, want := range []string{"Fortsetter økten «Kunde»", "Lagret svar: 123456785. Tom linje beholder det.", "Lagret svar: Blåbær AS"} {
		if !strings.Contains(out, want) {
			t.Errorf("resume: the output lacks %q\n%s", want, out)
		}
	}
	s, _ = st.Resolve("Kunde")
	if s.Answers.Vendor.OrgNumber != "123456785" || s.Answers.Vendor.Name != "Blåbær AS" || s.Answers.Vendor.Address != "Storgata 2" {
		t.Fatalf("resume did not keep and add: %+v", s.Answers.Vendor)
	}

	code, out = runAccessible(t, dir, nil, []string{"Kunde", "j", "", ""}, "--accessible")
	if code != 130 || !strings.Contains(out, "Det finnes alt en økt som heter «Kunde». Fortsette den? (j/n)") ||
		!strings.Contains(out, "Lagret svar: Storgata 2") {
		t.Fatalf("a name in use: exit %d\n%s", code, out)
	}
	list, _, err := st.List()
	if err != nil || len(list) != 1 {
		t.Fatalf("sessions: %d, %v", len(list), err)
	}
}

// The Altinn 3 track, the default, is asked in accessible mode past its
// first page: the client screen's actions as a numbered list (once it
// stopped there with exit 2 and "cannot ask"). The end of the input saves
// the session (exit 130) on its track.
func TestAccessibleAltinn3AsksItsScreens(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", t.TempDir())
	code, out := runAccessible(t, dir, nil, []string{"Ny", ""}, "--accessible")
	if code != 130 || !strings.Contains(out, "Hva vil du gjøre (skriv et nummer fra 1 til 6):") ||
		!strings.Contains(out, "2. Lag en ny nøkkel (RSA-2048)") || strings.Contains(out, "kan ennå ikke") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	st, _ := store.Open(dir)
	if s, err := st.Resolve("Ny"); err != nil || s.Track != session.TrackAltinn3 {
		t.Fatalf("%v %+v", err, s)
	}
}
