package steps

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// A server with a self-signed certificate: the screen shows its host,
// names, fingerprint and expiry and asks whether to trust it from now on.
// No sends nothing and changes nothing; yes remembers it in the profile
// and sends; the next sending does not ask about it again.
func TestSendToASelfSignedServer(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: smtpUser, Password: smtpPassword, SelfSigned: true})
	d := sendSetup(t, srv, time.Now())
	path, _ := d.ProfilePath()
	p, _, err := profile.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p.SMTP.CAFile = "" // nothing vouches for the server
	if err := profile.Save(path, p); err != nil {
		t.Fatal(err)
	}
	certPEM, err := os.ReadFile(srv.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(certPEM)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	fp := mail.Fingerprint(cert)

	ctx := orderCtx("nb", d)
	s := svScreen(t, trackStep(t, ctx, session.StepTesting), ScreenTestUserOrder, ctx, "")
	s = drive(t, s, svEnter)
	s = selectItem(t, s, "Send testbrukere")
	s = drive(t, s, svEnter, keys("j"))
	if v := strings.ReplaceAll(screenText(s), " ", ""); !strings.Contains(v, fp) {
		t.Fatalf("no fingerprint %s:\n%s", fp, s.View())
	}
	wantScreen(t, s, "Serveren 127.0.0.1 viser et sertifikat som ikke er utstedt av noen programmet stoler på", "localhost, 127.0.0.1",
		"Gyldig til "+cert.NotAfter.Local().Format("02.01.2006"), "Stole på akkurat dette sertifikatet for 127.0.0.1 fra nå av og sende?")
	s = drive(t, s, keys("n"))
	wantScreen(t, s, "Ikke sendt: sertifikatet er ikke godtatt")
	if p, _, _ := profile.Load(path); p.SMTP.TrustedCert != "" {
		t.Fatalf("trusted on no: %q", p.SMTP.TrustedCert)
	}
	if got := srv.Delivered(t); len(got) != 0 {
		t.Fatalf("delivered %d", len(got))
	}

	s = drive(t, s, svEnter, keys("j"), keys("j"))
	if got := srv.Delivered(t); len(got) != 1 {
		t.Fatalf("delivered %d after trusting:\n%s", len(got), s.View())
	}
	if p, _, _ := profile.Load(path); p.SMTP.TrustedCert != fp {
		t.Fatalf("remembered %q, want %q", p.SMTP.TrustedCert, fp)
	}
	wantScreen(t, s, "Sendt til sluttbrukersystem@altinn.no")

	s = drive(t, s, svEnter)
	wantScreen(t, s, "send den igjen?")
	s = drive(t, s, keys("j"))
	if got := srv.Delivered(t); len(got) != 2 || len(ctx.Session.Sent) != 2 {
		t.Fatalf("delivered %d, recorded %d:\n%s", len(got), len(ctx.Session.Sent), s.View())
	}
	if v := screenText(s); strings.Contains(v, "Stole på") {
		t.Fatalf("asked again about a remembered certificate:\n%s", v)
	}
}
