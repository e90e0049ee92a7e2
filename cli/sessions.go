package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

func newCmdSessions(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "sessions",
		Aliases: []string{"session"},
		Short:   "List, export, import, rename and delete saved sessions",
	}
	cmd.AddCommand(
		newCmdSessionsNew(f, nil),
		newCmdSessionsList(f, nil),
		newCmdSessionsExport(f, nil),
		newCmdSessionsImport(f, nil),
		newCmdSessionsRename(f, nil),
		newCmdSessionsDelete(f, nil),
	)
	return cmd
}

// ---------------------------------------------------------------------
// sessions list

type listOutput struct {
	Sessions   []listedSession  `json:"sessions"`
	Unreadable []unreadableFile `json:"unreadable"`
	// KeyringError is why the keyring could not be asked ("" when it
	// answered, or was not needed): sessions it left unverified are
	// not complete.
	KeyringError string `json:"keyring_error,omitempty"`
}

// listedSession is one session of `sessions list --json`. current_step,
// steps and complete come from the session's track (ui.Track.Status, as
// the wizard decides them: complete means every step done, no problems,
// and its secrets in this keyring and its files on this machine); they
// are 0, 0 and false for a track this version does not know.
type listedSession struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Vendor    string `json:"vendor"`
	OrgNumber string `json:"org_number"`
	System    string `json:"system"`
	Track     string `json:"track"`
	Step      int    `json:"current_step"` // 1-based: the first step not done or with problems; Steps+1 when complete
	Steps     int    `json:"steps"`
	Complete  bool   `json:"complete"`
	// Unverified: every step done and no problem found, but the keyring
	// could not be asked about its secrets.
	Unverified bool      `json:"unverified,omitempty"`
	UpdatedAt  time.Time `json:"updated_at"`
	Path       string    `json:"path"`
}

// lister decides each session's status as the wizard does. The keyring is
// asked only about sessions whose every step is done; once it fails (no
// keyring, a timeout) it is not asked again (ui.FailFast), so the list
// never waits more than one timeout.
type lister struct {
	tracks  ui.Tracks
	load    func(id string) (*session.Session, error)
	secrets store.Secrets
	lang    string
	keyErr  error
}

// listed is s with its status along its track.
func (ls *lister) listed(s store.Summary) listedSession {
	l := listedSession{ID: s.ID, Name: s.Name, Vendor: s.Vendor, OrgNumber: s.OrgNumber, System: s.System,
		Track: s.Track, UpdatedAt: s.UpdatedAt, Path: s.Path}
	t := ls.tracks.Find(s.Track)
	if t == nil {
		return l
	}
	st := t.StatusOf(s, ls.load, ls.secrets, ls.lang)
	if st.Err != nil && ls.keyErr == nil {
		ls.keyErr = st.Err
	}
	l.Step, l.Steps, l.Complete, l.Unverified = st.Step, st.Steps, st.Complete, st.Unconfirmed()
	return l
}

type unreadableFile struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

type sessionsListOptions struct {
	*IO
	OpenStore func() (*store.Store, error)
	Keyring   func() store.Secrets
	Tracks    ui.Tracks
	JSON      bool
}

func newCmdSessionsList(f *Factory, runF func(*sessionsListOptions) error) *cobra.Command {
	opts := &sessionsListOptions{IO: f.IO, OpenStore: readStore(f, true), Keyring: f.Keyring, Tracks: f.Tracks(steps.Deps{})}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List saved sessions, newest first",
		Long: `List saved sessions, newest first. A session is complete when every step
is done, no step has problems, its secrets are in this keyring and its
files (a certificate) are on this machine: the keyring is asked about
each session whose every step is done (giving up after
--keyring-timeout). When it cannot be asked, such sessions are listed as
unverified and a note says why.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return sessionsListRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON (sessions and unreadable files)")
	return cmd
}

func sessionsListRun(opts *sessionsListOptions) error {
	st, err := opts.OpenStore()
	if err != nil {
		return err
	}
	list, bad, err := st.List()
	if err != nil {
		return err
	}
	ls := &lister{tracks: opts.Tracks, load: st.Load, lang: opts.Lang}
	if opts.Keyring != nil {
		ls.secrets = ui.FailFast(opts.Keyring())
	}
	if opts.JSON {
		out := listOutput{Sessions: []listedSession{}, Unreadable: []unreadableFile{}}
		for _, s := range list {
			out.Sessions = append(out.Sessions, ls.listed(s))
		}
		for _, b := range bad {
			out.Unreadable = append(out.Unreadable, unreadableFile{Path: b.Path, Error: b.Err.Error()})
		}
		if ls.keyErr != nil {
			out.KeyringError = ui.ErrorText(ls.keyErr, opts.Lang)
		}
		return writeJSON(opts.IO, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(opts.Out, opts.t("Ingen lagrede økter ennå. Start veiviseren med `altinn-onboard`.",
			"No saved sessions yet. Start the wizard with `altinn-onboard`."))
	} else {
		tw := tabwriter.NewWriter(opts.Out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, opts.t("NAVN\tLEVERANDØR\tORG.NR.\tSTEG\tENDRET\tID", "NAME\tVENDOR\tORG NO.\tSTEP\tCHANGED\tID"))
		for _, s := range list {
			l := ls.listed(s)
			step := fmt.Sprintf("%d/%d", l.Step, l.Steps)
			switch {
			case l.Complete:
				step = opts.t("fullført", "complete")
			case l.Unverified:
				step = opts.t("ubekreftet", "unverified")
			case l.Steps == 0:
				step = "–" // a track this version does not know
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", termtext.Line(s.Name), dash(s.Vendor), dash(nofmt.OrgNumber(s.OrgNumber)), step,
				s.UpdatedAt.Local().Format("2006-01-02 15:04"), s.ID)
		}
		tw.Flush()
	}
	if ls.keyErr != nil {
		fmt.Fprintf(opts.Err, opts.t("Merk: nøkkelringen kunne ikke spørres, så økter merket «ubekreftet» kan mangle hemmeligheter på denne maskinen: %s\n",
			"Note: the keyring could not be asked, so sessions marked \"unverified\" may lack secrets on this machine: %s\n"), ui.ErrorText(ls.keyErr, opts.Lang))
	}
	reportUnreadable(opts.IO, bad)
	return nil
}

// reportUnreadable names, on standard error, each session file that
// could not be read, and says it is kept.
func reportUnreadable(s *IO, bad []*store.FileError) {
	for _, b := range bad {
		fmt.Fprintf(s.Err, s.t("Kunne ikke lese øktfilen %s: %s (filen er beholdt urørt)\n",
			"Could not read session file %s: %s (the file is kept as it is)\n"), termtext.Line(b.Path), errorText(b.Err, s.Lang))
	}
}

// dash is s for a column, shown safely (termtext.Line), or "–" when
// empty.
func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return termtext.Line(s)
}

// writeJSON prints v as indented JSON with every character that could
// drive the terminal escaped (termtext.JSON): the same values, safe to
// print.
func writeJSON(s *IO, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = s.Out.Write(append(termtext.JSON(data), '\n'))
	return err
}

// ---------------------------------------------------------------------
// sessions export

type sessionsExportOptions struct {
	*IO
	OpenStore func() (*store.Store, error)
	Ref       string // the session
	Output    string // file to write, "" or "-" for standard output
}

func newCmdSessionsExport(f *Factory, runF func(*sessionsExportOptions) error) *cobra.Command {
	opts := &sessionsExportOptions{IO: f.IO, OpenStore: readStore(f, true)}
	cmd := &cobra.Command{
		Use:               "export NAME",
		Short:             "Write a session as JSON that is safe to e-mail (no secrets, no local paths)",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: sessionArgs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return sessionsExportRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to this file (0600) instead of standard output")
	return cmd
}

func sessionsExportRun(opts *sessionsExportOptions) error {
	st, sess, err := openSession(opts.OpenStore, opts.Ref)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := st.Export(sess, &b); err != nil {
		return err
	}
	if opts.Output == "" || opts.Output == "-" {
		// Standard output may be a terminal: the same JSON, with
		// control characters escaped.
		_, err := opts.Out.Write(termtext.JSON(b.Bytes()))
		return err
	}
	if err := atomicfile.WriteFile(opts.Output, b.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(opts.Err, opts.t("Eksporterte «%s» til %s\n", "Exported \"%s\" to %s\n"), termtext.Line(sess.Name), termtext.Line(opts.Output))
	return nil
}

// ---------------------------------------------------------------------
// sessions import

type sessionsImportOptions struct {
	*IO
	OpenStore func() (*store.Store, error)
	Tracks    ui.Tracks
	Path      string // the exported file, "-" for standard input
}

func newCmdSessionsImport(f *Factory, runF func(*sessionsImportOptions) error) *cobra.Command {
	opts := &sessionsImportOptions{IO: f.IO, OpenStore: f.OpenStore, Tracks: f.Tracks(steps.Deps{})}
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import an exported session as a new session (never overwrites)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			if runF != nil {
				return runF(opts)
			}
			return sessionsImportRun(opts)
		},
	}
}

func sessionsImportRun(opts *sessionsImportOptions) error {
	st, err := opts.OpenStore()
	if err != nil {
		return err
	}
	sess, err := st.ImportFile(opts.Path, opts.In, importCheck(opts.IO, opts.Tracks))
	if err != nil {
		var problems forms.Problems
		if errors.As(err, &problems) {
			return reportProblems(opts.IO, opts.Err, fmt.Sprintf(opts.t("%s har %s problem(er); ingenting ble importert:", "%s has %s problem(s); nothing was imported:"), termtext.Line(opts.Path), opts.count(len(problems))), problems)
		}
		return err
	}
	fmt.Fprintf(opts.Out, opts.t("Importerte økten «%s» (ID %s)\n", "Imported session \"%s\" (ID %s)\n"), termtext.Line(sess.Name), sess.ID)
	return nil
}

// ---------------------------------------------------------------------
// sessions rename

type sessionsRenameOptions struct {
	*IO
	OpenStore func() (*store.Store, error)
	Ref       string // the session
	NewName   string
}

func newCmdSessionsRename(f *Factory, runF func(*sessionsRenameOptions) error) *cobra.Command {
	opts := &sessionsRenameOptions{IO: f.IO, OpenStore: f.OpenStore}
	return &cobra.Command{
		Use:   "rename NAME NEW-NAME",
		Short: "Give a session a new name",
		Long: `Give a session a new name. Exit status: 0 when renamed; 2 when the new
name is empty, not one line, too long or taken by another session
(names are compared without regard to case); 1 for other errors,
such as no session by that name.`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: sessionArgs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref, opts.NewName = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return sessionsRenameRun(opts)
		},
	}
}

func sessionsRenameRun(opts *sessionsRenameOptions) error {
	st, err := opts.OpenStore()
	if err != nil {
		return err
	}
	sess, err := st.Rename(opts.Ref, opts.NewName)
	var taken *store.NameTakenError
	var bad *store.NameError
	switch {
	case errors.As(err, &taken):
		return &exitError{2, err} // bad input, as for sessions new
	case errors.As(err, &bad):
		return &exitError{2, fmt.Errorf("%s%w", opts.t("ugyldig navn på økten: ", "invalid session name: "), err)}
	case err != nil:
		return err
	}
	fmt.Fprintf(opts.Out, opts.t("Økten heter nå «%s»\n", "The session is now called \"%s\"\n"), termtext.Line(sess.Name))
	return nil
}

// ---------------------------------------------------------------------
// sessions delete

type sessionsDeleteOptions struct {
	*IO
	OpenStore func() (*store.Store, error)
	Keyring   func() store.Secrets
	Tracks    ui.Tracks
	Ref       string // the session
	Yes       bool   // do not ask
}

func newCmdSessionsDelete(f *Factory, runF func(*sessionsDeleteOptions) error) *cobra.Command {
	opts := &sessionsDeleteOptions{IO: f.IO, OpenStore: f.OpenStore, Keyring: f.Keyring, Tracks: f.Tracks(steps.Deps{})}
	cmd := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a session and its secrets in the OS keyring",
		Long: `Delete a session and its secrets in the OS keyring. It asks first, on a
terminal; give --yes to delete without asking. Exit status: 0 deleted, or
you answered no; 2 no confirmation (standard input is not a terminal,
or it ended without an answer, and no --yes); 1 anything else, such as
no session by that name.`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: sessionArgs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return sessionsDeleteRun(opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation (needed when standard input is not a terminal)")
	return cmd
}

func sessionsDeleteRun(opts *sessionsDeleteOptions) error {
	st, sess, err := openSession(opts.OpenStore, opts.Ref)
	if err != nil {
		return err
	}
	if !opts.Yes {
		if !opts.InIsTerminal {
			return &exitError{2, errors.New(opts.t(
				"bekreft slettingen med --yes (standard inn er ikke en terminal, så jeg kan ikke spørre)",
				"confirm the deletion with --yes (standard input is not a terminal, so I cannot ask)"))}
		}
		fmt.Fprintf(opts.Out, opts.t("Slette økten «%s» (%s) og dens %d hemmeligheter i nøkkelringen? Skriv «ja» for å slette: ",
			"Delete session \"%s\" (%s) and its %d secrets in the keyring? Type \"yes\" to delete: "),
			termtext.Line(sess.Name), filepath.Base(st.Path(sess.ID)), len(sess.Secrets))
		line, err := bufio.NewReader(opts.In).ReadString('\n')
		if err != nil && strings.TrimSpace(line) == "" {
			// No answer at all (ctrl+D, a closed input): refuse, as
			// without a terminal.
			fmt.Fprintln(opts.Out)
			return &exitError{2, errors.New(opts.t(
				"ikke noe svar; ingenting ble slettet (bekreft slettingen med --yes)",
				"no answer; nothing was deleted (confirm the deletion with --yes)"))}
		}
		ans := strings.ToLower(strings.TrimSpace(line))
		if ans != "ja" && ans != "yes" && ans != "j" && ans != "y" {
			fmt.Fprintln(opts.Out, opts.t("Ingenting slettet.", "Nothing deleted."))
			return nil
		}
	}
	// Every entry of the session goes: those its track keeps, those the
	// file mentions, and where the keyring can be searched the rest (see
	// Store.Delete).
	if err := st.Delete(sess, opts.Keyring(), secretNames(opts.Tracks, sess)); err != nil {
		return err
	}
	fmt.Fprintf(opts.Out, opts.t("Slettet økten «%s».\n", "Deleted session \"%s\".\n"), termtext.Line(sess.Name))
	return nil
}
