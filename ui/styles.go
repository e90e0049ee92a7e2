package ui

import (
	"io"
	"sync"
	"sync/atomic"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles are every lipgloss style the UI uses, in one place.
type Styles struct {
	App, Header, Title, SessionName, Dim, Footer, Status, Error, Notice lipgloss.Style
	StepDone, StepCurrent, StepTodo, StepProblem                        lipgloss.Style
	Selected, Item, Box, Heading, Label, Value, Warn                    lipgloss.Style
}

// stylesBuilt counts newStyles calls; tests hold the program to one.
var stylesBuilt atomic.Int64

// newStyles builds the styles for a background (dark or light); with
// noColor every style is plain (bold and reverse only), as NO_COLOR asks.
//
// The App calls it once, when it knows the background, and hands the
// result to every screen in Context.Styles. Never call it from a screen
// or a View: the renderer it makes writes nowhere and is told the colour
// profile and background, so it never asks the terminal; a renderer that
// did (lipgloss.NewRenderer(nil) with AdaptiveColor) would write OSC 11
// to the terminal and wait for a reply that bubbletea's input reader
// takes, losing keys or stalling frames 5 s.
func newStyles(noColor, dark bool) Styles {
	stylesBuilt.Add(1)
	r := lipgloss.NewRenderer(io.Discard)
	profile := lipgloss.ColorProfile() // from TERM and friends; never a query
	if noColor {
		profile = termenv.Ascii
	}
	r.SetColorProfile(profile)
	r.SetHasDarkBackground(dark)
	accent := lipgloss.AdaptiveColor{Light: "#1F4E79", Dark: "#7FB3E6"}
	green := lipgloss.AdaptiveColor{Light: "#2E7D32", Dark: "#81C784"}
	red := lipgloss.AdaptiveColor{Light: "#B71C1C", Dark: "#EF9A9A"}
	dim := lipgloss.AdaptiveColor{Light: "#666666", Dark: "#9E9E9E"}
	amber := lipgloss.AdaptiveColor{Light: "#8D6E00", Dark: "#FFD54F"}
	s := Styles{
		App:         r.NewStyle().Padding(0, 1),
		Header:      r.NewStyle(),
		Title:       r.NewStyle().Bold(true).Foreground(accent),
		SessionName: r.NewStyle().Bold(true),
		Dim:         r.NewStyle().Foreground(dim),
		Footer:      r.NewStyle().Foreground(dim),
		Status:      r.NewStyle().Foreground(green),
		Error:       r.NewStyle().Foreground(red).Bold(true),
		Notice:      r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(amber).Padding(0, 1),
		StepDone:    r.NewStyle().Foreground(green),
		StepCurrent: r.NewStyle().Bold(true).Foreground(accent).Underline(true),
		StepTodo:    r.NewStyle().Foreground(dim),
		StepProblem: r.NewStyle().Foreground(red),
		Selected:    r.NewStyle().Bold(true).Foreground(accent),
		Item:        r.NewStyle(),
		Box:         r.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(dim).Padding(0, 1),
		Heading:     r.NewStyle().Bold(true).Foreground(accent),
		Label:       r.NewStyle().Foreground(dim),
		Value:       r.NewStyle(),
		Warn:        r.NewStyle().Foreground(amber),
	}
	if noColor {
		s.StepCurrent = r.NewStyle().Bold(true).Underline(true)
		s.Selected = r.NewStyle().Bold(true).Reverse(true)
	}
	return s
}

// plainStyles are the styles of a Context the App did not make (tests
// that build a screen alone): no colour, built once per process.
var plainStyles = sync.OnceValue(func() *Styles {
	s := newStyles(true, true)
	return &s
})
