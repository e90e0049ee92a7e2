package altinn3

// The service layer (Onboarding) against internal/sandbox, the local fake
// of Maskinporten and the Authentication APIs, over real HTTP on
// 127.0.0.1. The sandbox is the real thing here; only failures it cannot
// produce on demand (a closed port, a server that hangs, a 5xx, an answer
// lost on the way) use a hook in front of it or a tiny httptest server.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// Organisations with valid MOD11 check digits (the sandbox's register of
// organisations knows every such number, §5.2).
const (
	sbVendor    = vendorOrg   // 123456785
	sbOther     = "991825827" // another vendor
	sbCustomerA = "314048431"
	sbCustomerB = "313725138"
	sbCustomerC = "314168267"
	sbCustomerD = "312605031"
	sbResource  = "ske-krav-og-betalinger"
	sbAgentPkg  = "urn:altinn:accesspackage:regnskapsforer-med-signeringsrett"
	sbRedirect  = "https://blabaer.example.no/kvittering"
)

// offsetClock is the real clock moved by an offset: the sandbox's world
// clock (its Date headers are the real time, so the offset stays small
// where a test reads them), and the machine's clock, which may be off.
type offsetClock struct {
	mu  sync.Mutex
	off time.Duration
	// base, when set, is another clock this one is offset from.
	base *offsetClock
}

func (c *offsetClock) Now() time.Time {
	c.mu.Lock()
	off := c.off
	c.mu.Unlock()
	if c.base != nil {
		return c.base.Now().Add(off)
	}
	return time.Now().Add(off)
}

func (c *offsetClock) Add(d time.Duration) {
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}

// memSecrets is a keyring in memory, for the tests that are not about
// the keyring (the canary test uses the real one).
type memSecrets struct {
	mu sync.Mutex
	m  map[string]string
}

func (m *memSecrets) Set(id, name, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]string{}
	}
	m.m[id+"/"+name] = value
	return nil
}

func (m *memSecrets) Get(id, name string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[id+"/"+name]
	if !ok {
		return "", store.ErrSecretNotFound
	}
	return v, nil
}

func (m *memSecrets) Delete(id, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, id+"/"+name)
	return nil
}

func (m *memSecrets) Known(id string, names []string) ([]store.SecretStatus, error) {
	var out []store.SecretStatus
	for _, n := range names {
		_, err := m.Get(id, n)
		out = append(out, store.SecretStatus{Name: n, Set: err == nil})
	}
	return out, nil
}

func (m *memSecrets) DeleteAll(id string, names []string) error {
	for _, n := range names {
		m.Delete(id, n)
	}
	return nil
}

// sbFixture is a sandbox on 127.0.0.1:0 behind a thin hook, and an
// Onboarding pointed at it through the ALTINN_ONBOARD_*_URL variables.
type sbFixture struct {
	tb    testing.TB
	ctx   context.Context
	opts  sandbox.Options
	sb    *sandbox.Sandbox
	srv   *http.Server
	base  string
	world *offsetClock // the sandbox's clock
	local *offsetClock // this machine's clock (world + skew)
	o     *Onboarding
	env   map[string]string

	mu sync.Mutex
	// hook, when set, sees each call first; it returns true when it
	// answered (or cut) the call itself.
	hook func(w http.ResponseWriter, r *http.Request) bool
	// tokens and grants are every access token the sandbox issued and
	// every grant it was sent, for the canary scan.
	tokens, grants []string
	tokenCalls     int
}

func newSandboxFixture(tb testing.TB, opts sandbox.Options) *sbFixture {
	tb.Helper()
	f := &sbFixture{tb: tb, ctx: context.Background(), world: &offsetClock{}}
	f.local = &offsetClock{base: f.world}
	if opts.Now == nil {
		opts.Now = f.world.Now
	}
	ln, err := sandbox.Listen("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	f.base = "http://" + ln.Addr().String()
	f.opts = opts
	f.sb, err = sandbox.New(f.base, opts)
	if err != nil {
		tb.Fatal(err)
	}
	f.srv = &http.Server{Handler: http.HandlerFunc(f.serve), ReadHeaderTimeout: 10 * time.Second}
	go f.srv.Serve(ln)
	tb.Cleanup(func() { f.srv.Close() })
	f.env = map[string]string{
		EnvMaskinportenURL: f.sb.MaskinportenURL(),
		EnvPlatformURL:     f.sb.PlatformURL(),
		EnvApprovalURL:     f.sb.ApprovalURL(),
	}
	f.o = f.onboarding(&memSecrets{})
	return f
}

// onboarding is a new service (as after a restart of the program) on the
// same sandbox and keyring.
func (f *sbFixture) onboarding(secrets store.Secrets) *Onboarding {
	c := NewClient("test")
	c.Now = f.local.Now
	c.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	o := New(c, secrets, func(k string) string {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.env[k]
	})
	o.Now = f.local.Now
	return o
}

func (f *sbFixture) setEnv(k, v string) {
	f.mu.Lock()
	f.env[k] = v
	f.mu.Unlock()
}

func (f *sbFixture) setHook(h func(w http.ResponseWriter, r *http.Request) bool) {
	f.mu.Lock()
	f.hook = h
	f.mu.Unlock()
}

// serve passes a call to the sandbox, after the hook, and keeps what
// the token endpoint was sent and gave.
func (f *sbFixture) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	hook, sb := f.hook, f.sb
	f.mu.Unlock()
	if hook != nil && hook(w, r) {
		return
	}
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/maskinporten/token") {
		sb.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := httptest.NewRecorder()
	sb.ServeHTTP(rec, r)
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal(rec.Body.Bytes(), &tr)
	f.mu.Lock()
	f.tokenCalls++
	f.grants = append(f.grants, form.Get("assertion"))
	if tr.AccessToken != "" {
		f.tokens = append(f.tokens, tr.AccessToken)
	}
	f.mu.Unlock()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

// restart replaces the sandbox by a new one at the same address, as
// after a restart of "altinn-onboard sandbox": the state comes back from
// Options.StatePath, the signing key is new.
func (f *sbFixture) restart() {
	f.tb.Helper()
	sb, err := sandbox.New(f.base, f.opts)
	if err != nil {
		f.tb.Fatal(err)
	}
	f.mu.Lock()
	f.sb = sb
	f.mu.Unlock()
}

// passTo lets the sandbox answer r into a recorder, so a hook can decide
// what the caller gets.
func (f *sbFixture) passTo(r *http.Request) *httptest.ResponseRecorder {
	f.mu.Lock()
	sb := f.sb
	f.mu.Unlock()
	rec := httptest.NewRecorder()
	sb.ServeHTTP(rec, r)
	return rec
}

// cut ends the call without an answer, as a network failure does.
func cut(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

func (f *sbFixture) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokenCalls
}

// sbSession is a new Altinn 3 session of vendor org with a system that
// has a right (for standard requests) and a client package (for agent
// requests; such a system cannot be visible, AUTH.VLD-00018).
func sbSession(tb testing.TB, org string) *session.Session {
	tb.Helper()
	s := session.New("Altinn 3", time.Now())
	s.ID = keyringtest.SessionID()
	s.Track = session.TrackAltinn3
	s.Answers.Vendor = session.Vendor{OrgNumber: org, Name: "Blåbær AS"}
	hidden := false
	s.Altinn3.System = session.SystemDefinition{
		IDName:         "blabaer-regnskap",
		Name:           session.LangText{NB: "Blåbær Regnskap", NN: "Blåbær Rekneskap", EN: "Blueberry Accounts"},
		Description:    session.LangText{NB: "Regnskap", NN: "Rekneskap", EN: "Accounting"},
		Rights:         []string{sbResource},
		AccessPackages: []string{sbAgentPkg},
		RedirectURLs:   []string{sbRedirect},
		Visible:        &hidden,
	}
	return s
}

// applier is every outcome.
type applier interface{ Apply(*session.Session) }

// step runs one call of the service on a snapshot and applies what it
// returned, as a screen or a command does.
func step[T applier](f *sbFixture, s *session.Session, call func(Snapshot) (T, error)) (T, error) {
	f.tb.Helper()
	out, err := call(SnapshotOf(s))
	out.Apply(s)
	return out, err
}

// must(call())(t) is call's value, or the test fails with the error.
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatalf("%v", textOf(err))
		}
		return v
	}
}

// textOf is an error's English text (Text when it has one).
func textOf(err error) string {
	if t, ok := err.(interface{ Text(string) string }); ok {
		return t.Text("en")
	}
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// registerClient registers a Maskinporten client for org with the JWKS
// and returns its ID, as the vendor does in the self-service portal.
func (f *sbFixture) registerClient(org string, jwks []byte, scopes ...string) string {
	f.tb.Helper()
	c, err := f.sb.RegisterClient(sandbox.ClientRegistration{OrgNo: org, Key: jwks, Scopes: scopes})
	if err != nil {
		f.tb.Fatal(err)
	}
	return c.ID
}

// keyAndClient makes the key, registers the client (with scopes, the
// vendor's three when none) and records its ID: step 1 up to the test.
func (f *sbFixture) keyAndClient(s *session.Session, scopes ...string) KeyOutcome {
	f.tb.Helper()
	key := must(step(f, s, func(snap Snapshot) (KeyOutcome, error) { return f.o.GenerateKey(snap) }))(f.tb)
	id := f.registerClient(s.Answers.Vendor.OrgNumber, key.JWKS, scopes...)
	must(step(f, s, func(snap Snapshot) (ClientEdit, error) { return f.o.SetClient(snap, id) }))(f.tb)
	return key
}

func (f *sbFixture) testClient(s *session.Session) (TokenOutcome, error) {
	return step(f, s, func(snap Snapshot) (TokenOutcome, error) { return f.o.TestClient(f.ctx, snap) })
}

func (f *sbFixture) registerSystem(s *session.Session, confirm bool) (RegisterOutcome, error) {
	return step(f, s, func(snap Snapshot) (RegisterOutcome, error) { return f.o.RegisterSystem(f.ctx, snap, confirm) })
}

func (f *sbFixture) diff(s *session.Session) (DiffOutcome, error) {
	return step(f, s, func(snap Snapshot) (DiffOutcome, error) { return f.o.DiffSystem(f.ctx, snap) })
}

func (f *sbFixture) addCustomer(s *session.Session, c session.Customer) {
	f.tb.Helper()
	must(step(f, s, func(snap Snapshot) (CustomerEdit, error) { return f.o.AddCustomer(snap, c) }))(f.tb)
}

func (f *sbFixture) request(s *session.Session, org string, renew bool) (RequestOutcome, error) {
	return step(f, s, func(snap Snapshot) (RequestOutcome, error) { return f.o.RequestSystemUser(f.ctx, snap, org, renew) })
}

func (f *sbFixture) refresh(s *session.Session, org string) (RequestOutcome, error) {
	return step(f, s, func(snap Snapshot) (RequestOutcome, error) { return f.o.RefreshStatus(f.ctx, snap, org) })
}

func (f *sbFixture) customerToken(s *session.Session, org string) (TokenOutcome, error) {
	return step(f, s, func(snap Snapshot) (TokenOutcome, error) { return f.o.CustomerToken(f.ctx, snap, org, nil) })
}

func (f *sbFixture) listUsers(s *session.Session) (UsersOutcome, error) {
	return step(f, s, func(snap Snapshot) (UsersOutcome, error) { return f.o.ListSystemUsers(f.ctx, snap) })
}

// decide decides the customer's request as the customer (or the
// sandbox) would.
func (f *sbFixture) decide(s *session.Session, org, action string) {
	f.tb.Helper()
	c := s.Altinn3.Customer(org)
	if c == nil || c.Request == nil || c.Request.ID == "" {
		f.tb.Fatalf("%s has no request to decide", org)
	}
	kind := "request"
	if c.Request.Agent {
		kind = "agentrequest"
	}
	if _, err := f.sb.Decide(kind, c.Request.ID, action); err != nil {
		f.tb.Fatalf("decide %s %s: %v", org, action, err)
	}
}

// ready is a session with a key, a tested client and a registered
// system.
func (f *sbFixture) ready(org string) *session.Session {
	f.tb.Helper()
	s := sbSession(f.tb, org)
	f.keyAndClient(s)
	must(f.testClient(s))(f.tb)
	must(f.registerSystem(s, false))(f.tb)
	return s
}

// asError is err as an *Error, or the test fails.
func asError(tb testing.TB, err error) *Error {
	tb.Helper()
	e, ok := AsError(err)
	if !ok {
		tb.Fatalf("not an *Error: %T %v", err, err)
	}
	return e
}

// wantText fails unless err's text in both languages has each of want
// (English) somewhere.
func wantText(tb testing.TB, err error, want ...string) {
	tb.Helper()
	t, ok := err.(interface{ Text(string) string })
	if !ok {
		tb.Fatalf("no Text: %T %v", err, err)
	}
	en, nb := t.Text("en"), t.Text("nb")
	for _, w := range want {
		if !strings.Contains(en, w) {
			tb.Errorf("the message lacks %q:\n%s", w, en)
		}
	}
	if nb == en || nb == "" {
		tb.Errorf("no Norwegian text: %q", nb)
	}
}

// closedPort is an address where nothing listens.
func closedPort(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/"
}
