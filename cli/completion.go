package cli

import (
	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/store"
)

// registerCompletions adds the shell completions that belong to flags
// found on many commands: nb and en for --lang, and session names for
// every --session flag that has no completion of its own yet. Commands
// register their other completions themselves (sessionArgs, --track,
// --format).
func registerCompletions(root *cobra.Command, f *Factory) {
	root.RegisterFlagCompletionFunc("lang", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"nb\tnorsk bokmål", "en\tEnglish"}, cobra.ShellCompDirectiveNoFileComp
	})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.LocalNonPersistentFlags().Lookup("session") != nil {
			if _, ok := c.GetFlagCompletionFunc("session"); !ok {
				c.RegisterFlagCompletionFunc("session", sessionNames(f))
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// sessionArgs completes the first argument of a command that takes a
// session (resume, sessions delete|rename|export) with session names.
func sessionArgs(f *Factory) cobra.CompletionFunc {
	names := sessionNames(f)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return names(cmd, args, toComplete)
	}
}

// sessionNames completes the value of --session with session names. It
// reads the data folder as it is (store.OpenExisting): it creates no
// folder, takes no lock and prints no notice.
func sessionNames(f *Factory) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		st, err := readStore(f, false)()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		list, _, err := st.List()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var names []string
		for _, s := range list {
			names = append(names, s.Name+"\t"+s.Vendor)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}

// readStore opens the data folder for a command that only reads it
// (store.OpenExisting): a data folder that is not there is one without
// sessions, and is not made. notify prints the notices of permissions it
// tightened, as f.OpenStore does.
func readStore(f *Factory, notify bool) func() (*store.Store, error) {
	return func() (*store.Store, error) {
		dir, err := f.DataDir()
		if err != nil {
			return nil, err
		}
		st, err := store.OpenExisting(dir)
		if err != nil {
			return nil, err
		}
		if notify {
			for _, n := range st.Notices {
				f.IO.note(n)
			}
		}
		return st, nil
	}
}
