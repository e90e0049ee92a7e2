package altinn3

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// A token the platform no longer accepts (here: the sandbox restarted
// with a new signing key) gives 401 with advice; the token is dropped, so
// the next call gets a new one instead of failing for its lifetime.
func TestSandbox401DropsToken(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{StatePath: filepath.Join(t.TempDir(), "state.json")})
	s := f.ready(sbVendor)
	f.restart()
	_, err := f.diff(s)
	if e := asError(t, err); e.Kind != KindUnauthorized || e.Status != 401 {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "HTTP 401", "Test the Maskinporten client again")
	if d := must(f.diff(s))(t); len(d.Changes) != 0 {
		t.Fatalf("%v", d.Changes)
	}
}

// Nothing listens on the platform's port: a GET is tried three times, a
// POST that registers once; both say that no answer came and from where.
func TestSandboxClosedPort(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	dead := closedPort(t)
	f.setEnv(EnvPlatformURL, dead)
	_, err := f.registerSystem(s, false)
	e := asError(t, err)
	if e.Kind != KindNetwork || e.Attempts != 1 || e.Status != 0 {
		t.Fatalf("POST: %+v", e)
	}
	wantText(t, err, "No answer from the service", strings.TrimSuffix(strings.TrimPrefix(dead, "http://"), "/"))
	if s.Altinn3.Registered != nil {
		t.Fatal("recorded as registered")
	}
	_, err = f.diff(s)
	if e := asError(t, err); e.Kind != KindNetwork || e.Attempts != DefaultMaxAttempts {
		t.Fatalf("GET: %+v", e)
	}

	// Maskinporten itself is not there: the client test says so, and
	// records it.
	f.setEnv(EnvPlatformURL, f.sb.PlatformURL())
	f.setEnv(EnvMaskinportenURL, dead)
	f.o.forgetTokens()
	f.o = f.onboarding(f.o.Secrets) // no metadata in memory
	_, err = f.testClient(s)
	if e := asError(t, err); e.Kind != KindNetwork {
		t.Fatalf("token: %+v", e)
	}
	if lt := s.Altinn3.Maskinporten.LastTest; lt == nil || lt.OK || lt.Error == nil || lt.Error.Title == "" {
		t.Fatalf("%+v", lt)
	}
}

// A platform that never answers: the client's timeout ends each try, and
// the message says the service did not answer in time. (A mock: the
// sandbox always answers.)
func TestSandboxHangingServer(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := f.ready(sbVendor)
	release := make(chan struct{})
	var mu sync.Mutex
	tries := 0
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		tries++
		mu.Unlock()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(hang.Close)
	t.Cleanup(func() { close(release) })
	f.setEnv(EnvPlatformURL, hang.URL)
	f.o.Client.HTTP.Timeout = 200 * time.Millisecond
	_, err := f.diff(s)
	e := asError(t, err)
	if e.Kind != KindNetwork || !isTimeout(e.Err) || e.Attempts != DefaultMaxAttempts {
		t.Fatalf("%+v", e)
	}
	mu.Lock()
	defer mu.Unlock()
	if tries != DefaultMaxAttempts {
		t.Fatalf("%d tries", tries)
	}
	wantText(t, err, "did not answer in time", strings.TrimPrefix(hang.URL, "http://"))
}

// Server errors on status reads: a 503 is tried again at once; a 500 is
// reported with the trace ID and recorded, the status kept; a wait for
// decisions goes on through them.
func TestSandboxServerErrors(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := f.ready(sbVendor)
	f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA})
	must(f.request(s, sbCustomerA, false))(t)
	var mu sync.Mutex
	fail := []int{}
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, "/systemuser/request/vendor/") {
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		if len(fail) == 0 {
			return false
		}
		status := fail[0]
		fail = fail[1:]
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"title": "An error occurred", "status": status, "traceId": "00-feil-00"})
		return true
	})
	setFail := func(s ...int) { mu.Lock(); fail = s; mu.Unlock() }

	setFail(503)
	if out := must(f.refresh(s, sbCustomerA))(t); out.Request.Status != session.RequestNew || out.Request.LastError != nil {
		t.Fatalf("%+v", out.Request)
	}

	setFail(500)
	_, err := f.refresh(s, sbCustomerA)
	e := asError(t, err)
	if e.Kind != KindServer || e.Status != 500 {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "HTTP 500", "The fault is the service's", "00-feil-00")
	r := s.Altinn3.Customer(sbCustomerA).Request
	if r.Status != session.RequestNew || r.LastError == nil || r.LastError.Status != 500 || r.ID == "" {
		t.Fatalf("%+v", r)
	}

	f.decide(s, sbCustomerA, "approve")
	setFail(500, 502, 502, 502)
	outs, err := f.o.WaitForDecisions(f.ctx, SnapshotOf(s), []string{sbCustomerA}, f.local.Now().Add(time.Hour),
		func(context.Context, time.Duration) error { return nil }, nil)
	if err != nil || outs[0].Request.Status != session.RequestAccepted || outs[0].SystemUserID == "" {
		t.Fatalf("%v %+v", err, outs)
	}
	outs[0].Apply(s)
	if s.Altinn3.Customer(sbCustomerA).Request.LastError != nil {
		t.Fatal("the error stayed after a good answer")
	}
}

// The answer to the request's POST is lost once: the POST is sent again,
// and the register answers it with the request the first one made; one
// request exists.
func TestSandboxRequestAnswerLostOnce(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := f.ready(sbVendor)
	f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA})
	var mu sync.Mutex
	var made string
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		defer mu.Unlock()
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/systemuser/request/vendor") || made != "" {
			return false
		}
		var resp RequestResponse
		json.Unmarshal(f.passTo(r).Body.Bytes(), &resp)
		made = resp.ID
		cut(w)
		return true
	})
	out := must(f.request(s, sbCustomerA, false))(t)
	mu.Lock()
	defer mu.Unlock()
	if made == "" || out.Request.ID != made || out.Request.HTTPStatus != 200 {
		t.Fatalf("made %q, got %q (%d)", made, out.Request.ID, out.Request.HTTPStatus)
	}
}

// Every answer to the POST is lost: the failure is recorded in the
// session (what was sent, the error); the session is saved; the program
// restarts; the next status read sends the POST again and gets the
// request the lost call made. Nothing is lost, nothing doubled.
func TestSandboxRequestResumesAfterRestart(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := f.ready(sbVendor)
	f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA, ExternalRef: "kunde-a"})
	var mu sync.Mutex
	var made []string
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/systemuser/request/vendor") {
			return false
		}
		var resp RequestResponse
		json.Unmarshal(f.passTo(r).Body.Bytes(), &resp)
		mu.Lock()
		made = append(made, resp.ID)
		mu.Unlock()
		cut(w)
		return true
	})
	_, err := f.request(s, sbCustomerA, false)
	if e := asError(t, err); e.Kind != KindNetwork {
		t.Fatalf("%+v", e)
	}
	r := s.Altinn3.Customer(sbCustomerA).Request
	if r == nil || r.SentAt.IsZero() || r.ID != "" || r.LastError == nil || r.ExternalRef != "kunde-a" || len(r.Rights) != 1 {
		t.Fatalf("not recorded: %+v", r)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(made) != DefaultMaxAttempts || made[0] == "" || made[1] != made[0] || made[2] != made[0] {
		t.Fatalf("the register made %v", made)
	}

	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	back, err := st.Load(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.setHook(nil)
	f.o = f.onboarding(f.o.Secrets) // the program started again
	out := must(f.refresh(back, sbCustomerA))(t)
	if out.Request.ID != made[0] || out.Request.HTTPStatus != 200 || out.Request.LastError != nil || out.Request.Status != session.RequestNew {
		t.Fatalf("%+v", out.Request)
	}
	if got := back.Altinn3.Customer(sbCustomerA).Request; got.ID != made[0] || got.ConfirmURL == "" {
		t.Fatalf("%+v", got)
	}
}
