package cli

// `system`: the vendor's system in Altinn's system register. `set` edits
// the session's definition, `register` creates it in the register (or,
// after showing the difference and asking, replaces it), `show` and `diff`
// say what the session and the register hold.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
)

func newCmdSystem(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "system",
		Short: "The system in Altinn's system register: set, register, show, diff",
	}
	cmd.AddCommand(newCmdSystemSet(f, nil), newCmdSystemRegister(f, nil), newCmdSystemShow(f, nil), newCmdSystemDiff(f, nil))
	return cmd
}

// ---------------------------------------------------------------------
// system set

type systemSetOptions struct {
	a3Options
	Rights, AccessPackages, RedirectURLs, ClientIDs []string
	Visible                                         string // "", "true" or "false"
	IDName                                          string
	Name, Description                               session.LangText
	VendorOrg, VendorName                           string
	ContactName, ContactEmail                       string
	changed                                         func(name string) bool
}

func newCmdSystemSet(f *Factory, runF func(*systemSetOptions) error) *cobra.Command {
	opts := &systemSetOptions{a3Options: newA3Options(f)}
	cmd := &cobra.Command{
		Use:   "set --session NAME [--right RESOURCE_ID]... [--access-package URN]... [--redirect-url URL]... [--visible=true|false] [--name-nb TEXT] ...",
		Short: "Set what the system gets and how it is named, in the session",
		Long: `Set the session's definition of the system. Each list flag may be given
several times, and each call replaces the lists it names (and leaves the
others): --right (a resource ID in the resource register), --access-package
(a URN, urn:altinn:accesspackage:…), --redirect-url (https), --client-id.
--name-nb/-nn/-en and --description-nb/-nn/-en are the texts Altinn
shows; --id-name is the part of the system ID after "<orgnr>_" (default:
made from --name-nb). --vendor-org and --vendor-name are the vendor's;
--contact-name and --contact-email its contact person, who the customers'
e-mails (systemuser request --eml) come from.

Nothing is sent: ` + "`system register`" + ` does that. What the register would refuse
is reported with its key path and code, and then nothing is changed.

Exit status: 0 set; 2 a value to fix (nothing changed).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.changed = cmd.Flags().Changed
			if runF != nil {
				return runF(opts)
			}
			return systemSetRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Rights, "right", nil, "a right: a resource ID (repeat for more; replaces the list)")
	fl.StringArrayVar(&opts.AccessPackages, "access-package", nil, "an access package URN (repeat; replaces the list)")
	fl.StringArrayVar(&opts.RedirectURLs, "redirect-url", nil, "an allowed redirect URL, https (repeat; replaces the list)")
	fl.StringArrayVar(&opts.ClientIDs, "client-id", nil, "a Maskinporten client ID of the system (repeat; replaces the list)")
	fl.StringVar(&opts.Visible, "visible", "", "shown in Altinn's portal for user-driven creation: true or false")
	fl.StringVar(&opts.IDName, "id-name", "", "the system ID's name part (after <orgnr>_), without spaces")
	for _, l := range []struct {
		code string
		name *string
		desc *string
	}{{"nb", &opts.Name.NB, &opts.Description.NB}, {"nn", &opts.Name.NN, &opts.Description.NN}, {"en", &opts.Name.EN, &opts.Description.EN}} {
		fl.StringVar(l.name, "name-"+l.code, "", "the system's name in "+l.code)
		fl.StringVar(l.desc, "description-"+l.code, "", "the system's description in "+l.code)
	}
	fl.StringVar(&opts.VendorOrg, "vendor-org", "", "the vendor's organisation number")
	fl.StringVar(&opts.VendorName, "vendor-name", "", "the vendor's name")
	fl.StringVar(&opts.ContactName, "contact-name", "", "the vendor's contact person, who the customers' e-mails come from")
	fl.StringVar(&opts.ContactEmail, "contact-email", "", "the contact person's e-mail address")
	return cmd
}

// standInOrg stands in for a vendor not given yet when the rest of a
// definition is checked (a valid organisation number).
const standInOrg = "991825827"

// systemFlagPaths maps each flag to the answer it sets.
var systemFlagPaths = map[string]string{
	"right": altinn3.PathRights, "access-package": altinn3.PathAccessPackages, "redirect-url": altinn3.PathRedirectURLs,
	"client-id": altinn3.PathClientIDs, "visible": altinn3.PathVisible, "id-name": altinn3.PathIDName,
	"name-nb": altinn3.PathName, "name-nn": altinn3.PathName, "name-en": altinn3.PathName,
	"description-nb": altinn3.PathDescription, "description-nn": altinn3.PathDescription, "description-en": altinn3.PathDescription,
	"vendor-org": altinn3.PathVendorOrg, "vendor-name": "vendor.name",
	"contact-name": "contact.name", "contact-email": "contact.email",
}

func systemSetRun(opts *systemSetOptions) error {
	return opts.do(func(s *a3Session) error {
		d := s.sess.Altinn3.System.Clone()
		answers := s.sess.Answers
		if err := opts.apply(&d, &answers); err != nil {
			return err
		}
		var paths []string
		for flag, path := range systemFlagPaths {
			if opts.changed(flag) {
				paths = append(paths, path)
			}
		}
		// Refuse only what is wrong in what this call set; what is still
		// missing may come in a later call.
		vendor := answers.Vendor
		check := altinn3.CheckSystem(context.Background(), vendor.OrgNumber, d, nil)
		probs := check.Problems
		if _, err := forms.OrgNumber(vendor.OrgNumber); err != nil || vendor.OrgNumber == "" {
			// The register checks nothing else without the vendor; the
			// rest is checked with a stand-in, the ID (which needs the
			// vendor's number) left out.
			probs = altinn3.CheckSystem(context.Background(), standInOrg, d, nil).Problems
			probs = slices.DeleteFunc(probs, func(p *forms.FieldError) bool { return p.Path == altinn3.PathIDName })
		}
		var wrong forms.Problems
		for _, p := range probs.Wrong() {
			if len(forms.Problems{p}.Under(paths...)) > 0 {
				wrong = append(wrong, p)
			}
		}
		_, contact := forms.Check(answers)
		wrong = append(wrong, contact.Wrong().Under("contact.name", "contact.email", "vendor.name")...)
		if len(wrong) > 0 {
			return wrong
		}
		if err := s.save(steps.StepA3System, func(sess *session.Session) {
			sess.Altinn3.System = d
			sess.Answers.Vendor = answers.Vendor
			sess.Answers.Contact = answers.Contact
		}); err != nil {
			return err
		}
		return printSystem(&opts.a3Options, s, check)
	})
}

// apply sets in d and vendor what the flags given say.
func (opts *systemSetOptions) apply(d *session.SystemDefinition, a *session.Answers) error {
	vendor := &a.Vendor
	ch := opts.changed
	list := func(flag string, dst *[]string, vals []string) {
		if ch(flag) {
			*dst = nil
			for _, v := range vals {
				if v = strings.TrimSpace(v); v != "" {
					*dst = append(*dst, v)
				}
			}
		}
	}
	list("right", &d.Rights, opts.Rights)
	list("access-package", &d.AccessPackages, opts.AccessPackages)
	list("redirect-url", &d.RedirectURLs, opts.RedirectURLs)
	list("client-id", &d.ClientIDs, opts.ClientIDs)
	if ch("visible") {
		v, err := strconv.ParseBool(opts.Visible)
		if err != nil {
			return usageError(opts.t("--visible er true eller false, ikke %s", "--visible is true or false, not %s"), quoteRef(opts.Visible, opts.Lang))
		}
		d.Visible = &v
	}
	text := func(flag string, dst *string, v string) {
		if ch(flag) {
			*dst = strings.TrimSpace(v)
		}
	}
	text("name-nb", &d.Name.NB, opts.Name.NB)
	text("name-nn", &d.Name.NN, opts.Name.NN)
	text("name-en", &d.Name.EN, opts.Name.EN)
	text("description-nb", &d.Description.NB, opts.Description.NB)
	text("description-nn", &d.Description.NN, opts.Description.NN)
	text("description-en", &d.Description.EN, opts.Description.EN)
	text("id-name", &d.IDName, opts.IDName)
	if d.IDName == "" && d.Name.NB != "" {
		d.IDName = altinn3.SuggestIDName(d.Name.NB)
	}
	if ch("vendor-org") {
		org, err := forms.OrgNumber(opts.VendorOrg)
		if err != nil {
			return forms.Problems{{Path: altinn3.PathVendorOrg, Err: err}}
		}
		vendor.OrgNumber = org
	}
	text("vendor-name", &vendor.Name, opts.VendorName)
	text("contact-name", &a.Contact.Name, opts.ContactName)
	text("contact-email", &a.Contact.Email, opts.ContactEmail)
	return nil
}

// systemJSON is the session's system: its definition, the ID it makes,
// what the register last held, and what the local check finds.
type systemJSON struct {
	SystemID   string                    `json:"system_id"`
	Definition session.SystemDefinition  `json:"definition"`
	Registered *session.RegisteredSystem `json:"registered"`
	Problems   []jsonProblem             `json:"problems"`
	NotChecked []string                  `json:"not_checked,omitempty"`
}

func printSystem(opts *a3Options, s *a3Session, check altinn3.SystemCheck) error {
	a := s.sess.Altinn3
	doc := systemJSON{SystemID: altinn3.SystemID(s.sess.Answers.Vendor.OrgNumber, a.System.IDName), Definition: a.System,
		Registered: a.Registered, Problems: []jsonProblem{}, NotChecked: check.NotChecked}
	for _, p := range check.Problems {
		doc.Problems = append(doc.Problems, jsonProblem{Path: p.Path, Message: p.Message(opts.formsLang())})
	}
	if opts.JSON {
		return writeJSON(opts.IO, doc)
	}
	w := opts.Out
	d := a.System
	fmt.Fprintf(w, opts.t("System-ID: %s\n", "System ID: %s\n"), termtext.Line(doc.SystemID))
	fmt.Fprintf(w, opts.t("Navn: %s | %s | %s\n", "Name: %s | %s | %s\n"), termtext.Line(d.Name.NB), termtext.Line(d.Name.NN), termtext.Line(d.Name.EN))
	fmt.Fprintf(w, opts.t("Rettigheter: %s\n", "Rights: %s\n"), strings.Join(d.Rights, ", "))
	fmt.Fprintf(w, opts.t("Tilgangspakker: %s\n", "Access packages: %s\n"), strings.Join(d.AccessPackages, ", "))
	fmt.Fprintf(w, opts.t("Klient-ID-er: %s\n", "Client IDs: %s\n"), strings.Join(d.ClientIDs, ", "))
	fmt.Fprintf(w, opts.t("Omdirigeringsadresser: %s\n", "Redirect URLs: %s\n"), termtext.Line(strings.Join(d.RedirectURLs, ", ")))
	fmt.Fprintf(w, opts.t("Synlig: %s\n", "Visible: %s\n"), yesNo(opts.IO, d.Visible == nil || *d.Visible))
	if r := a.Registered; r != nil {
		fmt.Fprintf(w, opts.t("Registrert i %s: %s (%s)\n", "Registered in %s: %s (%s)\n"), strings.ToUpper(r.Environment), r.SystemID, r.RegisteredAt.Format("2006-01-02 15:04"))
	} else {
		fmt.Fprintln(w, opts.t("Ikke registrert ennå.", "Not registered yet."))
	}
	for _, p := range check.Problems {
		fmt.Fprintln(w, "  "+termtext.Line(p.Text(opts.formsLang())))
	}
	return nil
}

// ---------------------------------------------------------------------
// system show

func newCmdSystemShow(f *Factory, runF func(*a3Options) error) *cobra.Command {
	opts := newA3Options(f)
	cmd := &cobra.Command{
		Use:   "show --session NAME",
		Short: "Show the session's system, what the register last held, and what the local check finds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(&opts)
			}
			return opts.do(func(s *a3Session) error {
				return printSystem(&opts, s, opts.Onboarding().CheckSystem(context.Background(), s.snapshot()))
			})
		},
	}
	a3Flags(cmd, &opts)
	return cmd
}

// ---------------------------------------------------------------------
// system register

type systemRegisterOptions struct {
	a3Options
	Yes bool
}

type registerJSON struct {
	SystemID   string           `json:"system_id"`
	Result     string           `json:"result"` // created, updated, unchanged
	Changes    []altinn3.Change `json:"changes"`
	InternalID string           `json:"internal_id,omitempty"`
}

func newCmdSystemRegister(f *Factory, runF func(*systemRegisterOptions) error) *cobra.Command {
	opts := &systemRegisterOptions{a3Options: newA3Options(f)}
	cmd := &cobra.Command{
		Use:   "register --session NAME [--yes]",
		Short: "Create the system in the system register, or update it after showing what changes",
		Long: `Create the system in Altinn's system register. When the register has it
already, show the difference between what it holds and what the session
says, and ask before updating: an update replaces the whole definition.
--yes updates without asking (for scripts); without a terminal to ask on
and without --yes nothing is sent.

Everything the register checks is checked here first, in its order; a
problem is reported with its key path and the register's code.

Exit status: 0 created, updated or already the same; 2 something to fix
first, or an update that needs --yes; 1 the register refused or could not
be reached (its code and what to do are shown).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return systemRegisterRun(opts)
		},
	}
	a3Flags(cmd, &opts.a3Options)
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "update without asking when the register differs")
	return cmd
}

func systemRegisterRun(opts *systemRegisterOptions) error {
	return opts.do(func(s *a3Session) error {
		o := opts.Onboarding()
		ctx := context.Background()
		out, err := o.RegisterSystem(ctx, s.snapshot(), false)
		if err != nil {
			return err
		}
		if out.NeedsConfirmation {
			fmt.Fprintln(opts.Err, opts.t("Systemregisteret har en annen definisjon. Endringer:", "The system register holds another definition. Changes:"))
			fmt.Fprintln(opts.Err, termtext.Text(altinn3.ChangesText(out.Changes, opts.Lang)))
			fmt.Fprintln(opts.Err, altinn3.ReplaceWarning(opts.Lang))
			if !opts.Yes {
				ok, err := confirm(opts.IO, opts.t("Oppdatere systemet i registeret?", "Update the system in the register?"))
				if err != nil {
					return err
				}
				if !ok {
					// What was read back is worth keeping.
					if err := s.save(steps.StepA3System, out.Apply); err != nil {
						return err
					}
					return &exitError{2, errors.New(opts.t("ingenting ble sendt", "nothing was sent"))}
				}
			}
			out, err = o.RegisterSystem(ctx, s.snapshot(), true)
			if err != nil {
				if serr := s.save(steps.StepA3System, out.Apply); serr != nil {
					return errors.Join(err, serr)
				}
				return err
			}
		}
		if err := s.save(steps.StepA3System, out.Apply); err != nil {
			return err
		}
		doc := registerJSON{SystemID: out.Record.SystemID, Result: "unchanged", Changes: out.Changes, InternalID: out.Record.InternalID}
		if doc.Changes == nil {
			doc.Changes = []altinn3.Change{}
		}
		switch {
		case out.Created:
			doc.Result = "created"
		case out.Updated:
			doc.Result = "updated"
		}
		if opts.JSON {
			return writeJSON(opts.IO, doc)
		}
		switch doc.Result {
		case "created":
			fmt.Fprintf(opts.Out, opts.t("Registrerte systemet %s.\n", "Registered the system %s.\n"), doc.SystemID)
		case "updated":
			fmt.Fprintf(opts.Out, opts.t("Oppdaterte systemet %s.\n", "Updated the system %s.\n"), doc.SystemID)
		default:
			fmt.Fprintf(opts.Out, opts.t("Systemet %s er registrert og likt det økten sier.\n", "The system %s is registered and the same as the session says.\n"), doc.SystemID)
		}
		return nil
	})
}

// confirm asks a yes/no question on the terminal. Without one it refuses
// with exit status 2 and says to add --yes.
func confirm(s *IO, question string) (bool, error) {
	if !s.InIsTerminal {
		return false, &exitError{2, errors.New(s.t(
			"registeret har en annen definisjon, og det er ingen terminal å spørre i: legg til --yes for å oppdatere uten å spørre (ingenting ble sendt)",
			"the register holds another definition, and there is no terminal to ask on: add --yes to update without asking (nothing was sent)"))}
	}
	fmt.Fprintf(s.Err, "%s %s ", question, s.t("[j/N]", "[y/N]"))
	line, err := bufio.NewReader(s.In).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(s.Err)
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "j", "ja", "y", "yes":
		return true, nil
	}
	return false, nil
}

// ---------------------------------------------------------------------
// system diff

type diffJSON struct {
	SystemID   string                   `json:"system_id"`
	Deleted    bool                     `json:"deleted"`
	Same       bool                     `json:"same"`
	Changes    []altinn3.Change         `json:"changes"`
	Registered session.SystemDefinition `json:"registered"`
}

func newCmdSystemDiff(f *Factory, runF func(*a3Options) error) *cobra.Command {
	opts := newA3Options(f)
	cmd := &cobra.Command{
		Use:   "diff --session NAME",
		Short: "Read the system back from the register and show how the session differs",
		Long: `Read the system back from the system register and show what an update
would change: each field that differs, with + for what would be added
and − for what would be removed.

Exit status: 0 read (the same or not: see the output); 1 the register
refused or could not be reached.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(&opts)
			}
			return systemDiffRun(&opts)
		},
	}
	a3Flags(cmd, &opts)
	return cmd
}

func systemDiffRun(opts *a3Options) error {
	return opts.do(func(s *a3Session) error {
		out, err := opts.Onboarding().DiffSystem(context.Background(), s.snapshot())
		if err != nil {
			return err
		}
		if err := s.save(steps.StepA3System, out.Apply); err != nil {
			return err
		}
		doc := diffJSON{Deleted: out.Deleted, Same: len(out.Changes) == 0, Changes: out.Changes, Registered: out.Registered}
		if r := s.sess.Altinn3.Registered; r != nil {
			doc.SystemID = r.SystemID
		}
		if doc.Changes == nil {
			doc.Changes = []altinn3.Change{}
		}
		if opts.JSON {
			return writeJSON(opts.IO, doc)
		}
		if out.Deleted {
			fmt.Fprintln(opts.Out, altinn3.ErrSystemDeleted.Text(opts.Lang))
		}
		fmt.Fprintln(opts.Out, termtext.Text(altinn3.ChangesText(out.Changes, opts.Lang)))
		return nil
	})
}
