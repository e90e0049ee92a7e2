package store_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
	"github.com/altinn-onboard/altinn-onboard/store"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestMain lets the test binary act as a second process for the crash
// and lock tests.
func TestMain(m *testing.M) {
	switch os.Getenv("STORE_TEST_CHILD") {
	case "save-loop":
		childSaveLoop()
		return
	case "hold-lock":
		childHoldLock()
		return
	}
	os.Exit(m.Run())
}

func childSaveLoop() {
	st, err := store.Open(os.Getenv("STORE_TEST_DIR"))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	sess, err := st.Load(os.Getenv("STORE_TEST_ID"))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	for i := 0; ; i++ {
		// Large, changing content makes every write take a while, so the
		// kill lands mid-write often.
		sess.Answers.System.Description = strings.Repeat(fmt.Sprintf("versjon %d æøå ", i), 4000)
		if err := st.Save(sess); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
	}
}

func childHoldLock() {
	st, err := store.Open(os.Getenv("STORE_TEST_DIR"))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	sess, err := st.Load(os.Getenv("STORE_TEST_ID"))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	lock, err := st.Lock(sess)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes stdin
	lock.Release()
}

func child(t *testing.T, mode string, st *store.Store, id string) (*exec.Cmd, *bufio.Reader, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "STORE_TEST_CHILD="+mode, "STORE_TEST_DIR="+st.DataDir(), "STORE_TEST_ID="+id)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewReader(stdout), func() { stdin.Close(); cmd.Wait() }
}

func TestCreateLoadSaveRoundTrip(t *testing.T) {
	st := openStore(t)
	st.Now = func() time.Time { return now }
	s, err := st.Create("Kunde Æ", store.TestTrack)
	if err != nil {
		t.Fatal(err)
	}
	full := sessiontest.Full(now)
	full.ID, full.Name = s.ID, s.Name
	if err := st.Save(full); err != nil {
		t.Fatal(err)
	}
	got, err := st.Load(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Answers.Vendor.Name != "Blåbær & Søn <Regnskap> AS" || len(got.Answers.System.Services) != 3 {
		t.Fatalf("loaded answers differ: %+v", got.Answers)
	}
	if byName, err := st.Resolve("kunde æ"); err != nil || byName.ID != s.ID {
		t.Fatalf("resolve by name (case-insensitive): %v %v", byName, err)
	}
	if byPrefix, err := st.Resolve(s.ID[:6]); err != nil || byPrefix.ID != s.ID {
		t.Fatalf("resolve by ID prefix: %v %v", byPrefix, err)
	}
	if _, err := st.Create("KUNDE æ", store.TestTrack); !errors.As(err, new(*store.NameTakenError)) {
		t.Fatalf("duplicate name accepted: %v", err)
	}
	var nf *store.NotFoundError
	if _, err := st.Resolve("finnes ikke"); !errors.As(err, &nf) {
		t.Fatalf("want NotFoundError, got %v", err)
	}
}

func TestCreateRejectsBadNames(t *testing.T) {
	st := openStore(t)
	for _, name := range []string{"", "   ", "to\nlinjer", "tab\tinne", strings.Repeat("x", store.MaxNameLength+1), "bad\xffutf8"} {
		if _, err := st.Create(name, store.TestTrack); err == nil {
			t.Errorf("Create(%q) accepted", name)
		}
	}
}

func TestModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	st := openStore(t)
	s, err := st.Create("modes", store.TestTrack)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{st.DataDir(): 0o700, st.SessionsDir(): 0o700, st.Path(s.ID): 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s has mode %o, want %o", p, fi.Mode().Perm(), want)
		}
	}
	// A looser session file of the user's is tightened, and the user is
	// told. A folder that exists keeps its mode: sessions/ is reachable
	// only through the private data folder, so nothing to say about it.
	os.Chmod(st.Path(s.ID), 0o644)
	os.Chmod(st.SessionsDir(), 0o755)
	st2, err := store.Open(st.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(st2.Notices) != 1 || !strings.Contains(st2.Notices[0].Text("en"), st.Path(s.ID)) {
		t.Fatalf("want 1 notice about the tightened file, got %q", st2.Notices)
	}
	for p, want := range map[string]os.FileMode{st.SessionsDir(): 0o755, st.Path(s.ID): 0o600} {
		fi, _ := os.Stat(p)
		if fi.Mode().Perm() != want {
			t.Errorf("%s has mode %o, want %o", p, fi.Mode().Perm(), want)
		}
	}
	// A save always writes 0600, even over a loose file.
	os.Chmod(st.Path(s.ID), 0o666)
	if err := st.Save(s); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(st.Path(s.ID)); fi.Mode().Perm() != 0o600 {
		t.Errorf("save left mode %o", fi.Mode().Perm())
	}
}

func TestSaveSurvivesKillMidWrite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses SIGKILL")
	}
	st := openStore(t)
	s, err := st.Create("krasj", store.TestTrack)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		cmd, out, _ := child(t, "save-loop", st, s.ID)
		line, err := out.ReadString('\n')
		if err != nil || line != "ready\n" {
			t.Fatalf("child: %q %v", line, err)
		}
		time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got, err := st.Load(s.ID)
		if err != nil {
			t.Fatalf("after kill %d the session does not load: %v", i, err)
		}
		d := got.Answers.System.Description
		if d != "" && !strings.HasPrefix(d, "versjon ") {
			t.Fatalf("torn description after kill %d: %.60q", i, d)
		}
		if d != "" {
			v := strings.SplitN(d, " ", 3)[1]
			if want := strings.Repeat("versjon "+v+" æøå ", 4000); d != want {
				t.Fatalf("description after kill %d is a mix of versions", i)
			}
		}
	}
	// Killed writers leave only their temp files behind, never in the way.
	list, bad, err := st.List()
	if err != nil || len(bad) != 0 || len(list) != 1 {
		t.Fatalf("list after kills: %v %v %v", list, bad, err)
	}
}

func TestSecondProcessIsRefusedTheLock(t *testing.T) {
	st := openStore(t)
	s, err := st.Create("Låst kunde", store.TestTrack)
	if err != nil {
		t.Fatal(err)
	}
	cmd, out, done := child(t, "hold-lock", st, s.ID)
	defer done()
	if line, err := out.ReadString('\n'); err != nil || line != "locked\n" {
		t.Fatalf("child: %q %v", line, err)
	}
	_, err = st.Lock(s)
	var le *store.LockedError
	if !errors.As(err, &le) {
		t.Fatalf("want LockedError, got %v", err)
	}
	if !strings.Contains(err.Error(), "Låst kunde") || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", cmd.Process.Pid)) {
		t.Fatalf("error does not name the session and the holder: %v", err)
	}
	if _, err := st.Rename(s.ID, "Nytt navn"); !errors.As(err, &le) {
		t.Fatalf("rename while locked elsewhere: %v", err)
	}
	done()
	lock, err := st.Lock(s)
	if err != nil {
		t.Fatalf("lock after the other process let go: %v", err)
	}
	lock.Release()
}

func TestCorruptFileIsKeptAndReported(t *testing.T) {
	st := openStore(t)
	good, err := st.Create("God", store.TestTrack)
	if err != nil {
		t.Fatal(err)
	}
	badPath := filepath.Join(st.SessionsDir(), "deadbeef00000000.json")
	garbage := []byte(`{"schema_version":1,"id":"deadbeef00000000","name":"Ødelagt",`)
	if err := os.WriteFile(badPath, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(st.SessionsDir(), "0123456789abcdef.json")
	os.WriteFile(newer, []byte(`{"schema_version":7,"id":"0123456789abcdef","name":"Fra framtiden"}`), 0o600)

	list, bad, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != good.ID {
		t.Fatalf("good session not listed: %+v", list)
	}
	if len(bad) != 2 {
		t.Fatalf("want 2 unreadable files, got %v", bad)
	}
	msgs := bad[0].Error() + bad[1].Error()
	for _, want := range []string{badPath, newer, "upgrade", "kept"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("messages %q do not mention %q", msgs, want)
		}
	}
	if _, err := st.Load("deadbeef00000000"); err == nil || !strings.Contains(err.Error(), badPath) {
		t.Fatalf("load of corrupt file: %v", err)
	}
	if _, err := st.Resolve("Ødelagt"); err == nil || !strings.Contains(err.Error(), badPath) {
		t.Fatalf("resolve should mention the unreadable file: %v", err)
	}
	// Nothing the store did touched the bad file.
	if b, _ := os.ReadFile(badPath); !bytes.Equal(b, garbage) {
		t.Fatal("corrupt file was changed")
	}
	if _, err := st.Load(good.ID); err != nil {
		t.Fatalf("good session no longer opens: %v", err)
	}
}

func TestListNewestFirst(t *testing.T) {
	st := openStore(t)
	clock := now
	st.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	for _, n := range []string{"a", "b", "c"} {
		if _, err := st.Create(n, store.TestTrack); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := st.Resolve("b")
	b.Answers.Vendor.Name = "B AS"
	b.SetStepStatus(session.StepRegistration, session.Done, now)
	st.Save(b)
	list, _, _ := st.List()
	var names []string
	for _, s := range list {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "b,c,a" {
		t.Fatalf("order = %v", names)
	}
	if list[0].Vendor != "B AS" || list[0].Track != store.TestTrack || list[0].StepStates[session.StepRegistration].Status != session.Done || len(list[0].StepStates) != 1 {
		t.Fatalf("summary = %+v", list[0])
	}
}

func TestExportImport(t *testing.T) {
	st := openStore(t)
	s, _ := st.Create("Blåbær – kunde 1", store.TestTrack)
	full := sessiontest.Full(now)
	full.ID, full.Name = s.ID, s.Name
	st.Save(full)

	var buf bytes.Buffer
	if err := st.Export(full, &buf); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{full.ID, "system-password", "/home/åse"} {
		if strings.Contains(buf.String(), bad) {
			t.Errorf("export contains %q", bad)
		}
	}
	imported, err := st.Import(bytes.NewReader(buf.Bytes()), "export.json", acceptAll)
	if err != nil {
		t.Fatal(err)
	}
	if imported.ID == full.ID || imported.Name != "Blåbær – kunde 1 (2)" {
		t.Fatalf("import must get a new ID and a free name: %s %q", imported.ID, imported.Name)
	}
	if imported.Answers.System.Name != full.Answers.System.Name || len(imported.Secrets) != 0 {
		t.Fatalf("imported answers: %+v", imported)
	}
	orig, err := st.Load(full.ID)
	if err != nil || len(orig.Secrets) != 1 {
		t.Fatalf("import touched the original: %v %v", orig, err)
	}
	if _, err := st.Import(strings.NewReader("not json"), "x.json", acceptAll); err == nil || !strings.Contains(err.Error(), "x.json") {
		t.Fatalf("bad import: %v", err)
	}
}

func acceptAll(*session.Session) error { return nil }

// The check decides: it sees the session as exported (no secrets, no
// local paths), its error is returned as it is, and nothing is saved.
// Without a check nothing is imported.
func TestImportRefusedByCheck(t *testing.T) {
	st := openStore(t)
	full := sessiontest.Full(now)
	var buf bytes.Buffer
	if err := st.Export(full, &buf); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused")
	var seen *session.Session
	_, err := st.Import(bytes.NewReader(buf.Bytes()), "export.json", func(s *session.Session) error {
		seen = s
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("err = %v", err)
	}
	if seen == nil || len(seen.Secrets) != 0 || seen.Settings.OutputDir != "" || seen.Authentication.Certificates != nil {
		t.Fatalf("the check saw %+v", seen)
	}
	if _, err := st.Import(bytes.NewReader(buf.Bytes()), "export.json", nil); err == nil {
		t.Fatal("imported without a check")
	}
	if list, _, err := st.List(); err != nil || len(list) != 0 {
		t.Fatalf("something was saved: %v %v", list, err)
	}
}

func TestRenameAndDeleteWithoutSecrets(t *testing.T) {
	st := openStore(t)
	a, _ := st.Create("a", store.TestTrack)
	st.Create("b", store.TestTrack)
	if _, err := st.Rename("a", "B"); !errors.As(err, new(*store.NameTakenError)) {
		t.Fatalf("rename onto a taken name: %v", err)
	}
	if r, err := st.Rename("a", "alfa"); err != nil || r.Name != "alfa" {
		t.Fatal(err)
	}
	a, _ = st.Load(a.ID)
	if err := st.Delete(a, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(st.Path(a.ID)); !os.IsNotExist(err) {
		t.Fatal("file still there")
	}
	list, _, _ := st.List()
	if len(list) != 1 {
		t.Fatalf("list after delete: %+v", list)
	}
}

func TestDeleteRefusesWithoutKeyringWhenSecretsExist(t *testing.T) {
	st := openStore(t)
	s, _ := st.Create("hemmelig", store.TestTrack)
	s.SetSecretRef(session.SecretRef{Name: store.SecretSystemPassword})
	st.Save(s)
	if err := st.Delete(s, nil, nil); err == nil {
		t.Fatal("deleted a session with secrets without deleting the secrets")
	}
	if _, err := st.Load(s.ID); err != nil {
		t.Fatal("file removed although the secrets could not be")
	}
}

func TestDefaultDataDir(t *testing.T) {
	t.Setenv(store.EnvHome, "/tmp/x-home")
	if d, _ := store.DefaultDataDir(); d != "/tmp/x-home" {
		t.Fatalf("env override: %s", d)
	}
	if runtime.GOOS == "linux" {
		t.Setenv(store.EnvHome, "")
		t.Setenv("XDG_DATA_HOME", "/tmp/xdg")
		if d, _ := store.DefaultDataDir(); d != "/tmp/xdg/altinn-onboard" {
			t.Fatalf("XDG: %s", d)
		}
	}
}

func BenchmarkSaveSession(b *testing.B) {
	st := openStore(b)
	s := sessiontest.Full(now)
	for b.Loop() {
		if err := st.Save(s); err != nil {
			b.Fatal(err)
		}
	}
}
