package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// dateWidth is the width of the list's last column, when a session
// changed ("02.01.2006 15:04").
const dateWidth = 16

// colGap is between the list's columns.
const colGap = "  "

// pickerCols are the widths of the list's columns: the name, what the
// track says of the session (the vendor, say), how far it is. They
// follow the window: a name is cut only when it and its label do not
// both fit, and then keeps at least half of the room.
type pickerCols struct{ name, label, status int }

func (p *picker) columns() pickerCols {
	var c pickerCols
	for _, n := range p.shown {
		it := p.list[n]
		c.name = max(c.name, lipgloss.Width(termtext.Line(it.Name)))
		c.label = max(c.label, lipgloss.Width(p.label(it)))
		c.status = max(c.status, lipgloss.Width(p.status(it)))
	}
	// The menu takes 2 cells for its marker and keeps one free; the
	// columns are apart by colGap.
	room := max(p.width-2, 20) - 3 - c.status - dateWidth - 3*len(colGap)
	if c.name+c.label > room {
		c.name = min(c.name, max(10, room/2, room-c.label))
		c.label = max(0, room-c.name)
	}
	return c
}

// label is what the session's track says of it (the vendor, say), or
// "–".
func (p *picker) label(it store.Summary) string {
	label := ""
	if tr := p.app.opts.Tracks.Find(it.Track); tr != nil && tr.Label != nil {
		label = tr.Label(it)
	}
	// Names and labels may come from an import: shown, never sent to
	// the terminal (termtext.Line).
	if label = termtext.Line(label); label == "" {
		label = "–"
	}
	return label
}

// status is how far the session is, or that it is open elsewhere.
func (p *picker) status(it store.Summary) string {
	a := p.app
	if it.Locked != nil {
		return a.t("låst", "locked")
	}
	tr := a.opts.Tracks.Find(it.Track)
	if tr == nil {
		return "–"
	}
	return a.rowStatus(tr, it).Label(a.opts.Lang) // the same judge as everywhere (status.go)
}

// item is the list's line of one session: its name, label, how far it
// is, when it changed; a locked session says under it who has it open.
func (p *picker) item(it store.Summary, c pickerCols) MenuItem {
	row := Pad(clipMiddle(termtext.Line(it.Name), c.name), c.name) + colGap
	if c.label > 0 {
		row += Pad(Clip(p.label(it), c.label), c.label) + colGap
	}
	row += Pad(p.status(it), c.status) + colGap + it.UpdatedAt.Local().Format("02.01.2006 15:04")
	item := MenuItem{Key: it.ID, Label: row}
	if it.Locked != nil {
		// Wrapped, never cut: the time is at the end.
		who := termtext.Line(p.app.t("i bruk: ", "in use: ") + it.Locked.Who(p.app.opts.Lang))
		item.Detail = strings.ReplaceAll(Wrap(who, max(20, p.width-2-4)), "\n", "\n    ")
	}
	return item
}

// clipMiddle cuts s to n cells with "…" in the middle: names that differ
// at the end ("X (ferdig)", "X (ferdig) (2)") stay apart.
func clipMiddle(s string, n int) string {
	if lipgloss.Width(s) <= n {
		return s
	}
	tail := []rune(s)
	head := Clip(s, n-n/3) // "…" included
	for len(tail) > 0 && lipgloss.Width(string(tail)) > n-lipgloss.Width(head) {
		tail = tail[1:]
	}
	return head + string(tail)
}

// heading is the list's title: how many sessions there are, or how many
// the filter lets through.
func (p *picker) heading() string {
	a := p.app
	total := len(p.list)
	sessions := func(n int) string {
		if n == 1 {
			return a.t("1 økt", "1 session")
		}
		return fmt.Sprintf(a.t("%d økter", "%d sessions"), n)
	}
	if q := p.filter.Value(); q != "" {
		return fmt.Sprintf(a.t("%d av %s med «%s» i navnet", "%d of %s with \"%s\" in the name"), len(p.shown), sessions(total), termtext.Line(q))
	}
	return sessions(total) + a.t(", nyeste først", ", newest first")
}

func (p *picker) view() string {
	if p.mode == pickProfile {
		return p.profileFrame()
	}
	a := p.app
	s := a.styles
	width := max(p.width-2, 20)
	var top strings.Builder
	top.WriteString(s.Title.Render(a.opts.Title))
	if a.opts.Tagline != nil {
		top.WriteString(s.Dim.Render(" · " + a.opts.Tagline(a.opts.Lang)))
	}
	top.WriteString("\n\n")
	p.noticeView(&top, width)
	bottom := p.bottomView(width)
	var b strings.Builder
	b.WriteString(top.String())
	switch {
	case !p.loaded:
		b.WriteString(s.Dim.Render(a.t("Henter økter …", "Loading sessions …")) + "\n")
	case len(p.list) == 0:
		b.WriteString(a.t("Ingen lagrede økter ennå.", "No saved sessions yet.") + "\n")
	default:
		b.WriteString(s.Heading.Render(p.heading()) + "\n")
		if p.mode == pickFilter {
			b.WriteString(p.filter.View() + "\n")
		}
		if len(p.shown) == 0 {
			b.WriteString(s.Dim.Render(a.t("  Ingen økter passer; esc viser alle.", "  No session matches; esc shows all.")) + "\n")
			break
		}
		// How many rows fit: what is above and below them is measured.
		room := max(3, p.height-strings.Count(b.String(), "\n")-lipgloss.Height(bottom)-1)
		p.setList(p.list) // the rows' widths follow the window's
		b.WriteString(p.sessions.View(&s, width, room) + "\n")
		if len(p.list) == 1 && p.mode == pickList {
			b.WriteString(s.Dim.Render(fmt.Sprintf(a.t("Trykk enter for å fortsette med «%s».", "Press enter to resume \"%s\"."), termtext.Line(p.list[0].Name))) + "\n")
		}
	}
	b.WriteString(bottom)
	return s.App.Render(lipgloss.NewStyle().MaxWidth(width).Render(b.String()))
}

// bottomView is what goes under the list: files that could not be read,
// what the mode asks, the last message, the keys.
func (p *picker) bottomView(width int) string {
	a := p.app
	s := a.styles
	var b strings.Builder
	for _, bad := range p.bad {
		b.WriteString(s.Warn.Render(Wrap(fmt.Sprintf(a.t("Kunne ikke lese %s: %s (filen er beholdt urørt)", "Could not read %s: %s (the file is kept as it is)"), termtext.Line(bad.Path), errText(bad.Err, a.opts.Lang)), width)) + "\n")
	}
	if p.notes.err != nil {
		b.WriteString(s.Warn.Render(Wrap(errText(p.notes.err, a.opts.Lang), width)) + "\n")
	}
	b.WriteString("\n")
	p.promptView(&b, width)
	// Whole, wrapped: who holds a lock, a full disk, a track this
	// program does not know.
	for _, err := range []error{p.err, p.listErr} {
		if err != nil {
			msg := Message{Text: errText(err, a.opts.Lang), Err: true}
			b.WriteString(msg.View(&s, width) + "\n")
		}
	}
	if p.info != "" {
		msg := Message{Text: termtext.Text(p.info)}
		b.WriteString(msg.View(&s, width) + "\n")
	}
	b.WriteString("\n")
	if p.fullHelp && p.mode == pickList {
		b.WriteString(a.help.FullHelpView(p.fullHelpKeys()))
	} else {
		b.WriteString(a.help.ShortHelpView(p.helpKeys()))
	}
	return b.String()
}

// promptView is what the mode asks: a name, a path, a track, yes or no.
func (p *picker) promptView(b *strings.Builder, width int) {
	a := p.app
	s := a.styles
	switch p.mode {
	case pickNew:
		b.WriteString(a.t("Navn på den nye økten:", "Name of the new session:") + "\n" + p.input.View() + "\n")
		if p.notes.profileHint {
			b.WriteString(s.Dim.Render(Wrap(p.profileOffer(), max(20, width-2))) + "\n")
		}
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
// cuts the end of the line, so what is rarer comes last).
func (p *picker) helpKeys() []key.Binding {
	switch p.mode {
	case pickList:
		keys := []key.Binding{p.sessions.Keys.Choose, p.keys.New, p.keys.Profile, p.keys.Import, p.keys.Filter, p.keys.Help, p.keys.Quit, p.keys.Rename, p.keys.Delete}
		if p.filter.Value() != "" {
			keys = append([]key.Binding{p.filterKeys().clear}, keys...)
		}
		return keys
	case pickFilter:
		k := p.filterKeys()
		return []key.Binding{k.apply, k.clear, p.sessions.Keys.Up}
	case pickTrack:
		return []key.Binding{p.tracks.Keys.Up, p.tracks.Keys.Choose, p.keys.Cancel}
	case pickDelete:
		return nil
	case pickNew:
		return []key.Binding{p.keys.Confirm, p.keys.Cancel, p.keys.ProfileInPrompt}
	}
	return []key.Binding{p.keys.Confirm, p.keys.Cancel}
}

// fullHelpKeys are every key of the list, in columns ("?").
func (p *picker) fullHelpKeys() [][]key.Binding {
	m := p.sessions.Keys
	less := p.keys.Help
	less.SetHelp("?", p.app.t("mindre hjelp", "less help"))
	last := []key.Binding{p.keys.Filter, p.filterKeys().clear}
	if len(p.notices()) > 0 && !p.notes.hidden {
		last = append(last, p.keys.Dismiss)
	}
	return [][]key.Binding{
		{m.Choose, m.Up, m.Home, m.PageUp},
		{p.keys.New, p.keys.Rename, p.keys.Delete, p.keys.Import, p.keys.Profile},
		append(last, less, p.keys.Quit),
	}
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
