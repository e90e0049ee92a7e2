//go:build unix

package cli

import (
	"bytes"
	"strings"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
)

// The command stops cleanly on SIGTERM (a service manager's stop), as
// on SIGINT (Ctrl+C; testdata/script/sandbox.txtar sends that one).
func TestSandboxCommandStopsOnSIGTERM(t *testing.T) {
	var out, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader(""), Out: &out, Err: &errb, Lang: "en"}, testBuild)
	cmd := newCmdSandbox(f, func(o *sandboxOptions) error {
		// The program's own Context (signal.NotifyContext): it is made
		// before started is called, so the signal is caught, not fatal.
		o.started = func(*sandbox.Server) {
			if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
				t.Errorf("kill: %v", err)
			}
		}
		return sandboxRun(o)
	})
	cmd.SetArgs([]string{"--addr", "127.0.0.1:0"})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("sandbox: %v", err)
	}
	if !strings.HasSuffix(out.String(), "The sandbox has stopped.\n") {
		t.Fatalf("output:\n%s", out.String())
	}
}
