package steps

// Sending an e-mail the program composed (.eml) from the wizard, through
// the SMTP server of the user's profile (internal/outbox): one sender a
// screen embeds, for the registration e-mail, the test-user order and
// the customers' e-mails alike.

import (
	"context"
	"errors"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/outbox"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

type sendState int

const (
	sendIdle    sendState = iota
	sendReading           // the e-mail and the profile are read
	sendAsking            // what goes to whom is shown; send? (j/n)
	sendTrust             // the server's certificate is shown; trust it? (j/n)
	sendSending           // the server is talked to; Esc or ctrl+c stops
)

// sender sends one .eml at a time for the screen that embeds it: it reads
// the e-mail and the profile (in a tea.Cmd), shows the sender, the
// recipients, the subject and the server and asks once (first saying when
// and to whom the same e-mail was sent before, if it was), sends in a
// tea.Cmd that Esc or ctrl+c stops, and says in the screen's message line
// what the server answered or why nothing was sent. A sending is recorded
// in the session (ui.SessionEdit), even when the user has left the
// screen by then. A self-signed server's certificate is trusted only when
// the user says so, and remembered in the profile.
type sender struct {
	ctx  *ui.Context
	deps Deps
	msg  *ui.Message // the screen's message line
	// also is the screen's own record of a sending (the test users
	// ordered), applied with the sending's record.
	also func(*session.Session)
	// note is said under what goes, before the question: for step 1's
	// registration e-mail, that Altinn II closed (see registrationNote).
	note string

	state   sendState
	id      int64 // this sending, to know its messages from others'
	file    string
	draft   *outbox.Draft
	attach  []string // the draft's attachments, named with their sizes
	set     outbox.Settings
	server  string
	prev    *session.SentMail
	cert    *outbox.UntrustedCert
	confirm *ui.Confirm
	cancel  context.CancelFunc
}

// sendSeq numbers the sendings of the program run.
var sendSeq atomic.Int64

func newSender(ctx *ui.Context, d Deps, msg *ui.Message) sender {
	return sender{ctx: ctx, deps: d, msg: msg}
}

// busy says a sending is under way (read, asked or sent): the screen
// hands it its keys.
func (s *sender) busy() bool { return s.state != sendIdle }

// holdsKeys says the e-mail is being read or sent: the screen keeps the
// keys the app would take (q would end the program under a sending).
func (s *sender) holdsKeys() bool { return s.state == sendReading || s.state == sendSending }

// sendReadMsg is the e-mail and the profile, read for a sending.
type sendReadMsg struct {
	id     int64
	draft  *outbox.Draft
	attach []string
	set    outbox.Settings
	server string
	err    error
	noHost bool // the profile names no SMTP server
}

// sendDoneMsg is what became of a sending. It records a sending that
// succeeded in its session whatever screen shows (ui.SessionEdit).
type sendDoneMsg struct {
	id        int64
	sessionID string
	file      string
	receipt   outbox.Receipt
	err       error
	also      func(*session.Session)
	// recorded is set once the sending is in the session: the app and
	// the screen that sent it both apply the message.
	recorded *bool
}

// EditSession records the sending in its own session, once.
func (m sendDoneMsg) EditSession(s *session.Session) {
	if m.err != nil || s == nil || s.ID != m.sessionID || m.recorded == nil || *m.recorded {
		return
	}
	*m.recorded = true
	outbox.Record(s, m.file, m.receipt)
	if m.also != nil {
		m.also(s)
	}
}

// start begins the sending of file (the path the session records).
func (s *sender) start(file string) tea.Cmd {
	if s.busy() {
		return nil
	}
	s.id = sendSeq.Add(1)
	s.file, s.draft, s.prev, s.cert, s.confirm = file, nil, nil, nil, nil
	s.note = registrationNote(s.ctx, file)
	s.state = sendReading
	return tea.Batch(s.msg.Start(s.ctx.T("Leser e-posten og profilen …", "Reading the e-mail and the profile …")), s.readCmd())
}

// readCmd reads the e-mail and the profile's SMTP settings.
func (s *sender) readCmd() tea.Cmd {
	id, file, d := s.id, s.file, s.deps
	return func() tea.Msg {
		draft, err := outbox.Read(file)
		if err != nil {
			return sendReadMsg{id: id, err: err}
		}
		set, err := d.sendSettings()
		if err != nil {
			return sendReadMsg{id: id, err: err}
		}
		server, err := set.Server()
		if err != nil {
			return sendReadMsg{id: id, err: err, noHost: true, set: set}
		}
		// A company CA file that cannot be used is said before the question.
		if err := set.CheckCAFile(); err != nil {
			return sendReadMsg{id: id, err: err}
		}
		return sendReadMsg{id: id, draft: draft, attach: attachmentsOf(draft.Msg), set: set, server: server}
	}
}

// sendSettings are the profile's SMTP settings and secrets.
func (d Deps) sendSettings() (outbox.Settings, error) {
	set := outbox.Settings{Secrets: d.ProfileSecrets, Timeout: d.SendTimeout, Now: d.Now}
	if d.ProfilePath == nil {
		return set, nil // no profile: Server says how to set one up
	}
	path, err := d.ProfilePath()
	if err != nil {
		return set, err
	}
	return set.WithProfile(path)
}

// update handles msg when it is the sending's (its messages, and every
// key while it is busy); handled says so.
func (s *sender) update(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	switch msg := msg.(type) {
	case sendReadMsg:
		if msg.id != s.id || s.state != sendReading {
			return nil, msg.id == s.id
		}
		return s.read(msg), true
	case sendDoneMsg:
		if msg.id != s.id || s.state != sendSending {
			return nil, false
		}
		return s.done(msg), true
	case tea.KeyMsg:
		if !s.busy() {
			return nil, false
		}
		if s.confirm == nil {
			return nil, true // reading or sending: Esc or ctrl+c stops it
		}
		switch s.confirm.Update(msg) {
		case ui.Yes:
			return s.answer(true), true
		case ui.No:
			return s.answer(false), true
		}
		return nil, true
	}
	return nil, false
}

// read shows what was read and asks, or says why it cannot be sent.
func (s *sender) read(m sendReadMsg) tea.Cmd {
	s.state = sendIdle
	switch {
	case m.noHost:
		s.msg.Set(noHostText(s.ctx.Lang, m.set.ProfilePath), true)
		return nil
	case m.err != nil:
		s.msg.Set(readErrText(m.err, s.ctx.Lang), true)
		return nil
	}
	s.draft, s.attach, s.set, s.server = m.draft, m.attach, m.set, m.server
	s.prev = s.ctx.Session.SentBefore(s.file, m.draft.MessageID)
	q := s.ctx.T("Sende e-posten nå?", "Send the e-mail now?")
	if s.prev != nil {
		q = againQuestion(s.ctx.Lang, s.prev)
	}
	c := ui.NewConfirm(s.ctx.Lang, q)
	s.confirm, s.state = &c, sendAsking
	s.msg.Clear()
	return nil
}

// answer acts on the question's answer: send, trust and send, or not.
func (s *sender) answer(yes bool) tea.Cmd {
	t := s.ctx.T
	state := s.state
	s.confirm = nil
	if !yes {
		s.state = sendIdle
		if state == sendTrust {
			s.msg.Set(t("Ikke sendt: sertifikatet er ikke godtatt, og ingenting er endret.", "Not sent: the certificate was not accepted, and nothing was changed."), false)
		} else {
			s.msg.Set(t("Ikke sendt.", "Not sent."), false)
		}
		return nil
	}
	return s.send(state == sendTrust)
}

// send sends the e-mail read, after trusting the certificate shown when
// trust is set.
func (s *sender) send(trust bool) tea.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.state = cancel, sendSending
	m := sendDoneMsg{id: s.id, sessionID: s.ctx.Session.ID, file: s.file, also: s.also, recorded: new(bool)}
	draft, set, cert := s.draft, s.set, s.cert
	spin := s.msg.Start(sendingText(s.ctx, s.server, draft.To))
	return tea.Batch(spin, func() tea.Msg {
		defer cancel()
		if trust {
			if err := outbox.Trust(set.ProfilePath, cert); err != nil {
				m.err = err
				return m
			}
			var err error
			if set, err = set.WithProfile(set.ProfilePath); err != nil {
				m.err = err
				return m
			}
		}
		m.receipt, m.err = outbox.Send(ctx, draft, set)
		return m
	})
}

// done says what became of the sending; a certificate no one vouches
// for is shown, with the question whether to trust it.
func (s *sender) done(m sendDoneMsg) tea.Cmd {
	s.cancel = nil
	s.state = sendIdle
	if m.err != nil {
		if c, ok := outbox.AsUntrustedCert(m.err); ok {
			s.cert, s.state = c, sendTrust
			q := ui.NewConfirm(s.ctx.Lang, trustQuestion(s.ctx.Lang, c))
			s.confirm = &q
			s.msg.Clear()
			return nil
		}
		s.msg.Set(failedText(s.ctx.Lang, m.err, s.file), true)
		return nil
	}
	m.EditSession(s.ctx.Session) // the app did too; once is recorded
	s.msg.Set(sentText(s.ctx.Lang, m.receipt), false)
	return func() tea.Msg { return ui.ChangedMsg{} }
}

// stop answers the question no, or stops a sending under way (its
// outcome still comes, and is said); handled is false when nothing is
// under way.
func (s *sender) stop() (handled bool, cmd tea.Cmd) {
	switch s.state {
	case sendAsking, sendTrust:
		return true, s.answer(false)
	case sendReading:
		s.state = sendIdle
		s.msg.Set(s.ctx.T("Avbrutt; ingenting ble sendt.", "Cancelled; nothing was sent."), false)
		return true, nil
	case sendSending:
		if s.cancel != nil {
			s.cancel()
			s.msg.Text = s.ctx.T("Avbryter sendingen …", "Stopping the sending …")
		}
		return true, nil
	}
	return false, nil
}

// interrupt is ctrl+c: it stops a sending under way; otherwise the
// program ends as always.
func (s *sender) interrupt() (handled bool, cmd tea.Cmd) {
	if s.state != sendSending {
		return false, nil
	}
	return s.stop()
}

// isDraftNote says err is Read's refusal of the registration draft that
// still holds its note to the sender.
func isDraftNote(err error) bool {
	var e *outbox.Error
	return errors.As(err, &e) && e.Kind == outbox.KindDraftNote
}

// registrationNote is, for one of step 1's files, the Altinn II closure
// to have in mind before the registration e-mail goes to Altinn; "" for
// other e-mails.
func registrationNote(ctx *ui.Context, file string) string {
	if IsRegistrationFile(ctx.Session, file) {
		return ClosureNote(ctx.Lang)
	}
	return ""
}

// IsRegistrationFile says file is one of step 1's (the registration to
// Altinn II, which has closed): said before it is sent, here and by send.
func IsRegistrationFile(s *session.Session, file string) bool {
	for _, f := range s.FilesOf(RegistrationKinds...) {
		if f.Path == file {
			return true
		}
	}
	return false
}
