package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/store"
)

// The tracks' notices (the Altinn II closure, say) are shown whole until
// the user has read them: folded with x, or left the picker for a session
// with them shown. From then on they are one line, on every start, until
// x unfolds them or their text changes. What was read is remembered in
// the preferences (store.Preferences, a small file in the data folder).

// Preferences is where the app remembers the user's choices between runs
// (*store.Store). Nil: nothing is remembered.
type Preferences interface {
	LoadPreferences() (store.Preferences, error)
	SavePreferences(store.Preferences) error
}

type noticeState struct {
	hidden bool // Options.HideNotice: no notices at all
	folded bool
	asked  bool // the preferences were asked for
	// prefs are the preferences as read; broken says the file could not
	// be read, and is then never written over.
	prefs  store.Preferences
	broken bool
	// err is why the preferences could not be read or written: shown
	// once, under the list; the picker goes on without them.
	err error
	// profileHint: the new-session prompt shows Options.ProfileHint.
	profileHint bool
}

type prefsRead struct {
	prefs store.Preferences
	err   error
}

type prefsSavedMsg struct{ err error }

// notices are the tracks' notices, in the order of the tracks.
func (p *picker) notices() []string {
	if p.notes.hidden {
		return nil
	}
	return p.noticesIn(p.app.opts.Lang)
}

func (p *picker) noticesIn(lang string) []string {
	var out []string
	for _, t := range p.app.opts.Tracks {
		if t.Notice != nil {
			if n := t.Notice(lang); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// noticeDigest names what the notices say, in either language: a notice
// read once in Norwegian stays folded in English.
func (p *picker) noticeDigest() string {
	h := sha256.New()
	for _, lang := range []string{"nb", "en"} {
		for _, n := range p.noticesIn(lang) {
			h.Write([]byte(n + "\x00"))
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// prefsCmd reads the preferences, once (nil when there are none to read).
func (p *picker) prefsCmd() func() *prefsRead {
	prefs := p.app.opts.Preferences
	if prefs == nil || p.notes.asked || p.notes.hidden {
		return nil
	}
	p.notes.asked = true
	return func() *prefsRead {
		pr, err := prefs.LoadPreferences()
		return &prefsRead{pr, err}
	}
}

// setPrefs takes the preferences read with the list.
func (p *picker) setPrefs(r *prefsRead) {
	if r == nil {
		return
	}
	p.notes.prefs = r.prefs
	if r.err != nil {
		p.notes.broken, p.notes.err = true, r.err
		return
	}
	if r.prefs.NoticeRead != "" && r.prefs.NoticeRead == p.noticeDigest() {
		p.notes.folded = true
	}
}

// toggleNotice folds the notices to a line, or shows them whole, and
// remembers which.
func (p *picker) toggleNotice() tea.Cmd {
	if len(p.notices()) == 0 {
		return nil
	}
	p.notes.folded = !p.notes.folded
	read := ""
	if p.notes.folded {
		read = p.noticeDigest()
	}
	return p.savePrefs(read)
}

// noticeRead remembers that the notices were read: the picker is left
// for a session while they were shown whole.
func (p *picker) noticeRead() tea.Cmd { return p.leavePrefs(false) }

// leavePrefs remembers, in one write, what the user saw before leaving
// the picker for a session: the notices shown whole, and the profile
// hint when they made the session with it shown (created).
func (p *picker) leavePrefs(created bool) tea.Cmd {
	next := p.notes.prefs
	if len(p.notices()) > 0 && !p.notes.folded {
		next.NoticeRead = p.noticeDigest()
	}
	if created && p.notes.profileHint {
		next.ProfileHintShown = true
	}
	return p.writePrefs(next)
}

// profileHintDue: there is a profile hint to give (no profile yet) that
// the preferences, read without trouble, say was never given.
func (p *picker) profileHintDue() bool {
	hint := p.app.opts.ProfileHint
	return hint != nil && p.loaded && p.notes.asked && hint(p.app.opts.Lang) != "" && !p.notes.broken && !p.notes.prefs.ProfileHintShown && !p.prof.saved
}

func (p *picker) savePrefs(read string) tea.Cmd {
	next := p.notes.prefs
	next.NoticeRead = read
	return p.writePrefs(next)
}

// writePrefs saves next when it differs from what is remembered.
func (p *picker) writePrefs(next store.Preferences) tea.Cmd {
	prefs := p.app.opts.Preferences
	if prefs == nil || p.notes.broken || p.notes.prefs == next {
		return nil
	}
	p.notes.prefs = next
	return func() tea.Msg { return prefsSavedMsg{prefs.SavePreferences(next)} }
}

// noticeView draws the notices: whole, with how to fold them, or folded
// to one line. The key is named only where x does it: in a prompt, x is
// a letter of what is typed.
func (p *picker) noticeView(b *strings.Builder, width int) {
	a := p.app
	s := a.styles
	notices := p.notices()
	if len(notices) == 0 {
		return
	}
	keys := p.mode == pickList
	if p.notes.folded {
		hint := ""
		if keys {
			hint = a.t("  (x viser hele)", "  (x shows it all)")
		}
		line := strings.Join(strings.Fields(strings.Join(notices, " ")), " ")
		label := a.t("Merknad: ", "Notice: ")
		b.WriteString(s.Warn.Render(label+Clip(line, max(10, width-len([]rune(label+hint))))) + s.Dim.Render(hint) + "\n\n")
		return
	}
	for _, n := range notices {
		b.WriteString(s.Notice.Width(max(30, min(width-2, 96))).Render(n) + "\n")
	}
	if keys {
		b.WriteString(s.Dim.Render(a.t("  (x bretter merknaden sammen til én linje)", "  (x folds the notice to one line)")) + "\n")
	}
	b.WriteString("\n")
}
