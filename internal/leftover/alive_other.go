//go:build !unix

package leftover

import "os"

// Alive reports whether a process with this pid runs. Where that cannot
// be asked cheaply it says yes, so only age decides.
func Alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
