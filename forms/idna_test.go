package forms

import "testing"

// Punycode against RFC 3492's own samples and Python's codec for the
// Norwegian names that matter here.
func TestPunycode(t *testing.T) {
	for in, want := range map[string]string{
		"fjordsøl": "fjordsl-v1a",
		"blåbær":   "blbr-roah",
		"bücher":   "bcher-kva",
		"øl":       "l-4ga",
		"å":        "5ca",
		// RFC 3492 7.1 (A) Arabic (Egyptian), (B) Chinese (simplified), (L) Japanese.
		"\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F": "egbpdaj6bu4bxfgehfvwxn",
		"\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587":                                                 "ihqwcrb4cv8a8dqg056pqjye",
		"\u0033\u5E74\u0042\u7D44\u91D1\u516B\u5148\u751F":                                                       "3B-ww4c5e180e575a65lsy2b",
	} {
		if got := punycode(in); got != want {
			t.Errorf("punycode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEmailASCII(t *testing.T) {
	for in, want := range map[string]string{
		"ase@fjordsøl.no":      "ase@xn--fjordsl-v1a.no",
		"Post@Blåbær.NO":       "Post@xn--blbr-roah.no",
		"ola@firma.no":         "ola@firma.no",
		"ola@xn--blbr-roah.no": "ola@xn--blbr-roah.no",
		"ola@bla\u030abær.no":  "ola@xn--blbr-roah.no", // decomposed å
	} {
		if _, err := Email(in); err != nil {
			t.Fatalf("Email(%q): %v", in, err)
		}
		if got := EmailASCII(in); got != want {
			t.Errorf("EmailASCII(%q) = %q, want %q", in, got, want)
		}
	}
}
