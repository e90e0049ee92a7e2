package ui

import (
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/termbg"
)

// The wizard asks the terminal for its background colour once, before its
// first frame, so its colours suit a light terminal too. It asks from
// Init, when bubbletea has put the terminal in raw mode (so the answer is
// not echoed) and before anything is drawn; bubbletea's input reader gets
// the answer like any key, and Update takes it out of the stream here,
// early or late, so no part of it is ever typed into a field. It waits
// BackgroundWait at most: a terminal that never answers costs that, once.

// BackgroundWait bounds the wait for the terminal's answer. A variable
// only so a test of the answer can wait for it however loaded the
// machine is (term_pty_linux_test.go); the program never changes it.
var BackgroundWait = 200 * time.Millisecond

type bgTimeoutMsg struct{}

// bgQuery is the state of the one question.
type bgQuery struct {
	waiting bool // asked, styles not settled yet: nothing is drawn
	osc     bool // an OSC 11 answer may still come
	da      bool // a DA1 answer may still come
	inOSC   bool // inside an OSC answer: its text is being collected
	body    strings.Builder
}

func (q *bgQuery) active() bool { return q.osc || q.da }

// initStyles builds the styles now, unless the terminal is to be asked
// first (Init asks; the answer or BackgroundWait settles them).
func (a *App) initStyles() {
	if a.opts.Terminal != nil {
		a.in.bg = bgQuery{waiting: true, osc: true, da: true}
		return
	}
	a.useStyles(newStyles(a.opts.NoColor, termbg.Dark()))
}

// useStyles sets the program's styles; called once.
func (a *App) useStyles(s Styles) {
	a.styles = s
	a.help.Styles.ShortKey = a.styles.Dim.Bold(true)
	a.help.Styles.FullKey = a.styles.Dim.Bold(true)
	a.help.Styles.ShortDesc = a.styles.Dim
	a.help.Styles.FullDesc = a.styles.Dim
	a.help.Styles.ShortSeparator = a.styles.Dim
	a.help.Styles.FullSeparator = a.styles.Dim
}

// initTerm asks the terminal for its background when the app is to ask,
// else starts at once (Init in guard.go wraps it).
func (a *App) initTerm() tea.Cmd {
	if !a.in.bg.waiting {
		return a.start()
	}
	if _, err := io.WriteString(a.opts.Terminal, termbg.Query); err != nil {
		a.in.bg = bgQuery{}
		return a.settle(termbg.Dark())
	}
	return tea.Tick(BackgroundWait, func(time.Time) tea.Msg { return bgTimeoutMsg{} })
}

// settle builds the styles for the background and starts the app.
func (a *App) settle(dark bool) tea.Cmd {
	a.in.bg.waiting = false
	// huh's themes and the layout use lipgloss's default renderer.
	termbg.Set(dark)
	a.useStyles(newStyles(a.opts.NoColor, dark))
	return a.start()
}

// terminalReply takes the terminal's answers (and the time-out) out of
// the message stream. consumed is true for every part of an answer.
func (a *App) terminalReply(msg tea.Msg) (consumed bool, cmd tea.Cmd) {
	q := &a.in.bg
	if _, ok := msg.(bgTimeoutMsg); ok {
		if q.waiting {
			return true, a.settle(termbg.Dark())
		}
		return true, nil
	}
	if !q.active() {
		return false, nil
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		// "ESC ]" reads as alt+].
		case q.osc && !q.inOSC && k.Alt && k.Type == tea.KeyRunes && string(k.Runes) == "]":
			q.inOSC = true
			q.body.Reset()
			return true, nil
		// "ESC \" (ST) or BEL ends it.
		case q.inOSC && (k.Alt && k.Type == tea.KeyRunes && string(k.Runes) == `\` || k.Type == tea.KeyCtrlG):
			q.inOSC, q.osc = false, false
			dark, ok := termbg.ParseBackground(q.body.String())
			if q.waiting {
				if !ok {
					dark = termbg.Dark()
				}
				return true, a.settle(dark)
			}
			return true, nil // late: the styles are set; only keep it out of the fields
		case q.inOSC && !k.Alt && k.Type == tea.KeyRunes && q.body.Len() < 64 && oscText(k.Runes):
			q.body.WriteString(string(k.Runes))
			return true, nil
		}
		q.inOSC = false // not an answer after all
		return false, nil
	}
	if q.da && isDA1(msg) {
		// Terminals answer in order: no OSC 11 answer is coming now.
		q.da, q.osc, q.inOSC = false, false, false
		if q.waiting {
			return true, a.settle(termbg.Dark())
		}
		return true, nil
	}
	return false, nil
}

// oscText is what an OSC 11 answer's text is made of.
func oscText(rs []rune) bool {
	for _, r := range rs {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == ';' || r == ':' || r == '/') {
			return false
		}
	}
	return true
}

var da1 = regexp.MustCompile(`^\x1b\[\?[0-9;]*c$`)

// isDA1 recognises a DA1 answer ("ESC [ ? 62 ; 22 c"), which bubbletea
// reports as its unexported unknownCSISequenceMsg (a []byte).
func isDA1(msg tea.Msg) bool {
	if msg == nil || fmt.Sprintf("%T", msg) != "tea.unknownCSISequenceMsg" {
		return false
	}
	v := reflect.ValueOf(msg)
	return v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 && da1.Match(v.Bytes())
}
