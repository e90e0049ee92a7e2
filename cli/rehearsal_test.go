package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"io"
	"io/fs"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// rehearse is the whole Altinn 3 path, headless, against the sandbox: a
// new session, a key, the client registered on the sandbox and tested,
// the system registered, three customers (standard, agent, and one that
// rejects), their requests and e-mails, the decisions on the sandbox, the
// statuses, and tokens for the accepted ones. It returns the session ID.
func rehearse(tb testing.TB, h *a3Harness, name string) string {
	tb.Helper()
	id := h.newSession(name)
	h.client(name)

	var tok tokenJSON
	h.mustJSON(&tok, "maskinporten", "token", "--session", name)
	if !tok.OK || len(tok.Missing) != 0 || len(tok.Granted) != 3 || tok.Token != "" {
		tb.Fatalf("client test: %+v", tok)
	}

	var reg registerJSON
	h.mustJSON(&reg, "system", "register", "--session", name)
	if reg.Result != "created" || reg.SystemID != a3Vendor+"_blabaer_regnskap_pro" && !strings.HasPrefix(reg.SystemID, a3Vendor+"_") {
		tb.Fatalf("register: %+v", reg)
	}

	h.must("customers", "add", a3Customer1, "--session", name, "--name", "Kunde Standard AS", "--email", "post@standard.example.no")
	h.must("customers", "add", a3Customer2, "--session", name, "--name", "Klient Agent AS", "--email", "post@agent.example.no", "--agent")
	h.must("customers", "add", a3Customer3, "--session", name, "--name", "Nei Takk AS", "--email", "post@neitakk.example.no")

	eml := filepath.Join(h.work, "eml")
	code, out, errOut := h.run("systemuser", "request", "--all", "--session", name, "--eml", eml)
	if code != 0 || strings.Count(out, "http://") != 3 {
		tb.Fatalf("request: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, org := range []string{a3Customer1, a3Customer2, a3Customer3} {
		msg, err := os.ReadFile(filepath.Join(eml, "systembruker-"+org+".eml"))
		if err != nil {
			tb.Fatal(err)
		}
		m, err := mail.ReadMessage(bytes.NewReader(msg))
		if err != nil {
			tb.Fatalf("%s.eml: %v", org, err)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
		if err != nil {
			tb.Fatal(err)
		}
		c := h.customers(name)[org]
		if from := m.Header.Get("From"); !strings.Contains(from, "ase@blabaer.example.no") ||
			!strings.Contains(m.Header.Get("To"), c.Email) || !strings.Contains(string(body), c.ConfirmURL) {
			tb.Fatalf("%s.eml:\n%s\n%s", org, msg, body)
		}
	}
	cs := h.customers(name)
	for _, org := range []string{a3Customer1, a3Customer2, a3Customer3} {
		if cs[org].Status != "New" || cs[org].ConfirmURL == "" {
			tb.Fatalf("%s after the request: %+v", org, cs[org])
		}
	}
	h.decide(cs[a3Customer1], "approve")
	h.decide(cs[a3Customer2], "approve")
	h.decide(cs[a3Customer3], "reject")

	var st customersDoc
	h.mustJSON(&st, "systemuser", "status", "--session", name)
	got := map[string]string{}
	for _, c := range st.Customers {
		got[c.OrgNumber] = c.Status
	}
	if got[a3Customer1] != "Accepted" || got[a3Customer2] != "Accepted" || got[a3Customer3] != "Rejected" {
		tb.Fatalf("statuses: %v", got)
	}
	for _, org := range []string{a3Customer1, a3Customer2} {
		var ct tokenJSON
		h.mustJSON(&ct, "maskinporten", "token", "--session", name, "--customer", org)
		if !ct.OK || ct.Customer != org || !strings.HasSuffix(ct.SystemUserOrg, org) || ct.Token != "" {
			tb.Fatalf("token for %s: %+v", org, ct)
		}
	}
	return id
}

func TestRehearsal(t *testing.T) {
	kr := keyringtest.Require(t)
	h := newA3Harness(t, kr)
	id := rehearse(t, h, "Rehearsal")
	assertNoPrivateKeyUnder(t, kr, id, h.dir, h.work)
}

// BenchmarkRehearsal is the whole rehearsal, each iteration with a new
// sandbox and data folder (target: under 2 s).
func BenchmarkRehearsal(b *testing.B) {
	kr := keyringtest.Require(b)
	for i := 0; i < b.N; i++ {
		h := newA3Harness(b, kr)
		rehearse(b, h, "Rehearsal")
	}
}

// assertNoPrivateKeyUnder fails if any file under dirs holds the
// session's private key, in PEM or as its raw base64 lines.
func assertNoPrivateKeyUnder(t *testing.T, kr store.Secrets, sessionID string, dirs ...string) {
	t.Helper()
	key, err := kr.Get(sessionID, altinn3.SecretPrivateKey)
	if err != nil {
		t.Fatalf("the private key is not in the keyring: %v", err)
	}
	block, _ := pem.Decode([]byte(key))
	if block == nil {
		t.Fatal("the keyring's private key is not PEM")
	}
	b64 := base64.StdEncoding.EncodeToString(block.Bytes)
	// Any 48 characters of the key's base64 (a PEM line is 64) would be
	// a leak; these are checked from the middle of the key, which holds
	// the private parts.
	var canaries []string
	for off := len(b64) / 3; off+48 < len(b64) && len(canaries) < 8; off += 97 {
		canaries = append(canaries, b64[off:off+48])
	}
	files := 0
	for _, dir := range dirs {
		walkFiles(t, dir, func(p string, data []byte) {
			files++
			flat := strings.NewReplacer("\n", "", "\r", "").Replace(string(data))
			for _, c := range canaries {
				if strings.Contains(flat, c) {
					t.Errorf("%s holds the private key", p)
					break
				}
			}
		})
	}
	if files == 0 {
		t.Fatal("no files to look in: the canary test cannot fail")
	}
}

// walkFiles calls fn with each file under dir and its contents.
func walkFiles(t *testing.T, dir string, fn func(path string, data []byte)) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fn(p, data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
