package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
)

type sessionsNewOptions struct {
	name    string
	answers string // file, "-" for standard input, "" for none
}

func newSessionsNewCmd(a *app) *cobra.Command {
	o := &sessionsNewOptions{}
	cmd := &cobra.Command{
		Use:   "new NAME [--answers FILE]",
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

Exit status: 0 created; 2 the name is invalid or taken, or the answers
need fixing (nothing created); 1 anything else.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.name = args[0]
			return sessionsNewRun(a, o)
		},
	}
	cmd.Flags().StringVar(&o.answers, "answers", "", "answers file (YAML or JSON; - reads standard input)")
	return cmd
}

func sessionsNewRun(a *app, o *sessionsNewOptions) error {
	if err := store.CheckName(o.name); err != nil {
		return &exitError{2, fmt.Errorf("%s%w", a.t("ugyldig navn på økten: ", "invalid session name: "), err)}
	}

	// The answers are read and checked before anything is created, so a
	// bad file leaves no half-made session behind.
	var answers *session.Answers
	if o.answers != "" {
		data, source, err := readAnswersSource(a, o.answers)
		if err != nil {
			return &exitError{2, err}
		}
		var problems []*forms.FieldError
		answers, problems = forms.ParseAnswers(data)
		if len(problems) > 0 {
			return newSessionAnswerProblems(a, source, problems)
		}
	}

	st, err := a.openStore()
	if err != nil {
		return err
	}
	sess, err := st.Create(o.name, tracks(steps.Deps{})[0].ID)
	if err != nil {
		var taken *store.NameTakenError
		if errors.As(err, &taken) {
			name, id := taken.Name, "?"
			if existing, err := st.Resolve(taken.Name); err == nil {
				name, id = existing.Name, existing.ID
			}
			return &exitError{2, fmt.Errorf(a.t(
				"det finnes allerede en økt som heter «%s» (ID %s; navn skiller ikke mellom store og små bokstaver): velg et annet navn, eller se `altinn-onboard sessions list`",
				"a session named %q already exists (ID %s; names ignore case): choose another name, or see `altinn-onboard sessions list`"), name, id)}
		}
		return err
	}
	if answers != nil {
		if err := fillNewSession(st, sess, answers); err != nil {
			// Do not leave an empty session behind under the name the
			// user will try again with.
			if derr := st.Delete(sess, nil, nil); derr != nil {
				return fmt.Errorf("%w; %s %s: %v", err, a.t("den tomme økten kunne ikke fjernes igjen, slett den med", "the empty session could not be removed again; delete it with"),
					"`altinn-onboard sessions delete --yes "+sess.ID+"`", derr)
			}
			return err
		}
	}

	fmt.Fprintln(a.out, sess.ID)
	if answers != nil {
		fmt.Fprintf(a.err, a.t("Opprettet økten «%s» med svarene fra %s.\n", "Created session \"%s\" with the answers from %s.\n"), termtext.Line(sess.Name), termtext.Line(o.answers))
	} else {
		fmt.Fprintf(a.err, a.t("Opprettet økten «%s».\n", "Created session \"%s\".\n"), termtext.Line(sess.Name))
	}
	fmt.Fprintf(a.err, a.t("Fortsett i veiviseren med: altinn-onboard resume %s\n", "Continue in the wizard with: altinn-onboard resume %s\n"), sess.ID)
	return nil
}

// fillNewSession stores the registration answers in a just-created
// session, under its lock.
func fillNewSession(st *store.Store, sess *session.Session, answers *session.Answers) error {
	lock, err := st.Lock(sess)
	if err != nil {
		return err
	}
	defer lock.Release()
	sess.Answers = *answers
	sess.SetStepStatus(session.StepRegistration, session.InProgress, time.Now())
	return st.Save(sess)
}

// readAnswersSource reads an answers file, or standard input for "-",
// at most forms.MaxAnswersFile bytes of either (see readAnswersFile).
func readAnswersSource(a *app, path string) (data []byte, source string, err error) {
	if path == "-" {
		source = a.t("standard inn", "standard input")
		data, err = safefile.ReadFrom(a.in, source, forms.MaxAnswersFile)
		return data, source, err
	}
	data, err = readAnswersFile(path)
	return data, path, err
}

func newSessionAnswerProblems(a *app, source string, problems []*forms.FieldError) error {
	return reportProblems(a, a.err, fmt.Sprintf(a.t("%s har %s problem(er); ingen økt ble opprettet:", "%s has %s problem(s); no session was created:"), termtext.Line(source), a.count(len(problems))), problems)
}
