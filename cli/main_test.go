package cli

import (
	"os"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
)

// TestMain keeps every test of this package off Digdir's and Altinn's
// real hosts: a command that reads the environment (doctor, through
// os.Getenv) is pointed at a closed port on this machine unless the test
// sets the addresses itself (the rehearsal harness gives its own Getenv).
// With network the real hosts would be asked, and a test's time and
// output would depend on them.
func TestMain(m *testing.M) {
	for _, k := range []string{altinn3.EnvMaskinportenURL, altinn3.EnvPlatformURL, altinn3.EnvApprovalURL} {
		if os.Getenv(k) == "" {
			os.Setenv(k, NowhereURL)
		}
	}
	// Never the developer's own profile: a config folder of the tests'.
	cfg, err := os.MkdirTemp("", "altinn-onboard-cli-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", cfg)
	code := m.Run()
	os.RemoveAll(cfg)
	os.Exit(code)
}

// NowhereURL is an address on this machine where nothing listens (port 9,
// discard, closed on a machine that runs no inetd): asking it fails at
// once with "connection refused".
const NowhereURL = "http://127.0.0.1:9/"
