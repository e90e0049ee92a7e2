package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

type manOptions struct {
	*IO
	Build Build
	Dir   string
	Root  *cobra.Command
}

// newCmdMan writes the man pages (section 1), one per command, for the
// release archives: the release's before hook runs it, so the pages are
// made from the very commands and help texts being shipped and never
// committed. Hidden: users read the pages, not this command.
func newCmdMan(f *Factory, runF func(*manOptions) error) *cobra.Command {
	opts := &manOptions{IO: f.IO, Build: f.Build}
	return &cobra.Command{
		Use:    "man DIR",
		Short:  "Write the man pages into DIR (for packaging)",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			opts.Root = cmd.Root()
			if runF != nil {
				return runF(opts)
			}
			return manRun(opts)
		},
	}
}

func manRun(opts *manOptions) error {
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return err
	}
	header := &doc.GenManHeader{
		Title:   "ALTINN-ONBOARD",
		Section: "1",
		Source:  "altinn-onboard " + opts.Build.version(),
		Manual:  "altinn-onboard manual",
	}
	// The release's own date, so the pages of one release are the same
	// whenever they are made (else cobra takes $SOURCE_DATE_EPOCH, then
	// the clock).
	if d, err := time.Parse(time.RFC3339, opts.Build.Date); err == nil {
		header.Date = &d
	}
	// The pages are in English whatever the language of the run, so a
	// release's pages do not depend on who built it.
	localizeHelp(opts.Root, nil, "en")
	opts.Root.DisableAutoGenTag = true
	if err := doc.GenManTree(opts.Root, header, opts.Dir); err != nil {
		return fmt.Errorf("%s: %w", opts.t("man-sidene", "the man pages"), err)
	}
	return nil
}
