package profile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/session"
)

func mustSet(t *testing.T, p Profile, key, value string) Profile {
	t.Helper()
	q, problems := p.Set(key, value)
	if len(problems) > 0 {
		t.Fatalf("Set(%s, %q): %v", key, value, problems)
	}
	return q
}

func TestSaveLoadRoundTripPrivateModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "config", "altinn-onboard")
	path := filepath.Join(dir, FileName)
	var p Profile
	p = mustSet(t, p, "name", "  Kari Konsulent ")
	p = mustSet(t, p, "email", "kari@example.no")
	p = mustSet(t, p, "phone", "91234567")
	p = mustSet(t, p, "company", "Konsulent AS")
	p = mustSet(t, p, "smtp.host", "smtp.example.no")
	p = mustSet(t, p, "smtp.port", "587")
	p = mustSet(t, p, "smtp.security", "STARTTLS")
	if p.Name != "Kari Konsulent" || p.SMTP.Security != "starttls" || p.SMTP.Port != 587 {
		t.Fatalf("not normalised: %+v", p)
	}
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	got, found, err := Load(path)
	if err != nil || !found {
		t.Fatalf("Load: %v found=%v", err, found)
	}
	if got != p {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, p)
	}
	if runtime.GOOS == "windows" {
		return
	}
	for path, want := range map[string]os.FileMode{path: 0o600, dir: 0o700, filepath.Dir(dir): 0o700} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %o, want %o", path, fi.Mode().Perm(), want)
		}
	}
}

func TestSaveKeepsModeOfExistingFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Save(filepath.Join(dir, FileName), Profile{Name: "A"}); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o755 {
		t.Fatalf("folder we did not make changed to %o", fi.Mode().Perm())
	}
}

func TestMissingFileIsEmptyProfile(t *testing.T) {
	p, found, err := Load(filepath.Join(t.TempDir(), FileName))
	if err != nil || found || p != (Profile{}) {
		t.Fatalf("got %+v %v %v", p, found, err)
	}
}

func TestSetRefusesBadValuesNamingTheKey(t *testing.T) {
	local := Profile{SMTP: SMTP{Host: "mail.example.no"}}
	for _, c := range []struct {
		p          Profile
		key, value string
		nb, en     string
	}{
		{Profile{}, "email", "kari(at)example.no", "", ""},
		{Profile{}, "cc", "not an address", "", ""},
		{Profile{}, "phone", "12", "", ""},
		{Profile{}, "name", "Kari\x1b[31m", "", ""},
		{Profile{}, "output_dir", "relative/dir", "full sti", "full path"},
		{Profile{}, "smtp.ca_file", "ca.pem", "full sti", "full path"},
		{Profile{}, "smtp.host", "smtp://mail.example.no:587", "vertsnavn", "host name"},
		{Profile{}, "smtp.port", "70000", "portnummer", "port number"},
		{Profile{}, "smtp.port", "abc", "portnummer", "port number"},
		{Profile{}, "smtp.security", "ssl", "tls", "starttls"},
		{local, "smtp.security", "none", "127.0.0.1", "only allowed to this machine"},
		{Profile{SMTP: SMTP{Security: "none"}}, "smtp.host", "mail.example.no", "bare lov", "only allowed"},
		{Profile{}, "secrets_file", "secrets.age", "secrets_file: må være en full sti til den krypterte hemmelighetsfilen", "secrets_file: must be a full path to the encrypted secrets file"},
		{Profile{}, "secrets_file", "Default", "ordet «default»", "the word \"default\""},
		{Profile{}, "smtp.trusted_cert", "AB:CD", "smtp.trusted_cert: må være sertifikatets SHA-256-fingeravtrykk", "smtp.trusted_cert: must be the certificate's SHA-256 fingerprint"},
		{Profile{}, "smtp.trusted_cert", "sha1:" + strings.Repeat("ab", 20), "«sha256:» og 64", "\"sha256:\" and 64 hex digits"},
		{Profile{}, "smtp.trusted_cert", "sha256:" + strings.Repeat("ab", 31), "64 heksadesimale", "64 hex digits"},
		{Profile{}, "colour", "blue", "nøklene er: name, email", "the keys are: name, email"},
	} {
		q, problems := c.p.Set(c.key, c.value)
		if len(problems) == 0 {
			t.Errorf("Set(%s, %q) accepted: %+v", c.key, c.value, q)
			continue
		}
		if q != c.p {
			t.Errorf("Set(%s, %q) changed the profile on failure", c.key, c.value)
		}
		want := c.key
		if c.key == "smtp.host" && c.p.SMTP.Security == "none" {
			want = "smtp.security" // the clash is told at the mode
		}
		if problems[0].Path != want {
			t.Errorf("Set(%s): problem at %q, want %q", c.key, problems[0].Path, want)
		}
		nb, en := problems.Text(forms.NB), problems.Text(forms.EN)
		if nb == en {
			t.Errorf("Set(%s): same text in both languages: %s", c.key, nb)
		}
		if !strings.Contains(nb, c.nb) || !strings.Contains(en, c.en) {
			t.Errorf("Set(%s, %q):\n nb %s\n en %s", c.key, c.value, nb, en)
		}
	}
}

func TestSecretsFileIsAFullPathOrDefault(t *testing.T) {
	abs := filepath.Join(t.TempDir(), "s.age")
	for _, v := range []string{SecretsFileDefault, abs, "  " + abs + " "} {
		p := mustSet(t, Profile{}, "secrets_file", v)
		if want := strings.TrimSpace(v); p.SecretsFile != want || p.Get("secrets_file") != want {
			t.Errorf("Set(secrets_file, %q) = %q, want %q", v, p.SecretsFile, want)
		}
	}
	// Kept through the file.
	path := filepath.Join(t.TempDir(), FileName)
	if err := Save(path, Profile{SecretsFile: SecretsFileDefault}); err != nil {
		t.Fatal(err)
	}
	got, _, err := Load(path)
	if err != nil || got.SecretsFile != SecretsFileDefault {
		t.Fatalf("Load: %+v, %v", got, err)
	}
}

// smtp.trusted_cert takes "sha256:HEX" with or without colons, in any
// case, and keeps it as openssl writes it.
func TestTrustedCertIsAFingerprint(t *testing.T) {
	const want = "sha256:AB:01:CD:02:EF:03:AB:01:CD:02:EF:03:AB:01:CD:02:EF:03:AB:01:CD:02:EF:03:AB:01:CD:02:EF:03:AB:01"
	for _, v := range []string{want, "sha256:ab01cd02ef03ab01cd02ef03ab01cd02ef03ab01cd02ef03ab01cd02ef03ab01", " SHA256:" + strings.ToLower(want[7:]) + " "} {
		p := mustSet(t, Profile{}, "smtp.trusted_cert", v)
		if p.SMTP.TrustedCert != want || p.Get("smtp.trusted_cert") != want {
			t.Errorf("Set(smtp.trusted_cert, %q) = %q, want %q", v, p.SMTP.TrustedCert, want)
		}
	}
	path := filepath.Join(t.TempDir(), FileName)
	if err := Save(path, Profile{SMTP: SMTP{TrustedCert: want}}); err != nil {
		t.Fatal(err)
	}
	if got, _, err := Load(path); err != nil || got.SMTP.TrustedCert != want {
		t.Fatalf("Load: %+v, %v", got, err)
	}
}

func TestNoneAllowedToThisMachine(t *testing.T) {
	for _, h := range []string{"127.0.0.1", "localhost", "::1", "LOCALHOST"} {
		p := mustSet(t, Profile{}, "smtp.host", h)
		mustSet(t, p, "smtp.security", "none")
	}
}

func TestUnsetWithEmptyValue(t *testing.T) {
	p := mustSet(t, Profile{SMTP: SMTP{Port: 465}}, "smtp.port", "")
	if p.SMTP.Port != 0 {
		t.Fatal(p.SMTP.Port)
	}
	p = mustSet(t, Profile{Name: "A"}, "name", "")
	if p.Name != "" {
		t.Fatal(p.Name)
	}
}

func TestCAFileMustHoldCertificates(t *testing.T) {
	f := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(f, []byte("not a certificate\n"), 0o600)
	_, problems := Profile{}.Set("smtp.ca_file", f)
	if len(problems) == 0 || !strings.Contains(problems.Text(forms.EN), "no PEM certificate") || !strings.Contains(problems.Text(forms.EN), f) {
		t.Fatalf("got %v", problems)
	}
}

// A file the program cannot use is reported with its name, and kept
// byte for byte.
func TestBadFilesReportedAndKept(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := write("big.yaml", "name: "+strings.Repeat("x", MaxFileSize)+"\n")
	for name, c := range map[string]struct {
		path string
		want string
	}{
		"corrupt":     {write("corrupt.yaml", "name: [unclosed\n"), "cannot be read"},
		"unknown key": {write("unknown.yaml", "colour: blue\n"), "cannot be read"},
		"bad value":   {write("bad.yaml", "email: nope\nsmtp:\n  security: none\n  host: mail.example.no\n"), "email: "},
		"oversized":   {big, "larger than"},
	} {
		before, _ := os.ReadFile(c.path)
		_, _, err := Load(c.path)
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Errorf("%s: got %v", name, err)
			continue
		}
		en, nb := fe.Text("en"), fe.Text("nb")
		if !strings.Contains(en, c.path) || !strings.Contains(nb, c.path) || !strings.Contains(en, c.want) || en == nb {
			t.Errorf("%s:\n en %s\n nb %s", name, en, nb)
		}
		after, _ := os.ReadFile(c.path)
		if string(after) != string(before) {
			t.Errorf("%s: the file changed", name)
		}
	}
	// Both problems of the bad file at once, each with its key.
	_, _, err := Load(filepath.Join(dir, "bad.yaml"))
	if en := err.(*FileError).Text("en"); !strings.Contains(en, "smtp.security: ") {
		t.Errorf("bad.yaml: %s", en)
	}
}

func TestLinksAndFIFOsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	os.WriteFile(real, []byte("name: A\n"), 0o600)
	link := filepath.Join(dir, "link.yaml")
	os.Symlink(real, link)
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for path, kind := range map[string]safefile.Kind{link: safefile.KindLink, fifo: safefile.KindNotRegular} {
		_, _, err := Load(path) // a FIFO must not block
		var se *safefile.Error
		if !errors.As(err, &se) || se.Kind != kind || !strings.Contains(err.(*FileError).Text("nb"), path) {
			t.Errorf("%s: got %v", path, err)
		}
	}
}

func TestApplyNeverOverwrites(t *testing.T) {
	p := Profile{Name: "Kari", Email: "kari@example.no", Phone: "+4791234567", Cc: "kopi@example.no", OutputDir: "/srv/ut"}
	s := &session.Session{}
	p.Apply(s)
	if s.Answers.Contact != (session.Person{Name: "Kari", Email: "kari@example.no", Phone: "+4791234567"}) || s.Answers.Cc != "kopi@example.no" || s.Settings.OutputDir != "/srv/ut" {
		t.Fatalf("defaults not applied: %+v %+v", s.Answers, s.Settings)
	}
	own := &session.Session{}
	own.Answers.Contact.Email = "ola@kunde.no"
	own.Answers.Cc = "egen@kunde.no"
	own.Settings.OutputDir = "/home/ola/ut"
	p.Apply(own)
	if own.Answers.Contact != (session.Person{Email: "ola@kunde.no"}) || own.Answers.Cc != "egen@kunde.no" || own.Settings.OutputDir != "/home/ola/ut" {
		t.Fatalf("overwrote the session's answers: %+v %+v", own.Answers, own.Settings)
	}
}
