package steps

// Sending step 1's e-mails from its review (sender, send.go).

import (
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The review's sending actions (numbered apart from the review's own).
const (
	actSend   reviewAction = iota + 100 // send an .eml from here
	actNoSend                           // why the draft cannot be sent from here
)

func init() {
	reviewKeys[actSend] = "send"
	reviewKeys[actNoSend] = "no-send"
}

// kindRegistrationDraft is the registration e-mail's draft: its note to
// the sender says to sign the self-declaration and attach it first, so
// it is not sent from here (outbox.Read refuses it too).
const kindRegistrationDraft = "eml"

// sendItems are the review's lines for sending f: a send action for an
// e-mail the program can send as it is, and for the draft the reason it
// cannot be sent from here.
func sendItems(lang string, s *session.Session, f session.GeneratedFile) []reviewItem {
	if !strings.EqualFold(filepath.Ext(f.Path), ".eml") {
		return nil
	}
	if f.Kind == kindRegistrationDraft {
		return []reviewItem{{action: actNoSend, label: ui.T(lang,
			"Sendes ikke herfra: utkastet har merknaden «SLETT FØR SENDING» og den usignerte egenerklæringen; signer egenerklæringen og legg den ved først (Legg ved signert egenerklæring …)",
			"Not sent from here: the draft has the note \"SLETT FØR SENDING\" and the unsigned self-declaration; sign the self-declaration and attach it first (Attach the signed self-declaration …)")}}
	}
	if OutOfDate(s, f) {
		return []reviewItem{{action: actNoSend, label: ui.T(lang,
			"Sendes ikke: e-posten er laget fra eldre svar; lag dokumentene på nytt, signer den nye egenerklæringen og legg den ved igjen",
			"Not sent: the e-mail was made from earlier answers; make the documents again, sign the new self-declaration and attach it again")}}
	}
	return []reviewItem{{action: actSend, label: sendLabel(lang, f.Path), path: f.Path}}
}

// Interrupt stops a sending under way (ctrl+c).
func (r *reviewScreen) Interrupt() (bool, tea.Cmd) { return r.send.interrupt() }
