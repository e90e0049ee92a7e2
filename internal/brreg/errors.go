package brreg

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"
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
			return fmt.Sprintf("Enhetsregisteret at %s did not answer within %s; fill in the name and address yourself", hostOf(e.URL), e.Timeout)
		}
		return fmt.Sprintf("Enhetsregisteret på %s svarte ikke innen %s; fyll inn navn og adresse selv", hostOf(e.URL), seconds(e.Timeout))
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
			return fmt.Sprintf("could not reach Enhetsregisteret at %s (%s); check the network, or fill in the name and address yourself", hostOf(e.URL), netReason(e.Err, true))
		}
		return fmt.Sprintf("fikk ikke kontakt med Enhetsregisteret på %s (%s); sjekk nettet, eller fyll inn navn og adresse selv", hostOf(e.URL), netReason(e.Err, false))
	}
}

// hostOf is the host (and port) of the URL asked: the whole URL, with
// Go's error around it, said the same thing twice.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// netReason says in a few words why the register could not be reached,
// in words a user can act on rather than Go's chain of errors.
func netReason(err error, en bool) string {
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	pick := func(nb, eng string) string {
		if en {
			return eng
		}
		return nb
	}
	switch {
	case err == nil:
		return pick("ukjent feil", "unknown error")
	case errors.As(err, &dns):
		return fmt.Sprintf(pick("fant ikke navnet %s", "could not find the name %s"), dns.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		return pick("tilkoblingen ble avvist", "connection refused")
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return pick("ingen vei dit på nettet", "network unreachable")
	case errors.As(err, &cert):
		return pick("sertifikatet ble ikke godtatt: ", "the certificate was not accepted: ") + cert.Err.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
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
