package ui_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

var fixed = time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)

func init() { time.Local = time.UTC } // golden screens show times

func newStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return fixed }
	return st
}

func options(st ui.Store) ui.Options {
	return ui.Options{
		Title: steps.Title, Tagline: steps.Tagline,
		Store: st, Tracks: ui.Tracks{steps.AltinnII(testDeps)}, Lang: "nb", NoColor: true,
		Now: func() time.Time { return fixed },
		// The driver waits for the autosave timer like any command; a
		// short one keeps tests quick without changing what they see.
		AutosaveDelay: time.Millisecond,
	}
}

// testDeps are the steps' dependencies in the tests: the fixed clock, a
// folder for generated files, no keyring.
var testDeps = steps.Deps{Now: func() time.Time { return fixed }, OutputBase: "/tmp/altinn-onboard-ut"}

// withDeps runs the Altinn II track on d (the keyring, the clock, the
// folders its steps use); the picker deletes sessions' secrets from d's
// keyring.
func withDeps(o *ui.Options, d steps.Deps) {
	o.Tracks = ui.Tracks{steps.AltinnII(d)}
	o.Secrets = d.Secrets
}

// stepsOf are the steps of the Altinn II track (built without deps).
func stepsOf() []ui.Step { return steps.AltinnII(steps.Deps{}).Steps }

// terms remembers each app's terminal size, to answer tea.WindowSize().
var terms sync.Map // tea.Model → tea.WindowSizeMsg

// driver delivers messages to m and runs every command they start to its
// end, as the program would, before the next (only a cursor's blink timer
// and a spinner's ticks are left alone; see internal/teadrive). Nothing
// depends on how fast the machine is.
func driver(t testing.TB, m tea.Model) *teadrive.Driver {
	d := teadrive.New(t, func(msg tea.Msg) tea.Cmd {
		if ws, ok := msg.(tea.WindowSizeMsg); ok {
			terms.Store(m, ws)
		}
		_, cmd := m.Update(msg)
		return cmd
	})
	if ws, ok := terms.Load(m); ok {
		d.Size = ws.(tea.WindowSizeMsg)
	}
	return d
}

// run feeds a message and everything its commands produce.
func run(t testing.TB, m tea.Model, msg tea.Msg) {
	t.Helper()
	driver(t, m).Send(msg)
}

func open(t testing.TB, o ui.Options, w, h int) *ui.App {
	t.Helper()
	app := ui.New(o)
	run(t, app, tea.WindowSizeMsg{Width: w, Height: h})
	driver(t, app).Run(app.Init())
	return app
}

func saved(t *testing.T, st *store.Store, name string) *session.Session {
	t.Helper()
	s, err := st.Resolve(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestGoldenPicker(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			st := newStore(t)
			for _, n := range []string{"Blåbær – kunde 1", "Fjordlønn AS"} {
				s, _ := st.Create(n, session.TrackAltinnII)
				if n == "Fjordlønn AS" {
					s.Answers.Vendor = session.Vendor{Name: "Fjordlønn AS", OrgNumber: "974760673"}
					s.SetStepStatus(session.StepRegistration, session.Done, fixed)
					st.Save(s)
				}
			}
			app := open(t, options(st), size[0], size[1])
			golden.RequireEqual(t, []byte(app.View()))
		})
	}
}

func TestGoldenFormScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			st := newStore(t)
			s, _ := st.Create("Blåbær – kunde 1", session.TrackAltinnII)
			s.Answers.Vendor = session.Vendor{OrgNumber: "123456785", Name: "Blåbær & Søn AS"}
			s.Cursor = session.Cursor{Step: session.StepRegistration, Screen: steps.ScreenVendor, Field: "vendor.address"}
			st.Save(s)
			o := options(st)
			o.ResumeID = s.ID
			app := open(t, o, size[0], size[1])
			view := app.View()
			if !strings.Contains(view, "┃ Adresse") {
				t.Fatalf("resume did not focus the saved field:\n%s", view)
			}
			if size[1] >= 40 && (!strings.Contains(view, "Blåbær & Søn AS") || !strings.Contains(view, "123456785")) {
				t.Fatalf("resumed form lacks the saved answers:\n%s", view)
			}
			golden.RequireEqual(t, []byte(view))
		})
	}
}

func TestGoldenReview(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			st := newStore(t)
			s, _ := st.Create("Blåbær – kunde 1", session.TrackAltinnII)
			s.Answers = sessiontest.Answers()
			s.Answers.Vendor.OrgNumber = "123456789" // a problem to show
			s.Cursor = session.Cursor{Step: session.StepRegistration, Screen: steps.ScreenReview}
			st.Save(s)
			o := options(st)
			o.ResumeID = s.ID
			app := open(t, o, size[0], size[1])
			view := app.View()
			if !strings.Contains(view, "✗ vendor.org_number: 123456789") {
				t.Fatalf("review does not list the wrong org number:\n%s", view)
			}
			golden.RequireEqual(t, []byte(view))
		})
	}
}

func TestTooSmallKeepsInput(t *testing.T) {
	st := newStore(t)
	s, _ := st.Create("Liten", session.TrackAltinnII)
	s.Cursor = session.Cursor{Step: session.StepRegistration, Screen: steps.ScreenVendor, Field: "vendor.org_number"}
	st.Save(s)
	o := options(st)
	o.ResumeID = s.ID
	app := open(t, o, 80, 24)
	run(t, app, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("9740")})
	run(t, app, tea.WindowSizeMsg{Width: 40, Height: 10})
	if v := app.View(); !strings.Contains(v, "for lite") || !strings.Contains(v, "64×20") {
		t.Fatalf("small window: %s", v)
	}
	run(t, app, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")}) // ignored while too small
	run(t, app, tea.WindowSizeMsg{Width: 100, Height: 30})
	if v := app.View(); !strings.Contains(v, "9740") || strings.Contains(v, "9740x") {
		t.Fatalf("input lost or changed by resizing:\n%s", v)
	}
	if app.Session().Answers.Vendor.OrgNumber != "9740" {
		t.Fatalf("session has %q", app.Session().Answers.Vendor.OrgNumber)
	}
}

func TestEnglish(t *testing.T) {
	st := newStore(t)
	o := options(st)
	o.Lang = "en"
	app := open(t, o, 100, 30)
	v := app.View()
	for _, want := range []string{"Altinn II closed on 19 June 2026", "Name of the new session", "samarbeid.digdir.no"} {
		if !strings.Contains(v, want) {
			t.Errorf("English picker lacks %q:\n%s", want, v)
		}
	}
}

// blockingStore is the real store with saves that do not return until the
// test says so: failure injection the real disk cannot do on demand.
type blockingStore struct {
	*store.Store
	release chan struct{}
	calls   chan struct{}
}

func (b *blockingStore) QuickSaveSnapshot(id string, data []byte) error {
	b.calls <- struct{}{}
	<-b.release
	return b.Store.QuickSaveSnapshot(id, data)
}

func (b *blockingStore) PrepareSnapshot(id string, data []byte) (*store.PendingSnapshot, error) {
	b.calls <- struct{}{}
	<-b.release
	return b.Store.PrepareSnapshot(id, data)
}

// Update never waits for the disk: with every save stuck, typing still
// reaches the screen.
func TestUpdateNeverBlocksOnSave(t *testing.T) {
	st := newStore(t)
	s, _ := st.Create("Treg disk", session.TrackAltinnII)
	s.Cursor = session.Cursor{Step: session.StepRegistration, Screen: steps.ScreenVendor, Field: "vendor.name"}
	st.Save(s)
	bs := &blockingStore{Store: st, release: make(chan struct{}), calls: make(chan struct{}, 100)}
	o := options(bs)
	o.ResumeID = s.ID
	o.AutosaveDelay = time.Millisecond
	tm := teatest.NewTestModel(t, ui.New(o), teatest.WithInitialTermSize(100, 30))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Navn")) }, teatest.WithDuration(teadrive.DefaultTimeout))
	select {
	case <-bs.calls: // a save is now stuck in its command
	case <-time.After(teadrive.DefaultTimeout):
		t.Fatal("no save was started")
	}
	typeText(tm, "Blåbær Treg AS")
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Treg AS")) }, teatest.WithDuration(teadrive.DefaultTimeout))
	close(bs.release)
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	app := tm.FinalModel(t, teatest.WithFinalTimeout(teadrive.DefaultTimeout)).(*ui.App)
	if err := app.Close(); err != nil {
		t.Fatal(err)
	}
	if got := saved(t, st, "Treg disk").Answers.Vendor.Name; got != "Blåbær Treg AS" {
		t.Fatalf("saved %q", got)
	}
}

// typeText sends one key per character (teatest's Type splits runes
// into bytes, which garbles æøå).
func typeText(tm *teatest.TestModel, s string) {
	for _, r := range s {
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func TestMain(m *testing.M) {
	os.Setenv("NO_COLOR", "1")
	os.Exit(m.Run())
}

// Leaving a step's last screen marks it done when nothing is missing,
// and only then; the stepper shows it.
func TestLeavingAStepMarksItDone(t *testing.T) {
	for _, tc := range []struct {
		interfaces []string
		done       bool
	}{
		{[]string{session.InterfaceSOAP}, true},
		{[]string{session.InterfaceSOAP, session.InterfaceREST}, false}, // REST keys not stored
	} {
		st := newStore(t)
		s, _ := st.Create("Steg 2", session.TrackAltinnII)
		s.Answers = sessiontest.Answers()
		s.Answers.System.Interfaces = tc.interfaces
		s.Cursor = session.Cursor{Step: session.StepIntegration, Screen: steps.ScreenAPIKeys}
		st.Save(s)
		o := options(st)
		o.ResumeID = s.ID
		app := open(t, o, 100, 30)
		run(t, app, tea.KeyMsg{Type: tea.KeyTab})
		if tc.interfaces[len(tc.interfaces)-1] == session.InterfaceSOAP {
			run(t, app, tea.KeyMsg{Type: tea.KeyEnter})
		}
		got := app.Session().StepStatus(session.StepIntegration)
		if (got == session.Done) != tc.done {
			t.Errorf("%v: step 2 is %s", tc.interfaces, got)
		}
		if v := app.View(); !strings.Contains(v, "3 Autentisering") {
			t.Errorf("%v: did not move on to step 3:\n%s", tc.interfaces, v)
		}
		want := "! 2" // in progress, with the missing keys as problems
		if tc.done {
			want = "✓ 2"
		}
		if !strings.Contains(app.View(), want) {
			t.Errorf("%v: stepper lacks %q:\n%s", tc.interfaces, want, app.View())
		}
	}
}

// The overview lists every problem once, with a jump to its field.
func TestOverviewListsProblemsOnce(t *testing.T) {
	st := newStore(t)
	s, _ := st.Create("Oversikt", session.TrackAltinnII)
	s.Answers = sessiontest.Answers()
	s.Answers.System.Services[0].Code = "49x6" // shown by step 1 and step 4
	s.Cursor = session.Cursor{Step: "overview", Screen: "overview"}
	st.Save(s)
	o := options(st)
	o.ResumeID = s.ID
	app := open(t, o, 120, 40)
	v := app.View()
	if n := strings.Count(v, "Tjenestekoden kan bare inneholde sifre"); n != 1 {
		t.Fatalf("the service code problem is listed %d times:\n%s", n, v)
	}
	run(t, app, tea.KeyMsg{Type: tea.KeyEnter})
	if c := app.Session().Cursor; c.Step != session.StepRegistration || c.Screen != steps.ScreenServices {
		// the first problem is the service's; enter jumps to it
		t.Fatalf("enter jumped to %+v:\n%s", c, app.View())
	}
}

// The app hands a text field's blink timer on as bubbles made it (its
// panic guard leaves timers alone), so a test driver can tell it from
// work and need not wait for it; wrapped, every focus would cost the
// driver 530 ms and a blink message.
func TestDriverSeesBlinks(t *testing.T) {
	st := newStore(t)
	s, _ := st.Create("Blink", session.TrackAltinnII)
	s.Cursor = session.Cursor{Step: session.StepRegistration, Screen: steps.ScreenVendor, Field: "vendor.org_number"}
	st.Save(s)
	o := options(st)
	o.ResumeID = s.ID
	app := ui.New(o)
	d := driver(t, app)
	d.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	d.Run(app.Init())
	d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("974760673")})
	d.Send(tea.KeyMsg{Type: tea.KeyEnter})
	if d.Blinks == 0 {
		t.Fatal("no blink timer reached the driver as a blink: the app wraps them")
	}
	if !strings.Contains(app.View(), "┃ Navn") {
		t.Fatalf("enter did not move on:\n%s", app.View())
	}
}
