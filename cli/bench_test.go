package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// BenchmarkSessionsListProcess is `altinn-onboard sessions list` as a
// consultant with 1,000 sessions runs it: the whole process, from exec
// to exit, on sessions filled with the example answers. The program is
// built once; each iteration runs it once. Besides the wall time it
// reports the CPU time the process used (cpu-ms/op), which a busy
// machine disturbs less.
//
//	go test -run '^$' -bench SessionsListProcess ./cli
func BenchmarkSessionsListProcess(b *testing.B) {
	const sessions = 1000
	bin := filepath.Join(b.TempDir(), "altinn-onboard")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	if alt := os.Getenv("SESSIONS_LIST_BENCH_BIN"); alt != "" {
		bin = alt // another build, to compare
	}
	dir := manySessions(b, sessions)
	var cpu time.Duration
	runs := 0
	for b.Loop() {
		cmd := exec.Command(bin, "--data-dir", dir, "sessions", "list")
		cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("sessions list: %v", err)
		}
		if n := strings.Count(string(out), "\n"); n != sessions+1 {
			b.Fatalf("listed %d lines, want %d", n, sessions+1)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		runs++
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(runs), "cpu-ms/op")
}

// manySessions makes a data folder with n sessions holding the example
// answers, each a little different.
func manySessions(tb testing.TB, n int) string {
	tb.Helper()
	data, err := os.ReadFile("../examples/answers.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	answers, problems := forms.ParseAnswers(data)
	if len(problems) > 0 {
		tb.Fatalf("examples/answers.yaml: %v", problems[0])
	}
	dir := tb.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		sess := session.New(fmt.Sprintf("Kunde %d", i+1), start)
		sess.ID = fmt.Sprintf("%016x", i+1)
		sess.Answers = *answers
		sess.Answers.Vendor.Name = fmt.Sprintf("Leverandør %d AS", i+1)
		sess.SetStepStatus(session.StepRegistration, session.Done, start)
		if err := st.Save(sess); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}
