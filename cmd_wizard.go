package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/altinn-onboard/altinn-onboard/steps"
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
	opts := ui.Options{
		Store:      st,
		Secrets:    a.keyring(),
		Steps:      steps.All(),
		Lang:       a.lang,
		NoColor:    os.Getenv("NO_COLOR") != "",
		OutputBase: outputBase(st.DataDir()),
		Terminal:   askTerminal(a),
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
	if a.accessible {
		return runAccessible(a, st, opts)
	}
	app := ui.New(opts)
	final, err := tea.NewProgram(app, tea.WithAltScreen(), tea.WithInput(a.in), tea.WithOutput(a.out)).Run()
	if final != nil {
		app = final.(*ui.App)
	}
	// One last save, outside the event loop, then let go of the session.
	if sess := app.Session(); sess != nil {
		if cerr := app.Close(); cerr != nil && err == nil {
			err = cerr
		}
		if err == nil {
			fmt.Fprintf(a.out, a.t("Lagret «%s». Fortsett senere med: altinn-onboard resume %q\n",
				"Saved %q. Continue later with: altinn-onboard resume %q\n"), sess.Name, sess.Name)
		}
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
