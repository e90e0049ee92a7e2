// Command altinn-onboard walks a software vendor, or a consultant acting for
// one, through connecting a datasystem (sluttbrukersystem) to Altinn.
package main

import (
	"github.com/altinn-onboard/altinn-onboard/cli"
	// Settles the terminal background before bubbletea's init would ask
	// the terminal for it (a 5 s stall where nothing answers); see its doc.
	_ "github.com/altinn-onboard/altinn-onboard/internal/termbg"
)

func main() { cli.Main() }
