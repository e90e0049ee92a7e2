package steps

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Step 1's review says that the registration e-mail was sent, when and to
// whom (recorded by `altinn-onboard send`).
func TestReviewSaysTheEmailWasSent(t *testing.T) {
	ctx := reviewCtx(t, "nb")
	path := filepath.Join(t.TempDir(), "registrering.eml")
	at := time.Date(2026, 11, 30, 16, 40, 0, 0, time.UTC)
	ctx.Session.Files = []session.GeneratedFile{{Kind: "eml", Path: path}}
	s := newReviewScreen(ctx, Deps{Now: time.Now, OutputBase: t.TempDir()}, "")
	s.SetSize(ctx.Width, ctx.Height)
	wantScreen(t, s, "Åpne registrering.eml")
	wantScreenNot(t, s, "sendt "+at.Local().Format("02.01.2006"))

	ctx.Session.Sent = []session.SentMail{{File: path, SentAt: at, From: "kari@konsulent.no", To: []string{"tjenesteeier@altinn.no", "arkiv@konsulent.no"}, MessageID: "<x@y>", Server: "127.0.0.1:25"}}
	s = newReviewScreen(ctx, Deps{Now: time.Now, OutputBase: t.TempDir()}, "")
	s.SetSize(ctx.Width, ctx.Height)
	wantScreen(t, s, "Åpne registrering.eml (sendt "+at.Local().Format("02.01.2006 15:04")+" til tjenesteeier@altinn.no, arkiv@konsulent.no)")
}
