package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/brreg"
	"github.com/altinn-onboard/altinn-onboard/internal/brreg/brregtest"
)

// fakeRegister is a fake Enhetsregisteret (the register's shapes):
// 974760673 bankrupt, 123456785 removed (410), 310000000 not JSON, the
// rest unknown; ALTINN_ONBOARD_BRREG_URL points at it.
func fakeRegister(t *testing.T) *brregtest.Register {
	t.Helper()
	reg := brregtest.Start(t, map[string]brregtest.Answer{
		"enheter/974760673": {Body: brregtest.Sesam},
		"enheter/123456785": {Status: 410, Body: `{"status":410,"message":"Enheten er fjernet"}`},
		"enheter/310000000": {Body: `not json`},
	})
	t.Setenv(brreg.EnvURL, reg.URL)
	return reg
}

func TestLookupCommand(t *testing.T) {
	reg := fakeRegister(t)
	dir := t.TempDir()

	code, out, errs := runCLI(t, dir, "", "lookup", "974 760 673")
	if code != 0 || !strings.Contains(out, "SESAM STASJON (974 760 673)") || !strings.Contains(out, "Business address: Tyvholmen 1, 0101 OSLO, Norge") || !strings.Contains(out, "BANKRUPT") {
		t.Fatalf("found: %d\n%s\n%s", code, out, errs)
	}

	code, out, errs = runCLI(t, dir, "", "lookup", "0192:974760673", "--json")
	var got map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("--json: %d\n%s\n%s", code, out, errs)
	}
	addr, _ := got["forretningsadresse"].(map[string]any)
	if got["navn"] != "SESAM STASJON" || got["konkurs"] != true || got["underAvvikling"] != false || got["deleted"] != false ||
		addr["postnummer"] != "0101" || addr["poststed"] != "OSLO" || addr["land"] != "Norge" {
		t.Fatalf("--json: %s", out)
	}

	code, out, _ = runCLI(t, dir, "", "lookup", "123456785", "--json")
	if code != 3 || !strings.Contains(out, `"deleted": true`) {
		t.Fatalf("410: %d %s", code, out)
	}
	code, out, _ = runCLI(t, dir, "", "lookup", "313725138")
	if code != 3 || !strings.Contains(out, "is not in Enhetsregisteret") {
		t.Fatalf("404: %d %s", code, out)
	}
	code, _, errs = runCLI(t, dir, "", "lookup", "310000000")
	if code != 1 || !strings.Contains(errs, "not Enhetsregisteret's JSON") {
		t.Fatalf("malformed: %d %s", code, errs)
	}
	code, _, errs = runCLI(t, dir, "", "lookup", "123456789")
	if code != 2 || !strings.Contains(errs, "check digit") {
		t.Fatalf("bad MOD11: %d %s", code, errs)
	}

	// Offline: today's answers from the cache in the data folder, nothing asked.
	before := reg.Hits()
	code, out, _ = runCLI(t, dir, "", "lookup", "--offline", "974760673")
	if code != 0 || !strings.Contains(out, "SESAM STASJON") || reg.Hits() != before {
		t.Fatalf("offline, cached: %d %s, %d requests", code, out, reg.Hits()-before)
	}
	code, _, errs = runCLI(t, dir, "", "lookup", "--offline", "912345602")
	if code != 1 || !strings.Contains(errs, "turned off (--offline)") || reg.Hits() != before {
		t.Fatalf("offline, not cached: %d %s", code, errs)
	}
	fi, err := os.Stat(filepath.Join(dir, lookupCacheDir, brreg.CacheFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("cache file: %v %v", err, fi)
	}
}

// Nowhere to ask (TestMain's closed port): exit 1, and a data folder that
// does not exist is not made.
func TestLookupNetworkFailure(t *testing.T) {
	t.Setenv(brreg.EnvURL, NowhereURL)
	dir := filepath.Join(t.TempDir(), "none")
	code, _, errs := runCLI(t, dir, "", "lookup", "974760673")
	if code != 1 || !strings.Contains(errs, "could not reach Enhetsregisteret") {
		t.Fatalf("%d %s", code, errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("lookup made the data folder: %v", err)
	}
}
