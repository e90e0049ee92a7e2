// Package teadrive runs a Bubble Tea model in a test the way a program
// would, without a terminal and without depending on how fast the machine
// is: every command a message starts is run to its end and its message
// delivered, in a fixed order, before the next message is sent.
//
// Two kinds of command never end by themselves, and are the only ones the
// driver does not wait for:
//
//   - a text cursor's blink (bubbles' cursor.Model.BlinkCmd): a timer that
//     fires every 530 ms for as long as a field has focus. Blink commands
//     are recognised by their code, without running them, and skipped; a
//     blink that slipped through would still end (after 530 ms) and its
//     message is not delivered, so nothing blinks again.
//   - a spinner's tick: spinner.TickMsg is not delivered, so a spinner
//     never asks for its next frame.
//
// Every other command is waited for. One that has not ended after Timeout
// (30 s: far beyond any machine's slowness, a hang rather than a slow
// command) fails the test loudly and names the command; nothing is ever
// dropped silently.
package teadrive

import (
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// DefaultTimeout is how long a command may take before the test fails.
const DefaultTimeout = 30 * time.Second

// Driver delivers messages to a model and runs the commands it returns.
type Driver struct {
	t      testing.TB
	update func(tea.Msg) tea.Cmd

	// Size answers tea.WindowSize(), as a terminal of that size would.
	Size tea.WindowSizeMsg
	// Timeout is how long one command may run before the test fails.
	Timeout time.Duration
	// MaxMsgs bounds the messages one Send may cause (a loop otherwise).
	MaxMsgs int

	// Quit is set once the model asked to quit (tea.Quit).
	Quit bool
	// Blinks counts the cursor blink commands that were skipped.
	Blinks int
}

// New drives the model whose Update is update. update delivers one
// message and returns its command; for a model whose Update returns a new
// value, update keeps that value, e.g.
//
//	d := teadrive.New(t, func(m tea.Msg) tea.Cmd { var c tea.Cmd; s, c = s.Update(m); return c })
func New(t testing.TB, update func(tea.Msg) tea.Cmd) *Driver {
	return &Driver{
		t: t, update: update,
		Size:    tea.WindowSizeMsg{Width: 120, Height: 40},
		Timeout: DefaultTimeout,
		MaxMsgs: 5000,
	}
}

// Send delivers msg, runs the commands it returns and delivers their
// messages, until nothing is left.
func (d *Driver) Send(msg tea.Msg) {
	d.t.Helper()
	d.settle([]tea.Msg{msg})
}

// Run runs cmd (a model's Init, say) and delivers what it produces, until
// nothing is left.
func (d *Driver) Run(cmd tea.Cmd) {
	d.t.Helper()
	d.settle(d.exec(cmd))
}

// settle delivers the queue in order; messages that commands produce join
// the end of it, so siblings of a batch come before their consequences,
// as they would in a program where the batch runs at once.
func (d *Driver) settle(queue []tea.Msg) {
	d.t.Helper()
	for n := 0; len(queue) > 0; n++ {
		if n >= d.MaxMsgs {
			d.t.Fatalf("teadrive: more than %d messages from one message: a loop?", d.MaxMsgs)
		}
		msg := queue[0]
		queue = queue[1:]
		switch msg.(type) {
		case nil, cursor.BlinkMsg, spinner.TickMsg:
			continue
		case tea.QuitMsg:
			d.Quit = true
			continue
		}
		if isWindowSizeRequest(msg) {
			msg = d.Size
		}
		queue = append(queue, d.exec(d.update(msg))...)
	}
}

// exec runs cmd to its end and returns the messages to deliver: a batch
// or a sequence is opened and each of its commands run in order.
func (d *Driver) exec(cmd tea.Cmd) []tea.Msg {
	d.t.Helper()
	if cmd == nil {
		return nil
	}
	if IsBlink(cmd) {
		d.Blinks++
		return nil
	}
	msg := d.call(cmd)
	if cmds, ok := commandList(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, d.exec(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

type result struct {
	msg   tea.Msg
	panic any
	stack []byte
}

// call runs cmd on its own goroutine, as a program does, and waits for it.
func (d *Driver) call(cmd tea.Cmd) tea.Msg {
	d.t.Helper()
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{panic: r, stack: debug.Stack()}
			}
		}()
		done <- result{msg: cmd()}
	}()
	timer := time.NewTimer(d.Timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.panic != nil {
			d.t.Fatalf("teadrive: command %s panicked: %v\n%s", Name(cmd), r.panic, r.stack)
		}
		return r.msg
	case <-timer.C:
		d.t.Fatalf("teadrive: command %s did not end within %s (a hang, not a slow machine)", Name(cmd), d.Timeout)
		return nil
	}
}

// commandList opens tea.Batch's and tea.Sequence's messages (the latter's
// type is unexported: a []tea.Cmd).
func commandList(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != cmdType {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// isWindowSizeRequest: tea.WindowSize() asks the program for the size
// with an unexported message.
func isWindowSizeRequest(msg tea.Msg) bool {
	return reflect.TypeOf(msg) == windowSizeRequest
}

var windowSizeRequest = reflect.TypeOf(tea.WindowSize()())

// Name is the name of the function behind cmd, for messages.
func Name(cmd tea.Cmd) string {
	if f := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()); f != nil {
		return f.Name()
	}
	return fmt.Sprintf("%p", cmd)
}

// blinkCode holds the code of every cursor blink command bubbles hands
// out, taken from bubbles itself: the cursor, a text input and a text
// area, each focused. The inliner may copy the closure into a caller, so
// the name is checked too (IsBlink).
var blinkCode = func() map[uintptr]bool {
	code := map[uintptr]bool{}
	add := func(cmd tea.Cmd) {
		if cmd != nil {
			code[reflect.ValueOf(cmd).Pointer()] = true
		}
	}
	c := cursor.New()
	add(c.BlinkCmd())
	c = cursor.New()
	add(c.Focus())
	ti := textinput.New()
	add(ti.Focus())
	ta := textarea.New()
	add(ta.Focus())
	return code
}()

// IsBlink says whether cmd is a cursor's blink timer, without running it.
func IsBlink(cmd tea.Cmd) bool {
	if blinkCode[reflect.ValueOf(cmd).Pointer()] {
		return true
	}
	// An inlined copy is named after its caller, e.g.
	// "pkg.(*T).Focus.(*Model).BlinkCmd.func1".
	return strings.Contains(Name(cmd), ".BlinkCmd.func")
}
