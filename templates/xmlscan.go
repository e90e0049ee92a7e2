package templates

import (
	"fmt"
	"strings"
)

// The parts of a .docx are scanned into tags and text with byte offsets,
// to be edited in place (see xmlpart.go).

type tokKind uint8

const (
	tkStart tokKind = iota // <w:p ...>
	tkEnd                  // </w:p>
	tkEmpty                // <w:br/>
	tkText                 // character data
	tkOther                // comment, processing instruction, CDATA, doctype
)

type token struct {
	kind       tokKind
	start, end int // byte range in the scanned string
	name       string
}

// scan splits an XML document into tokens. It only finds boundaries; the
// document's well-formedness is checked separately with encoding/xml.
func scan(s string) ([]token, error) {
	toks := make([]token, 0, strings.Count(s, "<")*2)
	i := 0
	for i < len(s) {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			toks = append(toks, token{kind: tkText, start: i, end: i + j})
			i += j
			continue
		}
		end, other, err := scanOther(s[i:], i)
		if err != nil {
			return nil, err
		}
		if other {
			toks = append(toks, token{kind: tkOther, start: i, end: end})
			i = end
			continue
		}
		t, err := scanTag(s, i)
		if err != nil {
			return nil, err
		}
		toks = append(toks, t)
		i = t.end
	}
	return toks, nil
}

// scanOther finds the end of a comment, CDATA section, processing
// instruction or declaration at the start of rest (byte i of the
// document); other is false when rest starts with a tag.
func scanOther(rest string, i int) (end int, other bool, err error) {
	switch {
	case strings.HasPrefix(rest, "<!--"):
		k := strings.Index(rest[4:], "-->")
		if k < 0 {
			return 0, false, fmt.Errorf("unterminated comment at byte %d", i)
		}
		return i + 4 + k + 3, true, nil
	case strings.HasPrefix(rest, "<![CDATA["):
		k := strings.Index(rest, "]]>")
		if k < 0 {
			return 0, false, fmt.Errorf("unterminated CDATA at byte %d", i)
		}
		return i + k + 3, true, nil
	case strings.HasPrefix(rest, "<?"):
		k := strings.Index(rest, "?>")
		if k < 0 {
			return 0, false, fmt.Errorf("unterminated processing instruction at byte %d", i)
		}
		return i + k + 2, true, nil
	case strings.HasPrefix(rest, "<!"):
		k := strings.IndexByte(rest, '>')
		if k < 0 {
			return 0, false, fmt.Errorf("unterminated declaration at byte %d", i)
		}
		return i + k + 1, true, nil
	}
	return 0, false, nil
}

// scanTag reads the start, end or empty tag at byte i of s; '>' may
// appear inside quoted attribute values.
func scanTag(s string, i int) (token, error) {
	var quote byte
	j := i + 1
	for ; j < len(s); j++ {
		c := s[j]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
			continue
		}
		if c == '"' || c == '\'' {
			quote = c
		} else if c == '>' {
			break
		}
	}
	if j >= len(s) {
		return token{}, fmt.Errorf("unterminated tag at byte %d", i)
	}
	end := j + 1
	kind := tkStart
	n := i + 1
	if s[n] == '/' {
		kind = tkEnd
		n++
	} else if s[end-2] == '/' {
		kind = tkEmpty
	}
	m := n
	for m < end && !endsName(s[m]) {
		m++
	}
	return token{kind: kind, start: i, end: end, name: s[n:m]}, nil
}

// endsName says whether byte c ends a tag's name: white space, '/' or
// '>' (a byte compare; strings.ContainsRune here was half of scan's time).
func endsName(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '/', '>':
		return true
	}
	return false
}
