package forms

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Internationalised domain names (post@blåbær.no) are written in e-mail
// headers and SMTP in their ASCII form (post@xn--blbr-roah.no), which every
// mail server and program understands. Only the domain is converted: a
// non-ASCII part before the @ needs SMTPUTF8 from every server on the way,
// so Email refuses it (see errEmailLocalNonASCII).

// domainLabels maps a domain the way browsers and mail programs do before
// converting it (compatibility forms such as full-width letters become
// ordinary ones, upper case becomes lower case) and splits it into labels.
func domainLabels(domain string) []string {
	d := strings.Map(unicode.ToLower, norm.NFKC.String(domain))
	return strings.Split(d, ".")
}

// asciiDomain is domain with every non-ASCII label in its Punycode form
// ("xn--" and RFC 3492), and every label in lower case.
func asciiDomain(domain string) string {
	labels := domainLabels(domain)
	for i, l := range labels {
		labels[i] = asciiLabel(l)
	}
	return strings.Join(labels, ".")
}

func asciiLabel(l string) string {
	if isASCIIString(l) {
		return l
	}
	return "xn--" + punycode(l)
}

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// EmailASCII is a checked address (one Email accepted) as it goes into an
// e-mail header or an SMTP command: the domain in its ASCII form.
func EmailASCII(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return addr
	}
	return addr[:at+1] + asciiDomain(addr[at+1:])
}

// Bootstring parameters for Punycode (RFC 3492, section 5).
const (
	pcBase        = 36
	pcTMin        = 1
	pcTMax        = 26
	pcSkew        = 38
	pcDamp        = 700
	pcInitialBias = 72
	pcInitialN    = 128
)

// punycode encodes one label (RFC 3492, section 6.3). Callers bound the
// label's length first (a label is at most 63 octets once encoded), so
// the arithmetic cannot overflow.
func punycode(label string) string {
	rs := []rune(label)
	var out []byte
	for _, r := range rs {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	b := len(out)
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	n, delta, bias := rune(pcInitialN), 0, pcInitialBias
	for h < len(rs) {
		m := rune(unicode.MaxRune + 1)
		for _, r := range rs {
			if r >= n && r < m {
				m = r
			}
		}
		delta += int(m-n) * (h + 1)
		n = m
		for _, r := range rs {
			if r < n {
				delta++
			}
			if r != n {
				continue
			}
			q := delta
			for k := pcBase; ; k += pcBase {
				t := k - bias
				t = max(pcTMin, min(pcTMax, t))
				if q < t {
					break
				}
				out = append(out, pcDigit(t+(q-t)%(pcBase-t)))
				q = (q - t) / (pcBase - t)
			}
			out = append(out, pcDigit(q))
			bias = pcAdapt(delta, h+1, h == b)
			delta = 0
			h++
		}
		delta++
		n++
	}
	return string(out)
}

func pcDigit(d int) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

func pcAdapt(delta, points int, first bool) int {
	if first {
		delta /= pcDamp
	} else {
		delta /= 2
	}
	delta += delta / points
	k := 0
	for delta > ((pcBase-pcTMin)*pcTMax)/2 {
		delta /= pcBase - pcTMin
		k += pcBase
	}
	return k + (pcBase-pcTMin+1)*delta/(delta+pcSkew)
}
