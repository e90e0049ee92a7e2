package templates

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/leftover"
)

// ErrNoLibreOffice is returned by Convert when LibreOffice cannot be found.
var ErrNoLibreOffice = errors.New("LibreOffice is needed to make .doc and .pdf files, but neither soffice nor libreoffice was found on PATH. " +
	"Install it — Debian/Ubuntu: sudo apt install libreoffice-writer-nogui; macOS: brew install --cask libreoffice; " +
	"Windows: download it from https://www.libreoffice.org/download/ — or keep to .docx, which works without LibreOffice")

// officePaths are places LibreOffice is installed when it is not on PATH.
var officePaths = func() []string {
	switch runtime.GOOS {
	case "darwin":
		return []string{"/Applications/LibreOffice.app/Contents/MacOS/soffice"}
	case "windows":
		var out []string
		for _, env := range []string{"ProgramFiles", "ProgramFiles(x86)"} {
			if d := os.Getenv(env); d != "" {
				out = append(out, filepath.Join(d, "LibreOffice", "program", "soffice.exe"))
			}
		}
		return out
	}
	return nil
}()

// FindLibreOffice returns the path of soffice (or libreoffice), or
// ErrNoLibreOffice.
func FindLibreOffice() (string, error) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	for _, p := range officePaths {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", ErrNoLibreOffice
}

// convertFilters maps an output format to LibreOffice's --convert-to
// argument.
var convertFilters = map[string]string{
	"doc": `doc:MS Word 97`,
	"pdf": `pdf:writer_pdf_Export`,
	// For tests: read a document back through LibreOffice, and save a
	// template as LibreOffice writes .docx.
	"txt":  `txt:Text`,
	"docx": `docx:MS Word 2007 XML`,
}

// ConvertTimeout bounds one LibreOffice run when ctx has no deadline.
var ConvertTimeout = 2 * time.Minute

// sofficePrefix names the throw-away folder (profile and output) of one
// LibreOffice run in the system's temporary folder.
const sofficePrefix = "altinn-onboard-soffice-"

// sofficePolicy: a run takes at most ConvertTimeout, so a folder whose
// process is gone, or that is a day old, is a leftover of a killed run.
var sofficePolicy = leftover.Policy{MaxAge: 24 * time.Hour, UnmarkedAge: time.Hour}

var cleanOnce sync.Once

// running holds the LibreOffice runs in progress, for StopConversions.
var running = struct {
	sync.Mutex
	cmds map[*exec.Cmd]bool
}{cmds: map[*exec.Cmd]bool{}}

// StopConversions kills every LibreOffice run still in progress, with all
// its processes. Call it when the program ends: LibreOffice runs in a
// process group of its own, which neither the end of this program nor the
// terminal's Ctrl-C reaches.
func StopConversions() {
	running.Lock()
	defer running.Unlock()
	for cmd := range running.cmds {
		killTree(cmd)
	}
}

// CleanLeftovers removes the LibreOffice folders that runs killed before
// they could clean up left in the temporary folder, and (on Linux) stops
// the LibreOffice processes such a run left behind. Convert calls it once
// per process.
func CleanLeftovers() []string {
	return leftover.Clean(os.TempDir(), sofficePrefix, sofficePolicy, stopOrphans)
}

// Convert turns a .docx into .doc or .pdf with LibreOffice (soffice
// --headless --convert-to) and writes <outDir>/<name>.<format> with mode
// 0600 (outDir "" is the .docx file's folder). It returns the path
// written. Each run gets its own throw-away LibreOffice profile, so runs
// may overlap and a desktop LibreOffice that is open does not interfere.
func Convert(ctx context.Context, docxPath, format, outDir string) (string, error) {
	out, err := ConvertAll(ctx, []string{docxPath}, format, outDir)
	if err != nil {
		return "", err
	}
	return out[0], nil
}

// ConvertAll is Convert for several documents with one LibreOffice run:
// starting LibreOffice is most of the time a conversion takes, so the
// documents of one package are converted together. It returns the paths
// written, in the order of docxPaths. The documents must have different
// names. When LibreOffice cannot convert one of them, the error names
// each document that failed, and nothing is written.
func ConvertAll(ctx context.Context, docxPaths []string, format, outDir string) ([]string, error) {
	if format != "doc" && format != "pdf" {
		return nil, fmt.Errorf("cannot convert to %q: only doc and pdf", format)
	}
	return convertAll(ctx, docxPaths, format, outDir)
}

func convert(ctx context.Context, docxPath, format, outDir string) (string, error) {
	out, err := convertAll(ctx, []string{docxPath}, format, outDir)
	if err != nil {
		return "", err
	}
	return out[0], nil
}

// conversion is one LibreOffice run: the documents it converts, in a
// throw-away folder of its own.
type conversion struct {
	paths  []string // as the caller named them, for messages
	srcs   []string // absolute
	bases  []string // file names without the extension
	format string
	dir    string // the run's folder: profile/, out/, tmp/
}

// convertAll converts docxPaths to format (any of convertFilters) with
// one LibreOffice run.
func convertAll(ctx context.Context, docxPaths []string, format, outDir string) ([]string, error) {
	filter, ok := convertFilters[format]
	if !ok {
		return nil, fmt.Errorf("cannot convert to %q", format)
	}
	if len(docxPaths) == 0 {
		return nil, nil
	}
	bin, err := FindLibreOffice()
	if err != nil {
		return nil, err
	}
	c, err := newConversion(docxPaths, format)
	if err != nil {
		return nil, err
	}
	cleanOnce.Do(func() { CleanLeftovers() })
	if c.dir, err = os.MkdirTemp("", sofficePrefix+"*"); err != nil {
		return nil, err
	}
	defer os.RemoveAll(c.dir)
	if err := leftover.Mark(c.dir); err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, ConvertTimeout)
		defer cancel()
	}
	output, runErr, err := c.run(ctx, bin, filter)
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("converting %s to %s: LibreOffice did not finish: %w", strings.Join(docxPaths, ", "), format, ctx.Err())
	}
	results, err := c.results(output, runErr)
	if err != nil {
		return nil, err
	}
	return c.write(results, outDir)
}

// newConversion checks that every source is a file and that no two
// would give the same result name: LibreOffice writes every result into
// one folder, named as its source without the extension.
func newConversion(docxPaths []string, format string) (*conversion, error) {
	c := &conversion{paths: docxPaths, format: format}
	seen := map[string]string{}
	for _, p := range docxPaths {
		src, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		if st, err := os.Stat(src); err != nil {
			return nil, fmt.Errorf("converting %s: %w", p, err)
		} else if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("converting %s: not a file", p)
		}
		base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
		if other, dup := seen[base]; dup {
			return nil, fmt.Errorf("converting %s and %s together: both would be %s.%s", other, p, base, format)
		}
		seen[base] = p
		c.srcs = append(c.srcs, src)
		c.bases = append(c.bases, base)
	}
	return c, nil
}

// run starts LibreOffice on every source and waits for it. It returns
// what LibreOffice printed and how it ended; err is for a run that could
// not be set up.
func (c *conversion) run(ctx context.Context, bin, filter string) (output string, runErr, err error) {
	profile := filepath.Join(c.dir, "profile")
	out := filepath.Join(c.dir, "out")
	// LibreOffice's own temporary files go into the run's folder too, so
	// that a killed run leaves nothing of it in the system's.
	lotmp := filepath.Join(c.dir, "tmp")
	for _, d := range []string{out, lotmp} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return "", nil, err
		}
	}
	args := []string{
		"-env:UserInstallation=" + fileURL(profile),
		"--headless", "--invisible", "--nologo", "--nodefault", "--nolockcheck",
		"--norestore", "--nofirststartwizard",
		// Every source is read as Word 2007 XML: a file that is not one
		// fails rather than being opened as whatever it resembles.
		"--infilter=MS Word 2007 XML",
		"--convert-to", filter,
		"--outdir", out,
	}
	cmd := exec.CommandContext(ctx, bin, append(args, c.srcs...)...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "TMPDIR="+lotmp, "TMP="+lotmp, "TEMP="+lotmp)
	// Its own process group: soffice starts oosplash, which starts
	// soffice.bin; a timeout, a cancel or the end of this program kills
	// all of them, not only the first.
	setGroup(cmd)
	cmd.Cancel = func() error { return killTree(cmd) }
	cmd.WaitDelay = 5 * time.Second
	runErr = run(cmd, c.dir)
	return buf.String(), runErr, nil
}

// results reads what LibreOffice wrote. soffice exits 0 also when it
// failed, and names no file when one fails: the results are the proof,
// and the error names each document without one.
func (c *conversion) results(output string, runErr error) ([][]byte, error) {
	results := make([][]byte, len(c.srcs))
	var failed []int
	for i, base := range c.bases {
		data, err := os.ReadFile(filepath.Join(c.dir, "out", base+"."+c.format))
		if err != nil || len(data) == 0 {
			failed = append(failed, i)
			continue
		}
		results[i] = data
	}
	if len(failed) == 0 {
		return results, nil
	}
	msg := officeMessage(output, c.srcs, failed)
	if msg == "" && runErr != nil {
		msg = runErr.Error()
	}
	if msg == "" {
		msg = "no output file"
	}
	var errs []error
	for _, i := range failed {
		errs = append(errs, fmt.Errorf("converting %s to %s with LibreOffice failed: %s", c.paths[i], c.format, msg))
	}
	return nil, errors.Join(errs...)
}

// write writes the results into outDir ("" for each source's folder),
// 0600, and returns their paths.
func (c *conversion) write(results [][]byte, outDir string) ([]string, error) {
	written := make([]string, len(results))
	for i, data := range results {
		dir := outDir
		if dir == "" {
			dir = filepath.Dir(c.srcs[i])
		}
		if err := ensureDir(dir); err != nil {
			return nil, err
		}
		dst := filepath.Join(dir, c.bases[i]+"."+c.format)
		if err := atomicfile.WriteFile(dst, data); err != nil {
			return nil, err
		}
		written[i] = dst
	}
	return written, nil
}

// officeMessage is what LibreOffice printed, less its reports of the
// documents it did convert ("convert X -> Y using filter ..."), so a
// failure shows what was said about the documents that failed.
func officeMessage(output string, srcs []string, failed []int) string {
	var keep []string
	for _, line := range strings.Split(strings.TrimSpace(output), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "convert ") {
			done := true
			for _, i := range failed {
				if strings.Contains(line, srcs[i]) {
					done = false
				}
			}
			if done {
				continue
			}
		}
		if line != "" {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// ensureDir makes a missing output folder 0700 and leaves an existing
// one as it is.
func ensureDir(dir string) error {
	_, err := atomicfile.MakeDir(dir)
	return err
}

// run runs cmd as a registered LibreOffice run, records its process group
// in dir's owner file (so the next run can stop it should this process be
// killed), and kills what is left of the group when it ends.
func run(cmd *exec.Cmd, dir string) error {
	running.Lock()
	err := cmd.Start()
	if err == nil {
		running.cmds[cmd] = true
	}
	running.Unlock()
	if err != nil {
		return err
	}
	leftover.MarkGroup(dir, cmd.Process.Pid)
	err = cmd.Wait()
	running.Lock()
	delete(running.cmds, cmd)
	// soffice.bin can outlive the process we started (a crash of
	// oosplash, a cancel); nothing of the group may stay behind.
	killTree(cmd)
	running.Unlock()
	return err
}

// fileURL turns a local path into a file:// URL for -env:UserInstallation.
func fileURL(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/Users/... on Windows
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
