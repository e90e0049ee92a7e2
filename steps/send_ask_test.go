package steps

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Accessible mode sends the order as line prompts: it says what goes to
// whom and asks, sends, says the server's answer, and records the
// sending; the second time it asks first.
func TestAskSendOrder(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: smtpUser, Password: smtpPassword})
	at := time.Date(2026, 11, 30, 19, 0, 0, 0, time.UTC)
	d := sendSetup(t, srv, at)
	ctx := orderCtx("nb", d)
	ctx.Accessible = true
	o := svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUserOrder, ctx, "").(*testOrderScreen)
	o.Update(o.writeCmd()())
	files := ctx.Session.FilesOf(KindTestUserEmail)
	if len(files) != 1 {
		t.Fatalf("files %+v", ctx.Session.Files)
	}
	var out strings.Builder
	saves := 0
	p := ui.NewPrompter(strings.NewReader("j\nj\nj\nn\n"), &out, "nb")
	p.Answered = func() { saves++ }
	a := &asking{ctx: ctx, p: p, d: d}
	if err := a.offerSending(files, o.send.also); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"Sende testbrukere-blabaer-regnskap-pro.eml nå, gjennom e-postserveren i profilen? (j/n)",
		"Til        sluttbrukersystem@altinn.no, per@blabaer.example.no", "Server     127.0.0.1:" + strconv.Itoa(srv.Port) + " (starttls)",
		"Sende e-posten nå? (j/n)", "Sendt til sluttbrukersystem@altinn.no, per@blabaer.example.no via 127.0.0.1:" + strconv.Itoa(srv.Port) + " — serveren svarte: 250"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
	if got := srv.Delivered(t); len(got) != 1 || len(ctx.Session.Sent) != 1 || !ctx.Session.Testing.TestUsersOrdered || saves == 0 {
		t.Fatalf("delivered %d, recorded %d, ordered %v, saved %d times", len(got), len(ctx.Session.Sent), ctx.Session.Testing.TestUsersOrdered, saves)
	}
	if strings.Count(text, "Sender til") != 1 {
		t.Errorf("the sending is said %d times:\n%s", strings.Count(text, "Sender til"), text)
	}
	out.Reset()
	if err := a.offerSending(files, o.send.also); err != nil {
		t.Fatal(err)
	}
	if text := out.String(); !strings.Contains(text, "Denne e-posten ble sendt "+at.Local().Format("02.01.2006 15:04")+" til sluttbrukersystem@altinn.no, per@blabaer.example.no; send den igjen? (j/n)") ||
		!strings.Contains(text, "Ikke sendt.") {
		t.Fatalf("the second sending did not ask, or no was not no:\n%s", text)
	}
	if got := srv.Delivered(t); len(got) != 1 {
		t.Fatalf("delivered %d", len(got))
	}
}
