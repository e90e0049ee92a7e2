package cli

// What the Altinn 3 commands (environment, maskinporten, system,
// customers, systemuser) share: the session they act on, read and saved
// under its lock; the service layer (internal/altinn3), which alone talks
// to Maskinporten and Altinn; and how an outcome becomes an exit status
// (2 for input to fix, 1 for a service that failed) and a JSON document.

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// onboardingOf makes the factory's Altinn 3 service once, when a command
// first needs it (after the flags are parsed: the keyring's timeout is
// one). The environment is read through f.Getenv at each call.
func onboardingOf(f *Factory) func() *altinn3.Onboarding {
	var once sync.Once
	var o *altinn3.Onboarding
	return func() *altinn3.Onboarding {
		once.Do(func() {
			o = altinn3.New(altinn3.NewClient(f.Build.version()), f.Keyring(), func(k string) string { return f.Getenv(k) })
			o.Now = func() time.Time { return f.Now() }
		})
		return o
	}
}

// a3Options are what every Altinn 3 command has: the session, --json,
// and the dependencies.
type a3Options struct {
	*IO
	OpenStore  func() (*store.Store, error)
	Onboarding func() *altinn3.Onboarding
	Now        func() time.Time
	// Track is the Altinn 3 track, whose steps' problems say when a
	// step's work is done (see markStep).
	Track func() *ui.Track

	Session string
	JSON    bool
}

func newA3Options(f *Factory) a3Options {
	return a3Options{IO: f.IO, OpenStore: f.OpenStore, Onboarding: f.Altinn3, Now: f.Now,
		Track: func() *ui.Track { return f.Tracks(steps.Deps{}).Find(session.TrackAltinn3) }}
}

// a3Flags adds --session and --json.
func a3Flags(cmd *cobra.Command, o *a3Options) {
	cmd.Flags().StringVar(&o.Session, "session", "", "the session (name or ID) to act on")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print one JSON document on standard output")
}

// a3Session is a session opened under its lock for one command.
type a3Session struct {
	st   *store.Store
	sess *session.Session
	lock *store.Lock
	opts *a3Options
}

// save records an outcome (its Apply) of work in the track's step (one of
// steps.StepA3*) and saves at once, still under the lock: a crash after
// it loses nothing. The step is marked as the wizard marks it (markStep).
func (s *a3Session) save(step string, apply func(*session.Session)) error {
	apply(s.sess)
	s.markStep(step)
	return s.st.Save(s.sess)
}

// markStep marks step as the wizard would, had the user done the
// command's work there and left the step: done when it has no problems
// left, otherwise in progress. A session scripted by a consultant and
// then opened in the wizard shows its progress truly, not "not started".
func (s *a3Session) markStep(step string) {
	if s.opts == nil || s.opts.Track == nil {
		return
	}
	tr := s.opts.Track()
	if tr == nil {
		return
	}
	i := tr.Index(step)
	if i < 0 {
		return
	}
	st := tr.Steps[i]
	status := session.InProgress
	if st.DoneWhenLeft && (st.Problems == nil || len(st.Problems(&ui.Context{Session: s.sess, Lang: s.opts.Lang, Track: tr})) == 0) {
		status = session.Done
	}
	if s.sess.StepStatus(step) != status {
		s.sess.SetStepStatus(step, status, s.opts.Now())
	}
}

func (s *a3Session) snapshot() altinn3.Snapshot { return altinn3.SnapshotOf(s.sess) }

// open opens the --session under its lock; it must follow the Altinn 3
// track. The caller releases the lock (close).
func (o *a3Options) open() (*a3Session, error) {
	if o.Session == "" {
		return nil, &exitError{2, errors.New(o.t(
			"oppgi økten med --session NAVN (se `altinn-onboard sessions list`, eller lag en med `altinn-onboard sessions new NAVN --track altinn3`)",
			"name the session with --session NAME (see `altinn-onboard sessions list`, or make one with `altinn-onboard sessions new NAME --track altinn3`)"))}
	}
	st, err := o.OpenStore()
	if err != nil {
		return nil, err
	}
	sess, lock, err := st.OpenLocked(o.Session)
	if err != nil {
		var nf *store.NotFoundError
		if errors.As(err, &nf) {
			return nil, &exitError{2, err}
		}
		return nil, err
	}
	if sess.Track != session.TrackAltinn3 {
		lock.Release()
		return nil, &exitError{2, fmt.Errorf(o.t(
			"økten «%s» følger sporet «%s»; denne kommandoen gjelder Altinn 3-økter (lag en med `altinn-onboard sessions new NAVN --track altinn3`)",
			"the session \"%s\" follows the track \"%s\"; this command is for Altinn 3 sessions (make one with `altinn-onboard sessions new NAME --track altinn3`)"),
			termtext.Line(sess.Name), termtext.Line(sess.Track))}
	}
	return &a3Session{st: st, sess: sess, lock: lock, opts: o}, nil
}

func (s *a3Session) close() { s.lock.Release() }

// a3Do opens the session, runs fn, and turns its error into the exit
// status and message of fail.
func (o *a3Options) do(fn func(s *a3Session) error) error {
	s, err := o.open()
	if err != nil {
		return o.fail(err)
	}
	defer s.close()
	return o.fail(fn(s))
}

// jsonError is the document --json prints when a command fails.
type jsonError struct {
	Error jsonErrorBody `json:"error"`
}

type jsonErrorBody struct {
	Exit     int            `json:"exit"`
	Message  string         `json:"message"`
	Status   int            `json:"status,omitempty"`
	Code     string         `json:"code,omitempty"`
	Problems []jsonProblem  `json:"problems,omitempty"`
	Missing  []string       `json:"missing_scopes,omitempty"`
	Extra    map[string]any `json:"detail,omitempty"`
}

type jsonProblem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// withDetail is a failure that leaves results worth printing: --json puts
// them in the error document's "detail".
type withDetail struct {
	error
	detail map[string]any
}

func (w *withDetail) Unwrap() error { return w.error }

// exitCode sorts a failure: 2 when the user must fix what was given (a
// flag, an answer, a step not done yet, a file), 1 when a service or the
// machine failed.
func exitCode(err error) int {
	var ee *exitError
	var probs forms.Problems
	var ke *altinn3.KeyError
	var ep *altinn3.EndpointError
	var sf *safefile.Error
	switch {
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &probs), errors.As(err, &ke), errors.As(err, &ep), errors.As(err, &sf):
		return 2
	}
	return 1
}

// fail says what went wrong (problems one a line on standard error, with
// their key paths; with --json also as a document on standard output)
// and returns the error with its exit status. nil stays nil.
func (o *a3Options) fail(err error) error {
	if err == nil {
		return nil
	}
	code := exitCode(err)
	var probs forms.Problems
	isProbs := errors.As(err, &probs)
	if o.JSON {
		body := jsonErrorBody{Exit: code, Message: errorText(err, o.Lang)}
		if e, ok := altinn3.AsError(err); ok {
			body.Status, body.Code, body.Missing = e.Status, e.Code, e.Missing
		}
		for _, p := range probs {
			body.Problems = append(body.Problems, jsonProblem{Path: p.Path, Message: p.Message(o.formsLang())})
		}
		if isProbs {
			body.Message = o.t("svarene må rettes", "the answers need fixing")
		}
		var wd *withDetail
		if errors.As(err, &wd) {
			body.Extra = wd.detail
		}
		writeJSON(o.IO, jsonError{body})
	}
	if isProbs {
		return reportProblems(o.IO, o.Err, fmt.Sprintf(o.t("%s problem(er) må rettes først:", "%s problem(s) must be fixed first:"), o.count(len(probs))), probs)
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	return &exitError{code, err}
}

// usageError is a bad flag or argument: exit status 2, the flag named.
func usageError(format string, args ...any) error {
	return &exitError{2, fmt.Errorf(format, args...)}
}
