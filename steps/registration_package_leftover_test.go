package steps

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/leftover"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// Work folders a killed run left next to the output folder are removed by
// the next run: only folders of the user's whose process is gone, never a
// link or what it points to.
func TestPackageRemovesBuildFoldersOfDeadRuns(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	parent := t.TempDir()
	mk := func(name string, owner func(dir string)) string {
		d := filepath.Join(parent, name)
		os.Mkdir(d, 0o700)
		os.WriteFile(filepath.Join(d, "bestilling-x.docx"), []byte("halv"), 0o600)
		if owner != nil {
			owner(d)
		}
		return d
	}
	deadPID := deadProcess(t)
	host, _ := os.Hostname()
	dead := mk(buildPrefix+"dead", func(d string) {
		os.WriteFile(filepath.Join(d, leftover.OwnerFile), []byte("pid "+strconv.Itoa(deadPID)+"\nhost "+host+"\n"), 0o600)
	})
	alive := exec.Command("sleep", "600")
	if err := alive.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { alive.Process.Kill(); alive.Wait() })
	live := mk(buildPrefix+"live", func(d string) {
		os.WriteFile(filepath.Join(d, leftover.OwnerFile), []byte("pid "+strconv.Itoa(alive.Process.Pid)+"\nhost "+host+"\n"), 0o600)
	})
	unmarkedNew := mk(buildPrefix+"unmarked", nil)
	target := filepath.Join(t.TempDir(), "annet")
	os.Mkdir(target, 0o700)
	os.WriteFile(filepath.Join(target, "fil"), []byte("ikke vår"), 0o600)
	link := filepath.Join(parent, buildPrefix+"link")
	os.Symlink(target, link)
	// A dead run's folder holding a link: the link goes, its target stays.
	os.Symlink(target, filepath.Join(dead, "lenke"))

	a := sessiontest.Answers()
	if _, err := WriteRegistrationPackage(context.Background(), &a, PackageOptions{Now: now}, filepath.Join(parent, "ut")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dead); !os.IsNotExist(err) {
		t.Error("the dead run's work folder is still there")
	}
	for _, p := range []string{live, unmarkedNew, link, filepath.Join(target, "fil")} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, buildPrefix) && n != filepath.Base(live) && n != filepath.Base(unmarkedNew) && n != filepath.Base(link) {
			t.Errorf("this run left its own work folder %s", n)
		}
	}
}

// deadProcess returns the pid of a process that has ended.
func deadProcess(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}
