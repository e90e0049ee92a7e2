package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// defaultCommand is how hints name the program when nothing better is
// known (tests running a command in-process).
const defaultCommand = "altinn-onboard"

// command is how the user started this program, for the hints that tell
// them what to type next ("… resume NAME").
func (s *IO) command() string {
	if s.Command == "" {
		return defaultCommand
	}
	return s.Command
}

// invocation says how to start this program again the way it was started
// now, from its os.Args[0]: its bare name when that name on PATH is this
// very file (an installed binary), `go run .` when it runs from the Go
// tool's build folders (go run builds into a go-build* temp folder or the
// build cache, where nothing can start it again), else the path as typed
// (./altinn-onboard), quoted when the shell needs it. lookPath is
// exec.LookPath; a test gives its own PATH through it.
func invocation(arg0 string, lookPath func(string) (string, error)) string {
	if arg0 == "" {
		return defaultCommand
	}
	if inGoBuild(arg0) {
		return "go run ."
	}
	base := filepath.Base(arg0)
	if found, err := lookPath(base); err == nil && sameFile(found, arg0) {
		return shellWord(base)
	}
	// A path as typed (./altinn-onboard, ~/bin/x expanded by the shell),
	// or a bare name PATH does not give back: the best guess either way.
	return shellWord(arg0)
}

// inGoBuild tells whether path lies in a folder the Go tool builds into
// for go run: $TMPDIR/go-buildNNN/…/exe/ or the build cache (…/go-build/…).
func inGoBuild(path string) bool {
	for _, part := range strings.FieldsFunc(filepath.ToSlash(path), func(r rune) bool { return r == '/' }) {
		if strings.HasPrefix(part, "go-build") {
			return true
		}
	}
	return false
}

func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(fa, fb)
}

// processCommand is invocation for this process.
func processCommand() string {
	if len(os.Args) == 0 {
		return defaultCommand
	}
	return invocation(os.Args[0], exec.LookPath)
}
