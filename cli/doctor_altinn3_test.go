package cli

import (
	"net"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
)

// doctor shows the Altinn 3 addresses in use, which variable changed
// them, and whether they answer: against the sandbox on 127.0.0.1, a
// closed port, and an address that cannot be used.
func TestDoctorEndpoints(t *testing.T) {
	h := newA3Harness(t, &okKeyring{})
	// A port that was open a moment ago and is now closed: nothing answers.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close()
	env := map[string]string{}
	for k, v := range h.env {
		env[k] = v
	}
	env[altinn3.EnvApprovalURL] = closed
	o := doctorOptions{Getenv: func(k string) string { return env[k] }, Probe: probeEndpoints(testBuild)}
	_, out, _ := runDoctor(t, t.TempDir(), &okKeyring{}, o)
	mp := doctorLine(out, "OK", "TT02 Maskinporten: "+h.env[altinn3.EnvMaskinportenURL], "(set by "+altinn3.EnvMaskinportenURL+")", "answers (HTTP 200", "issuer")
	if mp == "" {
		t.Errorf("no OK line for the sandbox's Maskinporten:\n%s", out)
	}
	if doctorLine(out, "OK", "PROD Altinn platform:", "(set by "+altinn3.EnvPlatformURL+")", "answers") == "" {
		t.Errorf("no OK line for PROD's platform:\n%s", out)
	}
	if doctorLine(out, "PROBLEM", "TT02 approval page: "+closed, "does not answer") == "" || !strings.Contains(out, "Fix: check the network") {
		t.Errorf("no PROBLEM for the closed port:\n%s", out)
	}

	// An address that cannot be used is named with its variable.
	env[altinn3.EnvPlatformURL] = "http://example.com/"
	_, out, _ = runDoctor(t, t.TempDir(), &okKeyring{}, o)
	if doctorLine(out, "PROBLEM", "TT02:", altinn3.EnvPlatformURL, "http to another machine") == "" || !strings.Contains(out, "unset "+altinn3.EnvPlatformURL) {
		t.Errorf("no PROBLEM for the bad override:\n%s", out)
	}

	// --offline shows the addresses without asking them.
	delete(env, altinn3.EnvPlatformURL)
	o.Offline = true
	_, out, _ = runDoctor(t, t.TempDir(), &okKeyring{}, o)
	if line := doctorLine(out, "OK", "TT02 approval page: "+closed); line == "" || strings.Contains(line, "answer") {
		t.Errorf("--offline:\n%s", out)
	}
}
