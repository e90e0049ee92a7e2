// Package profile is the person using the program: a consultant's own
// name, e-mail, phone and company, a default copy address, the default
// output folder and how to reach their SMTP server. It is typed once,
// kept in the user's config folder (profile.yaml, 0600 in a 0700 folder)
// and used as defaults by every new session, never over a session's own
// answers. The SMTP password is not here: it lives in the OS keyring.
package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

// FileName is the profile's file in the program's config folder.
const FileName = "profile.yaml"

// MaxFileSize bounds the profile file read: a profile is a few hundred
// bytes.
const MaxFileSize = 64 << 10

// Security modes of SMTP.Security (as mail names them).
const (
	SecurityTLS      = "tls"
	SecuritySTARTTLS = "starttls"
	SecurityNone     = "none"
)

// Profile is the file's content. Empty fields are not set.
type Profile struct {
	Name      string `yaml:"name,omitempty" json:"name"`
	Email     string `yaml:"email,omitempty" json:"email"`
	Phone     string `yaml:"phone,omitempty" json:"phone"`
	Company   string `yaml:"company,omitempty" json:"company"`
	Cc        string `yaml:"cc,omitempty" json:"cc"`
	OutputDir string `yaml:"output_dir,omitempty" json:"output_dir"`
	SMTP      SMTP   `yaml:"smtp,omitempty" json:"smtp"`
	// SecretsFile keeps secrets in an encrypted file instead of the OS
	// keyring, for machines without one: a full path, or SecretsFileDefault
	// for the data folder's own file (store.DefaultSecretsFile). Empty:
	// the OS keyring. --secrets-file and $ALTINN_ONBOARD_SECRETS_FILE
	// come before it.
	SecretsFile string `yaml:"secrets_file,omitempty" json:"secrets_file"`
}

// SecretsFileDefault is the secrets_file value that means the data
// folder's own secrets file (secrets.age in the data folder).
const SecretsFileDefault = "default"

// SMTP is how to reach the user's mail server.
type SMTP struct {
	Host string `yaml:"host,omitempty" json:"host"`
	// Port; 0 means the security mode's default (465, 587 or 25).
	Port     int    `yaml:"port,omitempty" json:"port"`
	Security string `yaml:"security,omitempty" json:"security"`
	User     string `yaml:"user,omitempty" json:"user"`
	// CAFile is a PEM file of certificate authorities to trust for the
	// server instead of the system's (a company's private CA).
	CAFile string `yaml:"ca_file,omitempty" json:"ca_file"`
	// TrustedCert is the SHA-256 fingerprint ("sha256:AB:CD:…") of one
	// server certificate the user chose to trust although no trusted CA
	// signed it (a self-signed server). A changed certificate is refused.
	TrustedCert string `yaml:"trusted_cert,omitempty" json:"trusted_cert"`
}

// Dir is the program's config folder: $XDG_CONFIG_HOME/altinn-onboard on
// Linux (os.UserConfigDir).
func Dir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", &FileError{Path: "", Err: err}
	}
	return filepath.Join(base, "altinn-onboard"), nil
}

// Path is the profile file's path.
func Path() (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, FileName), nil
}

// FileError is a profile file that could not be read or used. The file
// is left as it is.
type FileError struct {
	Path     string
	Err      error          // a safefile.Error, a YAML error or a write failure
	Problems forms.Problems // values that are wrong, each with its key
}

func (e *FileError) Unwrap() error { return e.Err }
func (e *FileError) Error() string { return e.Text("en") }

// Text is the message in lang ("en", else Norwegian bokmål).
func (e *FileError) Text(lang string) string {
	en := lang == "en"
	t := func(nb, eng string) string {
		if en {
			return eng
		}
		return nb
	}
	if e.Path == "" {
		return t("fant ikke konfigurasjonsmappen (sett $XDG_CONFIG_HOME eller $HOME): ", "could not find the config folder (set $XDG_CONFIG_HOME or $HOME): ") + e.Err.Error()
	}
	if len(e.Problems) > 0 {
		l := forms.NB
		if en {
			l = forms.EN
		}
		return fmt.Sprintf(t("profilen %s har verdier som må rettes (filen er ikke endret; rett dem med `altinn-onboard profile set NØKKEL VERDI` eller i filen):\n%s",
			"the profile %s has values to fix (the file is unchanged; fix them with `altinn-onboard profile set KEY VALUE` or in the file):\n%s"), e.Path, indent(e.Problems.Text(l)))
	}
	var se *safefile.Error
	if errors.As(e.Err, &se) {
		return se.Text(lang)
	}
	var ae *atomicfile.Error
	if errors.As(e.Err, &ae) {
		return ae.Text(lang)
	}
	var ye *yaml.TypeError
	if errors.As(e.Err, &ye) || strings.HasPrefix(e.Err.Error(), "yaml:") {
		return fmt.Sprintf(t("profilen %s kan ikke leses (%s); filen er ikke endret: rett den, eller flytt den bort og sett verdiene på nytt med `altinn-onboard profile set`",
			"the profile %s cannot be read (%s); the file is unchanged: fix it, or move it away and set the values again with `altinn-onboard profile set`"), e.Path, oneLine(e.Err.Error()))
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Err.Error())
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Load reads the profile at path. A missing file is an empty profile
// (found false). A file that is not a regular file, a link, oversized,
// not YAML or with wrong values is an error naming it, and is left as
// it is.
func Load(path string) (p Profile, found bool, err error) {
	data, err := safefile.ReadNoFollow(path, MaxFileSize)
	if err != nil {
		var se *safefile.Error
		if errors.As(err, &se) && se.Kind == safefile.KindOpen && errors.Is(err, os.ErrNotExist) {
			return Profile{}, false, nil
		}
		return Profile{}, false, &FileError{Path: path, Err: err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil && !errors.Is(err, io.EOF) { // an empty file is an empty profile
		return Profile{}, false, &FileError{Path: path, Err: err}
	}
	norm, problems := Check(p)
	if len(problems) > 0 {
		return Profile{}, false, &FileError{Path: path, Err: problems, Problems: problems}
	}
	return norm, true, nil
}

// Save writes p to path atomically, 0600, creating the folder 0700 when
// it is missing (a folder that exists keeps its mode).
func Save(path string, p Profile) error {
	if _, err := atomicfile.MakeDir(filepath.Dir(path)); err != nil {
		return &FileError{Path: path, Err: err}
	}
	data, err := yaml.Marshal(p)
	if err != nil {
		return &FileError{Path: path, Err: err}
	}
	head := "# altinn-onboard profile: defaults for new sessions. Edit with `altinn-onboard profile set KEY VALUE`.\n# The SMTP password is not here: `altinn-onboard secrets set smtp-password --profile` keeps it in the OS keyring.\n"
	if err := atomicfile.WriteFile(path, append([]byte(head), data...)); err != nil {
		return &FileError{Path: path, Err: err}
	}
	return nil
}
