package altinn3

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

func TestBackoffDelays(t *testing.T) {
	var got []time.Duration
	for i := 0; i < 8; i++ {
		got = append(got, DefaultPoll.Delay(i))
	}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, time.Minute, time.Minute, time.Minute}
	if !slices.Equal(got, want) {
		t.Fatalf("%v", got)
	}
	if (Backoff{}).Delay(0) != DefaultPoll.Initial {
		t.Fatal("zero Backoff")
	}
}

func TestDecidedAndStatusText(t *testing.T) {
	for s, want := range map[string]bool{"": false, session.RequestNew: false, session.RequestAccepted: true,
		session.RequestRejected: true, session.RequestDenied: true, session.RequestTimedout: true, session.RequestGone: true} {
		if Decided(s) != want {
			t.Errorf("Decided(%q)", s)
		}
		if StatusText(s, "nb") == StatusText(s, "en") {
			t.Errorf("StatusText(%q) not translated", s)
		}
	}
}

// fakeClock is a clock that only moves when the code under test sleeps.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.now = c.now.Add(d)
	return ctx.Err()
}

// An Onboarding whose token is in memory already, for loop tests.
func pollingOnboarding(t *testing.T, clock *fakeClock, platform string) (*Onboarding, Snapshot) {
	t.Helper()
	o := &Onboarding{Client: testClient(&fakeSleep{}), Now: clock.Now,
		Getenv: envOf(map[string]string{EnvPlatformURL: platform, EnvMaskinportenURL: platform})}
	snap := Snapshot{SessionID: "s", Env: session.EnvTT02, VendorOrg: vendorOrg, A3: session.Altinn3{
		Maskinporten: session.MaskinportenClient{ClientID: "0b9f4a5e-8a3c-4d7f-9c55-4f7e1e2b3a10"},
		Registered:   &session.RegisteredSystem{Environment: session.EnvTT02, SystemID: vendorOrg + "_x"},
		Customers: []session.Customer{{OrgNumber: "987654325", Request: &session.SystemUserRequest{
			Environment: session.EnvTT02, SystemID: vendorOrg + "_x", SentAt: clock.now, ID: "r1", Status: session.RequestNew}}},
	}}
	o.tokens = map[string]*Token{tokenKey(snap.Env, snap.A3.Maskinporten.ClientID, VendorScopes, nil): {
		value: "t", ExpiresAt: clock.now.Add(24 * time.Hour)}}
	return o, snap
}

// The wait polls with growing pauses on the injected clock, reports the
// change once, and stops when the customer has decided.
func TestWaitForDecisionsBacksOff(t *testing.T) {
	clock := &fakeClock{now: testNow}
	var polls []time.Time
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		polls = append(polls, clock.now)
		if n := len(polls); n >= 2 && n <= 4 {
			answer(503, "")(w, r) // a lasting server error does not end the wait
			return
		}
		status := session.RequestNew
		if len(polls) >= 6 {
			status = session.RequestAccepted
		}
		if r.URL.Path == "/authentication/api/v1/systemuser/vendor/byquery" {
			answer(200, `{"id":"su-1","reporteeOrgNo":"987654325"}`)(w, r)
			return
		}
		answer(200, `{"id":"r1","status":"`+status+`","confirmUrl":"https://am.ui.tt02.altinn.no/x","created":"2026-11-25T10:00:00Z"}`)(w, r)
	})
	o, snap := pollingOnboarding(t, clock, srv.URL)
	var heard []RequestOutcome
	out, err := o.WaitForDecisions(context.Background(), snap, []string{"987654325"}, testNow.Add(time.Hour), clock.Sleep,
		func(r RequestOutcome) { heard = append(heard, r) })
	if err != nil {
		t.Fatal(err)
	}
	// Status polls at 0 s; at 2 s three tries that all get 503 (the
	// client's own retries do not move this clock); 6, 14 s; and the
	// byquery lookup after the last.
	at := func(s int) time.Time { return testNow.Add(time.Duration(s) * time.Second) }
	want := []time.Time{at(0), at(2), at(2), at(2), at(6), at(14), at(14)}
	if !slices.EqualFunc(polls, want, time.Time.Equal) {
		t.Fatalf("polls at %v", polls)
	}
	if len(heard) != 1 || heard[0].Request.Status != session.RequestAccepted || out[0].SystemUserID != "su-1" ||
		!out[0].Request.ChangedAt.Equal(testNow.Add(14*time.Second)) {
		t.Fatalf("heard %+v, out %+v", heard, out)
	}
}

// The wait ends at its deadline, with the customer still pending.
func TestWaitForDecisionsDeadline(t *testing.T) {
	clock := &fakeClock{now: testNow}
	calls := 0
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		answer(200, `{"id":"r1","status":"New"}`)(w, r)
	})
	o, snap := pollingOnboarding(t, clock, srv.URL)
	out, err := o.WaitForDecisions(context.Background(), snap, []string{"987654325"}, testNow.Add(10*time.Second), clock.Sleep, nil)
	if err != nil || out[0].Request.Status != session.RequestNew {
		t.Fatalf("%v %+v", err, out)
	}
	// 0, 2, 6, then 10 (the last wait is cut to the deadline).
	if calls != 4 || !clock.now.Equal(testNow.Add(10*time.Second)) {
		t.Fatalf("%d calls, clock at %v", calls, clock.now.Sub(testNow))
	}
}

// A request Altinn no longer knows is "gone".
func TestRefreshStatusGone(t *testing.T) {
	clock := &fakeClock{now: testNow}
	srv, _ := server(t, answer(404, `{"type":"urn:altinn:error:AUTH-00010","title":"The Id does not refer to a Request in our system.","status":404,"code":"AUTH-00010"}`))
	o, snap := pollingOnboarding(t, clock, srv.URL)
	out, err := o.RefreshStatus(context.Background(), snap, "987654325")
	if err != nil || out.Request.Status != session.RequestGone || !out.Changed || !Decided(out.Request.Status) {
		t.Fatalf("%v %+v", err, out)
	}
}
