package brreg

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/brreg/brregtest"
)

type answers = map[string]brregtest.Answer

func TestLookupFound(t *testing.T) {
	reg := brregtest.Start(t, answers{"enheter/974760673": {Body: brregtest.Sesam}})
	u, err := New(Options{BaseURL: reg.URL}).Lookup(context.Background(), "974760673")
	if err != nil {
		t.Fatal(err)
	}
	if u.Status != Found || u.Name != "SESAM STASJON" || u.SubUnit || !u.Bankrupt || u.UnderLiquidation {
		t.Fatalf("unit = %+v", u)
	}
	a := u.BusinessAddress
	if strings.Join(a.Lines, "|") != "Tyvholmen 1" || a.PostalCode != "0101" || a.City != "OSLO" || a.Country != "Norge" {
		t.Fatalf("address = %+v (want forretningsadresse, null and empty lines dropped)", a)
	}
}

func TestLookupUnderLiquidation(t *testing.T) {
	s := strings.Replace(strings.Replace(brregtest.Sesam, `"konkurs": true`, `"konkurs": false`, 1), `"underAvvikling": false`, `"underAvvikling": true`, 1)
	reg := brregtest.Start(t, answers{"enheter/974760673": {Body: s}})
	u, err := New(Options{BaseURL: reg.URL}).Lookup(context.Background(), "974760673")
	if err != nil || u.Bankrupt || !u.UnderLiquidation || u.Status != Found {
		t.Fatalf("unit = %+v, err %v", u, err)
	}
}

func TestLookupFallsBackToUnderenheter(t *testing.T) {
	sub := `{"organisasjonsnummer":"313725138","navn":"AVDELING BERGEN","beliggenhetsadresse":{"adresse":["Strandkaien 2"],"postnummer":"5013","poststed":"BERGEN","land":"Norge","landkode":"NO"},"overordnetEnhet":"974760673","oppstartsdato":"2001-01-01"}`
	reg := brregtest.Start(t, answers{"underenheter/313725138": {Body: sub}})
	u, err := New(Options{BaseURL: reg.URL}).Lookup(context.Background(), "313725138")
	if err != nil {
		t.Fatal(err)
	}
	if !u.SubUnit || u.Name != "AVDELING BERGEN" || u.BusinessAddress.City != "BERGEN" || u.BusinessAddress.Street() != "Strandkaien 2" {
		t.Fatalf("unit = %+v", u)
	}
	if reg.Hits() != 2 {
		t.Fatalf("%d requests, want 2 (enheter, then underenheter)", reg.Hits())
	}
}

func TestLookupUnknown(t *testing.T) {
	reg := brregtest.Start(t, nil)
	u, err := New(Options{BaseURL: reg.URL}).Lookup(context.Background(), "123456785")
	if err != nil || u.Status != Unknown || !u.Gone() {
		t.Fatalf("unit = %+v, err %v; want unknown", u, err)
	}
}

func TestLookupDeleted(t *testing.T) {
	reg := brregtest.Start(t, answers{
		"enheter/123456785": {Status: 410, Body: `{"status":410,"error":"Gone","message":"Enheten er fjernet"}`},
		"enheter/912345602": {Body: `{"organisasjonsnummer":"912345602","slettedato":"2020-05-04","_links":{"self":{"href":"x"}}}`},
	})
	c := New(Options{BaseURL: reg.URL})
	for _, nr := range []string{"123456785", "912345602"} {
		u, err := c.Lookup(context.Background(), nr)
		if err != nil || u.Status != Deleted || !u.Gone() {
			t.Errorf("%s: unit = %+v, err %v; want deleted", nr, u, err)
		}
	}
}

func TestLookupMalformed(t *testing.T) {
	for name, s := range map[string]string{
		"not JSON": `<html>Service Unavailable</html>`,
		"no navn":  `{"organisasjonsnummer":"123456785"}`,
		"other nr": `{"organisasjonsnummer":"974760673","navn":"X"}`,
	} {
		reg := brregtest.Start(t, answers{"enheter/123456785": {Body: s}})
		_, err := New(Options{BaseURL: reg.URL}).Lookup(context.Background(), "123456785")
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindMalformed {
			t.Fatalf("%s: err = %v, want KindMalformed", name, err)
		}
		for _, lang := range []string{"nb", "en"} {
			if !strings.Contains(e.Text(lang), reg.URL+"/enhetsregisteret/api/enheter/123456785") || !strings.Contains(e.Text(lang), "JSON") {
				t.Errorf("%s: %s text %q does not name the address and JSON", name, lang, e.Text(lang))
			}
		}
	}
}

func TestLookupServerError(t *testing.T) {
	reg := brregtest.Start(t, answers{"enheter/123456785": {Status: 500, Body: `{}`}})
	_, err := New(Options{BaseURL: reg.URL}).Lookup(context.Background(), "123456785")
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindStatus || e.Status != 500 || !strings.Contains(e.Text("nb"), "HTTP 500") {
		t.Fatalf("err = %v", err)
	}
}

// A register that never answers: the lookup gives up after the client's
// timeout (short here), with a timeout error.
func TestLookupTimeout(t *testing.T) {
	reg := brregtest.Start(t, answers{"enheter/123456785": {Hang: true}})
	_, err := New(Options{BaseURL: reg.URL, Timeout: 50 * time.Millisecond}).Lookup(context.Background(), "123456785")
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindTimeout {
		t.Fatalf("err = %v, want KindTimeout", err)
	}
	if !strings.Contains(e.Text("nb"), "svarte ikke innen 0,05 s") || !strings.Contains(e.Text("en"), "did not answer within 50ms") {
		t.Fatalf("texts %q / %q", e.Text("nb"), e.Text("en"))
	}
}

func TestLookupRefused(t *testing.T) {
	_, err := New(Options{BaseURL: "http://127.0.0.1:9"}).Lookup(context.Background(), "123456785")
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindNetwork {
		t.Fatalf("err = %v", err)
	}
	// The user reads where and why in a few words, not Go's error chain
	// with the URL twice.
	nb, en := e.Text("nb"), e.Text("en")
	if want := "fikk ikke kontakt med Enhetsregisteret på 127.0.0.1:9 (tilkoblingen ble avvist)"; !strings.HasPrefix(nb, want) {
		t.Errorf("nb: %q, want it to start %q", nb, want)
	}
	if want := "could not reach Enhetsregisteret at 127.0.0.1:9 (connection refused)"; !strings.HasPrefix(en, want) {
		t.Errorf("en: %q, want it to start %q", en, want)
	}
	for _, s := range []string{nb, en} {
		if strings.Contains(s, "dial tcp") || strings.Contains(s, "/enhetsregisteret/") {
			t.Errorf("Go's error chain or the URL path shows: %q", s)
		}
	}
}

func TestLookupUnknownHost(t *testing.T) {
	_, err := New(Options{BaseURL: "http://no-such-host.invalid"}).Lookup(context.Background(), "123456785")
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindNetwork {
		t.Fatalf("err = %v", err)
	}
	if want := "(fant ikke navnet no-such-host.invalid)"; !strings.Contains(e.Text("nb"), want) {
		t.Errorf("nb: %q, want %q", e.Text("nb"), want)
	}
}

func TestOfflineAsksNothing(t *testing.T) {
	reg := brregtest.Start(t, answers{"enheter/974760673": {Body: brregtest.Sesam}})
	_, err := New(Options{BaseURL: reg.URL, Offline: true}).Lookup(context.Background(), "974760673")
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindOffline || reg.Hits() != 0 {
		t.Fatalf("err = %v, %d requests; want KindOffline and none", err, reg.Hits())
	}
}

func TestBaseURL(t *testing.T) {
	none := func(string) string { return "" }
	if got := BaseURL(none, "prod"); got != ProdURL {
		t.Errorf("prod: %s", got)
	}
	if got := BaseURL(none, "tt02"); got != TestURL {
		t.Errorf("tt02: %s", got)
	}
	set := func(k string) string {
		if k == EnvURL {
			return "http://127.0.0.1:1234/"
		}
		return ""
	}
	if got := BaseURL(set, "tt02"); got != "http://127.0.0.1:1234" {
		t.Errorf("override: %s", got)
	}
}

func TestCacheDayLong(t *testing.T) {
	reg := brregtest.Start(t, answers{"enheter/974760673": {Body: brregtest.Sesam}})
	dir := filepath.Join(t.TempDir(), "cache")
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	if _, err := New(Options{BaseURL: reg.URL, CacheDir: dir, Now: clock}).Lookup(context.Background(), "974760673"); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, CacheFile): 0o600} {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != want {
			t.Fatalf("%s: %v, mode %v; want %v", path, err, fi.Mode().Perm(), want)
		}
	}
	// A new run, offline, the same day: from the file.
	now = now.Add(23 * time.Hour)
	u, err := New(Options{BaseURL: reg.URL, CacheDir: dir, Now: clock, Offline: true}).Lookup(context.Background(), "974760673")
	if err != nil || u.Name != "SESAM STASJON" || reg.Hits() != 1 {
		t.Fatalf("cached: %+v, %v, %d requests", u, err, reg.Hits())
	}
	// A day later: asked again.
	now = now.Add(2 * time.Hour)
	if _, err := New(Options{BaseURL: reg.URL, CacheDir: dir, Now: clock}).Lookup(context.Background(), "974760673"); err != nil || reg.Hits() != 2 {
		t.Fatalf("after a day: %v, %d requests, want 2", err, reg.Hits())
	}
	// Another register (TT02's) has a cache of its own.
	other := brregtest.Start(t, nil)
	if u, _ := New(Options{BaseURL: other.URL, CacheDir: dir, Now: clock}).Lookup(context.Background(), "974760673"); u.Status != Unknown {
		t.Fatalf("other register answered from the first one's cache: %+v", u)
	}
}

func TestCorruptCacheKept(t *testing.T) {
	reg := brregtest.Start(t, answers{"enheter/974760673": {Body: brregtest.Sesam}})
	dir := t.TempDir()
	path := filepath.Join(dir, CacheFile)
	junk := []byte("{\"version\":1,\"entries\":{\"x\": [tru")
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	c := New(Options{BaseURL: reg.URL, CacheDir: dir})
	u, err := c.Lookup(context.Background(), "974760673")
	if err != nil || u.Name != "SESAM STASJON" {
		t.Fatalf("lookup with a corrupt cache: %+v, %v", u, err)
	}
	p := c.CacheProblem()
	if p == nil || p.Kind != KindCache || !strings.Contains(p.Text("nb"), path) || !strings.Contains(p.Text("en"), path) {
		t.Fatalf("problem = %v, want one naming %s", p, path)
	}
	if c.CacheProblem() != nil {
		t.Error("the cache problem was reported twice")
	}
	if got, _ := os.ReadFile(path); string(got) != string(junk) {
		t.Fatalf("corrupt cache was replaced: %q", got)
	}
}
