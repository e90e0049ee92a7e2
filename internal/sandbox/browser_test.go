//go:build unix

package sandbox

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The approval page is a real web page: this test opens it in a real
// headless browser (Debian's chromium), clicks its buttons as a customer
// would, and checks the requests' status afterwards through the vendor's
// API, as altinn-onboard's status poll does (§5.3).

// findChromium is the browser's path, or "" when there is none.
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless chromium of its own (its own profile folder,
// its own process group) and returns a context to drive it with. At the
// end of the test the browser is closed and its whole process group
// killed, so no renderer or zygote outlives the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed, and CI must run the browser test: .ci/run installs it (apt-get install chromium)")
		}
		t.Skip("chromium is not installed (apt-get install chromium); CI runs this test")
	}
	var cmd *exec.Cmd
	profile := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.DisableGPU,
		// Keep the browser off the session's D-Bus and the OS keyring
		// (scripts/with-keyring runs the tests with a throw-away one):
		// nothing it starts there would be in its process group.
		chromedp.Flag("password-store", "basic"),
		chromedp.Env("DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(profile, "no-bus-here")),
		chromedp.ModifyCmdFunc(func(c *exec.Cmd) {
			if c.SysProcAttr == nil {
				c.SysProcAttr = &syscall.SysProcAttr{}
			}
			c.SysProcAttr.Setpgid = true
			cmd = c
		}),
	)
	if os.Geteuid() == 0 {
		// Chromium's sandbox refuses to run as root (CI runs as root).
		opts = append(opts, chromedp.NoSandbox)
	}
	// A guard against a browser that hangs, not a speed limit.
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 3*time.Minute)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
		if cmd != nil && cmd.Process != nil {
			// The group's id is the browser's pid (Setpgid above).
			if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil && err != syscall.ESRCH {
				t.Errorf("killing the browser's process group %d: %v", cmd.Process.Pid, err)
			}
		}
		// Every process of this browser carries its profile folder on
		// its command line: none may be left (killed processes leave in
		// a moment; ten seconds is a guard, not a speed limit).
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			left := processesUsing(profile)
			if len(left) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("browser processes %v outlived the browser's process group", left)
				for _, pid := range left {
					syscall.Kill(pid, syscall.SIGKILL)
				}
				break
			}
		}
	})
	// Start the browser now, so a failure to start is reported as such.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return bctx
}

// processesUsing are the processes (not zombies) whose command line has
// --user-data-dir=dir. Without /proc it finds none.
func processesUsing(dir string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil {
			continue
		}
		for _, arg := range strings.Split(string(cmdline), "\x00") {
			if arg == "--user-data-dir="+dir {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

// clickOnPage opens url, checks what the page shows, clicks the button with
// id button, and returns the status the page shows afterwards.
func clickOnPage(t *testing.T, ctx context.Context, url string, want []string, button string) string {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.ID(button)),
	); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatalf("reading %s: %v", url, err)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("the page at %s does not show %q:\n%s", url, w, body)
		}
	}
	// The click posts the form; the sandbox sends the browser back to
	// the request's page, where the status is the decision's.
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.ID(button)))); err != nil {
		t.Fatalf("clicking %s on %s: %v", button, url, err)
	}
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || loc != url {
		t.Errorf("after clicking %s the browser is at %q (%v), want %q", button, loc, err, url)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("status")))
	if err != nil {
		t.Fatalf("reading the status on %s: %v", url, err)
	}
	return strings.TrimSpace(status)
}

func TestApprovalPageInBrowser(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, Options{Lang: "nb"})
	tok := f.withSystem()
	_, _, standard := f.create(tok, false, standardRequest(customerA))
	_, _, agent := f.create(tok, true, agentRequest(customerB))
	_, _, expiring := f.create(tok, false, standardRequest(customerC))

	// The customer approves the standard request...
	got := clickOnPage(t, ctx, standard.ConfirmURL,
		[]string{"Forespørsel om systemtilgang", "Øvingssystem", customerA, vendorOrg, resourceOK, "Godkjenn", "Ikke godkjenn"}, "approve")
	if got != statusAccepted {
		t.Errorf("after approving, the page shows status %q", got)
	}
	// ... rejects the agent request ...
	got = clickOnPage(t, ctx, agent.ConfirmURL,
		[]string{customerB, "urn:altinn:accesspackage:regnskapsforer-med-signeringsrett"}, "reject")
	if got != statusRejected {
		t.Errorf("after rejecting, the page shows status %q", got)
	}
	// ... and the sandbox's own button lets the third one time out.
	got = clickOnPage(t, ctx, expiring.ConfirmURL, []string{customerC, "Bare i sandkassen"}, "expire")
	if got != statusTimedout {
		t.Errorf("after expiring, the page shows status %q", got)
	}

	// The vendor sees the decisions through the API (§5.1, §5.3).
	for _, c := range []struct {
		path, want string
	}{
		{requestPath + "/" + standard.ID, statusAccepted},
		{requestPath + "/agent/" + agent.ID, statusRejected},
		{requestPath + "/" + expiring.ID, statusTimedout},
	} {
		status, _, body := f.api("GET", c.path, tok, nil)
		var q requestResponse
		if status != 200 || json.Unmarshal(body, &q) != nil {
			t.Fatalf("GET %s: %d %s", c.path, status, body)
		}
		if q.Status != c.want {
			t.Errorf("GET %s: status %q, want %q", c.path, q.Status, c.want)
		}
	}
	// The approval made a system user for the customer (§7); the
	// rejection did not.
	if status, _, body := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customerA, tok, nil); status != 200 {
		t.Errorf("system user of the approved customer: %d %s", status, body)
	}
	if status, _, body := f.api("GET", systemUserPath+"/byquery?system-id="+systemID+"&orgno="+customerB, tok, nil); status != 404 {
		t.Errorf("system user of the rejecting customer: %d %s", status, body)
	}
}
