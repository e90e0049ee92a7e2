package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/brreg"
)

// fakeRegister answers as Enhetsregisteret does (shapes from the shared
// notes, §10) for a few numbers, 404 for the rest, and counts requests.
func fakeRegister(t *testing.T) *atomic.Int32 {
	t.Helper()
	var hits atomic.Int32
	answers := map[string]struct {
		status int
		body   string
	}{
		"/enhetsregisteret/api/enheter/974760673": {200, `{"organisasjonsnummer":"974760673","navn":"SESAM STASJON","organisasjonsform":{"kode":"AS","beskrivelse":"Aksjeselskap"},
			"forretningsadresse":{"land":"Norge","landkode":"NO","postnummer":"0101","poststed":"OSLO","adresse":["Tyvholmen 1",null,""],"kommune":"OSLO","kommunenummer":"0301"},
			"konkurs":true,"konkursdato":"2026-01-02","underAvvikling":false}`},
		"/enhetsregisteret/api/enheter/123456785": {410, `{"status":410,"message":"Enheten er fjernet"}`},
		"/enhetsregisteret/api/enheter/310000000": {200, `not json`},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		a, ok := answers[r.URL.Path]
		if !ok {
			a.status, a.body = 404, `{"status":404,"error":"Not Found"}`
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		w.Write([]byte(a.body))
	}))
	t.Cleanup(srv.Close)
	t.Setenv(brreg.EnvURL, srv.URL)
	return &hits
}

func TestLookupCommand(t *testing.T) {
	hits := fakeRegister(t)
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
	before := hits.Load()
	code, out, _ = runCLI(t, dir, "", "lookup", "--offline", "974760673")
	if code != 0 || !strings.Contains(out, "SESAM STASJON") || hits.Load() != before {
		t.Fatalf("offline, cached: %d %s, %d requests", code, out, hits.Load()-before)
	}
	code, _, errs = runCLI(t, dir, "", "lookup", "--offline", "912345602")
	if code != 1 || !strings.Contains(errs, "turned off (--offline)") || hits.Load() != before {
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
