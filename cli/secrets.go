package cli

// `secrets list|set|delete`: the secrets of a session, kept only in the OS
// keyring. A value is read from the terminal (without echo) or from a pipe,
// handed to the keyring and forgotten: it is never printed, logged, put in
// an error or written to a file. The session file records only that the
// secret exists and where (session.SecretRef).

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// secretStoreOSKeyring is SecretRef.Store for secrets in the OS keyring.
const secretStoreOSKeyring = "os-keyring"

// secretStoreFile is secretsListEntry.Store for secrets in the encrypted
// secrets file (--secrets-file).
const secretStoreFile = "secrets-file"

// secretWhere tells the user where a secret lives in kr, never what it is.
func secretWhere(s *IO, kr store.Secrets, sessionID, name string) string {
	return store.SecretWhere(kr, s.Lang, sessionID, name)
}

// secretStoreOf names kr's kind of store for JSON.
func secretStoreOf(kr store.Secrets) string {
	if _, ok := kr.(*store.SecretsFile); ok {
		return secretStoreFile
	}
	return secretStoreOSKeyring
}

// noteSecretsFileFrom says, on standard error, that secrets are in the
// encrypted file rather than the OS keyring, and what chose the file
// (chosenBy: Factory.secretsChosenBy; nil leaves it out).
func noteSecretsFileFrom(s *IO, kr store.Secrets, chosenBy func(lang string) string) {
	if sf, ok := kr.(*store.SecretsFile); ok {
		fmt.Fprintf(s.Err, s.t("Merk: hemmelighetene ligger i den krypterte filen %s, IKKE i OS-nøkkelringen%s.\n",
			"Note: secrets are kept in the encrypted file %s, NOT in the OS keyring%s.\n"), sf.Path(), chosenByText(s, chosenBy))
	}
}

// chosenByText is " (chosen by …)" or "".
func chosenByText(s *IO, chosenBy func(lang string) string) string {
	if chosenBy == nil {
		return ""
	}
	if by := chosenBy(s.Lang); by != "" {
		return " (" + by + ")"
	}
	return ""
}

// secretsKeyringError is a keyring failure in the user's language, with
// what to do; errors.Is and errors.As still see the store's error.
type secretsKeyringError struct {
	msg string
	err error
}

func (e *secretsKeyringError) Error() string { return e.msg }
func (e *secretsKeyringError) Unwrap() error { return e.err }

func newSecretsKeyringError(s *IO, err error) error {
	msg := err.Error()
	var l store.Localized
	if errors.As(err, &l) {
		msg = l.Text(s.Lang)
	}
	return &secretsKeyringError{
		msg: msg + "\n" + s.t("Sjekk oppsettet med `altinn-onboard doctor`.", "Check the setup with `altinn-onboard doctor`."),
		err: err,
	}
}

func newCmdSecrets(f *Factory) *cobra.Command {
	tracks := f.Tracks(steps.Deps{})
	cmd := &cobra.Command{
		Use:   "secrets",
		Short: "List, set and delete a session's secrets in the OS keyring (never shown)",
		Long: `A session's secrets (API keys and passwords) live only in the OS keyring
(Secret Service on Linux, Keychain on macOS, Credential Manager on
Windows), service "` + store.KeyringService + `", account "<session-id>/<name>". The session file
records only that a secret exists and where. Values are never shown.

On a machine without a keyring (a server with no Secret Service), ask for
an encrypted file instead: --secrets-file PATH (or $` + EnvSecretsFile + `),
for example --secrets-file ~/.local/share/altinn-onboard/` + store.SecretsFileName + `, one file per
data folder. It is encrypted with a passphrase (age, scrypt), asked once per
run without echo (twice when the file is made) and stored nowhere; scripts
can give it in $` + EnvSecretsPassphrase + `, but environment variables can
leak (to other processes of yours, core dumps, shell history), so prefer
the prompt. Without the passphrase the secrets cannot be recovered.

The known secrets:
` + knownSecretsHelp(tracks),
	}
	cmd.AddCommand(newCmdSecretsList(f, nil), newCmdSecretsSet(f, nil), newCmdSecretsDelete(f, nil))
	return cmd
}

// ---------------------------------------------------------------------
// secrets list

type secretsListOutput struct {
	Sessions   []secretsListSession `json:"sessions"`
	Unreadable []unreadableFile     `json:"unreadable"`
}

type secretsListSession struct {
	ID      string             `json:"id"`
	Name    string             `json:"name"`
	Secrets []secretsListEntry `json:"secrets"`
}

type secretsListEntry struct {
	Name    string `json:"name"`
	Set     bool   `json:"set"` // stored in the keyring now
	Store   string `json:"store"`
	Service string `json:"service"`
	Account string `json:"account"`
	Where   string `json:"where"`
	// Recorded says whether the session file has a reference to it.
	Recorded bool `json:"recorded"`
}

type secretsListOptions struct {
	*IO
	OpenStore func() (*store.Store, error)
	Keyring   func() store.Secrets
	Tracks    ui.Tracks
	Session   string // "" for every session
	JSON      bool
	// SecretsChosenBy says what chose a secrets file (Factory.secretsChosenBy).
	SecretsChosenBy func(lang string) string
}

func newCmdSecretsList(f *Factory, runF func(*secretsListOptions) error) *cobra.Command {
	opts := &secretsListOptions{IO: f.IO, OpenStore: readStore(f, true), Keyring: f.Keyring, Tracks: f.Tracks(steps.Deps{}), SecretsChosenBy: f.secretsChosenBy}
	cmd := &cobra.Command{
		Use:   "list [--session NAME]",
		Short: "Show which secrets are set and where they are stored (never their values)",
		Long: `Show, for one session (--session) or every session, each secret its track keeps:
whether it is set in the OS keyring and where (service and account).
Values are never shown. It asks the keyring, which may show an unlock
prompt.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return secretsListRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Session, "session", "", "only this session (name or ID); default every session")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.RegisterFlagCompletionFunc("session", sessionNames(f))
	return cmd
}

func secretsListRun(opts *secretsListOptions) error {
	sessions, bad, err := secretsListSessions(opts)
	if err != nil {
		return err
	}
	out := secretsListOutput{Sessions: []secretsListSession{}, Unreadable: []unreadableFile{}}
	kr := opts.Keyring()
	for _, sess := range sessions {
		known, err := kr.Known(sess.ID, secretNames(opts.Tracks, sess))
		if err != nil {
			return newSecretsKeyringError(opts.IO, err)
		}
		recorded := map[string]bool{}
		for _, r := range sess.Secrets {
			recorded[r.Name] = true
		}
		ls := secretsListSession{ID: sess.ID, Name: sess.Name, Secrets: []secretsListEntry{}}
		for _, k := range known {
			ls.Secrets = append(ls.Secrets, secretsListEntry{
				Name: k.Name, Set: k.Set, Store: secretStoreOf(kr), Service: k.Service, Account: k.Account,
				Where: secretWhere(opts.IO, kr, sess.ID, k.Name), Recorded: recorded[k.Name],
			})
		}
		out.Sessions = append(out.Sessions, ls)
	}
	for _, b := range bad {
		out.Unreadable = append(out.Unreadable, unreadableFile{Path: b.Path, Error: b.Err.Error()})
	}
	if opts.JSON {
		return writeJSON(opts.IO, out)
	}
	noteSecretsFileFrom(opts.IO, kr, opts.SecretsChosenBy)
	if len(out.Sessions) == 0 && len(bad) == 0 {
		fmt.Fprintln(opts.Out, opts.t("Ingen lagrede økter ennå.", "No saved sessions yet."))
	}
	for i, s := range out.Sessions {
		if i > 0 {
			fmt.Fprintln(opts.Out)
		}
		printSecretsList(opts.IO, s)
	}
	reportUnreadable(opts.IO, bad)
	return nil
}

// secretsListSessions loads the session the options name, or every
// session, with the files that could not be read.
func secretsListSessions(opts *secretsListOptions) ([]*session.Session, []*store.FileError, error) {
	st, err := opts.OpenStore()
	if err != nil {
		return nil, nil, err
	}
	if opts.Session != "" {
		sess, err := st.Resolve(opts.Session)
		if err != nil {
			return nil, nil, err
		}
		return []*session.Session{sess}, nil, nil
	}
	list, bad, err := st.List()
	if err != nil {
		return nil, nil, err
	}
	var sessions []*session.Session
	for _, s := range list {
		sess, err := st.Load(s.ID)
		if err != nil {
			var fe *store.FileError
			if errors.As(err, &fe) {
				bad = append(bad, fe)
				continue
			}
			var nf *store.NotFoundError
			if errors.As(err, &nf) { // deleted meanwhile
				continue
			}
			return nil, nil, err
		}
		sessions = append(sessions, sess)
	}
	return sessions, bad, nil
}

// printSecretsList prints one session's secrets as a table.
func printSecretsList(s *IO, ls secretsListSession) {
	fmt.Fprintf(s.Out, s.t("Økt «%s» (ID %s)\n", "Session \"%s\" (ID %s)\n"), termtext.Line(ls.Name), ls.ID)
	tw := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
	for _, e := range ls.Secrets {
		status := s.t("ikke satt", "not set")
		if e.Set {
			status = s.t("satt", "set")
		}
		note := ""
		switch {
		case e.Set && !e.Recorded:
			note = s.t(" (ligger i nøkkelringen, men økten har ingen henvisning til den)", " (in the keyring, but the session has no reference to it)")
		case !e.Set && e.Recorded:
			note = s.t(" (økten sier den er lagret, men nøkkelringen har den ikke: sett den på nytt)", " (the session says it is stored, but the keyring does not have it: set it again)")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s%s\n", e.Name, status, e.Where, note)
	}
	tw.Flush()
}

// ---------------------------------------------------------------------
// secrets set

type secretsSetOptions struct {
	*IO
	OpenStore      func() (*store.Store, error)
	Keyring        func() store.Secrets
	ProfileKeyring func() store.ProfileSecrets
	Tracks         ui.Tracks
	Now            func() time.Time
	Session        string
	Profile        bool   // the profile's secret, not a session's
	Name           string // of the secret
}

func newCmdSecretsSet(f *Factory, runF func(*secretsSetOptions) error) *cobra.Command {
	opts := &secretsSetOptions{IO: f.IO, OpenStore: f.OpenStore, Keyring: f.Keyring, ProfileKeyring: f.ProfileKeyring, Now: f.Now, Tracks: f.Tracks(steps.Deps{})}
	cmd := &cobra.Command{
		Use:   "set NAME (--session SESSION | --profile)",
		Short: "Store a secret of a session in the OS keyring",
		Long: `Store a secret of a session in the OS keyring and record in the session
that it exists. The value is read from the terminal without echo (typed
twice), or from standard input when that is a pipe or a file, without a
trailing newline, for example

    printf '%s\n' "$API_KEY" | altinn-onboard secrets set rest-api-key-tt02 --session "Kunde Blåbær"

Only one trailing newline (\n or \r\n) is removed; an empty value, or one
with a line break inside, is refused. The value is never shown or
written to a file. ` + steps.SecretSystemPassword + ` must follow Altinn's rule: at least 7
characters, with both letters and digits.

The known secrets:
` + knownSecretsHelp(opts.Tracks) + `
With --profile instead of --session the secret is your profile's, used
for every session: smtp-password, the password of your SMTP server (the
profile's smtp.user), in the keyring entry ` + store.KeyringService + ` / ` + store.ProfileAccount(profileSMTPPassword) + `.

Exit status: 0 stored; 2 unknown name or unusable value (nothing stored);
1 anything else (such as a keyring failure).`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: secretNameArgs(opts.Tracks),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if err := sessionOrProfile(opts.IO, opts.Session, opts.Profile); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			if opts.Profile {
				return secretsSetProfileRun(opts)
			}
			return secretsSetRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Session, "session", "", "the session (name or ID)")
	cmd.Flags().BoolVar(&opts.Profile, "profile", false, "your profile's secret (smtp-password), not a session's")
	cmd.RegisterFlagCompletionFunc("session", sessionNames(f))
	return cmd
}

func secretsSetRun(opts *secretsSetOptions) error {
	name := opts.Name
	st, found, sec, err := sessionSecret(opts.IO, opts.OpenStore, opts.Tracks, opts.Session, name)
	if err != nil {
		return err
	}
	// Lock before asking for the value: if the session is open in the
	// wizard, the user learns it before typing anything.
	lock, err := st.Lock(found)
	if err != nil {
		return err
	}
	defer lock.Release()
	sess, err := st.Load(found.ID) // fresh, now that nobody else can write it
	if err != nil {
		return err
	}

	value, err := readCheckedSecret(opts.IO, *sec)
	if err != nil {
		return err
	}
	if sec.Verify != nil {
		if err := sec.Verify(sess, value, opts.Lang); err != nil {
			return &exitError{2, fmt.Errorf("%s: %s", name, err.Error())}
		}
	}

	kr := opts.Keyring()
	if err := kr.Set(sess.ID, name, value); err != nil {
		return newSecretsKeyringError(opts.IO, err)
	}
	sess.SetSecretRef(session.SecretRef{
		Name: name, Store: secretStoreOSKeyring, Service: store.KeyringService,
		Account: store.Account(sess.ID, name), SetAt: opts.Now().UTC(),
	})
	if err := st.Save(sess); err != nil {
		// A secret the session does not know of would outlive the
		// session (deleting a session deletes the secrets it refers to),
		// so take it out again.
		if derr := kr.Delete(sess.ID, name); derr != nil {
			return fmt.Errorf("%s: %w; %s %s", opts.t("kunne ikke lagre økten", "could not save the session"), err,
				opts.t("og hemmeligheten kunne ikke fjernes fra nøkkelringen igjen; fjern den med", "and the secret could not be removed from the keyring again; remove it with"),
				"`altinn-onboard secrets delete "+name+" --session "+sess.ID+"`")
		}
		return fmt.Errorf("%s: %w", opts.t("kunne ikke lagre økten; hemmeligheten er ikke lagret", "could not save the session; the secret is not stored"), err)
	}
	fmt.Fprintf(opts.Out, opts.t("Lagret %s for økten «%s» i %s.\n", "Stored %s of session \"%s\" in the %s.\n"), name, termtext.Line(sess.Name), secretWhere(opts.IO, kr, sess.ID, name))
	return nil
}

// readCheckedSecret reads a secret's value and checks it (see
// checkSecretValue).
func readCheckedSecret(s *IO, sec ui.Secret) (string, error) {
	value, err := readSecretValue(s, sec)
	if err != nil {
		return "", err
	}
	if err := checkSecretValue(s, sec, value); err != nil {
		return "", err
	}
	return value, nil
}

// readSecretValue reads the value from the terminal without echo, or from
// standard input when it is not a terminal.
func readSecretValue(s *IO, sec ui.Secret) (string, error) {
	name := sec.Name
	if s.InIsTerminal {
		f, ok := s.In.(interface{ Fd() uintptr })
		if ok && term.IsTerminal(int(f.Fd())) {
			return readSecretFromTerminal(s, int(f.Fd()), sec)
		}
	}
	// One newline (up to 2 bytes) and one byte more than the limit, to
	// tell an oversized value without reading without end.
	data, err := io.ReadAll(io.LimitReader(s.In, store.MaxSecretBytes+3))
	if err != nil {
		return "", fmt.Errorf("%s: %w", s.t("kunne ikke lese verdien fra standard inn", "could not read the value from standard input"), err)
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		data = bytes.TrimSuffix(data, []byte("\n"))
	} else {
		data = data[:len(data)-2]
	}
	if len(data) == 0 {
		return "", &exitError{2, errors.New(s.t(
			"verdien er tom; ingenting ble lagret. Send verdien inn på standard inn, for eksempel: printf '%s\\n' \"$VERDI\" | altinn-onboard secrets set "+name+" --session ØKT",
			"the value is empty; nothing was stored. Pipe the value to standard input, for example: printf '%s\\n' \"$VALUE\" | altinn-onboard secrets set "+name+" --session SESSION"))}
	}
	return string(data), nil
}

// readSecretFromTerminal asks twice, without echo. Ctrl+C gives the
// terminal its echo back before the program ends.
func readSecretFromTerminal(s *IO, fd int, sec ui.Secret) (string, error) {
	stop, err := restoreOnInterrupt(s, fd)
	if err != nil {
		return "", err
	}
	defer stop()

	fmt.Fprintf(s.Err, "%s: %s\n", sec.Name, describe(sec, s.Lang))
	fmt.Fprint(s.Err, s.t("Verdi (vises ikke): ", "Value (not shown): "))
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(s.Err)
	if err != nil {
		return "", fmt.Errorf("%s: %w", s.t("kunne ikke lese fra terminalen", "could not read from the terminal"), err)
	}
	if len(first) == 0 {
		return "", &exitError{2, errors.New(s.t("verdien er tom; ingenting ble lagret", "the value is empty; nothing was stored"))}
	}
	fmt.Fprint(s.Err, s.t("Skriv den igjen for å bekrefte: ", "Type it again to confirm: "))
	second, err := term.ReadPassword(fd)
	fmt.Fprintln(s.Err)
	if err != nil {
		return "", fmt.Errorf("%s: %w", s.t("kunne ikke lese fra terminalen", "could not read from the terminal"), err)
	}
	if !bytes.Equal(first, second) {
		return "", &exitError{2, errors.New(s.t("de to verdiene er ulike; ingenting ble lagret", "the two values differ; nothing was stored"))}
	}
	return string(first), nil
}

// checkSecretValue refuses values the keyring or the secret's own rule
// (its track's) would not take. Its messages never contain the value.
func checkSecretValue(s *IO, sec ui.Secret, value string) error {
	if len(value) > store.MaxSecretBytes {
		return &exitError{2, fmt.Errorf(s.t(
			"verdien er større enn %d byte, det meste nøkkelringene på macOS og Windows kan lagre; ingenting ble lagret",
			"the value is larger than %d bytes, the most the macOS and Windows keyrings can hold; nothing was stored"), store.MaxSecretBytes)}
	}
	if strings.ContainsAny(value, "\r\n") {
		return &exitError{2, errors.New(s.t(
			"verdien inneholder et linjeskift; send inn bare verdien, med høyst ett linjeskift til slutt; ingenting ble lagret",
			"the value contains a line break; send only the value, with at most one newline at the end; nothing was stored"))}
	}
	if sec.Check != nil {
		if err := sec.Check(value, s.Lang); err != nil {
			return &exitError{2, fmt.Errorf("%s: %s; %s", sec.Name, err.Error(), s.t("ingenting ble lagret", "nothing was stored"))}
		}
	}
	return nil
}

// ---------------------------------------------------------------------
// secrets delete

type secretsDeleteOptions struct {
	*IO
	OpenStore      func() (*store.Store, error)
	Keyring        func() store.Secrets
	ProfileKeyring func() store.ProfileSecrets
	Tracks         ui.Tracks
	Session        string
	Profile        bool
	Name           string // of the secret
}

func newCmdSecretsDelete(f *Factory, runF func(*secretsDeleteOptions) error) *cobra.Command {
	opts := &secretsDeleteOptions{IO: f.IO, OpenStore: f.OpenStore, Keyring: f.Keyring, ProfileKeyring: f.ProfileKeyring, Tracks: f.Tracks(steps.Deps{})}
	cmd := &cobra.Command{
		Use:   "delete NAME (--session SESSION | --profile)",
		Short: "Delete a secret of a session from the OS keyring",
		Long: "Delete a secret of a session from the OS keyring and the session's note of it.\n\nThe known secrets:\n" + knownSecretsHelp(opts.Tracks) + `
Exit status: 0 deleted, or it was not set (it says so; what was asked
for holds, so a script can delete twice); 2 unknown secret name; 1
anything else, such as no session by that name (as for sessions delete)
or a keyring failure. With --profile instead of --session: your profile's
smtp-password.`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: secretNameArgs(opts.Tracks),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if err := sessionOrProfile(opts.IO, opts.Session, opts.Profile); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			if opts.Profile {
				return secretsDeleteProfileRun(opts)
			}
			return secretsDeleteRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Session, "session", "", "the session (name or ID)")
	cmd.Flags().BoolVar(&opts.Profile, "profile", false, "your profile's secret (smtp-password), not a session's")
	cmd.RegisterFlagCompletionFunc("session", sessionNames(f))
	return cmd
}

func secretsDeleteRun(opts *secretsDeleteOptions) error {
	name := opts.Name
	st, found, _, err := sessionSecret(opts.IO, opts.OpenStore, opts.Tracks, opts.Session, name)
	if err != nil {
		return err
	}
	lock, err := st.Lock(found)
	if err != nil {
		return err
	}
	defer lock.Release()
	sess, err := st.Load(found.ID)
	if err != nil {
		return err
	}
	had := false
	for _, r := range sess.Secrets {
		had = had || r.Name == name
	}
	// Whether the keyring has it: when it cannot say, Delete below
	// reports the keyring's failure.
	kr := opts.Keyring()
	inKeyring := true
	if known, err := kr.Known(sess.ID, []string{name}); err == nil && len(known) == 1 {
		inKeyring = known[0].Set
	}
	if !had && !inKeyring {
		// What was asked for holds: status 0, as for a second delete
		// in a script; but say plainly that nothing was there.
		fmt.Fprintf(opts.Out, opts.t("%s var ikke satt for økten «%s»; ingenting ble slettet.\n",
			"%s was not set for session \"%s\"; nothing was deleted.\n"), name, termtext.Line(sess.Name))
		return nil
	}
	// The keyring first: if that fails, the session keeps its note, so
	// deleting the session later still removes the secret.
	if err := kr.Delete(sess.ID, name); err != nil {
		return newSecretsKeyringError(opts.IO, err)
	}
	if had {
		sess.RemoveSecretRef(name)
		if err := st.Save(sess); err != nil {
			return err
		}
	}
	fmt.Fprintf(opts.Out, opts.t("Slettet %s for økten «%s» (%s).\n", "Deleted %s of session \"%s\" (%s).\n"), name, termtext.Line(sess.Name), secretWhere(opts.IO, kr, sess.ID, name))
	return nil
}
