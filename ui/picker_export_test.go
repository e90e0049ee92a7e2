package ui

import tea "github.com/charmbracelet/bubbletea"

// RelistTick is the picker's timer firing: it lists the store again.
func RelistTick() tea.Msg { return relistTickMsg{} }
