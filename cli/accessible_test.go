package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// The accessible mode (plain line prompts) completes step 1 and makes the
// package, with a wrong org number refused and asked again on the way.
func TestAccessibleCompletesStep1(t *testing.T) {
	answers := strings.Join([]string{
		"Kunde Ø",
		"123456789", // refused: check digit
		"123456785",
		"Blåbær AS", "Storgata 1", "0155", "Oslo",
		"Åse Ødegård", "ase@blabaer.no", "91234567",
		"2", // technical contact: same as contact
		"Blåbær Regnskap", "1.0", "Regnskap for små bedrifter",
		"2",      // category: Regnskap
		"1", "0", // interfaces: SOAP
		"1", "0", // auth: SystemID + password
		"1", "0", // environments: TT02
		"y", "4936", "1", "A-melding", "Skatteetaten",
		"n",
		"2", "3", "3", // signs: Ja; prefill: Nei; stores: Nei
		"Tilgangsstyring og logging.",
		"Åse Ødegård", "Daglig leder", "Oslo", "",
	}, "\n") + "\n"
	dir := t.TempDir()
	t.Setenv("HOME", t.TempDir()) // no Documents folder: output goes under the data folder
	var out, errb bytes.Buffer
	code := runIn([]string{"--data-dir", dir, "--accessible"}, strings.NewReader(answers), &out, &errb, false)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "123456789 er ikke et gyldig organisasjonsnummer") {
		t.Errorf("the wrong org number was not refused with its message:\n%s", out.String())
	}
	st, _ := store.Open(dir)
	s, err := st.Resolve("Kunde Ø")
	if err != nil {
		t.Fatal(err)
	}
	if s.StepStatus(session.StepRegistration) != session.Done || len(s.Files) != 3 {
		t.Fatalf("step 1 not done: %v %+v", s.StepStatus(session.StepRegistration), s.Files)
	}
	if s.Answers.TechnicalContact == nil || s.Answers.TechnicalContact.Email != "ase@blabaer.no" {
		t.Fatalf("technical contact: %+v", s.Answers.TechnicalContact)
	}
	text := docxText(t, filepath.Join(dir, "output", "kunde-o", "bestilling-blabaer-regnskap.docx"))
	for _, want := range []string{"Blåbær AS", "123456785", "A-melding", "Daglig leder"} {
		if !strings.Contains(text, want) {
			t.Errorf("order form lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "output", "kunde-o", "registrering-blabaer-regnskap.eml")); err != nil {
		t.Fatal(err)
	}
}
