package cli

// `doctor`: checks, in plain words, whether altinn-onboard can do its work
// on this machine, and says how to fix what cannot.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

// doctorCheck is one line of the report.
type doctorCheck struct {
	ok bool
	// essential failures make the exit status 1; the others are reported
	// with their fix but leave it 0.
	essential bool
	text      string // what was found
	fix       string // what to do, for a problem
}

type doctorReport struct{ checks []doctorCheck }

func (r *doctorReport) ok(text string) {
	r.checks = append(r.checks, doctorCheck{ok: true, text: text})
}

func (r *doctorReport) problem(essential bool, text, fix string) {
	r.checks = append(r.checks, doctorCheck{essential: essential, text: text, fix: fix})
}

// doctorOptions are the flags and the dependencies of `doctor`.
type doctorOptions struct {
	*IO
	Build   Build
	DataDir func() (string, error)
	Keyring func() store.Secrets
	// SecretsChosenBy says what chose a secrets file (Factory.secretsChosenBy).
	SecretsChosenBy func(lang string) string
	// FindLibreOffice looks for LibreOffice (templates.FindLibreOffice).
	FindLibreOffice func() (string, error)
	// Getenv reads the ALTINN_ONBOARD_*_URL overrides; nil leaves the
	// Altinn 3 endpoints out of the report (doctor_altinn3.go).
	Getenv func(string) string
	// Probe asks the endpoints whether they answer (altinn3.ProbeEndpoints).
	Probe func(context.Context, altinn3.Endpoints) []altinn3.Probe

	TemplatesDir string // also check this folder of templates
	Offline      bool   // show the endpoints without asking them
}

func newCmdDoctor(f *Factory, runF func(*doctorOptions) error) *cobra.Command {
	opts := &doctorOptions{IO: f.IO, Build: f.Build, DataDir: f.DataDir, Keyring: f.Keyring, SecretsChosenBy: f.secretsChosenBy, FindLibreOffice: templates.FindLibreOffice,
		Getenv: func(k string) string { return f.Getenv(k) }, Probe: probeEndpoints(f.Build)}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check that altinn-onboard can work on this machine, and say how to fix what cannot",
		Long: `Check, one line each (OK or PROBLEM, with the fix):

  - the OS keyring: stores, reads and deletes a throw-away entry
    "` + store.KeyringService + ` / doctor-<random>/..." (nothing of yours is touched)
    — or, with --secrets-file, the encrypted secrets file, saying plainly
    that secrets live there
  - the data folder: that it can be written and is private (0700)
  - the sessions: how many, and every session file that cannot be read
  - the templates in use: built-in, or your folder (--templates, and the
    folders sessions are set to use)
  - LibreOffice, needed only for .doc and .pdf
  - the Altinn 3 addresses in use for TT02 and PROD (Maskinporten, the
    platform, the approval page), which ALTINN_ONBOARD_*_URL variables
    changed them, and whether they answer (not with --offline)
  - the Go and operating system versions

Exit status: 1 when something essential fails: the data folder, the OS
keyring (API keys and passwords are kept nowhere else, so without it the
wizard's steps 2-6 cannot store them; step 1 and ` + "`fill`" + ` still work), or
the templates; 0 otherwise. A missing LibreOffice, an unreadable session
file or a broken templates folder of one session is reported as a
PROBLEM with its fix, but leaves the exit status 0.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return doctorRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Offline, "offline", false, "show the Altinn 3 addresses in use without asking whether they answer")
	cmd.Flags().StringVar(&opts.TemplatesDir, "templates", "", "also check this folder of your own templates (bestilling.docx, egenerklaering.docx)")
	return cmd
}

func doctorRun(opts *doctorOptions) error {
	s := opts.IO
	r := &doctorReport{}

	r.ok(fmt.Sprintf("altinn-onboard %s (commit %s), %s, %s/%s", opts.Build.version(), opts.Build.commit(), runtime.Version(), runtime.GOOS, runtime.GOARCH))
	st := doctorDataFolder(s, r, opts.DataDir)
	sessionDirs := map[string][]string{} // templates folder: session names
	if st != nil {
		doctorSessions(s, r, st, sessionDirs)
	}
	doctorKeyring(s, r, opts.Keyring(), chosenByText(s, opts.SecretsChosenBy))
	doctorTemplates(s, r, opts.TemplatesDir, sessionDirs)
	doctorLibreOffice(s, r, opts.FindLibreOffice)
	doctorEndpoints(s, r, opts)

	essential, optional := 0, 0
	for _, c := range r.checks {
		label := "OK     "
		if !c.ok {
			label = "PROBLEM"
			if c.essential {
				essential++
			} else {
				optional++
			}
		}
		// The texts quote paths, session names and errors from files:
		// shown, not sent to the terminal.
		fmt.Fprintf(s.Out, "%s  %s\n", label, termtext.Text(c.text))
		if !c.ok && c.fix != "" {
			fmt.Fprintf(s.Out, "         %s%s\n", s.t("Løsning: ", "Fix: "), strings.ReplaceAll(termtext.Text(c.fix), "\n", "\n         "))
		}
	}
	fmt.Fprintln(s.Out)
	switch {
	case essential > 0:
		return &exitError{1, fmt.Errorf(s.t("%d nødvendig(e) sjekk(er) feilet; se løsningene over",
			"%d essential check(s) failed; see the fixes above"), essential)}
	case optional > 0:
		fmt.Fprintf(s.Out, s.t("Alt som trengs virker. %d problem(er) gjelder bare noe av det programmet kan gjøre; se over.\n",
			"Everything needed works. %d problem(s) affect only part of what the program can do; see above.\n"), optional)
	default:
		fmt.Fprintln(s.Out, s.t("Alt virker.", "Everything works."))
	}
	return nil
}

// doctorDataFolder checks that the data folder can be opened and written
// and is private. Opening it creates it (0700) and tightens looser modes,
// as every other command does; the report says so.
func doctorDataFolder(s *IO, r *doctorReport, dataDir func() (string, error)) *store.Store {
	dir, err := dataDir()
	if err != nil {
		r.problem(true, s.t("Fant ikke datamappen: ", "Could not find the data folder: ")+err.Error(),
			s.t("gi en mappe med --data-dir eller miljøvariabelen "+store.EnvHome, "name a folder with --data-dir or the environment variable "+store.EnvHome))
		return nil
	}
	_, statErr := os.Stat(dir)
	st, err := store.Open(dir)
	if err != nil {
		r.problem(true, fmt.Sprintf(s.t("Datamappen %s kan ikke brukes: %v", "The data folder %s cannot be used: %v"), dir, err),
			s.t("sjekk at mappen (og mappene over den) finnes og er din, eller velg en annen med --data-dir eller "+store.EnvHome,
				"check that the folder (and the folders above it) exist and are yours, or choose another with --data-dir or "+store.EnvHome))
		return nil
	}
	dir = st.DataDir()

	// Can a session be written? A dot file is ignored by the store.
	probe, err := os.CreateTemp(st.SessionsDir(), ".doctor-*")
	if err == nil {
		name := probe.Name()
		_, err = probe.WriteString("probe\n")
		if cerr := probe.Close(); err == nil {
			err = cerr
		}
		if rerr := os.Remove(name); err == nil {
			err = rerr
		}
	}
	if err != nil {
		r.problem(true, fmt.Sprintf(s.t("Kan ikke skrive i %s: %v", "Cannot write in %s: %v"), st.SessionsDir(), err),
			s.t("gi deg selv skrivetilgang til mappen (chmod u+rwx), eller velg en annen med --data-dir",
				"give yourself write access to the folder (chmod u+rwx), or choose another with --data-dir"))
		return st
	}

	if runtime.GOOS == "windows" {
		// Modes mean little on Windows; %LocalAppData% is private to the user.
		r.ok(fmt.Sprintf(s.t("Datamappe %s (kan skrives)", "Data folder %s (writable)"), dir))
		return st
	}
	var loose []string
	for _, d := range []string{dir, st.SessionsDir()} {
		fi, err := os.Stat(d)
		if err != nil {
			loose = append(loose, fmt.Sprintf("%s: %v", d, err))
		} else if fi.Mode().Perm()&0o077 != 0 {
			loose = append(loose, fmt.Sprintf("%s (%04o)", d, fi.Mode().Perm()))
		}
	}
	// Not essential: the session files are 0600 whatever the folder, and
	// the program does not change the mode of a folder it did not create
	// (the user may share it on purpose). Say so, with the fix.
	if len(loose) > 0 {
		r.problem(false, fmt.Sprintf(s.t("Datamappen er ikke privat: %s", "The data folder is not private: %s"), strings.Join(loose, ", ")),
			fmt.Sprintf("chmod 700 %s %s", shellQuote(dir), shellQuote(st.SessionsDir())))
		doctorNotices(s, r, st)
		return st
	}
	text := fmt.Sprintf(s.t("Datamappe %s (privat, 0700, kan skrives)", "Data folder %s (private, 0700, writable)"), dir)
	if errors.Is(statErr, fs.ErrNotExist) {
		text += s.t("; den fantes ikke og er nå opprettet", "; it did not exist and has now been created")
	}
	r.ok(text)
	doctorNotices(s, r, st)
	return st
}

// doctorNotices reports what Store.Open left alone or tightened, except
// the loose folders reported above.
func doctorNotices(s *IO, r *doctorReport, st *store.Store) {
	for _, n := range st.Notices {
		if n.Path != st.DataDir() && n.Path != st.SessionsDir() {
			r.ok(s.t("Merk: ", "Note: ") + n.Text(s.Lang))
		}
	}
}

func doctorSessions(s *IO, r *doctorReport, st *store.Store, templateDirs map[string][]string) {
	list, bad, err := st.List()
	if err != nil {
		r.problem(true, fmt.Sprintf(s.t("Kan ikke lese øktene i %s: %v", "Cannot read the sessions in %s: %v"), st.SessionsDir(), err),
			s.t("gi deg selv lesetilgang til mappen (chmod u+rwx)", "give yourself read access to the folder (chmod u+rwx)"))
		return
	}
	text := fmt.Sprintf(s.t("Økter: %d", "Sessions: %d"), len(list))
	if len(bad) == 0 {
		text += s.t(" (alle kan leses)", " (all readable)")
	}
	r.ok(text)
	for _, b := range bad {
		r.problem(false, fmt.Sprintf(s.t("Øktfilen %s kan ikke leses: %s", "The session file %s cannot be read: %s"), b.Path, errorText(b.Err, s.Lang)),
			s.t("filen er beholdt urørt. Hent den fra en sikkerhetskopi, eller flytt den ut av mappen hvis du ikke trenger den; de andre øktene virker som før",
				"the file is kept as it is. Restore it from a backup, or move it out of the folder if you do not need it; the other sessions work as before"))
	}
	for _, sum := range list {
		sess, err := st.Load(sum.ID)
		if err != nil || sess.Settings.TemplatesDir == "" {
			continue
		}
		templateDirs[sess.Settings.TemplatesDir] = append(templateDirs[sess.Settings.TemplatesDir], sess.Name)
	}
}

// doctorKeyring stores, reads and deletes a throw-away secret.
// by says what chose a secrets file (" (chosen by …)").
func doctorKeyring(s *IO, r *doctorReport, kr store.Secrets, by string) {
	var b [6]byte
	rand.Read(b[:])
	id := "doctor-" + hex.EncodeToString(b[:])
	var v [16]byte
	rand.Read(v[:])
	value := hex.EncodeToString(v[:])
	const name = steps.SecretSMTPPassword
	entry := store.KeyringService + " / " + store.Account(id, name)

	sf, isFile := kr.(*store.SecretsFile)
	if isFile {
		entry = sf.Where(s.Lang, id, name)
		if _, err := os.Lstat(sf.Path()); errors.Is(err, fs.ErrNotExist) {
			r.ok(fmt.Sprintf(s.t("Hemmelighetene skal ligge i den krypterte filen %s, IKKE i OS-nøkkelringen%s; filen lages med et passord når den første hemmeligheten lagres",
				"Secrets are to be kept in the encrypted file %s, NOT in the OS keyring%s; the file is made, with a passphrase, when the first secret is stored"), sf.Path(), by))
			return
		}
	}
	fail := func(what string, err error) {
		text := s.t("OS-nøkkelringen virker ikke her", "The OS keyring does not work here") + " (" + what + "): "
		if isFile {
			text = fmt.Sprintf(s.t("Hemmelighetsfilen %s virker ikke", "The secrets file %s does not work"), sf.Path()) + " (" + what + "): "
		}
		var l store.Localized
		if errors.As(err, &l) {
			text += l.Text(s.Lang)
		} else {
			text += err.Error()
		}
		r.problem(true, text, doctorKeyringFix(s, err))
	}
	if err := kr.Set(id, name, value); err != nil {
		fail(s.t("lagre en prøveoppføring", "storing a test entry"), err)
		return
	}
	got, err := kr.Get(id, name)
	if err != nil || got != value {
		kr.Delete(id, name)
		if err == nil {
			err = errors.New(s.t("den leste verdien var ikke den som ble lagret", "the value read back was not the one stored"))
		}
		fail(s.t("lese prøveoppføringen", "reading the test entry back"), err)
		return
	}
	if err := kr.Delete(id, name); err != nil {
		fail(fmt.Sprintf(s.t("slette prøveoppføringen %s; slett den selv", "deleting the test entry %s; delete it yourself"), entry), err)
		return
	}
	if _, err := kr.Get(id, name); !errors.Is(err, store.ErrSecretNotFound) {
		if err == nil {
			err = errors.New(s.t("oppføringen fantes fortsatt etter slettingen", "the entry was still there after deleting it"))
		}
		fail(fmt.Sprintf(s.t("sjekke at %s ble slettet", "checking that %s was deleted"), entry), err)
		return
	}
	if isFile {
		r.ok(fmt.Sprintf(s.t("Hemmelighetene ligger i den krypterte filen %s, IKKE i OS-nøkkelringen%s; den virker (lagret, leste og slettet en prøveoppføring)",
			"Secrets are kept in the encrypted file %s, NOT in the OS keyring%s; it works (stored, read and deleted a test entry)"), sf.Path(), by))
		return
	}
	r.ok(s.t("OS-nøkkelringen virker (lagret, leste og slettet en prøveoppføring)", "OS keyring works (stored, read and deleted a test entry)"))
}

// doctorKeyringFix says what to do about a keyring failure, concretely for
// the platform; the error's own text already names the cause.
func doctorKeyringFix(s *IO, err error) string {
	switch {
	case errors.Is(err, store.ErrSecretsFileWrongPassphrase):
		return s.t("bruk passordet filen ble laget med (spørsmålet, eller "+EnvSecretsPassphrase+")", "use the passphrase the file was made with (the prompt, or "+EnvSecretsPassphrase+")")
	case errors.Is(err, store.ErrSecretsFileCorrupt), errors.Is(err, store.ErrSecretsFileUnreadable):
		return s.t("hent filen fra en sikkerhetskopi, eller flytt den bort og lagre hemmelighetene på nytt; eller velg en annen fil med --secrets-file",
			"restore the file from a backup, or move it away and store the secrets again; or choose another file with --secrets-file")
	case errors.Is(err, store.ErrSecretsFileNoPassphrase):
		return s.t("kjør i en terminal, eller sett "+EnvSecretsPassphrase, "run in a terminal, or set "+EnvSecretsPassphrase)
	case errors.As(err, new(*store.SecretsFileError)):
		return s.t("sjekk at mappen til hemmelighetsfilen finnes og kan skrives i, eller velg en annen fil med --secrets-file",
			"check that the secrets file's folder exists and can be written, or choose another file with --secrets-file")
	case errors.Is(err, store.ErrNoDBus):
		return s.t("logg inn i en skrivebordsøkt (GNOME, KDE ...). På en tjener eller over SSH: start en D-Bus-økt med en nøkkelring, altså kjør `dbus-run-session -- bash`, i det skallet `gnome-keyring-daemon --unlock --components=secrets` (skriv et passord til nøkkelringen, så Ctrl+D), og så altinn-onboard",
			"log in to a desktop session (GNOME, KDE ...). On a server or over SSH: start a D-Bus session with a keyring, that is run `dbus-run-session -- bash`, in that shell `gnome-keyring-daemon --unlock --components=secrets` (type a password for the keyring, then Ctrl+D), and then altinn-onboard")
	case errors.Is(err, store.ErrNoSecretService):
		return s.t("installer og start en Secret Service: gnome-keyring (Debian/Ubuntu: sudo apt install gnome-keyring) eller KeePassXC med Secret Service-integrasjon slått på",
			"install and start a Secret Service: gnome-keyring (Debian/Ubuntu: sudo apt install gnome-keyring) or KeePassXC with Secret Service integration enabled")
	case errors.Is(err, store.ErrKeyringLocked):
		return s.t("lås opp nøkkelringen (logg inn på skrivebordet, eller åpne «Passord og nøkler») og kjør doctor igjen",
			"unlock the keyring (log in to the desktop, or open Passwords and Keys) and run doctor again")
	case errors.Is(err, store.ErrKeyringTimeout):
		return s.t("start Secret Service på nytt (gnome-keyring-daemon --replace, eller logg ut og inn), eller gi den mer tid med --keyring-timeout 30s hvis den viser en opplåsingsdialog",
			"restart the Secret Service (gnome-keyring-daemon --replace, or log out and in), or give it more time with --keyring-timeout 30s if it shows an unlock prompt")
	}
	switch runtime.GOOS {
	case "darwin":
		return s.t("åpne Nøkkelring (Keychain Access) og sjekk at påloggingsnøkkelringen er låst opp", "open Keychain Access and check that the login keychain is unlocked")
	case "windows":
		return s.t("sjekk at Legitimasjonsbehandling (Credential Manager) virker for brukeren din", "check that Credential Manager works for your user")
	}
	return s.t("sjekk at nøkkelringen (gnome-keyring eller KeePassXC) kjører og er låst opp", "check that the keyring (gnome-keyring or KeePassXC) runs and is unlocked")
}

// doctorTemplates loads each document's template the way `fill` does.
func doctorTemplates(s *IO, r *doctorReport, userDir string, sessionDirs map[string][]string) {
	describe := func(dir string) (string, error) {
		var parts []string
		for _, doc := range templates.Docs() {
			_, source, err := templates.Load(doc, dir)
			if err != nil {
				return "", err
			}
			if source == templates.EmbeddedSource(doc) {
				source = s.t("innebygd", "built-in")
			}
			parts = append(parts, string(doc)+": "+source)
		}
		return strings.Join(parts, "; "), nil
	}
	if userDir == "" {
		if text, err := describe(""); err != nil {
			r.problem(true, s.t("De innebygde malene kan ikke lastes: ", "The built-in templates cannot be loaded: ")+errorText(err, s.Lang),
				s.t("dette er en feil i programmet; installer det på nytt", "this is a bug in the program; install it again"))
		} else {
			r.ok(s.t("Maler: ", "Templates: ") + text)
		}
	} else if text, err := describe(userDir); err != nil {
		r.problem(true, s.t("Malene kan ikke brukes: ", "The templates cannot be used: ")+errorText(err, s.Lang),
			s.t("rett filen, eller sjekk den med `altinn-onboard templates check FIL`", "fix the file, or check it with `altinn-onboard templates check FILE`"))
	} else {
		r.ok(s.t("Maler: ", "Templates: ") + text)
	}

	dirs := make([]string, 0, len(sessionDirs))
	for d := range sessionDirs {
		if d != userDir {
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		names := strings.Join(sessionDirs[d], "», «")
		if text, err := describe(d); err != nil {
			r.problem(false, fmt.Sprintf(s.t("Malmappen til økten «%s» kan ikke brukes: %s", "The templates folder of session(s) «%s» cannot be used: %s"), names, errorText(err, s.Lang)),
				s.t("rett malen (sjekk den med `altinn-onboard templates check FIL`), eller velg en annen mappe i veiviseren",
					"fix the template (check it with `altinn-onboard templates check FILE`), or choose another folder in the wizard"))
		} else {
			r.ok(fmt.Sprintf(s.t("Maler for økten «%s»: %s", "Templates of session(s) «%s»: %s"), names, text))
		}
	}
}

func doctorLibreOffice(s *IO, r *doctorReport, find func() (string, error)) {
	p, err := find()
	if err == nil {
		r.ok(s.t("LibreOffice: ", "LibreOffice: ") + p + s.t(" (lager .doc og .pdf)", " (makes .doc and .pdf)"))
		return
	}
	var fix string
	switch runtime.GOOS {
	case "darwin":
		fix = "brew install --cask libreoffice"
	case "windows":
		fix = s.t("last den ned fra https://www.libreoffice.org/download/", "download it from https://www.libreoffice.org/download/")
	default:
		fix = s.t("installer den (Debian/Ubuntu: sudo apt install libreoffice-writer-nogui)", "install it (Debian/Ubuntu: sudo apt install libreoffice-writer-nogui)")
	}
	fix += s.t(", eller hold deg til .docx, som virker uten", ", or keep to .docx, which works without it")
	r.problem(false, s.t("LibreOffice ble ikke funnet (soffice eller libreoffice); den trengs bare for .doc og .pdf",
		"LibreOffice was not found (soffice or libreoffice); it is needed only for .doc and .pdf"), fix)
}

// shellQuote quotes a path for a command the user may paste.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+,:@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
