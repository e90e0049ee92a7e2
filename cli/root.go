// Package cli is altinn-onboard's command line: the cobra commands, and
// the wizard's start and end.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

// Set by the release build: -ldflags "-X github.com/altinn-onboard/altinn-onboard/cli.version=... -X ...cli.commit=...".
var (
	version = "dev"
	commit  = ""
)

// exitError carries an exit status other than 1 to main.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// app holds what every command needs: streams, language, where data lives.
type app struct {
	in       io.Reader
	out, err io.Writer
	// stdinIsTerminal decides whether a command may ask a question.
	stdinIsTerminal bool

	lang           string // "nb" or "en"
	dataDir        string
	keyringTimeout time.Duration
	accessible     bool
}

// t picks the text in the user's language.
func (a *app) t(nb, en string) string {
	if a.lang == "en" {
		return en
	}
	return nb
}

// openStore opens the data folder and tells the user about any
// permissions it had to tighten.
func (a *app) openStore() (*store.Store, error) {
	dir := a.dataDir
	if dir == "" {
		var err error
		if dir, err = store.DefaultDataDir(); err != nil {
			return nil, err
		}
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	for _, n := range st.Notices {
		fmt.Fprintln(a.err, a.t("Merk: ", "Note: ")+n.Text(a.lang))
	}
	return st, nil
}

// openSession opens the data folder and finds the session ref names (a
// name, an ID or an ID prefix).
func (a *app) openSession(ref string) (*store.Store, *session.Session, error) {
	st, err := a.openStore()
	if err != nil {
		return nil, nil, err
	}
	sess, err := st.Resolve(ref)
	if err != nil {
		return nil, nil, err
	}
	return st, sess, nil
}

func (a *app) keyring() store.Secrets { return store.NewKeyring(a.keyringTimeout) }

// detectLang reads the user's locale: English when it says so, else
// Norwegian bokmål.
func detectLang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			if strings.HasPrefix(strings.ToLower(l), "en") {
				return "en"
			}
			return "nb"
		}
	}
	return "nb"
}

func newRootCmd(a *app) *cobra.Command {
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
			if a.lang != "nb" && a.lang != "en" {
				return &exitError{2, fmt.Errorf("--lang must be nb or en, not %q", a.lang)}
			}
			return checkFlags(cmd)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runWizard(a, "")
		},
	}
	root.SetIn(a.in)
	root.SetOut(a.out)
	root.SetErr(a.err)
	pf := root.PersistentFlags()
	pf.StringVar(&a.dataDir, "data-dir", "", "data folder holding sessions/ (default: $"+store.EnvHome+", else the platform's user data folder)")
	pf.StringVar(&a.lang, "lang", a.lang, "language of messages: nb (Norwegian bokmål) or en")
	pf.DurationVar(&a.keyringTimeout, "keyring-timeout", 10*time.Second, "give up on an OS keyring call after this long")
	root.Flags().BoolVar(&a.accessible, "accessible", os.Getenv("ACCESSIBLE") != "", "plain line prompts for screen readers and simple terminals (also ACCESSIBLE=1)")

	resume := newResumeCmd(a)
	resume.Flags().BoolVar(&a.accessible, "accessible", os.Getenv("ACCESSIBLE") != "", "plain line prompts for screen readers and simple terminals (also ACCESSIBLE=1)")
	root.AddCommand(newVersionCmd(a), newSessionsCmd(a), newFillCmd(a), newTemplatesCmd(a), resume, newSecretsCmd(a), newDoctorCmd(a))
	return root
}

func run(args []string, in io.Reader, out, errw io.Writer, stdinTTY bool) (code int) {
	a := &app{in: in, out: out, err: errw, stdinIsTerminal: stdinTTY, lang: detectLang()}
	// LibreOffice runs in a process group of its own: stop whatever of it
	// is still running when the program ends, however it ends.
	defer templates.StopConversions()
	// A bug must not greet the user with a stack trace: say what happened
	// and that saved work is safe (sessions are written atomically).
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(errw, a.t(
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
			a.lang = v
		} else if arg == "--lang" && i+1 < len(args) {
			a.lang = args[i+1]
		}
	}
	root := newRootCmd(a)
	root.InitDefaultCompletionCmd(args...)
	usageErrors(root, a)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintln(errw, a.t("Feil: ", "Error: ")+errorText(err, a.lang))
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

// localizedError is an error that can say itself in either language
// (safefile.Error, templates.TemplateError, store.Localized).
type localizedError interface {
	error
	Text(lang string) string
}

// errorText is err for the terminal: the part of it that a localized
// error in its chain wrote is said in lang, a reference that matched no
// session (which may be a secret typed in the wrong place) is quoted by
// its first characters only, and control characters (from a path, a
// name, a file) are shown, never sent.
func errorText(err error, lang string) string {
	msg := err.Error()
	var l localizedError
	if errors.As(err, &l) && strings.HasSuffix(msg, l.Error()) {
		msg = msg[:len(msg)-len(l.Error())] + l.Text(lang)
	}
	var nf *store.NotFoundError
	if errors.As(err, &nf) {
		msg = strings.Replace(msg, nf.Error(), notFoundText(nf.Ref, lang), 1)
	}
	return termtext.Text(redactArgs(msg, lang))
}

// shownRefRunes is how much of an unknown reference a message repeats:
// enough to recognise a typo, too little to give away a secret (an API
// key or password given to --session, or as a session name, by mistake).
const shownRefRunes = 3

// quoteRef quotes the start of a reference that matched nothing.
func quoteRef(ref, lang string) string {
	q := termtext.Clip(strings.TrimSpace(ref), shownRefRunes)
	if utf8.RuneCountInString(strings.TrimSpace(ref)) > shownRefRunes {
		if lang == "en" {
			return fmt.Sprintf("\"%s\" (the start of what you gave)", strings.TrimSuffix(q, "…")+"…")
		}
		return fmt.Sprintf("«%s» (starten av det du skrev)", strings.TrimSuffix(q, "…")+"…")
	}
	if lang == "en" {
		return "\"" + q + "\""
	}
	return "«" + q + "»"
}

func notFoundText(ref, lang string) string {
	if strings.TrimSpace(ref) == "" {
		if lang == "en" {
			return "no session given: name one by its name or ID (see `altinn-onboard sessions list`)"
		}
		return "ingen økt oppgitt: oppgi navnet eller ID-en (se `altinn-onboard sessions list`)"
	}
	if lang == "en" {
		return fmt.Sprintf("no session matches %s: give a session's name or ID (see `altinn-onboard sessions list`)", quoteRef(ref, lang))
	}
	return fmt.Sprintf("ingen økt passer til %s: oppgi navnet eller ID-en til en økt (se `altinn-onboard sessions list`)", quoteRef(ref, lang))
}

// cobra repeats a mistyped command or a flag's bad value whole; either
// may be a secret pasted into the wrong place.
var (
	unknownCommandRE = regexp.MustCompile(`^unknown command "((?:[^"\\]|\\.)*)" for "([^"]*)"`)
	badFlagValueRE   = regexp.MustCompile(`^invalid argument "((?:[^"\\]|\\.)*)" for "([^"]*)" flag: .*`)
)

func redactArgs(msg, lang string) string {
	if m := unknownCommandRE.FindStringSubmatch(msg); m != nil {
		arg := unquoteArg(m[1])
		if lang == "en" {
			return fmt.Sprintf("unknown command %s for \"%s\"", quoteRef(arg, lang), m[2]) + msg[len(m[0]):]
		}
		return fmt.Sprintf("ukjent kommando %s for «%s»", quoteRef(arg, lang), m[2]) + msg[len(m[0]):]
	}
	if m := badFlagValueRE.FindStringSubmatch(msg); m != nil {
		arg := unquoteArg(m[1])
		if lang == "en" {
			return fmt.Sprintf("invalid value %s for %s", quoteRef(arg, lang), m[2])
		}
		return fmt.Sprintf("ugyldig verdi %s for %s", quoteRef(arg, lang), m[2])
	}
	return msg
}

func unquoteArg(s string) string {
	if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
		return u
	}
	return s
}

// Main runs the program with the process's arguments and streams and
// exits with its status.
func Main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, isTerminal(os.Stdin)))
}

// isTerminal asks the terminal driver; /dev/null is a character device
// but not a terminal.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
