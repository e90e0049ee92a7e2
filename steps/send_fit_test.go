package steps

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/altinn-onboard/altinn-onboard/internal/focus"
	"github.com/altinn-onboard/altinn-onboard/internal/outbox"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The sending's question and the certificate's fit an 80×24 terminal's
// body (78 wide): no line is wider, and the question is the screen's
// focus, so the frame scrolls to it however many lines come before.
func TestSendQuestionsFit80x24(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		ctx := orderCtx(lang, Deps{})
		ctx.Width, ctx.Height = 78, 17
		msg := &ui.Message{}
		s := newSender(ctx, Deps{}, msg)
		s.file = "/home/kari/Dokumenter/altinn-onboard/kunde-blabaer/testbrukere-blabaer-regnskap-pro.eml"
		s.draft = &outbox.Draft{From: "ase@blabaer.example.no", To: []string{"sluttbrukersystem@altinn.no", "per@blabaer.example.no", "arkiv@blabaer.example.no"},
			Subject: "Bestilling av testbrukere – Blåbær Regnskap Pro med et langt navn"}
		s.server = "smtp.blabaer-regnskap.example.no:587 (starttls)"
		st := ctx.Styles()
		check := func(name, question string) {
			t.Helper()
			v := s.view(st, 78)
			for _, l := range strings.Split(ansi.Strip(focus.Strip(v)), "\n") {
				if w := lipgloss.Width(l); w > 78 {
					t.Errorf("%s %s: a line of %d cells:\n%s", lang, name, w, l)
				}
			}
			i, j := strings.Index(v, focus.Open), strings.Index(v, focus.Close)
			if i < 0 || j < i || !strings.Contains(strings.Join(strings.Fields(ansi.Strip(v[i:j])), " "), question) {
				t.Errorf("%s %s: the question %q is not the focus:\n%s", lang, name, question, ansi.Strip(v))
			}
		}
		c := ui.NewConfirm(lang, againQuestion(lang, &session.SentMail{SentAt: time.Date(2026, 11, 30, 9, 5, 0, 0, time.UTC), To: s.draft.To}))
		s.confirm, s.state = &c, sendAsking
		check("again", ui.T(lang, "send den igjen?", "send it again?"))
		s.cert = &outbox.UntrustedCert{Host: "smtp.blabaer-regnskap.example.no", Names: "smtp.blabaer-regnskap.example.no, mail.blabaer-regnskap.example.no",
			Fingerprint: "sha256:5B:61:14:C6:B3:26:91:99:35:0C:61:5D:08:E3:FA:1A:A4:F3:5A:AC:58:7E:ED:EE:74:38:62:CB:AF:1E:1F:A7",
			NotAfter:    time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Changed: true, Previous: "sha256:00:11"}
		c = ui.NewConfirm(lang, trustQuestion(lang, s.cert))
		s.confirm, s.state = &c, sendTrust
		check("trust", ui.T(lang, "fra nå av og sende?", "from now on, and send?"))
		s.confirm, s.state = nil, sendSending
		msg.Start(sendingText(ctx, s.server, s.draft.To))
		check("sending", ui.T(lang, "(Esc avbryter)", "(Esc stops)"))
	}
}
