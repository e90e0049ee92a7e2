//go:build !unix

package templates

import "os/exec"

// killGroup: on other systems the default (kill the started process) is
// used.
func killGroup(cmd *exec.Cmd) {}
