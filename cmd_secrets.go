package main

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
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// secretStoreOSKeyring is SecretRef.Store for secrets in the OS keyring.
const secretStoreOSKeyring = "os-keyring"

// knownSecrets are the secrets of the Altinn II track.
var knownSecrets = tracks(steps.Deps{})[0].SecretNames()

// secretDescriptions says what each known secret is, for help and errors.
var secretDescriptions = map[string][2]string{ // name: {nb, en}
	steps.SecretRESTAPIKeyTT02:         {"API-nøkkel for Altinns REST-API i TT02 (test)", "API key for Altinn's REST API in TT02 (test)"},
	steps.SecretRESTAPIKeyProd:         {"API-nøkkel for Altinns REST-API i produksjon", "API key for Altinn's REST API in production"},
	steps.SecretSystemPassword:         {"datasystemets passord til SystemID-en (minst 7 tegn, både bokstaver og tall)", "the datasystem's SystemID password (at least 7 characters, letters and digits)"},
	steps.SecretCertificatePassword:    {"passordet til virksomhetssertifikatet", "the password of the enterprise certificate"},
	steps.SecretEnterpriseUserPassword: {"passordet til virksomhetsbrukeren", "the password of the enterprise user"},
	steps.SecretSMTPPassword:           {"passordet til e-posttjeneren (SMTP) som sender registreringen", "the password of the mail server (SMTP) that sends the registration"},
}

// knownSecretsHelp lists the known secrets, one per line, for help texts
// (in English, like the rest of the command help).
func knownSecretsHelp() string {
	var b strings.Builder
	for _, n := range knownSecrets {
		fmt.Fprintf(&b, "  %-26s %s\n", n, secretDescriptions[n][1])
	}
	return b.String()
}

// isKnownSecret reports whether name is one of knownSecrets.
func isKnownSecret(name string) bool {
	for _, n := range knownSecrets {
		if n == name {
			return true
		}
	}
	return false
}

// unknownSecretError refuses a secret name. The name itself is not
// repeated: a user who swapped NAME and the value would otherwise see the
// secret printed (and kept in a CI log).
func unknownSecretError(a *app) error {
	var b strings.Builder
	b.WriteString(a.t("ukjent navn på hemmelighet; de kjente er:", "unknown secret name; the known ones are:"))
	for _, n := range knownSecrets {
		d := secretDescriptions[n]
		fmt.Fprintf(&b, "\n  %-26s %s", n, a.t(d[0], d[1]))
	}
	return &exitError{2, errors.New(b.String())}
}

// secretWhere tells the user where a secret lives, never what it is.
func secretWhere(a *app, sessionID, name string) string {
	return fmt.Sprintf(a.t("OS-nøkkelringen, oppføring %s / %s", "OS keyring, entry %s / %s"), store.KeyringService, store.Account(sessionID, name))
}

// secretsKeyringError is a keyring failure in the user's language, with
// what to do; errors.Is and errors.As still see the store's error.
type secretsKeyringError struct {
	msg string
	err error
}

func (e *secretsKeyringError) Error() string { return e.msg }
func (e *secretsKeyringError) Unwrap() error { return e.err }

func newSecretsKeyringError(a *app, err error) error {
	msg := err.Error()
	var l store.Localized
	if errors.As(err, &l) {
		msg = l.Text(a.lang)
	}
	return &secretsKeyringError{
		msg: msg + "\n" + a.t("Sjekk oppsettet med `altinn-onboard doctor`.", "Check the setup with `altinn-onboard doctor`."),
		err: err,
	}
}

func newSecretsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "secrets",
		Short: "List, set and delete a session's secrets in the OS keyring (never shown)",
		Long: `A session's secrets (API keys and passwords) live only in the OS keyring
(Secret Service on Linux, Keychain on macOS, Credential Manager on
Windows), service "` + store.KeyringService + `", account "<session-id>/<name>". The session file
records only that a secret exists and where. Values are never shown.

The known secrets:
` + knownSecretsHelp(),
	}
	cmd.AddCommand(newSecretsListCmd(a), newSecretsSetCmd(a), newSecretsDeleteCmd(a))
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

func newSecretsListCmd(a *app) *cobra.Command {
	var ref string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--session NAME]",
		Short: "Show which secrets are set and where they are stored (never their values)",
		Long: `Show, for one session (--session) or every session, each known secret:
whether it is set in the OS keyring and where (service and account).
Values are never shown. It asks the keyring, which may show an unlock
prompt.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return secretsListRun(a, ref, asJSON)
		},
	}
	cmd.Flags().StringVar(&ref, "session", "", "only this session (name or ID); default every session")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.RegisterFlagCompletionFunc("session", sessionArgs(a))
	return cmd
}

func secretsListRun(a *app, ref string, asJSON bool) error {
	st, err := a.openStore()
	if err != nil {
		return err
	}
	var sessions []*session.Session
	var bad []*store.FileError
	if ref != "" {
		sess, err := st.Resolve(ref)
		if err != nil {
			return err
		}
		sessions = append(sessions, sess)
	} else {
		list, unreadable, err := st.List()
		if err != nil {
			return err
		}
		bad = unreadable
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
				return err
			}
			sessions = append(sessions, sess)
		}
	}

	out := secretsListOutput{Sessions: []secretsListSession{}, Unreadable: []unreadableFile{}}
	kr := a.keyring()
	for _, sess := range sessions {
		known, err := kr.Known(sess.ID, knownSecrets)
		if err != nil {
			return newSecretsKeyringError(a, err)
		}
		recorded := map[string]bool{}
		for _, r := range sess.Secrets {
			recorded[r.Name] = true
		}
		ls := secretsListSession{ID: sess.ID, Name: sess.Name, Secrets: []secretsListEntry{}}
		for _, k := range known {
			ls.Secrets = append(ls.Secrets, secretsListEntry{
				Name: k.Name, Set: k.Set, Store: secretStoreOSKeyring, Service: k.Service, Account: k.Account,
				Where: secretWhere(a, sess.ID, k.Name), Recorded: recorded[k.Name],
			})
		}
		out.Sessions = append(out.Sessions, ls)
	}
	for _, b := range bad {
		out.Unreadable = append(out.Unreadable, unreadableFile{Path: b.Path, Error: b.Err.Error()})
	}

	if asJSON {
		return writeJSON(a, out)
	}
	if len(out.Sessions) == 0 && len(bad) == 0 {
		fmt.Fprintln(a.out, a.t("Ingen lagrede økter ennå.", "No saved sessions yet."))
	}
	for i, s := range out.Sessions {
		if i > 0 {
			fmt.Fprintln(a.out)
		}
		fmt.Fprintf(a.out, a.t("Økt «%s» (ID %s)\n", "Session \"%s\" (ID %s)\n"), termtext.Line(s.Name), s.ID)
		tw := tabwriter.NewWriter(a.out, 0, 0, 2, ' ', 0)
		for _, e := range s.Secrets {
			status := a.t("ikke satt", "not set")
			if e.Set {
				status = a.t("satt", "set")
			}
			note := ""
			switch {
			case e.Set && !e.Recorded:
				note = a.t(" (ligger i nøkkelringen, men økten har ingen henvisning til den)", " (in the keyring, but the session has no reference to it)")
			case !e.Set && e.Recorded:
				note = a.t(" (økten sier den er lagret, men nøkkelringen har den ikke: sett den på nytt)", " (the session says it is stored, but the keyring does not have it: set it again)")
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s%s\n", e.Name, status, e.Where, note)
		}
		tw.Flush()
	}
	for _, b := range bad {
		fmt.Fprintf(a.err, a.t("Kunne ikke lese øktfilen %s: %s (filen er beholdt urørt)\n",
			"Could not read session file %s: %s (the file is kept as it is)\n"), termtext.Line(b.Path), errorText(b.Err, a.lang))
	}
	return nil
}

// ---------------------------------------------------------------------
// secrets set

func newSecretsSetCmd(a *app) *cobra.Command {
	var ref string
	cmd := &cobra.Command{
		Use:   "set NAME --session SESSION",
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
` + knownSecretsHelp() + `
Exit status: 0 stored; 2 unknown name or unusable value (nothing stored);
1 anything else (such as a keyring failure).`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: secretNameArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return secretsSetRun(a, ref, args[0])
		},
	}
	cmd.Flags().StringVar(&ref, "session", "", "the session (name or ID)")
	cmd.MarkFlagRequired("session")
	cmd.RegisterFlagCompletionFunc("session", sessionArgs(a))
	return cmd
}

func secretNameArgs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, n := range knownSecrets {
		out = append(out, n+"\t"+secretDescriptions[n][1])
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func secretsSetRun(a *app, ref, name string) error {
	if !isKnownSecret(name) {
		return unknownSecretError(a)
	}
	st, found, err := a.openSession(ref)
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

	value, err := readSecretValue(a, name)
	if err != nil {
		return err
	}
	if err := checkSecretValue(a, name, value); err != nil {
		return err
	}

	kr := a.keyring()
	if err := kr.Set(sess.ID, name, value); err != nil {
		return newSecretsKeyringError(a, err)
	}
	sess.SetSecretRef(session.SecretRef{
		Name: name, Store: secretStoreOSKeyring, Service: store.KeyringService,
		Account: store.Account(sess.ID, name), SetAt: time.Now().UTC(),
	})
	if err := st.Save(sess); err != nil {
		// A secret the session does not know of would outlive the
		// session (deleting a session deletes the secrets it refers to),
		// so take it out again.
		if derr := kr.Delete(sess.ID, name); derr != nil {
			return fmt.Errorf("%s: %w; %s %s", a.t("kunne ikke lagre økten", "could not save the session"), err,
				a.t("og hemmeligheten kunne ikke fjernes fra nøkkelringen igjen; fjern den med", "and the secret could not be removed from the keyring again; remove it with"),
				"`altinn-onboard secrets delete "+name+" --session "+sess.ID+"`")
		}
		return fmt.Errorf("%s: %w", a.t("kunne ikke lagre økten; hemmeligheten er ikke lagret", "could not save the session; the secret is not stored"), err)
	}
	fmt.Fprintf(a.out, a.t("Lagret %s for økten «%s» i %s.\n", "Stored %s of session \"%s\" in the %s.\n"), name, termtext.Line(sess.Name), secretWhere(a, sess.ID, name))
	return nil
}

// readSecretValue reads the value from the terminal without echo, or from
// standard input when it is not a terminal.
func readSecretValue(a *app, name string) (string, error) {
	if a.stdinIsTerminal {
		f, ok := a.in.(interface{ Fd() uintptr })
		if ok && term.IsTerminal(int(f.Fd())) {
			return readSecretFromTerminal(a, int(f.Fd()), name)
		}
	}
	// One newline (up to 2 bytes) and one byte more than the limit, to
	// tell an oversized value without reading without end.
	data, err := io.ReadAll(io.LimitReader(a.in, store.MaxSecretBytes+3))
	if err != nil {
		return "", fmt.Errorf("%s: %w", a.t("kunne ikke lese verdien fra standard inn", "could not read the value from standard input"), err)
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		data = bytes.TrimSuffix(data, []byte("\n"))
	} else {
		data = data[:len(data)-2]
	}
	if len(data) == 0 {
		return "", &exitError{2, errors.New(a.t(
			"verdien er tom; ingenting ble lagret. Send verdien inn på standard inn, for eksempel: printf '%s\\n' \"$VERDI\" | altinn-onboard secrets set "+name+" --session ØKT",
			"the value is empty; nothing was stored. Pipe the value to standard input, for example: printf '%s\\n' \"$VALUE\" | altinn-onboard secrets set "+name+" --session SESSION"))}
	}
	return string(data), nil
}

// readSecretFromTerminal asks twice, without echo. Ctrl+C gives the
// terminal its echo back before the program ends.
func readSecretFromTerminal(a *app, fd int, name string) (string, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return "", err
	}
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	defer signal.Stop(interrupt)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-interrupt:
			term.Restore(fd, state)
			fmt.Fprintln(a.err)
			os.Exit(130)
		case <-done:
		}
	}()

	desc := secretDescriptions[name]
	fmt.Fprintf(a.err, "%s: %s\n", name, a.t(desc[0], desc[1]))
	fmt.Fprint(a.err, a.t("Verdi (vises ikke): ", "Value (not shown): "))
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(a.err)
	if err != nil {
		return "", fmt.Errorf("%s: %w", a.t("kunne ikke lese fra terminalen", "could not read from the terminal"), err)
	}
	if len(first) == 0 {
		return "", &exitError{2, errors.New(a.t("verdien er tom; ingenting ble lagret", "the value is empty; nothing was stored"))}
	}
	fmt.Fprint(a.err, a.t("Skriv den igjen for å bekrefte: ", "Type it again to confirm: "))
	second, err := term.ReadPassword(fd)
	fmt.Fprintln(a.err)
	if err != nil {
		return "", fmt.Errorf("%s: %w", a.t("kunne ikke lese fra terminalen", "could not read from the terminal"), err)
	}
	if !bytes.Equal(first, second) {
		return "", &exitError{2, errors.New(a.t("de to verdiene er ulike; ingenting ble lagret", "the two values differ; nothing was stored"))}
	}
	return string(first), nil
}

// checkSecretValue refuses values the keyring or Altinn would not take.
// Its messages never contain the value.
func checkSecretValue(a *app, name, value string) error {
	if len(value) > store.MaxSecretBytes {
		return &exitError{2, fmt.Errorf(a.t(
			"verdien er større enn %d byte, det meste nøkkelringene på macOS og Windows kan lagre; ingenting ble lagret",
			"the value is larger than %d bytes, the most the macOS and Windows keyrings can hold; nothing was stored"), store.MaxSecretBytes)}
	}
	if strings.ContainsAny(value, "\r\n") {
		return &exitError{2, errors.New(a.t(
			"verdien inneholder et linjeskift; send inn bare verdien, med høyst ett linjeskift til slutt; ingenting ble lagret",
			"the value contains a line break; send only the value, with at most one newline at the end; nothing was stored"))}
	}
	if name == steps.SecretSystemPassword {
		if err := forms.SystemPassword(value); err != nil {
			lang := forms.NB
			if a.lang == "en" {
				lang = forms.EN
			}
			return &exitError{2, fmt.Errorf("%s: %s; %s", name, forms.Localize(err, lang), a.t("ingenting ble lagret", "nothing was stored"))}
		}
	}
	return nil
}

// ---------------------------------------------------------------------
// secrets delete

func newSecretsDeleteCmd(a *app) *cobra.Command {
	var ref string
	cmd := &cobra.Command{
		Use:               "delete NAME --session SESSION",
		Short:             "Delete a secret of a session from the OS keyring",
		Long:              "Delete a secret of a session from the OS keyring and the session's note of it.\n\nThe known secrets:\n" + knownSecretsHelp(),
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: secretNameArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return secretsDeleteRun(a, ref, args[0])
		},
	}
	cmd.Flags().StringVar(&ref, "session", "", "the session (name or ID)")
	cmd.MarkFlagRequired("session")
	cmd.RegisterFlagCompletionFunc("session", sessionArgs(a))
	return cmd
}

func secretsDeleteRun(a *app, ref, name string) error {
	if !isKnownSecret(name) {
		return unknownSecretError(a)
	}
	st, found, err := a.openSession(ref)
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
	// The keyring first: if that fails, the session keeps its note, so
	// deleting the session later still removes the secret.
	if err := a.keyring().Delete(sess.ID, name); err != nil {
		return newSecretsKeyringError(a, err)
	}
	had := false
	for _, r := range sess.Secrets {
		had = had || r.Name == name
	}
	if had {
		sess.RemoveSecretRef(name)
		if err := st.Save(sess); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.out, a.t("Slettet %s for økten «%s» (%s).\n", "Deleted %s of session \"%s\" (%s).\n"), name, termtext.Line(sess.Name), secretWhere(a, sess.ID, name))
	return nil
}
