package nofmt

import "testing"

func TestOrgNumber(t *testing.T) {
	for in, want := range map[string]string{
		"974760673":      "974 760 673",
		"974 760 673":    "974 760 673",
		"0192:974760673": "974 760 673",
		" 974760673 ":    "974 760 673",
		"97476067":       "97476067",
		"":               "",
		"abc":            "abc",
	} {
		if got := OrgNumber(in); got != want {
			t.Errorf("OrgNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPhone(t *testing.T) {
	for in, want := range map[string]string{
		"+4791234567":  "+47 912 34 567",
		"+47 91234567": "+47 912 34 567",
		"91234567":     "912 34 567",
		"+4722123456":  "+47 22 12 34 56",
		"+4780012345":  "+47 800 12 345",
		"004741234567": "+47 412 34 567",
		"+46812345678": "+46 812 345 678",
		"+4681234567":  "+46 812 345 67",
		"+3531234567":  "+353 123 45 67",
		"+12025550123": "+1 202 555 01 23",
		"+6834002":     "+683 40 02",
		"+79161234567": "+7 916 123 45 67",
		"":             "",
		"ring meg":     "ring meg",
		"+47":          "+47",
		"12345":        "12345",
	} {
		if got := Phone(in); got != want {
			t.Errorf("Phone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-11-30": "2026-11-30",
		"30.11.2026": "2026-11-30",
		"1.2.2026":   "2026-02-01",
		"01.02.2026": "2026-02-01",
		"30.11.26":   "2026-11-30",
		" 30.11.26 ": "2026-11-30",
	} {
		d, ok := ParseDate(in)
		if !ok || d.Format(ISODate) != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d, ok, want)
		}
	}
	for _, in := range []string{"", "31.11.2026", "30.11.202", "30.11.20266", "2026-1-5", "30/11/2026", "30.11", "300.1.2026", "30.11.2026.", "x.y.z"} {
		if d, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) = %v, want refused", in, d)
		}
	}
	if got := Date("2026-11-30", "nb"); got != "30.11.2026" {
		t.Errorf("nb %q", got)
	}
	if got := Date("30.11.2026", "en"); got != "2026-11-30" {
		t.Errorf("en %q", got)
	}
	if got := Date("snart", "nb"); got != "snart" {
		t.Errorf("unreadable %q", got)
	}
}
