package forms

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length limits from RFC 5321 (a path holds at most 256 octets including the angle
// brackets, a local part 64 octets) and RFC 1035 (a label 63 octets).
const (
	maxEmailLen  = 254
	maxLocalLen  = 64
	maxDomainLen = 253
	maxLabelLen  = 63
)

// Email accepts exactly one bare internet e-mail address, such as ola@firma.no, and
// returns it without surrounding spaces. It must parse with net/mail.ParseAddress and
// come out unchanged, which rules out display names ("Ola <ola@firma.no>"), comments
// and quoted local parts; lists are rejected; and the domain must be a host name with
// at least one dot, because the address is for internet mail (net/mail accepts "a@b").
//
// The domain may have letters beyond a–z (post@blåbær.no): e-mail carries it in its
// ASCII form (EmailASCII), which every mail server understands, and the length limits
// apply to that form. The part before the @ must be ASCII: an address such as
// åse@firma.no needs SMTPUTF8 from every server on the way, which many do not offer,
// so the registration e-mail could not be delivered or answered.
func Email(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", errEmailEmpty
	}
	if err := emailCharacters(t); err != nil {
		return "", err
	}
	at, err := emailAt(t)
	if err != nil {
		return "", err
	}
	local, domain := t[:at], t[at+1:]
	if err := emailLocalPart(t, local); err != nil {
		return "", err
	}
	if err := checkDomain(domain); err != nil {
		return "", err
	}
	if len(EmailASCII(t)) > maxEmailLen {
		return "", errEmailTooLong
	}
	if len(asciiDomain(domain)) > maxDomainLen {
		return "", invalid(
			fmt.Sprintf("Domenet %s i e-postadressen er ugyldig (for langt)", quoteNB(domain)),
			fmt.Sprintf("The domain %s in the e-mail address is not valid (too long)", quoteEN(domain)))
	}
	addr, err := mail.ParseAddress(t)
	if err != nil || addr.Name != "" || addr.Address != t {
		return "", invalid(
			fmt.Sprintf("%s er ikke en gyldig e-postadresse", quoteNB(t)),
			fmt.Sprintf("%s is not a valid e-mail address", quoteEN(t)))
	}
	return t, nil
}

// emailCharacters refuses what no single bare address holds: invalid
// text, line breaks, invisible controls, lists, display names, spaces,
// quotes and comments.
func emailCharacters(t string) error {
	if !utf8.ValidString(t) {
		return errEmailUTF8
	}
	for _, r := range t {
		switch {
		case r == '\r' || r == '\n' || r == '\u2028' || r == '\u2029':
			return errEmailLines
		case unsafeRune(r):
			return invalid(
				fmt.Sprintf("E-postadressen inneholder et usynlig kontrolltegn (U+%04X)", r),
				fmt.Sprintf("The e-mail address contains an invisible control character (U+%04X)", r))
		}
	}
	if strings.ContainsAny(t, ",;") {
		return errEmailList
	}
	if strings.ContainsAny(t, "<>") {
		return errEmailBare
	}
	if strings.IndexFunc(t, unicode.IsSpace) >= 0 {
		return errEmailSpace
	}
	if strings.ContainsAny(t, "\"()") {
		return invalid("Skriv adressen uten anførselstegn og parenteser, f.eks. ola@firma.no",
			"Write the address without quotation marks or parentheses, e.g. ola@firma.no")
	}
	return nil
}

// emailAt finds the one @, with something on either side of it.
func emailAt(t string) (int, error) {
	at := strings.LastIndexByte(t, '@')
	switch {
	case at < 0:
		return 0, invalid(
			fmt.Sprintf("%s mangler @ – skriv hele adressen, f.eks. ola@firma.no", quoteNB(t)),
			fmt.Sprintf("%s has no @ – write the whole address, e.g. ola@firma.no", quoteEN(t)))
	case strings.Count(t, "@") > 1:
		return 0, invalid(
			fmt.Sprintf("%s har mer enn én @", quoteNB(t)),
			fmt.Sprintf("%s has more than one @", quoteEN(t)))
	case at == 0:
		return 0, invalid(
			fmt.Sprintf("%s mangler navnet foran @", quoteNB(t)),
			fmt.Sprintf("%s has nothing before the @", quoteEN(t)))
	case at == len(t)-1:
		return 0, invalid(
			fmt.Sprintf("%s mangler domenet etter @ (f.eks. firma.no)", quoteNB(t)),
			fmt.Sprintf("%s has no domain after the @ (e.g. firma.no)", quoteEN(t)))
	case len(t) > 4*maxEmailLen:
		// Far too long in any form; spares the checks below huge input.
		return 0, errEmailTooLong
	}
	return at, nil
}

// emailLocalPart checks the part before the @ of the address t.
func emailLocalPart(t, local string) error {
	for _, r := range local {
		if r >= utf8.RuneSelf {
			return invalid(
				fmt.Sprintf("%s: delen foran @ kan bare ha a–z, 0–9 og tegn som . _ - + (ikke %s); mange e-posttjenester kan ikke levere til slike adresser. Domenet etter @ kan ha æ, ø og å.", quoteNB(t), quoteNB(string(r))),
				fmt.Sprintf("%s: the part before the @ can only have a–z, 0–9 and characters such as . _ - + (not %s); many mail services cannot deliver to such addresses. The domain after the @ may have æ, ø and å.", quoteEN(t), quoteEN(string(r))))
		}
	}
	if len(local) > maxLocalLen {
		return invalid(
			fmt.Sprintf("Delen foran @ er for lang (høyst %d tegn)", maxLocalLen),
			fmt.Sprintf("The part before the @ is too long (at most %d characters)", maxLocalLen))
	}
	return nil
}

func checkDomain(domain string) error {
	bad := func(whyNB, whyEN string) error {
		return invalid(
			fmt.Sprintf("Domenet %s i e-postadressen er ugyldig (%s)", quoteNB(domain), whyNB),
			fmt.Sprintf("The domain %s in the e-mail address is not valid (%s)", quoteEN(domain), whyEN))
	}
	if !strings.Contains(domain, ".") {
		return invalid(
			fmt.Sprintf("Domenet %s i e-postadressen mangler punktum (f.eks. firma.no)", quoteNB(domain)),
			fmt.Sprintf("The domain %s in the e-mail address has no dot (e.g. firma.no)", quoteEN(domain)))
	}
	// The rules apply to the domain as mail programs map it before
	// converting it to ASCII (lower case, compatibility forms folded).
	labels := domainLabels(domain)
	for _, l := range labels {
		switch {
		case l == "":
			return bad("tomt ledd mellom punktumer", "empty part between dots")
		case utf8.RuneCountInString(l) > maxLabelLen || len(asciiLabel(l)) > maxLabelLen:
			return bad(fmt.Sprintf("et ledd er lengre enn %d tegn", maxLabelLen), fmt.Sprintf("a part is longer than %d characters", maxLabelLen))
		case l[0] == '-' || l[len(l)-1] == '-':
			return bad("et ledd begynner eller slutter med bindestrek", "a part begins or ends with a hyphen")
		}
		for _, r := range l {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '-') {
				nb, en := describeRune(r, utf8.RuneLen(r))
				return bad("fant "+nb, "found "+en)
			}
		}
	}
	if strings.IndexFunc(labels[len(labels)-1], unicode.IsLetter) < 0 {
		return bad("toppdomenet må inneholde bokstaver", "the top-level domain must contain letters")
	}
	return nil
}

var (
	errEmailEmpty = invalid("Skriv inn en e-postadresse (f.eks. ola@firma.no)",
		"Enter an e-mail address (e.g. ola@firma.no)")
	errEmailUTF8 = invalid("E-postadressen inneholder ugyldige tegn (ikke gyldig UTF-8)",
		"The e-mail address contains invalid characters (not valid UTF-8)")
	errEmailLines = invalid("E-postadressen kan ikke inneholde linjeskift",
		"The e-mail address cannot contain line breaks")
	errEmailList = invalid("Skriv bare én e-postadresse i feltet",
		"Enter only one e-mail address in this field")
	errEmailBare = invalid("Skriv bare selve adressen, f.eks. ola@firma.no (uten navn eller < >)",
		"Enter just the address, e.g. ola@firma.no (without a name or < >)")
	errEmailSpace = invalid("E-postadressen kan ikke inneholde mellomrom",
		"The e-mail address cannot contain spaces")
	errEmailTooLong = invalid(
		fmt.Sprintf("E-postadressen er for lang (høyst %d tegn)", maxEmailLen),
		fmt.Sprintf("The e-mail address is too long (at most %d characters)", maxEmailLen))
)
