package main

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
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/atomic"
)

func newSessionsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "sessions",
		Aliases: []string{"session"},
		Short:   "List, export, import, rename and delete saved sessions",
	}
	cmd.AddCommand(
		newSessionsNewCmd(a),
		newSessionsListCmd(a),
		newSessionsExportCmd(a),
		newSessionsImportCmd(a),
		newSessionsRenameCmd(a),
		newSessionsDeleteCmd(a),
	)
	return cmd
}

// sessionArgs completes session names in the shell.
func sessionArgs(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		st, err := a.openStore()
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

type listOutput struct {
	Sessions   []listedSession  `json:"sessions"`
	Unreadable []unreadableFile `json:"unreadable"`
}

// listedSession is one session of `sessions list --json`. current_step,
// steps and complete come from the session's track (zero for a track
// this version does not know).
type listedSession struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Vendor    string    `json:"vendor"`
	OrgNumber string    `json:"org_number"`
	System    string    `json:"system"`
	Track     string    `json:"track"`
	Step      int       `json:"current_step"` // 1-based; Steps+1 when complete
	Steps     int       `json:"steps"`
	Complete  bool      `json:"complete"`
	UpdatedAt time.Time `json:"updated_at"`
	Path      string    `json:"path"`
}

func listed(s store.Summary) listedSession {
	l := listedSession{ID: s.ID, Name: s.Name, Vendor: s.Vendor, OrgNumber: s.OrgNumber, System: s.System,
		Track: s.Track, UpdatedAt: s.UpdatedAt, Path: s.Path}
	if tr := tracks(steps.Deps{}).Find(s.Track); tr != nil {
		p := tr.Progress(s.StepStates)
		l.Step, l.Steps, l.Complete = p.Step, p.Steps, p.Complete
	}
	return l
}

type unreadableFile struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

func newSessionsListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List saved sessions, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore()
			if err != nil {
				return err
			}
			list, bad, err := st.List()
			if err != nil {
				return err
			}
			if asJSON {
				out := listOutput{Sessions: []listedSession{}, Unreadable: []unreadableFile{}}
				for _, s := range list {
					out.Sessions = append(out.Sessions, listed(s))
				}
				for _, b := range bad {
					out.Unreadable = append(out.Unreadable, unreadableFile{Path: b.Path, Error: b.Err.Error()})
				}
				return writeJSON(a, out)
			}
			if len(list) == 0 {
				fmt.Fprintln(a.out, a.t("Ingen lagrede økter ennå. Start veiviseren med `altinn-onboard`.",
					"No saved sessions yet. Start the wizard with `altinn-onboard`."))
			} else {
				tw := tabwriter.NewWriter(a.out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, a.t("NAVN\tLEVERANDØR\tORG.NR.\tSTEG\tENDRET\tID", "NAME\tVENDOR\tORG NO.\tSTEP\tCHANGED\tID"))
				for _, s := range list {
					l := listed(s)
					step := fmt.Sprintf("%d/%d", l.Step, l.Steps)
					if l.Complete {
						step = a.t("fullført", "complete")
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", termtext.Line(s.Name), dash(s.Vendor), dash(s.OrgNumber), step,
						s.UpdatedAt.Local().Format("2006-01-02 15:04"), s.ID)
				}
				tw.Flush()
			}
			for _, b := range bad {
				fmt.Fprintf(a.err, a.t("Kunne ikke lese øktfilen %s: %s (filen er beholdt urørt)\n",
					"Could not read session file %s: %s (the file is kept as it is)\n"), termtext.Line(b.Path), errorText(b.Err, a.lang))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (sessions and unreadable files)")
	return cmd
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
func writeJSON(a *app, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = a.out.Write(append(termtext.JSON(data), '\n'))
	return err
}

func newSessionsExportCmd(a *app) *cobra.Command {
	var outPath string
	cmd := &cobra.Command{
		Use:               "export NAME",
		Short:             "Write a session as JSON that is safe to e-mail (no secrets, no local paths)",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: sessionArgs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, sess, err := a.openSession(args[0])
			if err != nil {
				return err
			}
			if outPath == "" || outPath == "-" {
				// Standard output may be a terminal: the same JSON,
				// with control characters escaped.
				var b bytes.Buffer
				if err := st.Export(sess, &b); err != nil {
					return err
				}
				_, err := a.out.Write(termtext.JSON(b.Bytes()))
				return err
			}
			var b strings.Builder
			if err := st.Export(sess, &b); err != nil {
				return err
			}
			if err := atomic.WriteFile(outPath, []byte(b.String())); err != nil {
				return err
			}
			fmt.Fprintf(a.err, a.t("Eksporterte «%s» til %s\n", "Exported \"%s\" to %s\n"), termtext.Line(sess.Name), termtext.Line(outPath))
			return nil
		},
	}
	cmd.Flags().StringVarP(&outPath, "output", "o", "", "write to this file (0600) instead of standard output")
	return cmd
}

func newSessionsImportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import an exported session as a new session (never overwrites)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore()
			if err != nil {
				return err
			}
			sess, err := st.ImportFile(args[0], a.in, a.importCheck())
			if err != nil {
				var problems forms.Problems
				if errors.As(err, &problems) {
					return reportProblems(a, a.err, fmt.Sprintf(a.t("%s har %s problem(er); ingenting ble importert:", "%s has %s problem(s); nothing was imported:"), termtext.Line(args[0]), a.count(len(problems))), problems)
				}
				return err
			}
			fmt.Fprintf(a.out, a.t("Importerte økten «%s» (ID %s)\n", "Imported session \"%s\" (ID %s)\n"), termtext.Line(sess.Name), sess.ID)
			return nil
		},
	}
}

func newSessionsRenameCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:               "rename NAME NEW-NAME",
		Short:             "Give a session a new name",
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: sessionArgs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore()
			if err != nil {
				return err
			}
			sess, err := st.Rename(args[0], args[1])
			if err != nil {
				return err
			}
			fmt.Fprintf(a.out, a.t("Økten heter nå «%s»\n", "The session is now called \"%s\"\n"), termtext.Line(sess.Name))
			return nil
		},
	}
}

func newSessionsDeleteCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:               "delete NAME",
		Short:             "Delete a session and its secrets in the OS keyring",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: sessionArgs(a),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, sess, err := a.openSession(args[0])
			if err != nil {
				return err
			}
			if !yes {
				if !a.stdinIsTerminal {
					return &exitError{2, errors.New(a.t(
						"bekreft slettingen med --yes (standard inn er ikke en terminal, så jeg kan ikke spørre)",
						"confirm the deletion with --yes (standard input is not a terminal, so I cannot ask)"))}
				}
				fmt.Fprintf(a.out, a.t("Slette økten «%s» (%s) og dens %d hemmeligheter i nøkkelringen? Skriv «ja» for å slette: ",
					"Delete session \"%s\" (%s) and its %d secrets in the keyring? Type \"yes\" to delete: "),
					termtext.Line(sess.Name), filepath.Base(st.Path(sess.ID)), len(sess.Secrets))
				line, _ := bufio.NewReader(a.in).ReadString('\n')
				ans := strings.ToLower(strings.TrimSpace(line))
				if ans != "ja" && ans != "yes" && ans != "j" && ans != "y" {
					fmt.Fprintln(a.out, a.t("Ingenting slettet.", "Nothing deleted."))
					return nil
				}
			}
			// Every entry of the session goes, also those the file does
			// not mention (see Store.Delete).
			var names []string
			if tr := tracks(steps.Deps{}).Find(sess.Track); tr != nil {
				names = tr.SecretNames()
			}
			if err := st.Delete(sess, a.keyring(), names); err != nil {
				return err
			}
			fmt.Fprintf(a.out, a.t("Slettet økten «%s».\n", "Deleted session \"%s\".\n"), termtext.Line(sess.Name))
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}
