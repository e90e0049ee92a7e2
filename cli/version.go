package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

type versionOptions struct {
	*IO
	Build Build
}

func newCmdVersion(f *Factory, runF func(*versionOptions) error) *cobra.Command {
	opts := &versionOptions{IO: f.IO, Build: f.Build}
	return &cobra.Command{
		Use:   "version",
		Short: "Print version, commit and Go version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
}

func versionRun(opts *versionOptions) error {
	_, err := fmt.Fprintln(opts.Out, opts.Build.String())
	return err
}

// String names the program, its version and commit, and the Go and
// platform it was built with, as `version`, `doctor` and crash reports
// say it.
func (b Build) String() string {
	built := ""
	if b.Date != "" {
		built = ", built " + b.Date
	}
	return fmt.Sprintf("altinn-onboard %s (commit %s%s, %s %s/%s)", b.version(), b.commit(), built, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func (b Build) version() string {
	if b.Version == "" {
		return "dev"
	}
	return b.Version
}

// commit is the commit set at link time, else the one the Go tool
// recorded, else "unknown".
func (b Build) commit() string {
	if b.Commit != "" {
		return b.Commit
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" && dirty {
			rev += "-dirty"
		}
		if rev != "" {
			return rev
		}
	}
	return "unknown"
}
