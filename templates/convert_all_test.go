package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// countingOffice puts a "soffice" first on PATH that records each start
// (with its arguments) in the returned file and then runs the real
// LibreOffice.
func countingOffice(t *testing.T) (log string) {
	t.Helper()
	real, err := FindLibreOffice()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	log = filepath.Join(t.TempDir(), "runs")
	script := "#!/bin/sh\necho \"$*\" >> " + log + "\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "soffice"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

func officeRuns(t *testing.T, log string) []string {
	t.Helper()
	b, _ := os.ReadFile(log)
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// Both documents are converted by one LibreOffice run, each into its own
// file, private.
func TestConvertAllUsesOneLibreOfficeRun(t *testing.T) {
	needOffice(t)
	log := countingOffice(t)
	dir := t.TempDir()
	var docs []string
	for _, d := range Docs() {
		p := filepath.Join(dir, d.FileName())
		if err := WriteDocx(p, fill(t, d, embedded(t, d), fullAnswers())); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, p)
	}
	outDir := filepath.Join(dir, "ut")
	got, err := ConvertAll(ctxFor(t), docs, "pdf", outDir)
	if err != nil {
		t.Fatal(err)
	}
	if runs := officeRuns(t, log); len(runs) != 1 {
		t.Fatalf("LibreOffice started %d times: %q", len(runs), runs)
	}
	for i, d := range Docs() {
		want := filepath.Join(outDir, string(d)+".pdf")
		if got[i] != want {
			t.Errorf("result %d = %s, want %s", i, got[i], want)
		}
		b, err := os.ReadFile(want)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
			t.Errorf("%s: not a PDF (%v)", want, err)
		}
		if st, err := os.Stat(want); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", want, st.Mode().Perm())
		}
	}
}

// A document LibreOffice cannot read among ones it can: the error names
// that document and not the others, and nothing is written.
func TestConvertAllNamesTheDocumentThatFailed(t *testing.T) {
	needOffice(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "bestilling.docx")
	if err := WriteDocx(good, fill(t, Bestilling, embedded(t, Bestilling), fullAnswers())); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "tull.docx")
	if err := os.WriteFile(bad, []byte("dette er ikke et Word-dokument"), 0o600); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "ut")
	_, err := ConvertAll(ctxFor(t), []string{good, bad}, "pdf", outDir)
	if err == nil {
		t.Fatal("converting garbage succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, "converting "+bad+" to pdf with LibreOffice failed") || strings.Contains(msg, good) {
		t.Fatalf("err = %q, want it to name %s only", msg, bad)
	}
	if _, err := os.Stat(outDir); !os.IsNotExist(err) {
		t.Errorf("%s was made although a document failed", outDir)
	}
}

// Two documents of one name would overwrite each other's result.
func TestConvertAllRefusesTwoDocumentsOfOneName(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a", "x.docx"), filepath.Join(dir, "b", "x.docx")
	for _, p := range []string{a, b} {
		os.MkdirAll(filepath.Dir(p), 0o700)
		os.WriteFile(p, []byte("x"), 0o600)
	}
	if _, err := FindLibreOffice(); err != nil {
		t.Skip(err)
	}
	_, err := ConvertAll(ctxFor(t), []string{a, b}, "pdf", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "x.pdf") {
		t.Fatalf("err = %v, want the clash named", err)
	}
}
