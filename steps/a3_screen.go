package steps

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/focus"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// a3Screen is what the Altinn 3 track's screens share: a menu of actions
// with a message line (actionMenu), and, over it, at most one question
// (ui.Confirm) or one small form (a huh form in a ui.FormScreen). Calls to
// the service layer run in tea.Cmds; a key is handled at once whatever
// runs.
type a3Screen struct {
	ctx    *ui.Context
	deps   Deps
	o      *altinn3.Onboarding
	styles ui.Styles
	actionMenu

	confirm  *ui.Confirm
	onAnswer func(yes bool) tea.Cmd
	form     *ui.FormScreen
	onForm   func() tea.Cmd
	// fields and formTitle are the form's, as data: accessible mode asks
	// them (a3_ask.go).
	fields    []a3Field
	formTitle string

	done          bool
	width, height int
}

func newA3Screen(ctx *ui.Context, d Deps) a3Screen {
	d = d.withAltinn3()
	a := a3Screen{ctx: ctx, deps: d, o: d.Altinn3, styles: *ctx.Styles(), actionMenu: newActionMenu(ctx.Lang)}
	// Up from the first item shows the screen's top (view).
	a.menu.Above = true
	return a
}

// ask shows a yes-or-no question; answer is called with the answer.
func (a *a3Screen) ask(question string, answer func(yes bool) tea.Cmd) {
	c := ui.NewConfirm(a.ctx.Lang, question)
	a.confirm, a.onAnswer = &c, answer
}

// edit shows a form of fields; submit is called when it is completed.
func (a *a3Screen) edit(title string, submit func() tea.Cmd, fields ...a3Field) tea.Cmd {
	a.fields, a.formTitle = fields, title
	lang := forms.NB
	if a.ctx.Lang == "en" {
		lang = forms.EN
	}
	f := forms.NewForm(title, "", forms.FormOptions{Lang: lang, Theme: forms.ThemeFor(a.ctx.NoColor), Accessible: a.ctx.Accessible}, huhFields(fields)...)
	if a.ctx.Accessible {
		f = f.WithAccessible(true)
	}
	a.form, a.onForm = ui.NewFormScreen(f, ""), submit
	a.sizeForm()
	return a.form.Init()
}

// validator turns a check whose error speaks both languages into one huh
// shows in the user's.
func (a *a3Screen) validator(check func(string) error) func(string) error {
	return func(v string) error {
		if err := check(v); err != nil {
			return errors.New(errText(err, a.ctx.Lang))
		}
		return nil
	}
}

// updateOverlay hands msg to the question or the form when one shows.
// handled says it was theirs.
func (a *a3Screen) updateOverlay(msg tea.Msg) (tea.Cmd, bool) {
	if _, ok := msg.(spinner.TickMsg); ok {
		return a.msg.Update(msg), true
	}
	if _, ok := msg.(a3Done); ok {
		return nil, false
	}
	if _, ok := msg.(pollTick); ok {
		return nil, false
	}
	if a.form != nil {
		scr, cmd := a.form.Update(msg)
		a.form = scr.(*ui.FormScreen)
		if a.form.Done() {
			submit := a.onForm
			a.form, a.onForm = nil, nil
			return tea.Batch(cmd, submit()), true
		}
		return cmd, true
	}
	if a.confirm != nil {
		if _, ok := msg.(tea.KeyMsg); !ok {
			return nil, false
		}
		ans := a.confirm.Update(msg)
		if ans == ui.Unanswered {
			return nil, true
		}
		answer := a.onAnswer
		a.confirm, a.onAnswer = nil, nil
		return answer(ans == ui.Yes), true
	}
	return nil, false
}

// HandleBack closes the form or answers the question no, before the app
// goes back.
func (a *a3Screen) HandleBack() (bool, tea.Cmd) {
	switch {
	case a.form != nil:
		a.form, a.onForm = nil, nil
		a.msg.Set(a.ctx.T("Avbrutt; ingenting er endret.", "Cancelled; nothing was changed."), false)
		return true, nil
	case a.confirm != nil:
		answer := a.onAnswer
		a.confirm, a.onAnswer = nil, nil
		return true, answer(false)
	}
	return false, nil
}

// view is the screen: body, the message line, then the question or the
// menu, whole. Nothing is cut: the frame scrolls a screen taller than
// the window to its focus (ui.Focus), which is the message together with
// the question, or with the menu down to its selected item, so the
// message and the cursor are in view together (the cursor first, when
// both do not fit). Up from the first item takes the cursor off the menu
// (ui.Menu.Above) and nothing is the focus: the screen shows from its
// top, the summary of the step that once gave way to "…" in a small
// window.
func (a *a3Screen) view(body string) string {
	if a.form != nil {
		// The form alone: it has the whole height, with the message under
		// a field in sight.
		return a.form.View()
	}
	st := a.styles
	w := max(20, a.width)
	var b strings.Builder
	if body != "" {
		b.WriteString(body + "\n\n")
	}
	var below string
	if a.confirm != nil {
		below = a.confirm.View(&st, w)
	} else {
		below = a.menu.View(&st, w, 0)
	}
	if m := a.msg.View(&st, w); m != "" {
		if a.confirm == nil && a.menu.Cursor < 0 {
			below = m + "\n\n" + below
		} else {
			below = focusFrom(m+"\n\n", below)
		}
	}
	b.WriteString(below)
	return strings.TrimSuffix(b.String(), "\n")
}

// focusFrom puts top above v and widens v's focus (ui.Focus: the last
// marked part, the menu's selected item) up to take top in; v with
// nothing marked is the focus whole.
func focusFrom(top, v string) string {
	i := strings.LastIndex(v, focus.Close)
	if i < 0 {
		return ui.Focus(top + v)
	}
	i += len(focus.Close)
	return focus.Open + top + v[:i] + focus.Close + v[i:]
}

// wrap is text wrapped to the screen, never cut.
func (a *a3Screen) wrap(s string) string { return ui.Wrap(s, max(20, a.width)) }

// dim is a wrapped line in the dim style (an uncertainty, a hint).
func (a *a3Screen) dim(s string) string { return a.styles.Dim.Render(a.wrap(s)) }

func (a *a3Screen) SetSize(w, h int) {
	a.width, a.height = w, h
	if a.form != nil {
		a.sizeForm()
	}
}

// sizeForm fits the form to the screen's width; the frame scrolls it to
// the focused field and the message under it (ui.FormScreen).
func (a *a3Screen) sizeForm() { a.form.SetSize(a.width, a.height) }

func (a *a3Screen) Init() tea.Cmd { return nil }

func (a *a3Screen) KeyBindings() []key.Binding {
	switch {
	case a.form != nil:
		return a.form.KeyBindings()
	case a.confirm != nil:
		return a.confirm.KeyBindings()
	}
	return a.menu.KeyBindings()
}

func (a *a3Screen) Done() bool    { return a.done }
func (a *a3Screen) Editing() bool { return a.form != nil }
func (a *a3Screen) Field() string { return "" }

// menuItem is a menu line.
func menuItem(key, label string) ui.MenuItem { return ui.MenuItem{Key: key, Label: label} }

// focusField moves a form of fields (in the order of keys) to the field
// that shows path ("altinn3.system.rights[2]" is shown at the rights'
// field). It moves only when the form has the field, so it never runs
// off the last one (which would submit the form).
func focusField(f *huh.Form, keys []string, path string) {
	key := path
	if i := strings.IndexByte(key, '['); i >= 0 {
		key = key[:i]
	}
	if !slices.Contains(keys, key) {
		return
	}
	for range keys {
		if f.GetFocusedField().GetKey() == key {
			return
		}
		f.NextField()
	}
}

// a3Menu is a screen whose menu chooses actions: it redraws its items,
// acts on the chosen one, and shows what a call came to.
type a3Menu interface {
	refresh()
	activate(key string) tea.Cmd
	finished(m a3Done) tea.Cmd
}

// updateMenu is the Update of an a3Menu screen: the overlay first, a
// call's outcome (recorded, then shown), the menu's keys.
func (a *a3Screen) updateMenu(self a3Menu, msg tea.Msg) tea.Cmd {
	if cmd, handled := a.updateOverlay(msg); handled {
		self.refresh()
		return cmd
	}
	switch msg := msg.(type) {
	case a3Done:
		msg.EditSession(a.ctx.Session)
		cmd := self.finished(msg)
		self.refresh()
		return tea.Batch(changed, cmd)
	case tea.KeyMsg:
		if _, chose := a.menu.Update(msg); chose {
			cmd := self.activate(a.menu.Selected().Key)
			self.refresh()
			return cmd
		}
	}
	return nil
}

// run shows text with a spinner while call runs.
func (a *a3Screen) run(text string, call tea.Cmd) tea.Cmd {
	return tea.Batch(a.msg.Start(text), call)
}

// failedLine is a failed token request as one line in the error colour:
// when, where, and the service's code and words.
func (a *a3Screen) failedLine(lt *session.ClientTest, nb, en string) string {
	code := ""
	if lt.Error != nil {
		code = " (" + strings.Trim(lt.Error.Code+" "+lt.Error.Title, " ") + ")"
	}
	return a.styles.Error.Render(a.wrap(fmt.Sprintf(a.ctx.T(nb, en), lt.At.Local().Format("02.01.2006 15:04"), envName(lt.Environment), code))) + "\n"
}
