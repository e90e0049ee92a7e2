package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/altinn-onboard/altinn-onboard/internal/leftover"
)

// stopOrphans kills what a dead run left of LibreOffice: the processes of
// the group it recorded whose command line names that run's own folder
// (its -env:UserInstallation profile). Both must match, so a process that
// merely reuses the number is never touched.
func stopOrphans(dir string, o leftover.Owner) {
	if o.Group <= 0 {
		return
	}
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		if processGroup(pid) != o.Group {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", p.Name(), "cmdline"))
		if err != nil || !bytes.Contains(cmdline, []byte(dir+"/")) && !bytes.Contains(cmdline, []byte(fileURL(dir)+"/")) {
			continue
		}
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

// processGroup reads a process's group from /proc/<pid>/stat (the fifth
// field; the second, the command name in parentheses, may hold spaces).
func processGroup(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return -1
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 3 {
		return -1
	}
	g, err := strconv.Atoi(f[2])
	if err != nil {
		return -1
	}
	return g
}
