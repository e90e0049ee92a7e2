// Package termtext makes text from users and files safe to print to a
// terminal. A session name, a vendor name, a path or a value quoted in an
// error may hold terminal escapes (ESC]0;title BEL retitles the window,
// ESC[2J clears the screen), other control characters, or invisible
// characters that reorder or hide text (bidi overrides, line separators).
// Printed raw, they drive the terminal; here they are shown instead, as
// Go-style escapes: \x1b for ESC (a byte below 0x80, or a byte that is not
// UTF-8), \u202e for a character above it. The text stays readable and
// what was stored can still be told from what is shown.
package termtext

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// Line makes s safe to print as part of one line: every control
// character (tab and line breaks included), invalid byte and invisible
// format character is written as an escape.
func Line(s string) string { return neutralise(s, false, false) }

// Text is Line for text that may span lines: line feeds and tabs are
// kept, everything else Line escapes is escaped ("\r" too, which would
// let a line overwrite itself).
func Text(s string) string { return neutralise(s, true, false) }

// Frame is Text for a frame the program drew itself, which holds colour
// (SGR) sequences, ESC [ parameters m, made by the styles: those are kept
// and every other escape sequence is shown. A colour is the most a string
// typed by a user can change this way.
func Frame(s string) string { return neutralise(s, true, true) }

// Unsafe reports whether r is escaped by Line.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f: // C0 controls, DEL
		return true
	case r >= 0x80 && r <= 0x9f: // C1 controls (U+0085 NEL among them)
		return true
	case r == '\u2028', r == '\u2029': // line and paragraph separators
		return true
	case r == '\u200c', r == '\u200d':
		// Zero-width (non-)joiners are format characters too, but emoji
		// and several scripts need them; they hide nothing by themselves.
		return false
	case unicode.Is(unicode.Cf, r):
		// Format characters: bidi embeddings, overrides, isolates and
		// marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C),
		// zero-width spaces, the BOM, tag characters.
		return true
	}
	return false
}

func neutralise(s string, multiLine, keepSGR bool) string {
	// The common case, nothing to escape, costs one scan and no copy.
	clean := true
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || (Unsafe(r) && !(multiLine && (r == '\n' || r == '\t'))) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			writeByte(&b, s[i])
		case multiLine && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case keepSGR && r == 0x1b:
			if n := sgrLen(s[i:]); n > 0 {
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
			writeByte(&b, s[i])
		case Unsafe(r):
			if r < 0x80 {
				writeByte(&b, byte(r))
			} else {
				writeRune(&b, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// sgrLen is the length of the colour sequence ESC [ digits/;/: m at the
// start of s, or 0 when s does not start with one.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s) && i < 64; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

func writeByte(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hex[c>>4])
	b.WriteByte(hex[c&0xf])
}

func writeRune(b *strings.Builder, r rune) {
	if r > 0xffff {
		b.WriteString(`\U`)
		for shift := 28; shift >= 0; shift -= 4 {
			b.WriteByte(hex[(r>>shift)&0xf])
		}
		return
	}
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(hex[(r>>shift)&0xf])
	}
}

// Clip is Line cut to at most n characters of the original text, with
// "…" when something was cut; for quoting a value in a message.
func Clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i, count := 0, 0
	for i < len(s) && count < n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	if i >= len(s) {
		return Line(s)
	}
	return Line(s[:i]) + "…"
}

// JSON escapes, as \uXXXX, every character Line would show that is
// still raw in JSON made by encoding/json (which escapes C0 controls,
// U+2028 and U+2029, but not DEL, C1 controls such as U+009B, a CSI to
// many terminals, nor bidi controls). Such characters only occur inside
// JSON strings, so the result decodes to the same values.
func JSON(data []byte) []byte {
	clean := true
	for i := 0; i < len(data); {
		if data[i] < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if Unsafe(r) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return data
	}
	out := make([]byte, 0, len(data)+16)
	for i := 0; i < len(data); {
		if data[i] < 0x7f {
			// ASCII controls in JSON from encoding/json are whitespace
			// between values; inside strings they are escaped already.
			out = append(out, data[i])
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 || !Unsafe(r) {
			out = append(out, data[i:i+size]...)
			i += size
			continue
		}
		if r > 0xffff {
			r1, r2 := utf16.EncodeRune(r)
			out = appendU(appendU(out, r1), r2)
		} else {
			out = appendU(out, r)
		}
		i += size
	}
	return out
}

func appendU(out []byte, r rune) []byte {
	out = append(out, '\\', 'u')
	for shift := 12; shift >= 0; shift -= 4 {
		out = append(out, hex[(r>>shift)&0xf])
	}
	return out
}
