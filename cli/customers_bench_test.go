package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// A consultant with many customers: `customers import` of 1,000 rows and
// `systemuser request --all` for 100 customers, in-process against the
// sandbox on 127.0.0.1 (real HTTP, real files, the real keyring).
//
//	scripts/with-keyring go test -run '^$' -bench 'CustomersImport|RequestAll' -benchtime 5x ./cli

// orgNumbers are n distinct organisation numbers with valid MOD11 check
// digits, from base up.
func orgNumbers(tb testing.TB, base, n int) []string {
	tb.Helper()
	weights := []int{3, 2, 7, 6, 5, 4, 3, 2}
	var out []string
	for b := base; len(out) < n; b++ {
		digits := fmt.Sprintf("%08d", b)
		sum := 0
		for i, w := range weights {
			sum += int(digits[i]-'0') * w
		}
		check := 11 - sum%11
		if check == 10 {
			continue
		}
		if check == 11 {
			check = 0
		}
		org := fmt.Sprintf("%s%d", digits, check)
		if _, err := forms.OrgNumber(org); err != nil {
			tb.Fatalf("%s: %v", org, err)
		}
		out = append(out, org)
	}
	return out
}

// writeCustomersCSV writes a CSV of the customers (every third an agent).
func writeCustomersCSV(tb testing.TB, dir string, orgs []string) string {
	tb.Helper()
	var b strings.Builder
	b.WriteString("org_number;name;email;external_ref;agent\n")
	for i, org := range orgs {
		fmt.Fprintf(&b, "%s;Kunde %d AS;post%d@kunde.example.no;kunde-%d;%t\n", org, i+1, i+1, i+1, i%3 == 2)
	}
	p := filepath.Join(dir, fmt.Sprintf("kunder-%d.csv", len(orgs)))
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkCustomersImport1000: "new" imports 1,000 rows into a session
// without customers; "again" imports them into a session that has them
// (each is changed, its request kept). again-250 is the same with 250
// rows: a run linear in the rows takes a quarter of again's time.
func BenchmarkCustomersImport1000(b *testing.B) {
	kr := keyringtest.Require(b)
	orgs := orgNumbers(b, 31000000, 1000)
	// Each in a data folder of its own: resolving a session's name reads
	// every session of the folder.
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			h := newA3Harness(b, kr)
			file := writeCustomersCSV(b, h.work, orgs)
			h.newSession("N")
			b.StartTimer()
			h.must("customers", "import", file, "--session", "N")
		}
	})
	for _, n := range []int{1000, 250} {
		b.Run(fmt.Sprintf("again-%d", n), func(b *testing.B) {
			h := newA3Harness(b, kr)
			file := writeCustomersCSV(b, h.work, orgs[:n])
			h.newSession("A")
			h.must("customers", "import", file, "--session", "A")
			for b.Loop() {
				h.must("customers", "import", file, "--session", "A")
			}
		})
	}
}

// BenchmarkRequestAll100 is `systemuser request --all` for 100 customers
// of a registered system, each request new (a new sandbox and session for
// each run, made outside the timing); 400 is the same with 400 customers:
// a run linear in the customers takes four times 100's.
func BenchmarkRequestAll100(b *testing.B) {
	kr := keyringtest.Require(b)
	for _, n := range []int{100, 400} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			orgs := orgNumbers(b, 32000000, n)
			for b.Loop() {
				b.StopTimer()
				h := newA3Harness(b, kr)
				h.newSession("S")
				h.client("S")
				h.must("system", "register", "--session", "S")
				h.must("customers", "import", writeCustomersCSV(b, h.work, orgs), "--session", "S")
				b.StartTimer()
				out := h.must("systemuser", "request", "--all", "--session", "S")
				b.StopTimer()
				if got := strings.Count(out, "\n"); got != n {
					b.Fatalf("%d lines, want %d:\n%s", got, n, out)
				}
				b.StartTimer()
			}
		})
	}
}
