package leftover

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

func TestCleanRemovesOnlyAbandonedFoldersOfOurs(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and owners")
	}
	parent := t.TempDir()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead := gone.Process.Pid
	old := time.Now().Add(-2 * time.Hour)
	mk := func(name, owner string, mtime time.Time) string {
		d := filepath.Join(parent, name)
		os.Mkdir(d, 0o700)
		if owner != "" {
			os.WriteFile(filepath.Join(d, OwnerFile), []byte(owner), 0o600)
		}
		os.Chtimes(d, mtime, mtime)
		return d
	}
	host := hostname()
	deadHere := mk("w-dead", "pid "+strconv.Itoa(dead)+"\nhost "+host+"\n", time.Now())
	deadElsewhere := mk("w-elsewhere", "pid "+strconv.Itoa(dead)+"\nhost some-other-host\n", time.Now())
	mine := mk("w-mine", "", time.Now())
	if err := Mark(mine); err != nil {
		t.Fatal(err)
	}
	unmarkedNew := mk("w-unmarked-new", "", time.Now())
	unmarkedOld := mk("w-unmarked-old", "", old)
	ancient := mk("w-ancient", "pid "+strconv.Itoa(os.Getpid())+"\nhost some-other-host\n", time.Now().Add(-48*time.Hour))
	notPrefixed := mk("other-dead", "pid "+strconv.Itoa(dead)+"\nhost "+host+"\n", old)
	target := t.TempDir()
	os.WriteFile(filepath.Join(target, "f"), []byte("x"), 0o600)
	link := filepath.Join(parent, "w-link")
	os.Symlink(target, link)
	var someoneElses string
	if os.Geteuid() == 0 {
		someoneElses = mk("w-someone-else", "pid "+strconv.Itoa(dead)+"\nhost "+host+"\n", old)
		os.Chown(someoneElses, 65534, 65534)
	}

	var stopped []string
	removed := Clean(parent, "w-", Policy{MaxAge: 24 * time.Hour, UnmarkedAge: time.Hour}, func(dir string, o Owner) {
		stopped = append(stopped, dir)
	})
	want := map[string]bool{deadHere: true, unmarkedOld: true, ancient: true}
	if len(removed) != len(want) {
		t.Errorf("removed %v", removed)
	}
	for _, d := range removed {
		if !want[d] {
			t.Errorf("removed %s", d)
		}
	}
	for d := range want {
		if _, err := os.Lstat(d); !os.IsNotExist(err) {
			t.Errorf("%s is still there", d)
		}
	}
	for _, d := range []string{deadElsewhere, mine, unmarkedNew, notPrefixed, link, filepath.Join(target, "f"), someoneElses} {
		if d == "" {
			continue
		}
		if _, err := os.Lstat(d); err != nil {
			t.Errorf("%s was removed", d)
		}
	}
	if len(stopped) != 2 { // the two marked ones: deadHere and ancient
		t.Errorf("stop called for %v", stopped)
	}
}

func TestOwnerRoundTrip(t *testing.T) {
	d := t.TempDir()
	if err := MarkGroup(d, 4242); err != nil {
		t.Fatal(err)
	}
	o, ok := ReadOwner(d)
	if !ok || o.PID != os.Getpid() || o.Group != 4242 || o.Host != hostname() {
		t.Fatalf("owner = %+v %v", o, ok)
	}
	if fi, _ := os.Stat(filepath.Join(d, OwnerFile)); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("owner file mode %o", fi.Mode().Perm())
	}
	if _, ok := ReadOwner(t.TempDir()); ok {
		t.Error("a folder without an owner file has an owner")
	}
}
