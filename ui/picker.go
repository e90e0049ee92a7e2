package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

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
	pickTrack // a new session chooses its track (only with several)
)

// picker is the first screen: the saved sessions, and new/rename/
// delete/import.
type picker struct {
	app    *App
	list   []store.Summary
	bad    []*store.FileError
	loaded bool
	// sessions is the list as a menu; tracks asks which track a new
	// session follows; confirm asks before a delete.
	sessions Menu
	tracks   Menu
	confirm  Confirm
	mode     pickerMode
	input    textinput.Model
	err      error
	info     string
	notice   bool
	width    int
	height   int
	// newName is the new session's name while pickTrack asks which
	// track it follows.
	newName string

	keys pickerKeys
}

type pickerKeys struct {
	New, Rename, Delete, Import, Dismiss, Quit, Cancel, Confirm key.Binding
}

func newPicker(a *App) *picker {
	t := a.t
	ti := textinput.New()
	ti.CharLimit = store.MaxNameLength
	p := &picker{
		app:      a,
		input:    ti,
		notice:   !a.opts.HideNotice,
		sessions: NewMenu(a.opts.Lang, nil),
		tracks:   NewMenu(a.opts.Lang, nil),
		keys: pickerKeys{
			New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ny økt", "new session"))),
			Rename:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("gi nytt navn", "rename"))),
			Delete:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", t("slett", "delete"))),
			Import:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", t("importer", "import"))),
			Dismiss: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t("skjul merknaden", "hide notice"))),
			Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", t("avslutt", "quit"))),
			Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("avbryt", "cancel"))),
			Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("ok", "ok"))),
		},
	}
	p.sessions.Keys.Choose.SetHelp("enter", t("fortsett", "resume"))
	p.tracks.Keys.Choose.SetHelp("enter", t("ok", "ok"))
	return p
}

type listMsg struct {
	list []store.Summary
	bad  []*store.FileError
	err  error
}

type pickerDoneMsg struct {
	info   string
	err    error
	openID string
}

func (p *picker) Init() tea.Cmd { return p.listCmd() }

func (p *picker) listCmd() tea.Cmd {
	st := p.app.opts.Store
	return func() tea.Msg {
		l, bad, err := st.List()
		return listMsg{l, bad, err}
	}
}

func (p *picker) setSize(w, h int) {
	p.width, p.height = w, h
	p.input.Width = max(20, min(60, w-10))
}

func (p *picker) selected() *store.Summary {
	if c := p.sessions.Cursor; c >= 0 && c < len(p.list) {
		return &p.list[c]
	}
	return nil
}

// setList shows the sessions the store listed, the cursor on the same
// row as before (or the last).
func (p *picker) setList(list []store.Summary) {
	p.list = list
	items := make([]MenuItem, len(list))
	for i, it := range list {
		items[i] = MenuItem{Key: it.ID, Label: p.row(it)}
	}
	p.sessions.SetItems(items)
}

func (p *picker) prompt(mode pickerMode, value, placeholder string) tea.Cmd {
	p.mode = mode
	p.err = nil
	p.input.SetValue(value)
	p.input.Placeholder = placeholder
	p.input.CursorEnd()
	return p.input.Focus()
}

func (p *picker) update(msg tea.Msg) tea.Cmd {
	a := p.app
	switch msg := msg.(type) {
	case listMsg:
		p.loaded = true
		p.bad, p.err = msg.bad, msg.err
		p.setList(msg.list)
		if len(p.list) == 0 && msg.err == nil && p.mode == pickList {
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
			return a.openCmd(msg.openID)
		}
		return p.listCmd()
	case tea.KeyMsg:
		if p.mode != pickList {
			return p.updatePrompt(msg)
		}
		p.info = ""
		if _, chose := p.sessions.Update(msg); chose {
			p.err = nil
			return a.openCmd(p.selected().ID)
		}
		switch {
		case key.Matches(msg, p.keys.Quit):
			return a.quit()
		case key.Matches(msg, p.keys.Dismiss):
			p.notice = false
		case key.Matches(msg, p.keys.New):
			return p.prompt(pickNew, "", a.t("for eksempel kundens eller systemets navn", "for example the client's or the system's name"))
		case key.Matches(msg, p.keys.Import):
			return p.prompt(pickImport, "", a.t("sti til en eksportert økt (.json)", "path to an exported session (.json)"))
		case key.Matches(msg, p.keys.Rename):
			if s := p.selected(); s != nil {
				return p.prompt(pickRename, s.Name, "")
			}
		case key.Matches(msg, p.keys.Delete):
			if s := p.selected(); s != nil {
				p.mode = pickDelete
				p.confirm = NewConfirm(a.opts.Lang, fmt.Sprintf(a.t("Slette «%s» og hemmelighetene dens i nøkkelringen?", "Delete \"%s\" and its secrets in the keyring?"), termtext.Line(s.Name)))
			}
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
	if p.mode == pickDelete {
		switch p.confirm.Update(msg) {
		case Yes:
			s := *p.selected()
			p.mode = pickList
			return p.deleteCmd(s)
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
			return p.renameCmd(p.selected().ID, value)
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
		items[i] = MenuItem{Key: t.ID, Label: t.Title(lang)}
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
		return pickerDoneMsg{openID: s.ID}
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

// notices are the tracks' notices, in the order of the tracks.
func (p *picker) notices() []string {
	var out []string
	for _, t := range p.app.opts.Tracks {
		if t.Notice != nil {
			if n := t.Notice(p.app.opts.Lang); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// row is the list's line of one session: its name, what its track says
// of it (the vendor, say), how far it is, when it changed.
func (p *picker) row(it store.Summary) string {
	a := p.app
	step := "–"
	label := ""
	if tr := a.opts.Tracks.Find(it.Track); tr != nil {
		step = a.rowStatus(tr, it).Label(a.opts.Lang)
		if tr.Label != nil {
			label = tr.Label(it)
		}
	}
	// Names and labels may come from an import: shown, never sent to
	// the terminal (termtext.Line).
	label = termtext.Line(label)
	if label == "" {
		label = "–"
	}
	vw := max(16, min(40, p.width-2-2-20-1-1-10-1-16-2))
	return fmt.Sprintf("%s %s %-10s %s", Pad(Clip(termtext.Line(it.Name), 20), 20), Pad(Clip(label, vw), vw), step, it.UpdatedAt.Local().Format("02.01.2006 15:04"))
}

func (p *picker) view() string {
	a := p.app
	s := a.styles
	width := max(p.width-2, 20)
	var b strings.Builder
	b.WriteString(s.Title.Render(a.opts.Title))
	if a.opts.Tagline != nil {
		b.WriteString(s.Dim.Render(" · " + a.opts.Tagline(a.opts.Lang)))
	}
	b.WriteString("\n\n")
	notices := p.notices()
	if p.notice && len(notices) > 0 {
		for _, n := range notices {
			b.WriteString(s.Notice.Width(max(30, min(p.width-4, 96))).Render(n) + "\n")
		}
		b.WriteString(s.Dim.Render(a.t("  (x skjuler merknaden)", "  (x hides this notice)")) + "\n\n")
	}
	if !p.loaded {
		b.WriteString(s.Dim.Render(a.t("Henter økter …", "Loading sessions …")) + "\n")
	} else if len(p.list) == 0 {
		b.WriteString(a.t("Ingen lagrede økter ennå.", "No saved sessions yet.") + "\n")
	} else {
		b.WriteString(s.Heading.Render(a.t("Økter (nyeste først)", "Sessions (newest first)")) + "\n")
		// How many rows fit: keep the bottom for prompts and help.
		room := max(3, p.height-strings.Count(b.String(), "\n")-8)
		p.setList(p.list) // the rows' widths follow the window's
		b.WriteString(p.sessions.View(&s, width, room) + "\n")
		if len(p.list) == 1 && p.mode == pickList {
			b.WriteString(s.Dim.Render(fmt.Sprintf(a.t("Trykk enter for å fortsette med «%s».", "Press enter to resume \"%s\"."), termtext.Line(p.list[0].Name))) + "\n")
		}
	}
	for _, bad := range p.bad {
		b.WriteString(s.Warn.Render(Wrap(fmt.Sprintf(a.t("Kunne ikke lese %s: %s (filen er beholdt urørt)", "Could not read %s: %s (the file is kept as it is)"), termtext.Line(bad.Path), errText(bad.Err, a.opts.Lang)), width)) + "\n")
	}
	b.WriteString("\n")
	p.promptView(&b, width)
	// Whole, wrapped: who holds a lock, a full disk, a track this
	// program does not know.
	if p.err != nil {
		msg := Message{Text: errText(p.err, a.opts.Lang), Err: true}
		b.WriteString(msg.View(&s, width) + "\n")
	}
	if p.info != "" {
		msg := Message{Text: termtext.Text(p.info)}
		b.WriteString(msg.View(&s, width) + "\n")
	}
	b.WriteString("\n" + a.help.ShortHelpView(p.helpKeys(len(notices) > 0)))
	return s.App.Render(lipgloss.NewStyle().MaxWidth(width).Render(b.String()))
}

// promptView is what the mode asks: a name, a path, a track, yes or no.
func (p *picker) promptView(b *strings.Builder, width int) {
	a := p.app
	s := a.styles
	switch p.mode {
	case pickNew:
		b.WriteString(a.t("Navn på den nye økten:", "Name of the new session:") + "\n" + p.input.View() + "\n")
	case pickRename:
		b.WriteString(a.t("Nytt navn:", "New name:") + "\n" + p.input.View() + "\n")
	case pickImport:
		b.WriteString(a.t("Importer økt fra fil:", "Import a session from a file:") + "\n" + p.input.View() + "\n")
	case pickTrack:
		b.WriteString(fmt.Sprintf(a.t("Hvilket spor skal «%s» følge?", "Which track will \"%s\" follow?"), termtext.Line(p.newName)) + "\n")
		p.tracks.SetItems(p.trackItems())
		b.WriteString(p.tracks.View(&s, width, 0) + "\n")
	case pickDelete:
		b.WriteString(p.confirm.View(&s, width) + "\n")
	}
}

// helpKeys are the keys the mode takes, most used first (a narrow window
// cuts the end of the line).
func (p *picker) helpKeys(notices bool) []key.Binding {
	switch p.mode {
	case pickList:
		keys := []key.Binding{p.sessions.Keys.Choose, p.keys.New, p.sessions.Keys.Up, p.keys.Quit, p.keys.Rename, p.keys.Delete, p.keys.Import}
		if p.notice && notices {
			keys = append(keys, p.keys.Dismiss)
		}
		return keys
	case pickTrack:
		return []key.Binding{p.tracks.Keys.Up, p.tracks.Keys.Choose, p.keys.Cancel}
	case pickDelete:
		return nil
	}
	return []key.Binding{p.keys.Confirm, p.keys.Cancel}
}

// errText is err for the screen: in lang when it can say itself in
// either language (safefile.Error, store.Localized), with control
// characters shown (termtext.Text).
func errText(err error, lang string) string {
	msg := err.Error()
	var l interface {
		error
		Text(string) string
	}
	if errors.As(err, &l) && strings.HasSuffix(msg, l.Error()) {
		msg = msg[:len(msg)-len(l.Error())] + l.Text(lang)
	}
	return termtext.Text(msg)
}
