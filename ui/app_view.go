package ui

// The app's view: the frame around the screen (header, stepper, body,
// status and keys), and the room each part gets.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
)

func (a *App) tooSmall() bool {
	return a.width > 0 && (a.width < MinWidth || a.height < MinHeight)
}

// bodySize is the room the current screen gets.
func (a *App) bodySize() (int, int) {
	w, h := a.width, a.height
	if w == 0 {
		w, h = 80, 24
	}
	// header: 2 lines + rule; footer: status + help + margin
	return max(w-2, 20), max(h-7, 5)
}

// view draws the screen (View in guard.go wraps it).
func (a *App) view() string {
	if a.quitting || a.in.bg.waiting {
		return "" // nothing is drawn before the styles are settled
	}
	if a.tooSmall() {
		return tooSmallView(a.opts.Lang, a.width, a.height)
	}
	// Whatever user text a screen forgot to neutralise is shown here,
	// not obeyed: only the colours our styles made pass as escapes.
	if a.state == statePicker {
		return termtext.Frame(Unfocus(a.picker.view()))
	}
	return termtext.Frame(a.wizardView())
}

func (a *App) wizardView() string {
	w, h := a.bodySize()
	header := a.headerView(w)
	footer := a.footerView(w)
	// A message of several lines takes them from the body, not from the
	// top of the terminal.
	h = max(1, h-(lipgloss.Height(footer)-2))
	return frame(header, a.screen.View(), footer, w, h, a.scrollMarks) // the App style's padding, measured once
}

// scrollMarks are the frame's marks for hidden lines, in the app's
// language.
func (a *App) scrollMarks() scrollMarks { return newScrollMarks(&a.styles, a.opts.Lang) }

func (a *App) headerView(width int) string {
	title := a.styles.Title.Render(a.opts.Title) + a.styles.Dim.Render(" · ") + a.styles.SessionName.Render(termtext.Line(a.sess.Name))
	return lipgloss.JoinVertical(lipgloss.Left, title, a.stepperView(width), a.styles.Dim.Render(strings.Repeat("─", width)))
}

// stepMark is the state of a step in the stepper.
type stepMark int

const (
	markTodo stepMark = iota
	markCurrent
	markDone
	markProblem
	markInProgress
	markUnconfirmed // the overview: every step done, this machine not (yet) confirmed
)

func (a *App) stepMarks() []stepMark {
	steps := a.allSteps()
	marks := make([]stepMark, len(steps))
	for i, s := range steps {
		switch {
		case i == a.stepIdx:
			marks[i] = markCurrent
		case a.isStep(i) && a.sess.StepStatus(s.ID) == session.Done:
			marks[i] = markDone
			if a.hasProblems(i) {
				marks[i] = markProblem
			}
		case a.isStep(i) && a.sess.StepStatus(s.ID) == session.InProgress && a.hasProblems(i):
			marks[i] = markProblem
		case a.isStep(i) && a.sess.StepStatus(s.ID) == session.InProgress:
			marks[i] = markInProgress
		case !a.isStep(i) && a.check.status.Complete:
			marks[i] = markDone
		case !a.isStep(i) && a.check.status.Unconfirmed():
			marks[i] = markUnconfirmed
		}
	}
	return marks
}

func (a *App) stepperView(width int) string {
	steps := a.allSteps()
	marks := a.stepMarks()
	render := func(short bool) string {
		var parts []string
		for i, s := range steps {
			num := fmt.Sprint(i + 1)
			if !a.isStep(i) {
				num = "Σ"
			}
			label := num + " " + s.Title(a.opts.Lang)
			if short && i != a.stepIdx {
				label = num
			}
			switch marks[i] {
			case markDone:
				parts = append(parts, a.styles.StepDone.Render(MarkDone+" "+label))
			case markCurrent:
				parts = append(parts, a.styles.StepCurrent.Render(MarkCurrent+" "+label))
			case markProblem:
				parts = append(parts, a.styles.StepProblem.Render(MarkProblem+" "+label))
			case markInProgress:
				parts = append(parts, a.styles.StepTodo.Render(MarkInProgress+" "+label))
			case markUnconfirmed:
				parts = append(parts, a.styles.StepTodo.Render(MarkUnconfirmed+" "+label))
			default:
				parts = append(parts, a.styles.StepTodo.Render(MarkTodo+" "+label))
			}
		}
		return strings.Join(parts, a.styles.Dim.Render("  "))
	}
	if full := render(false); lipgloss.Width(full) <= width {
		return full
	}
	return render(true)
}

// footerView is the status line (wrapped to width: a full disk's error is
// read whole) and the keys.
func (a *App) footerView(width int) string {
	var status Message
	switch {
	case a.status != "":
		status.Set(a.status, a.statusErr)
	case a.saveErr != nil:
		status.Set(a.t("Ikke lagret: ", "Not saved: ")+a.saveErr.Error(), true)
	}
	short := append([]key.Binding{}, a.screen.KeyBindings()...)
	// A screen that says what esc or ctrl+s do in it (cancel, keep) is
	// not contradicted by the app's "esc back".
	for _, b := range []key.Binding{a.keys.Back, a.keys.Save} {
		if !bindsKey(a.screen.KeyBindings(), b.Keys()[0]) {
			short = append(short, b)
		}
	}
	helpKey, quit := a.keys.Help, a.keys.Quit
	if a.screen.Editing() {
		helpKey, quit = a.keys.HelpAny, a.keys.ForceQuit
	}
	st := status.View(&a.styles, width)
	if !a.fullHelp {
		return st + "\n" + shortHelpView(a.help.Styles, append(short, helpKey, quit), len(short), width)
	}
	helpKey.SetHelp(helpKey.Help().Key, a.t("lukk hjelpen", "close the help"))
	full := [][]key.Binding{a.screen.KeyBindings(), {a.keys.Back, a.keys.Save, a.keys.ForceQuit, a.keys.Quit, helpKey}, append([]key.Binding{a.keys.NextStep, a.keys.PrevStep}, a.keys.JumpStep[0])}
	return st + "\n" + fullHelpView(a.help.Styles, full, width, a.helpRoom(lipgloss.Height(st)))
}

// minBodyLines is the fewest lines the full help leaves the screen: the
// field with focus and its message (the frame scrolls to them).
const minBodyLines = 5

// helpRoom is how many lines the full help may take under a status of
// statusLines lines: what the header, the body's fewest lines and the
// status leave of the window.
func (a *App) helpRoom(statusLines int) int {
	_, h := a.bodySize()
	return h + 2 - minBodyLines - statusLines
}

// bindsKey says whether one of bs is shown for k.
func bindsKey(bs []key.Binding, k string) bool {
	for _, b := range bs {
		for _, bk := range b.Keys() {
			if b.Enabled() && bk == k {
				return true
			}
		}
	}
	return false
}

// ErrAborted is returned by Run when the user left a pure prompt.
var ErrAborted = errors.New("aborted")
