package teadrive

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
)

// flatten opens the batches and sequences in cmd (calling a tea.Batch or
// tea.Sequence is instant) and returns the commands inside, unrun.
func flatten(cmd tea.Cmd) []tea.Cmd {
	if cmd == nil {
		return nil
	}
	if IsBlink(cmd) {
		return []tea.Cmd{cmd}
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		if cmds, ok := commandList(msg); ok {
			var out []tea.Cmd
			for _, c := range cmds {
				out = append(out, flatten(c)...)
			}
			return out
		}
		return []tea.Cmd{cmd}
	case <-time.After(10 * time.Second):
		// An unrecognised blink timer ends in 530 ms; ten seconds is a hang.
		panic("a command did not end: " + Name(cmd))
	}
}

// Every way bubbles and huh hand out a blink timer is recognised without
// running it: a plain cursor, a text input, a text area, and huh's input
// and text fields as a form focuses them.
func TestBlinkRecognised(t *testing.T) {
	cases := map[string]func() tea.Cmd{
		"cursor.BlinkCmd": func() tea.Cmd { c := cursor.New(); return c.BlinkCmd() },
		"cursor.Focus":    func() tea.Cmd { c := cursor.New(); return c.Focus() },
		"textinput.Focus": func() tea.Cmd { m := textinput.New(); return m.Focus() },
		"textarea.Focus":  func() tea.Cmd { m := textarea.New(); return m.Focus() },
		"huh.Input":       func() tea.Cmd { return huh.NewInput().Focus() },
		"huh.Text":        func() tea.Cmd { return huh.NewText().Focus() },
		"huh.Form.Init": func() tea.Cmd {
			var s string
			return huh.NewForm(huh.NewGroup(huh.NewInput().Value(&s))).Init()
		},
	}
	for name, mk := range cases {
		t.Run(name, func(t *testing.T) {
			var names []string
			blinks := 0
			for _, c := range flatten(mk()) {
				names = append(names, Name(c))
				if IsBlink(c) {
					blinks++
				}
			}
			if blinks == 0 {
				t.Fatalf("no blink command recognised among %q", names)
			}
		})
	}
}

// Commands that are not blinks are not taken for one.
func TestOtherCommandsAreNotBlinks(t *testing.T) {
	for name, c := range map[string]tea.Cmd{
		"closure":                           func() tea.Msg { return nil },
		"tea.Tick":                          tea.Tick(time.Millisecond, func(time.Time) tea.Msg { return nil }),
		"tea.Quit":                          tea.Quit,
		"cursor.Blink (the first, instant)": cursor.Blink,
		"spinner.Tick":                      spinner.New().Tick,
	} {
		if IsBlink(c) {
			t.Errorf("%s (%s) taken for a blink", name, Name(c))
		}
	}
}

// counter is a model that records what it is sent.
type counter struct {
	mu   sync.Mutex
	got  []string
	next func(tea.Msg) tea.Cmd
}

func (c *counter) update(m tea.Msg) tea.Cmd {
	c.mu.Lock()
	c.got = append(c.got, fmt.Sprint(m))
	c.mu.Unlock()
	if c.next != nil {
		return c.next(m)
	}
	return nil
}

func msgCmd(s string) tea.Cmd { return func() tea.Msg { return s } }

// A command slower than any of the old cut-offs (20, 40, 100 ms) is
// waited for, and its message delivered.
func TestWaitsForSlowCommands(t *testing.T) {
	c := &counter{}
	c.next = func(m tea.Msg) tea.Cmd {
		if m == "start" {
			release := make(chan struct{})
			time.AfterFunc(300*time.Millisecond, func() { close(release) })
			return func() tea.Msg { <-release; return "slow done" }
		}
		return nil
	}
	d := New(t, c.update)
	d.Send("start")
	if strings.Join(c.got, ",") != "start,slow done" {
		t.Fatalf("got %q", c.got)
	}
}

// Batches and sequences are opened; a sequence keeps its order, nested
// ones too; blinks, spinner ticks, nil and quit are not delivered.
func TestOpensBatchesAndSequences(t *testing.T) {
	c := &counter{}
	c.next = func(m tea.Msg) tea.Cmd {
		switch m {
		case "start":
			cur := cursor.New()
			return tea.Batch(
				tea.Sequence(msgCmd("s1"), tea.Sequence(msgCmd("s2"), msgCmd("s3")), msgCmd("s4")),
				cur.Focus(),
				spinner.New().Tick,
				func() tea.Msg { return nil },
				msgCmd("b"),
			)
		case "b":
			return tea.Quit
		}
		return nil
	}
	d := New(t, c.update)
	d.Send("start")
	if got := strings.Join(c.got, ","); got != "start,s1,s2,s3,s4,b" {
		t.Fatalf("got %s", got)
	}
	if d.Blinks != 1 || !d.Quit {
		t.Fatalf("blinks %d, quit %v", d.Blinks, d.Quit)
	}
}

// tea.WindowSize() is answered with the driver's size.
func TestAnswersWindowSize(t *testing.T) {
	c := &counter{}
	d := New(t, c.update)
	d.Size = tea.WindowSizeMsg{Width: 81, Height: 23}
	d.Run(tea.WindowSize())
	if len(c.got) != 1 || c.got[0] != "{81 23}" {
		t.Fatalf("got %q", c.got)
	}
}

// fatalTB records a fatal failure instead of failing the real test.
type fatalTB struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.msg = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *fatalTB) Helper() {}

// A command that never ends fails the test and is named; so does one
// that panics.
func TestHangAndPanicFailLoudly(t *testing.T) {
	hang := make(chan struct{})
	defer close(hang)
	for name, cmd := range map[string]tea.Cmd{
		"did not end": func() tea.Msg { <-hang; return nil },
		"panicked":    func() tea.Msg { panic("boom") },
	} {
		f := &fatalTB{TB: t}
		d := New(f, func(tea.Msg) tea.Cmd { return cmd })
		d.Timeout = 50 * time.Millisecond
		done := make(chan struct{})
		go func() { defer close(done); d.Send("go") }()
		<-done
		if !strings.Contains(f.msg, name) || !strings.Contains(f.msg, "teadrive") {
			t.Errorf("%s: failure message %q", name, f.msg)
		}
	}
}

// A model that answers every message with another is stopped.
func TestLoopFails(t *testing.T) {
	f := &fatalTB{TB: t}
	d := New(f, func(tea.Msg) tea.Cmd { return msgCmd("again") })
	d.MaxMsgs = 100
	done := make(chan struct{})
	go func() { defer close(done); d.Send("go") }()
	<-done
	if !strings.Contains(f.msg, "a loop?") {
		t.Fatalf("failure message %q", f.msg)
	}
}
