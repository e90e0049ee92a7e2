package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// The wizard hands the steps what sending needs: the profile's path, and
// the profile's secrets from the same store as the session's (with
// --secrets-file, the one encrypted file, unlocked once).
func TestWizardDepsCarryTheProfile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secrets.age")
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader(""), Out: &out, Err: &errb, Lang: "nb"}, testBuild)
	f.Getenv = func(k string) string {
		if k == EnvSecretsPassphrase {
			return "riktig passfrase"
		}
		return ""
	}
	var got steps.Deps
	tracks := f.Tracks
	f.Tracks = func(d steps.Deps) ui.Tracks {
		if d.DataDir != "" {
			got = d
		}
		return tracks(d)
	}
	run(f, []string{"--data-dir", dir, "--secrets-file", path, "--accessible"})
	if got.ProfilePath == nil {
		t.Fatalf("the wizard's deps have no profile path\n%s", errb.String())
	}
	want, _ := f.ProfilePath()
	if p, err := got.ProfilePath(); err != nil || p != want {
		t.Fatalf("profile path %q (%v), want %q", p, err, want)
	}
	sf, ok := got.ProfileSecrets.(*store.SecretsFile)
	if !ok || sf.Path() != path || store.Secrets(sf) != got.Secrets {
		t.Fatalf("profile secrets %T, want the session's secrets file %s", got.ProfileSecrets, path)
	}
}
