package brreg

import (
	"fmt"
	"time"
)

// Kind says why a lookup failed.
type Kind int

const (
	// KindNetwork: the register could not be reached.
	KindNetwork Kind = iota
	// KindTimeout: no answer within the timeout.
	KindTimeout
	// KindStatus: an HTTP status other than 200, 404 and 410.
	KindStatus
	// KindMalformed: an answer that is not the register's JSON.
	KindMalformed
	// KindOffline: lookups are turned off (--offline).
	KindOffline
	// KindCache: the cache file could not be read or written; it is left
	// as it is and lookups go on without it.
	KindCache
)

// Error is a lookup that gave no answer, in Norwegian bokmål and English.
type Error struct {
	Kind      Kind
	OrgNumber string
	URL       string // what was asked (KindCache: the cache file)
	Status    int    // KindStatus
	Timeout   time.Duration
	Err       error
}

func (e *Error) Unwrap() error { return e.Err }

// Error is the English text.
func (e *Error) Error() string { return e.Text("en") }

// Text is the message in lang: English for "en", else Norwegian bokmål.
func (e *Error) Text(lang string) string {
	en := lang == "en"
	cause := ""
	if e.Err != nil {
		cause = ": " + e.Err.Error()
	}
	switch e.Kind {
	case KindTimeout:
		if en {
			return fmt.Sprintf("Enhetsregisteret did not answer within %s (%s); fill in the name and address yourself", e.Timeout, e.URL)
		}
		return fmt.Sprintf("Enhetsregisteret svarte ikke innen %s (%s); fyll inn navn og adresse selv", seconds(e.Timeout), e.URL)
	case KindStatus:
		if en {
			return fmt.Sprintf("Enhetsregisteret answered HTTP %d for %s (%s); try again later, or fill in the name and address yourself", e.Status, e.OrgNumber, e.URL)
		}
		return fmt.Sprintf("Enhetsregisteret svarte HTTP %d for %s (%s); prøv igjen senere, eller fyll inn navn og adresse selv", e.Status, e.OrgNumber, e.URL)
	case KindMalformed:
		if en {
			return fmt.Sprintf("the answer from %s is not Enhetsregisteret's JSON%s; is %s set to the right address?", e.URL, cause, EnvURL)
		}
		return fmt.Sprintf("svaret fra %s er ikke JSON fra Enhetsregisteret%s; peker %s på riktig adresse?", e.URL, cause, EnvURL)
	case KindOffline:
		if en {
			return "lookups in Enhetsregisteret are turned off (--offline)"
		}
		return "oppslag i Enhetsregisteret er slått av (--offline)"
	case KindCache:
		if en {
			return fmt.Sprintf("the lookup cache %s could not be used%s; it is left as it is and lookups go on without it (delete it to start afresh)", e.URL, cause)
		}
		return fmt.Sprintf("oppslagsbufferet %s kunne ikke brukes%s; filen er latt være, og oppslag går videre uten den (slett den for å begynne på nytt)", e.URL, cause)
	default:
		if en {
			return fmt.Sprintf("could not reach Enhetsregisteret (%s)%s; check the network, or fill in the name and address yourself", e.URL, cause)
		}
		return fmt.Sprintf("fikk ikke kontakt med Enhetsregisteret (%s)%s; sjekk nettet, eller fyll inn navn og adresse selv", e.URL, cause)
	}
}

// seconds writes d as Norwegian does: "3 s", "0,05 s".
func seconds(d time.Duration) string {
	s := fmt.Sprintf("%g s", d.Seconds())
	out := []byte(s)
	for i, c := range out {
		if c == '.' {
			out[i] = ','
		}
	}
	return string(out)
}
