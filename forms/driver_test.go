package forms

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
)

// driver runs a huh form the way a Bubble Tea program would, without a
// terminal: messages go through Update, and every command is run to its
// end and its message fed back before the next message is sent (only the
// cursor's blink timer is left alone; see internal/teadrive). Nothing
// depends on how fast the machine is.
type driver struct {
	t *testing.T
	f *huh.Form
	d *teadrive.Driver
}

func drive(t *testing.T, f *huh.Form) *driver {
	t.Helper()
	d := &driver{t: t, f: f}
	d.d = teadrive.New(t, func(msg tea.Msg) tea.Cmd {
		_, cmd := f.Update(msg)
		return cmd
	})
	d.d.Size = tea.WindowSizeMsg{Width: 120, Height: 200}
	d.d.Run(f.Init())
	d.send(d.d.Size)
	return d
}

func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	d.d.Send(msg)
}

// typeText types s one key at a time, checking each with after; without
// after it sends s as one key message, as a paste or a fast typist does.
func (d *driver) typeText(s string, after func(typed string)) {
	d.t.Helper()
	if after == nil {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
		return
	}
	var typed []rune
	for _, r := range s {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		typed = append(typed, r)
		if after != nil {
			after(string(typed))
		}
	}
}

func (d *driver) enter()     { d.send(tea.KeyMsg{Type: tea.KeyEnter}) }
func (d *driver) tab()       { d.send(tea.KeyMsg{Type: tea.KeyTab}) }
func (d *driver) back()      { d.send(tea.KeyMsg{Type: tea.KeyShiftTab}) }
func (d *driver) down()      { d.send(tea.KeyMsg{Type: tea.KeyDown}) }
func (d *driver) up()        { d.send(tea.KeyMsg{Type: tea.KeyUp}) }
func (d *driver) toggle()    { d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'x'}}) }
func (d *driver) backspace() { d.send(tea.KeyMsg{Type: tea.KeyBackspace}) }

func (d *driver) focused() string { return d.f.GetFocusedField().GetKey() }

func (d *driver) wantFocus(key string) {
	d.t.Helper()
	if got := d.focused(); got != key {
		d.t.Fatalf("focus on %q, want %q\n%s", got, key, d.view())
	}
}

// view is the screen as plain text with runs of white space made one space,
// so messages wrapped by huh still match.
func (d *driver) view() string {
	return strings.Join(strings.Fields(ansi.Strip(d.f.View())), " ")
}

func (d *driver) wantView(parts ...string) {
	d.t.Helper()
	v := d.view()
	for _, p := range parts {
		if !strings.Contains(v, p) {
			d.t.Fatalf("view lacks %q:\n%s", p, ansi.Strip(d.f.View()))
		}
	}
}

func (d *driver) wantNoErrors() {
	d.t.Helper()
	if errs := d.f.Errors(); len(errs) > 0 {
		d.t.Fatalf("unexpected errors %v\n%s", errs, d.view())
	}
}

// keysOf lists a form's field keys, in order.
func keysOf(t *testing.T, f *huh.Form) []string {
	t.Helper()
	fl, ok := f.GetFocusedField().(*field)
	if !ok {
		t.Fatalf("form not built by this package")
	}
	var keys []string
	for _, x := range fl.st.fields {
		keys = append(keys, x.GetKey())
	}
	return keys
}

func nb() FormOptions { return FormOptions{Lang: NB} }
