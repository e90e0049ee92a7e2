package cli

// The commands take what depends on a session's steps from its track:
// progress, the secrets, the import check. A made-up track next to the
// Altinn II one shows it.

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// withDemoTrack are the program's tracks and a made-up one of two steps
// that keeps one secret of its own.
func withDemoTrack(d steps.Deps) ui.Tracks {
	demo := ui.Track{
		ID:    "demo",
		Title: func(string) string { return "Demo" },
		Steps: []ui.Step{{ID: "first"}, {ID: "second"}},
		Secrets: []ui.Secret{{
			Name:        "demo-token",
			Description: func(lang string) string { return ui.T(lang, "demonøkkelen", "the demo token") },
			Check: func(v, lang string) error {
				if len(v) < 5 {
					return errors.New(ui.T(lang, "minst 5 tegn", "at least 5 characters"))
				}
				return nil
			},
		}},
	}
	return append(programTracks(d), demo)
}

// runTracks runs the program with the demo track and keyring k (nil: the
// real one, with its usual timeout).
func runTracks(t *testing.T, dir string, k store.Secrets, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader(stdin), Out: &out, Err: &errb, Lang: "en"}, testBuild)
	f.Tracks = withDemoTrack
	if k != nil {
		f.Keyring = func() store.Secrets { return k }
	}
	code := run(f, append([]string{"--data-dir", dir}, args...))
	return code, out.String(), errb.String()
}

func createOn(t *testing.T, st *store.Store, name, track string, done ...string) *session.Session {
	t.Helper()
	s, err := st.Create(name, track)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range done {
		s.SetStepStatus(id, session.Done, time.Now())
	}
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	return s
}

// `sessions list` says how far each session is along its own track, as
// the wizard does (ui.Track.Status): current_step is the first step not
// done or with problems (steps+1 when there is none), steps the track's
// count, complete whether all are done and none has problems. "Ferdig"
// has every step marked done but no answers: step 1 has problems, so it
// is not complete.
func TestSessionsListProgressComesFromTheTrack(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	all := steps.AltinnII(steps.Deps{}).StepIDs()
	createOn(t, st, "Ny", session.TrackAltinnII)
	createOn(t, st, "Halvveis", session.TrackAltinnII, session.StepRegistration, session.StepIntegration, session.StepServices)
	createOn(t, st, "Ferdig", session.TrackAltinnII, all...)
	createOn(t, st, "Demo", "demo", "first")
	createOn(t, st, "Demo ferdig", "demo", "first", "second")
	createOn(t, st, "Fremmed", "from-the-future", "first")

	code, out, errOut := runTracks(t, dir, nil, "", "sessions", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var lo struct {
		Sessions []map[string]any `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(out), &lo); err != nil {
		t.Fatal(err)
	}
	want := map[string][4]any{ // track, current_step, steps, complete
		"Ny":          {session.TrackAltinnII, 1.0, 6.0, false},
		"Halvveis":    {session.TrackAltinnII, 3.0, 6.0, false},
		"Ferdig":      {session.TrackAltinnII, 1.0, 6.0, false},
		"Demo":        {"demo", 2.0, 2.0, false},
		"Demo ferdig": {"demo", 3.0, 2.0, true},
		"Fremmed":     {"from-the-future", 0.0, 0.0, false},
	}
	if len(lo.Sessions) != len(want) {
		t.Fatalf("%d sessions listed:\n%s", len(lo.Sessions), out)
	}
	for _, s := range lo.Sessions {
		w, ok := want[s["name"].(string)]
		if !ok || s["track"] != w[0] || s["current_step"] != w[1] || s["steps"] != w[2] || s["complete"] != w[3] {
			t.Errorf("%v: track %v, current_step %v, steps %v, complete %v; want %v", s["name"], s["track"], s["current_step"], s["steps"], s["complete"], w)
		}
	}

	code, out, _ = runTracks(t, dir, nil, "", "sessions", "list")
	for _, row := range []string{`Ny\s+–\s+–\s+1/6`, `Halvveis\s+–\s+–\s+3/6`, `Ferdig\s+–\s+–\s+1/6`, `Demo\s+–\s+–\s+2/2`,
		`Demo ferdig\s+–\s+–\s+complete`, `Fremmed\s+–\s+–\s+–\s`} {
		if !matches(row, out) {
			t.Errorf("the list lacks a row like %s:\n%s", row, out)
		}
	}
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
}

// `sessions new --track` makes a session on the track named; the first
// track is the default, and a track the program does not have is refused.
func TestSessionsNewTrack(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runTracks(t, dir, nil, "", "sessions", "new", "Standard"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, _, errOut := runTracks(t, dir, nil, "", "sessions", "new", "Demo", "--track", "demo"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, _, errOut := runTracks(t, dir, nil, "", "sessions", "new", "Ingen", "--track", "nowhere")
	if code != 2 || !strings.Contains(errOut, `unknown track "nowhere"; the tracks are: altinn3, altinn2, demo`) {
		t.Fatalf("unknown track: exit %d, %s", code, errOut)
	}
	st, _ := store.Open(dir)
	for name, track := range map[string]string{"Standard": session.TrackAltinn3, "Demo": "demo"} {
		s, err := st.Resolve(name)
		if err != nil || s.Track != track {
			t.Errorf("%s: track %q (%v), want %q", name, s.Track, err, track)
		}
	}
	if _, err := st.Resolve("Ingen"); err == nil {
		t.Error("a session was made on an unknown track")
	}
}

// The secrets a session can have are its track's: the demo session takes
// the demo token, with the demo track's rule for its value, and not the
// Altinn II passwords; an Altinn II session the other way round. Real
// keyring.
func TestSecretsAreTheSessionsTracks(t *testing.T) {
	kr := keyringtest.Require(t)
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	demo := createOn(t, st, "Demo", "demo")
	alt := createOn(t, st, "Altinn", session.TrackAltinnII)
	t.Cleanup(func() {
		kr.DeleteAll(demo.ID, []string{"demo-token"})
		kr.DeleteAll(alt.ID, knownSecretNames)
	})

	code, _, errOut := runTracks(t, dir, kr, "kort\n", "secrets", "set", "demo-token", "--session", "Demo")
	if code != 2 || !strings.Contains(errOut, "demo-token: at least 5 characters; nothing was stored") {
		t.Fatalf("the track's rule: exit %d, %s", code, errOut)
	}
	if code, _, errOut := runTracks(t, dir, kr, "lang-nok-demo\n", "secrets", "set", "demo-token", "--session", "Demo"); code != 0 {
		t.Fatalf("set: exit %d, %s", code, errOut)
	}
	if v, err := kr.Get(demo.ID, "demo-token"); err != nil || v != "lang-nok-demo" {
		t.Fatalf("keyring has %q, %v", v, err)
	}

	code, _, errOut = runTracks(t, dir, kr, "Passord123\n", "secrets", "set", steps.SecretSystemPassword, "--session", "Demo")
	if code != 2 || !strings.Contains(errOut, "unknown secret name; the known ones are:\n  demo-token") || strings.Contains(errOut, "rest-api-key") {
		t.Fatalf("an Altinn II secret on the demo session: exit %d, %s", code, errOut)
	}
	code, _, errOut = runTracks(t, dir, kr, "lang-nok-demo\n", "secrets", "set", "demo-token", "--session", "Altinn")
	if code != 2 || !strings.Contains(errOut, steps.SecretSystemPassword) || strings.Contains(errOut, "demo-token ") {
		t.Fatalf("the demo token on an Altinn II session: exit %d, %s", code, errOut)
	}

	code, out, errOut := runTracks(t, dir, kr, "", "secrets", "list", "--session", "Demo")
	if code != 0 || !strings.Contains(out, "demo-token") || !strings.Contains(out, " set ") || strings.Contains(out, "system-password") {
		t.Fatalf("list: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runTracks(t, dir, kr, "", "secrets", "list", "--session", "Altinn")
	if code != 0 || !strings.Contains(out, "system-password") || strings.Contains(out, "demo-token") {
		t.Fatalf("list: exit %d\n%s", code, out)
	}

	// Deleting the session deletes its track's secrets.
	if code, _, errOut := runTracks(t, dir, kr, "", "sessions", "delete", "--yes", "Demo"); code != 0 {
		t.Fatalf("delete: exit %d, %s", code, errOut)
	}
	if _, err := kr.Get(demo.ID, "demo-token"); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("the demo token outlived its session: %v", err)
	}
}

// An exported session of a track the program does not have is not
// imported: its steps cannot be checked, nor run.
func TestImportRefusesAnUnknownTrack(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "eksport.json")
	s := session.New("Fra framtiden", time.Now())
	s.Track = "from-the-future"
	data, err := session.Encode(session.ForExport(s))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runTracks(t, dir, nil, "", "sessions", "import", file)
	if code == 0 || !strings.Contains(errOut, `follows the track "from-the-future", which this version of the program does not know`) {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	st, _ := store.Open(dir)
	if list, _, _ := st.List(); len(list) != 0 {
		t.Fatalf("imported: %+v", list)
	}
}

// matches says whether the regular expression re matches somewhere in s.
func matches(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }
