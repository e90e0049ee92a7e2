//go:build !linux

package templates

import "github.com/altinn-onboard/altinn-onboard/internal/leftover"

// stopOrphans: without /proc there is no cheap, certain way to tell that
// a process is the dead run's LibreOffice, so none is killed; the folder
// is still removed. (While the program runs, killTree and StopConversions
// stop LibreOffice on every platform.)
func stopOrphans(string, leftover.Owner) {}
