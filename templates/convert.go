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
// 0600 (outDir "" is the .docx file's folder). It returns the path written. Each run gets its own throw-away
// LibreOffice profile, so runs may overlap and a desktop LibreOffice
// that is open does not interfere.
func Convert(ctx context.Context, docxPath, format, outDir string) (string, error) {
	if format != "doc" && format != "pdf" {
		return "", fmt.Errorf("cannot convert to %q: only doc and pdf", format)
	}
	return convert(ctx, docxPath, format, outDir)
}

func convert(ctx context.Context, docxPath, format, outDir string) (string, error) {
	filter, ok := convertFilters[format]
	if !ok {
		return "", fmt.Errorf("cannot convert to %q", format)
	}
	bin, err := FindLibreOffice()
	if err != nil {
		return "", err
	}
	src, err := filepath.Abs(docxPath)
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(src); err != nil {
		return "", fmt.Errorf("converting %s: %w", docxPath, err)
	} else if !st.Mode().IsRegular() {
		return "", fmt.Errorf("converting %s: not a file", docxPath)
	}
	cleanOnce.Do(func() { CleanLeftovers() })
	tmp, err := os.MkdirTemp("", sofficePrefix+"*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	if err := leftover.Mark(tmp); err != nil {
		return "", err
	}
	profile := filepath.Join(tmp, "profile")
	out := filepath.Join(tmp, "out")
	// LibreOffice's own temporary files go into the run's folder too, so
	// that a killed run leaves nothing of it in the system's.
	lotmp := filepath.Join(tmp, "tmp")
	for _, d := range []string{out, lotmp} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return "", err
		}
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, ConvertTimeout)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, bin,
		"-env:UserInstallation="+fileURL(profile),
		"--headless", "--invisible", "--nologo", "--nodefault", "--nolockcheck",
		"--norestore", "--nofirststartwizard",
		"--infilter=MS Word 2007 XML",
		"--convert-to", filter,
		"--outdir", out,
		src)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "TMPDIR="+lotmp, "TMP="+lotmp, "TEMP="+lotmp)
	// Its own process group: soffice starts oosplash, which starts
	// soffice.bin; a timeout, a cancel or the end of this program kills
	// all of them, not only the first.
	setGroup(cmd)
	cmd.Cancel = func() error { return killTree(cmd) }
	cmd.WaitDelay = 5 * time.Second
	runErr := run(cmd, tmp)
	if ctx.Err() != nil {
		return "", fmt.Errorf("converting %s to %s: LibreOffice did not finish: %w", docxPath, format, ctx.Err())
	}
	// soffice exits 0 also when it failed: the output file is the proof.
	base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	data, err := os.ReadFile(filepath.Join(out, base+"."+format))
	if err != nil || len(data) == 0 {
		msg := strings.TrimSpace(output.String())
		if msg == "" && runErr != nil {
			msg = runErr.Error()
		}
		if msg == "" {
			msg = "no output file"
		}
		return "", fmt.Errorf("converting %s to %s with LibreOffice failed: %s", docxPath, format, msg)
	}
	if outDir == "" {
		outDir = filepath.Dir(src)
	}
	if err := ensureDir(outDir); err != nil {
		return "", err
	}
	dst := filepath.Join(outDir, base+"."+format)
	if err := atomicfile.WriteFile(dst, data); err != nil {
		return "", err
	}
	return dst, nil
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
