package ui_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The messages that matter most were cut at the right edge of an 80-column
// terminal: the lock holder, a track this program does not know, a full
// disk. They wrap now, whole, and no line is wider than the terminal.

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, ansi.Strip(s))
}

// wantWhole fails unless the view holds text whole (line breaks aside)
// and no line is wider than width.
func wantWhole(t *testing.T, view, text string, width int) {
	t.Helper()
	if !strings.Contains(noSpace(view), noSpace(text)) {
		t.Fatalf("the screen lacks (whole) %q:\n%s", text, ansi.Strip(view))
	}
	for _, l := range strings.Split(ansi.Strip(view), "\n") {
		if w := lipgloss.Width(l); w > width {
			t.Fatalf("a line of %d cells in a terminal of %d:\n%s", w, width, l)
		}
	}
}

func TestPickerShowsTheLockHolderWhole(t *testing.T) {
	st := newStore(t)
	s, err := st.Create("Blåbær Regnskap Pro – kunde 1", session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := st.Lock(s) // another altinn-onboard has it open
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	d := newKeyDriver(t, options(st))
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.send(enter)
	d.settle()
	if d.app.Session() != nil {
		t.Fatal("opened a session another process holds")
	}
	wantWhole(t, d.app.View(), "økten «Blåbær Regnskap Pro – kunde 1» er åpen i en annen altinn-onboard (", 80)
	wantWhole(t, d.app.View(), "): lukk den der først, eller vent til den er ferdig", 80)
}

func TestPickerShowsAnUnknownTrackWhole(t *testing.T) {
	st := newStore(t)
	if _, err := st.Create("Fremmed økt fra en nyere versjon", "altinn3-systembruker-og-maskinporten"); err != nil {
		t.Fatal(err)
	}
	d := newKeyDriver(t, options(st))
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.send(enter)
	d.settle()
	wantWhole(t, d.app.View(), "økten «Fremmed økt fra en nyere versjon» følger sporet «altinn3-systembruker-og-maskinporten», som denne versjonen av programmet ikke kjenner: oppgrader programmet", 80)
}

// fullDisk fails every write the way a full disk does.
type fullDisk struct{ ui.Store }

var errFull = errors.New("write /home/åse/.local/share/altinn-onboard/sessions/01JABCDEFGHJKMNPQRSTVWXYZ0.json.tmp: no space left on device")

func (fullDisk) QuickSaveSnapshot(string, []byte) error { return errFull }

func TestSaveErrorWrapsInTheFooter(t *testing.T) {
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
	o := options(fullDisk{st})
	o.ResumeID = s.ID
	d := newKeyDriver(t, o)
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.send(tea.KeyMsg{Type: tea.KeyDown})
	d.settle()
	v := d.app.View()
	wantWhole(t, v, "Kunne ikke lagre: "+errFull.Error(), 80)
	if n := strings.Count(v, "\n") + 1; n > 24 {
		t.Fatalf("%d lines in a terminal of 24:\n%s", n, ansi.Strip(v))
	}
	// The header still shows: the body gave up the lines the message took.
	if !strings.Contains(ansi.Strip(v), "altinn-onboard · Blåbær") {
		t.Fatalf("the header is gone:\n%s", ansi.Strip(v))
	}
}

// Wrap never splits a code, a key ID or an address that fits on a line
// (seen in tmux: "AUTH.VLD-" / "00004", a kid split at its date); only a
// word longer than a line breaks, after a "/" or "-" where it can.
func TestWrapKeepsWordsThatFitWhole(t *testing.T) {
	s := "Sjekkes bare av registeret (trenger dets egne data): AUTH.VLD-00002, AUTH.VLD-00004, AUTH.VLD-00003 " +
		"og kid altinn-onboard-2026-11-30-H5jeT9OfcZPpedea på klienten i /tmp/trial/home/output/fjord-lonn"
	for _, width := range []int{40, 60, 78} {
		got := ui.Wrap(s, width)
		for _, word := range strings.Fields(s) {
			if len(word) <= width && !strings.Contains(got, word) {
				t.Errorf("width %d: %q was split:\n%s", width, word, got)
			}
		}
		wantWhole(t, got, s, width)
	}
	long := "/home/kari/" + strings.Repeat("mappe-", 12) + "maskinporten-jwks.json"
	// A word no line holds starts a line of its own when less than a
	// third of the line is left: after "send it: " a path broke at its
	// first "/", leaving it alone at the line's end.
	said := ui.Wrap("Wrote the e-mail; now send it: "+long, 40)
	if first := strings.Split(said, "\n")[0]; first != "Wrote the e-mail; now send it:" {
		t.Errorf("the long path did not start a line of its own:\n%s", said)
	}
	got := ui.Wrap(long, 30)
	wantWhole(t, got, long, 30)
	for _, l := range strings.Split(got, "\n")[:strings.Count(got, "\n")] {
		if !strings.HasSuffix(l, "/") && !strings.HasSuffix(l, "-") {
			t.Errorf("a long path broke elsewhere than after / or -: %q", l)
		}
	}
}
