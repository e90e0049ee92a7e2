package ui_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// stub is a screen for lifecycle tests: every rune key is appended to
// the vendor name.
type stub struct {
	ctx   *ui.Context
	ready chan<- struct{}
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
	if !ok || k.Type != tea.KeyRunes {
		return s, nil
	}
	s.ctx.Session.Answers.Vendor.Name += string(k.Runes)
	return s, nil
}

func (s *stub) View() string {
	return "Navn: " + s.ctx.Session.Answers.Vendor.Name
}

func (s *stub) SetSize(int, int)           {}
func (s *stub) KeyBindings() []key.Binding { return nil }
func (s *stub) Done() bool                 { return false }
func (s *stub) Editing() bool              { return true }
func (s *stub) Field() string              { return "vendor.name" }

// program runs the app as the CLI does, with keys sent straight to it.
type program struct {
	t    *testing.T
	app  *ui.App
	p    *tea.Program
	out  bytes.Buffer
	done chan error
}

func startProgram(t *testing.T, o ui.Options) *program {
	t.Helper()
	ready := make(chan struct{}, 10)
	o.Steps = []ui.Step{stubStep(ready)}
	pr := &program{t: t, app: ui.New(o), done: make(chan error, 1)}
	in, _ := io.Pipe()
	pr.p = tea.NewProgram(pr.app, tea.WithInput(in), tea.WithOutput(&pr.out), tea.WithoutSignalHandler())
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

// recordingStore is the real store that says when each quick write is in
// the file.
type recordingStore struct {
	*store.Store
	quick chan string // the vendor name written
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
	s, _ := st.Create("Rask")
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
		if got, err := st.Load(s.ID); err != nil || got.Answers.Vendor.Name != typed {
			t.Fatalf("file has %q after typing %q (%v)", got.Answers.Vendor.Name, typed, err)
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
