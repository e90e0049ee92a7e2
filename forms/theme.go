package forms

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"
)

// ThemeFor returns the wizard's form theme: calm colours (one blue accent,
// grey help, a muted red for problems) or, when noColor is set (NO_COLOR,
// --no-color), no colour at all, with bold, faint and reverse video doing
// the work.
func ThemeFor(noColor bool) *huh.Theme {
	if noColor {
		return plainTheme()
	}
	t := huh.ThemeBase()
	var (
		text   = lipgloss.AdaptiveColor{Light: "235", Dark: "252"}
		muted  = lipgloss.AdaptiveColor{Light: "243", Dark: "246"}
		faint  = lipgloss.AdaptiveColor{Light: "250", Dark: "240"}
		accent = lipgloss.AdaptiveColor{Light: "#1F5FA8", Dark: "#8AB8F0"}
		good   = lipgloss.AdaptiveColor{Light: "#2B7A4B", Dark: "#7CC59B"}
		bad    = lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#EE9A94"}
	)

	f := &t.Focused
	f.Base = f.Base.BorderForeground(accent)
	f.Card = f.Base
	f.Title = f.Title.Foreground(accent).Bold(true)
	f.NoteTitle = f.NoteTitle.Foreground(accent).Bold(true).MarginBottom(1)
	f.Description = f.Description.Foreground(muted)
	f.ErrorIndicator = f.ErrorIndicator.Foreground(bad)
	f.ErrorMessage = f.ErrorMessage.Foreground(bad)
	f.SelectSelector = f.SelectSelector.Foreground(accent)
	f.NextIndicator = f.NextIndicator.Foreground(accent)
	f.PrevIndicator = f.PrevIndicator.Foreground(accent)
	f.Option = f.Option.Foreground(text)
	f.MultiSelectSelector = f.MultiSelectSelector.Foreground(accent)
	f.SelectedOption = f.SelectedOption.Foreground(good)
	f.SelectedPrefix = lipgloss.NewStyle().Foreground(good).SetString("[x] ")
	f.UnselectedPrefix = lipgloss.NewStyle().Foreground(muted).SetString("[ ] ")
	f.UnselectedOption = f.UnselectedOption.Foreground(text)
	f.FocusedButton = f.FocusedButton.Foreground(lipgloss.Color("255")).Background(accent)
	f.Next = f.FocusedButton
	f.BlurredButton = f.BlurredButton.Foreground(text).Background(faint)
	f.TextInput.Cursor = f.TextInput.Cursor.Foreground(accent)
	f.TextInput.Placeholder = f.TextInput.Placeholder.Foreground(faint)
	f.TextInput.Prompt = f.TextInput.Prompt.Foreground(accent)

	t.Blurred = t.Focused
	t.Blurred.Base = t.Focused.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.Title = t.Blurred.Title.Foreground(text).Bold(false)
	t.Blurred.MultiSelectSelector = lipgloss.NewStyle().SetString("  ")
	t.Blurred.NextIndicator = lipgloss.NewStyle()
	t.Blurred.PrevIndicator = lipgloss.NewStyle()

	t.Group.Title = t.Focused.Title
	t.Group.Description = t.Focused.Description
	return t
}

// plainTheme is huh's base theme with every colour taken out.
func plainTheme() *huh.Theme {
	t := huh.ThemeBase()
	f := &t.Focused
	f.Title = f.Title.Bold(true)
	f.NoteTitle = f.NoteTitle.Bold(true).MarginBottom(1)
	f.Description = f.Description.Faint(true)
	f.SelectedPrefix = lipgloss.NewStyle().SetString("[x] ")
	f.FocusedButton = lipgloss.NewStyle().Padding(0, 2).MarginRight(1).Reverse(true)
	f.Next = f.FocusedButton
	f.BlurredButton = lipgloss.NewStyle().Padding(0, 2).MarginRight(1)
	f.TextInput.Placeholder = lipgloss.NewStyle().Faint(true)

	t.Blurred = t.Focused
	t.Blurred.Base = t.Focused.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.Title = lipgloss.NewStyle()
	t.Blurred.MultiSelectSelector = lipgloss.NewStyle().SetString("  ")
	t.Blurred.NextIndicator = lipgloss.NewStyle()
	t.Blurred.PrevIndicator = lipgloss.NewStyle()

	t.Group.Title = t.Focused.Title
	t.Group.Description = t.Focused.Description

	plain := lipgloss.NewStyle()
	t.Help = help.Styles{
		Ellipsis:       plain,
		ShortKey:       plain,
		ShortDesc:      plain.Faint(true),
		ShortSeparator: plain.Faint(true),
		FullKey:        plain,
		FullDesc:       plain.Faint(true),
		FullSeparator:  plain.Faint(true),
	}
	return t
}

// KeyMapFor returns huh's default keys with their help line in the given
// language. The keys themselves are huh's, with two changes: shift+tab is
// named "previous field" (esc, the wizard's own key, is "previous
// screen": one help line must not name two keys "back"), and in Norwegian
// a confirm's yes is j (y still works).
func KeyMapFor(l Lang) *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	if l == EN {
		const back = "previous field"
		for _, b := range []*key.Binding{&k.Input.Prev, &k.Text.Prev, &k.Select.Prev, &k.MultiSelect.Prev, &k.Note.Prev, &k.Confirm.Prev, &k.FilePicker.Prev} {
			b.SetHelp("shift+tab", back)
		}
		return k
	}
	const (
		back   = "forrige felt"
		next   = "neste"
		submit = "ferdig"
	)
	k.FilePicker.Prev.SetHelp("shift+tab", back)
	k.Input.AcceptSuggestion.SetHelp("ctrl+e", "fullfør")
	k.Input.Prev.SetHelp("shift+tab", back)
	k.Input.Next.SetHelp("enter", next)
	k.Input.Submit.SetHelp("enter", submit)

	k.Text.Prev.SetHelp("shift+tab", back)
	k.Text.Next.SetHelp("enter", next)
	k.Text.Submit.SetHelp("enter", submit)
	k.Text.NewLine.SetHelp("alt+enter / ctrl+j", "ny linje")
	k.Text.Editor.SetHelp("ctrl+e", "åpne i editor")

	k.Select.Prev.SetHelp("shift+tab", back)
	k.Select.Next.SetHelp("enter", "velg")
	k.Select.Submit.SetHelp("enter", submit)
	k.Select.Up.SetHelp("↑", "opp")
	k.Select.Down.SetHelp("↓", "ned")
	k.Select.Left.SetHelp("←", "venstre")
	k.Select.Right.SetHelp("→", "høyre")
	k.Select.Filter.SetHelp("/", "filtrer")
	k.Select.SetFilter.SetHelp("esc", "bruk filteret")
	k.Select.ClearFilter.SetHelp("esc", "fjern filteret")
	k.Select.HalfPageUp.SetHelp("ctrl+u", "½ side opp")
	k.Select.HalfPageDown.SetHelp("ctrl+d", "½ side ned")
	k.Select.GotoTop.SetHelp("g/home", "til starten")
	k.Select.GotoBottom.SetHelp("G/end", "til slutten")

	k.MultiSelect.Prev.SetHelp("shift+tab", back)
	k.MultiSelect.Next.SetHelp("enter", "bekreft")
	k.MultiSelect.Submit.SetHelp("enter", submit)
	k.MultiSelect.Toggle.SetHelp("x/mellomrom", "kryss av")
	k.MultiSelect.Up.SetHelp("↑", "opp")
	k.MultiSelect.Down.SetHelp("↓", "ned")
	k.MultiSelect.Filter.SetHelp("/", "filtrer")
	k.MultiSelect.SetFilter.SetHelp("esc", "bruk filteret")
	k.MultiSelect.ClearFilter.SetHelp("esc", "fjern filteret")
	k.MultiSelect.HalfPageUp.SetHelp("ctrl+u", "½ side opp")
	k.MultiSelect.HalfPageDown.SetHelp("ctrl+d", "½ side ned")
	k.MultiSelect.GotoTop.SetHelp("g/home", "til starten")
	k.MultiSelect.GotoBottom.SetHelp("G/end", "til slutten")
	k.MultiSelect.SelectAll.SetHelp("ctrl+a", "velg alle")
	k.MultiSelect.SelectNone.SetHelp("ctrl+a", "velg ingen")

	k.Note.Prev.SetHelp("shift+tab", back)
	k.Note.Next.SetHelp("enter", next)
	k.Note.Submit.SetHelp("enter", submit)

	k.Confirm.Prev.SetHelp("shift+tab", back)
	k.Confirm.Next.SetHelp("enter", next)
	k.Confirm.Submit.SetHelp("enter", submit)
	k.Confirm.Toggle.SetHelp("←/→", "bytt")
	k.Confirm.Accept = key.NewBinding(key.WithKeys("j", "J", "y", "Y"), key.WithHelp("j", "ja"))
	k.Confirm.Reject.SetHelp("n", "nei")
	return k
}
