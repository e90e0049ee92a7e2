package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func (h *a3Harness) file(name, text string) string {
	h.tb.Helper()
	p := filepath.Join(h.work, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		h.tb.Fatal(err)
	}
	return p
}

// customers import takes CSV or YAML; every bad row is reported with its
// line and column (or key), and then nothing is stored.
func TestCustomersImport(t *testing.T) {
	h := newA3Harness(t, &okKeyring{})
	h.must("sessions", "new", "A3", "--track", "altinn3")

	bad := h.file("kunder.csv", "org_number;name;email;agent\n"+
		"314048431;Kunde En AS;post@en.example.no;nei\n"+
		"123456789;Feil Nummer AS;post@feil.example.no;\n"+
		"313725138;Kunde To AS;ikke-en-adresse;ja\n"+
		"314168267;Kunde Tre AS;;kanskje\n"+
		"0192:314048431;Dobbel AS;;\n")
	code, _, errOut := h.run("customers", "import", bad, "--session", "A3")
	for _, want := range []string{"kunder.csv:3:1 org_number", "kunder.csv:4:3 email", "kunder.csv:5:4 agent", "kunder.csv:6:1 org_number: 314048431 is also on line 2"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("no problem %q:\n%s", want, errOut)
		}
	}
	if code != 2 || len(h.load("A3").Altinn3.Customers) != 0 {
		t.Fatalf("exit %d; stored %d customers", code, len(h.load("A3").Altinn3.Customers))
	}

	code, _, errOut = h.run("customers", "import", h.file("feil.csv", "orgnr,navn\n314048431,x\n"), "--session", "A3")
	if code != 2 || !strings.Contains(errOut, "feil.csv:1:2: unknown column") {
		t.Fatalf("unknown column: exit %d\n%s", code, errOut)
	}

	good := h.file("kunder.csv", "org_number,name,email,external_ref,agent\n"+
		"314048431,Kunde En AS,post@en.example.no,,false\n"+
		"\"313725138\",\"Kunde, To AS\",post@to.example.no,avd-2,true\n")
	h.must("customers", "import", good, "--session", "A3")
	cs := h.customers("A3")
	if len(cs) != 2 || cs["313725138"].Name != "Kunde, To AS" || !cs["313725138"].Agent || cs["313725138"].ExternalRef != "avd-2" || cs["314048431"].Agent {
		t.Fatalf("%+v", cs)
	}

	badYAML := h.file("kunder.yaml", "customers:\n"+
		"  - org_number: \"314168267\"\n"+
		"    emial: a@b.no\n"+
		"  - org_number: \"123456789\"\n"+
		"    agent: ja\n")
	code, _, errOut = h.run("customers", "import", badYAML, "--session", "A3")
	for _, want := range []string{"kunder.yaml:3 emial: unknown key", "kunder.yaml:5 agent: must be true or false"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("no problem %q:\n%s", want, errOut)
		}
	}
	if code != 2 {
		t.Fatalf("bad YAML: exit %d", code)
	}
	badOrg := h.file("kunder2.yaml", "- {org_number: \"123456789\"}\n")
	if code, _, errOut = h.run("customers", "import", badOrg, "--session", "A3"); code != 2 || !strings.Contains(errOut, "kunder2.yaml:1 org_number") {
		t.Fatalf("bad org in YAML: exit %d\n%s", code, errOut)
	}
	h.must("customers", "import", h.file("mer.yaml", "- {org_number: \"314168267\", name: Tre AS, agent: true}\n- org_number: 0192:314048431\n  name: En AS (nytt navn)\n"), "--session", "A3")
	cs = h.customers("A3")
	if len(cs) != 3 || cs["314048431"].Name != "En AS (nytt navn)" || !cs["314168267"].Agent {
		t.Fatalf("%+v", cs)
	}
}

// A customer file that is not a plain file, or too large, is refused
// quickly, named, and kept.
func TestCustomersImportStrangeFiles(t *testing.T) {
	h := newA3Harness(t, &okKeyring{})
	h.must("sessions", "new", "A3", "--track", "altinn3")
	code, _, errOut := h.run("customers", "import", fifo(t), "--session", "A3")
	if code != 2 || !strings.Contains(errOut, "answers.yaml") {
		t.Fatalf("FIFO: exit %d\n%s", code, errOut)
	}
	big := sparse(t, "stor.csv", maxCustomerFile+1)
	code, _, errOut = h.run("customers", "import", big, "--session", "A3")
	if code != 2 || !strings.Contains(errOut, "stor.csv") {
		t.Fatalf("large: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(big); err != nil {
		t.Fatal("the file was not kept")
	}
}
