//go:build !unix

package templates

import "os/exec"

// setGroup: Windows has no process groups to make; LibreOffice's
// soffice.exe is killed by killTree.
func setGroup(*exec.Cmd) {}

// killTree kills the started process.
func killTree(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return cmd.Process.Kill()
}
