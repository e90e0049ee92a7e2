package ui_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// A canary typed into every secret field of the wizard reaches the OS
// keyring and nothing else: no file under the data folder or the output
// folder (documents, e-mails, guide, session), and nothing the program
// writes to the terminal.
func TestCanarySecretsReachOnlyTheKeyring(t *testing.T) {
	k := keyringtest.Require(t)
	st := newStore(t)
	st.Now = time.Now
	out := t.TempDir()

	s, err := st.Create("Kanari", session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	defer k.DeleteAll(s.ID, steps.AltinnII(steps.Deps{}).SecretNames())
	s.Answers = sessiontest.Answers()
	s.Answers.System.AuthMethods = []string{session.AuthSystemIDPassword, session.AuthEnterpriseCertificate}
	s.Authentication = session.Authentication{SystemID: "12345", SystemIDOwner: "org",
		RESTMechanisms: []string{forms.MechEnterpriseMaskinporten}, EnterpriseUser: "kanari-ent",
		Certificates: map[string]*session.EnvCertificate{
			session.EnvTT02: {Path: canaryP12(t, "KANARI7"+steps.SecretCertificatePasswordTT02+"x9")},
			session.EnvProd: {Path: canaryP12(t, "KANARI7"+steps.SecretCertificatePasswordProd+"x9")},
		}}
	s.Testing.TestPersons = 2
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}

	o := options(st)
	o.Now = time.Now
	withDeps(&o, steps.Deps{Secrets: k, Now: time.Now, OutputBase: out})
	o.ResumeID = s.ID
	// Wide and tall enough for the keyring entries' names whole and both
	// certificates on one screen.
	tm := teatest.NewTestModel(t, ui.New(o), teatest.WithInitialTermSize(140, 50))
	var screen bytes.Buffer // everything the program wrote to the terminal
	u := &user{t: t, tm: tm}
	wait := func(texts ...string) {
		t.Helper()
		teatest.WaitFor(t, io.TeeReader(tm.Output(), &screen), func(b []byte) bool {
			for _, s := range texts {
				if !bytes.Contains(b, []byte(s)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(teadrive.DefaultTimeout), teatest.WithCheckInterval(10*time.Millisecond))
	}
	wait("Leverandøren")

	canaries := map[string]string{}
	for _, sec := range []struct{ step, screen, name string }{
		{session.StepIntegration, steps.ScreenAPIKeys, steps.SecretRESTAPIKeyTT02},
		{session.StepIntegration, steps.ScreenAPIKeys, steps.SecretRESTAPIKeyProd},
		{session.StepAuthentication, steps.ScreenSystemPassword, steps.SecretSystemPassword},
		{session.StepAuthentication, steps.ScreenEnterprisePassword, steps.SecretEnterpriseUserPassword},
		{session.StepAuthentication, steps.ScreenCertificateCheck, steps.SecretCertificatePasswordTT02},
		{session.StepAuthentication, steps.ScreenCertificateCheck, steps.SecretCertificatePasswordProd},
	} {
		canary := "KANARI7" + sec.name + "x9"
		canaries[sec.name] = canary
		tm.Send(ui.JumpMsg{Step: sec.step, Screen: sec.screen, Field: "secret." + sec.name})
		if sec.name == steps.SecretCertificatePasswordProd {
			// On the same screen as TT02's, whose frame showed it already.
			wait("▶ ○ Sertifikatpassord for PROD — ikke satt")
		} else {
			wait("altinn-onboard / " + s.ID + "/" + sec.name)
		}
		u.key(tea.KeyEnter)
		wait("vises ikke") // the masked input's placeholder
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(canary), Paste: true})
		u.key(tea.KeyEnter)
		wait("en gang til") // asked twice
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(canary), Paste: true})
		u.key(tea.KeyEnter)
		wait("er lagret i nøkkelringen")
		if got, err := k.Get(s.ID, sec.name); err != nil || got != canary {
			t.Fatalf("%s: keyring has %q, %v", sec.name, got, err)
		}
	}

	// Make every document and e-mail the program makes.
	tm.Send(ui.JumpMsg{Step: session.StepRegistration, Screen: steps.ScreenReview})
	wait("Gjennomgang av steg 1")
	u.key(tea.KeyEnter)
	wait("Laget 3 filer")
	u.quit()

	final := saved(t, st, "Kanari")
	if len(final.Secrets) != len(canaries) {
		t.Fatalf("secret references: %+v", final.Secrets)
	}
	a, _ := forms.Check(final.Answers)
	if _, err := steps.WriteGuide(&a, "nb", time.Now(), filepath.Join(out, "kanari")); err != nil {
		t.Fatal(err)
	}
	eml, err := steps.TestUserOrderEmail(&a, &final.Testing, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := mail.WriteEML(filepath.Join(out, "kanari", "testbrukere.eml"), eml); err != nil {
		t.Fatal(err)
	}

	files := 0
	for _, root := range []string{st.DataDir(), out} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files++
			for name, c := range canaries {
				if bytes.Contains(data, []byte(c)) {
					t.Errorf("the %s canary is in %s", name, p)
				}
			}
			return nil
		})
	}
	if files < 8 { // session, lock, 3 package files, 2 guide files, test-user e-mail
		t.Fatalf("only %d files were searched", files)
	}
	for name, c := range canaries {
		if bytes.Contains(screen.Bytes(), []byte(c)) {
			t.Errorf("the %s canary was written to the terminal", name)
		}
	}
}

// canaryP12 writes a .p12 file that opens with password (the certificate
// password is stored only when it opens its file), in a folder of its own.
func canaryP12(t *testing.T, password string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "KANARI AS", SerialNumber: "123456785"},
		Issuer: pkix.Name{CommonName: "Kanari Test CA"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(1, 0, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	data, err := pkcs12.Modern.Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "kanari.p12")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
