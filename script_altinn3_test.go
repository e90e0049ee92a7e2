package main

import (
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
)

// cmdA3Keyring is `a3keyring ID`: print "NAME set" or "NAME unset" for
// each Altinn 3 secret of session ID (never a value). Only in the
// throw-away keyring.
func cmdA3Keyring(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: a3keyring ID")
	}
	if err := keyringWorks(); err != nil {
		ts.Fatalf("keyring: %v (guard the script with [!keyring] skip)", err)
	}
	printSecrets(ts, args[0], altinn3.SecretNames)
}
