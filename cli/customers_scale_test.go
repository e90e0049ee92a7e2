package cli

import (
	"runtime"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

// A consultant's many customers cost each a share of the work, not a
// share that grows with the others: four times the customers allocate
// about four times the bytes (a quadratic run allocates about sixteen
// times: a copy of every customer for each row, or a save of the whole
// session for each request). Bytes allocated, not time: a busy machine
// does not change them.

// allocated is the bytes the process allocated while fn ran.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// growth fails the test when going from n to 4n customers allocated more
// than maxRatio times the bytes.
func growth(t *testing.T, what string, small, large uint64, maxRatio float64) {
	t.Helper()
	ratio := float64(large) / float64(small)
	t.Logf("%s: %d bytes for n, %d for 4n (×%.1f)", what, small, large, ratio)
	if ratio > maxRatio {
		t.Errorf("%s grows ×%.1f for four times the customers (linear is ×4)", what, ratio)
	}
}

// perSize runs measure in a new data folder and sandbox for n and for
// 4n customers (of orgs) and checks the growth of the bytes it allocated.
func perSize(t *testing.T, what string, orgs []string, measure func(h *a3Harness, orgs []string) uint64) {
	t.Helper()
	kr := keyringtest.Require(t)
	n := len(orgs) / 4
	small := measure(newA3Harness(t, kr), orgs[:n])
	large := measure(newA3Harness(t, kr), orgs)
	growth(t, what, small, large, 7)
}

func TestCustomersImportAgainIsLinear(t *testing.T) {
	perSize(t, "customers import (again)", orgNumbers(t, 33000000, 400), func(h *a3Harness, orgs []string) uint64 {
		file := writeCustomersCSV(t, h.work, orgs)
		h.newSession("S")
		h.must("customers", "import", file, "--session", "S")
		return allocated(func() { h.must("customers", "import", file, "--session", "S") })
	})
}

func TestRequestAllIsLinear(t *testing.T) {
	perSize(t, "systemuser request --all", orgNumbers(t, 34000000, 120), func(h *a3Harness, orgs []string) uint64 {
		h.newSession("S")
		h.client("S")
		h.must("system", "register", "--session", "S")
		h.must("customers", "import", writeCustomersCSV(t, h.work, orgs), "--session", "S")
		n := allocated(func() { h.must("systemuser", "request", "--all", "--session", "S") })
		// Every request is recorded.
		for _, c := range h.customers("S") {
			if c.RequestID == "" {
				t.Fatalf("%s: no request recorded", c.OrgNumber)
			}
		}
		return n
	})
}
