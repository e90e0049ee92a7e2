package ui_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The overview of a session without problems has nothing to select: ↓
// then Enter panicked with index out of range [-1].
func TestOverviewWithoutProblemsDownEnter(t *testing.T) {
	st := newStore(t)
	s, _ := st.Create("Ferdig", session.TrackAltinnII)
	s.Cursor = session.Cursor{Step: "overview", Screen: "overview"}
	st.Save(s)
	o := options(st)
	o.Tracks = ui.Tracks{stubTrack(nil)} // a step with no problems
	o.ResumeID = s.ID
	app := open(t, o, 100, 30)
	if v := app.View(); !strings.Contains(v, "Ingen problemer funnet") {
		t.Fatalf("not on an overview without problems:\n%s", v)
	}
	for _, k := range []tea.KeyType{tea.KeyDown, tea.KeyEnter, tea.KeyUp, tea.KeyEnter} {
		run(t, app, tea.KeyMsg{Type: k})
	}
	if c := app.Crash(); c != nil {
		t.Fatalf("panic: %v\n%s", c, c.Report())
	}
	if v := app.View(); !strings.Contains(v, "Ingen problemer funnet") {
		t.Fatalf("left the overview:\n%s", v)
	}
}

// stub is a screen for lifecycle tests: every rune key is appended to
// the vendor name, and a few keys misbehave on purpose.
type stub struct {
	ctx   *ui.Context
	ready chan<- struct{}
	// broken makes View panic.
	broken bool
}

// Keys that panic: in Update after half-changing the session, in a
// command, in a command inside a batch, in a sequence, and in View.
const (
	keyPanicUpdate   = '!'
	keyPanicCmd      = '#'
	keyPanicBatch    = '$'
	keyPanicSequence = '%'
	keyPanicView     = '&'
	secretInPanic    = "hemmelig-svar-som-aldri-skal-på-disk"
)

// stubTrack is the Altinn II track with its one step a stubStep.
func stubTrack(ready chan<- struct{}) ui.Track {
	return ui.Track{ID: session.TrackAltinnII, Steps: []ui.Step{stubStep(ready)}}
}

func stubStep(ready chan<- struct{}) ui.Step {
	return ui.Step{
		ID:    session.StepRegistration,
		Title: func(string) string { return "Stub" },
		Screens: []ui.ScreenSpec{{ID: "stub", Title: func(string) string { return "Stub" },
			New: func(ctx *ui.Context, field string) ui.Screen { return &stub{ctx: ctx, ready: ready} }}},
	}
}

func (s *stub) Init() tea.Cmd {
	if s.ready == nil {
		return nil
	}
	return func() tea.Msg { s.ready <- struct{}{}; return nil }
}

func (s *stub) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if ok && k.Type == tea.KeyBackspace {
		n := []rune(s.ctx.Session.Answers.Vendor.Name)
		s.ctx.Session.Answers.Vendor.Name = string(n[:max(0, len(n)-1)])
	}
	if !ok || k.Type != tea.KeyRunes {
		return s, nil
	}
	boom := func() tea.Msg { panic(secretInPanic) }
	switch k.Runes[0] {
	case keyPanicUpdate:
		s.ctx.Session.Answers.Vendor.Name = "halvveis endret"
		panic(secretInPanic)
	case keyPanicCmd:
		return s, boom
	case keyPanicBatch:
		return s, tea.Batch(func() tea.Msg { return nil }, boom)
	case keyPanicSequence:
		return s, tea.Sequence(func() tea.Msg { return nil }, boom)
	case keyPanicView:
		s.broken = true
		return s, nil
	}
	s.ctx.Session.Answers.Vendor.Name += string(k.Runes)
	return s, nil
}

func (s *stub) View() string {
	if s.broken {
		var m map[string]int
		//lint:ignore SA5000 the runtime error is the point
		m["x"]++ // a runtime error: assignment to entry in nil map
	}
	return "Navn: " + s.ctx.Session.Answers.Vendor.Name
}

func (s *stub) SetSize(int, int)           {}
func (s *stub) KeyBindings() []key.Binding { return nil }
func (s *stub) Done() bool                 { return false }
func (s *stub) Editing() bool              { return true }
func (s *stub) Field() string              { return "vendor.name" }

// program runs the app as the CLI does, with keys sent straight to it.
type program struct {
	t    testing.TB
	app  *ui.App
	p    *tea.Program
	out  bytes.Buffer
	done chan error
}

func startProgram(t testing.TB, o ui.Options) *program {
	t.Helper()
	ready := make(chan struct{}, 10)
	o.Tracks = ui.Tracks{stubTrack(ready)}
	pr := &program{t: t, app: ui.New(o), done: make(chan error, 1)}
	in, _ := io.Pipe()
	pr.p = pr.app.NewProgram(tea.WithInput(in), tea.WithOutput(&pr.out), tea.WithoutSignalHandler())
	go func() { _, err := pr.p.Run(); pr.done <- err }()
	select {
	case <-ready:
	case err := <-pr.done:
		t.Fatalf("program ended before the screen showed: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the screen never showed")
	}
	return pr
}

func (pr *program) typ(s string) {
	for _, r := range s {
		pr.p.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// wait waits for the program to end by itself.
func (pr *program) wait() error {
	pr.t.Helper()
	select {
	case err := <-pr.done:
		return err
	case <-time.After(10 * time.Second):
		pr.p.Kill()
		pr.t.Fatal("the program did not end")
		return nil
	}
}

// A panic anywhere in the app ends the program normally (no stack trace
// from bubbletea, terminal restored), is recorded with a report that
// holds nothing typed, and Close saves the last snapshot taken before it
// and releases the lock.
func TestPanicEndsTheProgramAndSavesTheLastSnapshot(t *testing.T) {
	for _, tc := range []struct {
		name    string
		key     rune
		runtime string // the runtime error, shown in the report
	}{
		{"update", keyPanicUpdate, ""},
		{"command", keyPanicCmd, ""},
		{"batch", keyPanicBatch, ""},
		{"sequence", keyPanicSequence, ""},
		{"view", keyPanicView, "assignment to entry in nil map"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newStore(t)
			s, _ := st.Create("Krasj", session.TrackAltinnII)
			o := options(st)
			o.ResumeID = s.ID
			o.AutosaveDelay = time.Hour // only quick writes and Close
			pr := startProgram(t, o)
			pr.typ("Blåbær AS")
			pr.typ(string(tc.key))
			if err := pr.wait(); err != nil {
				t.Fatalf("the program did not end normally: %v", err)
			}
			if out := pr.out.String(); strings.Contains(out, "goroutine") || strings.Contains(out, "Caught") {
				t.Fatalf("bubbletea reported the panic:\n%s", out)
			}
			c := pr.app.Crash()
			if c == nil {
				t.Fatal("no crash recorded")
			}
			report := c.Report()
			if strings.Contains(report, secretInPanic) || strings.Contains(report, "Blåbær") {
				t.Fatalf("the report holds what the user typed:\n%s", report)
			}
			if !strings.Contains(report, "ui_test.(*stub)") || !strings.Contains(report, "lifecycle_test.go:") {
				t.Fatalf("the report does not say where it panicked:\n%s", report)
			}
			if tc.runtime != "" && !strings.Contains(report, tc.runtime) {
				t.Fatalf("the report lacks the runtime error %q:\n%s", tc.runtime, report)
			}
			if err := pr.app.Close(); err != nil {
				t.Fatal(err)
			}
			if got := saved(t, st, "Krasj").Answers.Vendor.Name; got != "Blåbær AS" {
				t.Fatalf("saved %q, want the last snapshot before the panic", got)
			}
			if b, _ := os.ReadFile(st.SessionsDir() + "/" + s.ID + ".lock"); len(b) != 0 {
				t.Fatalf("lock not released: %q", b)
			}
		})
	}
}

// recordingStore is the real store that says when each quick write is in
// the file.
type recordingStore struct {
	*store.Store
	quick chan string // the vendor name written
}

// PrepareSnapshot records a durable write too: the screen's first save
// is durable, and when a key is typed before it loads the newest
// snapshot, that write carries the key and the quick write of it has
// nothing left to do (the test hung on that, 1 run in about 50).
func (r *recordingStore) PrepareSnapshot(id string, data []byte) (*store.PendingSnapshot, error) {
	p, err := r.Store.PrepareSnapshot(id, data)
	if s, derr := session.Decode(data); err == nil && derr == nil {
		r.quick <- s.Answers.Vendor.Name
	}
	return p, err
}

func (r *recordingStore) QuickSaveSnapshot(id string, data []byte) error {
	err := r.Store.QuickSaveSnapshot(id, data)
	if s, derr := session.Decode(data); err == nil && derr == nil {
		r.quick <- s.Answers.Vendor.Name
	}
	return err
}

// Every edit reaches the session file without waiting for a timer: with
// the durable write an hour away, each key typed is written on its own
// or together with the keys typed while the previous write ran.
func TestEveryEditIsWrittenAtOnce(t *testing.T) {
	st := newStore(t)
	s, _ := st.Create("Rask", session.TrackAltinnII)
	rs := &recordingStore{Store: st, quick: make(chan string, 100)}
	o := options(rs)
	o.ResumeID = s.ID
	o.AutosaveDelay = time.Hour
	pr := startProgram(t, o)
	typed := ""
	for _, r := range "Fjordsøl AS" {
		pr.typ(string(r))
		typed += string(r)
		for {
			got := <-rs.quick
			if got == typed {
				break
			}
			if !strings.HasPrefix(typed, got) {
				t.Fatalf("wrote %q after typing %q", got, typed)
			}
		}
		// A durable write is renamed into place just after it is
		// prepared: wait for the file to hold the key.
		for i := 0; ; i++ {
			got, err := st.Load(s.ID)
			if err == nil && got.Answers.Vendor.Name == typed {
				break
			}
			if i == 1000 {
				t.Fatalf("file has %q after typing %q (%v)", got.Answers.Vendor.Name, typed, err)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	pr.p.Quit()
	if err := pr.wait(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		t.Fatal(err)
	}
	if err := pr.app.Close(); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkEditToDisk is one key, from the program receiving it to the
// session file holding it (a fully answered session, the real store).
// Target: well under the 50 ms that kill -9 may lose.
func BenchmarkEditToDisk(b *testing.B) {
	st := newStore(b)
	s, _ := st.Create("Benk", session.TrackAltinnII)
	full := sessiontest.Full(fixed)
	full.ID, full.Name, full.Cursor = s.ID, s.Name, session.Cursor{}
	st.Save(full)
	rs := &recordingStore{Store: st, quick: make(chan string, 1000)}
	o := options(rs)
	o.ResumeID = s.ID
	o.AutosaveDelay = time.Hour
	pr := startProgram(b, o)
	name := full.Answers.Vendor.Name
	keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune{'x'}}, {Type: tea.KeyBackspace}}
	wants := []string{name + "x", name}
	i := 0
	for b.Loop() {
		pr.p.Send(keys[i%2])
		for <-rs.quick != wants[i%2] {
		}
		i++
	}
	b.StopTimer()
	pr.p.Quit()
	pr.wait()
	pr.app.Close()
}
