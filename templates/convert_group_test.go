//go:build linux

package templates

// LibreOffice runs in a process group of its own; a timeout, a cancel and
// the end of the program kill the whole group, and the next run stops
// what a killed run left behind. The tests read /proc, so they are Linux
// only (CI runs Linux).

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/leftover"
)

// waitFor polls cond until it holds; the deadline only stops a broken
// test from hanging, it is not a speed requirement.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// running reports whether pid is a live process (a zombie waiting for its
// parent to reap it does not count).
func isRunning(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && !strings.HasPrefix(strings.TrimSpace(s[i+1:]), "Z")
}

// groupMembers lists the live processes of a process group.
func groupMembers(group int) []int {
	var out []int
	procs, _ := os.ReadDir("/proc")
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err == nil && processGroup(pid) == group && isRunning(pid) {
			out = append(out, pid)
		}
	}
	return out
}

// fakeOffice puts a "soffice" on PATH that starts a child, records both
// PIDs in the returned file, and then waits for ever, as a hung
// LibreOffice would.
func fakeOffice(t *testing.T) (pidFile string) {
	t.Helper()
	bin := t.TempDir()
	pidFile = filepath.Join(t.TempDir(), "pids")
	script := "#!/bin/sh\nsleep 1000 &\necho $$ $! > " + pidFile + ".tmp\nmv " + pidFile + ".tmp " + pidFile + "\nwait\n"
	if err := os.WriteFile(filepath.Join(bin, "soffice"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("TMPDIR", t.TempDir())
	return pidFile
}

func readPIDs(t *testing.T, pidFile string) []int {
	t.Helper()
	var pids []int
	waitFor(t, "the fake LibreOffice to start", func() bool {
		b, err := os.ReadFile(pidFile)
		if err != nil {
			return false
		}
		pids = nil
		for _, f := range strings.Fields(string(b)) {
			n, _ := strconv.Atoi(f)
			pids = append(pids, n)
		}
		return len(pids) == 2
	})
	return pids
}

func someDocx(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bestilling.docx")
	if err := WriteDocx(p, fill(t, Bestilling, embedded(t, Bestilling), fullAnswers())); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCancelKillsEveryLibreOfficeProcess(t *testing.T) {
	pidFile := fakeOffice(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := Convert(ctx, someDocx(t), "pdf", t.TempDir()); done <- err }()
	pids := readPIDs(t, pidFile)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want a cancel", err)
	}
	for _, pid := range pids {
		waitFor(t, "process "+strconv.Itoa(pid)+" to end", func() bool { return !isRunning(pid) })
	}
	if n, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), sofficePrefix+"*")); len(n) != 0 {
		t.Fatalf("work folders left: %v", n)
	}
}

func TestTimeoutKillsEveryLibreOfficeProcess(t *testing.T) {
	pidFile := fakeOffice(t)
	saved := ConvertTimeout
	ConvertTimeout = 300 * time.Millisecond // the fake never finishes
	t.Cleanup(func() { ConvertTimeout = saved })
	_, err := Convert(context.Background(), someDocx(t), "pdf", t.TempDir())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a timeout", err)
	}
	for _, pid := range readPIDs(t, pidFile) {
		waitFor(t, "process "+strconv.Itoa(pid)+" to end", func() bool { return !isRunning(pid) })
	}
}

// The program's end (main defers StopConversions) stops a conversion that
// is still running, e.g. one the wizard started just before quitting.
func TestStopConversionsKillsRunningOnes(t *testing.T) {
	pidFile := fakeOffice(t)
	done := make(chan error, 1)
	go func() { _, err := Convert(context.Background(), someDocx(t), "pdf", t.TempDir()); done <- err }()
	pids := readPIDs(t, pidFile)
	StopConversions()
	if err := <-done; err == nil {
		t.Fatal("a stopped conversion succeeded")
	}
	for _, pid := range pids {
		waitFor(t, "process "+strconv.Itoa(pid)+" to end", func() bool { return !isRunning(pid) })
	}
}

// A run killed with SIGKILL leaves its folder and its LibreOffice: the
// next run removes the folder and kills the processes of the recorded
// group that name that folder, and nothing else.
func TestNextRunStopsWhatAKilledRunLeft(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	host, _ := os.Hostname()

	dead := filepath.Join(tmp, sofficePrefix+"dead")
	os.MkdirAll(filepath.Join(dead, "program"), 0o700)
	// The orphan: a process whose command line names the dead run's
	// folder, as soffice.bin's does (a copy of sleep under the folder),
	// leading its own group; and a stranger in the same group that does
	// not.
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep")
	}
	bin, _ := os.ReadFile(sleep)
	fakeBin := filepath.Join(dead, "program", "soffice.bin")
	if err := os.WriteFile(fakeBin, bin, 0o700); err != nil {
		t.Fatal(err)
	}
	orphan := exec.Command(fakeBin, "1000")
	orphan.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := orphan.Start(); err != nil {
		t.Fatal(err)
	}
	orphanDone := make(chan struct{})
	go func() { orphan.Wait(); close(orphanDone) }()
	t.Cleanup(func() { orphan.Process.Kill(); <-orphanDone })
	group := orphan.Process.Pid
	stranger := exec.Command("sleep", "1000")
	stranger.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pgid: group}
	if err := stranger.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stranger.Process.Kill(); stranger.Wait() })
	gone := exec.Command("true")
	gone.Run()
	os.WriteFile(filepath.Join(dead, leftover.OwnerFile),
		[]byte("pid "+strconv.Itoa(gone.Process.Pid)+"\nhost "+host+"\ngroup "+strconv.Itoa(group)+"\n"), 0o600)

	// A run in progress in another process (its owner lives), a link,
	// and a folder of the same name pattern without an owner file yet.
	live := filepath.Join(tmp, sofficePrefix+"live")
	os.Mkdir(live, 0o700)
	os.WriteFile(filepath.Join(live, leftover.OwnerFile), []byte("pid "+strconv.Itoa(stranger.Process.Pid)+"\nhost "+host+"\n"), 0o600)
	target := t.TempDir()
	os.WriteFile(filepath.Join(target, "fil"), []byte("x"), 0o600)
	link := filepath.Join(tmp, sofficePrefix+"link")
	os.Symlink(target, link)

	removed := CleanLeftovers()
	if len(removed) != 1 || removed[0] != dead {
		t.Fatalf("removed %v, want only %s", removed, dead)
	}
	select {
	case <-orphanDone:
	case <-time.After(2 * time.Minute):
		t.Fatal("the orphaned LibreOffice still runs")
	}
	if !isRunning(stranger.Process.Pid) {
		t.Fatal("a process that merely shares the group number was killed")
	}
	for _, p := range []string{live, link, filepath.Join(target, "fil")} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}

// The real LibreOffice: cancelled while soffice.bin runs, no process of
// its group survives.
func TestCancelStopsRealLibreOffice(t *testing.T) {
	needOffice(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := Convert(ctx, someDocx(t), "pdf", t.TempDir()); done <- err }()
	var group int
	waitFor(t, "soffice.bin to start", func() bool {
		dirs, _ := filepath.Glob(filepath.Join(tmp, sofficePrefix+"*"))
		for _, d := range dirs {
			if o, ok := leftover.ReadOwner(d); ok && o.Group > 0 {
				group = o.Group
			}
		}
		if group == 0 {
			return false
		}
		// Wait until soffice.bin runs and has made its own temporary
		// files ("lu*"), wherever it puts them.
		running := false
		for _, pid := range groupMembers(group) {
			if b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm"); strings.TrimSpace(string(b)) == "soffice.bin" {
				running = true
			}
		}
		if running {
			own, _ := filepath.Glob(filepath.Join(tmp, "lu*"))
			inRun, _ := filepath.Glob(filepath.Join(tmp, sofficePrefix+"*", "tmp", "lu*"))
			if len(own)+len(inRun) > 0 {
				return true
			}
		}
		select {
		case err := <-done:
			t.Skipf("LibreOffice finished before it could be cancelled (%v)", err)
		default:
		}
		return false
	})
	cancel()
	if err := <-done; err == nil {
		t.Fatal("a cancelled conversion succeeded")
	}
	waitFor(t, "the LibreOffice group to end", func() bool { return len(groupMembers(group)) == 0 })
	// Nothing of the run is left in the temporary folder, LibreOffice's
	// own temporary files included.
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Fatalf("left in the temporary folder: %v", names)
	}
}
