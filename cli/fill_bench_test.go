package cli

// Whole-process benchmarks: the built program, started as a user starts
// it, so start-up (package init, cobra) and everything a run does count.
// They only build and run the binary, so they do not depend on how the
// command is wired inside.
//
//	go test -run '^$' -bench FillProcess ./cli
//
// Besides ns/op (wall clock, which a busy machine inflates) they report
// cpu-ms/op: the user and system time of the process, which a busy
// machine changes less.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/templates"
)

// buildProgram builds the program once per benchmark, outside the
// timing; FILL_BENCH_BIN names another build instead, to compare.
func buildProgram(b *testing.B) string {
	b.Helper()
	if alt := os.Getenv("FILL_BENCH_BIN"); alt != "" {
		return alt
	}
	bin := filepath.Join(b.TempDir(), "altinn-onboard")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// BenchmarkFillProcess is one `altinn-onboard fill` run from the example
// answers file into a new folder. Target for docx: 10 ms.
func BenchmarkFillProcess(b *testing.B) {
	bin := buildProgram(b)
	answers, err := filepath.Abs(filepath.Join("..", "examples", "answers.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{"docx", "docx,pdf"} {
		b.Run("format="+format, func(b *testing.B) {
			if format != "docx" {
				if _, err := templates.FindLibreOffice(); err != nil {
					b.Skip(err)
				}
			}
			dir := b.TempDir()
			home := filepath.Join(dir, "home")
			var cpu time.Duration
			n := 0
			for b.Loop() {
				out := filepath.Join(dir, "out-"+strconv.Itoa(n))
				n++
				cmd := exec.Command(bin, "fill", "--answers", answers, "--out", out, "--format", format)
				cmd.Env = append(os.Environ(), "ALTINN_ONBOARD_HOME="+home, "LANG=C.UTF-8")
				if msg, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v: %v\n%s", cmd.Args, err, msg)
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(n), "cpu-ms/op")
			// The run made what it should: both documents in each format
			// and the e-mail.
			entries, err := os.ReadDir(filepath.Join(dir, "out-0"))
			if err != nil {
				b.Fatal(err)
			}
			if want := 2*len(strings.Split(format, ",")) + 1; len(entries) != want {
				b.Fatalf("out-0 has %d files, want %d", len(entries), want)
			}
		})
	}
}
