package ui_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// profileRig is the wizard on a store whose new sessions take the
// profile's defaults (as the program's store does), with the profile
// screen on a profile file and a secrets file of a temporary folder.
type profileRig struct {
	path    string // profile.yaml
	secrets *store.SecretsFile
	opts    ui.Options
}

func newProfileRig(t *testing.T, lang string) *profileRig {
	t.Helper()
	dir := t.TempDir()
	r := &profileRig{path: filepath.Join(dir, "config", "altinn-onboard", profile.FileName)}
	r.secrets = store.NewSecretsFile(filepath.Join(dir, "secrets.age"), func(string, bool) (string, error) { return "passfrase for testen", nil })
	st := newStore(t)
	st.Defaults = func(s *session.Session) error {
		p, _, err := profile.Load(r.path)
		if err != nil {
			return err
		}
		p.Apply(s)
		return nil
	}
	o := options(st)
	o.Lang = lang
	o.Preferences = st
	o.ProfileHint = func(string) string { return "Tips: profilen" } // no profile yet
	o.ProfileScreen = steps.ProfileScreen(steps.Deps{ProfilePath: func() (string, error) { return r.path, nil }, ProfileSecrets: r.secrets})
	r.opts = o
	return r
}

func pressKeys(d *keyDriver, keys ...tea.KeyType) {
	for _, k := range keys {
		d.send(tea.KeyMsg{Type: k})
		d.settle()
	}
}

const canaryPassword = "kanari-passord-7Q2"

// The first run offers the profile where the first session is named;
// ctrl+p fills it in there, enter on the last field saves it (0600, the
// password in the profile's secrets, not in the file), the picker says
// where, and the session named next gets the profile's contact.
func TestFirstRunOffersTheProfileAndNewSessionsGetIt(t *testing.T) {
	r := newProfileRig(t, "nb")
	d := newKeyDriver(t, r.opts)
	d.resize(80, 24)
	wantScreen(t, d.app.View(), "Navn på den nye økten", "Ingen profil ennå: trykk ctrl+p for å fylle den inn nå", "ctrl+p din profil")
	d.typeKeys("Kun")
	pressKeys(d, tea.KeyCtrlP)
	d.resize(80, 24)
	wantFits(t, d.app.View(), 80, 24)
	wantScreen(t, d.app.View(), "Din profil", "Navn", "esc tilbake uten å lagre")
	d.typeKeys("Kari Konsulent\rkari@konsulent.no\r912 34 567\rKonsulent AS\rarkiv@konsulent.no\r")
	d.typeKeys("\rsmtp.konsulent.no\r587\r\rkari\r\r" + canaryPassword + "\r" + canaryPassword + "\r")
	v := flat(d.app.View())
	wantScreen(t, v, "Profilen er lagret i /", "profile.yaml. Nye økter får navnet", "SMTP-passordet er lagret i den krypterte hemmelighetsfilen")
	wantNotOnScreen(t, v, "Ingen profil ennå")

	p, found, err := profile.Load(r.path)
	if err != nil || !found {
		t.Fatalf("profile.Load: %v found=%v", err, found)
	}
	want := profile.Profile{Name: "Kari Konsulent", Email: "kari@konsulent.no", Phone: "+4791234567", Company: "Konsulent AS", Cc: "arkiv@konsulent.no",
		SMTP: profile.SMTP{Host: "smtp.konsulent.no", Port: 587, Security: "starttls", User: "kari"}}
	if p != want {
		t.Fatalf("saved profile\n got %+v\nwant %+v", p, want)
	}
	raw, _ := os.ReadFile(r.path)
	if strings.Contains(string(raw), canaryPassword) {
		t.Fatalf("the password is in %s:\n%s", r.path, raw)
	}
	if fi, err := os.Stat(r.path); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Fatalf("%s: %v %v, want mode 600", r.path, fi.Mode(), err)
	}
	if pw, err := r.secrets.GetProfileSecret(steps.SecretSMTPPassword); err != nil || pw != canaryPassword {
		t.Fatalf("the profile's password: %q, %v", pw, err)
	}

	// Back where it was opened: the name typed so far is kept.
	d.typeKeys("de A\r")
	s := d.app.Session()
	if s == nil || s.Name != "Kunde A" {
		t.Fatalf("session %v, want \"Kunde A\"", s)
	}
	if c := s.Answers.Contact; c.Name != "Kari Konsulent" || c.Email != "kari@konsulent.no" || s.Answers.Cc != "arkiv@konsulent.no" {
		t.Fatalf("the new session did not get the profile's defaults: %+v cc %q", c, s.Answers.Cc)
	}
}

// A wrong value is said under its field, in the user's language, with
// what was typed kept; esc leaves without saving anything.
func TestProfileFormShowsProblemsUnderFieldsAndEscSavesNothing(t *testing.T) {
	r := newProfileRig(t, "en")
	d := newKeyDriver(t, r.opts)
	d.resize(80, 24)
	wantScreen(t, d.app.View(), "No profile yet: press ctrl+p")
	pressKeys(d, tea.KeyEsc) // to the list: p opens it there
	wantScreen(t, d.app.View(), "p profile")
	d.typeKeys("p")
	d.typeKeys("Kari\rkari(at)konsulent.no\r")
	v := d.app.View()
	wantScreen(t, v, "kari(at)konsulent.no", "E-mail")
	if !strings.Contains(v, "@") || !underField(v, "kari(at)konsulent.no") {
		t.Fatalf("no message under the e-mail field:\n%s", v)
	}
	for range len("(at)konsulent.no") {
		pressKeys(d, tea.KeyBackspace)
	}
	d.typeKeys("@konsulent.no\r\r\r\r\rmail.konsulent.no\r99999\r")
	wantScreen(t, d.app.View(), "99999", "must be a port number from 1 to 65535")
	for range 5 {
		pressKeys(d, tea.KeyBackspace)
	}
	d.typeKeys("\r")
	pressKeys(d, tea.KeyDown, tea.KeyDown, tea.KeyEnter) // none
	d.resize(80, 24)
	wantFits(t, d.app.View(), 80, 24)
	wantScreen(t, flat(d.app.View()), "\"none\" (unencrypted) is only allowed to this machine (127.0.0.1, ::1 or localhost), not to mail.konsulent.no")

	d.typeKeys("\x1b")
	wantScreen(t, d.app.View(), "The profile is unchanged.", "p profile")
	if _, err := os.Stat(r.path); !os.IsNotExist(err) {
		t.Fatalf("esc saved %s: %v", r.path, err)
	}
	if _, err := r.secrets.GetProfileSecret(steps.SecretSMTPPassword); err == nil {
		t.Fatal("esc stored a password")
	}
}

// underField says the line after the one with value is a message (not
// the next field's title).
func underField(view, value string) bool {
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if strings.Contains(l, value) && i+1 < len(lines) {
			return strings.Contains(lines[i+1], "e-mail") || strings.Contains(lines[i+1], "address")
		}
	}
	return false
}

// A mode checked against the server typed before is checked again with
// the server typed since: "none" chosen for 127.0.0.1, then the server
// changed. Passing the mode again shows the clash under it, nothing is
// saved, and the values typed are all there.
func TestProfileModeCheckedAgainstTheServerTypedSince(t *testing.T) {
	r := newProfileRig(t, "nb")
	d := newKeyDriver(t, r.opts)
	d.resize(80, 24)
	pressKeys(d, tea.KeyCtrlP)
	d.typeKeys("Kari\r\r\r\r\r\r127.0.0.1\r2525\r")
	pressKeys(d, tea.KeyDown, tea.KeyDown, tea.KeyEnter) // none: fine to 127.0.0.1
	for range 3 {
		pressKeys(d, tea.KeyShiftTab) // back to the server
	}
	for range len("127.0.0.1") {
		pressKeys(d, tea.KeyBackspace)
	}
	d.typeKeys("mail.konsulent.no\r\r\r\r\r\r")
	v := flat(d.app.View())
	wantScreen(t, v, "«none» (ukryptert) er bare lov til denne maskinen", "mail.konsulent.no")
	if _, err := os.Stat(r.path); !os.IsNotExist(err) {
		t.Fatalf("a profile with a clash was saved: %v", err)
	}
	// Choosing starttls saves it, with what was typed before.
	pressKeys(d, tea.KeyUp, tea.KeyUp, tea.KeyEnter)
	d.typeKeys("\r\r\r\r")
	wantScreen(t, flat(d.app.View()), "Profilen er lagret i")
	p, _, err := profile.Load(r.path)
	if err != nil || p.Name != "Kari" || p.SMTP.Host != "mail.konsulent.no" || p.SMTP.Port != 2525 || p.SMTP.Security != "starttls" {
		t.Fatalf("saved %+v, %v", p, err)
	}
}

// A profile that cannot be read is said, naming the file, and kept as
// it is; the form is not offered over it.
func TestProfileScreenReportsABrokenFile(t *testing.T) {
	r := newProfileRig(t, "nb")
	if err := os.MkdirAll(filepath.Dir(r.path), 0o700); err != nil {
		t.Fatal(err)
	}
	const broken = "name: [Kari\n"
	if err := os.WriteFile(r.path, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	d := newKeyDriver(t, r.opts)
	d.resize(100, 30)
	pressKeys(d, tea.KeyCtrlP)
	wantScreen(t, d.app.View(), "kan ikke leses", "Filen er ikke endret")
	if !strings.Contains(flat(d.app.View()), r.path) {
		t.Fatalf("the file is not named:\n%s", d.app.View())
	}
	d.typeKeys("Kari\r\x1b")
	if b, _ := os.ReadFile(r.path); string(b) != broken {
		t.Fatalf("the broken profile changed: %q", b)
	}
	wantScreen(t, d.app.View(), "Profilen er ikke endret.")
}

// The CA file is read when the profile is saved (in a command): a file
// without certificates is said under its field, naming the file, and
// nothing is saved; emptied, the profile saves.
func TestProfileSaveReadsTheCAFile(t *testing.T) {
	r := newProfileRig(t, "nb")
	notPEM := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(notPEM, []byte("ikke et sertifikat\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := newKeyDriver(t, r.opts)
	pressKeys(d, tea.KeyCtrlP)
	d.typeKeys("Kari\r\r\r\r\r\rsmtp.konsulent.no\r\r\r\r" + notPEM + "\r\r\r")
	v := flat(d.app.View())
	wantScreen(t, v, "har ikke noe PEM-sertifikat", "┃ CA-fil")
	if _, err := os.Stat(r.path); !os.IsNotExist(err) {
		t.Fatalf("saved with a CA file without certificates: %v", err)
	}
	pressKeys(d, tea.KeyCtrlU)
	d.typeKeys("\r\r\r")
	wantScreen(t, flat(d.app.View()), "Profilen er lagret i")
	if p, _, err := profile.Load(r.path); err != nil || p.Name != "Kari" || p.SMTP.CAFile != "" || p.SMTP.Host != "smtp.konsulent.no" {
		t.Fatalf("saved %+v, %v", p, err)
	}
}

// A password that cannot be stored (here: the secrets file's passphrase
// could not be had) is said under the password field; the rest of the
// profile is saved, and enter on the field tries again.
func TestProfilePasswordNotStoredIsSaidAndRetried(t *testing.T) {
	r := newProfileRig(t, "en")
	asked := 0
	r.secrets = store.NewSecretsFile(filepath.Join(t.TempDir(), "secrets.age"), func(string, bool) (string, error) {
		if asked++; asked == 1 {
			return "", errors.New("no terminal to ask on")
		}
		return "passfrase for testen", nil
	})
	r.opts.ProfileScreen = steps.ProfileScreen(steps.Deps{ProfilePath: func() (string, error) { return r.path, nil }, ProfileSecrets: r.secrets})
	d := newKeyDriver(t, r.opts)
	pressKeys(d, tea.KeyCtrlP)
	d.typeKeys("Kari\r\r\r\r\r\rsmtp.konsulent.no\r\r\rkari\r\r" + canaryPassword + "\r" + canaryPassword + "\r")
	wantScreen(t, flat(d.app.View()), "The password was not stored:", "The rest of the profile is saved", "┃ SMTP password")
	if p, _, err := profile.Load(r.path); err != nil || p.SMTP.User != "kari" {
		t.Fatalf("the rest of the profile: %+v, %v", p, err)
	}
	d.typeKeys("\r\r")
	wantScreen(t, flat(d.app.View()), "The profile is saved in", "The SMTP password is stored in the encrypted secrets file")
	if pw, err := r.secrets.GetProfileSecret(steps.SecretSMTPPassword); err != nil || pw != canaryPassword {
		t.Fatalf("the profile's password: %q, %v", pw, err)
	}
	if b, _ := os.ReadFile(r.path); strings.Contains(string(b), canaryPassword) {
		t.Fatalf("the password is in the profile:\n%s", b)
	}
}

// The list's help names the profile's key at 80 columns, beside the
// others, in both languages, and in the full help.
func TestPickerHelpNamesTheProfileKey(t *testing.T) {
	for _, c := range []struct{ lang, short, import_, more, full, less string }{
		{"nb", "p profil", "i importer", "? mer hjelp", "r gi nytt navn", "mindre hjelp"},
		{"en", "p profile", "i import", "? more help", "r rename", "less help"},
	} {
		r := newProfileRig(t, c.lang)
		createSessions(t, r.opts.Store.(*store.Store), "Kunde")
		d := newKeyDriver(t, r.opts)
		d.resize(80, 24)
		wantScreen(t, d.app.View(), c.short, c.import_, c.more)
		d.typeKeys("?")
		wantScreen(t, d.app.View(), c.short, c.full, c.less)
		d.typeKeys("?p")
		wantScreen(t, d.app.View(), ui.T(c.lang, "Din profil", "Your profile"), "┃ "+ui.T(c.lang, "Navn", "Name"))
	}
}

// Keys typed right after ctrl+p, before the profile is read, land in its
// first field, not in a screen still reading.
func TestKeysTypedWhileTheProfileIsReadWait(t *testing.T) {
	r := newProfileRig(t, "nb")
	d := newKeyDriver(t, r.opts)
	d.send(tea.KeyMsg{Type: tea.KeyCtrlP})
	for _, c := range "Kari" {
		d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}})
	}
	d.settle()
	wantScreen(t, d.app.View(), "> Kari")
}

// The password is typed blind, so it is typed twice: two different ones
// are said under the second field, nothing is saved or stored, and
// typing it the same saves both.
func TestProfilePasswordTypedTwice(t *testing.T) {
	r := newProfileRig(t, "nb")
	d := newKeyDriver(t, r.opts)
	pressKeys(d, tea.KeyCtrlP)
	d.typeKeys("Kari\r\r\r\r\r\rsmtp.konsulent.no\r\r\rkari\r\r" + canaryPassword + "\r" + canaryPassword + "x\r")
	wantScreen(t, flat(d.app.View()), "passordene er ikke like", "┃ SMTP-passord igjen")
	if _, err := os.Stat(r.path); !os.IsNotExist(err) {
		t.Fatalf("saved with two different passwords: %v", err)
	}
	if _, err := r.secrets.GetProfileSecret(steps.SecretSMTPPassword); err == nil {
		t.Fatal("a password was stored")
	}
	pressKeys(d, tea.KeyBackspace)
	d.typeKeys("\r")
	wantScreen(t, flat(d.app.View()), "Profilen er lagret i")
	if pw, err := r.secrets.GetProfileSecret(steps.SecretSMTPPassword); err != nil || pw != canaryPassword {
		t.Fatalf("the profile's password: %q, %v", pw, err)
	}
}
