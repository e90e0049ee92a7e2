package store

// The keyring's failures: typed, classified from what go-keyring and
// D-Bus say, in Norwegian bokmål and English, and never holding the
// secret value.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// Localized is an error with a message in Norwegian bokmål and English.
type Localized interface {
	error
	// Text returns the message in lang: Norwegian bokmål for "nb", "no"
	// and "nn" (with or without region, e.g. "nb-NO", "nb_NO.UTF-8"),
	// English otherwise.
	Text(lang string) string
}

// SecretErrorKind is a class of keyring failure. The Err* values below are
// the kinds; test for them with errors.Is(err, store.ErrKeyringLocked).
type SecretErrorKind struct {
	code string
	en   string
	nb   string
}

// Error returns the English message.
func (k *SecretErrorKind) Error() string { return k.en }

// Code returns a stable identifier such as "keyring-locked".
func (k *SecretErrorKind) Code() string { return k.code }

// Text returns the message in lang (see Localized).
func (k *SecretErrorKind) Text(lang string) string {
	if isNorwegian(lang) {
		return k.nb
	}
	return k.en
}

var (
	// ErrNoDBus: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset, or
	// the bus cannot be reached).
	ErrNoDBus = &SecretErrorKind{
		code: "no-dbus",
		en:   "no D-Bus session bus is available (DBUS_SESSION_BUS_ADDRESS is unset or the bus cannot be reached); start a desktop session or run the program inside dbus-run-session",
		nb:   "ingen D-Bus-sesjonsbuss er tilgjengelig (DBUS_SESSION_BUS_ADDRESS er ikke satt, eller bussen kan ikke nås); start en skrivebordsøkt eller kjør programmet inne i dbus-run-session",
	}
	// ErrNoSecretService: the session bus has no org.freedesktop.secrets.
	ErrNoSecretService = &SecretErrorKind{
		code: "no-secret-service",
		en:   "no Secret Service is running (nothing provides org.freedesktop.secrets on the session bus); install and start gnome-keyring, or KeePassXC with Secret Service integration enabled",
		nb:   "ingen Secret Service kjører (ingenting tilbyr org.freedesktop.secrets på sesjonsbussen); installer og start gnome-keyring, eller KeePassXC med Secret Service-integrasjon slått på",
	}
	// ErrKeyringLocked: the keyring is locked or the unlock prompt was
	// dismissed.
	ErrKeyringLocked = &SecretErrorKind{
		code: "keyring-locked",
		en:   "the keyring is locked or the unlock prompt was dismissed; unlock your keyring (for example by logging in to the desktop, or in Passwords and Keys) and try again",
		nb:   "nøkkelringen er låst, eller opplåsingsdialogen ble avvist; lås opp nøkkelringen (for eksempel ved å logge inn på skrivebordet, eller i «Passord og nøkler») og prøv igjen",
	}
	// ErrKeyringTimeout: the keyring did not answer in time.
	ErrKeyringTimeout = &SecretErrorKind{
		code: "keyring-timeout",
		en:   "the keyring did not answer in time; the Secret Service seems to hang: restart it (for example gnome-keyring-daemon --replace, or log out and in again) and try again",
		nb:   "nøkkelringen svarte ikke i tide; Secret Service ser ut til å henge: start den på nytt (for eksempel gnome-keyring-daemon --replace, eller logg ut og inn igjen) og prøv igjen",
	}
	// ErrSecretTooLarge: the value exceeds MaxSecretBytes.
	ErrSecretTooLarge = &SecretErrorKind{
		code: "secret-too-large",
		en:   fmt.Sprintf("the secret is larger than %d bytes, the most macOS Keychain and Windows Credential Manager can hold; it is refused on every platform so the session works everywhere", MaxSecretBytes),
		nb:   fmt.Sprintf("hemmeligheten er større enn %d byte, det meste macOS-nøkkelringen og Windows Legitimasjonsbehandling kan lagre; den avvises på alle plattformer slik at økten virker overalt", MaxSecretBytes),
	}
	// ErrSecretNotFound: the secret is not stored.
	ErrSecretNotFound = &SecretErrorKind{
		code: "secret-not-found",
		en:   "the secret is not stored in the keyring; enter it again",
		nb:   "hemmeligheten er ikke lagret i nøkkelringen; skriv den inn på nytt",
	}
	// ErrInvalidSecretName: the name is not well formed (see
	// CheckSecretName).
	ErrInvalidSecretName = &SecretErrorKind{
		code: "invalid-secret-name",
		en:   fmt.Sprintf("invalid secret name: it must be 1 to %d characters a-z, 0-9 and '-', not starting with '-'", MaxSecretNameLength),
		nb:   fmt.Sprintf("ugyldig navn på hemmelighet: det må være 1 til %d tegn a-z, 0-9 og «-», og ikke begynne med «-»", MaxSecretNameLength),
	}
	// ErrInvalidSessionID: the session ID is not 1-128 characters [a-z0-9-].
	ErrInvalidSessionID = &SecretErrorKind{
		code: "invalid-session-id",
		en:   fmt.Sprintf("invalid session ID: it must be 1 to %d characters a-z, 0-9 and '-'", MaxSessionIDLength),
		nb:   fmt.Sprintf("ugyldig økt-ID: den må være 1 til %d tegn a-z, 0-9 og «-»", MaxSessionIDLength),
	}
	// ErrKeyringFailed: any other keyring failure; the cause is attached.
	ErrKeyringFailed = &SecretErrorKind{
		code: "keyring-failed",
		en:   "the keyring reported an error",
		nb:   "nøkkelringen rapporterte en feil",
	}
)

// SecretError is the error every Keyring method returns. It never contains
// a secret value.
type SecretError struct {
	Op      string           // "set", "get", "delete", "known" or "delete-all"
	Name    string           // secret name; empty when the name was invalid
	Kind    *SecretErrorKind // one of the Err* kinds
	Timeout time.Duration    // the limit that expired (ErrKeyringTimeout)
	Size    int              // the value's size in bytes (ErrSecretTooLarge)
	Err     error            // underlying cause, if any
}

var _ Localized = (*SecretError)(nil)

// Error returns the English message.
func (e *SecretError) Error() string { return e.Text("en") }

// Unwrap makes errors.Is(err, ErrKeyringLocked) and errors.As on the cause
// work.
func (e *SecretError) Unwrap() []error {
	var errs []error
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

var opNB = map[string]string{
	"set":        "lagre",
	"get":        "hente",
	"delete":     "slette",
	"known":      "sjekke",
	"delete-all": "slette alle",
}

// Text returns the message in lang (see Localized).
func (e *SecretError) Text(lang string) string {
	nb := isNorwegian(lang)
	kind := e.Kind
	if kind == nil {
		kind = ErrKeyringFailed
	}

	var b strings.Builder
	if nb {
		b.WriteString("nøkkelring")
		if o, ok := opNB[e.Op]; ok {
			b.WriteString(": " + o)
		} else if e.Op != "" {
			b.WriteString(": " + e.Op)
		}
	} else {
		b.WriteString("keyring")
		if e.Op != "" {
			b.WriteString(" " + e.Op)
		}
	}
	if e.Name != "" {
		b.WriteString(" " + e.Name)
	}
	b.WriteString(": ")

	switch {
	case kind == ErrKeyringTimeout && e.Timeout > 0:
		if nb {
			fmt.Fprintf(&b, "nøkkelringen svarte ikke innen %s; Secret Service ser ut til å henge: start den på nytt (for eksempel gnome-keyring-daemon --replace, eller logg ut og inn igjen) og prøv igjen", e.Timeout)
		} else {
			fmt.Fprintf(&b, "the keyring did not answer within %s; the Secret Service seems to hang: restart it (for example gnome-keyring-daemon --replace, or log out and in again) and try again", e.Timeout)
		}
	case kind == ErrSecretTooLarge && e.Size > 0:
		if nb {
			fmt.Fprintf(&b, "hemmeligheten er %d byte, men grensen er %d byte (det meste macOS-nøkkelringen og Windows Legitimasjonsbehandling kan lagre); den avvises på alle plattformer slik at økten virker overalt", e.Size, MaxSecretBytes)
		} else {
			fmt.Fprintf(&b, "the secret is %d bytes but the limit is %d bytes (the most macOS Keychain and Windows Credential Manager can hold); it is refused on every platform so the session works everywhere", e.Size, MaxSecretBytes)
		}
	default:
		b.WriteString(kind.Text(lang))
	}
	if e.Err != nil {
		if nb {
			b.WriteString(" (detaljer: " + describeCause(e.Err) + ")")
		} else {
			b.WriteString(" (details: " + describeCause(e.Err) + ")")
		}
	}
	return b.String()
}

func isNorwegian(lang string) bool {
	l := strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(l, "-_.@"); i >= 0 {
		l = l[:i]
	}
	return l == "nb" || l == "no" || l == "nn" || l == "nob" || l == "nor"
}

// kindError carries a classification made before go-keyring was called
// (see preflight).
type kindError struct {
	kind  *SecretErrorKind
	cause error
}

func (e *kindError) Error() string {
	if e.cause != nil {
		return e.kind.en + ": " + e.cause.Error()
	}
	return e.kind.en
}

func (e *kindError) Unwrap() error { return e.cause }

// errWithheld replaces a cause whose text contained the secret value.
var errWithheld = errors.New("details withheld because they contained the secret value")

// wrapError classifies err from a keyring call and wraps it in a
// SecretError. secret is the value being stored (Set) or "": if the
// cause's text contains it, the cause is replaced by errWithheld.
func wrapError(op, name, secret string, err error) error {
	kind, cause := classify(err)
	// Timeout stays zero for a timeout reported by the bus (NoReply):
	// the limit that expired is not ours.
	se := &SecretError{Op: op, Name: name, Kind: kind, Err: cause}
	if secret != "" && cause != nil && mentions(cause, secret) {
		se.Err = errWithheld
	}
	return se
}

// mentions reports whether any rendering of err contains secret.
func mentions(err error, secret string) bool {
	for _, s := range []string{err.Error(), describeCause(err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		if strings.Contains(s, secret) {
			return true
		}
	}
	return false
}

// classify maps an error from go-keyring (or godbus) to a kind, and
// returns the cause worth keeping (nil when the kind says it all).
func classify(err error) (*SecretErrorKind, error) {
	var ke *kindError
	if errors.As(err, &ke) {
		return ke.kind, ke.cause
	}
	var se *SecretError
	if errors.As(err, &se) && se.Kind != nil {
		return se.Kind, se.Err
	}
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return ErrSecretNotFound, nil
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return ErrSecretTooLarge, nil
	}
	if kind := classifyPlatform(err); kind != nil {
		return kind, err
	}
	return ErrKeyringFailed, err
}
