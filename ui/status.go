package ui

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// Whether a session is complete is decided here, once, for the stepper,
// the overview, the picker and the CLI's list (Track.Status). A session
// file says which steps are done and refers to its secrets, but the
// secrets live in one machine's keyring and the certificate in one
// machine's folders: a session resumed on another machine, or imported
// (exports carry neither), may lack them. So completeness is the steps'
// statuses, the steps' problems, and what this machine holds (Local):
// each secret the session refers to is asked of this keyring, and each
// file the track needs (Track.Files) is looked for. Asking the keyring
// may wait (an unlock prompt, a Secret Service that never answers: the
// store's keyring gives up after its timeout), so the app asks in a
// tea.Cmd, and until the answer a session is "checking", never complete.

// The marks of a step's state, the same in the stepper, the overview and
// the README's legend.
const (
	MarkDone        = "✓" // done
	MarkInProgress  = "◐" // started, not done
	MarkTodo        = "○" // not started
	MarkProblem     = "!" // something to fix
	MarkCurrent     = "▶" // the step shown
	MarkUnconfirmed = "?" // every step done, but this machine's keyring or files not (yet) confirmed
)

// File is a file on this machine that a session needs (the certificate it
// signs with, say), and where the user names it.
type File struct {
	Path string
	// Step, Screen and Field are where the user fixes it when it is
	// missing (Problem's Screen and Field).
	Step, Screen, Field string
	// What names the file at the start of a sentence ("The certificate
	// file").
	What func(lang string) string
}

// Local is what this machine holds of what a session needs and its file
// does not: the secrets it refers to, in this keyring, and the files its
// track needs. The zero Local has asked nothing. A Local is not changed
// once made, so it may be shared between goroutines.
type Local struct {
	// Asked says the keyring and the disk have answered.
	Asked bool
	// Err is why the keyring could not be asked (no keyring, a timeout):
	// the secrets are then unconfirmed.
	Err error
	// key is what was asked (localQuery.key): asked again when the
	// session's references or files change.
	key string
	// missing are the referenced secrets this keyring lacks, each with
	// the time of the reference that was asked about (a secret stored
	// since is not missing).
	missing map[string]time.Time
	// files says for each path asked whether it exists.
	files map[string]bool
}

// localQuery is what to ask of this machine about a session: made from
// the session on the app's goroutine (cheap), asked in a command.
type localQuery struct {
	sessionID string
	refs      []session.SecretRef // of the track's secrets
	files     []string
}

func (t *Track) localQuery(s *session.Session) localQuery {
	q := localQuery{sessionID: s.ID}
	for _, r := range s.Secrets {
		if t.Secret(r.Name) != nil {
			q.refs = append(q.refs, r)
		}
	}
	sort.Slice(q.refs, func(i, j int) bool { return q.refs[i].Name < q.refs[j].Name })
	for _, f := range t.files(s) {
		q.files = append(q.files, f.Path)
	}
	sort.Strings(q.files)
	return q
}

func (t *Track) files(s *session.Session) []File {
	if t.Files == nil {
		return nil
	}
	var out []File
	for _, f := range t.Files(s) {
		if strings.TrimSpace(f.Path) != "" {
			out = append(out, f)
		}
	}
	return out
}

// empty says there is nothing to ask: the answer is known at once.
func (q localQuery) empty() bool { return len(q.refs) == 0 && len(q.files) == 0 }

// key identifies the question: the same key, the same answer.
func (q localQuery) key() string {
	var b strings.Builder
	b.WriteString(q.sessionID)
	for _, r := range q.refs {
		fmt.Fprintf(&b, "\x00s%s\x00%d", r.Name, r.SetAt.UnixNano())
	}
	for _, f := range q.files {
		b.WriteString("\x00f" + f)
	}
	return b.String()
}

// ask asks the keyring and the disk. It may wait as long as the keyring's
// timeout: call it in a tea.Cmd (or from a command line).
func (q localQuery) ask(secrets store.Secrets) Local {
	l := Local{Asked: true, key: q.key()}
	if len(q.files) > 0 {
		l.files = map[string]bool{}
		for _, p := range q.files {
			_, err := os.Stat(p)
			l.files[p] = err == nil
		}
	}
	if len(q.refs) == 0 {
		return l
	}
	if secrets == nil {
		l.Err = ErrNoKeyring
		return l
	}
	names := make([]string, len(q.refs))
	for i, r := range q.refs {
		names[i] = r.Name
	}
	known, err := secrets.Known(q.sessionID, names)
	if err != nil {
		l.Err = err
		return l
	}
	for i, k := range known {
		if !k.Set && i < len(q.refs) && k.Name == q.refs[i].Name {
			if l.missing == nil {
				l.missing = map[string]time.Time{}
			}
			l.missing[k.Name] = q.refs[i].SetAt
		}
	}
	return l
}

// ErrNoKeyring: there is no keyring to ask.
var ErrNoKeyring error = noKeyringError{}

type noKeyringError struct{}

func (noKeyringError) Error() string { return "no keyring is available" }

// Text is the message in lang.
func (noKeyringError) Text(lang string) string {
	return T(lang, "ingen nøkkelring er tilgjengelig", "no keyring is available")
}

// ErrorText is err in lang when it can say itself in lang (Text), else
// as it is.
func ErrorText(err error, lang string) string {
	var t interface{ Text(string) string }
	if errors.As(err, &t) {
		return t.Text(lang)
	}
	return err.Error()
}

// CheckLocal asks this machine's keyring and disk what the session needs
// of them. It waits for the keyring (at most its timeout): call it in a
// tea.Cmd or from a command line, never in Update.
func (t *Track) CheckLocal(s *session.Session, secrets store.Secrets) Local {
	return t.localQuery(s).ask(secrets)
}

// seen is s as this machine sees it: without the references to secrets
// the keyring lacks (s itself when nothing is dropped; never changed).
func (l Local) seen(s *session.Session) *session.Session {
	drop := false
	for _, r := range s.Secrets {
		if at, ok := l.missing[r.Name]; ok && at.Equal(r.SetAt) {
			drop = true
		}
	}
	if !drop {
		return s
	}
	c := *s // the problems only read it: sharing the rest is safe
	c.Secrets = nil
	for _, r := range s.Secrets {
		if at, ok := l.missing[r.Name]; ok && at.Equal(r.SetAt) {
			continue
		}
		c.Secrets = append(c.Secrets, r)
	}
	return &c
}

// Status is the truth about a session's progress on this machine.
type Status struct {
	// Progress: Step is the first step that is not done or has
	// problems; Complete says every step is done, none has problems,
	// and this machine's keyring and files are confirmed.
	Progress
	// Problems are each step's problems, as this machine sees the
	// session (nil when the status comes from a summary: see Checking).
	Problems [][]Problem
	// Checking says the keyring and the files have not answered yet
	// (or, from a summary, the session is still to be checked).
	Checking bool
	// Err is why the keyring could not be asked.
	Err error
}

// HasProblems says step i has problems.
func (s Status) HasProblems(i int) bool { return i < len(s.Problems) && len(s.Problems[i]) > 0 }

// Unconfirmed says every step is done and none has problems as far as is
// known, but the keyring or the files have not confirmed it.
func (s Status) Unconfirmed() bool {
	if s.Complete || s.Step <= s.Steps {
		return false
	}
	return s.Checking || s.Err != nil
}

// Label says the status in a word or two: "fullført", "steg 2/4",
// "sjekker", "ubekreftet".
func (s Status) Label(lang string) string {
	switch {
	case s.Complete:
		return T(lang, "fullført", "complete")
	case s.Unconfirmed() && s.Checking:
		return T(lang, "sjekker", "checking")
	case s.Unconfirmed():
		return T(lang, "ubekreftet", "unverified")
	}
	return fmt.Sprintf(T(lang, "steg %d/%d", "step %d/%d"), s.Step, s.Steps)
}

// Status decides how far ctx's session is and whether it is complete,
// from its steps' statuses and problems and what this machine holds
// (local; the zero Local when not yet asked). It reads only the session
// and local: cheap enough for every change, safe on a copy anywhere.
func (t *Track) Status(ctx *Context, local Local) Status {
	q := t.localQuery(ctx.Session)
	st := Status{}
	switch {
	case q.empty():
	case !local.Asked || local.key != q.key():
		st.Checking = true
	default:
		st.Err = local.Err
	}
	c := *ctx
	if local.Asked && local.key == q.key() {
		c.Session = local.seen(ctx.Session)
	}
	st.Problems = make([][]Problem, len(t.Steps))
	for i, s := range t.Steps {
		if s.Problems != nil {
			st.Problems[i] = s.Problems(&c)
		}
	}
	if local.Asked {
		for _, f := range t.files(ctx.Session) {
			exists, asked := local.files[f.Path]
			if !asked || exists {
				continue
			}
			if i := t.Index(f.Step); i >= 0 {
				st.Problems[i] = append(st.Problems[i], missingFile(f, ctx.Lang))
			}
		}
	}
	st.Steps = len(t.Steps)
	st.Step = len(t.Steps) + 1
	for i, s := range t.Steps {
		if ctx.Session.StepStatus(s.ID) != session.Done || len(st.Problems[i]) > 0 {
			st.Step = i + 1
			break
		}
	}
	st.Complete = st.Step > st.Steps && !st.Checking && st.Err == nil
	return st
}

func missingFile(f File, lang string) Problem {
	what := T(lang, "Filen", "The file")
	if f.What != nil {
		what = f.What(lang)
	}
	return Problem{Screen: f.Screen, Field: f.Field,
		Message: what + T(lang, " finnes ikke på denne maskinen: ", " does not exist on this machine: ") + f.Path}
}

// SummaryStatus is what a session's summary says of its status without
// reading the session: how far its steps are; a session whose every step
// is done is Checking (complete only if Status, on the whole session
// and this machine, says so).
func (t *Track) SummaryStatus(s store.Summary) Status {
	p := t.Progress(s.StepStates)
	st := Status{Progress: p}
	if p.Complete {
		st.Complete, st.Checking = false, true
	}
	return st
}

// StatusOf loads the whole session and asks this machine (it waits for
// the keyring: call it in a tea.Cmd or from a command line) when the
// summary alone cannot tell: every step of it is done.
func (t *Track) StatusOf(sum store.Summary, load func(id string) (*session.Session, error), secrets store.Secrets, lang string) Status {
	st := t.SummaryStatus(sum)
	if !st.Checking {
		return st
	}
	sess, err := load(sum.ID)
	if err != nil {
		st.Checking, st.Err = false, err
		return st
	}
	return t.Status(&Context{Session: sess, Lang: lang, Track: t}, t.CheckLocal(sess, secrets))
}

// FailFast is secrets that, once a question about which secrets are stored
// has failed (no keyring, a timeout), fail every later one at once with
// the same error: a list of sessions waits for one timeout, not one per
// session. Safe for concurrent use.
func FailFast(secrets store.Secrets) store.Secrets {
	if secrets == nil {
		return nil
	}
	return &failFast{Secrets: secrets}
}

type failFast struct {
	store.Secrets
	failed atomic.Pointer[error]
}

func (f *failFast) Known(sessionID string, names []string) ([]store.SecretStatus, error) {
	if err := f.failed.Load(); err != nil {
		return nil, *err
	}
	out, err := f.Secrets.Known(sessionID, names)
	if err != nil {
		f.failed.CompareAndSwap(nil, &err)
	}
	return out, err
}
