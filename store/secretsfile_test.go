package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

const (
	testPass   = "riktig hest batteri stift"
	testCanary = "KANARI7-secretsfile-9f3c1e"
)

// testFile is a SecretsFile with a cheap scrypt (the file format and every
// path are the real ones) that counts how often it asked.
func testFile(t *testing.T, path, pass string) (*SecretsFile, *int) {
	t.Helper()
	asked := 0
	f := NewSecretsFile(path, func(p string, create bool) (string, error) {
		if p != path {
			t.Errorf("asked for the passphrase of %s, want %s", p, path)
		}
		asked++
		return pass, nil
	})
	f.workFactor = 10
	return f, &asked
}

func TestSecretsFileRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := DefaultSecretsFile(dir)
	f, asked := testFile(t, path, testPass)

	// Nothing stored, nothing asked: a missing file is an empty store.
	if _, err := f.Get("s1", "api-key"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get on a missing file = %v, want ErrSecretNotFound", err)
	}
	if err := f.Delete("s1", "api-key"); err != nil {
		t.Fatal(err)
	}
	if *asked != 0 {
		t.Fatalf("asked %d times before anything was stored", *asked)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("reading created the file: %v", err)
	}

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.Set("s1", "api-key", testCanary))
	must(f.Set("s1", "password", "pw1"))
	must(f.Set("s2", "api-key", "other"))
	must(f.Set("s1", "unknown-name", "x"))
	if *asked != 1 {
		t.Fatalf("passphrase asked %d times in one run, want 1", *asked)
	}

	// The file, not the memory: a new store (a new run) reads it back.
	g, asked2 := testFile(t, path, testPass)
	if v, err := g.Get("s1", "api-key"); err != nil || v != testCanary {
		t.Fatalf("Get = %q, %v", v, err)
	}
	known, err := g.Known("s1", []string{"api-key", "password", "missing"})
	must(err)
	want := []SecretStatus{
		{Name: "api-key", Service: KeyringService, Account: "s1/api-key", Set: true},
		{Name: "password", Service: KeyringService, Account: "s1/password", Set: true},
		{Name: "missing", Service: KeyringService, Account: "s1/missing", Set: false},
	}
	if fmt.Sprint(known) != fmt.Sprint(want) {
		t.Fatalf("Known = %v, want %v", known, want)
	}
	must(g.Delete("s1", "password"))
	if _, err := g.Get("s1", "password"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("after Delete: %v", err)
	}
	// DeleteAll takes every entry of the session, named or not, and
	// nothing of another session.
	must(g.DeleteAll("s1", []string{"api-key"}))
	if *asked2 != 1 {
		t.Fatalf("second run asked %d times", *asked2)
	}

	h, _ := testFile(t, path, testPass)
	accs, err := h.accounts()
	must(err)
	if strings.Join(accs, ",") != "s2/api-key" {
		t.Fatalf("left in the file: %v, want only s2/api-key", accs)
	}

	// Modes: the file 0600, the folder it created 0700.
	if runtime.GOOS != "windows" {
		for p, m := range map[string]fs.FileMode{path: 0o600, dir: 0o700} {
			fi, err := os.Stat(p)
			must(err)
			if fi.Mode().Perm() != m {
				t.Errorf("%s has mode %04o, want %04o", p, fi.Mode().Perm(), m)
			}
		}
	}
	assertNoCanaryInFiles(t, filepath.Dir(dir), testCanary)
}

// assertNoCanaryInFiles fails when the canary is in any file under root, as
// it is or as JSON would escape it.
func assertNoCanaryInFiles(t *testing.T, root, canary string) {
	t.Helper()
	n := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		n++
		if bytes.Contains(data, []byte(canary)) || bytes.Contains(data, []byte(strings.ToLower(canary))) {
			t.Errorf("the canary secret is in plain text in %s", p)
		}
		return nil
	})
	if n == 0 {
		t.Fatalf("no files under %s to look in", root)
	}
}

func TestSecretsFileKeepsFolderItDidNotCreate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("modes")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, _ := testFile(t, filepath.Join(dir, "s.age"), testPass)
	if err := f.Set("s1", "api-key", "v"); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o755 {
		t.Fatalf("the folder's mode changed to %04o", fi.Mode().Perm())
	}
}

// seeded writes a file holding one secret and returns its bytes.
func seeded(t *testing.T) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "secrets.age")
	f, _ := testFile(t, path, testPass)
	if err := f.Set("s1", "api-key", testCanary); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

func assertKept(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s was changed", path)
	}
}

func TestSecretsFileWrongPassphrase(t *testing.T) {
	path, orig := seeded(t)
	f, _ := testFile(t, path, "feil passord")
	calls := map[string]func() error{
		"get":        func() error { _, err := f.Get("s1", "api-key"); return err },
		"known":      func() error { _, err := f.Known("s1", []string{"api-key"}); return err },
		"set":        func() error { return f.Set("s1", "other", "v") },
		"delete":     func() error { return f.Delete("s1", "api-key") },
		"delete-all": func() error { return f.DeleteAll("s1", nil) },
		"unlock":     f.Unlock,
	}
	for op, call := range calls {
		err := call()
		if !errors.Is(err, ErrSecretsFileWrongPassphrase) {
			t.Fatalf("%s: err = %v, want the wrong-passphrase error", op, err)
		}
		var fe *SecretsFileError
		if !errors.As(err, &fe) {
			t.Fatalf("%s: %T", op, err)
		}
		for _, lang := range []string{"nb", "en"} {
			text := fe.Text(lang)
			if !strings.Contains(text, path) {
				t.Errorf("%s/%s: %q does not name the file", op, lang, text)
			}
			if strings.Contains(text, "feil passord for den") != (lang == "nb") || strings.Contains(text, "wrong passphrase") != (lang == "en") {
				t.Errorf("%s/%s: %q", op, lang, text)
			}
			if strings.Contains(text, testCanary) || strings.Contains(text, "feil passord\x00") {
				t.Errorf("%s: the text holds a secret", op)
			}
		}
		assertKept(t, path, orig)
	}
	if _, err := os.Lstat(path + ".tmp"); err == nil {
		t.Fatal("left a temporary file")
	}
}

func TestSecretsFileCorruptAndTruncated(t *testing.T) {
	path, orig := seeded(t)
	cases := map[string][]byte{
		"payload byte flipped": func() []byte {
			b := bytes.Clone(orig)
			b[len(b)-5] ^= 0x40
			return b
		}(),
		"truncated":     orig[:len(orig)/2],
		"header only":   orig[:bytes.Index(orig, []byte("\n---"))+1],
		"empty":         {},
		"not age":       []byte("{\"secrets\": {}}\n"),
		"one byte more": append(bytes.Clone(orig), 'x'),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			f, _ := testFile(t, path, testPass)
			_, err := f.Get("s1", "api-key")
			if !errors.Is(err, ErrSecretsFileCorrupt) {
				t.Fatalf("err = %v, want the corrupt-file error", err)
			}
			for _, lang := range []string{"nb", "en"} {
				if text := err.(Localized).Text(lang); !strings.Contains(text, path) || !strings.Contains(text, map[string]string{"nb": "skadet", "en": "damaged"}[lang]) {
					t.Errorf("%s: %q", lang, text)
				}
			}
			// A change is refused too, and the file is kept as it was.
			if err := f.Set("s1", "other", "v"); !errors.Is(err, ErrSecretsFileCorrupt) {
				t.Fatalf("Set: %v", err)
			}
			assertKept(t, path, content)
		})
	}
}

func TestSecretsFileOversized(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.age")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := fh.Truncate(MaxSecretsFileBytes + 1); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	f, _ := testFile(t, path, testPass)
	_, err = f.Known("s1", []string{"api-key"})
	var se *safefile.Error
	if !errors.As(err, &se) || se.Kind != safefile.KindTooLarge {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.(Localized).Text("nb"), path) {
		t.Fatalf("%q", err.(Localized).Text("nb"))
	}
}

// Two writers at once, each with its own handle on the file (as two
// processes have), both keep every secret they stored.
func TestSecretsFileConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.age")
	const writers, each = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, _ := testFile(t, path, testPass)
			for i := 0; i < each; i++ {
				if err := f.Set(fmt.Sprintf("s%d", w), fmt.Sprintf("k%d", i), "v"); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	f, _ := testFile(t, path, testPass)
	accs, err := f.accounts()
	if err != nil {
		t.Fatal(err)
	}
	if len(accs) != writers*each {
		t.Fatalf("%d secrets in the file, want %d: %v", len(accs), writers*each, accs)
	}
}

func TestSecretsFileNoPassphrase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.age")
	f := NewSecretsFile(path, func(string, bool) (string, error) { return "", errors.New("no terminal") })
	err := f.Set("s1", "api-key", "v")
	if !errors.Is(err, ErrSecretsFileNoPassphrase) || !strings.Contains(err.(Localized).Text("en"), path) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("the file was made without a passphrase")
	}
}

func TestSecretsFileWhere(t *testing.T) {
	f := NewSecretsFile("/x/secrets.age", nil)
	if got := SecretWhere(f, "nb", "s1", "api-key"); got != "den krypterte hemmelighetsfilen /x/secrets.age, oppføring s1/api-key" {
		t.Fatal(got)
	}
	if got := SecretWhere(NewKeyring(0), "en", "s1", "api-key"); got != "OS keyring, entry altinn-onboard / s1/api-key" {
		t.Fatal(got)
	}
	if got := SecretPlace(f, "en"); !strings.Contains(got, "/x/secrets.age") {
		t.Fatal(got)
	}
}

// The profile's secrets live in the file under "profile/<name>"; deleting
// a session's secrets leaves them.
func TestSecretsFileProfileSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.age")
	f, _ := testFile(t, path, testPass)
	if _, err := f.GetProfileSecret("smtp-password"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("missing: %v", err)
	}
	if err := f.SetProfileSecret("smtp-password", testCanary); err != nil {
		t.Fatal(err)
	}
	if err := f.Set("s1", "smtp-password", "session's"); err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteAll("s1", nil); err != nil {
		t.Fatal(err)
	}
	g, _ := testFile(t, path, testPass)
	if v, err := g.GetProfileSecret("smtp-password"); err != nil || v != testCanary {
		t.Fatalf("profile secret after a session's DeleteAll: %q, %v", v, err)
	}
	if err := g.DeleteProfileSecret("smtp-password"); err != nil {
		t.Fatal(err)
	}
	if accs, err := g.accounts(); err != nil || len(accs) != 0 {
		t.Fatalf("left: %v, %v", accs, err)
	}
	assertNoCanaryInFiles(t, filepath.Dir(path), testCanary)
}
