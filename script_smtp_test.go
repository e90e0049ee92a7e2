package main

// The scripts' SMTP server: internal/smtptest's aiosmtpd, for sending
// through the built program (testdata/script/send_wizard_tmux.txtar).

import (
	"bytes"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
)

type smtpKey struct{}

// smtpHolder keeps a script's SMTP server.
type smtpHolder struct{ srv *smtptest.Server }

// cmdSMTPServer is `smtpserver [selfsigned]` (see the top of script_test.go).
func cmdSMTPServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 1 || len(args) == 1 && args[0] != "selfsigned" {
		ts.Fatalf("usage: smtpserver [selfsigned]")
	}
	if err := smtptest.Available(); err != nil {
		ts.Fatalf("%v (guard the script with [!aiosmtpd] skip)", err)
	}
	srv, stop, err := smtptest.Launch(ts.MkAbs("smtpserver"), smtptest.Options{User: "kari", Password: "script-pw", SelfSigned: len(args) == 1})
	ts.Check(err)
	ts.Defer(stop)
	ts.Value(smtpKey{}).(*smtpHolder).srv = srv
	ts.Setenv("SMTP_PORT", strconv.Itoa(srv.Port))
	ts.Setenv("SMTP_CA", srv.CAFile)
}

// cmdSMTPMail is `smtpmail N FILE`.
func cmdSMTPMail(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: smtpmail N FILE")
	}
	srv := ts.Value(smtpKey{}).(*smtpHolder).srv
	if srv == nil {
		ts.Fatalf("smtpmail before smtpserver")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	got, err := srv.Read()
	ts.Check(err)
	if n < 1 || n > len(got) {
		ts.Fatalf("the server has %d messages, not a message %d", len(got), n)
	}
	want := []byte(ts.ReadFile(args[1]))
	wantSent := bytes.Replace(want, []byte("X-Unsent: 1\r\n"), nil, 1)
	if bytes.Equal(want, wantSent) {
		ts.Fatalf("%s has no X-Unsent line: not a draft the program made", args[1])
	}
	if !bytes.Equal(got[n-1].Msg, wantSent) {
		ts.Fatalf("message %d differs from %s less its X-Unsent line:\n got %q\nwant %q", n, args[1], got[n-1].Msg, wantSent)
	}
	ts.Stdout().Write([]byte(got[n-1].Envelope))
}
