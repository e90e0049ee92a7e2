package cli

// `profile show|set|unset`: the person using the program (a consultant's
// own name, e-mail, phone, company, default copy address and output
// folder, and their SMTP server), typed once and used as defaults in every
// new session (see profileDefaults). The file is profile.yaml in the
// user's config folder; the SMTP password is not in it but in the OS
// keyring (`secrets set smtp-password --profile`).

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// profileDefaults gives a new session the profile's defaults; a profile
// that cannot be read stops the creation with a message naming the file.
// No config folder (no $HOME) means no profile.
func profileDefaults(f *Factory) func(*session.Session) error {
	return func(sess *session.Session) error {
		path, err := f.ProfilePath()
		if err != nil {
			return nil
		}
		p, _, err := profile.Load(path)
		if err != nil {
			return err
		}
		p.Apply(sess)
		return nil
	}
}

// profileKeysHelp lists the keys, for help texts.
var profileKeysHelp = strings.Join(profile.Keys, ", ")

func newCmdProfile(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profile",
		Short: "Show and edit your profile: your own details and SMTP server, defaults for every new session",
		Long: `Your profile holds what you would otherwise type for every client: your
name, e-mail, phone and company, a default copy (cc) address, the default
output folder, and how to reach your SMTP server. Every new session
(the wizard's and ` + "`sessions new`" + `) takes your name, e-mail and phone
as its contact person, and the cc address and output folder, wherever the
session has none of its own; a session's own answers are never replaced.

The profile is the file profile.yaml in your config folder
($XDG_CONFIG_HOME/altinn-onboard, else ~/.config/altinn-onboard on Linux),
0600 in a 0700 folder. The SMTP password is not in it: store it in the OS
keyring with ` + "`altinn-onboard secrets set smtp-password --profile`" + `.

The keys: ` + profileKeysHelp + `.`,
	}
	cmd.AddCommand(newCmdProfileShow(f, nil), newCmdProfileSet(f, nil), newCmdProfileUnset(f, nil))
	return cmd
}

// ---------------------------------------------------------------------
// profile show

type profileShowOptions struct {
	*IO
	ProfilePath func() (string, error)
	// SecretsFile is the secrets file in use ("" for the OS keyring):
	// --secrets-file, else $ALTINN_ONBOARD_SECRETS_FILE, else the
	// profile's secrets_file.
	SecretsFile func() (string, error)
	JSON        bool
}

type profileShowOutput struct {
	Path         string          `json:"path"`
	Exists       bool            `json:"exists"`
	Profile      profile.Profile `json:"profile"`
	SMTPPassword secretLocation  `json:"smtp_password"`
}

// secretLocation is where a secret lives, never its value.
type secretLocation struct {
	Store   string `json:"store"`
	Service string `json:"service,omitempty"`
	File    string `json:"file,omitempty"`
	Account string `json:"account"`
}

func newCmdProfileShow(f *Factory, runF func(*profileShowOptions) error) *cobra.Command {
	opts := &profileShowOptions{IO: f.IO, ProfilePath: f.ProfilePath, SecretsFile: f.secretsFilePath}
	cmd := &cobra.Command{
		Use:   "show [--json]",
		Short: "Show your profile and where it is",
		Long: `Show each key of your profile and its value, the file it is in, and
where the SMTP password is kept (never the password). A missing file is an
empty profile. Exit status: 0 shown; 1 the file cannot be read (it is
left as it is; the message names it and what is wrong).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return profileShowRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func profileShowRun(opts *profileShowOptions) error {
	path, err := opts.ProfilePath()
	if err != nil {
		return err
	}
	p, found, err := profile.Load(path)
	if err != nil {
		return err
	}
	out := profileShowOutput{Path: path, Exists: found, Profile: p, SMTPPassword: secretLocation{
		Store: secretStoreOSKeyring, Service: store.KeyringService, Account: store.ProfileAccount(profileSMTPPassword),
	}}
	secretsFile, err := opts.SecretsFile()
	if err != nil {
		return err
	}
	if secretsFile != "" {
		out.SMTPPassword = secretLocation{Store: secretStoreFile, File: secretsFile, Account: store.ProfileAccount(profileSMTPPassword)}
	}
	if opts.JSON {
		return writeJSON(opts.IO, out)
	}
	if found {
		fmt.Fprintf(opts.Out, opts.t("Profil: %s\n", "Profile: %s\n"), termtext.Line(path))
	} else {
		fmt.Fprintf(opts.Out, opts.t("Profil: %s (finnes ikke ennå; lag den med `altinn-onboard profile set NØKKEL VERDI`)\n",
			"Profile: %s (not made yet; make it with `altinn-onboard profile set KEY VALUE`)\n"), termtext.Line(path))
	}
	tw := tabwriter.NewWriter(opts.Out, 0, 0, 2, ' ', 0)
	for _, k := range profile.Keys {
		v := p.Get(k)
		if v == "" {
			v = opts.t("(ikke satt)", "(not set)")
		}
		if k == "secrets_file" {
			v += secretsFileInUse(opts.IO, p.SecretsFile, secretsFile)
		}
		fmt.Fprintf(tw, "  %s\t%s\n", k, termtext.Line(v))
	}
	tw.Flush()
	if secretsFile != "" {
		fmt.Fprintf(opts.Out, opts.t("SMTP-passordet ligger i %s (sett det med `altinn-onboard secrets set smtp-password --profile`).\n",
			"The SMTP password lives in the %s (set it with `altinn-onboard secrets set smtp-password --profile`).\n"),
			termtext.Line(store.NewSecretsFile(secretsFile, nil).Where(opts.Lang, store.ProfileScope, profileSMTPPassword)))
		return nil
	}
	fmt.Fprintf(opts.Out, opts.t("SMTP-passordet ligger i OS-nøkkelringen, oppføring %s / %s (sett det med `altinn-onboard secrets set smtp-password --profile`).\n",
		"The SMTP password lives in the OS keyring, entry %s / %s (set it with `altinn-onboard secrets set smtp-password --profile`).\n"),
		store.KeyringService, store.ProfileAccount(profileSMTPPassword))
	return nil
}

// ---------------------------------------------------------------------
// profile set / unset

type profileSetOptions struct {
	*IO
	ProfilePath func() (string, error)
	Key, Value  string
}

func profileKeyArgs(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return profile.Keys, cobra.ShellCompDirectiveNoFileComp
}

func newCmdProfileSet(f *Factory, runF func(*profileSetOptions) error) *cobra.Command {
	opts := &profileSetOptions{IO: f.IO, ProfilePath: f.ProfilePath}
	cmd := &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Set one value of your profile",
		Long: `Set one value of your profile, checked first: e-mail addresses and phone
numbers as the forms take them, full paths for output_dir and smtp.ca_file
(a PEM file of the certificate authorities to trust for your SMTP server,
for a company's own CA), smtp.trusted_cert (the SHA-256 fingerprint,
sha256:HEX with or without colons, of one self-signed server certificate
you checked and chose to trust), smtp.port 1-65535, smtp.security tls (port 465),
starttls (port 587) or none (unencrypted, only to 127.0.0.1, ::1 or
localhost), secrets_file a full path or the word "default" (secrets.age
in the data folder): secrets are then kept in that passphrase-encrypted
file instead of the OS keyring, as with --secrets-file, which comes
before it (and so does $` + EnvSecretsFile + `). An empty VALUE unsets the key.

The keys: ` + profileKeysHelp + `.

Exit status: 0 set; 2 unknown key or a value that is refused (the
message names the key; nothing is changed); 1 anything else, such as a
profile file that cannot be read.`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: profileKeyArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Key, opts.Value = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return profileSetRun(opts)
		},
	}
	return cmd
}

func newCmdProfileUnset(f *Factory, runF func(*profileSetOptions) error) *cobra.Command {
	opts := &profileSetOptions{IO: f.IO, ProfilePath: f.ProfilePath}
	cmd := &cobra.Command{
		Use:   "unset KEY",
		Short: "Remove one value from your profile",
		Long: `Remove one value from your profile; new sessions then get no default for
it. Sessions made earlier keep what they have.

The keys: ` + profileKeysHelp + `.

Exit status: 0 removed (or it was not set); 2 unknown key; 1 anything else.`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: profileKeyArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Key, opts.Value = args[0], ""
			if runF != nil {
				return runF(opts)
			}
			return profileSetRun(opts)
		},
	}
	return cmd
}

func profileSetRun(opts *profileSetOptions) error {
	if !profile.IsKey(opts.Key) {
		return &exitError{2, fmt.Errorf(opts.t("ukjent nøkkel «%s» i profilen; nøklene er: %s", "unknown profile key %q; the keys are: %s"),
			termtext.Line(opts.Key), profileKeysHelp)}
	}
	path, err := opts.ProfilePath()
	if err != nil {
		return err
	}
	p, _, err := profile.Load(path)
	if err != nil {
		return err
	}
	q, problems := p.Set(opts.Key, opts.Value)
	if len(problems) > 0 {
		return &exitError{2, fmt.Errorf("%s\n%s", problems.Text(opts.formsLang()),
			opts.t("Profilen er ikke endret.", "The profile is unchanged."))}
	}
	if err := profile.Save(path, q); err != nil {
		return err
	}
	if v := q.Get(opts.Key); v != "" {
		fmt.Fprintf(opts.Out, opts.t("%s = %s i %s\n", "%s = %s in %s\n"), opts.Key, termtext.Line(v), termtext.Line(path))
	} else {
		fmt.Fprintf(opts.Out, opts.t("%s er ikke satt i %s\n", "%s is not set in %s\n"), opts.Key, termtext.Line(path))
	}
	return nil
}

// secretsFileInUse says, after the profile's secrets_file, which secrets
// file is used: the one it names (in full, for "default"), or another
// that --secrets-file or the environment chose over it.
func secretsFileInUse(s *IO, set, inUse string) string {
	switch {
	case inUse == "":
		return s.t(" (hemmelighetene ligger i OS-nøkkelringen)", " (secrets are kept in the OS keyring)")
	case set == "":
		return fmt.Sprintf(s.t(" (i bruk nå: %s, fra --secrets-file eller $%s)", " (in use now: %s, from --secrets-file or $%s)"), termtext.Line(inUse), EnvSecretsFile)
	case set == profile.SecretsFileDefault || set == inUse:
		return fmt.Sprintf(s.t(" (i bruk: %s)", " (in use: %s)"), termtext.Line(inUse))
	}
	return fmt.Sprintf(s.t(" (men %s brukes nå, fra --secrets-file eller $%s)", " (but %s is used now, from --secrets-file or $%s)"), termtext.Line(inUse), EnvSecretsFile)
}

// profileHint is the wizard's one line about the profile, for a user who
// has none yet (no profile file): where it goes and how to fill it. Nil
// when there is a profile file, or no config folder to put one in. The
// file is looked at once, when the wizard starts.
func profileHint(profilePath func() (string, error)) func(lang string) string {
	if profilePath == nil {
		return nil
	}
	path, err := profilePath()
	if err != nil {
		return nil
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	path = termtext.Line(path)
	return func(lang string) string {
		if lang == "en" {
			return "Tip: type your own details once, in your profile (" + path + "), and every new session gets them: altinn-onboard profile set name \"Kari Nordmann\" (and email, phone, company, cc, output_dir; see altinn-onboard profile --help)."
		}
		return "Tips: skriv inn dine egne opplysninger én gang, i profilen din (" + path + "), så får hver ny økt dem: altinn-onboard profile set name \"Kari Nordmann\" (og email, phone, company, cc, output_dir; se altinn-onboard profile --help)."
	}
}
