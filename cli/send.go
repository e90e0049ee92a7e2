package cli

// `send FILE.eml`: send an e-mail the program composed over the SMTP server
// of the user's profile, after showing what goes to whom. The password
// comes from the OS keyring (profile/smtp-password) and is never shown;
// the server's certificate is always verified (smtp.ca_file trusts a
// private CA).

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/internal/outbox"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
)

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
--yes is given. The X-Unsent draft mark is removed on the way; the file is
left as it is. Afterwards it shows the server's answer, and a copy of
exactly what was sent is kept in the folder "sendt" next to the file.

The server's certificate is always checked; for a server with a company's
own CA set smtp.ca_file. A self-signed certificate is used only when you
chose it: in a terminal its names, fingerprint and expiry are shown and
you are asked whether to trust it from now on (remembered as
smtp.trusted_cert in the profile); without a terminal the message gives
the ` + "`altinn-onboard profile set smtp.trusted_cert sha256:…`" + ` to run once you have
checked the fingerprint. A certificate that changes later is refused again.

When the file is one a session made, the session records the sending
(when, from, to whom, the Message-ID, the server's answer and where the
copy is). An e-mail that session has sent before is sent again only after
a second question, or, without a terminal, with --yes --again.

Exit status: 0 sent; 2 nothing was tried (no terminal to ask on and no
--yes, you answered no, the profile lacks the SMTP settings, or the file
is not an e-mail); 1 sending failed (the message says the server's answer,
the cause and what to do; the file is unchanged).`,
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
	d, err := outbox.Read(opts.File)
	if err != nil {
		return &exitError{2, errors.New(outbox.Explain(err, opts.Lang))}
	}
	set, err := sendSettings(opts)
	if err != nil {
		return err
	}
	server, err := set.Server()
	if err == nil {
		err = set.CheckCAFile() // said before the question, not after
	}
	if err != nil {
		return &exitError{2, errors.New(outbox.Explain(err, opts.Lang))}
	}
	fmt.Fprintf(opts.Err, "%s %s\n%s %s\n%s %s\n%s %s\n",
		opts.t("Fra:       ", "From:      "), termtext.Line(d.From),
		opts.t("Mottakere: ", "Recipients:"), termtext.Line(strings.Join(d.To, ", ")),
		opts.t("Emne:      ", "Subject:   "), termtext.Line(d.Subject),
		opts.t("Server:    ", "Server:    "), termtext.Line(server))
	rec, err := sendRecorder(opts)
	if err != nil {
		return err
	}
	defer rec.release()
	if rec == nil {
		fmt.Fprintln(opts.Err, opts.t("(Ingen økt har laget denne filen: sendingen blir ikke registrert.)", "(No session made this file: the sending is not recorded.)"))
	} else if rec.registration() {
		fmt.Fprintln(opts.Err, steps.ClosureNote(opts.Lang))
	}
	if prev := rec.sentBefore(d.MessageID); prev != nil && !opts.Again {
		if err := sendAgainConfirm(opts, prev); err != nil {
			return err
		}
	} else if !opts.Yes {
		if err := sendConfirm(opts.IO); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r, err := sendTrusting(ctx, opts, d, &set)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Out, opts.t("Sendt til %s via %s.\n", "Sent to %s through %s.\n"), termtext.Line(strings.Join(r.To, ", ")), r.Server)
	if r.Reply != "" {
		fmt.Fprintf(opts.Out, opts.t("Serveren svarte: %s\n", "The server answered: %s\n"), termtext.Line(r.Reply))
	}
	if r.Copy != "" {
		fmt.Fprintf(opts.Out, opts.t("Kopi av det som ble sendt: %s\n", "Copy of what was sent: %s\n"), termtext.Line(r.Copy))
	} else if r.CopyErr != nil {
		fmt.Fprintln(opts.Err, outbox.Explain(r.CopyErr, opts.Lang))
	}
	return rec.record(opts, r)
}

// sendSettings reads the profile and its SMTP settings.
func sendSettings(opts *sendOptions) (outbox.Settings, error) {
	path, err := opts.ProfilePath()
	if err != nil {
		return outbox.Settings{}, err
	}
	var secrets store.ProfileSecrets
	if opts.ProfileKeyring != nil {
		secrets = opts.ProfileKeyring()
	}
	return outbox.Settings{Secrets: secrets, Timeout: opts.Timeout, Now: opts.Now}.WithProfile(path)
}

// sendFailure is a failed sending as the exit status and message:
// 2 when the server was not tried because of the settings, else 1.
func sendFailure(opts *sendOptions, err error) error {
	var oe *outbox.Error
	if errors.As(err, &oe) && (oe.Kind == outbox.KindNoServer || oe.Kind == outbox.KindNoPassword) {
		return &exitError{2, errors.New(outbox.Explain(err, opts.Lang))}
	}
	return errors.New(outbox.Explain(err, opts.Lang))
}

// sendConfirm asks once; anything but yes sends nothing (exit 2).
func sendConfirm(s *IO) error {
	if !s.InIsTerminal {
		return &exitError{2, errors.New(s.t(
			"det er ingen terminal å spørre i: legg til --yes for å sende uten å spørre (ingenting ble sendt)",
			"there is no terminal to ask on: add --yes to send without asking (nothing was sent)"))}
	}
	fmt.Fprintf(s.Err, "%s %s ", s.t("Sende e-posten?", "Send the e-mail?"), s.t("[j/N]", "[y/N]"))
	if yes(s.In) {
		return nil
	}
	return &exitError{2, errors.New(s.t("ikke sendt", "not sent"))}
}

// yes reads one answer line from r, byte by byte so that the next
// question gets the next line, and reports whether it says yes.
func yes(r io.Reader) bool {
	var line []byte
	var b [1]byte
	for len(line) < 256 {
		n, err := r.Read(b[:])
		if n == 1 {
			if b[0] == '\n' {
				break
			}
			line = append(line, b[0])
		}
		if err != nil {
			break
		}
	}
	switch strings.ToLower(strings.TrimSpace(string(line))) {
	case "j", "ja", "y", "yes":
		return true
	}
	return false
}
