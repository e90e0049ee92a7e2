package store

// The secrets file's failures, in Norwegian bokmål and English, each
// naming the file. None ever holds a secret value or the passphrase.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

var (
	// ErrSecretsFileWrongPassphrase: the passphrase does not open the file.
	ErrSecretsFileWrongPassphrase = &SecretErrorKind{
		code: "secrets-file-wrong-passphrase",
		en:   "wrong passphrase for the secrets file",
		nb:   "feil passord for hemmelighetsfilen",
	}
	// ErrSecretsFileCorrupt: the file is damaged, cut short, or not an
	// altinn-onboard secrets file.
	ErrSecretsFileCorrupt = &SecretErrorKind{
		code: "secrets-file-corrupt",
		en:   "the secrets file is damaged or not an altinn-onboard secrets file",
		nb:   "hemmelighetsfilen er skadet eller ikke en hemmelighetsfil fra altinn-onboard",
	}
	// ErrSecretsFileUnreadable: a link, FIFO, oversized file or no access.
	ErrSecretsFileUnreadable = &SecretErrorKind{
		code: "secrets-file-unreadable",
		en:   "the secrets file cannot be read",
		nb:   "hemmelighetsfilen kan ikke leses",
	}
	// ErrSecretsFileNoPassphrase: no passphrase could be had.
	ErrSecretsFileNoPassphrase = &SecretErrorKind{
		code: "secrets-file-no-passphrase",
		en:   "no passphrase for the secrets file",
		nb:   "mangler passordet til hemmelighetsfilen",
	}
	// ErrSecretsFileWrite: the file could not be written.
	ErrSecretsFileWrite = &SecretErrorKind{
		code: "secrets-file-write",
		en:   "the secrets file could not be written",
		nb:   "hemmelighetsfilen kunne ikke skrives",
	}
	// ErrSecretsFileBusy: another process held the lock too long.
	ErrSecretsFileBusy = &SecretErrorKind{
		code: "secrets-file-busy",
		en:   "the secrets file is locked by another process",
		nb:   "hemmelighetsfilen er låst av en annen prosess",
	}
)

// SecretsFileError is every failure of SecretsFile except a malformed
// name or session ID (those are SecretErrors). errors.Is sees its Kind
// (ErrSecretNotFound among them) and its cause.
type SecretsFileError struct {
	Op   string
	Name string // the secret's name, when one was asked for
	Path string // the secrets file
	Kind *SecretErrorKind
	Err  error
}

var _ Localized = (*SecretsFileError)(nil)

func (e *SecretsFileError) Error() string { return e.Text("en") }

// Unwrap gives the kind and the cause.
func (e *SecretsFileError) Unwrap() []error {
	errs := []error{e.Kind}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// Text is the message in lang (see Localized).
func (e *SecretsFileError) Text(lang string) string {
	nb := isNorwegian(lang)
	t := func(n, en string) string {
		if nb {
			return n
		}
		return en
	}
	cause := ""
	if e.Err != nil {
		var l interface{ Text(string) string }
		if errors.As(e.Err, &l) {
			cause = l.Text(map[bool]string{true: "nb", false: "en"}[nb])
		} else {
			cause = e.Err.Error()
		}
	}
	switch e.Kind {
	case ErrSecretNotFound:
		return fmt.Sprintf(t("%s er ikke lagret i hemmelighetsfilen %s; skriv den inn på nytt",
			"%s is not stored in the secrets file %s; enter it again"), e.Name, e.Path)
	case ErrSecretsFileWrongPassphrase:
		return fmt.Sprintf(t("feil passord for den krypterte hemmelighetsfilen %s (eller filen er kryptert med noe annet enn et passord); filen er ikke endret: prøv igjen med riktig passord",
			"wrong passphrase for the encrypted secrets file %s (or the file is encrypted with something other than a passphrase); the file was not changed: try again with the right passphrase"), e.Path)
	case ErrSecretsFileCorrupt:
		return fmt.Sprintf(t("den krypterte hemmelighetsfilen %s er skadet, avkortet eller ikke en hemmelighetsfil fra altinn-onboard (%s); filen er latt urørt: hent den fra en sikkerhetskopi, eller flytt den bort og lagre hemmelighetene på nytt",
			"the encrypted secrets file %s is damaged, cut short or not an altinn-onboard secrets file (%s); the file was left untouched: restore it from a backup, or move it away and store the secrets again"), e.Path, cause)
	case ErrSecretsFileUnreadable:
		var se *safefile.Error
		if errors.As(e.Err, &se) {
			return t("hemmelighetsfilen kan ikke brukes: ", "the secrets file cannot be used: ") + cause
		}
		return fmt.Sprintf(t("hemmelighetsfilen %s kan ikke leses: %s", "the secrets file %s cannot be read: %s"), e.Path, cause)
	case ErrSecretsFileNoPassphrase:
		if cause == "" {
			cause = t("passordet var tomt", "the passphrase was empty")
		}
		return fmt.Sprintf(t("trenger passordet til hemmelighetsfilen %s: %s", "the passphrase of the secrets file %s is needed: %s"), e.Path, cause)
	case ErrSecretsFileWrite:
		return fmt.Sprintf(t("hemmelighetsfilen %s kunne ikke skrives (den forrige er beholdt): %s", "the secrets file %s could not be written (the previous one is kept): %s"), e.Path, cause)
	case ErrSecretsFileBusy:
		return fmt.Sprintf(t("hemmelighetsfilen %s er låst av en annen altinn-onboard for lenge (%s): vent til den er ferdig og prøv igjen",
			"the secrets file %s has been locked by another altinn-onboard for too long (%s): wait until it has finished and try again"), e.Path, cause)
	}
	var b strings.Builder
	b.WriteString(e.Path + ": ")
	if e.Kind != nil {
		b.WriteString(e.Kind.Text(lang))
	}
	if cause != "" {
		b.WriteString(" (" + cause + ")")
	}
	return b.String()
}
