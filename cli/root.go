// Package cli is altinn-onboard's command line: one file per command
// noun, each command made by a newCmdX(f, runF) that only parses flags
// into its options (the dependencies from the Factory, the flags from the
// command line) and an xRun(opts) that does the work, so a test can run
// a command in-process with fakes, or check its flags without running it.
package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

// Main runs the program with the process's arguments and standard
// streams, and returns its exit status.
func Main(b Build) int {
	s := &IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, InIsTerminal: isTerminal(os.Stdin), Lang: detectLang(), Command: processCommand()}
	return run(newFactory(s, b), os.Args[1:])
}

// isTerminal asks the terminal driver; /dev/null is a character device
// but not a terminal.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// run runs the command args name with f's dependencies.
func run(f *Factory, args []string) (code int) {
	s := f.IO
	// LibreOffice runs in a process group of its own: stop whatever of it
	// is still running when the program ends, however it ends.
	defer templates.StopConversions()
	// A bug must not greet the user with a stack trace: say what happened
	// and that saved work is safe (sessions are written atomically).
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.Err, s.t(
				"Intern feil i altinn-onboard: %v\nDet du har lagret er trygt (øktene skrives atomisk). Meld gjerne fra om feilen.\n",
				"Internal error in altinn-onboard: %v\nWhat you have saved is safe (sessions are written atomically). Please report the error.\n"), r)
			code = 70 // EX_SOFTWARE
		}
	}()
	// cobra refuses an unknown command before it parses flags: take
	// --lang from the arguments first, so that message is in it too.
	for i, arg := range args {
		if arg == "--" {
			break
		}
		if v, ok := strings.CutPrefix(arg, "--lang="); ok {
			s.Lang = v
		} else if arg == "--lang" && i+1 < len(args) {
			s.Lang = args[i+1]
		}
	}
	root := newCmdRoot(f)
	root.InitDefaultCompletionCmd(args...)
	usageErrors(root, s)
	root.InitDefaultHelpCmd()
	localizeHelp(root, f, s.Lang)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintln(s.Err, s.t("Feil: ", "Error: ")+errorText(err, s.Lang))
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

// newCmdRoot is the program's command: the wizard, with the other
// commands under it.
func newCmdRoot(f *Factory) *cobra.Command {
	s := f.IO
	wizard := newWizardOptions(f)
	root := &cobra.Command{
		Use:   "altinn-onboard",
		Short: "Connect a datasystem (sluttbrukersystem) to Altinn, step by step",
		Long: `altinn-onboard walks a software vendor, or a consultant acting for one,
through connecting a datasystem (sluttbrukersystem) to Altinn: the order
form and self-declaration, the registration e-mail, API keys, authentication,
services, testing in TT02 and go-live. Answers are saved as you go; secrets
live only in the OS keyring.

Note: Altinn II, where this six-step flow lives, closed on 19 June 2026
(last submissions 31 May 2026). Confirm the current status on
samarbeid.digdir.no.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Name() == cobra.ShellCompRequestCmd || cmd.Name() == cobra.ShellCompNoDescRequestCmd {
				return nil // completing a half-typed line, --lang '' among it
			}
			if s.Lang != "nb" && s.Lang != "en" {
				return &exitError{2, &langError{s.Lang}}
			}
			return checkFlags(cmd)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return wizardRun(wizard)
		},
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	pf := root.PersistentFlags()
	pf.StringVar(&f.dataDir, "data-dir", "", "data folder holding sessions/ (default: $"+store.EnvHome+", else the platform's user data folder)")
	pf.StringVar(&s.Lang, "lang", s.Lang, "language of messages: nb (Norwegian bokmål) or en")
	pf.DurationVar(&f.keyringTimeout, "keyring-timeout", 10*time.Second, "give up on an OS keyring call after this long")
	pf.StringVar(&f.secretsFile, "secrets-file", "", "keep secrets in this passphrase-encrypted file instead of the OS keyring, for machines without one (also $"+EnvSecretsFile+"; the passphrase is asked, or read from $"+EnvSecretsPassphrase+")")
	wizardFlags(root, wizard)

	root.AddCommand(
		newCmdVersion(f, nil),
		newCmdSessions(f),
		newCmdFill(f, nil),
		newCmdTemplates(f),
		newCmdResume(f, nil),
		newCmdSecrets(f),
		newCmdProfile(f),
		newCmdSend(f, nil),
		newCmdDoctor(f, nil),
		newCmdSandbox(f, nil),
		newCmdEnvironment(f),
		newCmdMaskinporten(f),
		newCmdSystem(f),
		newCmdCustomers(f),
		newCmdSystemUser(f),
		newCmdTesting(f),
		newCmdLookup(f, nil),
		newCmdMan(f, nil),
	)
	registerCompletions(root, f)
	return root
}
