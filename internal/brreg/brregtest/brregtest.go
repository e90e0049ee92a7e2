// Package brregtest is a fake Enhetsregisteret for tests: real HTTP on
// 127.0.0.1, answering with the register's shapes (the fields in the
// project's shared notes, altinn3-api §10).
package brregtest

import (
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"sync/atomic"
	"testing"
)

// Answer is what the fake says to one request. The zero Answer is the
// register's 404 for an unknown number.
type Answer struct {
	Status int    // 0: 200 when Body is set, else 404
	Body   string // the JSON (or anything else, for a malformed answer)
	// Hang: no answer at all, until the client gives up.
	Hang bool
}

// Handler answers /enhetsregisteret/api/{kind}/{orgnr} (kind "enheter"
// or "underenheter") with answer(kind, orgnr), counting requests in hits
// (nil: not counted).
func Handler(answer func(kind, orgnr string) Answer, hits *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits != nil {
			hits.Add(1)
		}
		a := answer(path.Base(path.Dir(r.URL.Path)), path.Base(r.URL.Path))
		if a.Hang {
			<-r.Context().Done()
			return
		}
		status, body := a.Status, a.Body
		if status == 0 && body != "" {
			status = http.StatusOK
		}
		if status == 0 {
			status = http.StatusNotFound
		}
		if body == "" {
			body = `{"timestamp":"2026-11-30T12:00:00.000+00:00","status":` + strconv.Itoa(status) + `,"error":"` + http.StatusText(status) + `","path":"` + r.URL.Path + `"}`
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(body))
	})
}

// Register is a fake register serving for a test.
type Register struct {
	URL  string
	hits atomic.Int32
}

// Hits is how many requests the register got.
func (r *Register) Hits() int { return int(r.hits.Load()) }

// Start serves answers, by "enheter/ORGNR" or "underenheter/ORGNR", until
// the test ends; anything else is unknown (404).
func Start(t testing.TB, answers map[string]Answer) *Register {
	t.Helper()
	reg := &Register{}
	srv := httptest.NewServer(Handler(func(kind, orgnr string) Answer { return answers[kind+"/"+orgnr] }, &reg.hits))
	t.Cleanup(srv.Close)
	reg.URL = srv.URL
	return reg
}

// Sesam is a unit as the register writes it (python-brreg's fixture,
// MIT, renumbered to a valid number): null and "" among the address
// lines, a postadresse beside the forretningsadresse, links; bankrupt.
const Sesam = `{
  "organisasjonsnummer": "974760673",
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
  "konkurs": true, "konkursdato": "2026-01-02",
  "underAvvikling": false,
  "underTvangsavviklingEllerTvangsopplosning": false,
  "maalform": "Bokmål",
  "vedtektsfestetFormaal": [""],
  "aktivitet": [],
  "_links": {"self": {"href": "http://localhost/enhetsregisteret/api/enheter/974760673"}}
}`
