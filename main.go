// Command altinn-onboard walks a software vendor, or a consultant acting for
// one, through connecting a datasystem (sluttbrukersystem) to Altinn. The
// command line and the wizard's start live in package cli; this file only
// hands it the process and the build's stamp.
package main

import (
	"os"

	"github.com/altinn-onboard/altinn-onboard/cli"
	// Settles the terminal background before bubbletea's package init
	// would ask the terminal for it (a 5 s stall where nothing answers).
	// Go initialises packages in import-path order among those ready, so
	// this runs first wherever it is imported; it is imported here, by
	// the program itself, so that no change to the other packages can
	// drop it. See its doc, and term_pty_linux_test.go.
	_ "github.com/altinn-onboard/altinn-onboard/internal/termbg"
)

// Set by the release build (.goreleaser.yaml):
// -ldflags "-X main.version=... -X main.commit=... -X main.date=...".
var (
	version = "dev"
	commit  = ""
	date    = ""
)

func main() {
	os.Exit(cli.Main(cli.Build{Version: version, Commit: commit, Date: date}))
}
