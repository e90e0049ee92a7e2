package steps

// Test drivers: run a screen's commands the way the program would.

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// drive sends messages to a screen one after the other and runs every
// command each one returns (keyring calls, file writes, a form's focus
// moves) to its end, like the program would, before the next is sent.
// Only a text cursor's blink timer and a spinner's ticks are left alone:
// they never end by themselves (see internal/teadrive). Nothing depends
// on how fast the machine is.
func drive(t *testing.T, s ui.Screen, msgs ...tea.Msg) ui.Screen {
	t.Helper()
	d := teadrive.New(t, func(m tea.Msg) tea.Cmd {
		var cmd tea.Cmd
		s, cmd = s.Update(m)
		return cmd
	})
	d.Size = tea.WindowSizeMsg{Width: 110, Height: 40}
	for _, m := range msgs {
		d.Send(m)
	}
	return s
}

// driveForm is drive; screens with a huh form in them once needed a
// driver of their own (it dropped slow commands, which made tests fail on
// a busy machine).
func driveForm(t *testing.T, s ui.Screen, msgs ...tea.Msg) ui.Screen {
	t.Helper()
	return drive(t, s, msgs...)
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
