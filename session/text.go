package session

import (
	"fmt"
	"unicode/utf8"
)

// TextError is session data that is not valid text: bytes that are not
// UTF-8, or a \u escape for half of a UTF-16 surrogate pair. Go's JSON
// decoder would silently turn either into U+FFFD (�) and the next save
// would write that back, so the file is refused and kept instead.
type TextError struct {
	Offset    int    // byte offset of the first bad byte or escape
	Surrogate string // the escape ("\ud83d"), when that is the problem
}

func (e *TextError) Error() string { return e.Text("en") }

// Text is the message in lang: English for "en", else Norwegian bokmål.
func (e *TextError) Text(lang string) string {
	if e.Surrogate != "" {
		if lang == "en" {
			return fmt.Sprintf("not valid text: %s at byte %d is half of a UTF-16 surrogate pair standing alone, which this program never writes (the file was damaged or written by something else); it is not read, so nothing in it is silently replaced", e.Surrogate, e.Offset)
		}
		return fmt.Sprintf("ikke gyldig tekst: %s ved byte %d er en halv UTF-16-surrogat som står alene, noe dette programmet aldri skriver (filen er skadet eller skrevet av noe annet); den leses ikke, så ingenting i den byttes ut i stillhet", e.Surrogate, e.Offset)
	}
	if lang == "en" {
		return fmt.Sprintf("not valid UTF-8 text (the first bad byte is at offset %d; the file was damaged or written by something else); it is not read, so nothing in it is silently replaced", e.Offset)
	}
	return fmt.Sprintf("ikke gyldig UTF-8-tekst (første feil byte er ved posisjon %d; filen er skadet eller skrevet av noe annet); den leses ikke, så ingenting i den byttes ut i stillhet", e.Offset)
}

// checkText returns a *TextError for data that is not valid UTF-8 or that
// holds a lone surrogate escape inside a JSON string.
func checkText(data []byte) error {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return &TextError{Offset: off}
	}
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if !inString {
			if c == '"' {
				inString = true
			}
			continue
		}
		switch c {
		case '"':
			inString = false
		case '\\':
			if i+1 >= len(data) {
				return nil
			}
			if data[i+1] != 'u' {
				i++ // the escaped character
				continue
			}
			r, ok := hex4(data, i+2)
			if !ok {
				i++
				continue
			}
			switch {
			case r >= 0xD800 && r <= 0xDBFF:
				if i+7 < len(data) && data[i+6] == '\\' && data[i+7] == 'u' {
					if r2, ok := hex4(data, i+8); ok && r2 >= 0xDC00 && r2 <= 0xDFFF {
						i += 11 // both halves
						continue
					}
				}
				return &TextError{Offset: i, Surrogate: string(data[i : i+6])}
			case r >= 0xDC00 && r <= 0xDFFF:
				return &TextError{Offset: i, Surrogate: string(data[i : i+6])}
			}
			i += 5
		}
	}
	return nil
}

// hex4 reads four hex digits at data[i:].
func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}
