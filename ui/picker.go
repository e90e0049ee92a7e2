package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/store"
)

type pickerMode int

const (
	pickList pickerMode = iota
	pickNew
	pickRename
	pickDelete
	pickImport
	pickTrack   // a new session chooses its track (only with several)
	pickFilter  // a filter on the sessions' names is typed (picker_filter.go)
	pickProfile // the user's profile is filled in (picker_profile.go)
)

// picker is the first screen: the saved sessions, and new/rename/
// delete/import.
type picker struct {
	app  *App
	list []store.Summary
	// shown are the indexes in list of the rows the filter lets through
	// (all of them without one), in the menu's order.
	shown  []int
	bad    []*store.FileError
	loaded bool
	// listErr is why the store could not be listed, at the last try: the
	// list is read again every RelistInterval, and that must not wipe
	// err, what the user's last action (or `resume NAME`) came to.
	listErr error
	// filter is the filter on the names ("/"); its value filters while
	// typed (pickFilter) and after.
	filter textinput.Model
	// fullHelp shows every key ("?").
	fullHelp bool
	// ticking says a re-list timer is under way (picker_switch.go).
	ticking bool
	// notes are the tracks' notices: whether they are folded to a line,
	// and whether the preferences were read (picker_notice.go).
	notes noticeState
	// sessions is the list as a menu; tracks asks which track a new
	// session follows; confirm asks before a delete.
	sessions Menu
	tracks   Menu
	confirm  Confirm
	mode     pickerMode
	input    textinput.Model
	err      error
	info     string
	width    int
	height   int
	// target is the session a rename or delete asks about: the list
	// under the question may change (it is read again every few seconds).
	target store.Summary
	// newName is the new session's name while pickTrack asks which
	// track it follows.
	newName string
	// prof is the profile screen while it shows (picker_profile.go).
	prof profileView

	keys pickerKeys
}

type pickerKeys struct {
	New, Rename, Delete, Import, Dismiss, Quit, Cancel, Confirm, Filter, Help key.Binding
	// Profile opens the user's profile; ProfileInPrompt where p is typed.
	Profile, ProfileInPrompt key.Binding
}

func newPicker(a *App) *picker {
	t := a.t
	ti := textinput.New()
	ti.CharLimit = store.MaxNameLength
	fi := textinput.New()
	fi.CharLimit = store.MaxNameLength
	fi.Prompt = "/ "
	p := &picker{
		app:      a,
		input:    ti,
		filter:   fi,
		sessions: NewMenu(a.opts.Lang, nil),
		tracks:   NewMenu(a.opts.Lang, nil),
		keys: pickerKeys{
			New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ny økt", "new session"))),
			Rename:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("gi nytt navn", "rename"))),
			Delete:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", t("slett", "delete"))),
			Import:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", t("importer", "import"))),
			Dismiss: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t("merknaden", "notice"))),
			Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", t("avslutt", "quit"))),
			Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("avbryt", "cancel"))),
			Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("ok", "ok"))),
			Filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", t("filtrer", "filter"))),
			Help:    key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", t("mer hjelp", "more help"))),
		},
	}
	p.keys.Profile, p.keys.ProfileInPrompt = p.profileKeys()
	p.sessions.Keys.Choose.SetHelp("enter", t("fortsett", "resume"))
	p.tracks.Keys.Choose.SetHelp("enter", t("ok", "ok"))
	return p
}

type listMsg struct {
	list []store.Summary
	bad  []*store.FileError
	err  error
	// prefs are the preferences, read with the first list (nil: not
	// read this time).
	prefs *prefsRead
}

type pickerDoneMsg struct {
	info   string
	err    error
	openID string
	// created: openID is a session the picker just made.
	created bool
}

// Init lists the sessions (with the preferences, the first time) and
// starts the timer that lists them again.
func (p *picker) Init() tea.Cmd {
	prefs := p.prefsCmd()
	list := p.listCmd()
	return tea.Batch(func() tea.Msg {
		msg := list().(listMsg)
		if prefs != nil {
			msg.prefs = prefs()
		}
		return msg
	}, p.startTicking())
}

func (p *picker) listCmd() tea.Cmd {
	st := p.app.opts.Store
	return func() tea.Msg {
		l, bad, err := st.List()
		return listMsg{list: l, bad: bad, err: err}
	}
}

func (p *picker) setSize(w, h int) {
	p.width, p.height = w, h
	p.input.Width = max(20, min(60, w-10))
	if p.prof.screen != nil {
		p.prof.screen.SetSize(p.app.bodySize())
	}
}

func (p *picker) selected() *store.Summary {
	if c := p.sessions.Cursor; c >= 0 && c < len(p.shown) {
		return &p.list[p.shown[c]]
	}
	return nil
}

// setList shows the sessions the store listed that the filter lets
// through, the cursor on the same session as before (or on the same row,
// or the last, when that one is gone).
func (p *picker) setList(list []store.Summary) {
	var was string
	if s := p.selected(); s != nil {
		was = s.ID
	}
	p.list = list
	p.shown = p.filtered()
	cols := p.columns()
	items := make([]MenuItem, len(p.shown))
	for i, n := range p.shown {
		items[i] = p.item(list[n], cols)
	}
	p.sessions.SetItems(items)
	if was != "" {
		p.sessions.Select(was)
	}
}

func (p *picker) prompt(mode pickerMode, value, placeholder string) tea.Cmd {
	p.mode = mode
	p.err = nil
	if mode == pickNew {
		p.notes.profileHint = p.profileHintDue()
	}
	p.input.SetValue(value)
	p.input.Placeholder = placeholder
	p.input.CursorEnd()
	return p.input.Focus()
}

func (p *picker) update(msg tea.Msg) tea.Cmd {
	a := p.app
	if p.mode == pickProfile {
		switch msg.(type) {
		case listMsg, pickerDoneMsg:
		default:
			return p.updateProfile(msg)
		}
	}
	switch msg := msg.(type) {
	case listMsg:
		first := !p.loaded
		p.loaded = true
		p.bad, p.listErr = msg.bad, msg.err
		p.setPrefs(msg.prefs)
		p.setList(msg.list)
		if first && len(p.list) == 0 && msg.err == nil && p.mode == pickList {
			// Nothing to resume: go straight to naming a new session.
			return p.prompt(pickNew, "", a.t("for eksempel kundens eller systemets navn", "for example the client's or the system's name"))
		}
		return nil
	case pickerDoneMsg:
		p.err, p.info = msg.err, msg.info
		if msg.err != nil {
			// Nothing changed; reloading the list would also clear the
			// message before anyone could read it.
			return nil
		}
		if msg.openID != "" {
			return tea.Batch(p.leavePrefs(msg.created), a.openCmd(msg.openID))
		}
		return p.listCmd()
	case tea.KeyMsg:
		if p.mode == pickFilter {
			return p.updateFilter(msg)
		}
		if p.mode != pickList {
			return p.updatePrompt(msg)
		}
		p.info = ""
		if _, chose := p.sessions.Update(msg); chose {
			p.err = nil
			return tea.Batch(p.noticeRead(), a.openCmd(p.selected().ID))
		}
		return p.updateList(msg)
	}
	return nil
}

// updateList handles a key of the list that is not the menu's.
func (p *picker) updateList(msg tea.KeyMsg) tea.Cmd {
	a := p.app
	switch {
	case key.Matches(msg, p.keys.Quit):
		return a.quit()
	case key.Matches(msg, p.keys.Dismiss):
		return p.toggleNotice()
	case key.Matches(msg, p.keys.Help):
		p.fullHelp = !p.fullHelp
	case key.Matches(msg, p.keys.Filter):
		return p.startFilter()
	case key.Matches(msg, p.keys.Cancel):
		p.clearFilter()
	case key.Matches(msg, p.keys.Profile):
		return p.openProfile()
	case key.Matches(msg, p.keys.New):
		return p.prompt(pickNew, "", a.t("for eksempel kundens eller systemets navn", "for example the client's or the system's name"))
	case key.Matches(msg, p.keys.Import):
		return p.prompt(pickImport, "", a.t("sti til en eksportert økt (.json)", "path to an exported session (.json)"))
	case key.Matches(msg, p.keys.Rename):
		if s := p.selected(); s != nil {
			p.target = *s
			return p.prompt(pickRename, s.Name, "")
		}
	case key.Matches(msg, p.keys.Delete):
		if s := p.selected(); s != nil {
			p.target = *s
			p.mode = pickDelete
			p.confirm = NewConfirm(a.opts.Lang, fmt.Sprintf(a.t("Slette «%s» og hemmelighetene dens i nøkkelringen?", "Delete \"%s\" and its secrets in the keyring?"), termtext.Line(s.Name)))
		}
	}
	return nil
}

func (p *picker) updatePrompt(msg tea.KeyMsg) tea.Cmd {
	a := p.app
	if msg.Type == tea.KeyCtrlC {
		// An abort from a pure prompt: exit 130, as shells expect.
		a.aborted = true
		return a.quit()
	}
	if p.mode == pickTrack {
		return p.updateTrackChoice(msg)
	}
	if p.mode == pickNew && key.Matches(msg, p.keys.ProfileInPrompt) {
		return p.openProfile()
	}
	if p.mode == pickDelete {
		switch p.confirm.Update(msg) {
		case Yes:
			p.mode = pickList
			return p.deleteCmd(p.target)
		case No:
			p.mode = pickList
		}
		return nil
	}
	switch {
	case key.Matches(msg, p.keys.Cancel):
		p.mode = pickList
		p.err = nil
		p.input.Blur()
		return nil
	case key.Matches(msg, p.keys.Confirm):
		value := strings.TrimSpace(p.input.Value())
		switch p.mode {
		case pickNew, pickRename:
			if err := store.CheckName(value); err != nil {
				p.err = localizeNameError(a.opts.Lang, err)
				return nil // keep what was typed
			}
		case pickImport:
			if value == "" {
				p.err = fmt.Errorf("%s", a.t("Skriv stien til filen", "Type the path of the file"))
				return nil
			}
		}
		mode := p.mode
		p.mode = pickList
		p.input.Blur()
		switch mode {
		case pickNew:
			if len(a.opts.Tracks) > 1 {
				// Which track the new session follows; the first is the
				// default.
				p.mode, p.newName = pickTrack, value
				p.tracks.Cursor = 0
				return nil
			}
			return p.createCmd(value, p.defaultTrack())
		case pickRename:
			return p.renameCmd(p.target.ID, value)
		case pickImport:
			return p.importCmd(value)
		}
		return nil
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

func localizeNameError(lang string, err error) error {
	if lang == "en" {
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "needs a name"):
		//lint:ignore ST1005 shown under the field as a sentence
		return fmt.Errorf("Økten trenger et navn")
	case strings.Contains(msg, "longer than"):
		//lint:ignore ST1005 shown under the field as a sentence
		return fmt.Errorf("Navnet kan ha høyst %d tegn", store.MaxNameLength)
	case strings.Contains(msg, "one line"):
		//lint:ignore ST1005 shown under the field as a sentence
		return fmt.Errorf("Navnet må være én linje uten kontrolltegn")
	}
	return err
}

// defaultTrack is the track new sessions follow unless the user chooses.
func (p *picker) defaultTrack() string {
	if len(p.app.opts.Tracks) == 0 {
		return ""
	}
	return p.app.opts.Tracks[0].ID
}

// updateTrackChoice moves on the list of tracks; enter makes the session
// on the one chosen, esc goes back to its name.
func (p *picker) updateTrackChoice(msg tea.KeyMsg) tea.Cmd {
	p.tracks.SetItems(p.trackItems())
	if _, chose := p.tracks.Update(msg); chose {
		p.mode = pickList
		return p.createCmd(p.newName, p.tracks.Selected().Key)
	}
	if key.Matches(msg, p.keys.Cancel) {
		return p.prompt(pickNew, p.newName, "")
	}
	return nil
}

// trackItems are the tracks a new session can follow, each with what it
// is for.
func (p *picker) trackItems() []MenuItem {
	lang := p.app.opts.Lang
	items := make([]MenuItem, len(p.app.opts.Tracks))
	for i, t := range p.app.opts.Tracks {
		// The description is read whole: wrapped, never cut with "…".
		items[i] = MenuItem{Key: t.ID, Label: t.Title(lang), Wrap: true}
		if t.Description != nil {
			items[i].Label += " – " + t.Description(lang)
		}
	}
	return items
}

func (p *picker) createCmd(name, track string) tea.Cmd {
	st := p.app.opts.Store
	p.app.in.creating = true // keys wait for the new session (input.go)
	return func() tea.Msg {
		s, err := st.Create(name, track)
		if err != nil {
			return pickerDoneMsg{err: err}
		}
		return pickerDoneMsg{openID: s.ID, created: true}
	}
}

func (p *picker) renameCmd(id, name string) tea.Cmd {
	st, t := p.app.opts.Store, p.app.t
	return func() tea.Msg {
		s, err := st.Rename(id, name)
		if err != nil {
			return pickerDoneMsg{err: err}
		}
		return pickerDoneMsg{info: fmt.Sprintf(t("Økten heter nå «%s».", "The session is now called \"%s\"."), termtext.Line(s.Name))}
	}
}

func (p *picker) deleteCmd(s store.Summary) tea.Cmd {
	st, secrets, t := p.app.opts.Store, p.app.opts.Secrets, p.app.t
	var names []string // the secrets the session's track keeps
	if tr := p.app.opts.Tracks.Find(s.Track); tr != nil {
		names = tr.SecretNames()
	}
	return func() tea.Msg {
		sess, err := st.Load(s.ID)
		if err != nil {
			return pickerDoneMsg{err: err}
		}
		if err := st.Delete(sess, secrets, names); err != nil {
			return pickerDoneMsg{err: err}
		}
		return pickerDoneMsg{info: fmt.Sprintf(t("Slettet «%s» og hemmelighetene dens.", "Deleted \"%s\" and its secrets."), termtext.Line(s.Name))}
	}
}

func (p *picker) importCmd(path string) tea.Cmd {
	st, t, check := p.app.opts.Store, p.app.t, p.app.opts.ImportCheck
	return func() tea.Msg {
		if strings.HasPrefix(path, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				path = filepath.Join(home, path[2:])
			}
		}
		// A FIFO or device is refused at once (it would block this
		// command for ever); the store bounds what it reads.
		f, err := safefile.Open(path, false)
		if err != nil {
			return pickerDoneMsg{err: err}
		}
		defer f.Close()
		s, err := st.Import(f, path, check)
		if err != nil {
			return pickerDoneMsg{err: err}
		}
		return pickerDoneMsg{info: fmt.Sprintf(t("Importerte «%s».", "Imported \"%s\"."), termtext.Line(s.Name))}
	}
}
