package steps

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// A checked certificate that will not do (a test certificate planned for
// PROD) becomes a problem of step 3, so the step is not done with it; the
// facts kept for that are public ones, and exports leave them out.
func TestCertificateCheckRecordsFactsAndProblems(t *testing.T) {
	k := keyringtest.Require(t)
	ca := newCertAuthority(t, "Buypass Class 3 Test4 CA 3")
	now := time.Now()
	const password = "Sertpass1"
	path := writeCertFile(t, "virksomhet.p12", ca.p12(t, enterpriseSubject("123456785", ""), now.Add(-time.Hour), now.Add(300*24*time.Hour), password))

	sess := session.New("Sertifikat", now)
	sess.ID = keyringtest.SessionID()
	defer k.DeleteAll(sess.ID, AltinnII(Deps{}).SecretNames())
	sess.Answers = sessiontest.Answers()
	sess.Answers.System.Environments = []string{session.EnvProd}
	sess.Authentication.Certificate(session.EnvProd).Path = path
	if err := k.Set(sess.ID, SecretCertificatePasswordProd, password); err != nil {
		t.Fatal(err)
	}
	d := Deps{Secrets: k, Now: time.Now}
	ctx := onTrack(&ui.Context{Session: sess, Lang: "en", NoColor: true}, d)
	sess.SetSecretRef(secretRef(sess, SecretCertificatePasswordProd, time.Now()))

	s := newCertCheckScreen(ctx, d, "")
	s.SetSize(100, 30)
	for _, c := range s.Init()().(tea.BatchMsg) { // the keyring look and the certificate check
		if c != nil {
			s = drive(t, s, c())
		}
	}
	f := sess.Authentication.Certificates[session.EnvProd].Checked
	if f == nil || f.Path != path || f.OrgNumber != "123456785" || !f.TestCA {
		t.Fatalf("facts not recorded: %+v\n%s", f, s.View())
	}

	problems := authenticationProblems(ctx, d)
	found := false
	for _, p := range problems {
		if p.Screen == ScreenCertificateCheck && strings.Contains(p.Message, "PROD") {
			found = true
		}
	}
	if !found {
		t.Fatalf("a test certificate for PROD is not a problem: %+v", problems)
	}

	// The same file as TT02's certificate, what it is for: no problem.
	sess.Answers.System.Environments = []string{session.EnvTT02}
	sess.Authentication.Certificates = map[string]*session.EnvCertificate{session.EnvTT02: {Path: path, Checked: f}}
	for _, p := range authenticationProblems(ctx, d) {
		if strings.HasPrefix(p.Field, "authentication.certificates") {
			t.Fatalf("a valid test certificate for TT02 is a problem: %+v", p)
		}
	}

	data, _ := json.Marshal(session.ForExport(sess))
	if strings.Contains(string(data), "virksomhet.p12") || strings.Contains(string(data), `"certificates"`) {
		t.Fatalf("the export holds the certificate facts: %s", data)
	}
}
