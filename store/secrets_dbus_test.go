//go:build linux

package store

// Tests against private D-Bus buses: a Secret Service that never answers,
// no bus at all, a bus without a Secret Service, a locked gnome-keyring
// and a Secret Service that echoes the secret back in its error.
//
// godbus caches the shared session-bus connection (dbus.SessionBus) that
// go-keyring uses, for the life of the process, so pointing
// DBUS_SESSION_BUS_ADDRESS elsewhere with t.Setenv would have no effect
// once any test has connected. Each scenario therefore runs the code under
// test in a child process: the test re-executes its own test binary with
// -test.run selecting itself and envChild naming the scenario; the child
// branch of the test does the keyring calls and asserts, and the parent
// checks that the child ran and passed.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	dbus "github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

const (
	envChild  = "ALTINN_ONBOARD_SECRETS_TEST_CHILD"  // scenario the child runs
	envCanary = "ALTINN_ONBOARD_SECRETS_TEST_CANARY" // fake secret value
)

// childScenario returns the scenario this process runs as a child, or "".
func childScenario() string { return os.Getenv(envChild) }

// runChild re-runs the current test in a child process with the given bus
// address ("" = unset) and canary, and fails unless the child ran the
// scenario and passed. The child's output must not contain the canary.
func runChild(t *testing.T, scenario, busAddr, canary string) {
	t.Helper()
	var parts []string
	for _, p := range strings.Split(t.Name(), "/") {
		parts = append(parts, "^"+regexp.QuoteMeta(p)+"$")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run="+strings.Join(parts, "/"), "-test.count=1", "-test.v", "-test.timeout=60s")
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(e, envChild+"=") && !strings.HasPrefix(e, envCanary+"=") {
			env = append(env, e)
		}
	}
	env = append(env, envChild+"="+scenario, envCanary+"="+canary)
	if busAddr != "" {
		env = append(env, "DBUS_SESSION_BUS_ADDRESS="+busAddr)
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child %q failed: %v\n%s", scenario, err, out)
	}
	if !strings.Contains(string(out), "child scenario "+scenario+": done") {
		t.Fatalf("child %q did not run the scenario:\n%s", scenario, out)
	}
	if canary != "" && strings.Contains(string(out), canary) {
		t.Fatalf("child %q printed the secret value:\n%s", scenario, out)
	}
	t.Logf("child %q:\n%s", scenario, indent(string(out)))
}

func indent(s string) string {
	return "    | " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    | ")
}

// childDone marks a successful child run for runChild.
func childDone(t *testing.T) { t.Logf("child scenario %s: done", childScenario()) }

// logErr shows an error in both languages (the parent checks the output
// for the canary too).
func logErr(t *testing.T, what string, err error) {
	t.Helper()
	var l Localized
	if errors.As(err, &l) {
		t.Logf("%s:\n  en: %s\n  nb: %s", what, l.Text("en"), l.Text("nb"))
	} else {
		t.Logf("%s: %v", what, err)
	}
}

func needCommand(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		skipOrFail(t, "%s is not installed (apt-get install dbus gnome-keyring): %v", name, err)
	}
}

// shortTempDir returns a short temporary directory (unix socket paths are
// limited to about 100 bytes), removed when the test ends.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "aob-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

const privateBusConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// startPrivateBus starts a dbus-daemon of its own, with no service
// activation (so nothing is started behind the test's back), and returns
// its address. The daemon is stopped when the test ends.
func startPrivateBus(t *testing.T) string {
	t.Helper()
	needCommand(t, "dbus-daemon")
	dir := shortTempDir(t)
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, privateBusConfig, filepath.Join(dir, "bus")), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--print-address", "--nofork")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start dbus-daemon: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- strings.TrimSpace(s)
		io.Copy(io.Discard, stdout)
	}()
	select {
	case addr := <-line:
		if addr == "" {
			t.Fatalf("dbus-daemon printed no address; stderr:\n%s", stderr.String())
		}
		return addr
	case <-time.After(10 * time.Second):
		t.Fatalf("dbus-daemon did not start within 10s; stderr:\n%s", stderr.String())
	}
	return ""
}

// freezableConn passes reads through until freeze is called; from then on
// Read blocks until the connection is closed, so nothing more is ever read
// from the socket.
type freezableConn struct {
	net.Conn
	frozen    chan struct{}
	closed    chan struct{}
	closeOnce sync.Once
}

func (c *freezableConn) Read(p []byte) (int, error) {
	select {
	case <-c.frozen:
		<-c.closed
		return 0, io.EOF
	default:
	}
	n, err := c.Conn.Read(p)
	select {
	case <-c.frozen:
		// The read the deadline interrupted (or one that raced with
		// freeze): hand nothing on.
		<-c.closed
		return 0, io.EOF
	default:
	}
	return n, err
}

func (c *freezableConn) freeze() {
	close(c.frozen)
	c.Conn.SetReadDeadline(time.Now()) // interrupt the read in progress
}

func (c *freezableConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

// ownNeverAnswering connects to the bus at addr, authenticates, says
// Hello, becomes org.freedesktop.secrets and then never reads again: every
// method call to the Secret Service is accepted by the bus and never
// answered. (godbus alone would answer unknown methods with an error; a
// connection that stops reading cannot.)
func ownNeverAnswering(t *testing.T, addr string) {
	t.Helper()
	path, ok := strings.CutPrefix(addr, "unix:path=")
	if !ok {
		t.Fatalf("unexpected bus address %q", addr)
	}
	if i := strings.IndexByte(path, ','); i >= 0 {
		path = path[:i]
	}
	raw, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	fc := &freezableConn{Conn: raw, frozen: make(chan struct{}), closed: make(chan struct{})}
	conn, err := dbus.NewConn(fc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fc.Close() })
	if err := conn.Auth(nil); err != nil {
		t.Fatalf("auth: %v", err)
	}
	if err := conn.Hello(); err != nil {
		t.Fatalf("hello: %v", err)
	}
	reply, err := conn.RequestName("org.freedesktop.secrets", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("RequestName: %v, %v", reply, err)
	}
	fc.freeze()
}

// privateConn returns a new connection to the bus at addr, closed when the
// test ends.
func privateConn(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("connect %s: %v", addr, err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// ---------------------------------------------------------------------

func TestSecretTimeoutNeverAnsweringBus(t *testing.T) {
	if childScenario() == "timeout" {
		childTimeout(t)
		return
	}
	addr := startPrivateBus(t)
	ownNeverAnswering(t, addr)
	runChild(t, "timeout", addr, newCanary())
}

func childTimeout(t *testing.T) {
	canary := os.Getenv(envCanary)
	const limit = 300 * time.Millisecond
	k := NewKeyring(limit)
	id := randomSessionID()

	start := time.Now()
	_, err := k.Get(id, SecretSystemPassword)
	elapsed := time.Since(start)
	logErr(t, fmt.Sprintf("Get after %s", elapsed.Round(time.Millisecond)), err)
	if !errors.Is(err, ErrKeyringTimeout) {
		t.Fatalf("want ErrKeyringTimeout, got %v", err)
	}
	if elapsed < limit-50*time.Millisecond || elapsed > 2*time.Second {
		t.Fatalf("returned after %s; want about %s and under 2s", elapsed, limit)
	}
	if !strings.Contains(err.Error(), "300ms") || !strings.Contains(err.(Localized).Text("nb"), "300ms") {
		t.Errorf("message does not name the timeout: %v", err)
	}

	start = time.Now()
	err = k.Set(id, SecretSystemPassword, canary)
	logErr(t, "Set", err)
	if !errors.Is(err, ErrKeyringTimeout) || time.Since(start) > 2*time.Second {
		t.Fatalf("Set: want ErrKeyringTimeout within 2s, got %v after %s", err, time.Since(start))
	}
	assertNoCanary(t, err, canary)

	// Keep calling: once maxAbandonedCalls calls hang, further calls fail
	// at once instead of piling up goroutines.
	for abandonedCalls.Load() < maxAbandonedCalls {
		if err := k.Delete(id, SecretSystemPassword); !errors.Is(err, ErrKeyringTimeout) {
			t.Fatalf("Delete: want ErrKeyringTimeout, got %v", err)
		}
	}
	start = time.Now()
	if _, err := k.Known(id, testSecrets); !errors.Is(err, ErrKeyringTimeout) {
		t.Fatalf("Known: want ErrKeyringTimeout, got %v", err)
	}
	if err := k.DeleteAll(id, testSecrets); !errors.Is(err, ErrKeyringTimeout) {
		t.Fatalf("DeleteAll: want ErrKeyringTimeout, got %v", err)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("calls with %d hung calls took %s, want immediate failure", maxAbandonedCalls, d)
	}
	childDone(t)
}

func TestSecretNoDBus(t *testing.T) {
	cases := []struct{ name, addr string }{
		{"unset", ""},
		{"garbage", "this-is-not-a-dbus-address"},
		{"no-such-socket", "unix:path=/nonexistent/altinn-onboard-test/bus"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if childScenario() == "nodbus-"+c.name {
				childNoDBus(t, c.addr)
				return
			}
			if c.addr == "" && sessionBusDiscoverable() {
				t.Skipf("/run/user/%d/bus exists, so an unset DBUS_SESSION_BUS_ADDRESS still finds a bus on this machine", os.Getuid())
			}
			runChild(t, "nodbus-"+c.name, c.addr, newCanary())
		})
	}
}

func childNoDBus(t *testing.T, addr string) {
	if got := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); got != addr {
		t.Fatalf("DBUS_SESSION_BUS_ADDRESS = %q, want %q", got, addr)
	}
	canary := os.Getenv(envCanary)
	k := NewKeyring(5 * time.Second)
	id := randomSessionID()
	start := time.Now()
	_, err := k.Get(id, SecretSMTPPassword)
	logErr(t, "Get", err)
	if !errors.Is(err, ErrNoDBus) {
		t.Fatalf("want ErrNoDBus, got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
	err = k.Set(id, SecretSMTPPassword, canary)
	if !errors.Is(err, ErrNoDBus) {
		t.Fatalf("Set: want ErrNoDBus, got %v", err)
	}
	assertNoCanary(t, err, canary)
	if _, err := k.Known(id, testSecrets); !errors.Is(err, ErrNoDBus) {
		t.Fatalf("Known: want ErrNoDBus, got %v", err)
	}
	// No bus was autolaunched (godbus would have set the variable).
	if got := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); got != addr {
		t.Fatalf("DBUS_SESSION_BUS_ADDRESS changed to %q: a bus was autolaunched", got)
	}
	childDone(t)
}

func TestSecretNoSecretService(t *testing.T) {
	if childScenario() == "no-secret-service" {
		k := NewKeyring(5 * time.Second)
		id := randomSessionID()
		_, err := k.Get(id, SecretSMTPPassword)
		logErr(t, "Get", err)
		if !errors.Is(err, ErrNoSecretService) {
			t.Fatalf("want ErrNoSecretService, got %v", err)
		}
		err = k.Set(id, SecretSMTPPassword, os.Getenv(envCanary))
		if !errors.Is(err, ErrNoSecretService) {
			t.Fatalf("Set: want ErrNoSecretService, got %v", err)
		}
		assertNoCanary(t, err, os.Getenv(envCanary))
		childDone(t)
		return
	}
	runChild(t, "no-secret-service", startPrivateBus(t), newCanary())
}

// TestSecretLockedKeyring runs a real gnome-keyring that was never
// unlocked (it has no login keyring yet and no prompter can be shown), so
// every call needs an unlock that cannot happen.
func TestSecretLockedKeyring(t *testing.T) {
	if childScenario() == "locked" {
		k := NewKeyring(10 * time.Second)
		id := randomSessionID()
		_, err := k.Get(id, SecretSMTPPassword)
		logErr(t, "Get", err)
		if !errors.Is(err, ErrKeyringLocked) {
			t.Fatalf("want ErrKeyringLocked, got %v", err)
		}
		err = k.Set(id, SecretSMTPPassword, os.Getenv(envCanary))
		logErr(t, "Set", err)
		if !errors.Is(err, ErrKeyringLocked) {
			t.Fatalf("Set: want ErrKeyringLocked, got %v", err)
		}
		assertNoCanary(t, err, os.Getenv(envCanary))
		childDone(t)
		return
	}
	needCommand(t, "gnome-keyring-daemon")
	addr := startPrivateBus(t)
	dir := shortTempDir(t)
	run := filepath.Join(dir, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	gk := exec.Command("gnome-keyring-daemon", "--start", "--foreground", "--components=secrets")
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(e, "GNOME_KEYRING_CONTROL=") &&
			!strings.HasPrefix(e, "XDG_DATA_HOME=") && !strings.HasPrefix(e, "XDG_RUNTIME_DIR=") && !strings.HasPrefix(e, "DISPLAY=") && !strings.HasPrefix(e, "WAYLAND_DISPLAY=") {
			env = append(env, e)
		}
	}
	gk.Env = append(env, "DBUS_SESSION_BUS_ADDRESS="+addr, "XDG_DATA_HOME="+filepath.Join(dir, "data"), "XDG_RUNTIME_DIR="+run)
	var out strings.Builder
	gk.Stdout, gk.Stderr = &out, &out
	if err := gk.Start(); err != nil {
		t.Fatalf("start gnome-keyring-daemon: %v", err)
	}
	t.Cleanup(func() {
		gk.Process.Kill()
		gk.Wait()
	})
	conn := privateConn(t, addr)
	deadline := time.Now().Add(15 * time.Second)
	for {
		var has bool
		err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.secrets").Store(&has)
		if err == nil && has {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gnome-keyring-daemon did not take org.freedesktop.secrets within 15s (%v); output:\n%s", err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	runChild(t, "locked", addr, newCanary())
}

// echoService is a hostile (or just careless) Secret Service: it accepts a
// session and an unlock, then rejects CreateItem with an error that quotes
// the secret value.
type echoService struct{}

func (echoService) OpenSession(alg string, input dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
	return dbus.MakeVariant(""), "/org/freedesktop/secrets/session/echo", nil
}

func (echoService) Unlock(objects []dbus.ObjectPath) ([]dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	return objects, "/", nil
}

type echoCollection struct{}

func (echoCollection) CreateItem(props map[string]dbus.Variant, secret ss.Secret, replace bool) (dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	v := string(secret.Value)
	return "", "", dbus.NewError("org.example.Echo.Rejected", []any{"cannot store secret " + v, v})
}

type echoSession struct{}

func (echoSession) Close() *dbus.Error { return nil }

func TestSecretHostileServiceEchoesValue(t *testing.T) {
	if childScenario() == "echo" {
		canary := os.Getenv(envCanary)
		k := NewKeyring(5 * time.Second)
		err := k.Set(randomSessionID(), SecretEnterpriseUserPassword, canary)
		logErr(t, "Set", err)
		if !errors.Is(err, ErrKeyringFailed) {
			t.Fatalf("want ErrKeyringFailed, got %v", err)
		}
		assertNoCanary(t, err, canary)
		if !strings.Contains(err.Error(), "withheld") {
			t.Errorf("message does not say details were withheld: %v", err)
		}
		childDone(t)
		return
	}
	addr := startPrivateBus(t)
	conn := privateConn(t, addr)
	for path, o := range map[dbus.ObjectPath]struct {
		v     any
		iface string
	}{
		"/org/freedesktop/secrets":                 {echoService{}, "org.freedesktop.Secret.Service"},
		"/org/freedesktop/secrets/aliases/default": {echoCollection{}, "org.freedesktop.Secret.Collection"},
		"/org/freedesktop/secrets/session/echo":    {echoSession{}, "org.freedesktop.Secret.Session"},
	} {
		if err := conn.Export(o.v, path, o.iface); err != nil {
			t.Fatal(err)
		}
	}
	if reply, err := conn.RequestName("org.freedesktop.secrets", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("RequestName: %v, %v", reply, err)
	}
	runChild(t, "echo", addr, newCanary())
}

// TestSecretClassifyDBusErrors covers mappings the scenarios above do not
// reach.
func TestSecretClassifyDBusErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		want *SecretErrorKind
	}{
		{dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown"}, ErrNoSecretService},
		{&dbus.Error{Name: "org.freedesktop.DBus.Error.NameHasNoOwner"}, ErrNoSecretService},
		{dbus.Error{Name: "org.freedesktop.DBus.Error.Spawn.ChildExited"}, ErrNoSecretService},
		{dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"}, ErrKeyringLocked},
		{errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), ErrKeyringLocked},
		{dbus.Error{Name: "org.freedesktop.DBus.Error.NoReply"}, ErrKeyringTimeout},
		{fmt.Errorf("x: %w", dbus.ErrClosed), ErrNoDBus},
		{errors.New("dbus: couldn't determine address of session bus"), ErrNoDBus},
		{errors.New(`exec: "dbus-launch": executable file not found in $PATH`), ErrNoDBus},
		{dbus.Error{Name: "org.freedesktop.DBus.Error.AccessDenied"}, ErrKeyringFailed},
		{errors.New("something else"), ErrKeyringFailed},
	} {
		if got, _ := classify(c.err); got != c.want {
			t.Errorf("classify(%#v) = %s, want %s", c.err, got.Code(), c.want.Code())
		}
	}
	err := wrapError("get", SecretSMTPPassword, "", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown", Body: []any{"The name is not activatable"}})
	if !strings.Contains(err.Error(), "org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable") {
		t.Errorf("D-Bus error name missing from %q", err)
	}
}
