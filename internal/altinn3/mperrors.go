package altinn3

import (
	"fmt"
	"strings"
	"time"
)

// MPCase names a Maskinporten failure (altinn3-api.md §8.4). Which
// "error" value Maskinporten sends for most cases is uncertain (§13.4), so
// a case is recognised from the error value or the description, whichever
// says it.
type MPCase string

const (
	MPCustomerConfig  MPCase = "mp-303"           // system user not found for the grant
	MPJTIReused       MPCase = "jti-reused"       // the grant was used before
	MPUnknownClient   MPCase = "unknown-client"   // client not found (or other environment)
	MPExpired         MPCase = "expired"          // the grant is expired (clock or stale grant)
	MPClockSkew       MPCase = "clock-skew"       // our clock is off by more than Maskinporten allows
	MPAudience        MPCase = "audience"         // aud is not the issuer (MP-110)
	MPClientAuth      MPCase = "client-auth"      // wrong client id (MP-100)
	MPSignature       MPCase = "signature"        // the signature does not match the registered key
	MPCertificate     MPCase = "certificate"      // x5c missing, unreadable or not accepted (MP-120)
	MPKeyExpired      MPCase = "key-expired"      // the registered key expired (MP-121)
	MPKeyUnknown      MPCase = "key-unknown"      // no key with the grant's kid on the client
	MPInvalidScope    MPCase = "invalid-scope"    // a scope is not on the client
	MPScopeLoginOnly  MPCase = "scope-login-only" // a scope only for user login
	MPInvalidRequest  MPCase = "invalid-request"  // malformed grant or an unknown claim
	MPOther           MPCase = "other"            // anything else
	mpCustomerConfErr        = "invalid_altinn_customer_configuration"
)

// mpErrorBody is Maskinporten's error answer.
type mpErrorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
	URI         string `json:"error_uri"`
}

// classifyMaskinporten recognises the case from the error value and the
// description, most specific first.
func classifyMaskinporten(code, desc string) MPCase {
	d := strings.ToLower(desc)
	has := func(s ...string) bool {
		for _, x := range s {
			if strings.Contains(d, strings.ToLower(x)) {
				return true
			}
		}
		return false
	}
	switch {
	case code == mpCustomerConfErr || has("MP-303", "altinn_customer_configuration"):
		return MPCustomerConfig
	case has("used before", "MP-130"):
		return MPJTIReused
	case has("client not found"):
		return MPUnknownClient
	case has("expired key", "MP-121"):
		return MPKeyExpired
	case has("jwt is expired", "expired"):
		return MPExpired
	case has("claim iat", "claim exp"):
		// iat outside Maskinporten's ±10 s, or exp − iat over 120 s: the
		// program makes exp from iat, so it is the clock (§8.2).
		return MPClockSkew
	case has("claim aud", "MP-110"):
		return MPAudience
	case has("invalid certificate", "extract certificate", "MP-120"):
		return MPCertificate
	case has("signature"):
		return MPSignature
	case code == "invalid_scope" && has("user login"):
		return MPScopeLoginOnly
	case code == "invalid_scope" || has("invalid scopes"):
		return MPInvalidScope
	case has("client authentication failed", "MP-100"):
		return MPClientAuth
	case code == "invalid_request" || has("invalid parameter"):
		return MPInvalidRequest
	}
	return MPOther
}

// maskinportenAdvice is what to fix for a refused grant.
func maskinportenAdvice(e *Error) msg {
	var m msg
	switch e.MP {
	case MPCustomerConfig:
		m = msg{
			"Maskinporten fant ingen aktiv systembruker for kunden (MP-303). Vanlige årsaker: systemet i systemregisteret har ikke denne klient-ID-en; kunden har ikke godkjent forespørselen; organisasjonsnummeret i systemuser_org er ikke kundens (for agent-systembrukere er det fasilitatorens); den eksterne referansen fra forespørselen ble ikke sendt med, eller var en annen.",
			"Maskinporten found no active system user for the customer (MP-303). Usual causes: the system in the system register does not list this client ID; the customer has not accepted the request; the organisation number in systemuser_org is not the customer's (for agent system users it is the facilitator's); the external reference used in the request was not sent, or was another.",
		}
	case MPJTIReused:
		m = msg{"Grant-en (jti) var brukt før. Programmet lager en ny for hvert kall; prøv igjen.",
			"The grant (jti) was used before. The program makes a new one for each call; try again."}
	case MPUnknownClient:
		m = msg{"Maskinporten kjenner ikke klient-ID-en i dette miljøet. Sjekk klient-ID-en, og at klienten er laget i samme miljø (en TT02-klient finnes ikke i PROD).",
			"Maskinporten does not know the client ID in this environment. Check the client ID, and that the client was made in the same environment (a TT02 client does not exist in PROD)."}
	case MPExpired, MPClockSkew:
		m = msg{"Grant-en var utløpt da Maskinporten fikk den. Maskinporten godtar bare ±10 sekunders avvik: sjekk at maskinens klokke går riktig (NTP).",
			"The grant had expired when Maskinporten got it. Maskinporten allows only ±10 seconds: check that this machine's clock is right (NTP)."}
	case MPAudience:
		m = msg{"Maskinporten godtok ikke aud. Den må være utstederen fra Maskinportens metadata; sjekk ALTINN_ONBOARD_MASKINPORTEN_URL.",
			"Maskinporten did not accept aud. It must be the issuer from Maskinporten's metadata; check ALTINN_ONBOARD_MASKINPORTEN_URL."}
	case MPClientAuth:
		m = msg{"Klienten ble ikke godkjent: sjekk klient-ID-en og at nøkkelen er lastet opp på akkurat denne klienten.",
			"The client was not authenticated: check the client ID and that the key is uploaded to exactly this client."}
	case MPSignature:
		m = msg{"Signaturen stemmer ikke med nøkkelen som er registrert på klienten. Last opp den offentlige nøkkelen (JWK) på nytt, med samme kid.",
			"The signature does not match the key registered on the client. Upload the public key (JWK) again, with the same kid."}
	case MPCertificate:
		m = msg{"Virksomhetssertifikatet (x5c) ble ikke godtatt. Bruk et gyldig sertifikat fra Buypass eller Commfides; testsertifikater i TT02, produksjonssertifikater i PROD.",
			"The enterprise certificate (x5c) was not accepted. Use a valid certificate from Buypass or Commfides; test certificates in TT02, production certificates in PROD."}
	case MPKeyUnknown:
		m = msg{"Maskinporten fant ingen nøkkel med nøkkel-ID-en (kid) " + e.KeyID + " på klienten. Last opp den offentlige nøkkelen (JWK eller JWKS fra programmet) på denne klienten i selvbetjeningsportalen; kid må være den samme.",
			"Maskinporten found no key with the key ID (kid) " + e.KeyID + " on the client. Upload the public key (the JWK or JWKS from the program) to this client in the self-service portal; the kid must be the same."}
	case MPKeyExpired:
		m = msg{"Nøkkelen på klienten er utløpt. Lag en ny nøkkel og last opp den offentlige delen i selvbetjeningsportalen.",
			"The key on the client has expired. Make a new key and upload its public part in the self-service portal."}
	case MPInvalidScope:
		m = msg{"Klienten har ikke alle scopene det ble spurt etter" + scopeList(e.Missing) + ". Legg dem til klienten i selvbetjeningsportalen; altinn:authentication-scopene får du ved å sende registreringsskjemaet for sluttbrukersystemleverandører med «systembruker» krysset av.",
			"The client does not have every scope asked for" + scopeList(e.Missing) + ". Add them to the client in the self-service portal; the altinn:authentication scopes come with the registration form for end-user system vendors, with \"systembruker\" ticked."}
	case MPScopeLoginOnly:
		m = msg{"Et scope er bare for innlogging av personer, ikke for Maskinporten-klienter; fjern det.",
			"A scope is only for user login, not for Maskinporten clients; remove it."}
	case MPInvalidRequest:
		m = msg{"Maskinporten kunne ikke lese grant-en. Den kan ha et felt Maskinporten ikke kjenner; meld fra om feilen med sporings-ID-en.",
			"Maskinporten could not read the grant. It may hold a claim Maskinporten does not know; report the error with its trace ID."}
	default:
		m = msg{"Sjekk klient-ID, nøkkel og scopes i selvbetjeningsportalen, og prøv igjen.",
			"Check the client ID, key and scopes in the self-service portal, and try again."}
	}
	if e.Skew != 0 {
		m.nb += fmt.Sprintf(" Maskinens klokke går %s feil sammenlignet med Maskinporten.", roundSkew(e.Skew))
		m.en += fmt.Sprintf(" This machine's clock is %s off compared with Maskinporten.", roundSkew(e.Skew))
	}
	return m
}

func scopeList(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return " (" + strings.Join(s, ", ") + ")"
}

func roundSkew(d time.Duration) time.Duration {
	if d < 0 {
		d = -d
	}
	return d.Round(time.Second)
}

// maxSkew is how far apart Maskinporten's clock and ours may be (§8.2).
const maxSkew = 10 * time.Second

// skewFrom is how far the server's Date header is from local, when that
// is more than maxSkew (0 otherwise, or when there is no usable Date).
func skewFrom(date string, local time.Time) time.Duration {
	if date == "" {
		return 0
	}
	t, err := time.Parse(time.RFC1123, date)
	if err != nil {
		return 0
	}
	d := local.Sub(t)
	// The Date header has one second's resolution.
	if d > maxSkew+time.Second || d < -(maxSkew+time.Second) {
		return d
	}
	return 0
}
