//go:build linux

package main

// The program in a real terminal that never answers (a pseudo-terminal
// whose other end only listens), as over a serial console, in `script`,
// or in some CI and SSH set-ups. The program runs as its own process (this
// test binary, re-run with altinnOnboardRunMain set, runs main), because
// what is tested happens in package init; the terminal is its controlling
// terminal and it is in the foreground, as in a shell, else termenv would
// not ask at all.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

const runMainEnv = "ALTINN_ONBOARD_TEST_RUN_MAIN"

// bgWaitEnv, in a test's environment, is how long the program started
// by startInPTY waits for the terminal's background answer (a Go
// duration): a test that answers must not lose to a loaded machine.
const bgWaitEnv = "ALTINN_ONBOARD_TEST_BG_WAIT"

func init() {
	if os.Getenv(runMainEnv) == "1" {
		if d, err := time.ParseDuration(os.Getenv(bgWaitEnv)); err == nil {
			ui.BackgroundWait = d
		}
		main()
	}
}

// openPTY opens a pseudo-terminal: the controlling side and the
// terminal's path. golang.org/x/sys is already a dependency (of
// bubbletea); a pty package would be one more for twenty lines.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.IoctlSetWinsize(int(s.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 30, Col: 100}); err != nil {
		t.Fatal(err)
	}
	return m, s
}

// ptyRun is the program running in a terminal.
type ptyRun struct {
	t      *testing.T
	master *os.File
	cmd    *exec.Cmd
	mu     sync.Mutex
	out    bytes.Buffer
	done   chan struct{} // closed when the output has ended
}

// startInPTY runs the program with args in a new terminal. Nothing in the
// environment lets termenv skip asking: TERM says xterm-256color (what
// GNOME Terminal, iTerm2 and VS Code say) and CI and COLORFGBG are unset.
func startInPTY(t *testing.T, home string, args ...string) *ptyRun {
	t.Helper()
	master, tty := openPTY(t)
	cmd := exec.Command(os.Args[0], args...)
	env := []string{runMainEnv + "=1", "TERM=xterm-256color", "HOME=" + home, store.EnvHome + "=" + filepath.Join(home, "data"), "LANG=en_US.UTF-8"}
	for _, kv := range os.Environ() {
		switch name, _, _ := strings.Cut(kv, "="); name {
		case "CI", "TERM", "COLORFGBG", "NO_COLOR", "HOME", store.EnvHome, "LANG", "LC_ALL", "LC_MESSAGES", "ACCESSIBLE", "TMUX", "TERM_PROGRAM":
		default:
			env = append(env, kv)
		}
	}
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	r := &ptyRun{t: t, master: master, cmd: cmd, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			r.mu.Lock()
			r.out.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return // EIO once the program and its terminal are gone
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		master.Close()
	})
	return r
}

func (r *ptyRun) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

// waitFor waits until the output contains s. The bound only ends a test
// that would otherwise hang; nothing here depends on speed.
func (r *ptyRun) waitFor(s string) {
	r.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(r.output(), s) {
		if time.Now().After(deadline) {
			r.t.Fatalf("no %q on the screen:\n%q", s, r.output())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (r *ptyRun) typeKeys(s string) {
	r.t.Helper()
	if _, err := r.master.WriteString(s); err != nil {
		r.t.Fatal(err)
	}
}

// wait waits for the program to end and its output to be read.
func (r *ptyRun) wait() (exitCode int, out string) {
	r.t.Helper()
	err := r.cmd.Wait()
	<-r.done
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			r.t.Fatal(err)
		}
		code = ee.ExitCode()
	}
	return code, r.output()
}

// Terminal queries: background colour (OSC 11), cursor position (CPR,
// termenv's) and device attributes (DA1, the wizard's).
const (
	askBackground = "\x1b]11;?"
	askCursor     = "\x1b[6n"
)

// Commands that draw nothing never ask the terminal anything: bubbletea's
// package init asked (and waited 5 s for an answer that never came, and
// left ESC]11;? ESC[6n in the output) before every command.
func TestHeadlessCommandsNeverAskTheTerminal(t *testing.T) {
	home := t.TempDir()
	answers, err := filepath.Abs("examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"version"},
		{"sessions", "list"},
		{"fill", "--answers", answers, "--out", filepath.Join(home, "out")},
		{"sessions", "new", "Kunde"},
		{"sessions", "list"},
	} {
		t.Run(strings.Join(args[:min(2, len(args))], " "), func(t *testing.T) {
			start := time.Now()
			code, out := startInPTY(t, home, args...).wait()
			t.Logf("%v: %v", args, time.Since(start)) // a figure, not a check
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			if strings.Contains(out, "\x1b") {
				t.Fatalf("escape sequences in the output of %v: %q", args, out)
			}
		})
	}
}

// The wizard asks once, gives up quickly on a terminal that never answers,
// and an answer that comes after all is never typed into a field.
func TestWizardInATerminalThatNeverAnswers(t *testing.T) {
	home := t.TempDir()
	start := time.Now()
	r := startInPTY(t, home, "--lang", "en")
	r.waitFor("Name of the new session")
	t.Logf("first frame after %v", time.Since(start)) // a figure, not a check
	// Now, long after the wizard stopped waiting, the answers come, with
	// the name typed around them.
	r.typeKeys("Fj\x1b]11;rgb:ffff/ffff/ffff\x1b\\ord\x1b[?62;22c AS\r")
	// Which track: enter takes the first, Altinn 3, whose first screen
	// is the Maskinporten client's prerequisites.
	r.waitFor("Which track")
	r.typeKeys("\r")
	r.waitFor("Step 1 of 4") // the track question names Maskinporten too: not a sign the session is made
	r.typeKeys("\x03")
	code, out := r.wait()
	if code != 0 {
		t.Fatalf("exit %d:\n%q", code, out)
	}
	if n := strings.Count(out, askBackground); n != 1 {
		t.Errorf("the wizard asked for the background %d times, want once", n)
	}
	if strings.Contains(out, askCursor) {
		t.Errorf("the wizard asked for the cursor position")
	}
	st, err := store.Open(filepath.Join(home, "data"))
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Name != "Fjord AS" {
		t.Fatalf("sessions = %+v, want one named \"Fjord AS\"", list)
	}
}

// A terminal that answers: the wizard draws in the colours for the
// background it reported (here light), asked once.
func TestWizardUsesTheTerminalsAnswer(t *testing.T) {
	home := t.TempDir()
	// The answer is typed once the question is seen: under load that
	// can be later than the 200 ms a silent terminal is given (seen
	// failing once), so this program waits as long as it takes.
	t.Setenv(bgWaitEnv, "10m")
	r := startInPTY(t, home, "--lang", "en")
	r.waitFor(askBackground)
	r.typeKeys("\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c")
	r.waitFor("Name of the new session")
	r.typeKeys("\x03")
	_, out := r.wait()
	// The title's accent colour (ui/styles.go) for a light and a dark
	// background, as xterm-256color draws them.
	light, dark := "38;5;24m", "38;5;110m"
	if !strings.Contains(out, light) || strings.Contains(out, dark) {
		t.Fatalf("want the light background's accent (%q), not the dark one's (%q):\n%q", light, dark, out)
	}
	if n := strings.Count(out, askBackground); n != 1 {
		t.Errorf("asked for the background %d times, want once", n)
	}
}
