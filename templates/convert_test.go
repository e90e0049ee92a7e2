package templates

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needOffice skips when LibreOffice is missing, except on CI where it is
// a failure.
func needOffice(t *testing.T) {
	t.Helper()
	if _, err := FindLibreOffice(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but LibreOffice is missing: %v", err)
		}
		t.Skip("LibreOffice (soffice) is not installed; skipping the LibreOffice read-back")
	}
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// TestLibreOfficeReadBack converts the filled documents to text with
// LibreOffice and looks for the answers.
func TestLibreOfficeReadBack(t *testing.T) {
	needOffice(t)
	a := fullAnswers()
	dir := t.TempDir()
	common := []string{a.Vendor.Name, "123 456 785", a.System.Name, a.System.Version, "05.03.2026", "Kari Nordmann", "Daglig leder", "Bodø"}
	for d, wants := range map[Doc][]string{
		Bestilling: append(common, "Storgata 1", "c/o Blåbærveien 2", "9008 Tromsø", "Åse Ødegård", "Tore Tekniker-Ærø",
			"Lønn og regnskap for små bedrifter.", "Sender A-melding & MVA.",
			"A-melding <månedlig>", `Skattemelding "næring" & særavgift`, "Årsregnskap for små foretak", "4936", "3106", "2765",
			"☒ Lønn", "☒ SOAP", "☐ REST", "☒ TT02", "☐ PROD"),
		Egenerklaering: append(common, "Rollebasert tilgang <RBAC> & tofaktor.", "All pålogging logges i 12 måneder.",
			`"Revisjon" hvert år – 'årlig' i Ålesund.`, "HTTPS"),
	} {
		p := filepath.Join(dir, d.FileName())
		if err := WriteDocx(p, fill(t, d, embedded(t, d), a)); err != nil {
			t.Fatal(err)
		}
		txt, err := convert(ctxFor(t), p, "txt", dir)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(txt)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.TrimPrefix(string(b), "\uFEFF")
		text = strings.ReplaceAll(text, "\r\n", "\n")
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s: LibreOffice text lacks %q", d, w)
			}
		}
		if strings.Contains(text, "{{") {
			t.Errorf("%s: placeholder left in LibreOffice text", d)
		}
	}
}

// TestLibreOfficeSavedTemplate fills templates as LibreOffice saves them
// (its own namespaces, run properties and table layout).
func TestLibreOfficeSavedTemplate(t *testing.T) {
	needOffice(t)
	for _, d := range Docs() {
		dir := t.TempDir()
		in := filepath.Join(dir, "inn", d.FileName())
		if err := os.MkdirAll(filepath.Dir(in), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(in, embedded(t, d), 0o600); err != nil {
			t.Fatal(err)
		}
		saved, err := convert(ctxFor(t), in, "docx", dir)
		if err != nil {
			t.Fatal(err)
		}
		tmpl, err := os.ReadFile(saved)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Check(tmpl)
		if err != nil || !rep.OK() || len(rep.Missing(d)) > 0 {
			t.Fatalf("Check(LibreOffice-saved %s) = %+v, %v", d, rep, err)
		}
		a := fullAnswers()
		rb := readDoc(t, fill(t, d, tmpl, a), "word/document.xml")
		inOrder(t, string(d), rb.text, a.Vendor.Name, a.System.Name, "05.03.2026", "Kari Nordmann")
	}
}

func TestConvertPDFAndDoc(t *testing.T) {
	needOffice(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "bestilling.docx")
	if err := WriteDocx(p, fill(t, Bestilling, embedded(t, Bestilling), fullAnswers())); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "ut")
	for format, magic := range map[string][]byte{
		"pdf": []byte("%PDF"),
		"doc": {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, // OLE2 compound file
	} {
		out, err := Convert(ctxFor(t), p, format, outDir)
		if err != nil {
			t.Fatal(err)
		}
		if out != filepath.Join(outDir, "bestilling."+format) {
			t.Errorf("wrote %s", out)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, magic) {
			t.Errorf("%s does not start with %q", out, magic)
		}
		if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", out, st.Mode().Perm())
		}
	}
	// A file LibreOffice cannot read as Word fails loudly, although soffice
	// exits 0.
	bad := filepath.Join(dir, "tull.docx")
	if err := os.WriteFile(bad, []byte("dette er ikke et Word-dokument"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Convert(ctxFor(t), bad, "pdf", outDir); err == nil {
		t.Error("converting garbage succeeded")
	}
	if _, err := Convert(ctxFor(t), p, "odt", outDir); err == nil {
		t.Error("converting to odt accepted")
	}
}

func TestConvertWithoutLibreOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	saved := officePaths
	officePaths = nil
	t.Cleanup(func() { officePaths = saved })
	_, err := Convert(context.Background(), "x.docx", "pdf", t.TempDir())
	if !errors.Is(err, ErrNoLibreOffice) {
		t.Fatalf("err = %v, want ErrNoLibreOffice", err)
	}
	for _, w := range []string{"sudo apt install libreoffice-writer-nogui", "brew install --cask libreoffice", "libreoffice.org", ".docx"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message lacks %q", w)
		}
	}
}
