package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

type sessionsNewOptions struct {
	*IO
	OpenStore func() (*store.Store, error)
	Now       func() time.Time
	Tracks    ui.Tracks

	Name    string
	Answers string // file, "-" for standard input, "" for none
	Track   string // the track's ID; "" for the first
}

func newCmdSessionsNew(f *Factory, runF func(*sessionsNewOptions) error) *cobra.Command {
	opts := &sessionsNewOptions{IO: f.IO, OpenStore: f.OpenStore, Now: f.Now, Tracks: f.Tracks(steps.Deps{})}
	cmd := &cobra.Command{
		Use:   "new NAME [--answers FILE] [--track ID]",
		Short: "Create a session without the wizard and print its ID",
		Long: `Create a session without the wizard, for example one per client in a
script. With --answers the registration answers (step 1) come from an
answers file, the same YAML or JSON that ` + "`fill --answers`" + ` reads (see
examples/answers.yaml); every problem in it is reported at once with its
key path, and then no session is created.

The new session's ID is printed alone on standard output, so a script can
capture it:

    id=$(altinn-onboard sessions new "Kunde Blåbær" --answers blabaer.yaml)

Everything else goes to standard error.

For an Altinn 3 session (--track altinn3) the answers file needs of the
registration answers only vendor (name, org_number) and, for the
customers' e-mails, contact (name, email); its section "altinn3:" holds
maskinporten (client_id, scopes), system (id_name, name and description
with nb/nn/en, rights, access_packages, client_ids, redirect_urls,
visible) and customers (org_number, name, email, external_ref, agent),
each checked with its key path ("altinn3.customers[2].email").

The session follows the track --track names (` + trackIDs(opts.Tracks) + `; default ` + opts.Tracks[0].ID + `).

Exit status: 0 created; 2 the name is invalid or taken, or the answers
need fixing (nothing created); 1 anything else.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return sessionsNewRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Answers, "answers", "", "answers file (YAML or JSON; - reads standard input)")
	cmd.Flags().StringVar(&opts.Track, "track", "", "the track the session follows (default "+opts.Tracks[0].ID+")")
	cmd.RegisterFlagCompletionFunc("track", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, t := range opts.Tracks {
			out = append(out, t.ID+"\t"+t.Title("en"))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// trackIDs lists the tracks' IDs: "a, b".
func trackIDs(tracks ui.Tracks) string {
	ids := make([]string, len(tracks))
	for i, t := range tracks {
		ids[i] = t.ID
	}
	return strings.Join(ids, ", ")
}

func sessionsNewRun(opts *sessionsNewOptions) error {
	if err := store.CheckName(opts.Name); err != nil {
		return &exitError{2, fmt.Errorf("%s%w", opts.t("ugyldig navn på økten: ", "invalid session name: "), err)}
	}
	track := opts.Tracks[0].ID
	if opts.Track != "" {
		if opts.Tracks.Find(opts.Track) == nil {
			return &exitError{2, fmt.Errorf(opts.t("ukjent spor «%s»; sporene er: %s", "unknown track %q; the tracks are: %s"), opts.Track, trackIDs(opts.Tracks))}
		}
		track = opts.Track
	}

	// The answers are read and checked before anything is created, so a
	// bad file leaves no half-made session behind.
	var answers *session.Answers
	var a3 *session.Altinn3
	if opts.Answers != "" {
		data, source, err := readAnswersSource(opts.IO, opts.Answers)
		if err != nil {
			return &exitError{2, err}
		}
		var problems []*forms.FieldError
		if track == session.TrackAltinn3 {
			answers, a3, problems = parseAltinn3Answers(data, opts.Now())
		} else {
			answers, problems = forms.ParseAnswers(data)
		}
		if len(problems) > 0 {
			return reportProblems(opts.IO, opts.Err, fmt.Sprintf(opts.t("%s har %s problem(er); ingen økt ble opprettet:", "%s has %s problem(s); no session was created:"), termtext.Line(source), opts.count(len(problems))), problems)
		}
	}

	st, err := opts.OpenStore()
	if err != nil {
		return err
	}
	sess, err := st.Create(opts.Name, track)
	if err != nil {
		var taken *store.NameTakenError
		if errors.As(err, &taken) {
			name, id := taken.Name, "?"
			if existing, err := st.Resolve(taken.Name); err == nil {
				name, id = existing.Name, existing.ID
			}
			return &exitError{2, fmt.Errorf(opts.t(
				"det finnes allerede en økt som heter «%s» (ID %s; navn skiller ikke mellom store og små bokstaver): velg et annet navn, eller se `altinn-onboard sessions list`",
				"a session named %q already exists (ID %s; names ignore case): choose another name, or see `altinn-onboard sessions list`"), name, id)}
		}
		return err
	}
	if answers != nil {
		if err := fillNewSession(st, sess, answers, a3, opts.Now()); err != nil {
			// Do not leave an empty session behind under the name the
			// user will try again with.
			if derr := st.Delete(sess, nil, nil); derr != nil {
				return fmt.Errorf("%w; %s %s: %v", err, opts.t("den tomme økten kunne ikke fjernes igjen, slett den med", "the empty session could not be removed again; delete it with"),
					"`altinn-onboard sessions delete --yes "+sess.ID+"`", derr)
			}
			return err
		}
	}

	fmt.Fprintln(opts.Out, sess.ID)
	if answers != nil {
		fmt.Fprintf(opts.Err, opts.t("Opprettet økten «%s» med svarene fra %s.\n", "Created session \"%s\" with the answers from %s.\n"), termtext.Line(sess.Name), termtext.Line(opts.Answers))
	} else {
		fmt.Fprintf(opts.Err, opts.t("Opprettet økten «%s».\n", "Created session \"%s\".\n"), termtext.Line(sess.Name))
	}
	fmt.Fprintf(opts.Err, opts.t("Fortsett i veiviseren med: %s resume %s\n", "Continue in the wizard with: %s resume %s\n"), opts.command(), sess.ID)
	return nil
}

// fillNewSession stores the registration answers in a just-created
// session, under its lock.
func fillNewSession(st *store.Store, sess *session.Session, answers *session.Answers, a3 *session.Altinn3, now time.Time) error {
	lock, err := st.Lock(sess)
	if err != nil {
		return err
	}
	defer lock.Release()
	sess.Answers = *answers
	// The profile's defaults fill what the answers file leaves empty,
	// never what it gives.
	if st.Defaults != nil {
		if err := st.Defaults(sess); err != nil {
			return err
		}
	}
	if a3 != nil {
		sess.Altinn3 = *a3
		return st.Save(sess)
	}
	sess.SetStepStatus(session.StepRegistration, session.InProgress, now)
	return st.Save(sess)
}
