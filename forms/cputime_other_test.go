//go:build !unix

package forms

import "time"

func cpuTime() time.Duration { return 0 }
