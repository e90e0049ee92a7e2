//go:build unix

package templates

import (
	"os/exec"
	"syscall"
)

// killGroup makes soffice the leader of its own process group and has a
// cancelled context kill the whole group: the soffice script starts
// soffice.bin as a child, which would otherwise outlive it.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
