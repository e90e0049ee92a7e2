// Package forms builds the wizard's forms and validates what users type into them.
package forms

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lang selects the language of a message shown to the user.
type Lang string

// The two languages the wizard speaks.
const (
	NB Lang = "nb" // Norwegian bokmål
	EN Lang = "en" // English
)

// ValidationError is what every validator returns on bad input. It carries the same
// message in both languages so the UI can show it in the user's language; both texts are
// single-line and never contain secrets.
type ValidationError struct {
	NB, EN string
}

// Error returns the Norwegian text, so a ValidationError reads sensibly in logs and in
// huh, which shows err.Error() as-is.
func (e *ValidationError) Error() string {
	if e == nil {
		return ""
	}
	return e.NB
}

// Text returns the message in English when l is EN, and in Norwegian otherwise.
func (e *ValidationError) Text(l Lang) string {
	if e == nil {
		return ""
	}
	if l == EN {
		return e.EN
	}
	return e.NB
}

// Localize returns err's text in lang if it is (or wraps) a *ValidationError, else
// err.Error(). A nil err gives "".
func Localize(err error, l Lang) string {
	if err == nil {
		return ""
	}
	var ve *ValidationError
	if errors.As(err, &ve) && ve != nil {
		return ve.Text(l)
	}
	return err.Error()
}

func invalid(nb, en string) error {
	return &ValidationError{NB: nb, EN: en}
}

// Required accepts any text that is not blank. Spaces, control and invisible format
// characters (such as a zero-width space) count as blank.
func Required(s string) error {
	if strings.TrimFunc(s, isBlank) == "" {
		return errRequired
	}
	return nil
}

var errRequired = invalid("Feltet må fylles ut", "This field is required")

func isBlank(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// SingleLine accepts valid UTF-8 text of at most max characters (runes; max <= 0 means
// no limit) without line breaks, tabs, control characters, invisible line breaks
// (U+0085 NEL, U+2028, U+2029) or text-direction overrides, any of which would corrupt
// the terminal, the generated documents or an e-mail header.
func SingleLine(s string, max int) error {
	return checkText(s, max, false)
}

// MultiLine is SingleLine with line breaks (\n or \r\n) and tabs allowed. A \r\n pair
// counts as one character, so the limit is the same whichever way the text was typed.
func MultiLine(s string, max int) error {
	return checkText(s, max, true)
}

func checkText(s string, max int, multi bool) error {
	if !utf8.ValidString(s) {
		return errTextUTF8
	}
	n := 0 // characters counted against max
	pos := 0
	for i, r := range s {
		pos++
		n++
		switch {
		case r == '\n':
			if !multi {
				return errOneLine
			}
		case r == '\r':
			if !multi {
				return errOneLine
			}
			if i+1 >= len(s) || s[i+1] != '\n' {
				return invalid(
					fmt.Sprintf("Teksten inneholder et vognretur-tegn (\\r) som ikke er del av et linjeskift, på plass %d", pos),
					fmt.Sprintf("The text contains a carriage return (\\r) that is not part of a line break, at position %d", pos))
			}
			n-- // \r\n is one line break
		case r == '\t':
			if !multi {
				return invalid(
					fmt.Sprintf("Feltet kan ikke inneholde tabulatortegn (plass %d)", pos),
					fmt.Sprintf("This field cannot contain tab characters (position %d)", pos))
			}
		case r == '\u0085' || r == '\u2028' || r == '\u2029':
			// NEL and the Unicode line and paragraph separators are
			// invisible line breaks: refused with a message that names
			// them, never turned into a space.
			if !multi {
				return invalid(
					fmt.Sprintf("Feltet kan bare ha én linje, men teksten inneholder et usynlig linjeskift (U+%04X) på plass %d: fjern det", r, pos),
					fmt.Sprintf("This field must be a single line, but the text contains an invisible line break (U+%04X) at position %d: remove it", r, pos))
			}
			return invalid(
				fmt.Sprintf("Teksten inneholder et Unicode-linjeskilletegn (U+%04X) på plass %d; bruk vanlig linjeskift", r, pos),
				fmt.Sprintf("The text contains a Unicode line separator (U+%04X) at position %d; use an ordinary line break", r, pos))
		case unicode.IsControl(r):
			return invalid(
				fmt.Sprintf("Teksten inneholder et usynlig kontrolltegn (U+%04X) på plass %d", r, pos),
				fmt.Sprintf("The text contains an invisible control character (U+%04X) at position %d", r, pos))
		case isBidiControl(r):
			return invalid(
				fmt.Sprintf("Teksten inneholder et usynlig tegn som snur skriveretningen (U+%04X) på plass %d", r, pos),
				fmt.Sprintf("The text contains an invisible text-direction control character (U+%04X) at position %d", r, pos))
		}
	}
	if max > 0 && n > max {
		return invalid(
			fmt.Sprintf("Teksten er for lang: høyst %d tegn (du skrev %d)", max, n),
			fmt.Sprintf("The text is too long: at most %d characters (you entered %d)", max, n))
	}
	return nil
}

var (
	errTextUTF8 = invalid("Teksten inneholder ugyldige tegn (ikke gyldig UTF-8)",
		"The text contains invalid characters (not valid UTF-8)")
	errOneLine = invalid("Feltet kan bare ha én linje (fjern linjeskiftet)",
		"This field must be a single line (remove the line break)")
)

// isBidiControl reports the embedding, override and isolate controls (U+202A–U+202E,
// U+2066–U+2069): they make a value display differently from what is stored.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// minPasswordLen is Altinn's rule for the SystemID password.
const minPasswordLen = 7

// SystemPassword checks Altinn's rule for a SystemID password: at least 7 characters,
// with both letters (any alphabet, æøå included) and digits (0–9). Its messages never
// repeat the password, nor its length.
func SystemPassword(s string) error {
	switch {
	case s == "":
		return errPasswordEmpty
	case !utf8.ValidString(s):
		return errPasswordChars
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }) >= 0:
		return errPasswordChars
	case utf8.RuneCountInString(s) < minPasswordLen:
		return errPasswordShort
	}
	letter := strings.IndexFunc(s, unicode.IsLetter) >= 0
	digit := strings.IndexFunc(s, isASCIIDigit) >= 0
	switch {
	case !letter && !digit:
		return errPasswordMix
	case !letter:
		return errPasswordNoLetter
	case !digit:
		return errPasswordNoDigit
	}
	return nil
}

var (
	errPasswordEmpty = invalid("Skriv inn et passord (minst 7 tegn, med både bokstaver og tall)",
		"Enter a password (at least 7 characters, with both letters and digits)")
	errPasswordChars = invalid("Passordet kan ikke inneholde linjeskift, kontrolltegn eller ugyldige tegn",
		"The password cannot contain line breaks, control characters or invalid characters")
	errPasswordShort = invalid("Passordet må ha minst 7 tegn",
		"The password must be at least 7 characters long")
	errPasswordMix = invalid("Passordet må inneholde både bokstaver og tall",
		"The password must contain both letters and digits")
	errPasswordNoLetter = invalid("Passordet må inneholde både bokstaver og tall (det mangler bokstaver)",
		"The password must contain both letters and digits (it has no letters)")
	errPasswordNoDigit = invalid("Passordet må inneholde både bokstaver og tall (det mangler tall)",
		"The password must contain both letters and digits (it has no digits)")
)

// passwordErrors lists every error SystemPassword can return; the tests use it to prove
// no message depends on the password.
var passwordErrors = []error{errPasswordEmpty, errPasswordChars, errPasswordShort,
	errPasswordMix, errPasswordNoLetter, errPasswordNoDigit}

// code describes a field that holds a number written with ASCII digits only.
type code struct {
	subjNB, subjEN string // "Postnummeret", "The postcode"
	objNB, objEN   string // "postnummeret", "the postcode"
	hintNB, hintEN string // shown when empty, e.g. " (4 siffer)"
	min, max       int    // digit count
}

var (
	postcode       = code{"Postnummeret", "The postcode", "postnummeret", "the postcode", " (4 siffer)", " (4 digits)", 4, 4}
	serviceCode    = code{"Tjenestekoden", "The service code", "tjenestekoden", "the service code", " (f.eks. 4936)", " (e.g. 4936)", 1, 10}
	serviceEdition = code{"Utgavekoden", "The service edition code", "utgavekoden", "the service edition code", " (f.eks. 1)", " (e.g. 1)", 1, 10}
	systemID       = code{"SystemID-en", "The SystemID", "SystemID-en", "the SystemID", " (bare sifre)", " (digits only)", 1, maxSystemIDDigits}
)

// maxSystemIDDigits keeps a SystemID within int64; Altinn's SystemIDs are far shorter.
const maxSystemIDDigits = 18

// Postcode accepts a Norwegian postcode: exactly 4 digits, such as 0150.
func Postcode(s string) error { return postcode.check(s) }

// ServiceCode accepts an Altinn service code: 1–10 digits, such as 4936.
func ServiceCode(s string) error { return serviceCode.check(s) }

// ServiceEdition accepts an Altinn service edition code: 1–10 digits.
func ServiceEdition(s string) error { return serviceEdition.check(s) }

// SystemID accepts an Altinn SystemID: digits only, at most 18 of them.
func SystemID(s string) error { return systemID.check(s) }

// check is strict about surrounding spaces: these validators return no normalised value,
// so whatever they accept is stored as typed.
func (c code) check(s string) error {
	if strings.TrimSpace(s) == "" {
		return invalid("Skriv inn "+c.objNB+c.hintNB, "Enter "+c.objEN+c.hintEN)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if isASCIIDigit(r) {
			continue
		}
		if unicode.IsSpace(r) && r != '\n' && r != '\r' {
			return invalid(c.subjNB+" kan ikke inneholde mellomrom", c.subjEN+" cannot contain spaces")
		}
		return nonDigit(c.subjNB, c.subjEN, r, size)
	}
	n := len(s)
	switch {
	case c.min == c.max && n != c.min:
		return invalid(
			fmt.Sprintf("%s må ha %d siffer (du skrev %d)", c.subjNB, c.min, n),
			fmt.Sprintf("%s must have %d digits (you entered %d)", c.subjEN, c.min, n))
	case n > c.max:
		return invalid(
			fmt.Sprintf("%s kan ha høyst %d siffer (du skrev %d)", c.subjNB, c.max, n),
			fmt.Sprintf("%s can have at most %d digits (you entered %d)", c.subjEN, c.max, n))
	}
	return nil
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// unicodeDigit reports digits from other scripts, such as full-width ３ or Arabic-Indic ٣.
func unicodeDigit(r rune) bool { return unicode.IsDigit(r) && !isASCIIDigit(r) }

// nonDigit explains why r (decoded from size bytes) does not belong in a number.
func nonDigit(subjNB, subjEN string, r rune, size int) error {
	if unicodeDigit(r) {
		return invalid(
			fmt.Sprintf("%s må skrives med vanlige sifre 0–9 (fant %s)", subjNB, quoteNB(string(r))),
			fmt.Sprintf("%s must be written with the ordinary digits 0–9 (found %s)", subjEN, quoteEN(string(r))))
	}
	nb, en := describeRune(r, size)
	return invalid(
		fmt.Sprintf("%s kan bare inneholde sifre (fant %s)", subjNB, nb),
		fmt.Sprintf("%s can only contain digits (found %s)", subjEN, en))
}

// describeRune names r for a message, without ever putting a control character in it.
func describeRune(r rune, size int) (nb, en string) {
	switch {
	case r == utf8.RuneError && size <= 1:
		return "en ugyldig byte (ikke UTF-8)", "an invalid byte (not UTF-8)"
	case r == '\t':
		return "et tabulatortegn", "a tab character"
	case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
		return "et linjeskift", "a line break"
	case unicode.IsSpace(r):
		return "et mellomrom", "a space"
	case unsafeRune(r):
		return fmt.Sprintf("det usynlige tegnet U+%04X", r), fmt.Sprintf("the invisible character U+%04X", r)
	}
	return quoteNB(string(r)), quoteEN(string(r))
}

// maxShown caps how much of a user's value a message repeats.
const maxShown = 40

// clip makes s safe to put in a message: invalid UTF-8, control characters, line and
// paragraph separators and text-direction controls become U+FFFD, and anything past
// maxShown characters becomes "…".
func clip(s string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if n == maxShown {
			b.WriteString("…")
			break
		}
		if (r == utf8.RuneError && size <= 1) || unsafeRune(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || isBidiControl(r)
}

// quoteNB and quoteEN show a user's value inside a message, clipped and quoted the way
// each language quotes.
func quoteNB(s string) string { return "«" + clip(s) + "»" }
func quoteEN(s string) string { return "\"" + clip(s) + "\"" }

// isGroupSep reports the spaces people put between groups of digits, including the
// no-break and narrow no-break spaces that Norwegian number formatting produces when a
// number is copied from a web page or a document.
func isGroupSep(r rune) bool {
	return r == ' ' || r == '\u00A0' || r == '\u202F' || r == '\u2009'
}

// groupedDigits removes group separators from s and checks that only ASCII digits are
// left.
func groupedDigits(s, subjNB, subjEN string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case isGroupSep(r):
		case isASCIIDigit(r):
			b.WriteByte(byte(r))
		default:
			return "", nonDigit(subjNB, subjEN, r, size)
		}
	}
	return b.String(), nil
}
