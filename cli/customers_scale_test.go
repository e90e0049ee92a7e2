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

func TestCustomersImportAgainIsLinear(t *testing.T) {
	kr := keyringtest.Require(t)
	orgs := orgNumbers(t, 33000000, 400)
	var bytes [2]uint64
	for i, n := range []int{100, 400} {
		h := newA3Harness(t, kr)
		file := writeCustomersCSV(t, h.work, orgs[:n])
		h.newSession("S")
		h.must("customers", "import", file, "--session", "S")
		bytes[i] = allocated(func() { h.must("customers", "import", file, "--session", "S") })
	}
	growth(t, "customers import (again)", bytes[0], bytes[1], 7)
}

func TestRequestAllIsLinear(t *testing.T) {
	kr := keyringtest.Require(t)
	orgs := orgNumbers(t, 34000000, 120)
	var bytes [2]uint64
	for i, n := range []int{30, 120} {
		h := newA3Harness(t, kr)
		h.newSession("S")
		h.client("S")
		h.must("system", "register", "--session", "S")
		h.must("customers", "import", writeCustomersCSV(t, h.work, orgs[:n]), "--session", "S")
		bytes[i] = allocated(func() { h.must("systemuser", "request", "--all", "--session", "S") })
		// Every request is recorded.
		for _, c := range h.customers("S") {
			if c.RequestID == "" {
				t.Fatalf("%s: no request recorded", c.OrgNumber)
			}
		}
	}
	growth(t, "systemuser request --all", bytes[0], bytes[1], 7)
}
