package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// registered is a session with a tested client, the system registered,
// and the three customers (the second an agent).
func registered(t *testing.T, h *a3Harness, name string) {
	t.Helper()
	h.newSession(name)
	h.client(name)
	h.must("system", "register", "--session", name)
	h.must("customers", "add", a3Customer1, "--session", name, "--email", "a@en.example.no")
	h.must("customers", "add", a3Customer2, "--session", name, "--email", "b@to.example.no", "--agent")
	h.must("customers", "add", a3Customer3, "--session", name, "--email", "c@tre.example.no")
}

// requested is a registered session "S" whose three customers' requests
// are sent, and the customers as listed.
func requested(t *testing.T) (*a3Harness, map[string]customerJSON) {
	t.Helper()
	h := newA3Harness(t, keyringtest.Require(t))
	registered(t, h, "S")
	h.must("systemuser", "request", "--all", "--session", "S")
	return h, h.customers("S")
}

// status --wait polls with the core's backoff until each request is
// decided, telling of each change on standard error; the sleeper here
// decides on the sandbox (as the customers would) and moves the clock.
func TestSystemUserStatusWaits(t *testing.T) {
	h, cs := requested(t)

	// The clock starts at the real time: Maskinporten checks a grant's
	// time against its own (±10 s), and the waits add 6 s in all.
	clock := time.Now()
	h.now = func() time.Time { return clock }
	var waits []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		clock = clock.Add(d)
		switch len(waits) {
		case 1:
			h.decide(cs[a3Customer1], "approve")
		case 2:
			h.decide(cs[a3Customer2], "approve")
			h.decide(cs[a3Customer3], "reject")
		}
		return nil
	}
	var out, errb bytes.Buffer
	f := h.factory(&out, &errb)
	cmd := newCmdSystemUserStatus(f, func(o *statusOptions) error { o.Sleep = sleep; return statusRun(o) })
	cmd.SetArgs([]string{"--session", "S", "--wait", "30m", "--json"})
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	if len(waits) != 2 || waits[0] != 2*time.Second || waits[1] != 4*time.Second {
		t.Errorf("waits %v, want 2s then 4s (the core's backoff)", waits)
	}
	for _, want := range []string{"Waiting for the customers … (asking again in 2s)", a3Customer1 + ": accepted", a3Customer3 + ": rejected by the customer"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
	var doc customersDoc
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Customers) != 3 {
		t.Fatalf("%v\n%s", err, out.String())
	}
	// Saved as each came: a new process sees them.
	h.now = nil
	cs = h.customers("S")
	if cs[a3Customer1].Status != "Accepted" || cs[a3Customer1].SystemUserID == "" || cs[a3Customer3].Status != "Rejected" {
		t.Fatalf("%+v", cs)
	}

	// A wait that runs out leaves the request New.
	h.must("customers", "add", "310000000", "--session", "S")
	h.must("systemuser", "request", "--customer", "310000000", "--session", "S")
	clock = time.Now()
	h.now = func() time.Time { return clock }
	waits = nil
	out.Reset()
	errb.Reset()
	f = h.factory(&out, &errb)
	cmd = newCmdSystemUserStatus(f, func(o *statusOptions) error {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			waits = append(waits, d)
			clock = clock.Add(d)
			return nil
		}
		return statusRun(o)
	})
	cmd.SetArgs([]string{"--session", "S", "--wait", "10s", "--customer", "310000000"})
	err := cmd.Execute()
	if len(waits) != 3 || waits[2] != 4*time.Second || !strings.Contains(out.String(), "waiting for the customer") {
		t.Fatalf("waits %v\n%s", waits, out.String())
	}
	// ... and says so: exit 3, the pending one named, how to wait longer.
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != ExitPending {
		t.Fatalf("a wait that ran out: %v, want exit %d", err, ExitPending)
	}
	for _, want := range []string{"1 request(s) still waiting for the customer after --wait 10s: 310000000", "--wait 20s"} {
		if !strings.Contains(errorText(err, "en"), want) {
			t.Errorf("message lacks %q: %s", want, errorText(err, "en"))
		}
	}
	if nb := errorText(err, "nb"); !strings.Contains(nb, "venter fortsatt på kunden") {
		t.Errorf("no Norwegian message: %s", nb)
	}
}

// status --wait exits 0 only when every request asked about is decided;
// when the wait runs out with some still New it exits 3, names them on
// standard error (in the user's language) and says how to wait longer,
// and --json still prints one document, whose "pending" lists them.
func TestSystemUserStatusWaitRunsOut(t *testing.T) {
	h, cs := requested(t)
	h.decide(cs[a3Customer1], "approve")
	h.decide(cs[a3Customer3], "reject")

	// Decided ones only: exit 0, nothing pending.
	var doc struct {
		Customers []customerJSON `json:"customers"`
		Pending   []string       `json:"pending"`
	}
	h.mustJSON(&doc, "systemuser", "status", "--session", "S", "--customer", a3Customer1, "--wait", "1s")
	if len(doc.Customers) != 1 || doc.Pending == nil || len(doc.Pending) != 0 {
		t.Fatalf("%+v", doc)
	}
	// One still New when the (short, real) wait is over: exit 3.
	code, out, errOut := h.run("systemuser", "status", "--session", "S", "--wait", "1s")
	if code != ExitPending || !strings.Contains(out, nofmt.OrgNumber(a3Customer2)) {
		t.Fatalf("exit %d, want %d\n%s\n%s", code, ExitPending, out, errOut)
	}
	if !strings.Contains(errOut, "1 request(s) still waiting for the customer after --wait 1s: "+a3Customer2+".") ||
		!strings.Contains(errOut, "--wait 2s") || strings.Contains(errOut, a3Customer1+".") {
		t.Fatalf("stderr:\n%s", errOut)
	}
	code, out, errOut = h.run("systemuser", "status", "--session", "S", "--wait", "1s", "--json")
	doc.Pending = nil
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&doc); code != ExitPending || err != nil || dec.More() {
		t.Fatalf("--json: exit %d, not one document (%v)\n%s", code, err, out)
	}
	if len(doc.Customers) != 3 || len(doc.Pending) != 1 || doc.Pending[0] != a3Customer2 || !strings.Contains(errOut, a3Customer2) {
		t.Fatalf("--json: %+v\n%s", doc, errOut)
	}
	// Without --wait a read is a read: exit 0.
	if code, _, errOut := h.run("systemuser", "status", "--session", "S"); code != 0 {
		t.Fatalf("without --wait: exit %d\n%s", code, errOut)
	}
	// The help says it.
	_, help, _ := h.run("systemuser", "status", "--help")
	if !strings.Contains(help, "3 --wait ran out") {
		t.Fatalf("help:\n%s", help)
	}
}

// The token is never shown unless --print-token asks for it.
func TestTokenOnlyWithPrintToken(t *testing.T) {
	kr := keyringtest.Require(t)
	h := newA3Harness(t, kr)
	h.keepService() // one process: the token is kept in memory between runs
	h.newSession("S")
	h.client("S")
	token := strings.TrimSpace(h.must("maskinporten", "token", "--session", "S", "--print-token"))
	if strings.Count(token, ".") != 2 || len(token) < 100 {
		t.Fatalf("--print-token printed %q", token)
	}
	code, out, errOut := h.run("maskinporten", "token", "--session", "S")
	code2, out2, errOut2 := h.run("maskinporten", "token", "--session", "S", "--json")
	if code != 0 || code2 != 0 || strings.Contains(out+errOut+out2+errOut2, token) || !strings.Contains(out, "altinn:authentication/systemregister.write") {
		t.Fatalf("the token shows without --print-token:\n%s\n%s", out, out2)
	}
	var doc tokenJSON
	h.mustJSON(&doc, "maskinporten", "token", "--session", "S", "--print-token")
	if doc.Token != token {
		t.Fatalf("--json --print-token: %+v", doc)
	}
	assertNoTextUnder(t, token, h.dir, h.work)
}

func assertNoTextUnder(t *testing.T, secret string, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		walkFiles(t, d, func(p string, data []byte) {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds the secret", p)
			}
		})
	}
}

// loseAnswers is a proxy in front of the platform that passes requests
// on, but for a system-user request for org it drops the connection after
// the platform answered: the request is made, its answer lost.
type loseAnswers struct {
	proxy *httputil.ReverseProxy
	mu    sync.Mutex
	org   string
	lost  []string // the IDs whose answers were lost
}

func (l *loseAnswers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	org := l.org
	l.mu.Unlock()
	if r.Method == http.MethodPost && strings.Contains(r.URL.Path, "systemuser/request") && org != "" {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if bytes.Contains(body, []byte(org)) {
			rec := &recorder{header: http.Header{}}
			l.proxy.ServeHTTP(rec, r)
			var resp struct{ ID string }
			json.Unmarshal(rec.body.Bytes(), &resp)
			l.mu.Lock()
			l.lost = append(l.lost, resp.ID)
			l.mu.Unlock()
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
	}
	l.proxy.ServeHTTP(w, r)
}

func (l *loseAnswers) lostIDs() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lost...)
}

type recorder struct {
	header http.Header
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(int)             {}

// A run cut off mid-way (the answer to a request lost on the network)
// keeps what was done; the next run reads the first customer's request
// rather than sending it again, sends the second again (the register
// answers it with the request it made) and then the third.
func TestSystemUserRequestResumes(t *testing.T) {
	kr := keyringtest.Require(t)
	h := newA3Harness(t, kr)
	registered(t, h, "S")
	h.keepService().Client.Sleep = func(context.Context, time.Duration) error { return nil }

	target, _ := url.Parse(h.env[altinn3.EnvPlatformURL])
	lose := &loseAnswers{proxy: httputil.NewSingleHostReverseProxy(target), org: a3Customer2}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: lose}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	h.env[altinn3.EnvPlatformURL] = "http://" + ln.Addr().String() + "/"

	code, _, errOut := h.run("systemuser", "request", "--all", "--session", "S")
	if code != 1 || !strings.Contains(errOut, "No answer from the service") {
		t.Fatalf("cut off: exit %d\n%s", code, errOut)
	}
	cs := h.customers("S")
	first := cs[a3Customer1].RequestID
	if first == "" || cs[a3Customer2].RequestID != "" || cs[a3Customer3].Status != "" || len(lose.lostIDs()) == 0 {
		t.Fatalf("after the cut: %+v, lost %v", cs, lose.lostIDs())
	}
	if s := h.load("S").Altinn3.Customer(a3Customer2); s.Request == nil || s.Request.SentAt.IsZero() || s.Request.LastError == nil {
		t.Fatalf("the session did not record the request sent: %+v", s.Request)
	}

	lose.mu.Lock()
	lose.org = ""
	lose.mu.Unlock()
	h.must("systemuser", "request", "--all", "--session", "S")
	cs = h.customers("S")
	if cs[a3Customer1].RequestID != first || cs[a3Customer2].RequestID != lose.lostIDs()[0] || cs[a3Customer3].RequestID == "" {
		t.Fatalf("after the resume: %+v (lost %v)", cs, lose.lostIDs())
	}
}

// A request the register refuses for one customer does not stop the
// others; the exit status is 1, and --json gives one document with the
// error and every customer's state.
func TestSystemUserRequestOneRefused(t *testing.T) {
	kr := keyringtest.Require(t)
	h := newA3Harness(t, kr)
	h.newSession("S")
	h.client("S")
	// No access packages: an agent request has nothing to ask for.
	h.must("system", "set", "--session", "S", "--access-package=", "--visible=true")
	h.must("system", "register", "--session", "S")
	h.must("customers", "add", a3Customer2, "--session", "S", "--agent")
	h.must("customers", "add", a3Customer1, "--session", "S")
	code, out, errOut := h.run("systemuser", "request", "--all", "--session", "S", "--json")
	var doc jsonError
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 1 {
		t.Fatalf("exit %d, %v\n%s\n%s", code, err, out, errOut)
	}
	cs, _ := json.Marshal(doc.Error.Extra["customers"])
	if !strings.Contains(errOut, a3Customer2+": ") || !strings.Contains(string(cs), `"status":"New"`) || !strings.Contains(string(cs), `"error":"`) {
		t.Fatalf("%s\n%s", out, errOut)
	}
}
