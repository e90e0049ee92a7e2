package main

// The scripts' sandbox: `sandbox` runs internal/sandbox in the test
// process on 127.0.0.1, and the program (started by exec) talks to it
// over real HTTP, pointed at it by the ALTINN_ONBOARD_*_URL variables.
//
//	sandbox start                   starts one for the script (closed at its end) and sets the variables
//	sandbox client FILE [VAR]       registers a Maskinporten client for the vendor 991825827 with the
//	                                public key in FILE (JWKS, JWK or PEM), as the self-service portal
//	                                does, and sets $VAR (CLIENT_ID) to its ID
//	sandbox decide NAME ORGNR ACTION decides the request of customer ORGNR of session NAME as the
//	                                customer would (approve, reject, …)
//	sandbox key ID                  prints "NAME set|unset" for each Altinn 3 secret of session ID
//	                                (only in the throw-away keyring)

import (
	"encoding/json"
	"os"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
)

// sandboxes are the scripts' running sandboxes.
var sandboxes sync.Map // *testscript.TestScript → *sandbox.Server

const scriptVendor = "991825827"

func cmdSandbox(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: sandbox start | client FILE [VAR] | decide NAME ORGNR ACTION | key ID")
	}
	if args[0] == "start" {
		srv, err := sandbox.Start("127.0.0.1:0", sandbox.Options{Lang: "en"})
		ts.Check(err)
		sandboxes.Store(ts, srv)
		ts.Defer(func() { srv.Close(); sandboxes.Delete(ts) })
		for _, kv := range srv.Env() {
			k, v, _ := strings.Cut(kv, "=")
			ts.Setenv(k, v)
		}
		return
	}
	if args[0] == "key" {
		if len(args) != 2 {
			ts.Fatalf("usage: sandbox key ID")
		}
		if err := keyringWorks(); err != nil {
			ts.Fatalf("keyring: %v (guard the script with [!keyring] skip)", err)
		}
		printSecrets(ts, args[1], altinn3.SecretNames)
		return
	}
	v, ok := sandboxes.Load(ts)
	if !ok {
		ts.Fatalf("sandbox %s: no sandbox; run `sandbox start` first", args[0])
	}
	srv := v.(*sandbox.Server)
	switch args[0] {
	case "client":
		if len(args) < 2 || len(args) > 3 {
			ts.Fatalf("usage: sandbox client FILE [VAR]")
		}
		data, err := os.ReadFile(ts.MkAbs(args[1]))
		ts.Check(err)
		c, err := srv.RegisterClient(sandbox.ClientRegistration{OrgNo: scriptVendor, Key: keyJSON(data)})
		ts.Check(err)
		name := "CLIENT_ID"
		if len(args) == 3 {
			name = args[2]
		}
		ts.Setenv(name, c.ID)
	case "decide":
		if len(args) != 4 {
			ts.Fatalf("usage: sandbox decide NAME ORGNR ACTION")
		}
		_, _, data := findSession(ts, args[1])
		var sess struct {
			Altinn3 struct {
				Customers []struct {
					OrgNumber string `json:"org_number"`
					Request   *struct {
						ID    string `json:"id"`
						Agent bool   `json:"agent"`
					} `json:"request"`
				} `json:"customers"`
			} `json:"altinn3"`
		}
		ts.Check(json.Unmarshal(data, &sess))
		for _, c := range sess.Altinn3.Customers {
			if c.OrgNumber != args[2] || c.Request == nil {
				continue
			}
			kind := "request"
			if c.Request.Agent {
				kind = "agentrequest"
			}
			_, err := srv.Decide(kind, c.Request.ID, args[3])
			ts.Check(err)
			return
		}
		ts.Fatalf("session %s has no request for %s", args[1], args[2])
	default:
		ts.Fatalf("sandbox: unknown subcommand %q", args[0])
	}
}

// keyJSON is a key file as RegisterClient takes it: JSON as it is, PEM as
// a JSON string.
func keyJSON(data []byte) json.RawMessage {
	if json.Valid(data) {
		return data
	}
	s, _ := json.Marshal(string(data))
	return s
}
