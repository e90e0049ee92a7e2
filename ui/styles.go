package ui

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles are every lipgloss style the UI uses, in one place.
type Styles struct {
	App, Header, Title, SessionName, Dim, Footer, Status, Error, Notice lipgloss.Style
	StepDone, StepCurrent, StepTodo, StepProblem                        lipgloss.Style
	Selected, Item, Box, Heading, Label, Value, Warn                    lipgloss.Style
}

// NewStyles returns the styles; with noColor every style is plain (bold
// and reverse only), as NO_COLOR asks.
func NewStyles(noColor bool) Styles {
	r := lipgloss.NewRenderer(nil)
	if noColor {
		r.SetColorProfile(termenv.Ascii)
	}
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
