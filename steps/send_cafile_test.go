package steps

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// A company CA file (smtp.ca_file) that cannot be used is said when the
// e-mail is read, naming the file, instead of asking "send?" and failing
// after the yes.
func TestSendSaysABadCAFileBeforeAsking(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		d := sendSetup(t, nil, time.Now())
		path, _ := d.ProfilePath()
		ca := filepath.Join(t.TempDir(), "firma-ca.pem")
		if err := os.WriteFile(ca, []byte("ikke et sertifikat\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		p := profile.Profile{SMTP: profile.SMTP{Host: "127.0.0.1", Port: 9, Security: profile.SecuritySTARTTLS, CAFile: ca}}
		if err := profile.Save(path, p); err != nil {
			t.Fatal(err)
		}
		ctx := orderCtx(lang, d)
		s := svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUserOrder, ctx, "")
		s = drive(t, s, svEnter)
		s = selectItem(t, s, "Send testbrukere")
		s = drive(t, s, svEnter)
		wantScreen(t, s, "smtp.ca_file", "firma-ca.pem", ui.T(lang, "ingenting ble sendt", "nothing was sent"))
		wantScreenNot(t, s, ui.T(lang, "Sende e-posten nå?", "Send the e-mail now?"))
		if len(ctx.Session.Sent) != 0 {
			t.Fatal("recorded a sending that did not happen")
		}
	}
}
