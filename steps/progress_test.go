package steps

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// A .p12 key too large for the keyring is read from the certificate file
// with its password from the keyring: step 1 is right only while both
// are here. The track declares the file (Track.Files); the step the
// password (keyKept); Track.Status asks this keyring and this disk.
func TestAltinn3P12KeyNeedsItsFileAndPassword(t *testing.T) {
	k := keyringtest.Require(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	p12 := filepath.Join(t.TempDir(), "virksomhet.p12")
	if err := os.WriteFile(p12, []byte("ikke ekte"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := session.New("P12", now)
	s.ID = keyringtest.SessionID()
	t.Cleanup(func() { k.DeleteAll(s.ID, altinn3.SecretNames) })
	s.Track = session.TrackAltinn3
	mp := &s.Altinn3.Maskinporten
	mp.KeySource, mp.P12Path, mp.ClientID = session.KeySourceP12, p12, "0b7f1e3c-3f9e-4a55-9c59-7c1f2d1e4b10"
	mp.PublicKey = &session.PublicJWK{Kty: "RSA", N: "AQAB", E: "AQAB"}
	mp.LastTest = &session.ClientTest{Environment: session.EnvTT02, At: now, OK: true}
	s.SetSecretRef(session.SecretRef{Name: altinn3.SecretP12Password, Account: store.Account(s.ID, altinn3.SecretP12Password), SetAt: now})
	s.SetStepStatus(StepA3Client, session.Done, now)
	tr := Altinn3(Deps{Secrets: k, Now: func() time.Time { return now }})
	step1 := func() []ui.Problem {
		t.Helper()
		st := tr.Status(&ui.Context{Session: s, Lang: "nb", Track: &tr}, tr.CheckLocal(s, k))
		if st.Checking || st.Err != nil {
			t.Fatalf("the keyring did not answer: %+v", st)
		}
		return st.Problems[0]
	}
	want := func(problems []ui.Problem, text string) {
		t.Helper()
		for _, p := range problems {
			if strings.Contains(p.Message, text) {
				return
			}
		}
		t.Fatalf("no problem %q in %+v", text, problems)
	}

	// The password is not in this keyring.
	want(step1(), "Den private nøkkelen er ikke i nøkkelringen")
	if err := k.Set(s.ID, altinn3.SecretP12Password, "passord"); err != nil {
		t.Fatal(err)
	}
	if p := step1(); len(p) != 0 {
		t.Fatalf("with the password and the file: %+v", p)
	}
	if err := os.Remove(p12); err != nil {
		t.Fatal(err)
	}
	want(step1(), "Virksomhetssertifikatet (.p12) som nøkkelen leses fra finnes ikke på denne maskinen: "+p12)
}
