package cli

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/mail"
)

// runSendTTY runs the program in lang with stdin a terminal or not.
func runSendTTY(t *testing.T, dataDir, lang, stdin string, tty bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader(stdin), Out: &out, Err: &errb, InIsTerminal: tty, Lang: lang}, testBuild)
	code = run(f, append([]string{"--data-dir", dataDir, "--lang", lang}, args...))
	return code, out.String(), errb.String()
}

// A self-signed server is used only after an explicit choice: without a
// terminal the message gives the exact command to run after checking the
// fingerprint; in a terminal the certificate is shown and the question
// asked, a no sends nothing, a yes is remembered in the profile
// (smtp.trusted_cert, shown by profile show) and sends. A changed
// certificate later is refused again, with a warning.
func TestSendAsksBeforeTrustingASelfSignedServer(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{SelfSigned: true})
	dir := t.TempDir()
	profilePath := withProfile(t, dir, "smtp.host", "127.0.0.1", "smtp.port", strconv.Itoa(srv.Port))
	path, msg := testEML(t, dir, mail.Address{Email: "tjenesteeier@altinn.no"})
	fp := mail.Fingerprint(srv.Cert)
	delivered := func(want int) {
		t.Helper()
		if got := srv.Delivered(t); len(got) != want {
			t.Fatalf("delivered %d, want %d", len(got), want)
		}
		if b, _ := os.ReadFile(path); !bytes.Equal(b, msg) {
			t.Fatal("the .eml changed")
		}
	}

	// No terminal: exit 1 with the command to run, nothing sent.
	code, _, errOut := runSendTTY(t, dir, "en", "", false, "send", path, "--yes")
	if code != 1 || !strings.Contains(errOut, "check the fingerprint "+fp+" with whoever runs it, then run `altinn-onboard profile set smtp.trusted_cert "+fp+"`") {
		t.Fatalf("no terminal: exit %d\n%s", code, errOut)
	}
	delivered(0)

	// A terminal, and the answer no: nothing sent, nothing remembered.
	code, _, errOut = runSendTTY(t, dir, "nb", "n\n", true, "send", path, "--yes")
	for _, want := range []string{"Sertifikatet til 127.0.0.1 er ikke utstedt av en CA programmet stoler på", "Gjelder:       localhost, 127.0.0.1", "Fingeravtrykk: " + fp, "Gyldig til:", "Stole på dette sertifikatet for 127.0.0.1 fra nå av? [j/N]"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the question lacks %q:\n%s", want, errOut)
		}
	}
	if code != 2 || !strings.Contains(errOut, "ikke sendt: sertifikatet ble ikke godtatt") {
		t.Fatalf("answered no: exit %d", code)
	}
	delivered(0)
	if b, _ := os.ReadFile(profilePath); strings.Contains(string(b), "trusted_cert") {
		t.Fatalf("remembered after a no:\n%s", b)
	}

	// Yes (after yes to sending at all): remembered, then sent.
	code, out, errOut := runSendTTY(t, dir, "nb", "j\nj\n", true, "send", path)
	if code != 0 || !strings.Contains(errOut, "Husket i profilen (smtp.trusted_cert = "+fp+")") || !strings.Contains(out, "Serveren svarte: 250 2.0.0 Ok: queued as TEST1") {
		t.Fatalf("answered yes: exit %d\n%s%s", code, out, errOut)
	}
	delivered(1)
	if code, out, _ := runCLI(t, dir, "", "profile", "show"); code != 0 || !strings.Contains(out, fp) {
		t.Fatalf("profile show does not show the trusted certificate:\n%s", out)
	}
	// From now on without a question, and without a terminal.
	if code, _, errOut := runSendTTY(t, dir, "en", "", false, "send", path, "--yes", "--again"); code != 0 {
		t.Fatalf("trusted: exit %d\n%s", code, errOut)
	}
	delivered(2)

	// The server's certificate changes: refused again.
	srv2 := smtptest.Start(t, smtptest.Options{SelfSigned: true})
	runCLI(t, dir, "", "profile", "set", "smtp.port", strconv.Itoa(srv2.Port))
	code, _, errOut = runSendTTY(t, dir, "en", "", false, "send", path, "--yes")
	if code != 1 || !strings.Contains(errOut, "has changed since you chose to trust it: its fingerprint is now "+mail.Fingerprint(srv2.Cert)+", not "+fp) {
		t.Fatalf("changed certificate: exit %d\n%s", code, errOut)
	}
	code, _, errOut = runSendTTY(t, dir, "en", "n\n", true, "send", path, "--yes")
	if code != 2 || !strings.Contains(errOut, "WARNING: the certificate of 127.0.0.1 has changed since you chose to trust it (before: "+fp+")") {
		t.Fatalf("changed certificate, terminal: exit %d\n%s", code, errOut)
	}
	if got := srv2.Delivered(t); len(got) != 0 {
		t.Fatalf("delivered %d to the changed certificate", len(got))
	}
	if b, _ := os.ReadFile(profilePath); !strings.Contains(string(b), fp) {
		t.Fatalf("the trusted certificate was replaced without a yes:\n%s", b)
	}
}
