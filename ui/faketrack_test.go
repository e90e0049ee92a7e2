package ui_test

// A track is data: a fake track of two steps, with nothing of Altinn in
// it (not package steps, not its texts), drives the whole app: the
// picker, the stepper, navigation, completeness, autosave and resume.
// What the app shows of steps and progress can only have come from the
// track.

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbles/key"
	bt "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The fake track's steps are written here as a track's package would
// write them: one function per step. They keep their one answer in the
// session's "system.description" (the session has no other place for
// answers yet); the app does not know that.
const (
	fakeTrackID = "fake"
	stepNote    = "note"
	stepConfirm = "confirm"
)

// noteStep asks for a note in a form; leaving it with a note marks it
// done (DoneWhenLeft), and a missing note is its problem.
func noteStep() ui.Step {
	return ui.Step{
		ID:    stepNote,
		Title: func(lang string) string { return "Notat" },
		Screens: []ui.ScreenSpec{{
			ID:    "write",
			Title: func(string) string { return "Skriv" },
			New: func(ctx *ui.Context, field string) ui.Screen {
				f := huh.NewForm(huh.NewGroup(huh.NewInput().Key("note").Title("Notatet ditt").
					Value(&ctx.Session.Answers.System.Description)))
				return ui.NewFormScreen(f, "Første skjerm i et spor uten Altinn.")
			},
		}},
		Problems: func(ctx *ui.Context) []ui.Problem {
			if ctx.Session.Answers.System.Description == "" {
				return []ui.Problem{{Screen: "write", Field: "note", Message: "Notatet mangler"}}
			}
			return nil
		},
		DoneWhenLeft: true,
	}
}

// confirmStep is a screen of its own: x confirms, which marks the step
// done; until then it says what is left.
func confirmStep() ui.Step {
	return ui.Step{
		ID:    stepConfirm,
		Title: func(string) string { return "Bekreft" },
		Screens: []ui.ScreenSpec{{
			ID:    "tick",
			Title: func(string) string { return "Kryss av" },
			New:   func(ctx *ui.Context, field string) ui.Screen { return &confirmScreen{ctx: ctx} },
		}},
		Remaining: func(ctx *ui.Context) string {
			if ctx.Session.StepStatus(stepConfirm) != session.Done {
				return "ikke bekreftet"
			}
			return ""
		},
	}
}

type confirmScreen struct {
	ctx  *ui.Context
	done bool
}

func (c *confirmScreen) Init() bt.Cmd { return nil }
func (c *confirmScreen) Update(msg bt.Msg) (ui.Screen, bt.Cmd) {
	if k, ok := msg.(bt.KeyMsg); ok && k.String() == "x" {
		c.ctx.Session.SetStepStatus(stepConfirm, session.Done, fixed)
		c.done = true
		return c, func() bt.Msg { return ui.ChangedMsg{} }
	}
	return c, nil
}
func (c *confirmScreen) View() string {
	return "Steg " + itoa(c.ctx.StepNumber(stepConfirm)) + " av " + itoa(c.ctx.StepCount()) + ": trykk x for å bekrefte."
}
func (c *confirmScreen) SetSize(int, int)           {}
func (c *confirmScreen) KeyBindings() []tea.Binding { return nil }
func (c *confirmScreen) Done() bool                 { return c.done }
func (c *confirmScreen) Editing() bool              { return false }
func (c *confirmScreen) Field() string              { return "" }

func itoa(n int) string { return string(rune('0' + n)) }

// fakeTrack is the track: the two steps, one list.
func fakeTrack() ui.Track {
	return ui.Track{
		ID:      fakeTrackID,
		Title:   func(string) string { return "Prøvespor" },
		Notice:  func(string) string { return "Et spor bare for prøving." },
		Label:   func(s store.Summary) string { return "merkelapp for " + s.Name },
		Steps:   []ui.Step{noteStep(), confirmStep()},
		Secrets: []ui.Secret{{Name: "fake-token"}},
	}
}

func fakeOptions(st ui.Store) ui.Options {
	o := options(st)
	o.Title, o.Tagline = "prøveprogram", func(string) string { return "for prøving" }
	o.Tracks = ui.Tracks{fakeTrack()}
	return o
}

// onDisk reads the session file as the store wrote it.
func onDisk(t *testing.T, st *store.Store, id string) (*session.Session, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(st.Path(id))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	s, err := session.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return s, raw
}

func wantView(t *testing.T, d *keyDriver, texts ...string) {
	t.Helper()
	v := d.app.View()
	for _, s := range texts {
		if !strings.Contains(v, s) {
			t.Fatalf("the screen lacks %q:\n%s", s, v)
		}
	}
}

func dontWantView(t *testing.T, d *keyDriver, texts ...string) {
	t.Helper()
	v := d.app.View()
	for _, s := range texts {
		if strings.Contains(v, s) {
			t.Fatalf("the screen shows %q:\n%s", s, v)
		}
	}
}

func alt(r rune) bt.KeyMsg { return bt.KeyMsg{Type: bt.KeyRunes, Runes: []rune{r}, Alt: true} }

var (
	enter = bt.KeyMsg{Type: bt.KeyEnter}
	ctrlC = bt.KeyMsg{Type: bt.KeyCtrlC}
)

func TestFakeTrackDrivesTheWholeApp(t *testing.T) {
	st := newStore(t)

	// The picker: no sessions, so it asks for a name at once; the
	// track's notice and the program's title are the options' own.
	d := newKeyDriver(t, fakeOptions(st))
	wantView(t, d, "prøveprogram", "for prøving", "Et spor bare for prøving.", "Navn på den nye økten")
	dontWantView(t, d, "Altinn", "altinn")
	d.send(parseInput(t, "Prøve\r")...)
	d.settle()
	sess := d.app.Session()
	if sess == nil || sess.Track != fakeTrackID {
		t.Fatalf("new session %+v, want one on track %q", sess, fakeTrackID)
	}

	// The stepper: the track's two steps and the overview; the first
	// screen is the first step's.
	wantView(t, d, "▶ 1 Notat", "○ 2 Bekreft", "○ Σ Oversikt", "Første skjerm i et spor uten Altinn.", "Notatet ditt")
	if disk, raw := onDisk(t, st, sess.ID); disk.Track != fakeTrackID || raw["schema_version"] != float64(session.SchemaVersion) {
		t.Fatalf("saved track %q, schema %v", disk.Track, raw["schema_version"])
	}

	// Autosave: what is typed is on disk without a save key.
	d.send(parseInput(t, "hei der")...)
	d.settle()
	if disk, _ := onDisk(t, st, sess.ID); disk.Answers.System.Description != "hei der" || disk.Cursor.Step != stepNote {
		t.Fatalf("autosaved %q at %+v", disk.Answers.System.Description, disk.Cursor)
	}

	// Leaving the form with its answer marks step 1 done and goes on.
	d.send(enter)
	d.settle()
	wantView(t, d, "✓ 1 Notat", "▶ 2 Bekreft", "Steg 2 av 2: trykk x for å bekrefte.")
	if s, _ := onDisk(t, st, sess.ID); s.StepStatus(stepNote) != session.Done || s.Cursor.Step != stepConfirm {
		t.Fatalf("on disk: note %s, cursor %+v", s.StepStatus(stepNote), s.Cursor)
	}

	// Navigation: the jump keys are the track's (alt+1…3), ctrl+← and
	// ctrl+→ move a step, alt+3 is the overview.
	d.send(alt('1'))
	d.settle()
	wantView(t, d, "▶ 1 Notat", "Notatet ditt")
	d.send(bt.KeyMsg{Type: bt.KeyCtrlRight})
	d.settle()
	wantView(t, d, "▶ 2 Bekreft")
	d.send(alt('3'))
	d.settle()
	wantView(t, d, "▶ Σ Oversikt", "✓ 1 Notat", "◐ 2 Bekreft", "pågår", "Ingen problemer funnet")
	d.send(bt.KeyMsg{Type: bt.KeyRunes, Runes: []rune{'?'}})
	d.settle()
	wantView(t, d, "alt+1…3")
	d.send(alt('4')) // no fourth item: nothing happens
	d.settle()
	wantView(t, d, "▶ Σ Oversikt")

	// Not complete until step 2 is done.
	if fakeTrack().StepsDone(d.app.Session()) {
		t.Fatal("complete with step 2 open")
	}
	d.send(alt('2'))
	d.send(bt.KeyMsg{Type: bt.KeyRunes, Runes: []rune{'x'}})
	d.settle()
	wantView(t, d, "✓ 1 Notat", "✓ 2 Bekreft", "▶ Σ Oversikt") // the overview follows on
	if !fakeTrack().StepsDone(d.app.Session()) {
		t.Fatal("not complete with both steps done")
	}
	if s, _ := onDisk(t, st, sess.ID); s.StepStatus(stepConfirm) != session.Done || s.Cursor.Step != "overview" {
		t.Fatalf("on disk: confirm %s, cursor %+v", s.StepStatus(stepConfirm), s.Cursor)
	}

	// Back to step 1, then quit: the cursor is saved there.
	d.send(alt('1'))
	d.settle()
	wantView(t, d, "▶ 1 Notat", "✓ 2 Bekreft", "✓ Σ Oversikt") // complete
	d.send(ctrlC)
	d.settle()
	if err := d.app.Close(); err != nil {
		t.Fatal(err)
	}

	// The picker lists the session with the track's label and progress.
	d = newKeyDriver(t, fakeOptions(st))
	wantView(t, d, "Prøve", "merkelapp for Prøve", "fullført")

	// Resume lands where the user was, on the track's step.
	o := fakeOptions(st)
	o.ResumeID = sess.ID
	d = newKeyDriver(t, o)
	wantView(t, d, "▶ 1 Notat", "✓ 2 Bekreft", "hei der")
	d.send(ctrlC)
	d.settle()
	d.app.Close()
}

// With several tracks a new session asks which it follows (the first is
// the default); the picker shows each session's progress by its own
// track, and a session runs its own track's steps.
func TestPickerWithSeveralTracks(t *testing.T) {
	st := newStore(t)
	other := ui.Track{
		ID:          "other",
		Title:       func(string) string { return "Et annet spor" },
		Description: func(string) string { return "tre steg" },
		Steps:       []ui.Step{noteStep(), confirmStep(), {ID: "third", Title: func(string) string { return "Tredje" }, Screens: confirmStep().Screens}},
	}
	fake := fakeTrack()
	fake.Description = func(string) string { return "to steg" }
	o := options(st)
	o.Tracks = ui.Tracks{fake, other}
	d := newKeyDriver(t, o)
	d.send(parseInput(t, "Andre\r")...)
	d.settle()
	wantView(t, d, "Hvilket spor skal «Andre» følge?", "▶ Prøvespor – to steg", "Et annet spor – tre steg")
	if d.app.Session() != nil {
		t.Fatal("a session was made before its track was chosen")
	}
	d.send(bt.KeyMsg{Type: bt.KeyDown}, enter)
	d.settle()
	if s := d.app.Session(); s == nil || s.Track != "other" {
		t.Fatalf("session %+v, want one on the second track", s)
	}
	wantView(t, d, "▶ 1 Notat", "○ 2 Bekreft", "○ 3 Tredje", "○ Σ Oversikt")
	d.send(ctrlC)
	d.settle()
	d.app.Close()

	// A session on the default track: enter takes the first.
	if _, err := st.Create("Første", fakeTrackID); err != nil {
		t.Fatal(err)
	}
	d = newKeyDriver(t, o)
	wantView(t, d, "steg 1/3", "steg 1/2")
}

// A session of a track the program does not have (a newer version made
// it, or the file was edited) is not opened: the picker says why, and
// the file is kept as it was.
func TestUnknownTrackIsRefused(t *testing.T) {
	st := newStore(t)
	s, err := st.Create("Fremmed", "from-the-future")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(st.Path(s.ID))
	d := newKeyDriver(t, fakeOptions(st))
	wantView(t, d, "Fremmed", "–") // no progress to show
	d.send(enter)
	d.settle()
	if d.app.Session() != nil {
		t.Fatal("opened a session of an unknown track")
	}
	wantView(t, d, "følger sporet «from-the-future», som denne versjonen av programmet ikke kjenner")
	if after, _ := os.ReadFile(st.Path(s.ID)); string(after) != string(before) {
		t.Fatal("the file was changed")
	}
	// Not locked either: it can be opened by a program that knows it.
	lock, err := st.Lock(s)
	if err != nil {
		t.Fatalf("left locked: %v", err)
	}
	lock.Release()
}

// A track's description wider than the window is wrapped, not cut with
// "…": it says what the track does, and the user chooses by it.
func TestTrackDescriptionsWrap(t *testing.T) {
	st := newStore(t)
	long := ui.Track{
		ID:    "other",
		Title: func(string) string { return "Et annet spor" },
		Description: func(string) string {
			return "en Maskinporten-klient, systemet i systemregisteret og per kunde en forespørsel kunden godkjenner til slutt"
		},
		Steps: []ui.Step{noteStep(), confirmStep()},
	}
	o := options(st)
	o.Tracks = ui.Tracks{fakeTrack(), long}
	d := newKeyDriver(t, o)
	d.send(parseInput(t, "Andre\r")...)
	d.settle()
	wantView(t, d, "Hvilket spor skal «Andre» følge?", "godkjenner til slutt")
	dontWantView(t, d, "…")
	d.send(ctrlC)
	d.settle()
	d.app.Close()
}
