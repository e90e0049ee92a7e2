package steps

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

// LibreOffice starts once per format asked for, not once per document:
// both documents go to one run (a run is seconds, nearly all of it
// LibreOffice starting).
func TestPackageStartsLibreOfficeOncePerFormat(t *testing.T) {
	requireSoffice(t)
	real, err := templates.FindLibreOffice()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	log := filepath.Join(t.TempDir(), "runs")
	script := "#!/bin/sh\necho \"$*\" >> " + log + "\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "soffice"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	for _, formats := range [][]string{{"docx", "pdf"}, {"pdf", "doc"}} {
		os.Remove(log)
		a := sessiontest.Answers()
		out := filepath.Join(t.TempDir(), "ut")
		files, err := WriteRegistrationPackage(context.Background(), &a, PackageOptions{Formats: formats, Now: now}, out)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(log)
		runs := strings.Split(strings.TrimSpace(string(b)), "\n")
		conversions := 0
		for _, f := range formats {
			if f != FormatDocx {
				conversions++
			}
		}
		if len(runs) != conversions {
			t.Errorf("%v: LibreOffice started %d times: %q", formats, len(runs), runs)
		}
		for _, r := range runs {
			if !strings.Contains(r, "bestilling-") || !strings.Contains(r, "egenerklaering-") {
				t.Errorf("%v: a run without both documents: %s", formats, r)
			}
		}
		// Each document in each format, then the e-mail, as before.
		var names []string
		for _, f := range files {
			names = append(names, filepath.Base(f.Path))
			data, err := os.ReadFile(f.Path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(f.Path, ".pdf") && !bytes.HasPrefix(data, []byte("%PDF")) {
				t.Errorf("%s is not a PDF", f.Path)
			}
		}
		var want []string
		for _, d := range []string{"bestilling", "egenerklaering"} {
			for _, f := range formats {
				want = append(want, d+"-blabaer-regnskap-pro."+f)
			}
		}
		want = append(want, "registrering-blabaer-regnskap-pro.eml")
		if strings.Join(names, " ") != strings.Join(want, " ") {
			t.Errorf("%v: files %v, want %v", formats, names, want)
		}
	}
}
