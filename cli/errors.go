package cli

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// exitError carries an exit status other than 1 to Main.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// localizedError is an error that can say itself in either language
// (safefile.Error, templates.TemplateError, store.Localized).
type localizedError interface {
	error
	Text(lang string) string
}

// errorText is err for the terminal: the part of it that a localized
// error in its chain wrote is said in lang, a reference that matched no
// session (which may be a secret typed in the wrong place) is quoted by
// its first characters only, and control characters (from a path, a
// name, a file) are shown, never sent.
func errorText(err error, lang string) string {
	msg := err.Error()
	// First the unknown reference, which is quoted by its start only
	// (store.NotFoundError's own Text would repeat it whole).
	var nf *store.NotFoundError
	if errors.As(err, &nf) {
		msg = strings.Replace(msg, nf.Error(), notFoundText(nf.Ref, lang)+nf.Note(lang), 1)
	}
	var l localizedError
	if errors.As(err, &l) && strings.HasSuffix(msg, l.Error()) {
		msg = msg[:len(msg)-len(l.Error())] + l.Text(lang)
	}
	return termtext.Text(redactArgs(msg, lang))
}

// shownRefRunes is how much of an unknown reference a message repeats:
// enough to recognise a typo, too little to give away a secret (an API
// key or password given to --session, or as a session name, by mistake).
const shownRefRunes = 3

// quoteRef quotes the start of a reference that matched nothing.
func quoteRef(ref, lang string) string {
	q := termtext.Clip(strings.TrimSpace(ref), shownRefRunes)
	if utf8.RuneCountInString(strings.TrimSpace(ref)) > shownRefRunes {
		if lang == "en" {
			return fmt.Sprintf("\"%s\" (the start of what you gave)", strings.TrimSuffix(q, "…")+"…")
		}
		return fmt.Sprintf("«%s» (starten av det du skrev)", strings.TrimSuffix(q, "…")+"…")
	}
	if lang == "en" {
		return "\"" + q + "\""
	}
	return "«" + q + "»"
}

func notFoundText(ref, lang string) string {
	if strings.TrimSpace(ref) == "" {
		if lang == "en" {
			return "no session given: name one by its name or ID (see `altinn-onboard sessions list`)"
		}
		return "ingen økt oppgitt: oppgi navnet eller ID-en (se `altinn-onboard sessions list`)"
	}
	if lang == "en" {
		return fmt.Sprintf("no session matches %s: give a session's name or ID (see `altinn-onboard sessions list`)", quoteRef(ref, lang))
	}
	return fmt.Sprintf("ingen økt passer til %s: oppgi navnet eller ID-en til en økt (se `altinn-onboard sessions list`)", quoteRef(ref, lang))
}

// cobra repeats a mistyped command or a flag's bad value whole; either
// may be a secret pasted into the wrong place.
var (
	unknownCommandRE = regexp.MustCompile(`^unknown command "((?:[^"\\]|\\.)*)" for "([^"]*)"`)
	badFlagValueRE   = regexp.MustCompile(`^invalid argument "((?:[^"\\]|\\.)*)" for "([^"]*)" flag: .*`)
)

// cobraNB says cobra's and pflag's own messages about how a command was
// called in Norwegian: each pattern and its translation ($1… are what
// the message named).
var cobraNB = []struct {
	re *regexp.Regexp
	nb string
}{
	{regexp.MustCompile(`^unknown flag: (--\S+)`), "ukjent flagg: $1"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (-\S+)`), "ukjent kortflagg: «$1» i $2"},
	{regexp.MustCompile(`^flag needs an argument: '(.)' in (-\S+)`), "flagget trenger en verdi: «$1» i $2"},
	{regexp.MustCompile(`^flag needs an argument: (--\S+)`), "flagget $1 trenger en verdi"},
	{regexp.MustCompile(`^required flag\(s\) (.+) not set`), "påkrevd flagg mangler: $1"},
	{regexp.MustCompile(`^if any flags in the group \[([^\]]*)\] are set they must all be set; missing \[([^\]]*)\]`), "flaggene [$1] må brukes sammen; mangler [$2]"},
	{regexp.MustCompile(`^at least one of the flags in the group \[([^\]]*)\] is required`), "minst ett av flaggene [$1] må oppgis"},
	{regexp.MustCompile(`^if any flags in the group \[([^\]]*)\] are set none of the others can be; \[([^\]]*)\] were all set`), "bare ett av flaggene [$1] kan brukes om gangen; [$2] ble alle oppgitt"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)`), "trenger minst $1 argument(er), fikk bare $2"},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)`), "tar høyst $1 argument(er), fikk $2"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)`), "tar $1 argument(er), fikk $2"},
	{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)`), "tar fra $1 til $2 argument(er), fikk $3"},
}

// cobraText is a message of cobra's or pflag's in lang.
func cobraText(msg, lang string) string {
	if lang == "en" {
		return msg
	}
	for _, c := range cobraNB {
		if loc := c.re.FindStringSubmatchIndex(msg); loc != nil {
			return string(c.re.ExpandString(nil, c.nb, msg, loc)) + msg[loc[1]:]
		}
	}
	return msg
}

// langError is a --lang that is neither nb nor en: said in both, since
// which the user reads is unknown.
type langError struct{ value string }

func (e *langError) Error() string { return e.Text("en") }

func (e *langError) Text(lang string) string {
	en := fmt.Sprintf("--lang must be nb or en, not %q", e.value)
	nb := fmt.Sprintf("--lang må være nb (norsk bokmål) eller en (engelsk), ikke «%s»", e.value)
	switch lang {
	case "en":
		return en
	case "nb":
		return nb
	}
	return nb + "\n" + en
}

func redactArgs(msg, lang string) string {
	if m := unknownCommandRE.FindStringSubmatch(msg); m != nil {
		arg := unquoteArg(m[1])
		if lang == "en" {
			return fmt.Sprintf("unknown command %s for \"%s\"", quoteRef(arg, lang), m[2]) + msg[len(m[0]):]
		}
		return fmt.Sprintf("ukjent kommando %s for «%s»", quoteRef(arg, lang), m[2]) + msg[len(m[0]):]
	}
	if m := badFlagValueRE.FindStringSubmatch(msg); m != nil {
		arg := unquoteArg(m[1])
		if lang == "en" {
			return fmt.Sprintf("invalid value %s for %s", quoteRef(arg, lang), m[2])
		}
		return fmt.Sprintf("ugyldig verdi %s for %s", quoteRef(arg, lang), m[2])
	}
	return cobraText(msg, lang)
}

func unquoteArg(s string) string {
	if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
		return u
	}
	return s
}
