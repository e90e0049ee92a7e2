package steps

// Step 1's review item "Legg ved signert egenerklæring …": the user types
// the path of the signed self-declaration, and the review makes the
// registration e-mail ready to send (WriteSignedRegistration), which then
// shows among the step's files.

import (
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// signedInput is the field the signed file's path is typed in.
type signedInput struct {
	active bool
	input  textinput.Model
}

type signedMadeMsg struct {
	file session.GeneratedFile
	err  error
}

// signedItem is the review's item that attaches the signed
// self-declaration, when step 1's files are made and current.
func signedItem(ctx *ui.Context) []reviewItem {
	if len(ctx.Session.FilesOf("eml")) == 0 || registrationStale(ctx.Session) {
		return nil
	}
	return []reviewItem{{action: actSigned, label: ctx.T(
		"Legg ved signert egenerklæring og lag e-posten klar til sending …",
		"Attach the signed self-declaration and make the e-mail ready to send …")}}
}

// startSigned opens the field, with what was typed before kept.
func (r *reviewScreen) startSigned() tea.Cmd {
	if r.signed.input.CharLimit == 0 {
		r.signed.input = textinput.New()
		r.signed.input.CharLimit = 4096
		r.signed.input.Placeholder = r.ctx.T("~/Nedlastinger/egenerklaering-signert.pdf", "~/Downloads/self-declaration-signed.pdf")
	}
	r.signed.active = true
	r.signed.input.CursorEnd()
	r.setMessage(r.ctx.T("Stien til den signerte egenerklæringen (PDF, PNG eller JPEG); enter lager e-posten, esc avbryter.",
		"The path of the signed self-declaration (PDF, PNG or JPEG); enter makes the e-mail, esc cancels."), false)
	r.layout()
	return r.signed.input.Focus()
}

// stopSigned closes the field; what was typed stays for the next time.
func (r *reviewScreen) stopSigned() {
	r.signed.active = false
	r.signed.input.Blur()
	r.layout()
}

// updateSigned is a key while the field is open: enter makes the e-mail
// from the path typed (a mistake is said under the field, and the path
// stays for mending), anything else edits it.
func (r *reviewScreen) updateSigned(msg tea.KeyMsg) tea.Cmd {
	if msg.Type != tea.KeyEnter {
		var cmd tea.Cmd
		r.signed.input, cmd = r.signed.input.Update(msg)
		return cmd
	}
	if r.msg.Busy() {
		return nil
	}
	path := expandHome(strings.TrimSpace(r.signed.input.Value()))
	if path == "" {
		r.setMessage(r.ctx.T("Skriv stien til den signerte filen.", "Type the path of the signed file."), true)
		return nil
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	s := r.ctx.Session.Clone() // read off the UI's goroutine
	out, now := r.deps.OutputDir(r.ctx.Session), r.deps.now()
	return tea.Batch(r.msg.Start(r.ctx.T("Lager e-posten med den signerte egenerklæringen …", "Making the e-mail with the signed self-declaration …")),
		func() tea.Msg {
			f, err := WriteSignedRegistration(s, path, out, now)
			return signedMadeMsg{file: f, err: err}
		})
}

// signedMade records the e-mail made, or says why it was not.
func (r *reviewScreen) signedMade(msg signedMadeMsg) tea.Cmd {
	if msg.err != nil {
		r.setMessage(r.ctx.T("Ingen e-post ble laget: ", "No e-mail was made: ")+localizeErr(msg.err, r.ctx.Lang), true)
		return nil
	}
	r.ctx.Session.ReplaceFiles([]string{KindSignedEmail}, []session.GeneratedFile{msg.file})
	r.stopSigned()
	r.refresh()
	r.layout()
	r.menu.SelectFirst(func(it ui.MenuItem) bool { return strings.HasSuffix(it.Label, filepath.Base(msg.file.Path)) })
	r.setMessage(termtext.Line(r.ctx.T(
		"Laget "+filepath.Base(msg.file.Path)+": uten merknaden, med bestillingen og den signerte egenerklæringen, klar til å sendes. Send den herfra («Send … herfra»), eller åpne den i e-postprogrammet og send den som den er.",
		"Made "+filepath.Base(msg.file.Path)+": without the note, with the order form and the signed self-declaration, ready to send. Send it from here (\"Send … from here\"), or open it in your mail program and send it as it is.")), false)
	return func() tea.Msg { return ui.ChangedMsg{} }
}

// signedView is the field, under the menu.
func (r *reviewScreen) signedView() string {
	if !r.signed.active {
		return ""
	}
	return "\n" + r.ctx.T("Signert fil: ", "Signed file: ") + r.signed.input.View()
}
