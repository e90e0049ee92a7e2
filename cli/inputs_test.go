package cli

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

// fifo makes a named pipe nobody writes to: opening it for reading the
// ordinary way blocks for ever.
func fifo(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	p := filepath.Join(t.TempDir(), "answers.yaml")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// sparse makes a regular file of size bytes that costs no disk.
func sparse(t *testing.T, name string, size int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAnswersFileThatIsNotAFile(t *testing.T) {
	pipe := fifo(t)
	big := sparse(t, "big.yaml", forms.MaxAnswersFile+1)
	for _, c := range []struct {
		path, en, nb string
	}{
		{pipe, "is a named pipe (FIFO), not a regular file", "er et navngitt rør (FIFO), ikke en vanlig fil"},
		{"/dev/zero", "is a device, not a regular file", "er en enhet, ikke en vanlig fil"},
		{big, "is larger than 256 KiB", "er større enn 256 KiB"},
	} {
		for _, cmd := range [][]string{
			{"fill", "--answers", c.path, "--out", filepath.Join(t.TempDir(), "out")},
			{"sessions", "new", "Kunde", "--answers", c.path},
		} {
			data := t.TempDir()
			code, stdout, stderr := runCLI(t, data, "", cmd...)
			if code != 2 || !strings.Contains(stderr, c.path+" "+c.en) {
				t.Errorf("%v: exit %d, stderr %q; want 2 and %q", cmd, code, stderr, c.en)
			}
			if stdout != "" {
				t.Errorf("%v: stdout %q", cmd, stdout)
			}
			if f := sessionFiles(t, data); len(f) != 0 {
				t.Errorf("%v: a session was created: %v", cmd, f)
			}
			_, _, stderr = runCLI(t, t.TempDir(), "", append([]string{"--lang", "nb"}, cmd...)...)
			if !strings.Contains(stderr, c.path+" "+c.nb) {
				t.Errorf("%v in bokmål: %q, want %q", cmd, stderr, c.nb)
			}
		}
	}
}

// endless is standard input that never ends (like `yes |` or /dev/zero).
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestAnswersFromEndlessStdinAreBounded(t *testing.T) {
	in := &endless{}
	var out, errb bytes.Buffer
	code := runIn([]string{"--data-dir", t.TempDir(), "--lang", "en", "sessions", "new", "Kunde", "--answers", "-"}, in, &out, &errb, false)
	if code != 2 || !strings.Contains(errb.String(), "standard input is larger than 256 KiB") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if in.n > 2<<20 {
		t.Fatalf("read %d bytes of standard input", in.n)
	}
}

// userTemplateDir writes data as bestilling.docx in a new folder.
func userTemplateDir(t *testing.T, data []byte) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, "bestilling.docx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

// withParts is the built-in order form with parts added or replaced:
// each named part becomes edit(its content), nil for a new part.
func withParts(t *testing.T, edits map[string]func([]byte) []byte) []byte {
	t.Helper()
	base, err := templates.Embedded(templates.Bestilling)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	done := map[string]bool{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if edit, ok := edits[f.Name]; ok {
			data, done[f.Name] = edit(data), true
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	for name, edit := range edits {
		if !done[name] {
			w, _ := zw.Create(name)
			w.Write(edit(nil))
		}
	}
	zw.Close()
	return buf.Bytes()
}

func withPart(t *testing.T, name string, edit func([]byte) []byte) []byte {
	return withParts(t, map[string]func([]byte) []byte{name: edit})
}

// zipBomb is the order form with five parts of 20 MiB of zeros each
// (under the old limit of 64 MiB a part): about 100 KiB on disk, 100 MiB
// unzipped. The deflated zeros are one flushed block of 1 MiB repeated
// (each copy refers back only into zeros), so the bomb costs nothing to
// build, even under the race detector.
func zipBomb(t *testing.T) []byte {
	var block bytes.Buffer
	fw, _ := flate.NewWriter(&block, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Flush()
	one := bytes.Clone(block.Bytes())
	block.Reset()
	fw.Close()
	stream := append(bytes.Repeat(one, 20), block.Bytes()...)
	var crc uint32
	for range 20 {
		crc = crc32.Update(crc, crc32.IEEETable, make([]byte, 1<<20))
	}

	base := withParts(t, nil)
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		zw.Copy(f)
	}
	for i := range 5 {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: fmt.Sprintf("word/media/image%d.png", i), Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(len(stream)), UncompressedSize64: 20 << 20,
		})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(stream)
	}
	zw.Close()
	return buf.Bytes()
}

func TestTemplatesThatAreNotTemplates(t *testing.T) {
	doctype := withPart(t, "word/styles.xml", func(b []byte) []byte {
		return bytes.Replace(b, []byte("?>"), []byte("?><!DOCTYPE w:styles>"), 1)
	})
	bomb := zipBomb(t)
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	for _, c := range []struct {
		name     string
		data     []byte
		en, nb   string
		fillsToo bool
	}{
		{"doctype", doctype, "has a DOCTYPE or ENTITY declaration", "har en DOCTYPE- eller ENTITY-deklarasjon", true},
		{"bomb", bomb, "larger than 64 MiB unzipped (a zip bomb?)", "større enn 64 MiB når det pakkes ut (en zip-bombe?)", true},
		{"evil name", withPart(t, "../../evil.xml", func([]byte) []byte { return []byte("<x/>") }), `".." in the path`, "«..» i stien", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, p := userTemplateDir(t, c.data)
			code, out, stderr := runCLI(t, t.TempDir(), "", "templates", "check", p)
			if code != 1 || !strings.Contains(stderr, "template "+p+" cannot be used: ") || !strings.Contains(stderr, c.en) {
				t.Errorf("check: exit %d, stderr %q; want %q", code, stderr, c.en)
			}
			if strings.Contains(out, "can be used") {
				t.Errorf("check says it can be used:\n%s", out)
			}
			_, _, stderr = runCLI(t, t.TempDir(), "", "--lang", "nb", "templates", "check", p)
			if !strings.Contains(stderr, "malen "+p+" kan ikke brukes: ") || !strings.Contains(stderr, c.nb) {
				t.Errorf("check in bokmål: %q, want %q", stderr, c.nb)
			}

			outDir := filepath.Join(t.TempDir(), "ut")
			code, _, stderr = runCLI(t, t.TempDir(), "", "fill", "--answers", "../examples/answers.yaml", "--out", outDir, "--templates", dir)
			if code == 0 || !strings.Contains(stderr, p) || !strings.Contains(stderr, c.en) {
				t.Errorf("fill: exit %d, stderr %q; want %q", code, stderr, c.en)
			}
			if _, err := os.Stat(outDir); !os.IsNotExist(err) {
				t.Errorf("fill wrote %s", outDir)
			}
		})
	}
}

func TestTemplatesCheckFIFO(t *testing.T) {
	p := fifo(t)
	code, _, stderr := runCLI(t, t.TempDir(), "", "templates", "check", p)
	if code != 1 || !strings.Contains(stderr, p+" is a named pipe (FIFO)") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI(t, t.TempDir(), "", "templates", "check", sparse(t, "huge.docx", templates.MaxTemplateFile+1))
	if code != 1 || !strings.Contains(stderr, "is larger than 16 MiB") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// manyProblems is the example with its two services replaced by 4,000
// items that are not services: 4,000 problems.
func manyProblems(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../examples/answers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	old := "  services:\n    - {code: \"4936\", edition: \"1\", name: A-melding}\n    - {code: \"5703\", edition: \"2\", name: MVA-melding}\n"
	if !strings.Contains(string(data), old) {
		t.Fatal("the example changed; update this test")
	}
	p := filepath.Join(t.TempDir(), "many.yaml")
	text := strings.Replace(string(data), old, "  services: ["+strings.Repeat("x, ", 3999)+"x]\n", 1)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestManyProblemsListAScreenful(t *testing.T) {
	p := manyProblems(t)
	for _, cmd := range [][]string{
		{"fill", "--answers", p, "--out", filepath.Join(t.TempDir(), "out")},
		{"sessions", "new", "Kunde", "--answers", p},
	} {
		for _, lang := range []struct{ lang, count, more string }{
			{"en", "has 4,000 problem(s)", "  … and 3,980 more problems\n"},
			{"nb", "har 4 000 problem(er)", "  … og 3 980 problemer til\n"},
		} {
			code, _, stderr := runCLI(t, t.TempDir(), "", append([]string{"--lang", lang.lang}, cmd...)...)
			if code != 2 || !strings.Contains(stderr, lang.count) || !strings.Contains(stderr, lang.more) {
				t.Errorf("%v %s: exit %d:\n%s", cmd, lang.lang, code, stderr)
			}
			if n := strings.Count(stderr, "system.services["); n != 20 {
				t.Errorf("%v %s: %d problems listed, want 20", cmd, lang.lang, n)
			}
		}
	}
}

func TestProblemLinesShowControlCharacters(t *testing.T) {
	data, _ := os.ReadFile("../examples/answers.yaml")
	p := filepath.Join(t.TempDir(), "evil\x1b[2J.yaml")
	text := strings.Replace(string(data), "vendor:\n", "vendor:\n  \"x\\e]0;pwned\\a\": 1\n", 1)
	os.WriteFile(p, []byte(text), 0o600)
	_, _, stderr := runCLI(t, t.TempDir(), "", "fill", "--answers", p, "--out", filepath.Join(t.TempDir(), "out"))
	if strings.ContainsAny(stderr, "\x1b\x07") {
		t.Fatalf("stderr sends control characters: %q", stderr)
	}
	for _, want := range []string{`evil\x1b[2J.yaml has 1 problem(s)`, `vendor.x\x1b]0;pwned\x07: Unknown key`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestCountGroupsThousands(t *testing.T) {
	en, nb := &IO{Lang: "en"}, &IO{Lang: "nb"}
	for n, want := range map[int][2]string{
		0: {"0", "0"}, 999: {"999", "999"}, 1000: {"1,000", "1 000"},
		39980: {"39,980", "39 980"}, 1234567: {"1,234,567", "1 234 567"},
	} {
		if got := [2]string{en.count(n), nb.count(n)}; got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}
