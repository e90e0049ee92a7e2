package steps

// What the sender shows and says (send.go), in Norwegian and English.

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"github.com/altinn-onboard/altinn-onboard/internal/focus"
	"github.com/altinn-onboard/altinn-onboard/internal/outbox"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// view is the sending while it shows something of its own: what goes to
// whom and the question, the certificate and the question, or the
// sending under way with the message line; "" otherwise (the screen
// shows itself, with the message line).
func (s *sender) view(st *ui.Styles, width int) string {
	if s.state == sendIdle || s.state == sendReading || s.draft == nil {
		return ""
	}
	w := max(20, width)
	v := s.panel(st, w) + "\n"
	if s.confirm != nil {
		v += s.confirm.View(st, w)
	} else if m := s.msg.View(st, w); m != "" {
		v += ui.Focus(m)
	}
	return strings.TrimSuffix(v, "\n")
}

// panel is what goes to whom through which server, and the certificate
// when it is asked about.
func (s *sender) panel(st *ui.Styles, w int) string {
	t := s.ctx.T
	var b strings.Builder
	row := func(label, value string) {
		const col = 10
		lines := strings.Split(ui.Wrap(value, max(10, w-col-3)), "\n")
		b.WriteString("  " + st.Label.Render(ui.Pad(label, col)) + " " + lines[0] + "\n")
		for _, l := range lines[1:] {
			b.WriteString("  " + strings.Repeat(" ", col+1) + l + "\n")
		}
	}
	b.WriteString(st.Heading.Render(t("Send e-posten", "Send the e-mail")) + "\n")
	d := s.draft
	row(t("Fra", "From"), termtext.Line(d.From))
	row(t("Til", "To"), termtext.Line(strings.Join(d.To, ", ")))
	row(t("Emne", "Subject"), termtext.Line(d.Subject))
	if len(s.attach) > 0 {
		row(t("Vedlegg", "Attached"), strings.Join(s.attach, "\n"))
	}
	row(t("Server", "Server"), termtext.Line(s.server))
	row(t("Fil", "File"), termtext.Line(filepath.Base(s.file)))
	if s.note != "" {
		b.WriteString("\n" + st.Warn.Render(ui.Wrap(s.note, max(10, w-2))) + "\n")
	}
	if s.state == sendTrust && s.cert != nil {
		c := s.cert
		b.WriteString("\n" + st.Warn.Render(ui.Wrap(fmt.Sprintf(t(
			"Serveren %s viser et sertifikat som ikke er utstedt av noen programmet stoler på (selvsignert?). E-posten ble ikke sendt.",
			"The server %s shows a certificate issued by no one the program trusts (self-signed?). The e-mail was not sent."), termtext.Line(c.Host)), w)) + "\n")
		if c.Changed {
			b.WriteString(st.Error.Render(ui.Wrap(fmt.Sprintf(t(
				"Dette er ikke sertifikatet du valgte å stole på før (%s): serveren har byttet sertifikat, eller noen utgir seg for å være den.",
				"This is not the certificate you chose to trust before (%s): the server has changed its certificate, or someone poses as it."), c.Previous), w)) + "\n")
		}
		row(t("Navn", "Names"), termtext.Line(c.Names))
		row(t("SHA-256", "SHA-256"), fingerprintLines(c.Fingerprint))
		row(t("Gyldig til", "Valid to"), c.NotAfter.Local().Format(t("02.01.2006", "2006-01-02")))
	}
	return b.String()
}

// keyBindings are the sending's keys while it is busy.
func (s *sender) keyBindings() []key.Binding {
	if s.confirm != nil {
		return s.confirm.KeyBindings()
	}
	return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", s.ctx.T("avbryt sendingen", "stop the sending")))}
}

// sendLabel is the menu line that sends the file.
func sendLabel(lang, file string) string {
	return ui.T(lang, "Send ", "Send ") + filepath.Base(file) + ui.T(lang, " herfra", " from here")
}

// noHostText says that the profile names no mail server, how to set one
// up, and the way on meanwhile.
func noHostText(lang, profilePath string) string {
	where := ""
	if profilePath != "" {
		where = fmt.Sprintf(ui.T(lang, " (profilen er %s)", " (the profile is %s)"), termtext.Line(profilePath))
	}
	return ui.T(lang,
		"Ikke sendt: profilen sier ikke hvilken e-postserver (SMTP) e-posten skal sendes gjennom"+where+". Sett det opp i et skall: "+
			"`altinn-onboard profile set smtp.host smtp.firma.no`, `altinn-onboard profile set smtp.security starttls` (eller tls), "+
			"`altinn-onboard profile set smtp.user BRUKERNAVN` og passordet med `altinn-onboard secrets set smtp-password --profile`. "+
			"Til da kan du åpne e-posten i e-postprogrammet ditt og sende den derfra.",
		"Not sent: the profile does not say which mail server (SMTP) to send through"+where+". Set it up in a shell: "+
			"`altinn-onboard profile set smtp.host smtp.example.com`, `altinn-onboard profile set smtp.security starttls` (or tls), "+
			"`altinn-onboard profile set smtp.user USERNAME` and the password with `altinn-onboard secrets set smtp-password --profile`. "+
			"Meanwhile you can open the e-mail in your mail program and send it from there.")
}

// readErrText says why the e-mail or the profile could not be used.
func readErrText(err error, lang string) string {
	text := localizeErr(err, lang)
	if isDraftNote(err) {
		text += ui.T(lang,
			". Den kan ikke sendes herfra før egenerklæringen er signert og lagt ved.",
			". It cannot be sent from here until the self-declaration is signed and attached.")
	}
	return ui.T(lang, "Ikke sendt: ", "Not sent: ") + text
}

// againQuestion asks before an e-mail goes out a second time.
func againQuestion(lang string, prev *session.SentMail) string {
	return fmt.Sprintf(ui.T(lang, "Denne e-posten ble sendt %s til %s; send den igjen?", "This e-mail was sent on %s to %s; send it again?"),
		prev.SentAt.Local().Format(ui.T(lang, "02.01.2006 15:04", "2006-01-02 15:04")), termtext.Line(strings.Join(prev.To, ", ")))
}

// sentNote says when and to whom file was last sent, or "".
func sentNote(ctx *ui.Context, file string) string {
	m := ctx.Session.SentBefore(file, "")
	if m == nil {
		return ""
	}
	return fmt.Sprintf(ctx.T(" (sendt %s til %s)", " (sent %s to %s)"), m.SentAt.Local().Format(ctx.T("02.01.2006 15:04", "2006-01-02 15:04")),
		termtext.Line(strings.Join(m.To, ", ")))
}

// sendingText is the message line while the server is talked to.
func sendingText(ctx *ui.Context, server string, to []string) string {
	stop := ctx.T("Esc avbryter", "Esc stops")
	if ctx.Accessible {
		stop = ctx.T("Ctrl+C avbryter", "Ctrl+C stops")
	}
	return fmt.Sprintf(ctx.T("Sender til %s via %s … (%s)", "Sending to %s through %s … (%s)"),
		termtext.Line(strings.Join(to, ", ")), termtext.Line(server), stop)
}

// sentText says to whom, through which server, and what the server
// answered; and where the copy of what was sent is.
func sentText(lang string, r outbox.Receipt) string {
	text := fmt.Sprintf(ui.T(lang, "Sendt til %s via %s — serveren svarte: %s.", "Sent to %s through %s — the server answered: %s."),
		termtext.Line(strings.Join(r.To, ", ")), termtext.Line(r.Server), termtext.Line(r.Reply))
	if r.Copy != "" {
		text += fmt.Sprintf(ui.T(lang, " En kopi av det som ble sendt, ligger i %s.", " A copy of what was sent is in %s."), termtext.Line(r.Copy))
	} else if r.CopyErr != nil {
		text += " " + localizeErr(r.CopyErr, lang) + "."
	}
	return text
}

// failedText is why the sending failed and what to do, and that nothing
// is lost.
func failedText(lang string, err error, file string) string {
	return capitalize(outbox.Explain(err, lang)) + "\n" + fmt.Sprintf(ui.T(lang,
		"E-posten ligger urørt i %s: prøv igjen, eller åpne den i e-postprogrammet og send den derfra.",
		"The e-mail is untouched in %s: try again, or open it in your mail program and send it from there."), termtext.Line(file))
}

// focusTo puts below under v and widens v's focus (ui.Focus: the last
// marked part, the menu's selected item) down to take below in.
func focusTo(v, below string) string {
	i := strings.LastIndex(v, focus.Close)
	if i < 0 {
		return v + below
	}
	return v[:i] + v[i+len(focus.Close):] + below + focus.Close
}

// fingerprintLines breaks a fingerprint ("sha256:AB:CD:…", 32 bytes) in
// two at a colon, so it reads (and compares) in halves, never cut in a
// byte.
func fingerprintLines(fp string) string {
	const half = len("sha256:") + 16*3
	if len(fp) <= half {
		return fp
	}
	return fp[:half] + "\n" + fp[half:]
}

// capitalize starts s with a capital letter: a message line's sentence.
func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// trustQuestion asks whether to trust the server's certificate from now on.
func trustQuestion(lang string, c *outbox.UntrustedCert) string {
	return fmt.Sprintf(ui.T(lang,
		"Stole på akkurat dette sertifikatet for %s fra nå av og sende? Svar ja bare hvis den som driver serveren, har bekreftet fingeravtrykket.",
		"Trust exactly this certificate for %s from now on, and send? Answer yes only if whoever runs the server has confirmed the fingerprint."), termtext.Line(c.Host))
}
