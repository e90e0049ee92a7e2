package steps

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/ui"
)

// actionMenu is what the screens that are a menu of actions share (step
// 1's review, the test-user order, the user guide): the menu, the message
// line with its spinner while work runs, and files opened from the menu.
// A screen embeds it and acts on the items chosen.
type actionMenu struct {
	menu ui.Menu
	msg  ui.Message
	lang string
}

func newActionMenu(lang string) actionMenu {
	return actionMenu{menu: ui.NewMenu(lang, nil), lang: lang}
}

// update handles what every such screen handles alike: the spinner's
// ticks, a file opened, the menu's keys. handled says msg was one of
// those; chose says an item was chosen (the menu's selected one).
func (a *actionMenu) update(msg tea.Msg) (cmd tea.Cmd, handled, chose bool) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		return a.msg.Update(msg), true, false
	case openedMsg:
		msg.show(&a.msg, a.lang)
		return nil, true, false
	case tea.KeyMsg:
		handled, chose = a.menu.Update(msg)
		return nil, handled, chose
	}
	return nil, false, false
}

type openedMsg struct {
	path string
	err  error
}

// show says in m what became of the opening: the file opened, or why not
// (with the path to open it yourself).
func (o openedMsg) show(m *ui.Message, lang string) {
	if o.err != nil {
		m.Set(o.err.Error(), true)
		return
	}
	m.Set(ui.T(lang, "Åpnet ", "Opened ")+filepath.Base(o.path), false)
}

// openCmd opens a file in the system's default program.
func openCmd(path, lang string) tea.Cmd {
	return func() tea.Msg {
		var name string
		var args []string
		switch runtime.GOOS {
		case "darwin":
			name, args = "open", []string{path}
		case "windows":
			name, args = "rundll32", []string{"url.dll,FileProtocolHandler", path}
		default:
			name, args = "xdg-open", []string{path}
		}
		if _, err := exec.LookPath(name); err != nil {
			return openedMsg{path: path, err: fmt.Errorf(ui.T(lang,
				"Fant ikke %s, så jeg kan ikke åpne filen. Åpne den selv: %s",
				"Could not find %s, so I cannot open the file. Open it yourself: %s"), name, path)}
		}
		cmd := exec.Command(name, args...)
		if err := cmd.Start(); err != nil {
			return openedMsg{path: path, err: err}
		}
		go cmd.Wait()
		return openedMsg{path: path}
	}
}
