package steps

// The Altinn 3 track: a Maskinporten client, the system in Altinn's
// system register, a system user per customer, and a token per customer
// (issue 10). Its screens call only the service layer of
// internal/altinn3 (Onboarding), in tea.Cmds, and record each outcome
// with a ui.SessionEdit.

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Step IDs of the Altinn 3 track, saved in sessions: keep them stable.
const (
	StepA3Client    = "a3_client"
	StepA3System    = "a3_system"
	StepA3Customers = "a3_customers"
	StepA3Token     = "a3_token"
)

// Altinn3 is the Altinn 3 track: the four steps of connecting a system to
// Altinn 3 (altinn3-api.md; domain.md, "The Altinn 3 path"). Its steps
// share one service layer (d.Altinn3, made here when d has none), so a
// token one step got serves the next.
func Altinn3(d Deps) ui.Track {
	d = d.withAltinn3()
	return ui.Track{
		ID:          session.TrackAltinn3,
		Title:       func(lang string) string { return "Altinn 3" },
		Description: altinn3Description,
		Label:       vendorLabel,
		Steps: []ui.Step{
			A3Client(d),
			A3System(d),
			A3Customers(d),
			A3Token(d),
		},
		Secrets: altinn3Secrets,
		Files:   altinn3Files,
	}
}

// altinn3Files: a .p12 key whose private key is not in the keyring is
// read from the enterprise certificate file each time, which must then
// be on this machine.
func altinn3Files(s *session.Session) []ui.File {
	mp := s.Altinn3.Maskinporten
	if mp.KeySource != session.KeySourceP12 || hasRef(s, altinn3.SecretPrivateKey) {
		return nil
	}
	return []ui.File{{Path: mp.P12Path, Step: StepA3Client, Screen: ScreenA3Client, Field: clientKey,
		What: texts("Virksomhetssertifikatet (.p12) som nøkkelen leses fra", "The enterprise certificate (.p12) the key is read from")}}
}

func altinn3Description(lang string) string {
	return ui.T(lang,
		"Maskinporten-klient, systemet i Altinns systemregister og en systembruker for hver kunde (gjeldende vei)",
		"a Maskinporten client, the system in Altinn's system register and a system user for each customer (the current path)")
}

// altinn3Secrets are the track's keyring entries (altinn3.SecretNames).
var altinn3Secrets = []ui.Secret{
	{Name: altinn3.SecretPrivateKey, Description: texts(
		"den private nøkkelen til Maskinporten-klienten (PEM)", "the private key of the Maskinporten client (PEM)")},
	{Name: altinn3.SecretP12Password, Description: texts(
		"passordet til virksomhetssertifikatet (.p12) når nøkkelen leses fra filen", "the password of the enterprise certificate (.p12) when the key is read from the file")},
}

// callTimeout bounds one call of the service layer from a screen.
const callTimeout = 2 * time.Minute

// a3Done is the result of a call to the service layer: the outcome's
// Apply (nil when nothing is to be recorded) and the error. It is a
// ui.SessionEdit, so the outcome is recorded even if the user has left
// the screen; the screen that started the call applies it too (Apply is
// idempotent).
type a3Done struct {
	op    string // which call it was, for the screen
	org   string // the customer it was for, if any
	apply func(*session.Session)
	err   error
	// value is the outcome, for the screen to show.
	value any
}

var _ ui.SessionEdit = a3Done{}

// EditSession implements ui.SessionEdit.
func (m a3Done) EditSession(s *session.Session) {
	if m.apply != nil {
		m.apply(s)
	}
}

// a3Call runs fn off the UI's goroutine with a timeout and delivers its
// outcome as an a3Done.
func a3Call[T interface{ Apply(*session.Session) }](op, org string, fn func(ctx context.Context) (T, error)) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		out, err := fn(ctx)
		return a3Done{op: op, org: org, apply: out.Apply, err: err, value: out}
	}
}

// errText is an error in lang: the core's sentences (Text(lang)), the
// answers' problems, else the error as it is.
func errText(err error, lang string) string {
	l := forms.NB
	if lang == "en" {
		l = forms.EN
	}
	var probs forms.Problems
	var fe *forms.FieldError
	switch t := err.(type) {
	case interface{ Text(string) string }:
		return t.Text(lang)
	case forms.Problems:
		return t.Text(l)
	}
	switch {
	case errors.As(err, &probs):
		return probs.Text(l)
	case errors.As(err, &fe):
		return fe.Text(l)
	}
	if t, ok := errors.Unwrap(err).(interface{ Text(string) string }); ok {
		return t.Text(lang)
	}
	return forms.Localize(err, l)
}

// envOf is the session's environment (TT02 when unset).
func envOf(s *session.Session) string {
	if s.Target == "" {
		return session.EnvTT02
	}
	return s.Target
}

// startStep marks a step in progress the first time the user does
// something in it.
func startStep(s *session.Session, id string, d Deps) {
	if s.StepStatus(id) == session.NotStarted {
		s.SetStepStatus(id, session.InProgress, d.now())
	}
}

// changed asks the app to save after a change made outside a key press.
func changed() tea.Msg { return ui.ChangedMsg{} }
