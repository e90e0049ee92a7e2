package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/mail"
)

// --send on a command that composed several e-mails asks once for each,
// on the terminal, and sends only those answered yes; one answered no
// does not stop the next, and the status says how many were not sent.
// (One byte a read, as a terminal hands over a line at a time.)
func TestComposedSendAsksOncePerEmail(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: "kari", Password: "unused"})
	dataDir := t.TempDir()
	withProfile(t, dataDir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.Port),
		"smtp.security", "starttls", "smtp.ca_file", srv.CAFile)
	to := mail.Address{Email: "tjenesteeier@altinn.no"}
	var files []string
	for _, d := range []string{"a", "b", "c"} {
		dir := filepath.Join(t.TempDir(), d)
		os.Mkdir(dir, 0o700)
		p, _ := testEML(t, dir, to)
		files = append(files, p)
	}
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: iotest.OneByteReader(strings.NewReader("n\ny\nja\n")), Out: &out, Err: &errb, InIsTerminal: true, Lang: "en"}, testBuild)
	f.dataDir = dataDir
	c := newComposedSend(f)
	c.Send = true
	if err := c.check(f.IO); err != nil {
		t.Fatal(err)
	}
	err := c.send(f.IO, files)
	if got := strings.Count(errb.String(), "Send the e-mail? [y/N]"); got != 3 {
		t.Fatalf("asked %d times:\n%s", got, errb.String())
	}
	if got := srv.Delivered(t); len(got) != 2 {
		t.Fatalf("delivered %d, want the two answered yes", len(got))
	}
	if err == nil || exitCodeOf(err) != 2 || !strings.Contains(err.Error(), "1 of 3 e-mails were not sent") {
		t.Fatalf("status: %v", err)
	}
	if !strings.Contains(errb.String(), files[0]+": not sent") {
		t.Fatalf("the one not sent is not named:\n%s", errb.String())
	}
}

// Without a terminal --send needs --yes, and --yes needs --send: refused
// before anything is made.
func TestComposedSendCheck(t *testing.T) {
	s := &IO{Lang: "en"}
	for _, c := range []struct {
		send, yes bool
		want      string
	}{
		{true, false, "no terminal to ask on: add --yes"},
		{false, true, "--yes and --again go with --send"},
	} {
		err := (&composedSend{Send: c.send, Yes: c.yes}).check(s)
		if exitCodeOf(err) != 2 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("send %v yes %v: %v", c.send, c.yes, err)
		}
	}
	if err := (&composedSend{Send: true, Yes: true}).check(s); err != nil {
		t.Fatal(err)
	}
}
