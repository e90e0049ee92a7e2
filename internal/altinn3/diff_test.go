package altinn3

import (
	"reflect"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
)

func TestDiffSystems(t *testing.T) {
	from := goodDefinition()
	to := goodDefinition()
	if c := DiffSystems(from, to); len(c) != 0 {
		t.Fatalf("same definitions differ: %v", c)
	}
	// Order does not count; nil visibility is the register's true.
	to.Rights = []string{to.Rights[1], to.Rights[0]}
	to.Visible = session.Bool(true)
	if c := DiffSystems(from, to); len(c) != 0 {
		t.Fatalf("reordered: %v", c)
	}
	to.Name.NN = "Blåbær Rekneskap Pro"
	to.Rights = []string{"ske-krav-og-betalinger", "ny-ressurs"}
	to.AccessPackages = nil
	to.Visible = session.Bool(false)
	to.RedirectURLs = append(to.RedirectURLs, "https://ny.example/")
	got := DiffSystems(from, to)
	want := []Change{
		{Path: PathName + ".nn", Old: "Blåbær Rekneskap", New: "Blåbær Rekneskap Pro"},
		{Path: PathRights, Added: []string{"ny-ressurs"}, Removed: []string{"app_ttd_endring-av-navn-v2"}},
		{Path: PathAccessPackages, Removed: []string{"urn:altinn:accesspackage:skattnaering"}},
		{Path: PathRedirectURLs, Added: []string{"https://ny.example/"}},
		{Path: PathVisible, Old: "true", New: "false"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	en, nb := ChangesText(got, "en"), ChangesText(got, "nb")
	for _, s := range []string{
		`name (nynorsk): "Blåbær Rekneskap" → "Blåbær Rekneskap Pro"`,
		"rights: + ny-ressurs, − app_ttd_endring-av-navn-v2",
		"access packages: − urn:altinn:accesspackage:skattnaering",
		`visible: "true" → "false"`,
	} {
		if !strings.Contains(en, s) {
			t.Errorf("en lacks %q:\n%s", s, en)
		}
	}
	if !strings.Contains(nb, "rettigheter: + ny-ressurs") || !strings.Contains(nb, "tilgangspakker: −") {
		t.Errorf("nb:\n%s", nb)
	}
	if ChangesText(nil, "en") == ChangesText(nil, "nb") || !strings.Contains(ChangesText(nil, "en"), "No difference") {
		t.Error("no-change text")
	}
	if !strings.Contains(ReplaceWarning("en"), "replaces the whole definition") || !strings.Contains(ReplaceWarning("nb"), "erstatter hele") {
		t.Error("replace warning")
	}
}
