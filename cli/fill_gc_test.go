package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// A fill collects no garbage while it runs, even with the collector set
// to run at the least growth, and leaves the settings as they were.
func TestFillHoldsTheCollectorOff(t *testing.T) {
	var stdout, stderr bytes.Buffer
	opts := &fillOptions{
		IO:      &IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr, Lang: "en"},
		Now:     time.Now,
		Answers: "../examples/answers.yaml", OutDir: filepath.Join(t.TempDir(), "pakke"), Format: "docx",
	}
	var before, after runtime.MemStats
	old := debug.SetGCPercent(1)
	defer debug.SetGCPercent(old)
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := fillRun(context.Background(), opts)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("fill: %v %s %s", err, stdout.String(), stderr.String())
	}
	if n := after.NumGC - before.NumGC; n != 0 {
		t.Errorf("%d collections during the fill", n)
	}
	if p := debug.SetGCPercent(1); p != 1 {
		t.Errorf("GC percent after the fill is %d, want 1 as before", p)
	}
}

// Overlapping holds (tests fill at the same time) restore the settings
// only when the last one ends; the memory limit is kept under
// fillMemoryLimit meanwhile, and a lower one the user set is kept.
func TestHoldGCNests(t *testing.T) {
	oldLimit := debug.SetMemoryLimit(100 << 20)
	defer debug.SetMemoryLimit(oldLimit)
	oldPercent := debug.SetGCPercent(70)
	defer debug.SetGCPercent(oldPercent)

	r1 := holdGC()
	r2 := holdGC()
	if lim := debug.SetMemoryLimit(-1); lim != 100<<20 {
		t.Errorf("limit %d during the hold, want the user's lower 100 MiB", lim)
	}
	r1()
	r1() // twice: counted once
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("GC percent %d while a hold remains, want -1", p)
	}
	r2()
	if p := debug.SetGCPercent(70); p != 70 {
		t.Errorf("GC percent %d after the holds, want 70", p)
	}
	if lim := debug.SetMemoryLimit(-1); lim != 100<<20 {
		t.Errorf("limit %d after the holds, want 100 MiB", lim)
	}

	debug.SetMemoryLimit(oldLimit)
	release := holdGC()
	if lim := debug.SetMemoryLimit(-1); lim > fillMemoryLimit {
		t.Errorf("limit %d during the hold, want at most %d", lim, fillMemoryLimit)
	}
	release()
	if lim := debug.SetMemoryLimit(-1); lim != oldLimit {
		t.Errorf("limit %d after the hold, want %d", lim, oldLimit)
	}
}
