package steps

import (
	"path/filepath"
	"time"

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
