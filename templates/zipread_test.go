package templates

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

// rawPart is a zip entry written as given: its deflated bytes and the
// sizes and checksum it declares.
type rawPart struct {
	name               string
	deflated           []byte
	crc                uint32
	size, declaredSize uint64
}

// zeros is a deflate stream of mib MiB of zero bytes, built by repeating
// one flushed block of 1 MiB: each copy only refers back into zeros, so
// the stream is valid, and building a 100 MiB bomb costs 100 KiB.
func zeros(t testing.TB, mib int) rawPart {
	t.Helper()
	var block bytes.Buffer
	fw, _ := flate.NewWriter(&block, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Flush()
	one := bytes.Clone(block.Bytes())
	block.Reset()
	fw.Close() // the final, empty block
	final := block.Bytes()

	var crc uint32
	zero := make([]byte, 1<<20)
	for range mib {
		crc = crc32.Update(crc, crc32.IEEETable, zero)
	}
	d := append(bytes.Repeat(one, mib), final...)
	return rawPart{deflated: d, crc: crc, size: uint64(mib) << 20, declaredSize: uint64(mib) << 20}
}

// docxWith is the built-in bestilling template with parts added (or
// replaced) and raw parts appended, zipped with archive/zip.
func docxWith(t testing.TB, extra map[string]string, raw ...rawPart) []byte {
	t.Helper()
	base := embedded(t, Bestilling)
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if _, ok := extra[f.Name]; ok {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range extra {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	for _, p := range raw {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: p.name, Method: zip.Deflate, CRC32: p.crc,
			CompressedSize64: uint64(len(p.deflated)), UncompressedSize64: p.declaredSize,
		})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.deflated)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bomb is a template that unzips to 100 MiB in five parts of 20 MiB,
// each under the old limit of 64 MiB per part, from about 100 KiB.
func bomb(t testing.TB) []byte {
	z := zeros(t, 20)
	var parts []rawPart
	for i := range 5 {
		p := z
		p.name = fmt.Sprintf("word/media/image%d.png", i)
		parts = append(parts, p)
	}
	return docxWith(t, nil, parts...)
}

// userTemplate writes data as dir/bestilling.docx.
func userTemplate(t *testing.T, data []byte) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, Bestilling.FileName())
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

// wantRefused checks that err is a TemplateError naming path (when
// given) and saying want in English and wantNB in Norwegian.
func wantRefused(t *testing.T, err error, path, want, wantNB string) {
	t.Helper()
	var te *TemplateError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v (%T), want a *TemplateError", err, err)
	}
	en, nb := te.Text("en"), te.Text("nb")
	if !strings.Contains(en, want) || !strings.Contains(nb, wantNB) {
		t.Fatalf("messages\n en: %s\n nb: %s\nwant %q / %q", en, nb, want, wantNB)
	}
	if path != "" && (!strings.Contains(en, path) || !strings.Contains(nb, path)) {
		t.Fatalf("messages do not name %s:\n en: %s\n nb: %s", path, en, nb)
	}
}

func TestLoadRefusesZipBomb(t *testing.T) {
	b := bomb(t)
	if len(b) > 1<<20 {
		t.Fatalf("the test bomb is %d bytes; it should be small", len(b))
	}
	dir, p := userTemplate(t, b)
	_, _, err := Load(Bestilling, dir)
	wantRefused(t, err, p, "zip bomb", "zip-bombe")

	// Fill and Check, given the bytes directly, refuse it too.
	_, err = Fill(Bestilling, b, fullAnswers(), today)
	wantRefused(t, err, "", "larger than 64 MiB unzipped", "større enn 64 MiB")
	_, err = Check(b)
	wantRefused(t, err, "", "zip bomb", "zip-bombe")
}

// TestZipBombLyingSizes: a part that declares 1 KiB but unzips to 100
// MiB is refused while it is read, after little more than it declared.
func TestZipBombLyingSizes(t *testing.T) {
	z := zeros(t, 100)
	z.name = "word/media/image1.png"
	z.declaredSize = 1 << 10
	b := docxWith(t, nil, z)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Check(b)
	runtime.ReadMemStats(&after)
	wantRefused(t, err, "", "image1.png", "image1.png")
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("refusing the bomb allocated %d MiB", alloc>>20)
	}
}

func TestReadPartsCountsWhatComesOut(t *testing.T) {
	// Declared sizes are checked by readZip and again by archive/zip;
	// readPart counts anyway. Here the part really is larger than what
	// is left.
	z := zeros(t, 2)
	z.name = "big.bin"
	b := docxWith(t, nil, z)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "big.bin" {
			continue
		}
		if _, err := readPart(f, 1<<20); err == nil {
			t.Fatal("2 MiB read with 1 MiB left")
		}
		if got, err := readPart(f, 2<<20); err != nil || len(got) != 2<<20 {
			t.Fatalf("2 MiB with 2 MiB left: %d bytes, %v", len(got), err)
		}
	}
}

func TestRefusesTooManyParts(t *testing.T) {
	extra := map[string]string{}
	for i := range MaxParts {
		extra[fmt.Sprintf("customXml/item%d.bin", i)] = "x"
	}
	dir, p := userTemplate(t, docxWith(t, extra))
	_, _, err := Load(Bestilling, dir)
	wantRefused(t, err, p, "at most 1000 are accepted", "høyst 1000 godtas")
}

func TestRefusesBadPartNames(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"../../.bashrc", `".." in the path`},
		{"word/../../evil.xml", `".." in the path`},
		{"/etc/evil.xml", "an absolute path"},
		{`word\evil.xml`, "a backslash"},
		{"C:/evil.xml", "a drive letter"},
		{"word/./evil.xml", `"." in the path`},
		{"word//evil.xml", "an empty element"},
		{"word/evil\x1b[2J.xml", "control characters"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, p := userTemplate(t, docxWith(t, map[string]string{c.name: "<x/>"}))
			_, _, err := Load(Bestilling, dir)
			wantRefused(t, err, p, c.want, "ugyldig navn")
			if strings.Contains(err.Error(), "\x1b") {
				t.Errorf("the message prints the escape: %q", err)
			}
		})
	}
}

func TestRefusesDuplicateParts(t *testing.T) {
	doc, err := readParts(embedded(t, Bestilling))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"word/document.xml", "WORD/Document.xml"} {
		t.Run(name, func(t *testing.T) {
			b := docxWith(t, nil, rawStored(name, doc[mainPart]))
			dir, p := userTemplate(t, b)
			_, _, err := Load(Bestilling, dir)
			wantRefused(t, err, p, "is in the file twice", "finnes to ganger")
		})
	}
}

// rawStored is a part deflated honestly.
func rawStored(name string, data []byte) rawPart {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	fw.Write(data)
	fw.Close()
	return rawPart{name: name, deflated: buf.Bytes(), crc: crc32.ChecksumIEEE(data), size: uint64(len(data)), declaredSize: uint64(len(data))}
}

func TestRefusesDoctype(t *testing.T) {
	parts, err := readParts(embedded(t, Bestilling))
	if err != nil {
		t.Fatal(err)
	}
	withDoctype := func(part, decl string) string {
		s := string(parts[part])
		i := strings.Index(s, "?>") + 2
		return s[:i] + decl + s[i:]
	}
	laughs := `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`
	for _, c := range []struct{ part, decl string }{
		{"word/document.xml", "<!DOCTYPE w:document>"},
		{"word/document.xml", laughs},
		{"word/styles.xml", laughs},
		{"[Content_Types].xml", "<!DOCTYPE Types>"},
		{"word/_rels/document.xml.rels", `<!ENTITY x "y">`},
	} {
		t.Run(c.part, func(t *testing.T) {
			b := docxWith(t, map[string]string{c.part: withDoctype(c.part, c.decl)})
			dir, p := userTemplate(t, b)
			_, _, err := Load(Bestilling, dir)
			wantRefused(t, err, p, "DOCTYPE or ENTITY declaration", "DOCTYPE- eller ENTITY-deklarasjon")
			if !strings.Contains(err.Error(), c.part) {
				t.Errorf("%v does not name the part %s", err, c.part)
			}
			_, err = Check(b)
			wantRefused(t, err, "", "DOCTYPE", "DOCTYPE")
			_, err = Fill(Bestilling, b, fullAnswers(), today)
			wantRefused(t, err, "", "DOCTYPE", "DOCTYPE")
		})
	}
}

func TestLoadRefusesFIFOAtOnce(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, Bestilling.FileName())
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	// A plain open blocks until a writer comes, for ever here: this must
	// return, with a refusal.
	_, _, err := Load(Bestilling, dir)
	var se *safefile.Error
	if !errors.As(err, &se) || se.Kind != safefile.KindNotRegular || !strings.Contains(err.Error(), p) {
		t.Fatalf("err = %v, want a refusal of the FIFO %s", err, p)
	}
}

func TestLoadRefusesHugeFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, Bestilling.FileName())
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(MaxTemplateFile + 1) // sparse: costs no disk
	f.Close()
	_, _, err = Load(Bestilling, dir)
	var se *safefile.Error
	if !errors.As(err, &se) || se.Kind != safefile.KindTooLarge {
		t.Fatalf("err = %v, want too large", err)
	}
}

func TestTemplateErrorsInBothLanguages(t *testing.T) {
	dir := t.TempDir()
	_, _, err := Load(Bestilling, filepath.Join(dir, "gone"))
	wantRefused(t, err, filepath.Join(dir, "gone"), "does not exist", "finnes ikke")
	dir, p := userTemplate(t, []byte("not a zip"))
	_, _, err = Load(Bestilling, dir)
	wantRefused(t, err, p, "not a zip file", "ikke en zip-fil")
	dir, p = userTemplate(t, docxWith(t, map[string]string{"word/document.xml": "<w:document><w:body>"}))
	_, _, err = Load(Bestilling, dir)
	wantRefused(t, err, p, "is not well-formed XML", "er ikke gyldig XML")
}

// BenchmarkRefuseZipBomb measures what refusing the 100 MiB bomb costs
// (B/op is the memory it allocates; the old reader took 100 MiB and more
// and accepted it).
func BenchmarkRefuseZipBomb(b *testing.B) {
	data := bomb(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(data); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkRefuseLyingZipBomb is the same for a part that declares 1 KiB
// and unzips to 100 MiB.
func BenchmarkRefuseLyingZipBomb(b *testing.B) {
	z := zeros(b, 100)
	z.name = "word/media/image1.png"
	z.declaredSize = 1 << 10
	data := docxWith(b, nil, z)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(data); err == nil {
			b.Fatal("accepted")
		}
	}
}
