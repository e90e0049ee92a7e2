package templates

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

// Limits on a template. A real .docx form is tens of kilobytes with a few
// dozen parts; a template with a logo or two stays far below these. A zip
// bomb (a few megabytes that unzip to gigabytes) is refused before it is
// unzipped, by the sizes it declares, and again while it is read, by the
// bytes that come out, since declared sizes can lie.
const (
	// MaxTemplateFile is the largest .docx file read.
	MaxTemplateFile = 16 << 20
	// MaxUnzipped is the most all parts of a template may hold unzipped.
	MaxUnzipped = 64 << 20
	// MaxParts is the most parts (files inside the zip) a template may have.
	MaxParts = 1000
	// maxDirectory bounds the zip's table of contents, which the zip
	// reader loads whole before anything can be checked.
	maxDirectory = 1 << 20
)

// TemplateError is a template the program will not use: not a zip, too
// large unzipped, too many parts, a part name that could reach outside a
// folder, XML that is not well-formed or has a DOCTYPE. It says what, in
// Norwegian bokmål and English, and names the file when Path is set.
type TemplateError struct {
	Path   string // the .docx file; "" when the bytes came from elsewhere
	NB, EN string
	Err    error // the cause, if any
}

func (e *TemplateError) Error() string { return e.Text("en") }
func (e *TemplateError) Unwrap() error { return e.Err }

// Text is the message in lang: English for "en", else Norwegian bokmål.
func (e *TemplateError) Text(lang string) string {
	if lang == "en" {
		if e.Path == "" {
			return e.EN
		}
		return fmt.Sprintf("template %s cannot be used: %s", e.Path, e.EN)
	}
	if e.Path == "" {
		return e.NB
	}
	return fmt.Sprintf("malen %s kan ikke brukes: %s", e.Path, e.NB)
}

func bad(nb, en string) *TemplateError { return &TemplateError{NB: nb, EN: en} }

// WithPath names the file in a template error from Check or Fill (or
// wraps any other error with it); a safefile error already names it.
func WithPath(err error, path string) error {
	var te *TemplateError
	if errors.As(err, &te) {
		c := *te
		c.Path = path
		return &c
	}
	var se *safefile.Error
	if errors.As(err, &se) {
		return err
	}
	return &TemplateError{Path: path, NB: err.Error(), EN: err.Error(), Err: err}
}

// readZip opens data as a zip and checks its table of contents: at most
// MaxParts parts, declared unzipped sizes adding up to at most
// MaxUnzipped, and part names that are relative paths without "..",
// backslashes, drive letters or control characters, each used once
// (ignoring case, as Word does).
func readZip(data []byte) (*zip.Reader, error) {
	if int64(len(data)) > MaxTemplateFile {
		return nil, bad(
			fmt.Sprintf("filen er større enn %s; en .docx-mal er vanligvis under 1 MiB", safefile.Size(MaxTemplateFile)),
			fmt.Sprintf("the file is larger than %s; a .docx template is usually under 1 MiB", safefile.Size(MaxTemplateFile)))
	}
	if err := checkDirectoryEnd(data); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, &TemplateError{
			NB:  "filen er ikke en .docx (ikke en zip-fil): lagre dokumentet som Word-dokument (.docx)",
			EN:  "the file is not a .docx (not a zip file): save the document as a Word document (.docx)",
			Err: err,
		}
	}
	if len(zr.File) > MaxParts {
		return nil, tooManyParts(uint64(len(zr.File)))
	}
	var declared uint64
	seen := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		if err := checkPartName(f.Name); err != nil {
			return nil, err
		}
		key := strings.ToLower(f.Name)
		if seen[key] {
			return nil, bad(
				fmt.Sprintf("delen %s finnes to ganger i filen", f.Name),
				fmt.Sprintf("the part %s is in the file twice", f.Name))
		}
		seen[key] = true
		declared += f.UncompressedSize64
		if declared > MaxUnzipped || f.UncompressedSize64 > MaxUnzipped {
			return nil, tooLarge()
		}
	}
	return zr, nil
}

func tooManyParts(n uint64) error {
	return bad(
		fmt.Sprintf("filen har %d deler; en .docx har vanligvis noen titalls, og høyst %d godtas", n, MaxParts),
		fmt.Sprintf("the file has %d parts; a .docx usually has a few dozen, and at most %d are accepted", n, MaxParts))
}

func tooLarge() error {
	return bad(
		fmt.Sprintf("innholdet er større enn %s når det pakkes ut (en zip-bombe?); en .docx-mal er vanligvis under 1 MiB", safefile.Size(MaxUnzipped)),
		fmt.Sprintf("its content is larger than %s unzipped (a zip bomb?); a .docx template is usually under 1 MiB", safefile.Size(MaxUnzipped)))
}

// checkDirectoryEnd reads the zip's end record, as archive/zip does (the
// last one in the file), and refuses a table of contents too large to
// load before the zip reader allocates it.
func checkDirectoryEnd(data []byte) error {
	const endLen = 22
	lo := max(0, len(data)-endLen-0xffff)
	for i := len(data) - endLen; i >= lo; i-- {
		if data[i] != 'P' || !bytes.HasPrefix(data[i:], []byte("PK\x05\x06")) {
			continue
		}
		records := binary.LittleEndian.Uint16(data[i+10:])
		size := binary.LittleEndian.Uint32(data[i+12:])
		if records == 0xffff || size == 0xffffffff {
			// Zip64: only needed past 65,535 parts or 4 GiB.
			return tooManyParts(0xffff)
		}
		if records > MaxParts {
			return tooManyParts(uint64(records))
		}
		if size > maxDirectory {
			return tooManyParts(uint64(size / 46))
		}
		return nil
	}
	return nil // not a zip: zip.NewReader says so
}

// checkPartName refuses part names that could reach outside a folder if
// the document were ever unpacked, or that no Office program writes.
func checkPartName(name string) error {
	refuse := func(nb, en string) error {
		shown := name
		if !utf8.ValidString(shown) || strings.ContainsFunc(shown, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			shown = fmt.Sprintf("%q", name)
		}
		return bad(fmt.Sprintf("delen %s har et ugyldig navn: %s", shown, nb),
			fmt.Sprintf("the part %s has an invalid name: %s", shown, en))
	}
	switch {
	case name == "":
		return refuse("tomt navn", "an empty name")
	case !utf8.ValidString(name):
		return refuse("ikke gyldig UTF-8", "not valid UTF-8")
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return refuse("kontrolltegn i navnet", "control characters in the name")
	case strings.Contains(name, `\`):
		return refuse("omvendt skråstrek (\\)", "a backslash (\\)")
	case strings.HasPrefix(name, "/"):
		return refuse("absolutt sti", "an absolute path")
	case len(name) >= 2 && name[1] == ':':
		return refuse("stasjonsbokstav (C:)", "a drive letter (C:)")
	}
	for _, el := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		switch el {
		case "..":
			return refuse("«..» i stien", `".." in the path`)
		case ".", "":
			return refuse("tomt ledd eller «.» i stien", `an empty element or "." in the path`)
		}
	}
	return nil
}

// readPartsOrdered unzips every part of a template (folders skipped),
// within the limits of readZip, counting the bytes that come out. order
// is the order of the parts in the zip.
func readPartsOrdered(data []byte) (map[string][]byte, []string, error) {
	zr, err := readZip(data)
	if err != nil {
		return nil, nil, err
	}
	m := make(map[string][]byte, len(zr.File))
	order := make([]string, 0, len(zr.File))
	var left int64 = MaxUnzipped
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		b, err := readPart(f, left)
		if err != nil {
			return nil, nil, err
		}
		left -= int64(len(b))
		m[f.Name] = b
		order = append(order, f.Name)
	}
	return m, order, nil
}

// readPart unzips one part, refusing more than left bytes whatever the
// part declares.
func readPart(f *zip.File, left int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, partError(f.Name, err)
	}
	defer rc.Close()
	// Declared sizes are checked; the buffer grows with what really comes
	// out, never past the limit.
	var buf bytes.Buffer
	buf.Grow(int(min(f.UncompressedSize64, uint64(left), 1<<20)))
	n, err := buf.ReadFrom(io.LimitReader(rc, left+1))
	if err != nil {
		return nil, partError(f.Name, err)
	}
	if n > left {
		return nil, tooLarge()
	}
	return buf.Bytes(), nil
}

func partError(name string, err error) error {
	return &TemplateError{
		NB:  fmt.Sprintf("delen %s kan ikke pakkes ut (filen er skadet): %v", name, err),
		EN:  fmt.Sprintf("the part %s cannot be unzipped (the file is damaged): %v", name, err),
		Err: err,
	}
}
