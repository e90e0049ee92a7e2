package altinn3

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSleep records waits instead of waiting.
type fakeSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (f *fakeSleep) sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waits = append(f.waits, d)
	return ctx.Err()
}

func testClient(s *fakeSleep) *Client {
	c := NewClient("test")
	c.Sleep = s.sleep
	c.Now = func() time.Time { return testNow }
	return c
}

// server answers each call with the next of answers (status, body), and
// counts the calls.
func server(t *testing.T, answers ...func(w http.ResponseWriter, r *http.Request)) (*httptest.Server, *int) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		i := n
		n++
		mu.Unlock()
		if i >= len(answers) {
			i = len(answers) - 1
		}
		answers[i](w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func answer(status int, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		if strings.HasPrefix(body, "{") || strings.HasPrefix(body, "[") || strings.HasPrefix(body, `"`) {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		w.Write([]byte(body))
	}
}

func TestRepeatableCallIsRetriedWithBackoff(t *testing.T) {
	s := &fakeSleep{}
	srv, n := server(t, answer(503, ""), answer(502, ""), answer(200, `{"ok":true}`))
	resp, err := testClient(s).send(context.Background(), request{op: OpPing, method: "GET", url: srv.URL, repeatable: true})
	if err != nil || resp.status != 200 || *n != 3 {
		t.Fatalf("status %v, err %v, calls %d", resp, err, *n)
	}
	if len(s.waits) != 2 || s.waits[0] != 250*time.Millisecond || s.waits[1] != 500*time.Millisecond {
		t.Fatalf("waits %v", s.waits)
	}
}

func TestRetryAfterIsHonouredAndBounded(t *testing.T) {
	s := &fakeSleep{}
	srv, _ := server(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(429)
	}, answer(200, "{}"))
	if _, err := testClient(s).send(context.Background(), request{op: OpPing, method: "GET", url: srv.URL, repeatable: true}); err != nil {
		t.Fatal(err)
	}
	if len(s.waits) != 1 || s.waits[0] != maxRetryAfter {
		t.Fatalf("waits %v", s.waits)
	}
}

// A call that is not safe to repeat (a token request, a registration) is
// made once, whatever the answer.
func TestUnsafeCallIsNotRetried(t *testing.T) {
	s := &fakeSleep{}
	srv, n := server(t, answer(503, ""), answer(200, "{}"))
	resp, err := testClient(s).send(context.Background(), request{op: OpToken, method: "POST", url: srv.URL})
	if err != nil || resp.status != 503 || *n != 1 || len(s.waits) != 0 {
		t.Fatalf("resp %v err %v calls %d waits %v", resp, err, *n, s.waits)
	}
}

func TestNetworkFailureIsTyped(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	s := &fakeSleep{}
	_, err := testClient(s).send(context.Background(), request{op: OpReadSystem, method: "GET", url: url + "/x", repeatable: true})
	e, ok := AsError(err)
	if !ok || e.Kind != KindNetwork || e.Attempts != DefaultMaxAttempts || !IsNetwork(err) {
		t.Fatalf("%#v", err)
	}
	for _, lang := range []string{"nb", "en"} {
		if txt := e.Text(lang); !strings.Contains(txt, "127.0.0.1") {
			t.Errorf("%s: %q does not name the host", lang, txt)
		}
	}
}

func TestRedirectsAreNotFollowedAndUserAgentIsSent(t *testing.T) {
	var ua, auth string
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
	}))
	defer target.Close()
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		http.Redirect(w, r, target.URL, http.StatusFound)
	})
	resp, err := testClient(&fakeSleep{}).send(context.Background(), request{op: OpPing, method: "GET", url: srv.URL, bearer: "secret-token"})
	if err != nil || resp.status != http.StatusFound || auth != "" {
		t.Fatalf("resp %v err %v; the redirect target saw %q", resp, err, auth)
	}
	if ua != "altinn-onboard/test" {
		t.Fatalf("User-Agent %q", ua)
	}
}

func TestOversizedAnswerIsRefused(t *testing.T) {
	srv, _ := server(t, answer(200, "{"+strings.Repeat(" ", maxBody+10)+"}"))
	_, err := testClient(&fakeSleep{}).send(context.Background(), request{op: OpPing, method: "POST", url: srv.URL})
	if e, ok := AsError(err); !ok || e.Kind != KindUnexpected {
		t.Fatalf("%v", err)
	}
}
