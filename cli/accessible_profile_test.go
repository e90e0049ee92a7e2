package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// A person at a terminal is offered the profile on the first run of
// accessible mode, as the picker offers it: each key asked, a wrong one
// said and asked again, the file saved 0600, the password in the keyring
// only. The offer is made once. (Piped answers are never offered it:
// TestAccessibleCompletesAllSteps runs unchanged.)
func TestAccessibleOffersTheProfileOnce(t *testing.T) {
	kr := keyringtest.Require(t)
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	path := filepath.Join(cfg, "altinn-onboard", "profile.yaml")
	dir := t.TempDir()
	// The profile's password in a secrets file of its own: the keyring's
	// profile/smtp-password is one entry that other packages' tests use.
	sf := store.NewSecretsFile(filepath.Join(t.TempDir(), "secrets.age"), func(string, bool) (string, error) { return "passfrase for testen", nil })
	run1 := func(answers ...string) string {
		var out, errb bytes.Buffer
		f := newFactory(&IO{In: strings.NewReader(strings.Join(answers, "\n") + "\n"), Out: &out, Err: &errb, Lang: "nb", InIsTerminal: true}, testBuild)
		f.Keyring = func() store.Secrets { return kr }
		f.ProfileKeyring = func() store.ProfileSecrets { return sf }
		run(f, []string{"--data-dir", dir, "--accessible"})
		return out.String() + errb.String()
	}
	out := run1("j", "Kari Konsulent", "kari@", "kari@konsulent.no", "", "Konsulent AS", "", "", "smtp.konsulent.no", "", "1", "kari", "", "kanari-smtp-9", "Kunde")
	for _, want := range []string{"Du har ingen profil ennå. Fylle den inn nå? (j/n)", "Feil: email: «kari@» mangler domenet", "Kryptering (skriv et nummer fra 1 til 3)",
		"SMTP-passord", "Profilen er lagret i " + path, "Navn på økten"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q\n%s", want, out)
		}
	}
	p, found, err := profile.Load(path)
	if err != nil || !found || p.Name != "Kari Konsulent" || p.Email != "kari@konsulent.no" || p.Company != "Konsulent AS" ||
		p.SMTP.Host != "smtp.konsulent.no" || p.SMTP.Security != profile.SecuritySTARTTLS || p.SMTP.User != "kari" {
		t.Fatalf("profile %+v (found %v, %v)\n%s", p, found, err, out)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("profile.yaml: %v, %v", fi.Mode(), err)
	}
	if raw, _ := os.ReadFile(path); bytes.Contains(raw, []byte("kanari-smtp-9")) {
		t.Fatal("the password is in profile.yaml")
	}
	if pw, err := sf.GetProfileSecret(steps.SecretSMTPPassword); err != nil || pw != "kanari-smtp-9" {
		t.Fatalf("the secrets store holds %q, %v", pw, err)
	}
	if strings.Contains(out, "kanari-smtp-9") {
		t.Fatal("the password was shown")
	}

	// The second run does not offer it again (the profile exists, and the
	// offer is remembered).
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if out := run1("Kunde2"); strings.Contains(out, "Du har ingen profil ennå") {
		t.Fatalf("offered again:\n%s", out)
	}
}
