package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// The Altinn 3 commands' tests run the program in-process (run(f, args))
// against internal/sandbox on 127.0.0.1 over real HTTP. The factory's
// Getenv points the program at the sandbox (ALTINN_ONBOARD_*_URL): the
// process's own environment is never changed.

const (
	a3Vendor    = "991825827"
	a3Customer1 = "314048431"
	a3Customer2 = "313725138"
	a3Customer3 = "314168267"
)

// a3Harness is a data folder, a sandbox and the program.
type a3Harness struct {
	tb   testing.TB
	dir  string // data folder
	work string // where the test writes its files (JWKS, e-mails)
	sb   *sandbox.Server
	kr   store.Secrets
	env  map[string]string
	in   string // standard input of the next run
	tty  bool   // the next run's standard input is a terminal
	// keep: every run uses service (a test that adjusts it); else each
	// run gets a new one, as a new process would.
	keep    bool
	service *altinn3.Onboarding
	now     func() time.Time
}

func newA3Harness(tb testing.TB, kr store.Secrets) *a3Harness {
	tb.Helper()
	sb, err := sandbox.Start("127.0.0.1:0", sandbox.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { sb.Close() })
	h := &a3Harness{tb: tb, dir: tb.TempDir(), work: tb.TempDir(), sb: sb, kr: kr, env: map[string]string{}}
	if err := os.Chmod(h.dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	for _, kv := range sb.Env() {
		k, v, _ := strings.Cut(kv, "=")
		h.env[k] = v
	}
	return h
}

// factory is the program's factory for the next run: standard input
// h.in, the keyring, the sandbox's addresses, the data folder.
func (h *a3Harness) factory(out, errb *bytes.Buffer) *Factory {
	s := &IO{In: strings.NewReader(h.in), Out: out, Err: errb, InIsTerminal: h.tty, Lang: "en"}
	h.in, h.tty = "", false
	f := newFactory(s, testBuild)
	f.dataDir = h.dir
	f.Keyring = func() store.Secrets { return h.kr }
	f.Getenv = func(k string) string { return h.env[k] }
	if h.now != nil {
		f.Now = h.now
	}
	if h.keep {
		if h.service == nil {
			h.service = f.Altinn3()
		}
		f.Altinn3 = func() *altinn3.Onboarding { return h.service }
	}
	return f
}

// keepService makes every later run share one service (as one long
// process would), and returns it for the test to adjust.
func (h *a3Harness) keepService() *altinn3.Onboarding {
	h.keep = true
	var out, errb bytes.Buffer
	h.factory(&out, &errb)
	return h.service
}

// run runs the program with args (in English) and returns its exit
// status, standard output and standard error.
func (h *a3Harness) run(args ...string) (code int, stdout, stderr string) {
	h.tb.Helper()
	var out, errb bytes.Buffer
	f := h.factory(&out, &errb)
	code = run(f, append([]string{"--data-dir", h.dir, "--lang", "en"}, args...))
	return code, out.String(), errb.String()
}

// must runs args and fails the test unless the program exits 0.
func (h *a3Harness) must(args ...string) string {
	h.tb.Helper()
	code, out, errOut := h.run(args...)
	if code != 0 {
		h.tb.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// mustJSON runs args with --json and decodes standard output into v.
func (h *a3Harness) mustJSON(v any, args ...string) {
	h.tb.Helper()
	out := h.must(append(args, "--json")...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		h.tb.Fatalf("%s: not one JSON document: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// a3Answers is an answers file for an Altinn 3 session: the vendor, the
// contact (the customers' e-mails come from it) and the system.
const a3Answers = `vendor:
  org_number: "` + a3Vendor + `"
  name: Blåbær Regnskap AS
contact:
  name: Åse Ødegård
  email: ase@blabaer.example.no
altinn3:
  system:
    name: {nb: Blåbær Regnskap Pro, nn: Blåbær Rekneskap Pro, en: Blueberry Accounting Pro}
    description: {nb: Regnskap for små bedrifter, nn: Rekneskap for små verksemder, en: Accounting for small firms}
    rights: [ske-krav-og-betalinger]
    access_packages: [urn:altinn:accesspackage:regnskapsforer-med-signeringsrett]
`

// newSession makes an Altinn 3 session from a3Answers, sets what the
// system gets with system set, and returns its ID.
func (h *a3Harness) newSession(name string) string {
	h.tb.Helper()
	answers := filepath.Join(h.work, name+"-answers.yaml")
	if err := os.WriteFile(answers, []byte(a3Answers), 0o600); err != nil {
		h.tb.Fatal(err)
	}
	id := strings.TrimSpace(h.must("sessions", "new", name, "--track", "altinn3", "--answers", answers))
	h.tb.Cleanup(func() { h.kr.DeleteAll(id, []string{"maskinporten-private-key", "maskinporten-p12-password"}) })
	// Agent packages need a system not shown in the portal (AUTH.VLD-00018).
	h.must("system", "set", "--session", name, "--visible=false")
	return id
}

// client makes the session's key, registers a Maskinporten client with
// its public key on the sandbox (the self-service portal's part) and
// records the client ID.
func (h *a3Harness) client(name string) string {
	h.tb.Helper()
	jwks := filepath.Join(h.work, name+"-jwks.json")
	h.must("maskinporten", "key", "new", "--session", name, "--out", jwks)
	data, err := os.ReadFile(jwks)
	if err != nil {
		h.tb.Fatal(err)
	}
	c, err := h.sb.RegisterClient(sandbox.ClientRegistration{OrgNo: a3Vendor, Key: data})
	if err != nil {
		h.tb.Fatal(err)
	}
	h.must("maskinporten", "client", "set", c.ID, "--session", name)
	return c.ID
}

// customersDoc is `customers list --json`.
type customersDoc struct {
	Customers []customerJSON `json:"customers"`
}

func (h *a3Harness) customers(name string) map[string]customerJSON {
	h.tb.Helper()
	var doc customersDoc
	h.mustJSON(&doc, "customers", "list", "--session", name)
	m := map[string]customerJSON{}
	for _, c := range doc.Customers {
		m[c.OrgNumber] = c
	}
	return m
}

// decide decides the customer's request on the sandbox, as the customer.
func (h *a3Harness) decide(c customerJSON, action string) {
	h.tb.Helper()
	kind := "request"
	if c.Agent {
		kind = "agentrequest"
	}
	if _, err := h.sb.Decide(kind, c.RequestID, action); err != nil {
		h.tb.Fatalf("decide %s %s: %v", c.OrgNumber, action, err)
	}
}
