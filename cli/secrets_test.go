package cli

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// newTestSession makes a session in a fresh data folder.
func newTestSession(t *testing.T, name string) (dir string, st *store.Store, sess *session.Session) {
	t.Helper()
	dir = t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	sess, err = st.Create(name, session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	return dir, st, sess
}

// assertNoCanaryUnder fails if any file under dir holds canary.
func assertNoCanaryUnder(t *testing.T, dir, canary string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), canary) {
			t.Errorf("%s contains the secret value", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no files under %s: the check proves nothing", dir)
	}
}

// knownSecretNames are the secrets of the Altinn II track, the track of
// the tests' sessions.
var knownSecretNames = steps.AltinnII(steps.Deps{}).SecretNames()

// The name given is not one of the known ones: exit 2, the valid names
// listed, and the given name (which might be a mistyped secret) not echoed.
func TestSecretsUnknownName(t *testing.T) {
	dir, _, _ := newTestSession(t, "Kunde")
	for _, verb := range []string{"set", "delete"} {
		code, out, errOut := runCLI(t, dir, "value1\n", "secrets", verb, "Hemmelig-Passord-42", "--session", "Kunde")
		if code != 2 {
			t.Errorf("%s: exit %d, want 2: %s", verb, code, errOut)
		}
		for _, n := range knownSecretNames {
			if !strings.Contains(errOut, n) {
				t.Errorf("%s: the error does not list %s:\n%s", verb, n, errOut)
			}
		}
		if strings.Contains(out+errOut, "Hemmelig-Passord-42") {
			t.Errorf("%s: the unknown name was echoed:\n%s", verb, errOut)
		}
	}
}

// Values that must be refused before the keyring is asked: these run
// without a keyring too.
func TestSecretsSetRefusesBadValues(t *testing.T) {
	dir, st, sess := newTestSession(t, "Kunde")
	for _, c := range []struct{ name, stdin, want string }{
		{steps.SecretSystemPassword, "abc\n", "at least 7 characters"},
		{steps.SecretSystemPassword, "abcdefgh\n", "digits"},
		{steps.SecretRESTAPIKeyTT02, "", "empty"},
		{steps.SecretRESTAPIKeyTT02, "\n", "empty"},
		{steps.SecretRESTAPIKeyTT02, "key1\n\n", "line break"}, // only one newline is stripped
		{steps.SecretRESTAPIKeyTT02, "key1\nkey2", "line break"},
		{steps.SecretRESTAPIKeyTT02, strings.Repeat("k", store.MaxSecretBytes+1), "larger than"},
	} {
		code, out, errOut := runCLI(t, dir, c.stdin, "secrets", "set", c.name, "--session", "Kunde")
		if code != 2 || !strings.Contains(errOut, c.want) || !strings.Contains(errOut, "nothing was stored") {
			t.Errorf("%s %q: exit %d, stderr %q; want 2 and %q", c.name, c.stdin, code, errOut, c.want)
		}
		if v := strings.TrimSpace(c.stdin); len(v) >= 3 && strings.Contains(out+errOut, v) {
			t.Errorf("%s: the value was echoed: %q", c.name, errOut)
		}
	}
	again, err := st.Load(sess.ID)
	if err != nil || len(again.Secrets) != 0 {
		t.Fatalf("refused values left a reference: %v %+v", err, again.Secrets)
	}
}

// A session open elsewhere is refused before anything is read or stored.
func TestSecretsSetRefusesLockedSession(t *testing.T) {
	dir, st, sess := newTestSession(t, "Kunde")
	lock, err := st.Lock(sess)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	code, _, errOut := runCLI(t, dir, "Passord123\n", "secrets", "set", steps.SecretSystemPassword, "--session", "Kunde")
	if code != 1 || !strings.Contains(errOut, "open in another altinn-onboard") {
		t.Fatalf("exit %d %q", code, errOut)
	}
}

func TestSecretsNeedSession(t *testing.T) {
	dir := t.TempDir()
	if code, _, e := runCLI(t, dir, "x\n", "secrets", "set", steps.SecretSMTPPassword); code == 0 || !strings.Contains(e, "session") {
		t.Fatalf("without --session: %d %q", code, e)
	}
	if code, _, e := runCLI(t, dir, "x\n", "secrets", "set", steps.SecretSMTPPassword, "--session", "nobody"); code != 1 || !strings.Contains(e, `no session matches "nob…"`) || strings.Contains(e, "nobody") {
		t.Fatalf("unknown session: %d %q", code, e)
	}
}

// The whole round trip against the real (throw-away) keyring: set from a
// pipe, list in text and JSON, delete, with a canary value that must
// never appear in any output or file.
func TestSecretsKeyringRoundTrip(t *testing.T) {
	kr := keyringtest.Require(t)
	dir, st, sess := newTestSession(t, "Kunde Kanari")
	t.Cleanup(func() { kr.DeleteAll(sess.ID, knownSecretNames) })
	other, err := st.Create("Kunde Annen", session.TrackAltinnII)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kr.DeleteAll(other.ID, knownSecretNames) })

	var b [12]byte
	rand.Read(b[:])
	canary := "Kanari" + hex.EncodeToString(b[:]) // letters and digits: a valid system password
	var seen strings.Builder
	cli := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		code, out, errOut := runCLI(t, dir, stdin, args...)
		seen.WriteString(out + errOut)
		return code, out, errOut
	}

	// set, from a pipe with one trailing newline
	code, out, errOut := cli(canary+"\n", "secrets", "set", steps.SecretSystemPassword, "--session", "Kunde Kanari")
	if code != 0 {
		t.Fatalf("set: exit %d\n%s\n%s", code, out, errOut)
	}
	where := "OS keyring, entry altinn-onboard / " + sess.ID + "/system-password"
	if !strings.Contains(out, where) {
		t.Errorf("set does not say where: %q", out)
	}
	if v, err := kr.Get(sess.ID, steps.SecretSystemPassword); err != nil || v != canary {
		t.Fatalf("keyring does not hold the value (newline stripped): %v, equal=%v", err, v == canary)
	}
	again, err := st.Load(sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Secrets) != 1 {
		t.Fatalf("session references: %+v", again.Secrets)
	}
	ref := again.Secrets[0]
	if ref.Name != steps.SecretSystemPassword || ref.Store != "os-keyring" || ref.Service != store.KeyringService ||
		ref.Account != store.Account(sess.ID, steps.SecretSystemPassword) || ref.SetAt.IsZero() {
		t.Fatalf("reference: %+v", ref)
	}

	// A CRLF from Windows counts as one newline.
	if code, _, e := cli("tt02key\r\n", "secrets", "set", steps.SecretRESTAPIKeyTT02, "--session", sess.ID); code != 0 {
		t.Fatalf("set with CRLF: %d %s", code, e)
	}
	if v, err := kr.Get(sess.ID, steps.SecretRESTAPIKeyTT02); err != nil || v != "tt02key" {
		t.Fatalf("CRLF value: %v %q", err, v)
	}

	// list, one session, text
	code, out, errOut = cli("", "secrets", "list", "--session", "Kunde Kanari")
	if code != 0 {
		t.Fatalf("list: %d %s", code, errOut)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			rows[f[0]] = line
		}
	}
	for _, n := range knownSecretNames {
		row, ok := rows[n]
		if !ok {
			t.Fatalf("list lacks %s:\n%s", n, out)
		}
		wantSet := n == steps.SecretSystemPassword || n == steps.SecretRESTAPIKeyTT02
		if isSet := !strings.Contains(row, "not set") && strings.Contains(row, " set "); isSet != wantSet {
			t.Errorf("row %q: set=%v, want %v", row, isSet, wantSet)
		}
		if !strings.Contains(row, "OS keyring, entry altinn-onboard / "+sess.ID+"/"+n) {
			t.Errorf("row %q does not say where", row)
		}
	}
	if strings.Contains(out, "Kunde Annen") {
		t.Errorf("--session listed another session:\n%s", out)
	}

	// list, every session, text
	code, out, _ = cli("", "secrets", "list")
	if code != 0 || !strings.Contains(out, "Kunde Kanari") || !strings.Contains(out, "Kunde Annen") || !strings.Contains(out, other.ID+"/system-password") {
		t.Fatalf("list all: %d\n%s", code, out)
	}

	// list, JSON
	code, out, _ = cli("", "secrets", "list", "--json")
	var lo secretsListOutput
	if err := json.Unmarshal([]byte(out), &lo); err != nil || code != 0 {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if len(lo.Sessions) != 2 {
		t.Fatalf("json sessions: %+v", lo.Sessions)
	}
	for _, s := range lo.Sessions {
		if len(s.Secrets) != len(knownSecretNames) {
			t.Fatalf("json %s: %d secrets", s.Name, len(s.Secrets))
		}
		for _, e := range s.Secrets {
			mine := s.ID == sess.ID && (e.Name == steps.SecretSystemPassword || e.Name == steps.SecretRESTAPIKeyTT02)
			if e.Set != mine || e.Recorded != mine || e.Store != "os-keyring" || e.Service != store.KeyringService ||
				e.Account != store.Account(s.ID, e.Name) || !strings.Contains(e.Where, "OS keyring") {
				t.Errorf("json %s/%s: %+v", s.Name, e.Name, e)
			}
		}
	}

	// The value is nowhere but in the keyring.
	if strings.Contains(seen.String(), canary) {
		t.Fatal("the secret value was printed")
	}
	assertNoCanaryUnder(t, dir, canary)

	// The system-password rule, against a real keyring: nothing changes.
	if code, _, e := cli("abc\n", "secrets", "set", steps.SecretSystemPassword, "--session", "Kunde Kanari"); code != 2 || !strings.Contains(e, "at least 7") {
		t.Fatalf("abc: %d %q", code, e)
	}
	if v, err := kr.Get(sess.ID, steps.SecretSystemPassword); err != nil || v != canary {
		t.Fatalf("a refused value replaced the stored one: %v", err)
	}

	// delete
	code, out, errOut = cli("", "secrets", "delete", steps.SecretSystemPassword, "--session", "Kunde Kanari")
	if code != 0 || !strings.Contains(out, "Deleted") {
		t.Fatalf("delete: %d %q %q", code, out, errOut)
	}
	if _, err := kr.Get(sess.ID, steps.SecretSystemPassword); !errors.Is(err, store.ErrSecretNotFound) {
		t.Fatalf("still in the keyring after delete: %v", err)
	}
	again, _ = st.Load(sess.ID)
	if len(again.Secrets) != 1 || again.Secrets[0].Name != steps.SecretRESTAPIKeyTT02 {
		t.Fatalf("references after delete: %+v", again.Secrets)
	}
	_, out, _ = cli("", "secrets", "list", "--session", sess.ID)
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, steps.SecretSystemPassword) && !strings.Contains(line, "not set") {
			t.Errorf("after delete: %q", line)
		}
	}
	// Deleting what is not there is fine (status 0), but it says so.
	if code, o, e := cli("", "secrets", "delete", steps.SecretSystemPassword, "--session", sess.ID); code != 0 ||
		!strings.Contains(o, steps.SecretSystemPassword+" was not set for session") || strings.Contains(o, "Deleted") {
		t.Fatalf("second delete: %d %q %s", code, o, e)
	}

	if strings.Contains(seen.String(), canary) {
		t.Fatal("the secret value was printed")
	}
	assertNoCanaryUnder(t, dir, canary)
}

// A keyring entry the session does not refer to (and the reverse) is
// pointed out by list.
func TestSecretsListShowsMismatch(t *testing.T) {
	kr := keyringtest.Require(t)
	dir, st, sess := newTestSession(t, "Kunde")
	t.Cleanup(func() { kr.DeleteAll(sess.ID, knownSecretNames) })
	if err := kr.Set(sess.ID, steps.SecretSMTPPassword, "smtp-pw-1"); err != nil {
		t.Fatal(err)
	}
	sess.SetSecretRef(session.SecretRef{Name: steps.SecretCertificatePassword, Store: "os-keyring", Service: store.KeyringService,
		Account: store.Account(sess.ID, steps.SecretCertificatePassword)})
	if err := st.Save(sess); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, dir, "", "secrets", "list", "--session", "Kunde")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	for _, line := range strings.Split(out, "\n") {
		name := ""
		if f := strings.Fields(line); len(f) > 0 {
			name = f[0]
		}
		switch {
		case name == steps.SecretSMTPPassword && !strings.Contains(line, "no reference"):
			t.Errorf("unreferenced entry not pointed out: %q", line)
		case name == steps.SecretCertificatePassword && !strings.Contains(line, "set it again"):
			t.Errorf("missing entry not pointed out: %q", line)
		}
	}
}

// Without a keyring, list and set fail with the keyring's own text and
// what to do, set records nothing, and the value is not in the error.
func TestSecretsKeyringUnavailable(t *testing.T) {
	if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err == nil {
		t.Skipf("/run/user/%d/bus exists, so an unset DBUS_SESSION_BUS_ADDRESS still finds a bus on this machine", os.Getuid())
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	dir, st, sess := newTestSession(t, "Kunde")

	code, out, errOut := runCLI(t, dir, "", "secrets", "list")
	if code != 1 || out != "" || !strings.Contains(errOut, "no D-Bus session bus") || !strings.Contains(errOut, "altinn-onboard doctor") {
		t.Fatalf("list: %d %q %q", code, out, errOut)
	}
	canary := "Kanari" + hex.EncodeToString([]byte(t.Name()))[:12]
	code, out, errOut = runCLI(t, dir, canary+"\n", "--lang", "nb", "secrets", "set", steps.SecretSMTPPassword, "--session", "Kunde")
	if code != 1 || !strings.Contains(errOut, "ingen D-Bus-sesjonsbuss") {
		t.Fatalf("set: %d %q", code, errOut)
	}
	if strings.Contains(out+errOut, canary) {
		t.Fatal("the value was printed")
	}
	if again, _ := st.Load(sess.ID); len(again.Secrets) != 0 {
		t.Fatalf("a reference was recorded although nothing was stored: %+v", again.Secrets)
	}
	assertNoCanaryUnder(t, dir, canary)
}

// The certificate password of each environment is a secret of its own
// (issue 11 §5): secrets set stores each under its own name, list shows
// both, and the one password of an older session is still listed.
func TestSecretsCertificatePasswordPerEnvironment(t *testing.T) {
	kr := keyringtest.Require(t)
	dir, st, sess := newTestSession(t, "Kunde")
	t.Cleanup(func() { kr.DeleteAll(sess.ID, knownSecretNames) })
	for name, v := range map[string]string{"certificate-password-tt02": "test-pass-1", "certificate-password-prod": "prod-pass-2"} {
		if code, _, errOut := runCLI(t, dir, v+"\n", "secrets", "set", name, "--session", "Kunde"); code != 0 {
			t.Fatalf("set %s: %d %s", name, code, errOut)
		}
		if got, err := kr.Get(sess.ID, name); err != nil || got != v {
			t.Fatalf("%s: keyring has %q, %v", name, got, err)
		}
	}
	code, out, errOut := runCLI(t, dir, "", "secrets", "list", "--session", "Kunde")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 1 {
			listed[f[0]] = true
		}
	}
	for _, name := range []string{"certificate-password-tt02", "certificate-password-prod", "certificate-password"} {
		if !listed[name] {
			t.Errorf("list lacks %s:\n%s", name, out)
		}
	}
	again, err := st.Load(sess.ID)
	if err != nil || len(again.Secrets) != 2 {
		t.Fatalf("references %v %+v", err, again.Secrets)
	}
}

// secrets set of a certificate password tries it on the session's .p12
// for that environment first, as the wizard does: a wrong one is refused
// (exit 2) and nothing reaches the keyring or the session.
func TestSecretsCertificatePasswordTriedOnItsFile(t *testing.T) {
	kr := keyringtest.Require(t)
	dir, st, sess := newTestSession(t, "Kunde")
	t.Cleanup(func() { kr.DeleteAll(sess.ID, knownSecretNames) })
	const password = "Riktig-p12-passord"
	sess.Authentication.Certificate(session.EnvTT02).Path = testP12(t, t.TempDir(), password)
	if err := st.Save(sess); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, dir, "feil-passord\n", "secrets", "set", "certificate-password-tt02", "--session", "Kunde")
	if code != 2 || !strings.Contains(errOut, "Wrong password: it does not open the certificate file") || strings.Contains(errOut, "feil-passord") {
		t.Fatalf("wrong password: exit %d\n%s", code, errOut)
	}
	if got, err := kr.Get(sess.ID, "certificate-password-tt02"); err == nil {
		t.Fatalf("the keyring took the wrong password: %q", got)
	}
	if again, err := st.Load(sess.ID); err != nil || len(again.Secrets) != 0 {
		t.Fatalf("references %v %+v", err, again.Secrets)
	}
	if code, _, errOut := runCLI(t, dir, password+"\n", "secrets", "set", "certificate-password-tt02", "--session", "Kunde"); code != 0 {
		t.Fatalf("right password: exit %d\n%s", code, errOut)
	}
	if got, err := kr.Get(sess.ID, "certificate-password-tt02"); err != nil || got != password {
		t.Fatalf("keyring has %q, %v", got, err)
	}
}
