package cli

// `customers`: the vendor's customers that are to get a system user, per
// session: add one, list them, or import many from a CSV or YAML file.

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

func newCmdCustomers(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "customers",
		Aliases: []string{"customer"},
		Short:   "The customers of an Altinn 3 session: add, list, import",
	}
	cmd.AddCommand(newCmdCustomersAdd(f, nil), newCmdCustomersList(f, nil), newCmdCustomersImport(f, nil))
	return cmd
}

type customersAddOptions struct {
	a3Options
	Customer session.Customer
}

func newCmdCustomersAdd(f *Factory, runF func(*customersAddOptions) error) *cobra.Command {
	opts := &customersAddOptions{a3Options: newA3Options(f)}
	cmd := &cobra.Command{
		Use:   "add ORGNR --session NAME [--name N] [--email E] [--external-ref R] [--agent]",
		Short: "Add a customer (or change the one with the same organisation number)",
		Long: `Add a customer that is to get a system user: its organisation number
(checked with MOD11; "0192:" and spaces are accepted), name, the contact's
e-mail (for the request e-mail), an external reference (when the vendor
has several system users for the same customer), and --agent for an agent
system user (client delegation with access packages, for accounting firms
acting for their clients) instead of a standard one (the system's rights).

Exit status: 0 added; 2 a value to fix (nothing changed).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Customer.OrgNumber = args[0]
			if runF != nil {
				return runF(opts)
			}
			return customersAddRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	cmd.Flags().StringVar(&opts.Customer.Name, "name", "", "the customer's name")
	cmd.Flags().StringVar(&opts.Customer.Email, "email", "", "the customer's contact e-mail")
	cmd.Flags().StringVar(&opts.Customer.ExternalRef, "external-ref", "", "the external reference of the system user")
	cmd.Flags().BoolVar(&opts.Customer.Agent, "agent", false, "an agent (client-delegation) system user")
	return cmd
}

func customersAddRun(opts *customersAddOptions) error {
	return opts.do(func(s *a3Session) error {
		edit, err := opts.Onboarding().AddCustomer(s.snapshot(), opts.Customer)
		if err != nil {
			return err
		}
		if err := s.save(steps.StepA3Customers, edit.Apply); err != nil {
			return err
		}
		c := s.sess.Altinn3.Customer(edit.Customer.OrgNumber)
		if opts.JSON {
			return writeJSON(opts.IO, customerDoc(opts.Lang, *c))
		}
		fmt.Fprintf(opts.Out, opts.t("Kunden %s er lagt til (%s).\n", "Added the customer %s (%s).\n"), nofmt.OrgNumber(c.OrgNumber), kindText(opts.IO, c.Agent))
		return nil
	})
}

func kindText(s *IO, agent bool) string {
	if agent {
		return s.t("agent-systembruker", "agent system user")
	}
	return s.t("standard systembruker", "standard system user")
}

// customerJSON is a customer as the commands print it.
type customerJSON struct {
	OrgNumber    string `json:"org_number"`
	Name         string `json:"name,omitempty"`
	Email        string `json:"email,omitempty"`
	ExternalRef  string `json:"external_ref,omitempty"`
	Agent        bool   `json:"agent"`
	Status       string `json:"status"`
	StatusText   string `json:"status_text"`
	Environment  string `json:"environment,omitempty"`
	RequestID    string `json:"request_id,omitempty"`
	ConfirmURL   string `json:"confirm_url,omitempty"`
	SystemUserID string `json:"system_user_id,omitempty"`
	Error        string `json:"error,omitempty"`
}

func customerDoc(lang string, c session.Customer) customerJSON {
	d := customerJSON{OrgNumber: c.OrgNumber, Name: c.Name, Email: c.Email, ExternalRef: c.ExternalRef, Agent: c.Agent,
		SystemUserID: c.SystemUserID}
	if r := c.Request; r != nil {
		d.Status, d.Environment, d.RequestID, d.ConfirmURL = r.Status, r.Environment, r.ID, r.ConfirmURL
		if r.LastError != nil {
			d.Error = strings.TrimSpace(r.LastError.Code + " " + r.LastError.Title)
		}
	}
	d.StatusText = altinn3.StatusText(d.Status, lang)
	return d
}

func newCmdCustomersList(f *Factory, runF func(*a3Options) error) *cobra.Command {
	opts := newA3Options(f)
	cmd := &cobra.Command{
		Use:   "list --session NAME",
		Short: "List the customers with the status of their system-user requests",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(&opts)
			}
			return opts.do(func(s *a3Session) error { return printCustomers(&opts, s.sess.Altinn3.Customers) })
		},
	}
	a3Flags(cmd, &opts)
	return cmd
}

func customerDocs(lang string, list []session.Customer) []customerJSON {
	docs := make([]customerJSON, len(list))
	for i, c := range list {
		docs[i] = customerDoc(lang, c)
	}
	return docs
}

func printCustomers(opts *a3Options, list []session.Customer) error {
	docs := customerDocs(opts.Lang, list)
	if opts.JSON {
		return writeJSON(opts.IO, map[string]any{"customers": docs})
	}
	if len(docs) == 0 {
		fmt.Fprintln(opts.Out, opts.t("Ingen kunder ennå: legg til med `customers add ORGNR` eller `customers import FIL`.",
			"No customers yet: add them with `customers add ORGNR` or `customers import FILE`."))
		return nil
	}
	tw := tabwriter.NewWriter(opts.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, opts.t("ORGNR\tNAVN\tTYPE\tSTATUS\tSYSTEMBRUKER", "ORGNR\tNAME\tKIND\tSTATUS\tSYSTEM USER"))
	for _, d := range docs {
		kind := "standard"
		if d.Agent {
			kind = "agent"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", nofmt.OrgNumber(d.OrgNumber), termtext.Clip(termtext.Line(d.Name), 40), kind, d.StatusText, d.SystemUserID)
	}
	return tw.Flush()
}

// ---------------------------------------------------------------------
// customers import

type customersImportOptions struct {
	a3Options
	File string
}

func newCmdCustomersImport(f *Factory, runF func(*customersImportOptions) error) *cobra.Command {
	opts := &customersImportOptions{a3Options: newA3Options(f)}
	cmd := &cobra.Command{
		Use:   "import FILE --session NAME",
		Short: "Add many customers from a CSV or YAML file (all or none)",
		Long: `Add customers from a file: CSV (a header row naming the columns
org_number, name, email, external_ref, agent; comma or semicolon) or YAML
(a list of customers with those keys, or a "customers:" key holding one).
A customer already in the session is changed (its request is kept).

Every bad row is reported with its line and column (or key), and then
nothing is stored.

Exit status: 0 imported; 2 the file or a row needs fixing (nothing stored).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return customersImportRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	return cmd
}

func customersImportRun(opts *customersImportOptions) error {
	rows, err := readCustomerFile(opts.File)
	var probs forms.Problems
	if errors.As(err, &probs) {
		err = nil
	}
	if err != nil {
		return opts.fail(err)
	}
	return opts.do(func(s *a3Session) error {
		o := opts.Onboarding()
		// One snapshot for every row: the session changes only when the
		// edits are applied, after the loop (a snapshot per row copied
		// every customer of the session for each row).
		snap := s.snapshot()
		var edits []altinn3.CustomerEdit
		seen := map[string]int{}
		for i, r := range rows {
			c, ps := altinn3.CheckCustomer(r.customer, i)
			for _, p := range ps {
				if key := p.Path[strings.LastIndex(p.Path, ".")+1:]; !r.bad[key] {
					probs = append(probs, &forms.FieldError{Path: r.where(p.Path), Err: p.Err})
				}
			}
			if len(ps) > 0 || len(r.bad) > 0 {
				continue
			}
			if j, dup := seen[c.OrgNumber]; dup {
				probs = append(probs, &forms.FieldError{Path: r.where("org_number"), Err: &forms.ValidationError{
					NB: fmt.Sprintf("%s står også på linje %d", c.OrgNumber, rows[j].line),
					EN: fmt.Sprintf("%s is also on line %d", c.OrgNumber, rows[j].line)}})
				continue
			}
			seen[c.OrgNumber] = i
			edit, err := o.AddCustomer(snap, c)
			if err != nil {
				return err
			}
			edits = append(edits, edit)
		}
		if len(probs) > 0 {
			return probs
		}
		if err := s.save(steps.StepA3Customers, func(sess *session.Session) {
			for _, e := range edits {
				e.Apply(sess)
			}
		}); err != nil {
			return err
		}
		if opts.JSON {
			return printCustomers(&opts.a3Options, s.sess.Altinn3.Customers)
		}
		fmt.Fprintf(opts.Out, opts.t("Importerte %s kunde(r) fra %s.\n", "Imported %s customer(s) from %s.\n"), opts.count(len(edits)), termtext.Line(opts.File))
		return nil
	})
}
