package ui

import (
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// Track is one way through the onboarding: a list of steps, in order, and
// what the program says about it outside its steps. It is a value: the
// app's progress, "N of M", the jump keys, completeness, the overview and
// the picker's summary are all computed from Steps, and no other code
// knows the order. Adding a step to a track is one new step (a file in
// the package that makes the track) and one entry in Steps.
//
// Each session records the ID of the track it follows
// (session.Session.Track); the app runs that track's steps.
type Track struct {
	// ID is saved in every session of the track: keep it stable.
	ID string
	// Title names the track where the user chooses one ("Altinn II").
	Title func(lang string) string
	// Description says in a sentence what the track is for, under its
	// title where a new session chooses its track (only asked when the
	// app has several tracks). Nil: none.
	Description func(lang string) string
	// Notice is shown above the picker's list of sessions, for something
	// every user of the track must know first (Altinn II has closed);
	// the user can hide it. Nil: no notice.
	Notice func(lang string) string
	// Label describes a session of the track in the picker's list, after
	// its name (the vendor and its organisation number, say). Nil or ""
	// shows "–". The picker shows it as a line of plain text
	// (termtext.Line), whatever it holds.
	Label func(s store.Summary) string
	// Steps are the track's steps, in order.
	Steps []Step
	// Secrets are the keyring entries the track's steps keep: the names a
	// session of this track can have in the keyring, what each is, and
	// the rule its value must follow. Deleting a session deletes them;
	// the `secrets` commands offer them. A session is complete only
	// when this keyring holds each of them the session refers to (see
	// Track.Status).
	Secrets []Secret
	// Files are the files on this machine a session needs (a
	// certificate the key is read from, say): a session is complete only
	// when each exists here. They are looked for in a tea.Cmd. Nil: none.
	Files func(s *session.Session) []File
}

// Secret is one secret a track keeps in the OS keyring, under the
// account "<session-id>/<Name>".
type Secret struct {
	// Name is the entry's name: lower-case letters, digits and "-" (see
	// store.CheckSecretName). Keep it stable: it is saved in the keyring.
	Name string
	// Description says what the secret is, in a few words.
	Description func(lang string) string
	// Check validates a value before it is stored (nil: any non-empty
	// value). Its message is in lang and never repeats the value.
	Check func(value, lang string) error
	// Verify, when set, tries a value where the session will use it (a
	// certificate password on its .p12) before it is stored; nil when
	// there is nothing to try it on yet. Its message is in lang.
	Verify func(s *session.Session, value, lang string) error
}

// Progress is how far a session is along its track.
type Progress struct {
	// Step is the number (1-based) of the first step not done, or
	// Steps+1 when every step is done.
	Step int
	// Steps is how many steps the track has.
	Steps int
	// Complete says every step is marked done (Track.Status decides
	// whether the session is complete).
	Complete bool
}

// Index is the position (0-based) of the step with the given ID, or -1.
func (t Track) Index(id string) int {
	for i, s := range t.Steps {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// StepIDs are the IDs of the track's steps, in order.
func (t Track) StepIDs() []string {
	ids := make([]string, len(t.Steps))
	for i, s := range t.Steps {
		ids[i] = s.ID
	}
	return ids
}

// Progress says how far a session is from the statuses of its steps
// (session.Session.Steps, or store.Summary.StepStates).
func (t Track) Progress(states map[string]session.StepState) Progress {
	p := Progress{Steps: len(t.Steps)}
	for i, s := range t.Steps {
		if states[s.ID].Status != session.Done {
			p.Step = i + 1
			return p
		}
	}
	p.Step, p.Complete = len(t.Steps)+1, true
	return p
}

// StepsDone says every step of the track is marked done in s. Whether the
// session is complete (no problems, its secrets in this keyring) is
// Status's to say.
func (t Track) StepsDone(s *session.Session) bool { return t.Progress(s.Steps).Complete }

// SecretNames are the names of the track's secrets, in order.
func (t Track) SecretNames() []string {
	names := make([]string, len(t.Secrets))
	for i, s := range t.Secrets {
		names[i] = s.Name
	}
	return names
}

// Secret is the track's secret with the given name, or nil.
func (t Track) Secret(name string) *Secret {
	for i := range t.Secrets {
		if t.Secrets[i].Name == name {
			return &t.Secrets[i]
		}
	}
	return nil
}

// Tracks are the tracks a program offers; the first is the one new
// sessions follow unless the user chooses another.
type Tracks []Track

// Find is the track with the given ID, or nil.
func (ts Tracks) Find(id string) *Track {
	for i := range ts {
		if ts[i].ID == id {
			return &ts[i]
		}
	}
	return nil
}

// UnknownTrackError is a session that follows a track this program does
// not have (made by another version of it, or edited by hand).
type UnknownTrackError struct {
	Session string // the session's name
	Track   string
}

func (e *UnknownTrackError) Error() string { return e.Text("en") }

// Text is the message in lang.
func (e *UnknownTrackError) Text(lang string) string {
	if e.Track == "" {
		return T(lang, "økten «"+e.Session+"» sier ikke hvilket spor den følger (feltet «track» i øktfilen mangler)",
			"the session \""+e.Session+"\" does not say which track it follows (the field \"track\" of the session file is missing)")
	}
	return T(lang, "økten «"+e.Session+"» følger sporet «"+e.Track+"», som denne versjonen av programmet ikke kjenner: oppgrader programmet",
		"the session \""+e.Session+"\" follows the track \""+e.Track+"\", which this version of the program does not know: upgrade the program")
}
