package cli

// `systemuser`: a system user per customer. `request` sends each
// customer's request (and writes the e-mails that ask the customers to
// approve), `status` reads how they stand (and can wait for the
// decisions), `list` lists the system's system users.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

func newCmdSystemUser(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "systemuser",
		Aliases: []string{"systemusers"},
		Short:   "System users for the customers: request, status, list",
	}
	cmd.AddCommand(newCmdSystemUserRequest(f, nil), newCmdSystemUserStatus(f, nil), newCmdSystemUserList(f, nil))
	return cmd
}

// customerOrg finds the customer --customer names (any way of writing its
// organisation number) in the snapshot.
func customerOrg(opts *a3Options, snap altinn3.Snapshot, ref string) (string, error) {
	org, err := forms.OrgNumber(ref)
	if err != nil {
		return "", usageError("--customer: %s", forms.Localize(err, opts.formsLang()))
	}
	if snap.A3.Customer(org) == nil {
		return "", usageError(opts.t("--customer: kunden %s finnes ikke i økten; legg den til med `customers add %s`",
			"--customer: the customer %s is not in the session; add it with `customers add %s`"), org, org)
	}
	return org, nil
}

// selectCustomers is the customers --customer or --all names.
func selectCustomers(opts *a3Options, snap altinn3.Snapshot, one string, all bool, withRequest bool) ([]string, error) {
	if one != "" && all {
		return nil, usageError("%s", opts.t("gi enten --customer ORGNR eller --all, ikke begge", "give either --customer ORGNR or --all, not both"))
	}
	if one != "" {
		org, err := customerOrg(opts, snap, one)
		if err != nil {
			return nil, err
		}
		return []string{org}, nil
	}
	var orgs []string
	for _, c := range snap.A3.Customers {
		if !withRequest || (c.Request != nil && c.Request.Environment == snap.Env) {
			orgs = append(orgs, c.OrgNumber)
		}
	}
	return orgs, nil
}

// ---------------------------------------------------------------------
// systemuser request

type requestOptions struct {
	a3Options
	Customer string
	All      bool
	Renew    bool
	EmlDir   string
	send     composedSend
	written  []string // the e-mails --eml wrote, for --send
}

func newCmdSystemUserRequest(f *Factory, runF func(*requestOptions) error) *cobra.Command {
	opts := &requestOptions{a3Options: newA3Options(f), send: newComposedSend(f)}
	cmd := &cobra.Command{
		Use:   "request (--customer ORGNR | --all) --session NAME [--eml DIR] [--renew]",
		Short: "Send the customers' system-user requests and print each confirm URL",
		Long: `Send a system-user request for the customer (--customer) or for every
customer (--all): a standard system user with the system's rights, or for
an --agent customer an agent system user with its access packages. A
request already sent is read, not sent again. --renew sends a request
anew where the last one was rejected, denied or has expired.

Each customer's confirm URL is printed: the customer approves there.
--eml DIR also writes, for each customer, the e-mail that asks its contact
to approve (DIR/systembruker-<orgnr>.eml, from the session's contact person); nothing
is sent by e-mail.

The session records each request as its answer comes, and is saved every
tenth of the way (at once when a call fails), so a failure mid-way is
resumed by running the command again: a request whose record a crash lost
is sent again, and the register answers it with the request it has (a
repeated request is not a new one).

Exit status: 0 sent; 2 something to fix first (the system not registered,
a customer unknown, an e-mail address missing); 1 a service refused or
could not be reached.` + requestSendHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return requestSendRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	cmd.Flags().StringVar(&opts.Customer, "customer", "", "the customer (organisation number)")
	cmd.Flags().BoolVar(&opts.All, "all", false, "every customer of the session")
	cmd.Flags().BoolVar(&opts.Renew, "renew", false, "send anew where the last request was rejected, denied or expired")
	cmd.Flags().StringVar(&opts.EmlDir, "eml", "", "write the customers' e-mails as .eml files into DIR")
	sendFlags(cmd, &opts.send, "the customers' e-mails (needs --eml), each asked for")
	return cmd
}

func requestRun(opts *requestOptions) error {
	if opts.Customer == "" && !opts.All {
		return opts.fail(usageError("%s", opts.t("gi --customer ORGNR eller --all", "give --customer ORGNR or --all")))
	}
	return opts.do(func(s *a3Session) error {
		orgs, err := selectCustomers(&opts.a3Options, s.snapshot(), opts.Customer, opts.All, false)
		if err != nil {
			return err
		}
		if opts.EmlDir != "" {
			if err := checkEmails(s.sess, orgs); err != nil {
				return err
			}
		}
		o := opts.Onboarding()
		var failed []error
		// One snapshot: a request reads only its own customer (each is
		// asked once) and the registered system, which no request changes.
		snap := s.snapshot()
		saver := newBatchSaver(s, len(orgs))
		for _, org := range orgs {
			out, err := o.RequestSystemUser(context.Background(), snap, org, opts.Renew)
			if serr := saver.add(out.Apply); serr != nil {
				return errors.Join(err, serr)
			}
			if err != nil && !perCustomer(err) {
				return errors.Join(err, saver.flush())
			}
			if err != nil {
				fmt.Fprintf(opts.Err, "%s: %s\n", org, errorText(err, opts.Lang))
				failed = append(failed, err)
				continue
			}
			if !opts.JSON {
				fmt.Fprintf(opts.Out, "%s\t%s\t%s\n", org, altinn3.StatusText(out.Request.Status, opts.Lang), out.Request.ConfirmURL)
			}
		}
		if err := saver.flush(); err != nil {
			return err
		}
		if opts.EmlDir != "" {
			if err := writeCustomerEmails(opts, s, orgs); err != nil {
				return err
			}
		}
		if len(failed) > 0 {
			err := &exitError{1, fmt.Errorf(opts.t("%d av %d forespørsler feilet; se over", "%d of %d requests failed; see above"), len(failed), len(orgs))}
			return &withDetail{err, map[string]any{"customers": customerDocs(opts.Lang, chosen(s.sess, orgs))}}
		}
		if opts.JSON {
			return printCustomers(&opts.a3Options, chosen(s.sess, orgs))
		}
		return nil
	})
}

// perCustomer failures concern one customer: the others are still sent.
func perCustomer(err error) bool {
	e, ok := altinn3.AsError(err)
	return ok && (e.Kind == altinn3.KindValidation || e.Kind == altinn3.KindConflict || e.Kind == altinn3.KindNotFound || e.Kind == altinn3.KindGone)
}

func chosen(sess *session.Session, orgs []string) []session.Customer {
	out := make([]session.Customer, 0, len(orgs))
	for _, org := range orgs {
		if c := sess.Altinn3.Customer(org); c != nil {
			out = append(out, *c)
		}
	}
	return out
}

func customerIndex(sess *session.Session, org string) int {
	for i, c := range sess.Altinn3.Customers {
		if c.OrgNumber == org {
			return i
		}
	}
	return -1
}

// checkEmails refuses --eml before anything is sent when a customer has
// no e-mail address or the session no contact to send from.
func checkEmails(sess *session.Session, orgs []string) error {
	var probs forms.Problems
	_, all := forms.Check(sess.Answers)
	for _, p := range all.Under("contact.name", "contact.email", "vendor.name") {
		if p.Missing {
			p = forms.NewProblem(p.Path, "mangler; e-postene til kundene sendes fra leverandørens kontaktperson: sett den med `system set --contact-name NAVN --contact-email ADRESSE` (og --vendor-name)",
				"missing; the customers' e-mails come from the vendor's contact person: set it with `system set --contact-name NAME --contact-email ADDRESS` (and --vendor-name)")
		}
		probs = append(probs, p)
	}
	for _, org := range orgs {
		if c := sess.Altinn3.Customer(org); c != nil && strings.TrimSpace(c.Email) == "" {
			probs = append(probs, forms.NewProblem(fmt.Sprintf("%s[%d].email", altinn3.PathCustomers, customerIndex(sess, org)),
				"kunden "+org+" har ingen e-postadresse (customers add "+org+" --email ADRESSE)",
				"the customer "+org+" has no e-mail address (customers add "+org+" --email ADDRESS)"))
		}
	}
	if len(probs) > 0 {
		return probs
	}
	return nil
}

// writeCustomerEmails writes, for each customer whose request waits for
// it, the e-mail to its contact (the wizard's, steps.WriteCustomerEmail)
// into DIR, and records the file in the session.
func writeCustomerEmails(opts *requestOptions, s *a3Session, orgs []string) error {
	for _, org := range orgs {
		c := s.sess.Altinn3.Customer(org)
		if c == nil || c.Request == nil || c.Request.ConfirmURL == "" || altinn3.Decided(c.Request.Status) {
			continue
		}
		f, err := steps.WriteCustomerEmail(s.sess, org, opts.EmlDir, opts.Now())
		if err != nil {
			return err
		}
		if err := s.save(steps.StepA3Customers, func(sess *session.Session) { sess.ReplaceFiles([]string{f.Kind}, []session.GeneratedFile{f}) }); err != nil {
			return err
		}
		fmt.Fprintf(opts.Err, opts.t("Skrev %s\n", "Wrote %s\n"), termtext.Line(f.Path))
		opts.written = append(opts.written, f.Path)
	}
	return nil
}

// ---------------------------------------------------------------------
// systemuser status

type statusOptions struct {
	a3Options
	Customer string
	Wait     time.Duration
	// Sleep waits between polls (altinn3.SleepContext); a test passes
	// its own.
	Sleep altinn3.Sleeper
}

func newCmdSystemUserStatus(f *Factory, runF func(*statusOptions) error) *cobra.Command {
	opts := &statusOptions{a3Options: newA3Options(f)}
	cmd := &cobra.Command{
		Use:   "status --session NAME [--customer ORGNR] [--wait DURATION]",
		Short: "Read the status of the customers' requests; --wait polls until each is decided",
		Long: `Read the status of each customer's system-user request (or the one
--customer names): New (waiting for the customer), Accepted, Rejected,
Denied, Timedout, or gone (expired or deleted). With --wait (for example
--wait 30m) the requests are polled, less and less often (from every 2
seconds to once a minute), until each is decided or the time is up;
progress goes to standard error.

Exit status: 0 read (without --wait; see the statuses), or with --wait
every request asked about has a final status (accepted, rejected, denied,
timed out or gone); 3 --wait ran out while some were still waiting for the
customer (New): standard error names them and how to wait longer, and the
statuses are printed as usual (--json: one document, whose "pending" lists
them); 2 something to fix first; 1 the service refused or could not be
reached.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return statusRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	cmd.Flags().StringVar(&opts.Customer, "customer", "", "only this customer (organisation number)")
	cmd.Flags().DurationVar(&opts.Wait, "wait", 0, "poll until every request is decided, for at most this long (e.g. 10m)")
	return cmd
}

// ExitPending is the exit status of `systemuser status --wait` when the
// wait ran out with requests still waiting for the customer.
const ExitPending = 3

func statusRun(opts *statusOptions) error {
	if opts.Wait < 0 {
		return opts.fail(usageError("%s", opts.t("--wait kan ikke være negativ", "--wait cannot be negative")))
	}
	var pending []string
	var sessionID string
	err := opts.do(func(s *a3Session) error {
		orgs, err := selectCustomers(&opts.a3Options, s.snapshot(), opts.Customer, false, true)
		if err != nil {
			return err
		}
		if opts.Customer != "" {
			if c := s.sess.Altinn3.Customer(orgs[0]); c.Request == nil || c.Request.Environment != s.snapshot().Env {
				return altinn3.ErrNotRequested
			}
		}
		o := opts.Onboarding()
		ctx := context.Background()
		if opts.Wait == 0 {
			snap, saver := s.snapshot(), newBatchSaver(s, len(orgs))
			for _, org := range orgs {
				out, err := o.RefreshStatus(ctx, snap, org)
				if serr := saver.add(out.Apply); serr != nil {
					return errors.Join(err, serr)
				}
				if err != nil {
					return errors.Join(err, saver.flush())
				}
			}
			if err := saver.flush(); err != nil {
				return err
			}
		} else {
			if err := waitStatus(opts, s, orgs); err != nil {
				return err
			}
		}
		list := chosen(s.sess, orgs)
		if opts.Wait > 0 {
			pending, sessionID = undecided(list), s.sess.ID
			if opts.JSON {
				if pending == nil {
					pending = []string{}
				}
				return writeJSON(opts.IO, map[string]any{"customers": customerDocs(opts.Lang, list), "pending": pending})
			}
		}
		return printStatus(&opts.a3Options, list)
	})
	if err != nil || len(pending) == 0 {
		return err
	}
	// Not a failure of the command: the statuses are printed (and with
	// --json only they, one document); standard error says the rest.
	args := []any{len(pending), shortDuration(opts.Wait), strings.Join(pending, ", "), sessionID, shortDuration(2 * opts.Wait)}
	return &exitError{ExitPending, &pendingError{
		nb: fmt.Sprintf("%d forespørsel(er) venter fortsatt på kunden etter --wait %s: %s. Vent lenger med `altinn-onboard systemuser status --session %s --wait %s`, eller send kunden lenken på nytt (`systemuser request --customer ORGNR --eml MAPPE`)", args...),
		en: fmt.Sprintf("%d request(s) still waiting for the customer after --wait %s: %s. Wait longer with `altinn-onboard systemuser status --session %s --wait %s`, or send the customer the link again (`systemuser request --customer ORGNR --eml DIR`)", args...),
	}}
}

// pendingError is a --wait that ran out, in both languages.
type pendingError struct{ nb, en string }

func (e *pendingError) Error() string { return e.en }

// Text is the message in lang ("en", else bokmål).
func (e *pendingError) Text(lang string) string {
	if lang == "en" {
		return e.en
	}
	return e.nb
}

// undecided are the organisation numbers of the customers whose request
// has no final status yet (New, or not read).
func undecided(list []session.Customer) []string {
	var out []string
	for _, c := range list {
		if c.Request != nil && !altinn3.Decided(c.Request.Status) {
			out = append(out, c.OrgNumber)
		}
	}
	return out
}

// shortDuration is d as a --wait value: 20s, 1m30s, 2h (no trailing
// zero units).
func shortDuration(d time.Duration) string {
	s := d.Round(time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// waitStatus polls until every request is decided or the wait is over,
// saving each change as it comes and telling of it on standard error.
func waitStatus(opts *statusOptions, s *a3Session, orgs []string) error {
	o := opts.Onboarding()
	sleep := opts.Sleep
	if sleep == nil {
		sleep = altinn3.SleepContext
	}
	// The changes of a round are saved together, before the wait for the
	// next round (a crash loses at most one round of reads).
	var saveErr error
	keep := func(err error) {
		if err != nil && saveErr == nil {
			saveErr = err
		}
	}
	saver := newBatchSaver(s, 0)
	progress := func(out altinn3.RequestOutcome) {
		keep(saver.add(out.Apply))
		fmt.Fprintf(opts.Err, "%s: %s\n", out.Customer, altinn3.StatusText(out.Request.Status, opts.Lang))
	}
	waiting := func(ctx context.Context, d time.Duration) error {
		keep(saver.flush())
		fmt.Fprintf(opts.Err, opts.t("Venter på kundene … (spør igjen om %s)\n", "Waiting for the customers … (asking again in %s)\n"), d.Round(time.Second))
		return sleep(ctx, d)
	}
	last, err := o.WaitForDecisions(context.Background(), s.snapshot(), orgs, opts.Now().Add(opts.Wait), waiting, progress)
	for _, out := range last {
		if out.Customer != "" && !out.Changed {
			keep(saver.add(out.Apply))
		}
	}
	keep(saver.flush())
	return errors.Join(err, saveErr)
}

// batchSaver records outcomes in the session as they come and saves it
// every so often, not after each: a save writes the whole session, every
// customer in it, so saving after each of n customers wrote n² customers
// (BenchmarkRequestAll100). Saving every tenth of the way keeps a run
// linear; what a crash loses is re-read, or re-sent and answered by the
// register with the request it has (a repeated request is not a new one).
type batchSaver struct {
	s              *a3Session
	every, pending int
}

// newBatchSaver saves every tenth of n outcomes (at least every one for
// n up to 10); n 0 saves only on flush.
func newBatchSaver(s *a3Session, n int) *batchSaver {
	every := max(1, n/10)
	if n == 0 {
		every = 0
	}
	return &batchSaver{s: s, every: every}
}

// add records an outcome, and saves when it is time.
func (b *batchSaver) add(apply func(*session.Session)) error {
	apply(b.s.sess)
	b.pending++
	if b.every > 0 && b.pending >= b.every {
		return b.flush()
	}
	return nil
}

// flush saves what is not saved yet.
func (b *batchSaver) flush() error {
	if b.pending == 0 {
		return nil
	}
	b.pending = 0
	return b.s.st.Save(b.s.sess)
}

func printStatus(opts *a3Options, list []session.Customer) error {
	if opts.JSON {
		return printCustomers(opts, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(opts.Out, opts.t("Ingen forespørsler i dette miljøet ennå: send dem med `systemuser request --all`.",
			"No requests in this environment yet: send them with `systemuser request --all`."))
		return nil
	}
	return printCustomers(opts, list)
}

// ---------------------------------------------------------------------
// systemuser list

func newCmdSystemUserList(f *Factory, runF func(*a3Options) error) *cobra.Command {
	opts := newA3Options(f)
	cmd := &cobra.Command{
		Use:   "list --session NAME",
		Short: "List the system's system users, as the register has them",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(&opts)
			}
			return systemUserListRun(&opts)
		},
	}
	a3Flags(cmd, &opts)
	return cmd
}

func systemUserListRun(opts *a3Options) error {
	return opts.do(func(s *a3Session) error {
		out, err := opts.Onboarding().ListSystemUsers(context.Background(), s.snapshot())
		if err != nil {
			return err
		}
		if err := s.save(steps.StepA3Customers, out.Apply); err != nil {
			return err
		}
		if opts.JSON {
			return writeJSON(opts.IO, map[string]any{"environment": out.List.Environment, "system_users": out.List.Users})
		}
		if len(out.List.Users) == 0 {
			fmt.Fprintln(opts.Out, opts.t("Systemet har ingen systembrukere ennå.", "The system has no system users yet."))
			return nil
		}
		for _, u := range out.List.Users {
			fmt.Fprintf(opts.Out, "%s\t%s\t%s\t%s\n", u.ID, nofmt.OrgNumber(u.OrgNumber), u.Type, termtext.Line(u.ExternalRef))
		}
		return nil
	})
}
