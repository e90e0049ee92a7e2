package ui

// The user's own profile, filled in from the picker: its p key (ctrl+p
// while a new session is named, where p is a letter of the name), offered
// on the first run in place of the profile hint. The screen comes from
// Options.ProfileScreen (package steps builds it); it is drawn in the
// wizard's frame, which scrolls it to its focus.

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Reporter is a screen that says, once Done, what it came to (where the
// profile was saved); the picker shows it under the list.
type Reporter interface{ Report() string }

// Waiter is a screen not yet ready for keys (it is reading what it
// shows): keys typed meanwhile are held, in order, until it is.
type Waiter interface{ Waiting() bool }

// profileView is the profile screen while it shows.
type profileView struct {
	screen Screen
	// from is the mode the picker was in: it goes back there.
	from pickerMode
	// saved: a profile was saved in this run, so the first run's offer
	// is not made again.
	saved bool
}

// profileKeys are the keys that open the profile: p on the list,
// ctrl+p in a prompt.
func (p *picker) profileKeys() (onList, inPrompt key.Binding) {
	t := p.app.t
	onList = key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t("profil", "profile")))
	inPrompt = key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", t("din profil", "your profile")))
	if p.app.opts.ProfileScreen == nil {
		onList.SetEnabled(false)
		inPrompt.SetEnabled(false)
	}
	return onList, inPrompt
}

// openProfile shows the profile screen over the mode the picker is in.
func (p *picker) openProfile() tea.Cmd {
	a := p.app
	w, h := a.bodySize()
	ctx := &Context{Lang: a.opts.Lang, NoColor: a.opts.NoColor, Width: w, Height: h, styles: &a.styles}
	keys := newKeyMap(a.opts.Lang, 1)
	ctx.keys = &keys
	scr := a.opts.ProfileScreen(ctx)
	scr.SetSize(w, h)
	p.prof.screen, p.prof.from = scr, p.mode
	p.mode, p.err, p.info = pickProfile, nil, ""
	p.input.Blur()
	return scr.Init()
}

// updateProfile hands msg to the profile screen: esc leaves it without
// saving (unless the screen takes esc), ctrl+c quits, and once it is
// done the picker says what it came to.
func (p *picker) updateProfile(msg tea.Msg) tea.Cmd {
	a := p.app
	scr := p.prof.screen
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case k.Type == tea.KeyCtrlC:
			a.aborted = p.prof.from != pickList // as from the prompt it came from
			return a.quit()
		case key.Matches(k, p.keys.Cancel):
			if bh, ok := scr.(BackHandler); ok {
				if handled, cmd := bh.HandleBack(); handled {
					return cmd
				}
			}
			return p.closeProfile(a.t("Profilen er ikke endret.", "The profile is unchanged."))
		}
	}
	scr, cmd := scr.Update(msg)
	p.prof.screen = scr
	if !scr.Done() {
		return cmd
	}
	report := ""
	if r, ok := scr.(Reporter); ok {
		report = r.Report()
	}
	p.prof.saved = true
	p.notes.profileHint = false
	return tea.Batch(cmd, p.closeProfile(report))
}

// closeProfile goes back to where the profile was opened from, saying
// info.
func (p *picker) closeProfile(info string) tea.Cmd {
	p.mode = p.prof.from
	p.prof.screen = nil
	p.info = info
	if p.mode == pickNew || p.mode == pickRename || p.mode == pickImport {
		return p.input.Focus() // what was typed is still there
	}
	return nil
}

// profileWaiting says the profile screen shows and is not ready for keys.
func (p *picker) profileWaiting() bool {
	w, ok := p.prof.screen.(Waiter)
	return p.mode == pickProfile && ok && w.Waiting()
}

// profileOffer is the first run's offer, in place of the profile hint,
// where a new session is named.
func (p *picker) profileOffer() string {
	a := p.app
	if a.opts.ProfileScreen == nil {
		return a.opts.ProfileHint(a.opts.Lang)
	}
	return a.t("Ingen profil ennå: trykk ctrl+p for å fylle den inn nå (navn, e-post, telefon, SMTP …), så får hver ny økt dem som standard. Eller skriv navnet på økten og fortsett.",
		"No profile yet: press ctrl+p to fill it in now (name, e-mail, phone, SMTP …), and every new session gets them as defaults. Or type the session's name and go on.")
}

// profileFrame draws the profile screen in the wizard's frame: a title,
// the screen scrolled to its focus, its keys.
func (p *picker) profileFrame() string {
	a := p.app
	s := a.styles
	w, h := a.bodySize()
	title := s.Title.Render(a.opts.Title) + s.Dim.Render(" · ") + s.SessionName.Render(a.t("Din profil", "Your profile"))
	sub := s.Dim.Render(Clip(a.t("Standardverdier for nye økter", "Defaults for new sessions"), w))
	header := lipgloss.JoinVertical(lipgloss.Left, title, sub, s.Dim.Render(strings.Repeat("─", w)))
	cancel := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", a.t("tilbake uten å lagre", "back without saving")))
	quit := key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", a.t("avslutt", "quit")))
	keys := append(append([]key.Binding{}, p.prof.screen.KeyBindings()...), cancel, quit)
	footer := "\n" + shortHelpView(a.help.Styles, keys, len(keys)-2, w)
	h = max(1, h-(lipgloss.Height(footer)-2))
	return frame(header, p.prof.screen.View(), footer, w, h, a.scrollMarks)
}
