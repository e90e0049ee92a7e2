package steps

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Blåbær Regnskap Pro":   "blabaer-regnskap-pro",
		"ØKONOMI/Lønn 2.0":      "okonomi-lonn-2-0",
		"Café Déjà vu":          "cafe-deja-vu",
		"   ":                   "datasystem",
		"../../etc/passwd":      "etc-passwd",
		strings.Repeat("a", 90): strings.Repeat("a", 60),
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseFormats(t *testing.T) {
	if f, err := ParseFormats(""); err != nil || len(f) != 1 || f[0] != "docx" {
		t.Fatalf("default: %v %v", f, err)
	}
	if f, err := ParseFormats("PDF, docx,pdf"); err != nil || strings.Join(f, ",") != "pdf,docx" {
		t.Fatalf("list: %v %v", f, err)
	}
	if _, err := ParseFormats("docx,odt"); err == nil || !strings.Contains(err.Error(), "odt") {
		t.Fatalf("odt accepted: %v", err)
	}
}

func TestAttachmentName(t *testing.T) {
	if got := AttachmentName(templates.Egenerklaering, `A/B "C"`, "pdf"); got != "Egenerklæring – datasystem – A-B -C-.pdf" {
		t.Fatalf("got %q", got)
	}
}

func requireSoffice(t *testing.T) {
	t.Helper()
	if _, err := templates.FindLibreOffice(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("LibreOffice is required in CI: %v", err)
		}
		t.Skipf("LibreOffice not installed: %v", err)
	}
}

func TestPackageInPDFAttachesPDFs(t *testing.T) {
	requireSoffice(t)
	a := sessiontest.Answers()
	out := filepath.Join(t.TempDir(), "ut")
	files, err := WriteRegistrationPackage(context.Background(), &a, PackageOptions{Formats: []string{"pdf", "docx"}, Now: now}, out)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 5 {
		t.Fatalf("files: %+v", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f.Path, ".pdf") && !bytes.HasPrefix(data, []byte("%PDF")) {
			t.Errorf("%s is not a PDF", f.Path)
		}
	}
	eml, _ := os.ReadFile(filepath.Join(out, "registrering-blabaer-regnskap-pro.eml"))
	if !bytes.Contains(eml, []byte("application/pdf")) || bytes.Contains(eml, []byte("wordprocessingml")) {
		t.Fatal("the e-mail should attach the PDFs (first format listed)")
	}
}

// withoutLibreOffice hides LibreOffice from the test (an empty PATH), or
// skips it when LibreOffice is installed outside PATH.
func withoutLibreOffice(t *testing.T) {
	t.Helper()
	t.Setenv("PATH", t.TempDir())
	if _, err := exec.LookPath("soffice"); err == nil {
		t.Skip("soffice still found")
	}
	if _, err := templates.FindLibreOffice(); err == nil {
		t.Skip("LibreOffice found outside PATH")
	}
}

func TestPackageWithoutLibreOfficeWritesNothing(t *testing.T) {
	withoutLibreOffice(t)
	a := sessiontest.Answers()
	out := filepath.Join(t.TempDir(), "ut")
	_, err := WriteRegistrationPackage(context.Background(), &a, PackageOptions{Formats: []string{"docx", "pdf"}, Now: now}, out)
	if err == nil || !strings.Contains(err.Error(), "LibreOffice") {
		t.Fatalf("want the LibreOffice message, got %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("output folder was created although the package failed")
	}
}

// BenchmarkFill makes the whole registration package in memory: both
// documents from the embedded templates and the e-mail with both attached.
func BenchmarkFill(b *testing.B) {
	a := sessiontest.Answers()
	b.ReportAllocs()
	for b.Loop() {
		var atts []mail.Attachment
		for _, doc := range templates.Docs() {
			tmpl, _, err := templates.Load(doc, "")
			if err != nil {
				b.Fatal(err)
			}
			data, err := templates.Fill(doc, tmpl, &a, now)
			if err != nil {
				b.Fatal(err)
			}
			atts = append(atts, mail.Attachment{Name: AttachmentName(doc, a.System.Name, "docx"), Data: data})
		}
		if _, err := RegistrationEmail(&a, atts, now); err != nil {
			b.Fatal(err)
		}
	}
}
