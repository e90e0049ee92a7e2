package cli

import (
	"math"
	"runtime/debug"
	"sync"
)

// fillMemoryLimit bounds the heap while the collector is held off: past
// it the collector runs as usual. A fill of the built-in templates needs
// a few megabytes; a user's template, within templates.MaxUnzipped, a
// few hundred at most.
const fillMemoryLimit = 512 << 20

// gcHold counts the fills running in this process that hold the
// collector off (tests run several).
var gcHold struct {
	sync.Mutex
	n              int
	percent, limit int64
}

// holdGC holds the garbage collector off until release is called, within
// fillMemoryLimit. A fill is one short burst of a few megabytes of
// garbage, most of it the template's parts and the compressor's tables:
// the process ends right after, so collecting during it is pure cost
// (one collection, its page faults and its helper threads were a tenth of
// a `fill` run's CPU time on a 2-core machine). Only the outermost hold
// of overlapping ones changes and restores the settings.
func holdGC() (release func()) {
	gcHold.Lock()
	defer gcHold.Unlock()
	if gcHold.n == 0 {
		gcHold.percent = int64(debug.SetGCPercent(-1))
		limit := debug.SetMemoryLimit(-1)
		gcHold.limit = limit
		if limit == math.MaxInt64 || limit > fillMemoryLimit {
			limit = fillMemoryLimit
		}
		debug.SetMemoryLimit(limit)
	}
	gcHold.n++
	return sync.OnceFunc(func() {
		gcHold.Lock()
		defer gcHold.Unlock()
		gcHold.n--
		if gcHold.n == 0 {
			debug.SetMemoryLimit(gcHold.limit)
			debug.SetGCPercent(int(gcHold.percent))
		}
	})
}
