package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/altinn-onboard/altinn-onboard/internal/brreg"
)

// cmdBrreg is `brreg DIR`: a fake Enhetsregisteret on 127.0.0.1 for the
// script's lifetime, answering from the files in DIR, and
// ALTINN_ONBOARD_BRREG_URL pointed at it. For a request for
// /enhetsregisteret/api/KIND/ORGNR (KIND enheter or underenheter):
//
//	DIR/KIND/ORGNR.json   200 with the file as the body
//	DIR/KIND/ORGNR.410    410 Gone with the file as the body
//	DIR/KIND/ORGNR.hang   no answer until the client gives up
//	anything else         404, as the register answers an unknown number
func cmdBrreg(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: brreg DIR")
	}
	dir := ts.MkAbs(args[0])
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind, nr := path.Base(path.Dir(r.URL.Path)), path.Base(r.URL.Path)
		base := filepath.Join(dir, kind, nr)
		if _, err := os.Stat(base + ".hang"); err == nil {
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/json")
		for ext, status := range map[string]int{".json": 200, ".410": 410} {
			if body, err := os.ReadFile(base + ext); err == nil {
				w.WriteHeader(status)
				w.Write(body)
				return
			}
		}
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"timestamp":"2026-11-30T12:00:00.000+00:00","status":404,"error":"Not Found","path":"` + r.URL.Path + `"}`))
	}))
	ts.Defer(srv.Close)
	ts.Setenv(brreg.EnvURL, srv.URL)
}
