package cli

// `send FILE.eml`: send an e-mail the program composed over the SMTP server
// of the user's profile, after showing what goes to whom. The password
// comes from the OS keyring (profile/smtp-password) and is never shown;
// the server's certificate is always verified (smtp.ca_file trusts a
// private CA).

import (
	"bufio"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"mime"
	"net"
	netmail "net/mail"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// MaxEMLSize bounds an .eml read for sending: the program's e-mails carry
// a few documents; servers rarely take more than 25 MB.
const MaxEMLSize = 40 << 20

type sendOptions struct {
	*IO
	ProfilePath    func() (string, error)
	ProfileKeyring func() store.ProfileSecrets
	OpenStore      func() (*store.Store, error)
	Now            func() time.Time
	File           string
	Yes            bool
	Again          bool
	Timeout        time.Duration
}

func newCmdSend(f *Factory, runF func(*sendOptions) error) *cobra.Command {
	opts := &sendOptions{IO: f.IO, ProfilePath: f.ProfilePath, ProfileKeyring: f.ProfileKeyring, OpenStore: readStore(f, true), Now: f.Now}
	cmd := &cobra.Command{
		Use:   "send FILE.eml [--yes]",
		Short: "Send an e-mail the program made (.eml) through the SMTP server of your profile",
		Long: `Send an e-mail the program made (an .eml file, such as the registration
e-mail) through the SMTP server of your profile (smtp.host, smtp.port,
smtp.security, smtp.user; see ` + "`altinn-onboard profile`" + `), with the password
from the OS keyring (` + "`altinn-onboard secrets set smtp-password --profile`" + `).
It shows the sender, the recipients and the subject and asks first, unless
--yes is given. The server's certificate is always checked; for a server
with a company's own CA set smtp.ca_file. The X-Unsent draft mark is
removed on the way; the file is left as it is.

When the file is one a session made, the session records the sending
(when, from, to whom, the Message-ID). An e-mail that session has sent
before is sent again only after a second question, or, without a
terminal, with --yes --again.

Exit status: 0 sent; 2 nothing was tried (no terminal to ask on and no
--yes, you answered no, the profile lacks the SMTP settings, or the file
is not an e-mail); 1 sending failed (the message says the server's answer,
the cause and what to do).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return sendRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Yes, "yes", false, "send without asking")
	cmd.Flags().BoolVar(&opts.Again, "again", false, "send even if this e-mail has been sent before")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", mail.DefaultTimeout, "give up on the server after this long without an answer")
	return cmd
}

func sendRun(opts *sendOptions) error {
	msg, err := safefile.Read(opts.File, MaxEMLSize)
	if err != nil {
		return &exitError{2, err}
	}
	from, to, err := mail.Envelope(msg)
	if err != nil {
		return &exitError{2, fmt.Errorf(opts.t("%s er ikke en e-post programmet kan sende (%v): oppgi en .eml-fil programmet har laget",
			"%s is not an e-mail the program can send (%v): give an .eml file the program made"), termtext.Line(opts.File), err)}
	}
	// The registration e-mail's draft starts with a note to the sender
	// (sign, check, delete the note): sent as it is, Altinn would get it
	// and the unsigned self-declaration.
	if body, err := mail.TextBody(msg); err == nil && strings.Contains(body, steps.DraftNoteStart) {
		return &exitError{2, fmt.Errorf(opts.t(
			"%s har fortsatt merknaden «SLETT FØR SENDING» øverst; ingenting ble sendt. Åpne e-posten i e-postprogrammet, legg ved den signerte egenerklæringen, slett merknaden og send den derfra",
			"%s still has the note \"SLETT FØR SENDING\" (delete before sending) at the top; nothing was sent. Open the e-mail in your mail program, attach the signed self-declaration, delete the note and send it from there"), termtext.Line(opts.File))}
	}
	p, cfg, err := sendConfig(opts)
	if err != nil {
		return err
	}
	server := net.JoinHostPort(p.SMTP.Host, strconv.Itoa(smtpPort(p.SMTP)))
	fmt.Fprintf(opts.Err, "%s %s\n%s %s\n%s %s\n%s %s (%s)\n",
		opts.t("Fra:       ", "From:      "), termtext.Line(from),
		opts.t("Mottakere: ", "Recipients:"), termtext.Line(strings.Join(to, ", ")),
		opts.t("Emne:      ", "Subject:   "), termtext.Line(subjectOf(msg)),
		opts.t("Server:    ", "Server:    "), server, smtpSecurity(p.SMTP))
	rec, err := sendRecorder(opts)
	if err != nil {
		return err
	}
	defer rec.release()
	if rec == nil {
		fmt.Fprintln(opts.Err, opts.t("(Ingen økt har laget denne filen: sendingen blir ikke registrert.)", "(No session made this file: the sending is not recorded.)"))
	}
	msgID := messageIDOf(msg)
	if prev := rec.sentBefore(msgID); prev != nil && !opts.Again {
		if err := sendAgainConfirm(opts, prev); err != nil {
			return err
		}
	} else if !opts.Yes {
		if err := sendConfirm(opts.IO); err != nil {
			return err
		}
	}
	if p.SMTP.User != "" {
		pw, err := opts.ProfileKeyring().GetProfileSecret(profileSMTPPassword)
		if errors.Is(err, store.ErrSecretNotFound) {
			return &exitError{2, errors.New(opts.t(
				"profilen har smtp.user, men SMTP-passordet er ikke lagret; ingenting ble sendt. Lagre det med `altinn-onboard secrets set smtp-password --profile`",
				"the profile has smtp.user, but the SMTP password is not stored; nothing was sent. Store it with `altinn-onboard secrets set smtp-password --profile`"))}
		}
		if err != nil {
			return newSecretsKeyringError(opts.IO, err)
		}
		cfg.Password = pw
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := mail.Send(ctx, cfg, from, to, msg); err != nil {
		return sendError(opts.IO, p.SMTP, err)
	}
	fmt.Fprintf(opts.Out, opts.t("Sendt til %s via %s.\n", "Sent to %s through %s.\n"), termtext.Line(strings.Join(to, ", ")), server)
	return rec.record(opts, session.SentMail{SentAt: opts.Now().UTC(), From: from, To: to, MessageID: msgID, Server: server})
}

// sendConfig reads the profile's SMTP settings.
func sendConfig(opts *sendOptions) (profile.Profile, mail.SMTPConfig, error) {
	path, err := opts.ProfilePath()
	if err != nil {
		return profile.Profile{}, mail.SMTPConfig{}, err
	}
	p, _, err := profile.Load(path)
	if err != nil {
		return p, mail.SMTPConfig{}, err
	}
	if p.SMTP.Host == "" {
		return p, mail.SMTPConfig{}, &exitError{2, fmt.Errorf(opts.t(
			"profilen (%s) sier ikke hvilken SMTP-server e-posten skal sendes gjennom; ingenting ble sendt. Sett den med `altinn-onboard profile set smtp.host VERT` (og smtp.security, smtp.user)",
			"the profile (%s) does not say which SMTP server to send through; nothing was sent. Set it with `altinn-onboard profile set smtp.host HOST` (and smtp.security, smtp.user)"), termtext.Line(path))}
	}
	cfg := mail.SMTPConfig{Host: p.SMTP.Host, Port: p.SMTP.Port, Username: p.SMTP.User, Security: p.SMTP.Security, Timeout: opts.Timeout}
	if p.SMTP.CAFile != "" {
		pool, err := profile.LoadCAs(p.SMTP.CAFile)
		if err != nil {
			return p, cfg, fmt.Errorf("smtp.ca_file: %w", err)
		}
		cfg.RootCAs = pool
	}
	return p, cfg, nil
}

func smtpSecurity(s profile.SMTP) string {
	if s.Security == "" {
		return mail.SecuritySTARTTLS
	}
	return s.Security
}

func smtpPort(s profile.SMTP) int {
	if s.Port != 0 {
		return s.Port
	}
	switch smtpSecurity(s) {
	case mail.SecurityTLS:
		return 465
	case mail.SecurityNone:
		return 25
	}
	return 587
}

// subjectOf is the message's subject, decoded.
func subjectOf(msg []byte) string {
	m, err := netmail.ReadMessage(strings.NewReader(string(msg)))
	if err != nil {
		return ""
	}
	s := m.Header.Get("Subject")
	if d, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
		return d
	}
	return s
}

// sendConfirm asks once; anything but yes sends nothing (exit 2).
func sendConfirm(s *IO) error {
	if !s.InIsTerminal {
		return &exitError{2, errors.New(s.t(
			"det er ingen terminal å spørre i: legg til --yes for å sende uten å spørre (ingenting ble sendt)",
			"there is no terminal to ask on: add --yes to send without asking (nothing was sent)"))}
	}
	fmt.Fprintf(s.Err, "%s %s ", s.t("Sende e-posten?", "Send the e-mail?"), s.t("[j/N]", "[y/N]"))
	line, _ := bufio.NewReader(s.In).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "j", "ja", "y", "yes":
		return nil
	}
	return &exitError{2, errors.New(s.t("ikke sendt", "not sent"))}
}

// sendError says why sending failed and what to do, in the user's
// language, followed by what the server or the connection said.
func sendError(s *IO, cfg profile.SMTP, err error) error {
	var (
		fix     string
		se      *smtp.SMTPError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
		netErr  net.Error
	)
	switch {
	case errors.Is(err, mail.ErrAuthFailed):
		fix = s.t("serveren avviste brukernavnet eller passordet: sjekk smtp.user (`altinn-onboard profile show`) og lagre passordet på nytt med `altinn-onboard secrets set smtp-password --profile`",
			"the server refused the user name or password: check smtp.user (`altinn-onboard profile show`) and store the password again with `altinn-onboard secrets set smtp-password --profile`")
	case errors.As(err, &unknown):
		fix = fmt.Sprintf(s.t("serverens sertifikat (for %s) er utstedt av en CA programmet ikke stoler på: er det firmaets egen CA, sett `altinn-onboard profile set smtp.ca_file /sti/til/ca.pem`",
			"the server's certificate (for %s) is issued by a CA the program does not trust: if it is your company's own CA, set `altinn-onboard profile set smtp.ca_file /path/to/ca.pem`"), certName(unknown.Cert))
	case errors.As(err, &host):
		fix = fmt.Sprintf(s.t("serverens sertifikat gjelder %s, ikke %s: sett smtp.host til navnet i sertifikatet",
			"the server's certificate is for %s, not %s: set smtp.host to the name in the certificate"), certName(host.Certificate), cfg.Host)
	case errors.As(err, &invalid):
		fix = fmt.Sprintf(s.t("serverens sertifikat (for %s) er ikke gyldig (utløpt eller ikke gyldig ennå?): be den som driver serveren rette det",
			"the server's certificate (for %s) is not valid (expired, or not valid yet?): ask whoever runs the server to fix it"), certName(invalid.Cert))
	case errors.As(err, &se) && se.Code >= 500:
		fix = s.t("serveren avviste e-posten (avsenderen, en mottaker eller innholdet; se svaret under): sjekk adressene i e-posten og at avsenderen er en du kan sende fra",
			"the server refused the e-mail (the sender, a recipient or the content; see its answer below): check the addresses in the e-mail and that you may send from the sender")
	case errors.As(err, &se):
		fix = s.t("serveren kunne ikke ta imot e-posten nå (se svaret under): prøv igjen senere", "the server could not take the e-mail now (see its answer below): try again later")
	case errors.Is(err, context.Canceled):
		fix = s.t("avbrutt", "interrupted")
	case errors.As(err, &netErr) && netErr.Timeout(), errors.Is(err, context.DeadlineExceeded):
		fix = s.t("serveren svarte ikke i tide: sjekk smtp.host og smtp.port, og at nettverket slipper deg ut til den (eller øk --timeout)",
			"the server did not answer in time: check smtp.host and smtp.port, and that the network lets you reach it (or raise --timeout)")
	default:
		fix = s.t("sjekk smtp.host, smtp.port og smtp.security i profilen (`altinn-onboard profile show`)",
			"check smtp.host, smtp.port and smtp.security in the profile (`altinn-onboard profile show`)")
	}
	return fmt.Errorf("%s; %s\n%s %s", s.t("e-posten ble ikke sendt", "the e-mail was not sent"), fix, s.t("Serveren/forbindelsen sa:", "The server/connection said:"), err.Error())
}

func certName(c *x509.Certificate) string {
	if c == nil {
		return "?"
	}
	if len(c.DNSNames) > 0 {
		return strings.Join(c.DNSNames, ", ")
	}
	if len(c.IPAddresses) > 0 {
		ips := make([]string, len(c.IPAddresses))
		for i, ip := range c.IPAddresses {
			ips[i] = ip.String()
		}
		return strings.Join(ips, ", ")
	}
	return c.Subject.CommonName
}
