package cli

// `testing order`: the test-user order e-mail of step 5 (the wizard's
// "Bestilling av testbrukere"), written without the wizard, recorded in
// the session as the wizard records it, and sent with --send.

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
)

func newCmdTesting(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "testing",
		Short: "Step 5, testing in TT02: the test-user order",
	}
	cmd.AddCommand(newCmdTestingOrder(f, nil))
	return cmd
}

type testingOrderOptions struct {
	*IO
	OpenStore func() (*store.Store, error)
	Now       func() time.Time

	Session string
	OutDir  string
	// Persons and Organisations, when given (the Set fields), are the
	// numbers of test users to order, saved in the session.
	Persons, Organisations       int
	PersonsSet, OrganisationsSet bool
	send                         composedSend
}

func newCmdTestingOrder(f *Factory, runF func(*testingOrderOptions) error) *cobra.Command {
	opts := &testingOrderOptions{IO: f.IO, OpenStore: f.OpenStore, Now: f.Now, send: newComposedSend(f)}
	cmd := &cobra.Command{
		Use:   "order --session NAME [--persons N] [--organisations N] [--out DIR] [--send [--yes] [--again]]",
		Short: "Write the e-mail that orders test users from Altinn (.eml), and send it with --send",
		Long: `Write the e-mail of step 5 that orders test users for TT02 from
sluttbrukersystem@altinn.no, as the wizard's "Test-user order" does: from
the contact person, with the vendor, the system, the services to test
and the number of test persons and organisations. It is written as
testbrukere-<name>.eml (0600) into --out, or the session's folder for its
files, and recorded in the session. --persons and --organisations set the
numbers to order (saved in the session; the wizard asks for them).

--send sends it through the SMTP server of your profile as ` + "`send`" + ` does
(shows what goes to whom and asks first; --yes sends without asking).
Without --send, open it in your mail program and send it from there.

Exit status: 0 written (and sent); 2 something to fix first (the answers
the e-mail needs, listed with their key paths; no terminal to ask on and
no --yes); 1 sending failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.PersonsSet, opts.OrganisationsSet = cmd.Flags().Changed("persons"), cmd.Flags().Changed("organisations")
			if runF != nil {
				return runF(opts)
			}
			return testingOrderRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Session, "session", "", "the session (name or ID) to take the answers from")
	cmd.Flags().StringVar(&opts.OutDir, "out", "", "folder to write the e-mail into (default: the session's folder for its files)")
	cmd.Flags().IntVar(&opts.Persons, "persons", 0, "the number of test persons to order (saved in the session)")
	cmd.Flags().IntVar(&opts.Organisations, "organisations", 0, "the number of test organisations to order (saved in the session)")
	sendFlags(cmd, &opts.send, "the e-mail")
	cmd.MarkFlagRequired("session")
	cmd.RegisterFlagCompletionFunc("session", sessionNames(f))
	return cmd
}

func testingOrderRun(opts *testingOrderOptions) error {
	if err := opts.send.check(opts.IO); err != nil {
		return err
	}
	st, err := opts.OpenStore()
	if err != nil {
		return err
	}
	f, err := writeTestingOrder(opts, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Out, opts.t("Skrev %s\n", "Wrote %s\n"), termtext.Line(f.Path))
	if !opts.send.Send {
		fmt.Fprintln(opts.Out, opts.t(
			"Åpne den i e-postprogrammet, les den og send den (eller send den med `altinn-onboard send FIL`). Altinn svarer med testbrukerne.",
			"Open it in your mail program, read it and send it (or send it with `altinn-onboard send FILE`). Altinn answers with the test users."))
	}
	return opts.send.send(opts.IO, []string{f.Path})
}

// writeTestingOrder writes the e-mail and records it in the session,
// under the session's lock, released before anything is sent.
func writeTestingOrder(opts *testingOrderOptions, st *store.Store) (session.GeneratedFile, error) {
	sess, lock, err := st.OpenLocked(opts.Session)
	if err != nil {
		var nf *store.NotFoundError
		if errors.As(err, &nf) {
			return session.GeneratedFile{}, &exitError{2, err}
		}
		return session.GeneratedFile{}, err
	}
	defer lock.Release()
	if sess.Track != "" && sess.Track != session.TrackAltinnII {
		return session.GeneratedFile{}, &exitError{2, fmt.Errorf(opts.t(
			"økten «%s» følger ikke Altinn II-sporet; testbrukere bestilles bare der (steg 5)",
			"the session \"%s\" does not follow the Altinn II track; test users are ordered there only (step 5)"), termtext.Line(sess.Name))}
	}
	dir := opts.OutDir
	if dir == "" {
		dir = steps.Deps{DataDir: st.DataDir(), OutputBase: outputBase(st.DataDir())}.OutputDir(sess)
	}
	if opts.PersonsSet {
		sess.Testing.TestPersons = opts.Persons
	}
	if opts.OrganisationsSet {
		sess.Testing.TestOrganisations = opts.Organisations
	}
	a, tst := steps.TestUserOrderInput(sess)
	f, err := steps.WriteTestUserOrder(a, tst, dir, opts.Now())
	var problems forms.Problems
	if errors.As(err, &problems) {
		return f, answerProblems(opts.IO, fmt.Sprintf(opts.t("økten «%s»", "session \"%s\""), termtext.Line(sess.Name)), problems)
	}
	if err != nil {
		return f, err
	}
	sess.ReplaceFiles([]string{steps.KindTestUserEmail}, []session.GeneratedFile{f})
	return f, st.Save(sess)
}
