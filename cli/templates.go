package cli

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

func newTemplatesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "List template fields and check your own .docx templates",
		Long: `The documents are filled from .docx templates with {{snake_case}}
placeholders. Built-in templates are embedded; put your own bestilling.docx
and/or egenerklaering.docx in a folder and pass it with --templates (for
example the official form saved as .docx with placeholders typed in).`,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "fields",
		Short: "List every placeholder a template may use",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(a.out, 0, 0, 2, ' ', 0)
			group := ""
			for _, f := range templates.Fields() {
				if f.Group != group {
					if group != "" {
						fmt.Fprintln(tw)
					}
					group = f.Group
					fmt.Fprintf(tw, "# %s\n", group)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Placeholder(), f.Kind, f.Description)
			}
			return tw.Flush()
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "check FILE",
		Short: "Report the placeholders in a .docx: found, unknown, split across runs",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// A FIFO or device is refused at once, a huge file after
			// MaxTemplateFile bytes; the messages name the file.
			data, err := safefile.Read(args[0], templates.MaxTemplateFile)
			if err != nil {
				return &exitError{1, err}
			}
			r, err := templates.Check(data)
			if err != nil {
				return &exitError{1, templates.WithPath(err, args[0])}
			}
			list := func(title string, items []string) {
				fmt.Fprintf(a.out, "%s (%d)\n", title, len(items))
				for _, it := range items {
					fmt.Fprintln(a.out, "  "+termtext.Line(it))
				}
			}
			list(a.t("Plassholdere funnet", "Placeholders found"), r.Found)
			list(a.t("Ukjente plassholdere", "Unknown placeholders"), r.Unknown)
			list(a.t("Delt over flere tekstbiter (blir slått sammen ved utfylling)", "Split across runs (joined when filling)"), r.Split)
			list(a.t("Feilskrevne plassholdere", "Malformed placeholders"), r.Malformed)
			for _, doc := range templates.Docs() {
				if strings.Contains(strings.ToLower(args[0]), string(doc)) {
					if m := r.Missing(doc); len(m) > 0 {
						list(a.t("Felt den innebygde malen har, men som mangler her (blir ikke med i dokumentet)",
							"Fields the built-in template has that are missing here (left out of the document)"), m)
					}
				}
			}
			if !r.OK() {
				return &exitError{1, errors.New(a.t("malen har problemer (se over)", "the template has problems (see above)"))}
			}
			fmt.Fprintln(a.out, a.t("Malen kan brukes.", "The template can be used."))
			return nil
		},
	})
	return cmd
}
