package altinn3

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Kind sorts the ways a call to Maskinporten or Altinn fails; each has its
// own advice.
type Kind int

const (
	// KindNetwork: no answer (refused, DNS, TLS, timeout, cut off).
	KindNetwork Kind = iota + 1
	// KindUnauthorized: 401, the token was missing, expired or refused.
	KindUnauthorized
	// KindForbidden: 403, the token lacks the endpoint's scope, or the
	// system belongs to another organisation.
	KindForbidden
	// KindNotFound: 404.
	KindNotFound
	// KindConflict: 409, or a 400 that says something already exists.
	KindConflict
	// KindValidation: 400 with the service's codes (AUTH.VLD-…, AUTH-…)
	// or the framework's field errors.
	KindValidation
	// KindGone: 410.
	KindGone
	// KindServer: 5xx.
	KindServer
	// KindMaskinporten: the token endpoint refused the grant.
	KindMaskinporten
	// KindUnexpected: an answer this program cannot read.
	KindUnexpected
)

// Op is what the program was doing when a call failed, in both languages.
type Op struct{ NB, EN string }

// The operations, as the messages name them.
var (
	OpMetadata       = Op{"hente Maskinportens metadata", "fetching Maskinporten's metadata"}
	OpToken          = Op{"hente token fra Maskinporten", "getting a token from Maskinporten"}
	OpRegisterSystem = Op{"registrere systemet i systemregisteret", "registering the system in the system register"}
	OpUpdateSystem   = Op{"oppdatere systemet i systemregisteret", "updating the system in the system register"}
	OpReadSystem     = Op{"lese systemet fra systemregisteret", "reading the system from the system register"}
	OpRequest        = Op{"sende forespørsel om systembruker", "sending the system-user request"}
	OpRequestStatus  = Op{"lese status for forespørselen om systembruker", "reading the status of the system-user request"}
	OpDeleteRequest  = Op{"slette forespørselen om systembruker", "deleting the system-user request"}
	OpListUsers      = Op{"liste systembrukerne til systemet", "listing the system's system users"}
	OpFindUser       = Op{"slå opp systembrukeren", "looking up the system user"}
	OpPing           = Op{"nå tjenesten", "reaching the service"}
)

// Problem is one error the service listed in a validation answer.
type Problem struct {
	Code  string
	Title string
	Paths []string
	// Detail holds the extension members (for example which resource
	// IDs were not found), as "key value".
	Detail string
}

// Error is a failed call, typed so the program can say what to fix. Text
// gives the message in Norwegian bokmål or English; neither holds a token
// or a key.
type Error struct {
	Op     Op
	Kind   Kind
	Method string
	URL    string
	Status int
	// Code is the service's code: "AUTH.VLD-00002", "AUTH-00011",
	// "invalid_grant", "MP-303", "STD-00000", …
	Code  string
	Title string
	// MP is the case of a refused Maskinporten grant (KindMaskinporten).
	MP MPCase
	// Problems are the validation errors of a 400.
	Problems []Problem
	// Scope is the scope the endpoint requires (for 401/403 advice).
	Scope string
	// Missing are scopes the token was known to lack.
	Missing []string
	// KeyID is the kid the grant was signed with (Maskinporten errors).
	KeyID   string
	TraceID string
	// Skew is how far the local clock is from the server's Date header,
	// when that was more than Maskinporten tolerates.
	Skew time.Duration
	// Attempts is how many times the call was made.
	Attempts int
	Err      error
}

func (e *Error) Unwrap() error { return e.Err }

// Error is the English text.
func (e *Error) Error() string { return e.Text("en") }

// Text is the message in lang ("en" English, anything else bokmål): what
// failed, what the service said, and what to do about it.
func (e *Error) Text(lang string) string {
	en := lang == "en"
	var b strings.Builder
	if en {
		fmt.Fprintf(&b, "Failed %s", e.Op.EN)
	} else {
		fmt.Fprintf(&b, "Klarte ikke å %s", e.Op.NB)
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.Status)
		if e.Code != "" {
			fmt.Fprintf(&b, ", %s", e.Code)
		}
		b.WriteString(")")
	}
	title := oneLine(e.Title, 300)
	if title != "" {
		fmt.Fprintf(&b, ": %s", title)
	}
	if !strings.HasSuffix(title, ".") && !strings.HasSuffix(title, "?") && !strings.HasSuffix(title, "!") {
		b.WriteString(".")
	}
	for _, p := range e.Problems {
		b.WriteString("\n  • ")
		b.WriteString(problemText(p, en))
	}
	if advice := e.advice(en); advice != "" {
		b.WriteString("\n")
		b.WriteString(advice)
	}
	if e.TraceID != "" {
		if en {
			fmt.Fprintf(&b, "\n(Trace ID for Altinn's support: %s)", oneLine(e.TraceID, 100))
		} else {
			fmt.Fprintf(&b, "\n(Sporings-ID for Altinns brukerstøtte: %s)", oneLine(e.TraceID, 100))
		}
	}
	return b.String()
}

// Remote is the error as the session records it. A call that got no
// answer records why (refused, timed out, …), so the session says what
// happened.
func (e *Error) Remote() *session.RemoteError {
	title := e.Title
	if title == "" && e.Err != nil {
		title = e.Err.Error()
	}
	return &session.RemoteError{Status: e.Status, Code: e.Code, Title: oneLine(title, 300)}
}

// HasCode reports whether the error or one of its problems has code.
func (e *Error) HasCode(code string) bool {
	if e.Code == code {
		return true
	}
	for _, p := range e.Problems {
		if p.Code == code {
			return true
		}
	}
	return false
}

// AsError returns err as an *Error, if it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

func problemText(p Problem, en bool) string {
	s := p.Code
	if p.Title != "" {
		s += ": " + oneLine(p.Title, 200)
	}
	if p.Detail != "" {
		s += " (" + oneLine(p.Detail, 200) + ")"
	}
	if x, ok := codeAdvice[p.Code]; ok {
		s += " — " + x.text(en)
	}
	return s
}

// advice is what to do, by kind, code and status.
func (e *Error) advice(en bool) string {
	if e.Kind == KindMaskinporten {
		return maskinportenAdvice(e).text(en)
	}
	if x, ok := codeAdvice[e.Code]; ok && len(e.Problems) == 0 {
		return x.text(en)
	}
	switch e.Kind {
	case KindNetwork:
		return networkAdvice(e).text(en)
	case KindUnauthorized:
		return msg{
			"Tokenet ble ikke godtatt. Test Maskinporten-klienten på nytt; sjekk at klienten er laget i samme miljø (TT02 eller PROD) som du kaller.",
			"The token was not accepted. Test the Maskinporten client again; check that the client was made in the same environment (TT02 or PROD) you are calling.",
		}.text(en)
	case KindForbidden:
		return forbiddenAdvice(e).text(en)
	case KindNotFound:
		return msg{
			"Tjenesten kjenner ikke det du spurte etter. Sjekk ID-en, og at du bruker riktig miljø (TT02 eller PROD).",
			"The service does not know what you asked for. Check the ID, and that you use the right environment (TT02 or PROD).",
		}.text(en)
	case KindConflict:
		return msg{
			"Det finnes allerede. Les det tilbake og se forskjellen før du oppdaterer.",
			"It exists already. Read it back and look at the difference before you update.",
		}.text(en)
	case KindGone:
		return msg{"Tjenesten tilbyr ikke dette lenger.", "The service no longer offers this."}.text(en)
	case KindServer:
		return msg{
			"Feilen er hos tjenesten, ikke hos deg. Prøv igjen om litt; vedvarer den, meld fra til Altinns brukerstøtte med sporings-ID og tidspunkt.",
			"The fault is the service's, not yours. Try again in a while; if it persists, report it to Altinn's support with the trace ID and the time.",
		}.text(en)
	case KindUnexpected:
		return msg{
			"Svaret var ikke slik Altinn dokumenterer det. Sjekk at adressene (ALTINN_ONBOARD_*_URL) peker på riktig tjeneste.",
			"The answer was not as Altinn documents it. Check that the addresses (ALTINN_ONBOARD_*_URL) point at the right service.",
		}.text(en)
	}
	return ""
}

func networkAdvice(e *Error) msg {
	if isTimeout(e.Err) {
		return msg{
			"Tjenesten svarte ikke i tide (" + hostOf(e.URL) + "). Prøv igjen om litt; sjekk nettforbindelsen og proxy om det gjentar seg.",
			"The service did not answer in time (" + hostOf(e.URL) + "). Try again in a while; check the network and any proxy if it happens again.",
		}
	}
	return msg{
		"Fikk ikke svar fra tjenesten. Sjekk nettforbindelsen, proxy og adressen " + hostOf(e.URL) + "; ingenting ble endret hos tjenesten som du ikke kan gjøre på nytt.",
		"No answer from the service. Check the network, any proxy and the address " + hostOf(e.URL) + "; nothing was changed at the service that you cannot do again.",
	}
}

func forbiddenAdvice(e *Error) msg {
	if e.Scope != "" {
		return msg{
			"Tokenet mangler scopet " + e.Scope + ", eller systemet tilhører en annen virksomhet enn klientens. Be Digdir om scopet (registreringsskjemaet for sluttbrukersystemleverandører, med «systembruker» krysset av), legg det til klienten i selvbetjeningsportalen, og test klienten på nytt.",
			"The token lacks the scope " + e.Scope + ", or the system belongs to another organisation than the client's. Ask Digdir for the scope (the registration form for end-user system vendors, with \"systembruker\" ticked), add it to the client in the self-service portal, and test the client again.",
		}
	}
	return msg{
		"Tokenet gir ikke tilgang til dette. Sjekk klientens scopes og at systemet tilhører klientens virksomhet.",
		"The token does not give access to this. Check the client's scopes and that the system belongs to the client's organisation.",
	}
}

// msg is a text in both languages.
type msg struct{ nb, en string }

func (m msg) text(en bool) string {
	if en {
		return m.en
	}
	return m.nb
}

// oneLine makes service text safe to show on one line: control
// characters become spaces, and it is cut at max runes.
func oneLine(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}

func hostOf(u string) string {
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		rest, _ = strings.CutPrefix(u, "http://")
	}
	host, _, _ := strings.Cut(rest, "/")
	return oneLine(host, 100)
}
