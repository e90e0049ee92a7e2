package ui_test

// The picker as a user with many sessions meets it: columns that use the
// width, a count, a scroll mark, a filter, the full help; the notices
// folded once read, remembered; back to the picker from the wizard; and
// sessions made or opened elsewhere while it shows.

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// typeKeys types s, a key per rune; "\r" is Enter, "\x1b" Esc.
func (d *keyDriver) typeKeys(s string) {
	for _, r := range s {
		switch r {
		case '\r':
			d.send(tea.KeyMsg{Type: tea.KeyEnter})
		case '\x1b':
			d.send(tea.KeyMsg{Type: tea.KeyEsc})
		case ' ':
			d.send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		default:
			d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
		d.settle()
	}
}

func (d *keyDriver) resize(w, h int) {
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.settle()
}

func createSessions(t *testing.T, st *store.Store, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := st.Create(n, session.TrackAltinnII); err != nil {
			t.Fatal(err)
		}
	}
}

func wantScreen(t *testing.T, view string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(view, w) {
			t.Fatalf("the screen does not show %q:\n%s", w, view)
		}
	}
}

func wantNotOnScreen(t *testing.T, view string, nots ...string) {
	t.Helper()
	for _, n := range nots {
		if strings.Contains(view, n) {
			t.Fatalf("the screen shows %q:\n%s", n, view)
		}
	}
}

// At 120 columns the name column was 20 characters: "Blåbær Regnskap AS
// (ferdig)" and "… (ferdig) (2)" both read "Blåbær Regnskap AS…".
func TestPickerColumnsUseTheWidth(t *testing.T) {
	st := newStore(t)
	createSessions(t, st, "Blåbær Regnskap AS (ferdig)", "Blåbær Regnskap AS (ferdig) (2)")
	d := newKeyDriver(t, options(st))
	d.resize(120, 40)
	wantScreen(t, d.app.View(), "Blåbær Regnskap AS (ferdig)  ", "Blåbær Regnskap AS (ferdig) (2)  ")
	// At the smallest window both are still told apart: a name is cut
	// in the middle, keeping its end.
	d.resize(ui.MinWidth, ui.MinHeight)
	wantScreen(t, d.app.View(), "Blåbær Regnskap AS (ferdig)  ", "…rdig) (2)  ")
}

// With 20 sessions at 80×24 four rows showed and nothing said there
// were more: the heading counts them and a line says which rows show.
func TestPickerCountsAndScrolls(t *testing.T) {
	st := newStore(t)
	for i := 1; i <= 20; i++ {
		createSessions(t, st, fmt.Sprintf("Kunde %02d", i))
	}
	d := newKeyDriver(t, options(st))
	d.resize(80, 24)
	v := d.app.View()
	wantScreen(t, v, "20 økter, nyeste først", "Kunde 01", "av 20")
	if n := strings.Count(v, "\n"); n > 24 {
		t.Fatalf("%d lines at 80×24:\n%s", n, v)
	}
	d.send(tea.KeyMsg{Type: tea.KeyEnd})
	d.settle()
	v = d.app.View()
	wantScreen(t, v, "▶ Kunde 20", "–20 av 20")
	wantNotOnScreen(t, v, "Kunde 01 ")
}

// "/" filters by name, as bubbles/list does: what is typed goes to the
// filter (not q to quit, n to a new session, x to the notice), enter
// keeps it, esc clears it.
func TestPickerFilter(t *testing.T) {
	st := newStore(t)
	createSessions(t, st, "Fjordlønn AS", "Blåbær", "Fjellkraft", "Nordfjord Regnskap")
	d := newKeyDriver(t, options(st))
	d.typeKeys("/fjord")
	v := d.app.View()
	wantScreen(t, v, "2 av 4 økter med «fjord» i navnet", "Fjordlønn AS", "Nordfjord Regnskap", "/ fjord", "esc vis alle")
	wantNotOnScreen(t, v, "Blåbær", "Fjellkraft")
	d.typeKeys("xq") // typed, not obeyed
	if d.app.View() == "" {
		t.Fatal("q in the filter quit")
	}
	d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	d.settle()
	d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	d.settle()
	wantScreen(t, d.app.View(), "2 av 4 økter med «fjord»")
	// Enter keeps the filter; the list's keys work again; esc shows all.
	d.typeKeys("\rj")
	wantScreen(t, d.app.View(), "2 av 4 økter med «fjord»", "▶ Nordfjord Regnskap")
	d.typeKeys("\x1b")
	v = d.app.View()
	wantScreen(t, v, "4 økter, nyeste først", "Blåbær", "Fjellkraft", "▶ Nordfjord Regnskap")
	// A filter that matches nothing says so.
	d.typeKeys("/zzz")
	wantScreen(t, d.app.View(), "0 av 4 økter", "Ingen økter passer; esc viser alle.")
	// Enter on the filtered list opens the session under the cursor.
	d.typeKeys("\x1b/blå\r\r")
	if s := d.app.Session(); s == nil || s.Name != "Blåbær" {
		t.Fatalf("enter on the filtered list opened %v", s)
	}
}

// "?" did nothing in the picker, and at 80 columns the help line cut off
// "i importer".
func TestPickerHelp(t *testing.T) {
	st := newStore(t)
	createSessions(t, st, "Kunde")
	d := newKeyDriver(t, options(st))
	d.resize(80, 24)
	v := d.app.View()
	wantScreen(t, v, "i importer", "/ filtrer", "? mer hjelp")
	d.typeKeys("?")
	v = d.app.View()
	wantScreen(t, v, "home/end", "pgup/pgdn", "r gi nytt navn", "d slett", "merknaden", "mindre hjelp", "i importer")
	d.typeKeys("?")
	wantNotOnScreen(t, d.app.View(), "pgup/pgdn")
}

func noticeBox(view string) bool { return strings.Contains(view, "╭") }

// The Altinn II notice took 8 of 24 lines on every start. Once read (x,
// or a session opened with it shown) it is one line from then on,
// remembered in preferences.json (0600); x unfolds it.
func TestNoticeFoldsAndIsRemembered(t *testing.T) {
	st := newStore(t)
	createSessions(t, st, "Kunde")
	o := options(st)
	o.Preferences = st
	d := newKeyDriver(t, o)
	d.resize(80, 24)
	v := d.app.View()
	if !noticeBox(v) {
		t.Fatalf("the first start does not show the notice whole:\n%s", v)
	}
	wantScreen(t, v, "(x bretter merknaden sammen til én linje)")
	d.typeKeys("x")
	v = d.app.View()
	if noticeBox(v) {
		t.Fatalf("x did not fold the notice:\n%s", v)
	}
	wantScreen(t, v, "Merknad: Altinn II stengte 19. juni 2026", "(x viser hele)")
	fi, err := os.Stat(st.PreferencesPath())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("preferences: %v %v", fi, err)
	}

	// The next start: folded, in English too.
	o.Lang = "en"
	d = newKeyDriver(t, o)
	v = d.app.View()
	if noticeBox(v) {
		t.Fatalf("the notice read is shown whole again:\n%s", v)
	}
	wantScreen(t, v, "Notice: ", "(x shows it all)")
	d.typeKeys("x") // unfolded, and remembered so
	if !noticeBox(d.app.View()) {
		t.Fatalf("x did not unfold the notice:\n%s", d.app.View())
	}
	o.Lang = "nb"
	d = newKeyDriver(t, o)
	if !noticeBox(d.app.View()) {
		t.Fatal("unfolded, but folded on the next start")
	}
	// Opening a session with the notice shown counts as reading it.
	d.typeKeys("\r")
	if d.app.Session() == nil {
		t.Fatal("enter opened no session")
	}
	d.app.Close()
	d = newKeyDriver(t, o)
	if noticeBox(d.app.View()) {
		t.Fatalf("the notice was read, and is shown whole again:\n%s", d.app.View())
	}
}

// A preferences file that cannot be read is named, left as it is, and
// the picker works without it: no panic, the notice shown, x folds it for
// this run.
func TestNoticeWithBadPreferences(t *testing.T) {
	st := newStore(t)
	createSessions(t, st, "Kunde")
	bad := []byte("{\"notice_read\": [oops")
	os.WriteFile(st.PreferencesPath(), bad, 0o600)
	o := options(st)
	o.Preferences = st
	d := newKeyDriver(t, o)
	v := d.app.View()
	wantScreen(t, v, "innstillingene i "+st.PreferencesPath(), "ble ikke brukt (filen", "er beholdt urørt)")
	if !noticeBox(v) {
		t.Fatalf("no notice:\n%s", v)
	}
	d.typeKeys("x")
	if noticeBox(d.app.View()) {
		t.Fatal("x did not fold the notice")
	}
	if b, _ := os.ReadFile(st.PreferencesPath()); string(b) != string(bad) {
		t.Fatalf("the file was changed: %q", b)
	}
}

// On the first run the name prompt has the focus: an x is a letter of
// the name, and the screen does not say x hides the notice.
func TestFirstRunXIsALetter(t *testing.T) {
	st := newStore(t)
	o := options(st)
	o.Preferences = st
	d := newKeyDriver(t, o)
	v := d.app.View()
	wantScreen(t, v, "Navn på den nye økten")
	wantNotOnScreen(t, v, "(x ")
	d.typeKeys("Xerox x")
	v = d.app.View()
	if !noticeBox(v) {
		t.Fatalf("typing x hid the notice:\n%s", v)
	}
	wantScreen(t, v, "> Xerox x")
	d.typeKeys("\r")
	if s := d.app.Session(); s == nil || s.Name != "Xerox x" {
		t.Fatalf("session %v, want \"Xerox x\"", s)
	}
	// Read on the way: folded on the next start.
	d.app.Close()
	d = newKeyDriver(t, o)
	if noticeBox(d.app.View()) {
		t.Fatalf("the notice read on the first run is shown whole again:\n%s", d.app.View())
	}
}

// There was no way back to the picker from the wizard: o in the overview
// (named in its help) saves the session, lets go of its lock, and shows
// the picker, where keys typed right after land.
func TestOverviewBackToPicker(t *testing.T) {
	st := newStore(t)
	createSessions(t, st, "Annen kunde")
	s, err := st.Create("Kunde", session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	s.Cursor = session.Cursor{Step: session.OverviewStep, Screen: session.OverviewStep}
	st.Save(s)
	o := options(st)
	o.ResumeID = s.ID
	d := newKeyDriver(t, o)
	d.resize(100, 30)
	wantScreen(t, d.app.View(), "Oversikt over onboardingen", "o bytt økt")
	if st.LockedBy(s) == nil {
		t.Fatal("the open session is not locked")
	}
	// o, then at once n and a name: the keys wait for the list.
	for _, r := range "onNy" {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	d.settle()
	v := d.app.View()
	wantScreen(t, v, "2 økter, nyeste først", "Annen kunde", "Navn på den nye økten", "> Ny")
	if d.app.Session() != nil {
		t.Fatal("a session is still open")
	}
	if le := st.LockedBy(s); le != nil {
		t.Fatalf("still locked: %v", le)
	}
	if got := saved(t, st, "Kunde"); got.Cursor.Step != session.OverviewStep {
		t.Fatalf("not saved on the way out: cursor %+v", got.Cursor)
	}
	// Another session opens, and the first can be opened again.
	d.typeKeys("\x1bg\r")
	if got := d.app.Session(); got == nil || got.Name != "Annen kunde" {
		t.Fatalf("opened %v", got)
	}
	if st.LockedBy(s) != nil || st.LockedBy(saved(t, st, "Annen kunde")) == nil {
		t.Fatal("the locks do not follow the open session")
	}
	if err := d.app.Close(); err != nil {
		t.Fatal(err)
	}
}

// The picker did not see sessions the CLI made while it was open, and
// showed a session open elsewhere like any other.
func TestPickerSeesChangesElsewhere(t *testing.T) {
	st := newStore(t)
	createSessions(t, st, "Kunde")
	o := options(st)
	o.RelistInterval = ui.DefaultRelistInterval
	d := newKeyDriver(t, o)
	cli, err := store.Open(st.DataDir()) // another process's store
	if err != nil {
		t.Fatal(err)
	}
	made, err := cli.Create("Laget i CLI", session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := cli.Lock(made)
	if err != nil {
		t.Fatal(err)
	}
	d.send(ui.RelistTick())
	d.settle()
	v := d.app.View()
	wantScreen(t, v, "2 økter", "Laget i CLI", "låst", fmt.Sprintf("i bruk: pid %d på maskinen", os.Getpid()))
	lock.Release()
	d.send(ui.RelistTick())
	d.settle()
	wantNotOnScreen(t, d.app.View(), "låst")
}

// `resume NAME` of a session open elsewhere showed the picker with no
// reason: the list that came next wiped it.
func TestResumeLockedShowsWhy(t *testing.T) {
	st := newStore(t)
	s, err := st.Create("Kunde", session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := store.Open(st.DataDir())
	lock, err := other.Lock(s)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	o := options(st)
	o.ResumeID = s.ID
	d := newKeyDriver(t, o)
	d.resize(120, 40)
	wantScreen(t, d.app.View(), "økten «Kunde» er åpen i en annen altinn-onboard (pid", "låst")
}

// The list is read again under a question: a delete asked of one
// session deletes that one, whatever came to the top meanwhile.
func TestPickerDeleteTargetSurvivesRelist(t *testing.T) {
	st := newStore(t)
	createSessions(t, st, "Behold meg", "Slett meg")
	o := options(st)
	o.RelistInterval = ui.DefaultRelistInterval
	d := newKeyDriver(t, o)
	d.typeKeys("/slett\r\x1b") // the cursor on "Slett meg", then all shown
	wantScreen(t, d.app.View(), "▶ Slett meg")
	d.typeKeys("d")
	cli, _ := store.Open(st.DataDir())
	cli.Now = func() time.Time { return fixed.Add(time.Hour) } // newest: first in the list
	if _, err := cli.Create("Aaa ny", session.TrackAltinnII); err != nil {
		t.Fatal(err)
	}
	d.send(ui.RelistTick())
	d.settle()
	d.typeKeys("j")
	list, _, _ := st.List()
	var names []string
	for _, s := range list {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "Aaa ny,Behold meg" {
		t.Fatalf("left: %v\n%s", names, d.app.View())
	}
}
