package cli

// --send on the commands that compose e-mails (fill --signed-declaration,
// systemuser request --eml, testing order): each e-mail made goes through
// `send` (sendRun), which shows what goes to whom and asks once per
// e-mail unless --yes, and records the sending in the session.

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/mail"
)

// composedSend is a composing command's --send and --yes.
type composedSend struct {
	Send  bool
	Yes   bool
	Again bool
	// options are the send command's dependencies, for each e-mail.
	options func() *sendOptions
}

func newComposedSend(f *Factory) composedSend {
	return composedSend{options: func() *sendOptions {
		return &sendOptions{IO: f.IO, ProfilePath: f.ProfilePath, ProfileKeyring: f.ProfileKeyring,
			OpenStore: readStore(f, true), Now: f.Now, Timeout: mail.DefaultTimeout}
	}}
}

// sendFlags adds --send and --yes; what names the e-mails sent.
func sendFlags(cmd *cobra.Command, c *composedSend, what string) {
	cmd.Flags().BoolVar(&c.Send, "send", false, "also send "+what+" through the SMTP server of your profile (as the send command does: shows what goes to whom and asks first)")
	cmd.Flags().BoolVar(&c.Yes, "yes", false, "with --send: send without asking")
	cmd.Flags().BoolVar(&c.Again, "again", false, "with --send: send even if this e-mail has been sent before (as send --again)")
}

// check refuses, before anything is made or sent, --yes without --send,
// and --send with no terminal to ask on and no --yes.
func (c *composedSend) check(s *IO) error {
	if (c.Yes || c.Again) && !c.Send {
		return &exitError{2, errors.New(s.t("--yes og --again hører sammen med --send", "--yes and --again go with --send"))}
	}
	if c.Send && !c.Yes && !s.InIsTerminal {
		return &exitError{2, errors.New(s.t(
			"det er ingen terminal å spørre i: legg til --yes for å sende uten å spørre (ingenting ble laget eller sendt)",
			"there is no terminal to ask on: add --yes to send without asking (nothing was made or sent)"))}
	}
	return nil
}

// send sends each file in turn through `send`, on s (a --json command
// passes one whose Out is its standard error). A file that was not sent
// (refused, answered no, failed) does not stop the others; the status is
// then the first failure's (1 when sending failed, 2 when nothing was
// tried).
func (c *composedSend) send(s *IO, files []string) error {
	if !c.Send {
		return nil
	}
	var first error
	failed := 0
	for _, file := range files {
		o := c.options()
		o.IO, o.File, o.Yes, o.Again = s, file, c.Yes, c.Again
		err := sendRun(o)
		if err == nil {
			continue
		}
		if len(files) == 1 {
			return err
		}
		failed++
		fmt.Fprintf(s.Err, "%s: %s\n", termtext.Line(file), errorText(err, s.Lang))
		if first == nil || exitCodeOf(err) == 1 && exitCodeOf(first) != 1 {
			first = err
		}
	}
	if failed == 0 {
		return nil
	}
	return &exitError{exitCodeOf(first), fmt.Errorf(s.t("%d av %d e-poster ble ikke sendt; se over", "%d of %d e-mails were not sent; see above"), failed, len(files))}
}

// exitCodeOf is the status err gives (1 unless it says otherwise).
func exitCodeOf(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

const requestSendHelp = `

--send sends the e-mails --eml writes, one by one, as ` + "`send`" + ` does (shows
what goes to whom and asks for each; --yes sends without asking).`

// requestSendRun is requestRun, then --send: the e-mails are sent after
// the session is saved and its lock released (send records each sending
// in it under the lock).
func requestSendRun(opts *requestOptions) error {
	if err := opts.send.check(opts.IO); err != nil {
		return opts.fail(err)
	}
	if opts.send.Send && opts.EmlDir == "" {
		return opts.fail(&exitError{2, errors.New(opts.t(
			"--send sender e-postene --eml skriver: gi --eml MAPPE; ingenting ble sendt",
			"--send sends the e-mails --eml writes: give --eml DIR; nothing was sent"))})
	}
	err := requestRun(opts)
	if !opts.send.Send || len(opts.written) == 0 {
		return err
	}
	s := *opts.IO
	if opts.JSON {
		s.Out = s.Err // standard output holds the JSON document only
	}
	if serr := opts.send.send(&s, opts.written); err == nil {
		err = serr
	}
	return err
}
