package store

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
)

// The wizard saves in two ways (see ui's saver). Every edit is written at
// once with QuickSaveSnapshot: a temporary file renamed over the session
// file, without fsync. That costs well under a millisecond and survives
// the process being killed, because what was written is in the kernel's
// page cache; only a machine crash or power loss can lose it. Every few
// seconds, and on screen changes and quit, PrepareSnapshot and
// PendingSnapshot make the newest snapshot durable: fsynced before it is
// renamed into place, then the folder fsynced. The fsyncs run without the
// caller's lock, so quick writes never wait for a slow disk.

// QuickSaveSnapshot writes a session snapshot (encoded with
// session.Encode) over the session file atomically but without fsync: a
// killed process leaves the old or the new content, never a torn file.
func (s *Store) QuickSaveSnapshot(id string, data []byte) error {
	if !validID(id) {
		return fmt.Errorf("invalid session id %q", id)
	}
	path := s.Path(id)
	tmp, err := writeTemp(path, data, false)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// PendingSnapshot is a snapshot written and fsynced to a temporary file
// next to its session file, not yet in place.
type PendingSnapshot struct {
	tmp, path string
}

// PrepareSnapshot writes a snapshot durably to a temporary file next to
// the session file. Install it with Rename and SyncFolder, or Discard it.
func (s *Store) PrepareSnapshot(id string, data []byte) (*PendingSnapshot, error) {
	if !validID(id) {
		return nil, fmt.Errorf("invalid session id %q", id)
	}
	if _, err := atomicfile.MakeDir(s.dir); err != nil {
		return nil, err
	}
	path := s.Path(id)
	tmp, err := writeTemp(path, data, true)
	if err != nil {
		return nil, err
	}
	return &PendingSnapshot{tmp: tmp, path: path}, nil
}

// Rename puts the snapshot in place of the session file.
func (p *PendingSnapshot) Rename() error {
	if err := os.Rename(p.tmp, p.path); err != nil {
		p.Discard()
		return fmt.Errorf("writing %s: %w", p.path, err)
	}
	return nil
}

// SyncFolder fsyncs the session folder after Rename, so the rename
// survives a crash too.
func (p *PendingSnapshot) SyncFolder() error { return atomicfile.SyncDir(filepath.Dir(p.path)) }

// Discard removes a snapshot that will not be installed (a newer one has
// been written meanwhile).
func (p *PendingSnapshot) Discard() { os.Remove(p.tmp) }

// writeTemp writes data to a new private temporary file in path's folder,
// named like atomicfile.WriteFile's so leftovers of a killed process are
// recognised, fsyncs it when durable is set, and closes it.
func writeTemp(path string, data []byte, durable bool) (name string, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("writing %s: %w", path, err)
		}
	}()
	if err := tmp.Chmod(atomicfile.FileMode); err != nil && runtime.GOOS != "windows" {
		return "", err
	}
	if _, err := tmp.Write(data); err != nil {
		return "", err
	}
	if durable {
		if err := tmp.Sync(); err != nil {
			return "", err
		}
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return tmp.Name(), nil
}
