package cli

// The keyring fallback (issue 12 §4): --secrets-file,
// $ALTINN_ONBOARD_SECRETS_FILE or the profile's secrets_file name an
// encrypted file that holds the
// secrets instead of the OS keyring (store.SecretsFile). Its passphrase
// comes from $ALTINN_ONBOARD_SECRETS_PASSPHRASE or is asked on the
// terminal without echo, once per run, and is never written anywhere.

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"

	"golang.org/x/term"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/store"
)

const (
	// EnvSecretsFile names the secrets file when --secrets-file does not.
	EnvSecretsFile = "ALTINN_ONBOARD_SECRETS_FILE"
	// EnvSecretsPassphrase is the secrets file's passphrase, for scripts.
	EnvSecretsPassphrase = "ALTINN_ONBOARD_SECRETS_PASSPHRASE"
)

// secretsFilePath is the secrets file asked for, made absolute so every
// message names it in full; "" for the OS keyring. The first that names
// one wins: --secrets-file, $ALTINN_ONBOARD_SECRETS_FILE, the profile's
// secrets_file (a full path, or "default" for the data folder's own file,
// store.DefaultSecretsFile). A profile that cannot be read, or a data
// folder that cannot be found for "default", is an error: the user asked
// for a file, so the OS keyring is not used instead.
func (f *Factory) secretsFilePath() (string, error) {
	p, _, err := f.secretsFileChoice()
	return p, err
}

// secretsSource is where the choice of a secrets file came from.
type secretsSource int

const (
	secretsFromNone    secretsSource = iota // the OS keyring
	secretsFromFlag                         // --secrets-file
	secretsFromEnv                          // $ALTINN_ONBOARD_SECRETS_FILE
	secretsFromProfile                      // the profile's secrets_file
)

// secretsFileChoice is secretsFilePath and where the choice came from.
func (f *Factory) secretsFileChoice() (string, secretsSource, error) {
	p, from := f.secretsFile, secretsFromFlag
	if p == "" && f.Getenv != nil {
		p, from = f.Getenv(EnvSecretsFile), secretsFromEnv
	}
	if p == "" && f.ProfilePath != nil {
		path, err := f.ProfilePath()
		if err != nil {
			return "", secretsFromNone, nil // no config folder: no profile
		}
		prof, _, err := profile.Load(path)
		if err != nil {
			return "", secretsFromNone, err
		}
		p, from = prof.SecretsFile, secretsFromProfile
		if p == profile.SecretsFileDefault {
			dir, err := f.DataDir()
			if err != nil {
				return "", secretsFromNone, err
			}
			p = store.DefaultSecretsFile(dir)
		}
	}
	if p == "" {
		return "", secretsFromNone, nil
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return p, from, nil
}

// secretsChosenBy says, in lang, what chose the secrets file ("" for the
// OS keyring): the flag, the environment variable or the profile (with
// its path).
func (f *Factory) secretsChosenBy(lang string) string {
	_, from, err := f.secretsFileChoice()
	if err != nil {
		return ""
	}
	en := lang == "en"
	switch from {
	case secretsFromFlag:
		if en {
			return "chosen by --secrets-file"
		}
		return "valgt med --secrets-file"
	case secretsFromEnv:
		if en {
			return "chosen by $" + EnvSecretsFile
		}
		return "valgt med $" + EnvSecretsFile
	case secretsFromProfile:
		path, _ := f.ProfilePath()
		if en {
			return "chosen by secrets_file in the profile " + path
		}
		return "valgt med secrets_file i profilen " + path
	}
	return ""
}

// unusableSecrets stands for the secrets store when it is not known which
// one the user wants (their profile cannot be read): every call fails with
// that error, and no secret goes to a store the user did not choose.
type unusableSecrets struct{ err error }

func (u unusableSecrets) Set(string, string, string) error        { return u.err }
func (u unusableSecrets) Get(string, string) (string, error)      { return "", u.err }
func (u unusableSecrets) Delete(string, string) error             { return u.err }
func (u unusableSecrets) DeleteAll(string, []string) error        { return u.err }
func (u unusableSecrets) SetProfileSecret(string, string) error   { return u.err }
func (u unusableSecrets) GetProfileSecret(string) (string, error) { return "", u.err }
func (u unusableSecrets) DeleteProfileSecret(string) error        { return u.err }
func (u unusableSecrets) Known(string, []string) ([]store.SecretStatus, error) {
	return nil, u.err
}

// askPassphrase reads the secrets file's passphrase from the environment,
// else from the terminal without echo (twice for a new file).
func askPassphrase(s *IO, getenv func(string) string) store.PassphraseFunc {
	return func(path string, create bool) (string, error) {
		if getenv != nil {
			if p := getenv(EnvSecretsPassphrase); p != "" {
				return p, nil
			}
		}
		fd, ok := terminalFd(s)
		if !ok {
			return "", errors.New(s.t(
				"ingen terminal å spørre i: sett miljøvariabelen "+EnvSecretsPassphrase+" (den kan lekke, for eksempel til andre prosesser og skallets historikk), eller kjør i en terminal",
				"no terminal to ask in: set the environment variable "+EnvSecretsPassphrase+" (it can leak, for example to other processes and the shell's history), or run in a terminal"))
		}
		if create {
			fmt.Fprintf(s.Err, s.t("Hemmelighetene lagres i en ny kryptert fil, %s. Velg et passord for den; det lagres ingen steder, og uten det kan hemmelighetene ikke leses.\n",
				"Secrets will be kept in a new encrypted file, %s. Choose a passphrase for it; it is stored nowhere, and without it the secrets cannot be read.\n"), path)
		}
		first, err := readHidden(s, fd, fmt.Sprintf(s.t("Passord for hemmelighetsfilen %s (vises ikke): ", "Passphrase of the secrets file %s (not shown): "), path))
		if err != nil {
			return "", err
		}
		if len(first) == 0 {
			return "", errors.New(s.t("passordet er tomt", "the passphrase is empty"))
		}
		if create {
			second, err := readHidden(s, fd, s.t("Skriv det igjen for å bekrefte: ", "Type it again to confirm: "))
			if err != nil {
				return "", err
			}
			if string(first) != string(second) {
				return "", errors.New(s.t("de to passordene er ulike; ingenting ble lagret", "the two passphrases differ; nothing was stored"))
			}
		}
		return string(first), nil
	}
}

// terminalFd is standard input's descriptor when it is a terminal.
func terminalFd(s *IO) (int, bool) {
	if !s.InIsTerminal {
		return 0, false
	}
	f, ok := s.In.(interface{ Fd() uintptr })
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	return int(f.Fd()), true
}

// readHidden asks on standard error and reads a line without echo.
func readHidden(s *IO, fd int, prompt string) ([]byte, error) {
	stop, err := restoreOnInterrupt(s, fd)
	if err != nil {
		return nil, err
	}
	defer stop()
	fmt.Fprint(s.Err, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(s.Err)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.t("kunne ikke lese fra terminalen", "could not read from the terminal"), err)
	}
	return b, nil
}

// restoreOnInterrupt gives the terminal its echo back and ends the
// program when Ctrl+C comes while a hidden value is read; stop ends the
// watch.
func restoreOnInterrupt(s *IO, fd int) (stop func(), err error) {
	state, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-interrupt:
			term.Restore(fd, state)
			fmt.Fprintln(s.Err)
			os.Exit(130)
		case <-done:
		}
	}()
	return func() { signal.Stop(interrupt); close(done) }, nil
}
