package steps

// Sending a customer's e-mail from the customers screen (sender, send.go),
// and opening it in the mail program.

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/ui"
)

// customerMailKeys send the selected customer's e-mail, or open it.
type customerMailKeys struct{ send, open key.Binding }

func newCustomerMailKeys(ctx *ui.Context) customerMailKeys {
	t := ctx.T
	return customerMailKeys{
		send: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t("send e-posten", "send the e-mail"))),
		open: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", t("åpne e-posten", "open the e-mail"))),
	}
}

// emailFile is the written e-mail of the selected customer, or "".
func (c *customersScreen) emailFile() string {
	cu := c.selected()
	if cu == nil {
		return ""
	}
	for _, f := range c.ctx.Session.Files {
		if f.Kind == KindCustomerEmail+cu.OrgNumber {
			return f.Path
		}
	}
	return ""
}

func (c *customersScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	if cmd, handled := c.send.update(msg); handled {
		c.syncMenu()
		return c, cmd
	}
	if k, ok := msg.(tea.KeyMsg); ok && c.form == nil && c.confirm == nil {
		send, open := key.Matches(k, c.mailKeys.send), key.Matches(k, c.mailKeys.open)
		if send || open {
			path := c.emailFile()
			switch {
			case path == "":
				c.msg.Set(c.ctx.T("Skriv e-posten til kunden først", "Write the e-mail to the customer first")+c.keyHint(c.ctx.T(" (m)", " (m)"))+".", true)
				return c, nil
			case send:
				return c, c.send.start(path)
			}
			return c, openCmd(path, c.ctx.Lang)
		}
	}
	if m, ok := msg.(openedMsg); ok {
		m.show(&c.msg, c.ctx.Lang)
		return c, nil
	}
	return c.updateList(msg)
}

func (c *customersScreen) View() string {
	if v := c.send.view(&c.styles, c.width); v != "" {
		return v
	}
	return c.viewList()
}

func (c *customersScreen) KeyBindings() []key.Binding {
	switch {
	case c.send.busy():
		return c.send.keyBindings()
	case c.form != nil || c.confirm != nil:
		return c.listKeyBindings()
	}
	return append(c.listKeyBindings(), c.mailKeys.send, c.mailKeys.open)
}

// HandleBack answers the sending's question no or stops the sending,
// before the form or the question of the list.
func (c *customersScreen) HandleBack() (bool, tea.Cmd) {
	if handled, cmd := c.send.stop(); handled {
		return true, cmd
	}
	return c.a3Screen.HandleBack()
}

// Editing holds the keys in the form, and while an e-mail is read or sent.
func (c *customersScreen) Editing() bool { return c.a3Screen.Editing() || c.send.holdsKeys() }

// Interrupt stops a sending under way (ctrl+c).
func (c *customersScreen) Interrupt() (bool, tea.Cmd) { return c.send.interrupt() }
