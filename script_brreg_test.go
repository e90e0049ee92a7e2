package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/altinn-onboard/altinn-onboard/internal/brreg"
	"github.com/altinn-onboard/altinn-onboard/internal/brreg/brregtest"
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
	srv := httptest.NewServer(brregtest.Handler(func(kind, nr string) brregtest.Answer {
		base := filepath.Join(dir, kind, nr)
		if _, err := os.Stat(base + ".hang"); err == nil {
			return brregtest.Answer{Hang: true}
		}
		if body, err := os.ReadFile(base + ".410"); err == nil {
			return brregtest.Answer{Status: http.StatusGone, Body: string(body)}
		}
		if body, err := os.ReadFile(base + ".json"); err == nil {
			return brregtest.Answer{Body: string(body)}
		}
		return brregtest.Answer{}
	}, nil))
	ts.Defer(srv.Close)
	ts.Setenv(brreg.EnvURL, srv.URL)
}
