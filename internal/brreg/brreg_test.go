package brreg

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// sesam is the register's answer for a unit, in its real shape (the
// python-brreg fixture quoted in the shared notes, §10): null and "" in
// adresse, postadresse beside forretningsadresse, links.
const sesam = `{
  "organisasjonsnummer": "112233445",
  "navn": "SESAM STASJON",
  "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap",
    "_links": {"self": {"href": "http://localhost/enhetsregisteret/api/organisasjonsformer/AS"}}},
  "postadresse": {"land": "Norge", "landkode": "NO", "postnummer": "0122", "poststed": "OSLO",
    "adresse": ["c/o reder K. Rusing", "Postboks 1752 Vika", ""], "kommune": "OSLO", "kommunenummer": "0301"},
  "registreringsdatoEnhetsregisteret": "2017-10-20",
  "registrertIMvaregisteret": true,
  "naeringskode1": {"kode": "52.292", "beskrivelse": "Skipsmegling"},
  "antallAnsatte": 50,
  "forretningsadresse": {"land": "Norge", "landkode": "NO", "postnummer": "0101", "poststed": "OSLO",
    "adresse": ["Tyvholmen 1", null, null, ""], "kommune": "OSLO", "kommunenummer": "0301"},
  "stiftelsesdato": "2017-10-20",
  "konkurs": false, "konkursdato": "",
  "underAvvikling": false,
  "underTvangsavviklingEllerTvangsopplosning": false,
  "maalform": "Bokmål",
  "vedtektsfestetFormaal": [""],
  "aktivitet": [],
  "_links": {"self": {"href": "http://localhost/enhetsregisteret/api/enheter/112233445"}}
}`

// register is a fake Enhetsregisteret: answers by path, 404 for the rest;
// it counts the requests it got.
type register struct {
	answers map[string]func(w http.ResponseWriter)
	hits    atomic.Int32
}

func (r *register) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.hits.Add(1)
	if a, ok := r.answers[req.URL.Path]; ok {
		a(w)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte(`{"timestamp":"2026-11-30T12:00:00.000+0000","status":404,"error":"Not Found","message":"Ingen enhet med organisasjonsnummer funnet","path":"/enhetsregisteret/api/enheter/x"}`))
}

func body(status int, s string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/vnd.brreg.enhetsregisteret.enhet.v2+json;charset=UTF-8")
		w.WriteHeader(status)
		w.Write([]byte(s))
	}
}

func startRegister(t *testing.T, answers map[string]func(http.ResponseWriter)) (*register, string) {
	t.Helper()
	r := &register{answers: answers}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv.URL
}

const (
	enheter      = "/enhetsregisteret/api/enheter/"
	underenheter = "/enhetsregisteret/api/underenheter/"
)

func TestLookupFound(t *testing.T) {
	_, url := startRegister(t, map[string]func(http.ResponseWriter){enheter + "112233445": body(200, sesam)})
	u, err := New(Options{BaseURL: url}).Lookup(context.Background(), "112233445")
	if err != nil {
		t.Fatal(err)
	}
	if u.Status != Found || u.Name != "SESAM STASJON" || u.SubUnit || u.Bankrupt || u.UnderLiquidation {
		t.Fatalf("unit = %+v", u)
	}
	a := u.BusinessAddress
	if strings.Join(a.Lines, "|") != "Tyvholmen 1" || a.PostalCode != "0101" || a.City != "OSLO" || a.Country != "Norge" {
		t.Fatalf("address = %+v (want forretningsadresse, null and empty lines dropped)", a)
	}
}

func TestLookupBankruptAndLiquidation(t *testing.T) {
	s := strings.Replace(strings.Replace(sesam, `"konkurs": false`, `"konkurs": true`, 1), `"underAvvikling": false`, `"underAvvikling": true`, 1)
	_, url := startRegister(t, map[string]func(http.ResponseWriter){enheter + "112233445": body(200, s)})
	u, err := New(Options{BaseURL: url}).Lookup(context.Background(), "112233445")
	if err != nil || !u.Bankrupt || !u.UnderLiquidation || u.Status != Found {
		t.Fatalf("unit = %+v, err %v", u, err)
	}
}

func TestLookupFallsBackToUnderenheter(t *testing.T) {
	sub := `{"organisasjonsnummer":"974760673","navn":"AVDELING BERGEN","beliggenhetsadresse":{"adresse":["Strandkaien 2"],"postnummer":"5013","poststed":"BERGEN","land":"Norge","landkode":"NO"},"overordnetEnhet":"112233445","oppstartsdato":"2001-01-01"}`
	r, url := startRegister(t, map[string]func(http.ResponseWriter){underenheter + "974760673": body(200, sub)})
	u, err := New(Options{BaseURL: url}).Lookup(context.Background(), "974760673")
	if err != nil {
		t.Fatal(err)
	}
	if !u.SubUnit || u.Name != "AVDELING BERGEN" || u.BusinessAddress.City != "BERGEN" || u.BusinessAddress.Street() != "Strandkaien 2" {
		t.Fatalf("unit = %+v", u)
	}
	if r.hits.Load() != 2 {
		t.Fatalf("%d requests, want 2 (enheter, then underenheter)", r.hits.Load())
	}
}

func TestLookupUnknown(t *testing.T) {
	_, url := startRegister(t, nil)
	u, err := New(Options{BaseURL: url}).Lookup(context.Background(), "123456785")
	if err != nil || u.Status != Unknown || !u.Gone() {
		t.Fatalf("unit = %+v, err %v; want unknown", u, err)
	}
}

func TestLookupDeleted(t *testing.T) {
	deleted := `{"organisasjonsnummer":"912345675","slettedato":"2020-05-04","_links":{"self":{"href":"x"}}}`
	_, url := startRegister(t, map[string]func(http.ResponseWriter){
		enheter + "123456785": body(410, `{"status":410,"error":"Gone","message":"Enheten er fjernet"}`),
		enheter + "912345675": body(200, deleted),
	})
	c := New(Options{BaseURL: url})
	for _, nr := range []string{"123456785", "912345675"} {
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
		"other nr": `{"organisasjonsnummer":"112233445","navn":"X"}`,
	} {
		_, url := startRegister(t, map[string]func(http.ResponseWriter){enheter + "123456785": body(200, s)})
		_, err := New(Options{BaseURL: url}).Lookup(context.Background(), "123456785")
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindMalformed {
			t.Fatalf("%s: err = %v, want KindMalformed", name, err)
		}
		for _, lang := range []string{"nb", "en"} {
			if !strings.Contains(e.Text(lang), url+enheter+"123456785") || !strings.Contains(e.Text(lang), "JSON") {
				t.Errorf("%s: %s text %q does not name the address and JSON", name, lang, e.Text(lang))
			}
		}
	}
}

func TestLookupServerError(t *testing.T) {
	_, url := startRegister(t, map[string]func(http.ResponseWriter){enheter + "123456785": body(500, `{}`)})
	_, err := New(Options{BaseURL: url}).Lookup(context.Background(), "123456785")
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindStatus || e.Status != 500 || !strings.Contains(e.Text("nb"), "HTTP 500") {
		t.Fatalf("err = %v", err)
	}
}

// A register that never answers: the lookup gives up after the client's
// timeout (short here), with a timeout error.
func TestLookupTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	_, err := New(Options{BaseURL: srv.URL, Timeout: 50 * time.Millisecond}).Lookup(context.Background(), "123456785")
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
	if !errors.As(err, &e) || e.Kind != KindNetwork || !strings.Contains(e.Text("nb"), "fikk ikke kontakt") {
		t.Fatalf("err = %v", err)
	}
}

func TestOfflineAsksNothing(t *testing.T) {
	r, url := startRegister(t, map[string]func(http.ResponseWriter){enheter + "112233445": body(200, sesam)})
	_, err := New(Options{BaseURL: url, Offline: true}).Lookup(context.Background(), "112233445")
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindOffline || r.hits.Load() != 0 {
		t.Fatalf("err = %v, %d requests; want KindOffline and none", err, r.hits.Load())
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
	r, url := startRegister(t, map[string]func(http.ResponseWriter){enheter + "112233445": body(200, sesam)})
	dir := filepath.Join(t.TempDir(), "cache")
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	if _, err := New(Options{BaseURL: url, CacheDir: dir, Now: clock}).Lookup(context.Background(), "112233445"); err != nil {
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
	u, err := New(Options{BaseURL: url, CacheDir: dir, Now: clock, Offline: true}).Lookup(context.Background(), "112233445")
	if err != nil || u.Name != "SESAM STASJON" || r.hits.Load() != 1 {
		t.Fatalf("cached: %+v, %v, %d requests", u, err, r.hits.Load())
	}
	// A day later: asked again.
	now = now.Add(2 * time.Hour)
	if _, err := New(Options{BaseURL: url, CacheDir: dir, Now: clock}).Lookup(context.Background(), "112233445"); err != nil || r.hits.Load() != 2 {
		t.Fatalf("after a day: %v, %d requests, want 2", err, r.hits.Load())
	}
	// Another register (TT02's) has a cache of its own.
	_, other := startRegister(t, nil)
	if u, _ := New(Options{BaseURL: other, CacheDir: dir, Now: clock}).Lookup(context.Background(), "112233445"); u.Status != Unknown {
		t.Fatalf("other register answered from the first one's cache: %+v", u)
	}
}

func TestCorruptCacheKept(t *testing.T) {
	_, url := startRegister(t, map[string]func(http.ResponseWriter){enheter + "112233445": body(200, sesam)})
	dir := t.TempDir()
	path := filepath.Join(dir, CacheFile)
	junk := []byte("{\"version\":1,\"entries\":{\"x\": [tru")
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	c := New(Options{BaseURL: url, CacheDir: dir})
	u, err := c.Lookup(context.Background(), "112233445")
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
