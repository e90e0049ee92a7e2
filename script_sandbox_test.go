package main

import (
	"encoding/json"
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// sandboxKey holds a script's sandbox in its testscript.Env values.
type sandboxKey struct{}

type sandboxHolder struct{ srv *sandbox.Server }

// sandboxEnv are the variables that point the program at the sandbox;
// `sandbox start` sets them, and the program in tmux gets them.
var sandboxEnv = []string{sandbox.EnvMaskinportenURL, sandbox.EnvPlatformURL, sandbox.EnvApprovalURL}

// cmdSandbox runs the local fake of Maskinporten and Altinn (internal/
// sandbox) in the test process, on 127.0.0.1, for the scripts:
//
//	sandbox start                      serve, and set ALTINN_ONBOARD_*_URL
//	sandbox client ORGNR JWKS VAR      register a Maskinporten client with
//	                                   the public key in file JWKS (what the
//	                                   vendor does in the self-service
//	                                   portal); $VAR is its client ID
//	sandbox decide SESSION ORGNR ACTION  the customer's decision (approve,
//	                                   reject, expire) on the request the
//	                                   session made for ORGNR
func cmdSandbox(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: sandbox start | client ORGNR JWKS VAR | decide SESSION ORGNR ACTION")
	}
	holder := ts.Value(sandboxKey{}).(*sandboxHolder)
	if args[0] != "start" && holder.srv == nil {
		ts.Fatalf("sandbox %s before sandbox start", args[0])
	}
	switch args[0] {
	case "start":
		srv, err := sandbox.Start("127.0.0.1:0", sandbox.Options{})
		ts.Check(err)
		holder.srv = srv
		ts.Defer(func() { srv.Close() })
		for _, kv := range srv.Env() {
			k, v, _ := strings.Cut(kv, "=")
			ts.Setenv(k, v)
		}
	case "client":
		if len(args) != 4 {
			ts.Fatalf("usage: sandbox client ORGNR JWKS VAR")
		}
		key, err := os.ReadFile(ts.MkAbs(args[2]))
		ts.Check(err)
		c, err := holder.srv.RegisterClient(sandbox.ClientRegistration{OrgNo: args[1], Key: key})
		ts.Check(err)
		ts.Setenv(args[3], c.ID)
	case "decide":
		if len(args) != 4 {
			ts.Fatalf("usage: sandbox decide SESSION ORGNR ACTION")
		}
		_, _, data := findSession(ts, args[1])
		var s session.Session
		ts.Check(json.Unmarshal(data, &s))
		c := s.Altinn3.Customer(args[2])
		if c == nil || c.Request == nil || c.Request.ID == "" {
			ts.Fatalf("the session has no request for %s", args[2])
		}
		kind := "request"
		if c.Request.Agent {
			kind = "agentrequest"
		}
		_, err := holder.srv.Decide(kind, c.Request.ID, args[3])
		ts.Check(err)
	default:
		ts.Fatalf("sandbox: unknown subcommand %q", args[0])
	}
}
