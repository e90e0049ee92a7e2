package steps

import (
	"os"
	"path/filepath"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Deps are what the steps need from outside the terminal. Each step's
// constructor takes them (Registration(d), AltinnII(d)), and its screens
// keep them; ui.Context, which the app hands every screen, holds terminal
// matters only. A test gives fakes here (a keyring in memory, a fixed
// clock, a temporary folder). Later tracks add what they need (an HTTP
// client, a token source) as fields.
type Deps struct {
	// Secrets is the OS keyring. Call it only inside a tea.Cmd: it may
	// wait for an unlock prompt.
	Secrets store.Secrets
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// DataDir is the data folder.
	DataDir string
	// OutputBase is where each session's generated files go by default,
	// one folder per session inside it (empty: <DataDir>/output).
	OutputBase string

	// Altinn3 is the Altinn 3 track's service layer (internal/altinn3),
	// one for all its steps, so a token got in one step serves the next.
	// Nil: Altinn3(d) makes one with Secrets, Now and Getenv.
	Altinn3 *altinn3.Onboarding
	// Version is the program's version, for the User-Agent of the
	// Onboarding Altinn3(d) makes.
	Version string
	// Getenv reads the environment (nil: os.Getenv): the
	// ALTINN_ONBOARD_*_URL overrides of Maskinporten and Altinn.
	Getenv func(string) string
	// Tick schedules the next status poll of a system-user request after
	// d (nil: tea.Tick). A test gives one that acts as the customer who
	// decides while the program waits.
	Tick func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
	// Lookup asks Enhetsregisteret for the organisation numbers typed
	// (nil: no lookups).
	Lookup *OrgLookup

	// ProfilePath finds the user's profile file, whose smtp.* keys say
	// how e-mails are sent (nil: there is none, and sending says how to
	// make one). Call it only inside a tea.Cmd.
	ProfilePath func() (string, error)
	// ProfileSecrets holds the profile's secrets (the SMTP password): the
	// OS keyring, or the secrets file when that is in use. Call it only
	// inside a tea.Cmd: it may wait for an unlock prompt.
	ProfileSecrets store.ProfileSecrets
	// SendTimeout is how long sending waits for the SMTP server's
	// answers (0: mail.DefaultTimeout).
	SendTimeout time.Duration
}

func (d Deps) getenv() func(string) string {
	if d.Getenv == nil {
		return os.Getenv
	}
	return d.Getenv
}

func (d Deps) tick(wait time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	if d.Tick == nil {
		return tea.Tick(wait, fn)
	}
	return d.Tick(wait, fn)
}

// withAltinn3 is d with its Altinn 3 service layer made, when it has none.
func (d Deps) withAltinn3() Deps {
	if d.Altinn3 != nil {
		return d
	}
	version := d.Version
	if version == "" {
		version = "dev"
	}
	o := altinn3.New(altinn3.NewClient(version), d.Secrets, d.getenv())
	o.Now = d.Now
	d.Altinn3 = o
	return d
}

// now is the time by the deps' clock.
func (d Deps) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

// OutputDir is where a session's files go: its own setting, else a
// folder named after the session under the base folder.
func (d Deps) OutputDir(s *session.Session) string {
	if dir := s.Settings.OutputDir; dir != "" {
		return dir
	}
	base := d.OutputBase
	if base == "" {
		base = filepath.Join(d.DataDir, "output")
	}
	return filepath.Join(base, Slug(s.Name))
}

// screen adapts a screen constructor that takes the deps to the app's
// ui.ScreenSpec.New.
func (d Deps) screen(newScreen func(ctx *ui.Context, d Deps, field string) ui.Screen) func(*ui.Context, string) ui.Screen {
	return func(ctx *ui.Context, field string) ui.Screen { return newScreen(ctx, d, field) }
}
