package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// IO is the program's standard streams and the language it speaks on
// them. Every command's options hold the one IO, so a test reads what a
// command wrote from buffers of its own.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// InIsTerminal decides whether a command may ask a question.
	InIsTerminal bool
	// Lang is "nb" or "en": the locale's, then what --lang says (read it
	// when the command runs, not when it is made).
	Lang string
	// Command is how the user started this program, as hints print it
	// ("altinn-onboard", "./altinn-onboard", "go run ."): see invocation.
	// Empty means "altinn-onboard".
	Command string
}

// t picks the text in the user's language.
func (s *IO) t(nb, en string) string {
	if s.Lang == "en" {
		return en
	}
	return nb
}

// formsLang is the user's language as package forms names it.
func (s *IO) formsLang() forms.Lang {
	if s.Lang == "en" {
		return forms.EN
	}
	return forms.NB
}

// count writes n with thousands grouped as the language does: 39 980 in
// Norwegian, 39,980 in English.
func (s *IO) count(n int) string {
	digits := strconv.Itoa(n)
	sep := s.t(" ", ",")
	for i := len(digits) - 3; i > 0 && digits[i-1] != '-'; i -= 3 {
		digits = digits[:i] + sep + digits[i:]
	}
	return digits
}

// note tells the user, on standard error, of something done or left
// alone on their behalf (a folder's mode, a file kept).
func (s *IO) note(n interface{ Text(lang string) string }) {
	fmt.Fprintln(s.Err, s.t("Merk: ", "Note: ")+n.Text(s.Lang))
}

// Build is what the release build stamps into the program (see main.go).
type Build struct {
	Version string // "dev" when not stamped
	Commit  string // "" when not stamped: then the Go tool's record
	Date    string // the release build's time (RFC 3339), "" when not stamped
}

// Factory hands each command its dependencies, as values a test can
// replace: the streams, the data folder, the keyring, the clock, the
// wizard's steps. A command copies what it needs into its options when
// it is made; the functions read the root's flags (--data-dir,
// --keyring-timeout) when they are called, which is after cobra parsed
// them.
type Factory struct {
	IO    *IO
	Build Build

	// DataDir is the data folder: --data-dir, else $ALTINN_ONBOARD_HOME,
	// else the platform's user data folder.
	DataDir func() (string, error)
	// OpenStore opens the data folder, telling the user of any
	// permissions it had to tighten.
	OpenStore func() (*store.Store, error)
	// Keyring is the OS keyring, giving up on a call after
	// --keyring-timeout; or, when the user asks for it (--secrets-file,
	// $ALTINN_ONBOARD_SECRETS_FILE, the profile's secrets_file), the
	// encrypted secrets file, the same one for the whole run.
	Keyring func() store.Secrets
	// ProfileKeyring is the same keyring, for the profile's own secrets
	// (the SMTP password).
	ProfileKeyring func() store.ProfileSecrets
	// ProfilePath is the user's profile file (profile.Path).
	ProfilePath func() (string, error)
	// Now is the clock.
	Now func() time.Time
	// Tracks are the program's tracks, their steps built on the deps
	// given (steps.Deps{} where no screen is shown: the session list,
	// the secrets, the import check); the first is the one new sessions
	// follow.
	Tracks func(d steps.Deps) ui.Tracks
	// Getenv reads the environment (os.Getenv): the ALTINN_ONBOARD_*_URL
	// overrides of the Altinn 3 endpoints. A test points it at a sandbox.
	Getenv func(string) string
	// Altinn3 is the Altinn 3 track's service layer, one per program run
	// (tokens stay in its memory while they are valid).
	Altinn3 func() *altinn3.Onboarding

	// The root command's flags.
	dataDir        string
	keyringTimeout time.Duration
	secretsFile    string
	// secrets is the one store of secrets of this run (the passphrase of a
	// secrets file is asked once per run).
	secrets store.Secrets
}

// programTracks are the program's tracks: Altinn 3 first, the one new
// sessions follow unless told otherwise, then Altinn II (closed, kept for
// reference).
func programTracks(d steps.Deps) ui.Tracks { return ui.Tracks{steps.Altinn3(d), steps.AltinnII(d)} }

// newFactory is the program's factory: real folders, the OS keyring, the
// wall clock and the program's tracks.
func newFactory(s *IO, b Build) *Factory {
	f := &Factory{IO: s, Build: b, Now: time.Now, Getenv: os.Getenv}
	f.Tracks = func(d steps.Deps) ui.Tracks {
		if d.Version == "" {
			d.Version = b.Version
		}
		return programTracks(d)
	}
	f.Altinn3 = onboardingOf(f)
	f.DataDir = func() (string, error) {
		if f.dataDir != "" {
			return f.dataDir, nil
		}
		return store.DefaultDataDir()
	}
	f.OpenStore = func() (*store.Store, error) {
		dir, err := f.DataDir()
		if err != nil {
			return nil, err
		}
		st, err := store.Open(dir)
		if err != nil {
			return nil, err
		}
		st.Defaults = profileDefaults(f)
		for _, n := range st.Notices {
			s.note(n)
		}
		return st, nil
	}
	f.Keyring = func() store.Secrets {
		path, err := f.secretsFilePath()
		if err != nil {
			return unusableSecrets{err}
		}
		if path != "" {
			if sf, ok := f.secrets.(*store.SecretsFile); !ok || sf.Path() != path {
				f.secrets = store.NewSecretsFile(path, askPassphrase(s, f.Getenv))
			}
			return f.secrets
		}
		return store.NewKeyring(f.keyringTimeout)
	}
	f.ProfileKeyring = func() store.ProfileSecrets {
		// With --secrets-file the profile's secrets are in that file too.
		switch kr := f.Keyring().(type) {
		case *store.SecretsFile:
			return kr
		case unusableSecrets:
			return kr
		}
		return store.NewKeyring(f.keyringTimeout)
	}
	f.ProfilePath = profile.Path
	return f
}

// openSession opens the data folder and finds the session ref names (a
// name, an ID or an ID prefix).
func openSession(open func() (*store.Store, error), ref string) (*store.Store, *session.Session, error) {
	st, err := open()
	if err != nil {
		return nil, nil, err
	}
	sess, err := st.Resolve(ref)
	if err != nil {
		return nil, nil, err
	}
	return st, sess, nil
}

// detectLang reads the user's locale: English when it says so, else
// Norwegian bokmål.
func detectLang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			if strings.HasPrefix(strings.ToLower(l), "en") {
				return "en"
			}
			return "nb"
		}
	}
	return "nb"
}
