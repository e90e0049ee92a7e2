package steps

// Test drivers: run a screen's commands the way the program would.

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/ui"
)

// drive sends a message to a screen and runs the commands it returns
// (keyring calls included) until nothing is left, like the program would.
func drive(t *testing.T, s ui.Screen, msg tea.Msg) ui.Screen {
	t.Helper()
	queue := []tea.Msg{msg}
	for n := 0; len(queue) > 0; n++ {
		if n > 100 {
			t.Fatal("too many messages")
		}
		var cmd tea.Cmd
		s, cmd = s.Update(queue[0])
		queue = queue[1:]
		if cmd == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- cmd() }()
		select {
		case m := <-done:
			if b, ok := m.(tea.BatchMsg); ok {
				for _, c := range b {
					if c != nil {
						queue = append(queue, c())
					}
				}
			} else if m != nil {
				queue = append(queue, m)
			}
		case <-time.After(6 * time.Second):
			t.Fatal("a command did not finish")
		}
	}
	return s
}

// driveForm is drive for screens with a huh form in them: a text field's
// cursor blinks for ever, so a command that takes longer than a moment
// (the blink timer) is dropped, as a quick user would never see it, and
// blink messages are not delivered. Screens that write files are driven
// with drive, which waits for every command.
//
// Each message is settled (its commands run) before the next is sent.
func driveForm(t *testing.T, s ui.Screen, msgs ...tea.Msg) ui.Screen {
	t.Helper()
	for _, m := range msgs {
		s = settle(t, s, m)
	}
	return s
}

func settle(t *testing.T, s ui.Screen, msg tea.Msg) ui.Screen {
	t.Helper()
	queue := []tea.Msg{msg}
	run := func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- cmd() }()
		select {
		case m := <-done:
			queue = append(queue, m)
		case <-time.After(100 * time.Millisecond):
		}
	}
	for n := 0; len(queue) > 0; n++ {
		if n > 2000 {
			t.Fatal("too many messages")
		}
		msg := queue[0]
		queue = queue[1:]
		switch m := msg.(type) {
		case nil, tea.QuitMsg, cursor.BlinkMsg:
			continue
		case tea.BatchMsg:
			for _, c := range m {
				run(c)
			}
			continue
		}
		// tea.WindowSize() asks the program for the size.
		if reflect.TypeOf(msg).String() == "tea.windowSizeMsg" {
			msg = tea.WindowSizeMsg{Width: 110, Height: 40}
		}
		// tea.Sequence's message is an unexported []tea.Cmd.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := range v.Len() {
				run(v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		var cmd tea.Cmd
		s, cmd = s.Update(msg)
		run(cmd)
	}
	return s
}

// screenText is a screen's text without styles, white space made single,
// so text huh or lipgloss wrapped still matches.
func screenText(s ui.Screen) string { return strings.Join(strings.Fields(ansi.Strip(s.View())), " ") }

func wantScreen(t *testing.T, s ui.Screen, parts ...string) {
	t.Helper()
	v := screenText(s)
	for _, p := range parts {
		if !strings.Contains(v, p) {
			t.Fatalf("screen lacks %q:\n%s", p, ansi.Strip(s.View()))
		}
	}
}

// wantScreenNot fails if any part shows, wrapped or not.
func wantScreenNot(t *testing.T, s ui.Screen, parts ...string) {
	t.Helper()
	raw := ansi.Strip(s.View())
	for _, p := range parts {
		if strings.Contains(raw, p) || strings.Contains(screenText(s), p) {
			t.Fatalf("screen shows %q:\n%s", p, raw)
		}
	}
}
