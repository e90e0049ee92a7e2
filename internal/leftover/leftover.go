// Package leftover cleans up after a process that died before it could
// clean up itself (kill -9, a power cut): work folders it made in a shared
// place such as /tmp or next to an output folder.
//
// A work folder gets an owner file (Mark) naming the process and host that
// made it. Clean removes a folder of the user's with the given prefix only
// when its owner is gone: the process recorded on this host no longer
// runs, or the folder is older than any real run could be. Nothing is ever
// followed through a symbolic link: links and files of other users are
// left alone, and removal goes through os.RemoveAll, which removes links
// themselves, not what they point to.
package leftover

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

// OwnerFile is the name of the owner file inside a work folder.
const OwnerFile = ".owner"

// Owner is what an owner file records.
type Owner struct {
	PID  int
	Host string
	// Group is a process group the owner started (LibreOffice), 0 if none.
	Group int
}

// Mark writes the owner file into dir, naming this process.
func Mark(dir string) error {
	return write(dir, Owner{PID: os.Getpid(), Host: hostname()})
}

// MarkGroup records, in dir's owner file, a process group this process
// started, so that a later run can stop it if this process dies first.
func MarkGroup(dir string, group int) error {
	return write(dir, Owner{PID: os.Getpid(), Host: hostname(), Group: group})
}

// write puts the owner file in place by renaming a whole temporary file,
// so that another process's Clean never reads half of it. It is not
// fsynced (each fsync waits for the disk, and a run marks one or more
// folders): after a crash the process it names is gone whatever the
// file says, and a folder whose owner file was lost is unmarked, removed
// by its age.
func write(dir string, o Owner) error {
	text := fmt.Sprintf("pid %d\nhost %s\n", o.PID, o.Host)
	if o.Group > 0 {
		text += fmt.Sprintf("group %d\n", o.Group)
	}
	path := filepath.Join(dir, OwnerFile)
	f, err := os.CreateTemp(dir, "."+OwnerFile+".tmp-*") // 0600
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func hostname() string {
	h, _ := os.Hostname()
	return strings.Join(strings.Fields(h), "")
}

// ReadOwner reads dir's owner file (never through a link); ok is false
// when there is none or it is not one of ours.
func ReadOwner(dir string) (o Owner, ok bool) {
	data, err := safefile.ReadNoFollow(filepath.Join(dir, OwnerFile), 1024)
	if err != nil {
		return Owner{}, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, _ := strings.Cut(line, " ")
		switch k {
		case "pid":
			o.PID, _ = strconv.Atoi(v)
		case "host":
			o.Host = v
		case "group":
			o.Group, _ = strconv.Atoi(v)
		}
	}
	return o, o.PID > 0
}

// Policy says when a work folder is abandoned.
type Policy struct {
	// MaxAge: a folder older than this is abandoned whatever its owner
	// file says (a pid can be reused, a host renamed).
	MaxAge time.Duration
	// UnmarkedAge: a folder without an owner file (its process died
	// before writing it, or an older version made it) is abandoned when
	// older than this.
	UnmarkedAge time.Duration
}

// Clean removes the abandoned work folders named prefix* in parent and
// returns their paths. Before a folder is removed, stop (if not nil) is
// called with it and its owner, to end what the dead owner left running.
// Errors are ignored: cleaning up is a courtesy, never a reason to fail.
func Clean(parent, prefix string, p Policy, stop func(dir string, o Owner)) []string {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var removed []string
	now := time.Now()
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		fi, err := os.Lstat(dir)
		if err != nil || !fi.IsDir() || !atomicfile.Owned(fi) {
			continue
		}
		age := now.Sub(fi.ModTime())
		o, marked := ReadOwner(dir)
		abandoned := age > p.MaxAge
		switch {
		case abandoned:
		case !marked:
			abandoned = age > p.UnmarkedAge
		default:
			abandoned = o.Host == hostname() && o.PID != os.Getpid() && !Alive(o.PID)
		}
		if !abandoned {
			continue
		}
		if stop != nil && marked {
			stop(dir, o)
		}
		if os.RemoveAll(dir) == nil {
			removed = append(removed, dir)
		}
	}
	return removed
}
