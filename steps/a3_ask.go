package steps

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Accessible mode for the Altinn 3 track: each screen is asked in plain
// lines by the screen itself (ScreenSpec.Ask). The driver here says the
// screen's text, offers its menu as a numbered choice, and does the
// chosen item as the screen does (its activate): the commands that
// returns run at once, in order, so a call to the service layer
// (altinn3.Onboarding) runs while the user waits, and its outcome goes
// through the screen's Update, recorded and then said, as in the terminal
// UI. A question over the screen is asked as yes or no, a form field by
// field (a3Field). What is the terminal's only is left out: the spinner
// and the status polled in the background (accessible mode checks a
// status when asked, or waits for it with the core's backoff).

// plainWidth: lines are not wrapped here; the reader's terminal or screen
// reader does that.
const plainWidth = 1 << 16

// a3Plain is an Altinn 3 screen as accessible mode asks it.
type a3Plain interface {
	ui.Screen
	base() *a3Screen
	// body is what the screen says above its message and menu.
	body() string
}

func (a *a3Screen) base() *a3Screen { return a }

// askA3 makes a ScreenSpec.Ask of an Altinn 3 screen constructor.
func (d Deps) askA3(newScreen func(ctx *ui.Context, d Deps, field string) ui.Screen) func(*ui.Context, *ui.Prompter) error {
	return func(ctx *ui.Context, p *ui.Prompter) error {
		pl := newPlain(ctx, p, newScreen(ctx, d, "").(a3Plain))
		if c, ok := pl.scr.(*customersScreen); ok {
			return pl.customers(c)
		}
		return pl.menu(pl.scr.(a3Menu))
	}
}

// plainScreen is an Altinn 3 screen being asked.
type plainScreen struct {
	ctx *ui.Context
	p   *ui.Prompter
	scr a3Plain
	b   *a3Screen
	// said are the text and the message last said, so each is said again
	// only when it changed.
	saidBody, saidMsg string
}

func newPlain(ctx *ui.Context, p *ui.Prompter, scr a3Plain) *plainScreen {
	scr.SetSize(plainWidth, 0)
	return &plainScreen{ctx: ctx, p: p, scr: scr, b: scr.base()}
}

// menu asks a screen whose menu chooses its actions until one of them
// ends it.
func (pl *plainScreen) menu(m a3Menu) error {
	t := pl.ctx.T
	for !pl.b.done {
		pl.sayBody()
		m.refresh()
		var opts []ui.Option
		var keys []string
		for _, it := range pl.b.menu.Items {
			if it.Disabled {
				continue
			}
			o := ui.Option{Label: it.Text(), About: it.Help}
			if it.Problem {
				o.About = strings.TrimSpace(t("må gjøres ", "to do ") + o.About)
			}
			opts, keys = append(opts, o), append(keys, it.Key)
		}
		k := ""
		if err := pl.p.Choice(t("Hva vil du gjøre", "What do you want to do"), "", opts, -1,
			func(i int) error { k = keys[i]; return nil }); err != nil {
			return err
		}
		pl.b.menu.Select(k)
		pl.b.msg.Clear()
		pl.saidMsg = ""
		if err := pl.act(m.activate(k)); err != nil {
			return err
		}
	}
	return nil
}

// act finishes what an action began: its commands, then the question or
// the form it put over the screen (each answer may start more), then says
// what it came to.
func (pl *plainScreen) act(cmd tea.Cmd) error {
	if pl.b.form != nil {
		cmd = nil // the form's own start, for drawing it
	}
	for {
		if err := pl.run(cmd); err != nil {
			return err
		}
		cmd = nil
		b := pl.b
		switch {
		case b.form != nil:
			fields, title, submit := b.fields, b.formTitle, b.onForm
			b.form, b.onForm, b.fields = nil, nil, nil
			if err := askFields(pl.p, title, "", fields); err != nil {
				return err
			}
			cmd = submit()
		case b.confirm != nil:
			pl.sayBody()
			q, answer := b.confirm.Question, b.onAnswer
			b.confirm, b.onAnswer = nil, nil
			yes, err := pl.p.YesNo(q, "", nil)
			if err != nil {
				return err
			}
			cmd = answer(yes)
		default:
			pl.sayMsg()
			return nil
		}
	}
}

// run runs cmd and what follows from it, in order, handing each message
// to the screen as the app does. The spinner's ticks and background polls
// are the terminal's and are dropped; a change is saved; a jump to
// another screen of the track asks that screen.
func (pl *plainScreen) run(cmd tea.Cmd) error {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		if pl.b.msg.Busy() && pl.b.msg.Text != pl.saidMsg {
			pl.sayMsg()
		}
		msg, err := pl.call(c)
		if err != nil {
			return err
		}
		switch msg := msg.(type) {
		case nil, spinner.TickMsg, pollTick:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case ui.ChangedMsg:
			pl.saved()
		case ui.JumpMsg:
			if err := pl.jump(msg); err != nil {
				return err
			}
		default:
			_, next := pl.scr.Update(msg)
			queue = append(queue, next)
		}
	}
	return nil
}

// call runs one command; a stop (Ctrl+C) ends the wait for it with
// ui.ErrStopped. A call stopped half-way records nothing: sent again, a
// request is read back instead (the core knows it was sent).
func (pl *plainScreen) call(c tea.Cmd) (tea.Msg, error) {
	done := make(chan tea.Msg, 1)
	go func() { done <- c() }()
	select {
	case m := <-done:
		return m, nil
	case <-pl.p.Stop:
		return nil, ui.ErrStopped
	}
}

// saved asks the caller to save (Prompter.Answered), as the app autosaves
// after a change.
func (pl *plainScreen) saved() {
	if pl.p.Answered != nil {
		pl.p.Answered()
	}
}

// jump asks the screen of the track a menu item leads to (the system's
// answers, from the register screen).
func (pl *plainScreen) jump(m ui.JumpMsg) error {
	for _, st := range pl.ctx.Track.Steps {
		if st.ID != m.Step {
			continue
		}
		for _, spec := range st.Screens {
			if spec.ID == m.Screen && spec.Ask != nil {
				pl.saidBody = ""
				err := spec.Ask(pl.ctx, pl.p)
				pl.saved()
				return err
			}
		}
	}
	return fmt.Errorf("steps: no plain version of screen %q of step %q", m.Screen, m.Step)
}

// sayBody says the screen's text when it changed since it was last said.
func (pl *plainScreen) sayBody() {
	if b := plain(pl.scr.body()); b != pl.saidBody {
		pl.saidBody = b
		pl.p.Say(b)
	}
}

// sayMsg says the message line when it changed; an error is said as one.
func (pl *plainScreen) sayMsg() {
	m := pl.b.msg
	if m.Text == pl.saidMsg {
		return
	}
	pl.saidMsg = m.Text
	if m.Err {
		pl.p.Say(pl.ctx.T("Feil: ", "Error: ") + m.Text)
		return
	}
	pl.p.Say(m.Text)
}

// plain is a screen's text without its styles.
func plain(s string) string { return strings.TrimSpace(ansi.Strip(s)) }
