package cli

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/templates"
	"github.com/altinn-onboard/altinn-onboard/templates/docxtext"
)

// docxText reads a .docx as any other program would (templates/docxtext:
// archive/zip and encoding/xml only).
func docxText(t *testing.T, path string) string {
	t.Helper()
	s, err := docxtext.File(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFillFromAnswersFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pakke")
	code, stdout, stderr := runCLI(t, t.TempDir(), "", "fill", "--answers", "../examples/answers.yaml", "--out", out)
	if code != 0 {
		t.Fatalf("fill: %d %s %s", code, stdout, stderr)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if fi, _ := e.Info(); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %o", e.Name(), fi.Mode().Perm())
		}
	}
	want := []string{"bestilling-blabaer-regnskap-pro.docx", "egenerklaering-blabaer-regnskap-pro.docx", "registrering-blabaer-regnskap-pro.eml"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("files = %v", names)
	}

	order := docxText(t, filepath.Join(out, want[0]))
	last := -1
	for _, v := range []string{"Blåbær Regnskap AS", "123 456 785", "Storgata 1", "0155", "Oslo", "Åse Ødegård", "ase@blabaer.example.no",
		"Per Ærlig", "Blåbær Regnskap Pro", "2026.11", "4936", "A-melding", "5703", "MVA-melding", "Daglig leder"} {
		i := strings.Index(order[max(last, 0):], v)
		if i < 0 {
			t.Fatalf("order form lacks %q after position %d:\n%s", v, last, order)
		}
		last += i + 1
	}
	decl := docxText(t, filepath.Join(out, want[1]))
	if !strings.Contains(decl, "All trafikk mot Altinn går over HTTPS.\nAlle innsendinger") {
		t.Fatalf("security measures lost their line breaks:\n%s", decl)
	}

	// The e-mail, read with the standard library only.
	raw, _ := os.ReadFile(filepath.Join(out, want[2]))
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subj != "Blåbær Regnskap Pro" || !strings.Contains(msg.Header.Get("To"), "sluttbrukersystem@altinn.no") {
		t.Fatalf("subject %q to %q", subj, msg.Header.Get("To"))
	}
	from, err := mail.ParseAddress(msg.Header.Get("From"))
	if err != nil || from.Address != "ase@blabaer.example.no" || from.Name != "Åse Ødegård" {
		t.Fatalf("from = %v %v", from, err)
	}
	if !strings.Contains(msg.Header.Get("Cc"), "per@blabaer.example.no") {
		t.Fatalf("cc = %q", msg.Header.Get("Cc"))
	}
	mt, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if mt != "multipart/mixed" {
		t.Fatalf("content type %s", mt)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	attached := map[string][]byte{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.FileName() == "" {
			continue
		}
		data, _ := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
		attached[p.FileName()] = data
	}
	for i, name := range []string{"Bestilling – nytt datasystem – Blåbær Regnskap Pro.docx", "Egenerklæring – datasystem – Blåbær Regnskap Pro.docx"} {
		onDisk, _ := os.ReadFile(filepath.Join(out, want[i]))
		if got, ok := attached[name]; !ok || !bytes.Equal(got, onDisk) {
			t.Errorf("attachment %q missing or differs from %s (have %d attachments)", name, want[i], len(attached))
		}
	}
}

func TestFillBadAnswersWritesNothing(t *testing.T) {
	good, _ := os.ReadFile("../examples/answers.yaml")
	bad := strings.NewReplacer(
		`org_number: "123456785"`, `org_number: "123456789"`,
		"email: ase@blabaer.example.no", "email: ase(at)blabaer",
		"name: Blåbær Regnskap Pro", `name: "Blåbær\r\nBcc: x@example.no"`,
		"  city: Oslo\n", "",
		"signs_for_users: true", "signs_for_users: true\n  signs_for_user: true",
	).Replace(string(good))
	dir := t.TempDir()
	answers := filepath.Join(dir, "bad.yaml")
	os.WriteFile(answers, []byte(bad), 0o600)
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o700)
	os.WriteFile(filepath.Join(out, "keep.txt"), []byte("mine"), 0o600)

	code, _, stderr := runCLI(t, t.TempDir(), "", "fill", "--answers", answers, "--out", out)
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, stderr)
	}
	for _, want := range []string{
		"vendor.org_number: 123456789 is not a valid organisation number",
		"contact.email:", "system.name:", "vendor.city: This field is required",
		"declaration.signs_for_user: Unknown key", "5 problem(s)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		t.Fatalf("something was written to the output folder: %v", entries)
	}
	if sib, _ := filepath.Glob(filepath.Join(dir, ".altinn-onboard-build-*")); len(sib) != 0 {
		t.Fatalf("work folder left behind: %v", sib)
	}
}

func TestFillRejectsBadFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"invalid.yaml": "vendor: [unclosed\n",
		"latin1.yaml":  "vendor:\n  name: Bl\xe5b\xe6r\n",
		"empty.yaml":   "",
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o600)
		out := filepath.Join(dir, "out-"+name)
		code, _, stderr := runCLI(t, t.TempDir(), "", "fill", "--answers", p, "--out", out)
		if code != 2 || !strings.Contains(stderr, "(file)") {
			t.Errorf("%s: exit %d: %s", name, code, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: output folder created", name)
		}
	}
	if code, _, stderr := runCLI(t, t.TempDir(), "", "fill", "--answers", filepath.Join(dir, "missing.yaml"), "--out", dir); code != 2 || !strings.Contains(stderr, "missing.yaml") {
		t.Errorf("missing file: %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, t.TempDir(), "", "fill", "--answers", "../examples/answers.yaml", "--out", dir, "--format", "odt"); code != 2 {
		t.Errorf("unknown format: exit %d", code)
	}
}

func TestFillFromSession(t *testing.T) {
	data := t.TempDir()
	st, _ := store.Open(data)
	s, _ := st.Create("Kunde", session.TrackAltinnII)
	s.Answers = sessiontest.Answers()
	st.Save(s)
	out := filepath.Join(t.TempDir(), "ut")
	if code, _, stderr := runCLI(t, data, "", "fill", "--session", "kunde", "--out", out); code != 0 {
		t.Fatalf("fill --session: %s", stderr)
	}
	s, _ = st.Load(s.ID)
	if len(s.Files) != 3 {
		t.Fatalf("generated files not recorded in the session: %+v", s.Files)
	}
	text := docxText(t, s.Files[0].Path)
	if !strings.Contains(text, "Blåbær & Søn <Regnskap> AS") {
		t.Fatalf("XML-special characters not intact:\n%s", text)
	}
}

func TestTemplatesCommands(t *testing.T) {
	code, out, _ := runCLI(t, t.TempDir(), "", "templates", "fields")
	if code != 0 || !strings.Contains(out, "{{vendor_org_number}}") || !strings.Contains(out, "{{service_code}}") {
		t.Fatalf("fields: %d %s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "x.docx")
	os.WriteFile(bad, []byte("not a docx"), 0o600)
	if code, _, stderr := runCLI(t, t.TempDir(), "", "templates", "check", bad); code != 1 || !strings.Contains(stderr, bad) {
		t.Fatalf("check garbage: %d %s", code, stderr)
	}
}

// A template as Word saves it, with a placeholder split across runs: the
// check command reports it and fill still fills it.
func TestUserTemplateWithSplitPlaceholder(t *testing.T) {
	embedded, err := templates.Embedded(templates.Bestilling)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(embedded), int64(len(embedded)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" {
			split := `{{sys</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>tem_na</w:t></w:r><w:r><w:t>me}}`
			data = bytes.Replace(data, []byte("{{system_name}}"), []byte(split), 1)
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zw.Close()
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "bestilling.docx")
	os.WriteFile(tmpl, buf.Bytes(), 0o600)

	code, out, stderr := runCLI(t, t.TempDir(), "", "templates", "check", tmpl)
	if code != 0 {
		t.Fatalf("check: %d %s %s", code, out, stderr)
	}
	i := strings.Index(out, "Split across runs (joined when filling) (1)")
	if i < 0 || !strings.Contains(out[i:], "system_name") {
		t.Fatalf("check does not report the split placeholder:\n%s", out)
	}

	outDir := filepath.Join(t.TempDir(), "ut")
	if code, _, stderr := runCLI(t, t.TempDir(), "", "fill", "--answers", "../examples/answers.yaml", "--out", outDir, "--templates", dir); code != 0 {
		t.Fatalf("fill with the user template: %s", stderr)
	}
	text := docxText(t, filepath.Join(outDir, "bestilling-blabaer-regnskap-pro.docx"))
	if !strings.Contains(text, "Blåbær Regnskap Pro") || strings.Contains(text, "{{") {
		t.Fatalf("the split placeholder was not filled:\n%s", text)
	}
}

// fill from a session with no services refuses, naming the answer
// (issue 11 §5: zero services passed as complete).
func TestFillNoServices(t *testing.T) {
	data := t.TempDir()
	st, _ := store.Open(data)
	s, _ := st.Create("Kunde", session.TrackAltinnII)
	s.Answers = sessiontest.Answers()
	s.Answers.System.Services = nil
	st.Save(s)
	out := filepath.Join(t.TempDir(), "ut")
	code, _, stderr := runCLI(t, data, "", "fill", "--session", "kunde", "--out", out)
	if code == 0 || !strings.Contains(stderr, "system.services") || !strings.Contains(stderr, "Add at least one service") {
		t.Fatalf("fill without services: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("documents were written")
	}
}
