package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// accept is an import check that accepts everything.
func accept(*session.Session) error { return nil }

// `sessions import` of a FIFO fails at once; of a file over the limit,
// with the limit.
func TestImportFileIsBounded(t *testing.T) {
	needUnix(t)
	st := openStore(t)
	fifo := filepath.Join(t.TempDir(), "eksport.json")
	syscall.Mkfifo(fifo, 0o600)
	_, err := st.ImportFile(fifo, nil, accept)
	var se *safefile.Error
	if !errors.As(err, &se) || se.Kind != safefile.KindNotRegular {
		t.Fatalf("import of a FIFO: %v", err)
	}
	big := filepath.Join(t.TempDir(), "stor.json")
	f, _ := os.Create(big)
	f.Truncate(store.MaxSessionFileSize + 1)
	f.Close()
	if _, err := st.ImportFile(big, nil, accept); !errors.As(err, &se) || se.Kind != safefile.KindTooLarge {
		t.Fatalf("import of a large file: %v", err)
	}
	// Standard input is bounded too (it was cut at 16 MiB and decoded).
	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip("no /dev/zero")
	}
	defer zero.Close()
	if _, err := st.ImportFile("-", zero, accept); !errors.As(err, &se) || se.Kind != safefile.KindTooLarge {
		t.Fatalf("import of endless standard input: %v", err)
	}
	list, _, _ := st.List()
	if len(list) != 0 {
		t.Fatalf("something was imported: %v", list)
	}
}
