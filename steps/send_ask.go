package steps

// The sender as line prompts (accessible mode): the same reading,
// question, sending, record and messages as the terminal UI (send.go).

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// askSend sends file after saying what goes to whom and asking, as the
// sender does; also is the screen's own record of a sending. Stop (ctrl+c)
// stops a sending under way. It returns an error only when the asking
// was stopped.
func askSend(p *ui.Prompter, ctx *ui.Context, d Deps, file string, also func(*session.Session)) error {
	msg := &ui.Message{}
	s := newSender(ctx, d, msg)
	s.also = also
	cmd := s.start(file)
	for {
		s.runPlain(p, cmd)
		if s.confirm == nil {
			p.Say(msg.Text)
			return nil
		}
		p.Say(ansi.Strip(ui.Unfocus(s.panel(ctx.Styles(), max(40, ctx.Width)))))
		q := s.confirm.Question
		yes, err := p.YesNo(q, "", nil)
		if err != nil {
			s.stop()
			return err
		}
		cmd = s.answer(yes)
	}
}

// runPlain runs cmd and what follows from it, handing the sender its
// messages; the spinner's ticks are the terminal's and are dropped. A
// change is saved as the app saves it (Prompter.Answered).
func (s *sender) runPlain(p *ui.Prompter, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	said := ""
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		if s.state == sendSending && s.msg.Text != said {
			said = s.msg.Text
			p.Say(said)
		}
		switch msg := s.callPlain(p, c).(type) {
		case nil, spinner.TickMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case ui.ChangedMsg:
			if p.Answered != nil {
				p.Answered()
			}
		default:
			next, _ := s.update(msg)
			queue = append(queue, next)
		}
	}
}

// callPlain runs one command; a stop (ctrl+c) stops the sending under
// way, whose outcome is still waited for.
func (s *sender) callPlain(p *ui.Prompter, c tea.Cmd) tea.Msg {
	done := make(chan tea.Msg, 1)
	go func() { done <- c() }()
	select {
	case m := <-done:
		return m
	case <-p.Stop:
		s.stop()
		return <-done
	}
}

// sendableFiles are the e-mails among files that can be sent as they are
// (not the registration draft, nor an e-mail made from earlier answers).
func sendableFiles(s *session.Session, files []session.GeneratedFile) []string {
	var out []string
	for _, f := range files {
		if strings.EqualFold(filepath.Ext(f.Path), ".eml") && f.Kind != kindRegistrationDraft && !OutOfDate(s, f) {
			out = append(out, f.Path)
		}
	}
	return out
}

// offerSending asks whether to send each e-mail among files that can be
// sent as it is, and sends those the user says yes to; only when the
// profile names a mail server (without one the e-mails are sent from the
// mail program, as the messages before say).
func (a *asking) offerSending(files []session.GeneratedFile, also func(*session.Session)) error {
	t := a.ctx.T
	if set, err := a.d.sendSettings(); err != nil || set.Profile.SMTP.Host == "" {
		return nil
	}
	for _, path := range sendableFiles(a.ctx.Session, files) {
		ok, err := a.p.YesNo(fmt.Sprintf(t("Sende %s nå, gjennom e-postserveren i profilen?", "Send %s now, through the mail server of your profile?"), filepath.Base(path)),
			t("Nei: send den selv fra e-postprogrammet.", "No: send it yourself from your mail program."), nil)
		if err != nil {
			return err
		}
		if ok {
			if err := askSend(a.p, a.ctx, a.d, path, also); err != nil {
				return err
			}
		}
	}
	return nil
}
