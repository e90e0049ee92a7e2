package main

import (
	"bytes"
	"os"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
)

// smtpKey holds a script's SMTP server in its testscript.Env values.
type smtpKey struct{}

type smtpHolder struct{ srv *smtptest.Server }

// cmdSMTP is a real SMTP server that is not ours for the scripts:
// internal/smtptest's (Debian's python3-aiosmtpd), on 127.0.0.1 with
// STARTTLS required and AUTH, its certificate signed by a CA made for it.
//
//	smtp start USER PASSWORD   starts it for the script's lifetime and sets
//	                           $SMTP_PORT and $SMTP_CA (the CA's PEM file)
//	smtp count N               N messages were delivered
//	smtp message N             puts delivered message N, as received, into stdout
//	smtp envelope N            puts its envelope ("from A", "to B C") into stdout
//	smtp same N FILE           message N is FILE byte for byte but for the
//	                           X-Unsent draft mark (which FILE must have)
//
// Guard the script with [!aiosmtpd] skip: without python3-aiosmtpd it
// skips, and with CI=true fails.
func cmdSMTP(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: smtp start|count|message|envelope|same ...")
	}
	holder := ts.Value(smtpKey{}).(*smtpHolder)
	delivered := func() []smtptest.Delivery {
		if holder.srv == nil {
			return nil
		}
		got, err := holder.srv.Read()
		ts.Check(err)
		return got
	}
	read := func(n string) smtptest.Delivery {
		i, err := strconv.Atoi(n)
		if err != nil {
			ts.Fatalf("smtp: %q is not a number", n)
		}
		got := delivered()
		if i < 1 || i > len(got) {
			ts.Fatalf("smtp: no message %d (%d delivered)", i, len(got))
		}
		return got[i-1]
	}
	switch {
	case args[0] == "start" && len(args) == 3 && !neg:
		if holder.srv != nil {
			ts.Fatalf("smtp: already started")
		}
		holder.srv = smtpStart(ts, args[1], args[2])
	case args[0] == "count" && len(args) == 2:
		n := len(delivered())
		if (strconv.Itoa(n) == args[1]) == neg {
			ts.Fatalf("smtp: %d message(s) delivered (want %s, negated %v)", n, args[1], neg)
		}
	case args[0] == "message" && len(args) == 2 && !neg:
		ts.Stdout().Write(read(args[1]).Msg)
	case args[0] == "envelope" && len(args) == 2 && !neg:
		ts.Stdout().Write([]byte(read(args[1]).Envelope))
	case args[0] == "same" && len(args) == 3 && !neg:
		got := read(args[1]).Msg
		file, err := os.ReadFile(ts.MkAbs(args[2]))
		ts.Check(err)
		want := bytes.Replace(file, []byte("\r\nX-Unsent: 1\r\n"), []byte("\r\n"), 1)
		if bytes.Equal(want, file) {
			ts.Fatalf("smtp: %s has no X-Unsent line: the comparison checks nothing", args[2])
		}
		if !bytes.Equal(got, want) {
			ts.Fatalf("smtp: message %s (%d bytes) is not %s without X-Unsent (%d bytes)", args[1], len(got), args[2], len(want))
		}
	default:
		ts.Fatalf("usage: smtp start USER PASSWORD | count N | message N | envelope N | same N FILE")
	}
}

// smtpStart starts the server with its files in $WORK/.smtp and stops it
// when the script ends.
func smtpStart(ts *testscript.TestScript, user, password string) *smtptest.Server {
	if err := smtptest.Available(); err != nil {
		ts.Fatalf("%v (guard the script with [!aiosmtpd] skip)", err)
	}
	srv, stop, err := smtptest.Launch(ts.MkAbs(".smtp"), smtptest.Options{User: user, Password: password})
	ts.Check(err)
	ts.Defer(stop)
	ts.Setenv("SMTP_PORT", strconv.Itoa(srv.Port))
	ts.Setenv("SMTP_CA", srv.CAFile)
	return srv
}
