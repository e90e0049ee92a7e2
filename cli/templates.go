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

func newCmdTemplates(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "List template fields and check your own .docx templates",
		Long: `The documents are filled from .docx templates with {{snake_case}}
placeholders. Built-in templates are embedded; put your own bestilling.docx
and/or egenerklaering.docx in a folder and pass it with --templates (for
example the official form saved as .docx with placeholders typed in).`,
	}
	cmd.AddCommand(newCmdTemplatesFields(f, nil), newCmdTemplatesCheck(f, nil))
	return cmd
}

type templatesFieldsOptions struct{ *IO }

func newCmdTemplatesFields(f *Factory, runF func(*templatesFieldsOptions) error) *cobra.Command {
	opts := &templatesFieldsOptions{IO: f.IO}
	return &cobra.Command{
		Use:   "fields",
		Short: "List every placeholder a template may use",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return templatesFieldsRun(opts)
		},
	}
}

func templatesFieldsRun(opts *templatesFieldsOptions) error {
	tw := tabwriter.NewWriter(opts.Out, 0, 0, 2, ' ', 0)
	group := ""
	for _, f := range templates.Fields() {
		desc, g := f.Describe(opts.Lang)
		if g != group {
			if group != "" {
				fmt.Fprintln(tw)
			}
			group = g
			fmt.Fprintf(tw, "# %s\n", group)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Placeholder(), f.Kind, desc)
	}
	return tw.Flush()
}

type templatesCheckOptions struct {
	*IO
	Path string // the .docx to check
}

func newCmdTemplatesCheck(f *Factory, runF func(*templatesCheckOptions) error) *cobra.Command {
	opts := &templatesCheckOptions{IO: f.IO}
	return &cobra.Command{
		Use:   "check FILE",
		Short: "Report the placeholders in a .docx: found, unknown, split across runs",
		Long: `Report the placeholders in a .docx: found, unknown, split across runs,
malformed, and those the built-in template of the same name has.
Exit status: 0 when the template can be used; 1 when it has problems
or cannot be read; 2 when it has no placeholders at all.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			if runF != nil {
				return runF(opts)
			}
			return templatesCheckRun(opts)
		},
	}
}

func templatesCheckRun(opts *templatesCheckOptions) error {
	// A FIFO or device is refused at once, a huge file after
	// MaxTemplateFile bytes; the messages name the file.
	data, err := safefile.Read(opts.Path, templates.MaxTemplateFile)
	if err != nil {
		return &exitError{1, err}
	}
	r, err := templates.Check(data)
	if err != nil {
		return &exitError{1, templates.WithPath(err, opts.Path)}
	}
	if len(r.Found)+len(r.Unknown)+len(r.Split)+len(r.Malformed) == 0 {
		// A document without {{placeholders}} would be copied as it is:
		// nothing of the answers would reach it.
		return &exitError{2, fmt.Errorf(opts.t(
			"%s har ingen plassholdere ({{felt}}): ingenting fra svarene ville komme med i dokumentet; se `altinn-onboard templates --help` for feltene",
			"%s has no placeholders ({{field}}): nothing from the answers would reach the document; see `altinn-onboard templates --help` for the fields"),
			termtext.Line(opts.Path))}
	}
	list := func(title string, items []string) {
		fmt.Fprintf(opts.Out, "%s (%d)\n", title, len(items))
		for _, it := range items {
			fmt.Fprintln(opts.Out, "  "+termtext.Line(it))
		}
	}
	list(opts.t("Plassholdere funnet", "Placeholders found"), r.Found)
	list(opts.t("Ukjente plassholdere", "Unknown placeholders"), r.Unknown)
	list(opts.t("Delt over flere tekstbiter (blir slått sammen ved utfylling)", "Split across runs (joined when filling)"), r.Split)
	list(opts.t("Feilskrevne plassholdere", "Malformed placeholders"), r.MalformedIn(opts.Lang))
	for _, doc := range templates.Docs() {
		if strings.Contains(strings.ToLower(opts.Path), string(doc)) {
			if m := r.Missing(doc); len(m) > 0 {
				list(opts.t("Felt den innebygde malen har, men som mangler her (blir ikke med i dokumentet)",
					"Fields the built-in template has that are missing here (left out of the document)"), m)
			}
		}
	}
	if !r.OK() {
		return &exitError{1, errors.New(opts.t("malen har problemer (se over)", "the template has problems (see above)"))}
	}
	fmt.Fprintln(opts.Out, opts.t("Malen kan brukes.", "The template can be used."))
	return nil
}
