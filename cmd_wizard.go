package main

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

	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store/atomic"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

func newResumeCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:               "resume [NAME|ID]",
		Short:             "Open the wizard straight into a saved session",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: sessionArgs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref := ""
			if len(args) == 1 {
				ref = args[0]
			}
			return runWizard(a, ref)
		},
	}
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

// runWizard runs the terminal UI; ref, when set, opens that session.
func runWizard(a *app, ref string) error {
	st, err := a.openStore()
	if err != nil {
		return err
	}
	deps := steps.Deps{Secrets: a.keyring(), Now: time.Now, DataDir: st.DataDir(), OutputBase: outputBase(st.DataDir())}
	opts := ui.Options{
		Title:    steps.Title,
		Tagline:  steps.Tagline,
		Store:    st,
		Secrets:  deps.Secrets,
		Tracks:   wizardTracks(deps),
		Lang:     a.lang,
		NoColor:  os.Getenv("NO_COLOR") != "",
		Terminal: askTerminal(a),
		// The picker's import is checked as `sessions import` is.
		ImportCheck: a.importCheck(),
	}
	if ref != "" {
		sess, err := st.Resolve(ref)
		if err != nil {
			return err
		}
		opts.ResumeID = sess.ID
	}
	if f, ok := a.in.(*os.File); ok && !a.accessible && !term.IsTerminal(int(f.Fd())) {
		// Without a terminal bubbletea either waits for ever on a pipe or
		// fails on /dev/null, both after switching the screen. (Tests
		// drive the wizard in-process through a pipe of their own, which
		// is not a file.)
		return &exitError{2, errors.New(a.t(
			"veiviseren trenger en terminal (standard inn er ikke en terminal); bruk --accessible for enkle spørsmål linje for linje, eller kommandoene fill og sessions",
			"the wizard needs a terminal (standard input is not a terminal); use --accessible for plain line-by-line questions, or the fill and sessions commands"))}
	}
	if a.accessible {
		return runAccessible(a, st, opts, deps)
	}
	app := ui.New(opts)
	// Signals are ours, not bubbletea's: it leaves SIGHUP alone, so
	// closing the terminal killed the wizard before its final save, and it
	// ends SIGTERM like a normal quit. SIGHUP, SIGTERM and SIGINT each end
	// the program like a quit; the session is saved, the lock released,
	// and the exit status is 128 + the signal's number. Further signals
	// (a closing terminal may send SIGHUP twice) are ignored until the
	// save is done.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, os.Interrupt)
	defer signal.Stop(sigs)
	p := app.NewProgram(tea.WithAltScreen(), tea.WithInput(a.in), tea.WithOutput(a.out), tea.WithoutSignalHandler())
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
	// One last save, outside the event loop, then let go of the session.
	sess := app.Session()
	var closeErr error
	if sess != nil {
		closeErr = app.Close()
		if err == nil {
			err = closeErr
		}
		if err == nil && app.Crash() == nil {
			fmt.Fprintf(a.out, a.t("Lagret «%s». Fortsett senere med: altinn-onboard resume %q\n",
				"Saved %q. Continue later with: altinn-onboard resume %q\n"), sess.Name, sess.Name)
		}
	}
	if c := app.Crash(); c != nil {
		// The terminal is restored and the session saved: now end like
		// every other bug, through run's recover (a plain message, exit
		// 70), never with a stack trace.
		panic(crashText(a, c, st.DataDir(), sess != nil, closeErr))
	}
	if sig != nil {
		return stoppedError(a, sig)
	}
	if err != nil {
		return err
	}
	if app.Aborted() {
		return &exitError{130, errors.New(a.t("avbrutt", "aborted"))}
	}
	return nil
}

// askTerminal is where the wizard may ask the terminal for its background
// colour (once, bounded; see ui.Options.Terminal): the terminal itself,
// when it is both the input and the output and colours are wanted. Nil
// means the background settled at start-up is used (internal/termbg).
func askTerminal(a *app) io.Writer {
	if runtime.GOOS == "windows" {
		return nil // the console hands answers in as key events; termenv never asked there either
	}
	out, ok := a.out.(*os.File)
	if !ok || !a.stdinIsTerminal || !term.IsTerminal(int(out.Fd())) {
		return nil
	}
	if in, ok := a.in.(*os.File); !ok || !term.IsTerminal(int(in.Fd())) {
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

// tracks are the tracks the program offers, their steps built on d; the
// first is the one new sessions follow.
func tracks(d steps.Deps) ui.Tracks { return ui.Tracks{steps.AltinnII(d)} }

// wizardTracks are the wizard's tracks; tests give one that misbehaves.
var wizardTracks = tracks

// stoppedError ends the wizard stopped by a signal with status 128 + its
// number, as shells expect.
func stoppedError(a *app, sig os.Signal) error {
	code := 128 + 1
	if s, ok := sig.(syscall.Signal); ok {
		code = 128 + int(s)
	}
	var text string
	switch sig {
	case syscall.SIGHUP:
		text = a.t("stoppet av SIGHUP (terminalen ble lukket)", "stopped by SIGHUP (the terminal was closed)")
	case syscall.SIGTERM:
		text = a.t("stoppet av SIGTERM", "stopped by SIGTERM")
	default:
		text = a.t("avbrutt (SIGINT)", "interrupted (SIGINT)")
	}
	return &exitError{code, errors.New(text)}
}

// crashText is what the user is told of a panic in the wizard: what went
// wrong, whether the session was saved, and where a report for the
// developers is (it holds no answers: see ui.Crash.Report).
func crashText(a *app, c *ui.Crash, dataDir string, hadSession bool, saveErr error) string {
	text := c.Error()
	switch {
	case saveErr != nil:
		text += a.t(". Økten kunne ikke lagres: ", ". The session could not be saved: ") + saveErr.Error()
	case hadSession:
		text += a.t(". Økten er lagret slik den var før feilen", ". The session is saved as it was before the error")
	}
	if path, err := writeCrashReport(dataDir, c); err == nil {
		text += a.t(". Feilrapport (uten svarene dine): ", ". Error report (without your answers): ") + path
	}
	return text
}

// writeCrashReport writes the crash's report to a new file in the data
// folder, for the user to attach to a bug report.
func writeCrashReport(dataDir string, c *ui.Crash) (string, error) {
	now := time.Now().UTC()
	path := filepath.Join(dataDir, fmt.Sprintf("crash-%s-%d.txt", now.Format("20060102-150405"), os.Getpid()))
	report := fmt.Sprintf("altinn-onboard %s (commit %s), %s\n%s", version, buildCommit(), now.Format(time.RFC3339), c.Report())
	return path, atomic.WriteFile(path, []byte(report))
}
