package ui_test

// The terminal side of the app: styles built once, the terminal asked
// once and its answer kept out of the fields, and keys that land where
// they would had the user waited for each screen.

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/termbg"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// keyDriver sends messages to the app and runs the commands it returns
// only when told, as a program under load would: all the keys of a burst
// reach the app before any command's result does. It waits for every
// command it runs; the cursor's blink and tea.Tick timers (told apart by
// their function, not by how long they take) are not run.
type keyDriver struct {
	t       testing.TB
	app     *ui.App
	pending []tea.Cmd
}

func newKeyDriver(t testing.TB, o ui.Options) *keyDriver {
	t.Helper()
	d := &keyDriver{t: t, app: ui.New(o)}
	d.send(tea.WindowSizeMsg{Width: 110, Height: 40})
	d.pending = append(d.pending, d.app.Init())
	d.settle()
	return d
}

// send delivers msgs at once and keeps the commands they return.
func (d *keyDriver) send(msgs ...tea.Msg) {
	for _, m := range msgs {
		_, cmd := d.app.Update(m)
		d.pending = append(d.pending, cmd)
	}
}

// settle runs the kept commands, delivers their messages, and so on
// until no command is left.
func (d *keyDriver) settle() {
	d.t.Helper()
	for round := 0; len(d.pending) > 0; round++ {
		if round > 100 {
			d.t.Fatal("the app keeps sending commands")
		}
		cmds := d.pending
		d.pending = nil
		var msgs []tea.Msg
		for _, c := range cmds {
			msgs = append(msgs, runCmd(c)...)
		}
		d.send(msgs...)
	}
}

func isTimer(c tea.Cmd) bool {
	fn := runtime.FuncForPC(reflect.ValueOf(c).Pointer())
	return fn != nil && (strings.Contains(fn.Name(), "BlinkCmd") || strings.Contains(fn.Name(), ".Tick.func") ||
		strings.HasSuffix(fn.Name(), "cursor.Blink"))
}

func runCmd(c tea.Cmd) []tea.Msg {
	if c == nil || isTimer(c) {
		return nil
	}
	msg := c()
	if msg == nil {
		return nil
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	// tea.Sequence's message is an unexported []tea.Cmd.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, runCmd(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	// tea.WindowSize() asks the program for the size.
	if reflect.TypeOf(msg).String() == "tea.windowSizeMsg" {
		return []tea.Msg{tea.WindowSizeMsg{Width: 110, Height: 40}}
	}
	return []tea.Msg{msg}
}

// parseInput is what bubbletea's input reader makes of bytes from the
// terminal: the messages a real program would get.
func parseInput(t testing.TB, in string) []tea.Msg {
	t.Helper()
	const end = "\x1d" // ctrl+] marks the end of the input
	rec := &recorder{}
	p := tea.NewProgram(rec, tea.WithInput(strings.NewReader(in+end)), tea.WithOutput(io.Discard),
		tea.WithoutRenderer(), tea.WithoutSignalHandler())
	if _, err := p.Run(); err != nil {
		t.Fatal(err)
	}
	return rec.msgs
}

type recorder struct{ msgs []tea.Msg }

func (r *recorder) Init() tea.Cmd { return nil }
func (r *recorder) View() string  { return "" }
func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeyCtrlCloseBracket {
		return r, tea.Quit
	}
	r.msgs = append(r.msgs, msg)
	return r, nil
}

// resumeAt opens a session in the app, on a screen and field.
func resumeAt(t testing.TB, st *store.Store, s *session.Session, screen, field string, o func(*ui.Options)) *keyDriver {
	t.Helper()
	s.Cursor = session.Cursor{Step: session.StepRegistration, Screen: screen, Field: field}
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	opts := options(st)
	opts.ResumeID = s.ID
	if o != nil {
		o(&opts)
	}
	return newKeyDriver(t, opts)
}

func emptySession(t testing.TB, st *store.Store) *session.Session {
	t.Helper()
	s, err := st.Create("Fjord", session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func wantVendor(t *testing.T, app *ui.App, org, name, address string) {
	t.Helper()
	v := app.Session().Answers.Vendor
	if v.OrgNumber != org || v.Name != name || v.Address != address {
		t.Fatalf("vendor = org %q, name %q, address %q; want %q, %q, %q", v.OrgNumber, v.Name, v.Address, org, name, address)
	}
}

// "974760673⏎Fjord AS⏎Gata 1" typed in one go saved org number
// "974760673Fjord": keys typed right after Enter reached the field being
// left, because huh moves the focus with a command.
func TestTypeAheadLandsInItsField(t *testing.T) {
	st := newStore(t)
	d := resumeAt(t, st, emptySession(t, st), steps.ScreenVendor, "vendor.org_number", nil)
	d.send(parseInput(t, "974760673\rFjord AS\rGata 1")...)
	d.settle()
	wantVendor(t, d.app, "974760673", "Fjord AS", "Gata 1")
}

// One key at a time, each as its own message, with no command run until
// the end: the same.
func TestTypeAheadKeyByKey(t *testing.T) {
	st := newStore(t)
	d := resumeAt(t, st, emptySession(t, st), steps.ScreenVendor, "vendor.org_number", nil)
	for _, r := range "974760673\rFjord AS\rGata 1" {
		switch r {
		case '\r':
			d.send(tea.KeyMsg{Type: tea.KeyEnter})
		case ' ':
			d.send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		default:
			d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	d.settle()
	wantVendor(t, d.app, "974760673", "Fjord AS", "Gata 1")
}

// A paste of several lines fills a field per line, as typing them would.
func TestPasteOfLinesFillsAFieldPerLine(t *testing.T) {
	st := newStore(t)
	d := resumeAt(t, st, emptySession(t, st), steps.ScreenVendor, "vendor.org_number", nil)
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("974760673\r\nFjord AS\nGata 1"), Paste: true})
	d.settle()
	wantVendor(t, d.app, "974760673", "Fjord AS", "Gata 1")
}

// A multi-line field keeps a pasted text whole.
func TestPasteIntoMultiLineFieldKeepsLines(t *testing.T) {
	st := newStore(t)
	s := emptySession(t, st)
	s.Answers = sessiontest.Answers()
	s.Answers.Declaration.SecurityMeasures = ""
	d := resumeAt(t, st, s, steps.ScreenDeclaration, "declaration.security_measures", nil)
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Tilgangskontroll.\nLogging."), Paste: true})
	d.settle()
	if got := d.app.Session().Answers.Declaration.SecurityMeasures; got != "Tilgangskontroll.\nLogging." {
		t.Fatalf("security measures = %q", got)
	}
}

// A first-time user types the session's name and the first answers in one
// go, before the list of sessions has even loaded: each lands in its place.
func TestTypeAheadFromThePicker(t *testing.T) {
	st := newStore(t)
	o := options(st)
	app := ui.New(o)
	d := &keyDriver{t: t, app: app}
	d.send(tea.WindowSizeMsg{Width: 110, Height: 40})
	d.pending = append(d.pending, app.Init())
	d.send(parseInput(t, "Fjord\r974760673\rFjord AS\rGata 1")...)
	d.settle()
	if app.Session() == nil || app.Session().Name != "Fjord" {
		t.Fatalf("no session named Fjord open: %v\n%s", app.Session(), app.View())
	}
	wantVendor(t, app, "974760673", "Fjord AS", "Gata 1")
}

// On every form screen Enter moves the focus (or ends the form) before
// Update returns, so the next key, however soon, goes to the next field.
func TestFormsMoveFocusAtOnce(t *testing.T) {
	s := sessiontest.Full(fixed)
	for _, step := range steps.AltinnII(steps.Deps{Now: func() time.Time { return fixed }, DataDir: t.TempDir()}).Steps {
		for _, spec := range step.Screens {
			ctx := &ui.Context{Session: s, Lang: "nb", Width: 100, Height: 30}
			fs, ok := spec.New(ctx, "").(*ui.FormScreen)
			if !ok {
				continue
			}
			t.Run(step.ID+"/"+spec.ID, func(t *testing.T) {
				fs.Init()
				fs.SetSize(100, 30)
				for i := 0; !fs.Done(); i++ {
					field := fs.Field()
					if i > 50 {
						t.Fatal("the form never ends")
					}
					fs.Update(tea.KeyMsg{Type: tea.KeyEnter}) // its commands are never run
					if fs.Done() || fs.Field() != field {
						continue
					}
					if err := fs.Form().GetFocusedField().Error(); err != nil {
						t.Logf("%s stays: %v", field, err) // a wrong answer keeps the focus
						return
					}
					t.Fatalf("enter on %q did not move the focus before Update returned:\n%s", field, fs.View())
				}
			})
		}
	}
}

// noSecrets is a keyring that is not there; any other method panics.
type noSecrets struct{ store.Secrets }

var errNoKeyring = errors.New("no keyring in this test")

func (noSecrets) Set(string, string, string) error                     { return errNoKeyring }
func (noSecrets) Get(string, string) (string, error)                   { return "", errNoKeyring }
func (noSecrets) Delete(string, string) error                          { return errNoKeyring }
func (noSecrets) Known(string, []string) ([]store.SecretStatus, error) { return nil, errNoKeyring }
func (noSecrets) DeleteAll(string, []string) error                     { return errNoKeyring }

// The styles are built once per program, from one answer about the
// background, however many screens are shown and redrawn. Screens used to
// build their own in View, and each new renderer asked the terminal for
// its background while bubbletea was reading it.
func TestStylesBuiltOncePerProgram(t *testing.T) {
	st := newStore(t)
	s := sessiontest.Full(fixed)
	created, err := st.Create(s.Name, session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	s.ID = created.ID
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	before := ui.StylesBuilt()
	o := options(st)
	o.NoColor = false
	o.ResumeID = s.ID
	withDeps(&o, steps.Deps{Secrets: noSecrets{}, Now: func() time.Time { return fixed }})
	d := newKeyDriver(t, o)
	screens := 0
	for _, step := range append(stepsOf(), ui.Step{ID: "overview", Screens: []ui.ScreenSpec{{ID: "overview"}}}) {
		for _, sc := range step.Screens {
			d.send(ui.JumpMsg{Step: step.ID, Screen: sc.ID})
			d.settle()
			_ = d.app.View()
			d.send(tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp})
			d.settle()
			_ = d.app.View()
			screens++
		}
	}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	_ = d.app.View()
	if n := ui.StylesBuilt() - before; n != 1 {
		t.Fatalf("styles built %d times for one program showing %d screens, want once", n, screens)
	}
}

// terminalApp is an app that asks the terminal for its background.
func terminalApp(t *testing.T) (*keyDriver, *bytes.Buffer) {
	t.Helper()
	dark := termbg.Dark()
	t.Cleanup(func() { termbg.Set(dark) })
	var term bytes.Buffer
	o := options(newStore(t))
	o.Lang = "en"
	o.Terminal = &term
	return newKeyDriver(t, o), &term
}

// The terminal's answer to the background question, early or late, whole
// or in pieces, is taken out of the keys: none of it is typed into the
// new session's name.
func TestBackgroundAnswerIsNeverTyped(t *testing.T) {
	const (
		light = "\x1b]11;rgb:ffff/ffff/ffff\x1b\\"
		da1   = "\x1b[?62;22c"
	)
	for _, c := range []struct {
		name     string
		late     bool     // the wait is over before the answer
		input    []string // each is one read of the terminal
		wantDark bool
	}{
		{"light", false, []string{"Fj" + light + "ord" + da1}, false},
		{"dark, ended with BEL", false, []string{"Fj\x1b]11;rgb:1e1e/1e1e/2020\aord" + da1}, true},
		{"no OSC 11, only DA1", false, []string{"Fj" + da1 + "ord"}, true},
		{"tmux: only its DA1", false, []string{"Fj\x1b[?1;2cord"}, true},
		{"in pieces", false, []string{"Fj\x1b]11;rgb:ff", "ff/ffff/ffff\x1b\\ord", da1}, false},
		{"late", true, []string{"Fj" + light + "ord" + da1}, true},
		{"late, DA1 only", true, []string{"Fj" + da1 + "ord"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			termbg.Set(true)
			d, term := terminalApp(t)
			if term.String() != termbg.Query {
				t.Fatalf("asked %q, want %q", term.String(), termbg.Query)
			}
			if v := d.app.View(); v != "" {
				t.Fatalf("drew before the background was known:\n%s", v)
			}
			if c.late {
				d.send(ui.BackgroundTimeout())
				d.settle()
			}
			for _, in := range c.input {
				d.send(parseInput(t, in)...)
			}
			d.settle()
			d.send(tea.KeyMsg{Type: tea.KeyEnter})
			d.settle()
			if d.app.Session() == nil || d.app.Session().Name != "Fjord" {
				t.Fatalf("session %v, want one named Fjord:\n%s", d.app.Session(), d.app.View())
			}
			if termbg.Dark() != c.wantDark {
				t.Errorf("dark = %v, want %v", termbg.Dark(), c.wantDark)
			}
			if term.String() != termbg.Query {
				t.Errorf("asked %q, want one question", term.String())
			}
		})
	}
}

// Enter on a problem in the overview goes to its field, and keys typed
// right after land there, not in the overview (where q quits).
func TestTypeAheadAfterAJump(t *testing.T) {
	st := newStore(t)
	s := emptySession(t, st)
	s.Answers = sessiontest.Answers()
	s.Answers.Vendor.OrgNumber = "123456789" // the one problem
	s.Cursor = session.Cursor{Step: "overview", Screen: "overview"}
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	o := options(st)
	o.ResumeID = s.ID
	d := newKeyDriver(t, o)
	d.send(parseInput(t, "\rq")...)
	d.settle()
	if got := d.app.Session().Answers.Vendor.OrgNumber; got != "123456789q" {
		t.Fatalf("org number = %q, want the q typed after Enter in it:\n%s", got, d.app.View())
	}
}

// Keys typed before the program put the terminal in raw mode reach it
// with each Enter made a line feed by the terminal (ICRNL); bubbletea reads
// that as ctrl+j, which a one-line field ignored, so the whole burst
// became the session's name.
func TestTypeAheadBeforeRawMode(t *testing.T) {
	st := newStore(t)
	d := &keyDriver{t: t, app: ui.New(options(st))}
	d.send(tea.WindowSizeMsg{Width: 110, Height: 40})
	d.pending = append(d.pending, d.app.Init())
	d.send(parseInput(t, "Fjord\n974760673\nFjord AS\nGata 1")...)
	d.settle()
	if d.app.Session() == nil || d.app.Session().Name != "Fjord" {
		t.Fatalf("no session named Fjord open: %v\n%s", d.app.Session(), d.app.View())
	}
	wantVendor(t, d.app, "974760673", "Fjord AS", "Gata 1")
}
