package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// wizardOptions are the dependencies and flags of the wizard, which the
// program's own command and `resume` run.
type wizardOptions struct {
	*IO
	Build     Build
	OpenStore func() (*store.Store, error)
	Keyring   func() store.Secrets
	// ProfilePath is the user's profile file: with none yet, the picker
	// says once where it is and how to fill it.
	ProfilePath func() (string, error)
	// ProfileKeyring holds the profile's secrets (the SMTP password the
	// wizard's sending uses).
	ProfileKeyring func() store.ProfileSecrets
	Tracks         func(steps.Deps) ui.Tracks
	Now            func() time.Time
	// SecretsChosenBy says what chose a secrets file (Factory.secretsChosenBy).
	SecretsChosenBy func(lang string) string

	Getenv func(string) string

	Ref        string // the session to open; "" shows the picker
	Accessible bool   // plain line prompts
	Offline    bool   // no lookups in Enhetsregisteret
}

func newWizardOptions(f *Factory) *wizardOptions {
	return &wizardOptions{IO: f.IO, Build: f.Build, OpenStore: f.OpenStore, Keyring: f.Keyring, Tracks: f.Tracks, Now: f.Now, Getenv: f.Getenv, ProfilePath: f.ProfilePath, ProfileKeyring: f.ProfileKeyring, SecretsChosenBy: f.secretsChosenBy}
}

// wizardFlags adds the wizard's flags to the command that runs it.
func wizardFlags(cmd *cobra.Command, opts *wizardOptions) {
	cmd.Flags().BoolVar(&opts.Accessible, "accessible", os.Getenv("ACCESSIBLE") != "", "plain line prompts for screen readers and simple terminals (also ACCESSIBLE=1)")
	cmd.Flags().BoolVar(&opts.Offline, "offline", false, "do not look organisation numbers up in Enhetsregisteret")
}

func newCmdResume(f *Factory, runF func(*wizardOptions) error) *cobra.Command {
	opts := newWizardOptions(f)
	cmd := &cobra.Command{
		Use:               "resume [NAME|ID]",
		Short:             "Open the wizard straight into a saved session",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: sessionArgs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Ref = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return wizardRun(opts)
		},
	}
	wizardFlags(cmd, opts)
	return cmd
}

// outputBase is the default parent folder of each session's output:
// the user's documents folder when there is one, else the data folder.
func outputBase(dataDir string) string {
	candidates := []string{os.Getenv("XDG_DOCUMENTS_DIR")}
	if home, err := os.UserHomeDir(); err == nil {
		candidates = append(candidates, filepath.Join(home, "Documents"), filepath.Join(home, "Dokumenter"))
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if fi, err := os.Stat(c); err == nil && fi.IsDir() {
			return filepath.Join(c, "altinn-onboard")
		}
	}
	return filepath.Join(dataDir, "output")
}

// wizardRun runs the terminal UI, or the accessible line prompts.
func wizardRun(opts *wizardOptions) error {
	st, err := opts.OpenStore()
	if err != nil {
		return err
	}
	// What the steps need besides the terminal.
	deps := steps.Deps{Secrets: opts.Keyring(), Now: opts.Now, DataDir: st.DataDir(), OutputBase: outputBase(st.DataDir()),
		Lookup: wizardLookup(opts.Getenv, st.DataDir(), opts.Offline), ProfilePath: opts.ProfilePath}
	if opts.ProfileKeyring != nil {
		deps.ProfileSecrets = opts.ProfileKeyring()
	}
	if sf, ok := deps.Secrets.(*store.SecretsFile); ok {
		// The screens cannot ask for the passphrase: ask it now.
		noteSecretsFileFrom(opts.IO, sf, opts.SecretsChosenBy)
		if err := sf.Unlock(); err != nil {
			return err
		}
	}
	tracks := opts.Tracks(deps)
	uiOpts := ui.Options{
		Title:    steps.Title,
		Tagline:  steps.Tagline,
		Store:    st,
		Secrets:  deps.Secrets,
		Tracks:   tracks,
		Lang:     opts.Lang,
		Now:      opts.Now,
		NoColor:  os.Getenv("NO_COLOR") != "",
		Terminal: askTerminal(opts.IO),
		// The picker's import is checked as `sessions import` is.
		ImportCheck: importCheck(opts.IO, tracks),
		// Whether the notices were read; sessions made or opened
		// elsewhere show up in the picker.
		Preferences: st,
		ProfileHint: profileHint(opts.ProfilePath),
		// The profile filled in from the picker (p), offered on the
		// first run.
		ProfileScreen:  steps.ProfileScreen(deps),
		RelistInterval: ui.DefaultRelistInterval,
	}
	if opts.Ref != "" {
		sess, err := st.Resolve(opts.Ref)
		if err != nil {
			return err
		}
		// Open elsewhere: say who has it (process, machine, since when)
		// and stop, before the screen is taken over.
		if le := st.LockedBy(sess); le != nil {
			return le
		}
		uiOpts.ResumeID = sess.ID
	}
	if f, ok := opts.In.(*os.File); ok && !opts.Accessible && !term.IsTerminal(int(f.Fd())) {
		// Without a terminal bubbletea either waits for ever on a pipe or
		// fails on /dev/null, both after switching the screen. (Tests
		// drive the wizard in-process through a pipe of their own, which
		// is not a file.)
		return &exitError{2, errors.New(opts.t(
			"veiviseren trenger en terminal (standard inn er ikke en terminal); bruk --accessible for enkle spørsmål linje for linje, eller kommandoene fill og sessions",
			"the wizard needs a terminal (standard input is not a terminal); use --accessible for plain line-by-line questions, or the fill and sessions commands"))}
	}
	if opts.Accessible {
		return accessibleRun(opts, st, uiOpts, deps)
	}
	app, sig, err := runProgram(opts.IO, ui.New(uiOpts))
	return wizardEnd(opts, st, app, sig, err)
}

// runProgram runs the wizard until the user quits or a signal stops it.
// Signals are ours, not bubbletea's: it leaves SIGHUP alone, so closing
// the terminal killed the wizard before its final save, and it ends
// SIGTERM like a normal quit. SIGHUP, SIGTERM and SIGINT each end the
// program like a quit (the signal is returned; the caller saves, lets go
// of the lock and exits with 128 + the signal's number). Further signals
// (a closing terminal may send SIGHUP twice) are ignored until the save
// is done.
func runProgram(s *IO, app *ui.App) (*ui.App, os.Signal, error) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, os.Interrupt)
	defer signal.Stop(sigs)
	p := app.NewProgram(tea.WithAltScreen(), tea.WithInput(s.In), tea.WithOutput(s.Out), tea.WithoutSignalHandler())
	stoppedBy := make(chan os.Signal, 1)
	running, watched := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case sig := <-sigs:
			stoppedBy <- sig
			p.Quit()
		case <-running:
		}
	}()
	final, err := p.Run()
	close(running)
	<-watched
	if final != nil {
		app = final.(*ui.App)
	}
	var sig os.Signal
	select {
	case sig = <-stoppedBy:
	case sig = <-sigs: // a closed terminal can end Run with a read error first
	default:
	}
	if sig != nil {
		err = nil // that read error says nothing the signal does not
	}
	return app, sig, err
}

// wizardEnd saves the session one last time, outside the event loop,
// lets go of it, and says how the wizard ended.
func wizardEnd(opts *wizardOptions, st *store.Store, app *ui.App, sig os.Signal, err error) error {
	sess := app.Session()
	var closeErr error
	if sess != nil {
		closeErr = app.Close()
		if err == nil {
			err = closeErr
		}
		if err == nil && app.Crash() == nil {
			fmt.Fprintf(opts.Out, opts.t("Lagret «%s». Fortsett senere med: %s resume %q\n",
				"Saved %q. Continue later with: %s resume %q\n"), sess.Name, opts.command(), sess.Name)
		}
	}
	if c := app.Crash(); c != nil {
		// The terminal is restored and the session saved: now end like
		// every other bug, through run's recover (a plain message, exit
		// 70), never with a stack trace.
		panic(crashText(opts, c, st.DataDir(), sess != nil, closeErr))
	}
	if sig != nil {
		return stoppedError(opts.IO, sig)
	}
	if err != nil {
		return err
	}
	if app.Aborted() {
		return &exitError{130, errors.New(opts.t("avbrutt", "aborted"))}
	}
	return nil
}

// askTerminal is where the wizard may ask the terminal for its background
// colour (once, bounded; see ui.Options.Terminal): the terminal itself,
// when it is both the input and the output and colours are wanted. Nil
// means the background settled at start-up is used (internal/termbg).
func askTerminal(s *IO) io.Writer {
	if runtime.GOOS == "windows" {
		return nil // the console hands answers in as key events; termenv never asked there either
	}
	out, ok := s.Out.(*os.File)
	if !ok || !s.InIsTerminal || !term.IsTerminal(int(out.Fd())) {
		return nil
	}
	if in, ok := s.In.(*os.File); !ok || !term.IsTerminal(int(in.Fd())) {
		return nil
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("COLORFGBG") != "" {
		return nil // no colours, or the terminal said without asking
	}
	if t := os.Getenv("TERM"); t == "" || t == "dumb" {
		return nil
	}
	return out
}

// stoppedError ends the wizard stopped by a signal with status 128 + its
// number, as shells expect.
func stoppedError(s *IO, sig os.Signal) error {
	code := 128 + 1
	if s, ok := sig.(syscall.Signal); ok {
		code = 128 + int(s)
	}
	var text string
	switch sig {
	case syscall.SIGHUP:
		text = s.t("stoppet av SIGHUP (terminalen ble lukket)", "stopped by SIGHUP (the terminal was closed)")
	case syscall.SIGTERM:
		text = s.t("stoppet av SIGTERM", "stopped by SIGTERM")
	default:
		text = s.t("avbrutt (SIGINT)", "interrupted (SIGINT)")
	}
	return &exitError{code, errors.New(text)}
}

// crashText is what the user is told of a panic in the wizard: what went
// wrong, whether the session was saved, and where a report for the
// developers is (it holds no answers: see ui.Crash.Report).
func crashText(opts *wizardOptions, c *ui.Crash, dataDir string, hadSession bool, saveErr error) string {
	text := c.Error()
	switch {
	case saveErr != nil:
		text += opts.t(". Økten kunne ikke lagres: ", ". The session could not be saved: ") + saveErr.Error()
	case hadSession:
		text += opts.t(". Økten er lagret slik den var før feilen", ". The session is saved as it was before the error")
	}
	if path, err := writeCrashReport(dataDir, c, opts.Build, opts.Now()); err == nil {
		text += opts.t(". Feilrapport (uten svarene dine): ", ". Error report (without your answers): ") + path
	}
	return text
}

// writeCrashReport writes the crash's report to a new file in the data
// folder, for the user to attach to a bug report.
func writeCrashReport(dataDir string, c *ui.Crash, b Build, now time.Time) (string, error) {
	now = now.UTC()
	path := filepath.Join(dataDir, fmt.Sprintf("crash-%s-%d.txt", now.Format("20060102-150405"), os.Getpid()))
	report := fmt.Sprintf("altinn-onboard %s (commit %s), %s\n%s", b.version(), b.commit(), now.Format(time.RFC3339), c.Report())
	return path, atomicfile.WriteFile(path, []byte(report))
}
