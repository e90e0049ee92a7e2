package main

// Tests of the built program: testscript scripts in testdata/script/*.txtar,
// as cli/cli (acceptance/) and soft-serve (testscript/) do. Each script runs
// the real binary (this test binary, started as "altinn-onboard") in a
// fresh folder with its own data folder (ALTINN_ONBOARD_HOME=$WORK/home),
// and checks output, files and exit codes.
//
// Run one: go test -run 'TestScripts/sessions' .
// Keep a script's folder for a look: go test -run TestScripts -testwork .
//
// Beyond testscript's own commands and conditions, scripts have:
//
//	exec exitcode N CMD ARGS...   runs CMD and passes if it exits with status N
//	exec docxtext FILE            prints the text of a .docx (templates/docxtext)
//	exec mkdocx DIR FILE          zips DIR's files into FILE (a template written as text), making
//	                              FILE's folder
//	term start ARGS...            starts altinn-onboard ARGS in tmux (80×24, TERM=xterm-256color);
//	                              the other term commands act on the one started last
//	term type TEXT                types TEXT (literally)
//	term keys KEY...              presses tmux keys: Enter, Down, Tab, BTab, Escape, C-c, ...
//	term wait TEXT                waits until the screen (or what scrolled off it) shows TEXT;
//	                              runs of white space count as one space
//	term screen                   puts the screen (and what scrolled off it) into stdout
//	term exit N                   waits until the program ended with status N
//	sessionid NAME VAR            sets $VAR to the ID of session NAME
//	sessionfile NAME              puts the session file of NAME, as on disk, into stdout
//	keyring ID                    prints "NAME set|unset" for each known secret of session ID
//	                              ("keyring profile": the profile's smtp-password)
//	                              (only in the throw-away keyring)
//	smtp start|count|message|same ...  a real SMTP server (aiosmtpd), see script_send_test.go
//	[keyring]                     the throw-away keyring works (scripts/with-keyring)
//	[tmux]                        tmux is installed
//	[aiosmtpd]                    python3-aiosmtpd is installed (for smtp start)
//	$EXAMPLES, $TEMPLATES_SRC     the repository's examples/ and templates/src/ (built-in templates)
//	$TMUX_SOCKET                  the script's tmux socket name (tmux -L), after term start
//	$REAL_DBUS                    the throw-away keyring's D-Bus address, to restore after
//	                              env DBUS_SESSION_BUS_ADDRESS=... took it away
//
// Without the throw-away keyring, or without tmux, [keyring] and [tmux]
// are false and the scripts that need them skip; with CI=true they fail
// instead, so CI never silently skips them. Without the throw-away keyring
// the program's D-Bus address points nowhere, so a script can never touch
// the developer's own keyring.
//
// Nothing waits for a fixed time: term waits poll the screen until a
// condition holds, for at most scriptTimeout, and then fail showing the
// screen.

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/altinn-onboard/altinn-onboard/internal/brreg"
	"github.com/altinn-onboard/altinn-onboard/internal/smtptest"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/templates/docxtext"
)

// scriptTimeout bounds every wait in a script: far beyond what a slow
// machine needs, so a failure means a hang.
const scriptTimeout = 30 * time.Second

// scriptMain is the program as scripts run it: with
// ALTINN_ONBOARD_TEST_SCRYPT_LOGN set, secrets files are encrypted with a
// cheaper scrypt (store.ScryptWorkFactor), so a script that runs many
// commands on one stays quick under the race detector. Only this test
// binary reads the variable.
func scriptMain() {
	if n, err := strconv.Atoi(os.Getenv("ALTINN_ONBOARD_TEST_SCRYPT_LOGN")); err == nil {
		store.ScryptWorkFactor = n
	}
	main()
}

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"altinn-onboard": scriptMain,
		"exitcode":       exitcodeMain,
		"docxtext":       docxtextMain,
		"mkdocx":         mkdocxMain,
	})
}

func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("examples")
	if err != nil {
		t.Fatal(err)
	}
	templatesSrc, err := filepath.Abs(filepath.Join("templates", "src"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			env.Setenv(store.EnvHome, filepath.Join(env.WorkDir, "home"))
			// The profile (and anything else in the config folder) stays
			// in the script's folder: without this it went to
			// /no-home/.config, which a test run as root can create, and
			// then leaked into every later script.
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, "config"))
			env.Setenv("EXAMPLES", examples)
			env.Setenv("TEMPLATES_SRC", templatesSrc)
			env.Setenv("LANG", "C.UTF-8") // neither nb nor en: the default, nb
			if v := os.Getenv("CI"); v != "" {
				env.Setenv("CI", v)
			}
			if os.Getenv("GORACE") == "" {
				// Under -race every program waits 1 s at exit for late
				// reports; a script runs dozens.
				env.Setenv("GORACE", "atexit_sleep_ms=10")
			}
			if os.Getenv(keyringtest.EnvThrowaway) == "1" {
				for _, k := range []string{"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_DATA_HOME", keyringtest.EnvThrowaway} {
					env.Setenv(k, os.Getenv(k))
				}
				// For a script that takes the keyring away and back.
				env.Setenv("REAL_DBUS", os.Getenv("DBUS_SESSION_BUS_ADDRESS"))
			} else {
				// Never the developer's own keyring: a bus that is not there.
				env.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(env.WorkDir, "no-keyring-here"))
			}
			// Never Digdir's or Altinn's real hosts: a closed port on this
			// machine, until `sandbox start` points the program at the sandbox.
			for _, k := range append(sandboxEnv, brreg.EnvURL) {
				env.Setenv(k, "http://127.0.0.1:9/")
			}
			env.Values[termKey{}] = &termHolder{}
			env.Values[sandboxKey{}] = &sandboxHolder{}
			env.Values[smtpKey{}] = &smtpHolder{}
			return nil
		},
		Condition: scriptCondition,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"term":        cmdTerm,
			"sessionid":   cmdSessionID,
			"sessionfile": cmdSessionFile,
			"keyring":     cmdKeyring,
			"sandbox":     cmdSandbox,
			"sandboxenv":  cmdSandboxEnv,
			"httpget":     cmdHTTPGet,
			"a3keyring":   cmdA3Keyring,
			"brreg":       cmdBrreg,
			"smtp":        cmdSMTP,
		},
	})
}

// exitcodeMain is `exitcode N CMD ARGS...`: run CMD with this process's
// streams and succeed only if its exit status is N. A CMD still running
// after scriptTimeout is killed and fails the script (a hang).
func exitcodeMain() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: exitcode N CMD [ARG...]")
		os.Exit(3)
	}
	want, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "exitcode: N must be a number:", err)
		os.Exit(3)
	}
	c := exec.Command(os.Args[2], os.Args[3:]...)
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := c.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "exitcode:", err)
		os.Exit(3)
	}
	// A command that hangs fails the script instead of the whole run.
	hung := time.AfterFunc(scriptTimeout, func() {
		fmt.Fprintf(os.Stderr, "exitcode: %s did not end within %s; killed\n", os.Args[2], scriptTimeout)
		c.Process.Kill()
	})
	got := 0
	err = c.Wait()
	if !hung.Stop() {
		os.Exit(1)
	}
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			fmt.Fprintln(os.Stderr, "exitcode:", err)
			os.Exit(3)
		}
		got = ee.ExitCode()
	}
	if got != want {
		fmt.Fprintf(os.Stderr, "exitcode: %s exited with status %d, want %d\n", os.Args[2], got, want)
		os.Exit(1)
	}
	os.Exit(0)
}

// docxtextMain is `docxtext FILE`: the text of a .docx, as the tests'
// independent reader (templates/docxtext) sees it.
func docxtextMain() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: docxtext FILE")
		os.Exit(2)
	}
	s, err := docxtext.File(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "docxtext:", err)
		os.Exit(1)
	}
	fmt.Println(s)
	os.Exit(0)
}

// mkdocx is `mkdocx DIR FILE`: zip the files under DIR into FILE, as
// Word would store them, so a script can write a template's XML parts as
// text and check or fill it as a .docx.
func mkdocxMain() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: mkdocx DIR FILE")
		os.Exit(2)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(os.Args[1], func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(os.Args[1], p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = os.MkdirAll(filepath.Dir(os.Args[2]), 0o700)
	}
	if err == nil {
		err = os.WriteFile(os.Args[2], buf.Bytes(), 0o600)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkdocx:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func isCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v == "true" || v == "1"
}

var keyringCheck struct {
	once sync.Once
	err  error
}

// keyringWorks is keyringtest.Require's test, for scripts: only the
// throw-away keyring of scripts/with-keyring, and only if a value can be
// stored and read back.
func keyringWorks() error {
	if os.Getenv(keyringtest.EnvThrowaway) != "1" {
		return fmt.Errorf("needs the throw-away keyring: run scripts/test (%s is not 1)", keyringtest.EnvThrowaway)
	}
	keyringCheck.once.Do(func() {
		k := store.NewKeyring(5 * time.Second)
		id := keyringtest.SessionID()
		defer k.DeleteAll(id, knownSecrets)
		if err := k.Set(id, steps.SecretSMTPPassword, "probe"); err != nil {
			keyringCheck.err = err
			return
		}
		if v, err := k.Get(id, steps.SecretSMTPPassword); err != nil || v != "probe" {
			keyringCheck.err = fmt.Errorf("the keyring does not work here: get after set: %v", err)
		}
	})
	return keyringCheck.err
}

// scriptCondition answers [keyring] and [tmux]; under CI=true a missing
// one is an error, so the script fails instead of skipping.
func scriptCondition(cond string) (bool, error) {
	var err error
	switch cond {
	case "keyring":
		err = keyringWorks()
	case "tmux":
		if _, lerr := exec.LookPath("tmux"); lerr != nil {
			err = fmt.Errorf("needs tmux: %v", lerr)
		}
	case "aiosmtpd":
		err = smtptest.Available()
	default:
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if err != nil && isCI() {
		return false, fmt.Errorf("[%s]: %v (CI=true: these scripts must run, not skip)", cond, err)
	}
	return err == nil, nil
}

// findSession reads the script's sessions folder as it is on disk (not
// through the store, which may tidy up as it opens) and returns the file
// and ID of the session named name (case does not matter, as in the
// program).
func findSession(ts *testscript.TestScript, name string) (path, id string, data []byte) {
	dir := filepath.Join(ts.Getenv(store.EnvHome), "sessions")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	ts.Check(err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		ts.Check(err)
		var head struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		}
		if json.Unmarshal(b, &head) == nil && strings.EqualFold(head.Name, name) {
			return f, head.ID, b
		}
	}
	ts.Fatalf("no session file in %s has the name %q", dir, name)
	return "", "", nil
}

// cmdSessionID is `sessionid NAME VAR`: set $VAR to the ID of the session
// NAME in the script's data folder.
func cmdSessionID(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sessionid NAME VAR")
	}
	_, id, _ := findSession(ts, args[0])
	ts.Setenv(args[1], id)
}

// cmdSessionFile is `sessionfile NAME`: put the session file of NAME, as
// it is on disk, into stdout.
func cmdSessionFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sessionfile NAME")
	}
	_, _, data := findSession(ts, args[0])
	ts.Stdout().Write(data)
}

// knownSecrets are the secrets of the Altinn II track, the track of the
// scripts' sessions.
var knownSecrets = steps.AltinnII(steps.Deps{}).SecretNames()

// cmdKeyring is `keyring ID`: print "NAME set" or "NAME unset" for each
// known secret of session ID, as the keyring has it (never a value). Only
// in the throw-away keyring.
func cmdKeyring(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: keyring ID")
	}
	if err := keyringWorks(); err != nil {
		ts.Fatalf("keyring: %v (guard the script with [!keyring] skip)", err)
	}
	if args[0] == store.ProfileScope { // the profile's own secrets
		_, err := store.NewKeyring(5 * time.Second).GetProfileSecret(steps.SecretSMTPPassword)
		state := "set"
		if errors.Is(err, store.ErrSecretNotFound) {
			state = "unset"
		} else {
			ts.Check(err)
		}
		fmt.Fprintf(ts.Stdout(), "%s %s\n", steps.SecretSMTPPassword, state)
		return
	}
	printSecrets(ts, args[0], knownSecrets)
}

// printSecrets prints "NAME set|unset" for each of names of session id.
func printSecrets(ts *testscript.TestScript, id string, names []string) {
	known, err := store.NewKeyring(5*time.Second).Known(id, names)
	ts.Check(err)
	for _, k := range known {
		state := "unset"
		if k.Set {
			state = "set"
		}
		fmt.Fprintf(ts.Stdout(), "%s %s\n", k.Name, state)
	}
}

// A terminal for a script: a tmux server on a socket of its own, killed
// when the script ends.
type tmuxTerm struct {
	n      int
	target string // the session of the program started last
	// socketPath is removed at the end (tmux leaves it behind).
	socketPath string
	socket     string
	env        []string
	conf       string
}

type termKey struct{}

// termHolder keeps a script's terminal; testscript's values are set up
// before the script runs and cannot be added to later.
type termHolder struct{ tm *tmuxTerm }

// scriptEnv are the variables the program in tmux gets from the script.
var scriptEnv = []string{"PATH", "HOME", "TMPDIR", store.EnvHome, "LANG", "LC_ALL", "NO_COLOR", "ACCESSIBLE", "CI",
	"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", keyringtest.EnvThrowaway, "GORACE"}

var socketName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// newTmuxTerm makes a script's tmux server: its own socket, no user
// configuration, panes that stay after their program ends (so its exit
// status and last screen can be read), and the script's environment.
func newTmuxTerm(ts *testscript.TestScript) *tmuxTerm {
	tm := &tmuxTerm{
		socket: socketName.ReplaceAllString(fmt.Sprintf("altinn-onboard-test-%d-%s", os.Getpid(), ts.Name()), "-"),
		conf:   ts.MkAbs(".tmux.conf"),
	}
	for _, k := range append(append(scriptEnv, sandboxEnv...), brreg.EnvURL) {
		if v := ts.Getenv(k); v != "" {
			tm.env = append(tm.env, k+"="+v)
		}
	}
	ts.Check(os.WriteFile(tm.conf, []byte("set -g remain-on-exit on\n"), 0o600))
	ts.Setenv("TMUX_SOCKET", tm.socket) // for a script's own tmux commands
	return tm
}

func (tm *tmuxTerm) tmux(args ...string) (string, error) {
	c := exec.Command("tmux", append([]string{"-L", tm.socket, "-f", tm.conf}, args...)...)
	c.Env = tm.env
	out, err := c.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// nudge sends the tmux server a SIGCHLD. Debian's tmux is built with
// libutempter, whose own SIGCHLD handler can swallow the signal when a
// pane's program ends, leaving it a zombie and the pane alive for ever
// (tmux/tmux#311, #4559); tmux reaps on any SIGCHLD, so a spare one is
// harmless.
func (tm *tmuxTerm) nudge() {
	pid, err := tm.tmux("display-message", "-p", "#{pid}")
	if err == nil {
		exec.Command("kill", "-s", "CHLD", strings.TrimSpace(pid)).Run()
	}
}

func (tm *tmuxTerm) screen() (string, error) {
	return tm.tmux("capture-pane", "-p", "-S", "-", "-t", tm.target)
}

// cmdTerm is the `term` command (see the top of this file).
func cmdTerm(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! term (use term screen and ! stdout)")
	}
	if len(args) == 0 {
		ts.Fatalf("usage: term start|type|keys|wait|screen|exit ...")
	}
	holder := ts.Value(termKey{}).(*termHolder)
	tm := holder.tm
	if args[0] != "start" && tm == nil {
		ts.Fatalf("term %s before term start", args[0])
	}
	switch args[0] {
	case "start":
		if tm == nil {
			tm = newTmuxTerm(ts)
			holder.tm = tm
			ts.Defer(func() {
				tm.tmux("kill-server")
				if tm.socketPath != "" {
					os.Remove(tm.socketPath)
				}
			})
		}
		// A session per program; the last one's dead pane stays, which
		// keeps the server up (it would exit with its last session).
		tm.n++
		tm.target = fmt.Sprintf("w%d", tm.n)
		bin, err := exec.LookPath("altinn-onboard")
		ts.Check(err)
		start := []string{"new-session", "-d", "-s", tm.target, "-x", "80", "-y", "24", "-e", "TERM=xterm-256color"}
		for _, kv := range tm.env {
			start = append(start, "-e", kv)
		}
		start = append(append(start, "--", bin), args[1:]...)
		if _, err := tm.tmux(start...); err != nil {
			ts.Fatalf("%v", err)
		}
		if tm.socketPath == "" {
			p, err := tm.tmux("display-message", "-p", "#{socket_path}")
			ts.Check(err)
			tm.socketPath = strings.TrimSpace(p)
		}
	case "type":
		if len(args) != 2 {
			ts.Fatalf("usage: term type TEXT")
		}
		_, err := tm.tmux("send-keys", "-t", tm.target, "-l", args[1])
		ts.Check(err)
	case "keys":
		if len(args) < 2 {
			ts.Fatalf("usage: term keys KEY...")
		}
		_, err := tm.tmux(append([]string{"send-keys", "-t", tm.target}, args[1:]...)...)
		ts.Check(err)
	case "wait":
		if len(args) != 2 {
			ts.Fatalf("usage: term wait TEXT")
		}
		want := oneLine(args[1])
		var last string
		deadline := time.Now().Add(scriptTimeout)
		for {
			s, err := tm.screen()
			ts.Check(err)
			if last = s; strings.Contains(oneLine(s), want) {
				return
			}
			if time.Now().After(deadline) {
				ts.Fatalf("term wait: the screen did not show %q within %s; it shows:\n%s", args[1], scriptTimeout, last)
			}
			time.Sleep(20 * time.Millisecond) // poll interval, not a wait for the program
		}
	case "screen":
		s, err := tm.screen()
		ts.Check(err)
		fmt.Fprint(ts.Stdout(), s)
	case "exit":
		if len(args) != 2 {
			ts.Fatalf("usage: term exit N")
		}
		want, err := strconv.Atoi(args[1])
		ts.Check(err)
		deadline := time.Now().Add(scriptTimeout)
		for {
			out, err := tm.tmux("display-message", "-p", "-t", tm.target, "#{pane_dead} #{pane_dead_status}")
			ts.Check(err)
			var dead, status int
			if _, err := fmt.Sscan(out, &dead, &status); err == nil && dead == 1 {
				if status != want {
					s, _ := tm.screen()
					ts.Fatalf("term exit: the program exited with status %d, want %d; screen:\n%s", status, want, s)
				}
				return
			}
			tm.nudge()
			if time.Now().After(deadline) {
				s, _ := tm.screen()
				ps, _ := tm.tmux("display-message", "-p", "-t", tm.target, "#{pane_pid}")
				out, _ := exec.Command("sh", "-c", "ps -o pid,ppid,stat,wchan:20,args -p "+strings.TrimSpace(ps)+"; pp=$(ps -o ppid= -p "+strings.TrimSpace(ps)+"); ps -o pid,ppid,stat,wchan:20,args -p $pp; grep Sig /proc/$pp/status").CombinedOutput()
				ts.Fatalf("term exit: the program did not end within %s; processes:\n%s\nscreen:\n%s", scriptTimeout, out, s)
			}
			time.Sleep(20 * time.Millisecond)
		}
	default:
		ts.Fatalf("term: unknown subcommand %q", args[0])
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
