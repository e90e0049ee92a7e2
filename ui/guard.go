package ui

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
)

// A panic anywhere in the app (Init, Update, View, or a command it
// returned, which bubbletea runs in goroutines) must not print a stack
// trace over the user's screen, as bubbletea's own recovery does, nor
// lose the session. The app recovers it itself, records it as a Crash,
// and quits the program normally, which restores the terminal; Close then
// saves the last snapshot and the caller reports the crash plainly.

// Crash is a panic the app recovered from.
type Crash struct {
	// Value is what was passed to panic. It may contain anything,
	// answers included: show it to the user, never write it to a file.
	Value  any
	frames []runtime.Frame
}

func (c *Crash) Error() string { return fmt.Sprint(c.Value) }

// Report describes the crash for a bug report without anything the user
// typed: the runtime's error text (index out of range, nil pointer),
// never the text of a panic of our own, and the functions and lines that
// led to it, never argument values. It may be written to a file.
func (c *Crash) Report() string {
	var b strings.Builder
	if err, ok := c.Value.(runtime.Error); ok {
		fmt.Fprintf(&b, "panic: %s\n", err.Error())
	} else {
		fmt.Fprintf(&b, "panic: a value of type %T (its text is left out: it may hold answers)\n", c.Value)
	}
	fmt.Fprintf(&b, "go: %s %s/%s\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	for _, f := range c.frames {
		fmt.Fprintf(&b, "%s\n\t%s:%d\n", f.Function, f.File, f.Line)
	}
	return b.String()
}

// Crash is the first panic the app recovered from, or nil.
func (a *App) Crash() *Crash { return a.crash.Load() }

// recordCrash keeps the first panic. Called in a deferred recover, it
// sees the panicking goroutine's stack.
func (a *App) recordCrash(r any) {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	var all []runtime.Frame
	for {
		f, more := frames.Next()
		all = append(all, f)
		if !more {
			break
		}
	}
	// Start below runtime.gopanic: the frames above it are this function
	// and the deferred one that called it.
	for i, f := range all {
		if f.Function == "runtime.gopanic" {
			all = all[i+1:]
			break
		}
	}
	a.crash.CompareAndSwap(nil, &Crash{Value: r, frames: all})
}

// NewProgram makes the bubbletea program that runs the app, so that a
// panic in View, which cannot return a command, still ends it.
func (a *App) NewProgram(opts ...tea.ProgramOption) *tea.Program {
	p := tea.NewProgram(a, opts...)
	a.program.Store(p)
	return p
}

// crashMsg reports a panic in a command.
type crashMsg struct{}

// Init loads the session list, or opens the session to resume.
func (a *App) Init() (cmd tea.Cmd) {
	defer a.recoverTo(&cmd)
	return a.guardCmd(a.initTerm())
}

// Update handles every message. It never touches disk or the keyring:
// those run in the commands it returns.
func (a *App) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	model = a
	if a.Crash() != nil {
		return a, tea.Quit // after a panic nothing but leaving is safe
	}
	defer a.recoverTo(&cmd)
	_, cmd = a.updateInput(msg)
	return a, a.guardCmd(cmd)
}

// View draws the screen.
func (a *App) View() (view string) {
	if a.Crash() != nil {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			a.recordCrash(r)
			view = ""
			if p := a.program.Load(); p != nil {
				go p.Quit() // View runs in the event loop: Send from elsewhere
			}
		}
	}()
	return a.view()
}

// recoverTo turns a panic in Init or Update into a quit.
func (a *App) recoverTo(cmd *tea.Cmd) {
	if r := recover(); r != nil {
		a.recordCrash(r)
		*cmd = tea.Quit
	}
}

// guardCmd makes a command recover its panics the same way. Batches and
// sequences are guarded command by command, as bubbletea runs each.
func (a *App) guardCmd(cmd tea.Cmd) tea.Cmd {
	if cmd == nil || isTimer(cmd) {
		return cmd
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				a.recordCrash(r)
				msg = crashMsg{}
			}
		}()
		return a.guardMsg(cmd())
	}
}

var cmdType = reflect.TypeFor[tea.Cmd]()

// timerCode holds the code of the timers bubbletea and bubbles make
// (tea.Tick, which spinners use too, and a text cursor's blink). They run
// none of our code but a one-line message constructor, so they are passed
// through unguarded: test drivers, which wait for every other command,
// must still be able to tell a timer from work.
var timerCode = func() map[uintptr]bool {
	c := cursor.New()
	c.SetMode(cursor.CursorBlink)
	return map[uintptr]bool{
		reflect.ValueOf(tea.Tick(0, nil)).Pointer(): true,
		reflect.ValueOf(c.BlinkCmd()).Pointer():     true,
	}
}()

func isTimer(cmd tea.Cmd) bool { return timerCode[reflect.ValueOf(cmd).Pointer()] }

func (a *App) guardMsg(msg tea.Msg) tea.Msg {
	if b, ok := msg.(tea.BatchMsg); ok {
		out := make(tea.BatchMsg, len(b))
		for i, c := range b {
			out[i] = a.guardCmd(c)
		}
		return out
	}
	// tea.Sequence's message type is unexported: a slice of commands of
	// its own type, which bubbletea recognises by that type.
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(reflect.ValueOf(a.guardCmd(v.Index(i).Interface().(tea.Cmd))))
		}
		return out.Interface()
	}
	return msg
}
