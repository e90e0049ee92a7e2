package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// usageErrors makes every mistake in how a command is called exit with
// status 2, as `--lang de` and a bad answers file do: an unknown command
// or flag, a missing required flag, flags that exclude each other, the
// wrong number of arguments. A command group (`sessions`, `secrets`,
// `templates`) called with an unknown subcommand is such a mistake too;
// cobra would print the group's help and exit 0, so a typo in a script
// went unnoticed. Without arguments a group still shows its help.
func usageErrors(c *cobra.Command, s *IO) {
	c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &exitError{2, err} })
	if c.HasSubCommands() && !c.Runnable() {
		c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
	}
	validate := c.Args
	if validate == nil {
		if c.HasSubCommands() {
			validate = func(cmd *cobra.Command, args []string) error { return unknownSubcommand(cmd, args, s) }
		} else {
			validate = cobra.ArbitraryArgs
		}
	}
	c.Args = func(cmd *cobra.Command, args []string) error {
		if err := validate(cmd, args); err != nil {
			return &exitError{2, err}
		}
		return nil
	}
	for _, sub := range c.Commands() {
		usageErrors(sub, s)
	}
}

// unknownSubcommand refuses arguments to a command whose arguments can
// only be its subcommands, suggesting the nearest. The first line is
// cobra's, which run shortens and translates (what was typed may be a
// secret pasted in the wrong place); the rest is in the user's language.
func unknownSubcommand(cmd *cobra.Command, args []string, s *IO) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default
	}
	if near := cmd.SuggestionsFor(args[0]); len(near) > 0 {
		msg += "\n\n" + s.t("Mente du dette?", "Did you mean this?") + "\n\t" + strings.Join(near, "\n\t")
	}
	return fmt.Errorf("%s\n%s", msg, fmt.Sprintf(s.t("Se `%s --help`.", "Run '%s --help' for usage."), cmd.CommandPath()))
}

// checkFlags runs cobra's required-flag and flag-group checks early (from
// the root's PersistentPreRunE), so their errors exit with status 2 too.
func checkFlags(cmd *cobra.Command) error {
	if err := cmd.ValidateRequiredFlags(); err != nil {
		return &exitError{2, err}
	}
	if err := cmd.ValidateFlagGroups(); err != nil {
		return &exitError{2, err}
	}
	return nil
}
