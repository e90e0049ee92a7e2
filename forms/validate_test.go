package forms

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// maxMessageRunes bounds every message, however long the input: a value is shown
// clipped to maxShown runes.
const maxMessageRunes = 300

// assertVE fails unless err is a well-formed *ValidationError: both texts present,
// different, single-line, printable and short.
func assertVE(t testing.TB, err error) *ValidationError {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) || ve == nil {
		t.Fatalf("error %v (%T) is not a *ValidationError", err, err)
	}
	if ve.NB == "" || ve.EN == "" {
		t.Fatalf("empty message: NB=%q EN=%q", ve.NB, ve.EN)
	}
	if ve.NB == ve.EN {
		t.Fatalf("NB and EN are the same: %q", ve.NB)
	}
	for _, m := range []string{ve.NB, ve.EN} {
		if !utf8.ValidString(m) {
			t.Fatalf("message is not valid UTF-8: %q", m)
		}
		if i := strings.IndexFunc(m, unsafeRune); i >= 0 {
			t.Fatalf("message carries a control or line-break character at byte %d: %q", i, m)
		}
		if n := utf8.RuneCountInString(m); n > maxMessageRunes {
			t.Fatalf("message is %d runes long: %q", n, m)
		}
	}
	if ve.Error() != ve.NB || ve.Text(NB) != ve.NB || ve.Text(EN) != ve.EN || ve.Text("") != ve.NB {
		t.Fatalf("Error/Text do not pick the right language: %+v", ve)
	}
	return ve
}

// validCase is one row of the tables below: wantErr is a fragment the Norwegian
// message must contain, and empty when the input is valid.
type validCase struct {
	name    string
	in      string
	want    string // normalised output, for validators that return one
	wantErr string
}

// checkResult compares one validator result with its row.
func checkResult(t *testing.T, c validCase, got string, err error, hasOutput bool) {
	t.Helper()
	if c.wantErr == "" {
		if err != nil {
			t.Fatalf("%q: unexpected error %q", c.in, Localize(err, NB))
		}
		if hasOutput && got != c.want {
			t.Fatalf("%q: got %q, want %q", c.in, got, c.want)
		}
		return
	}
	if err == nil {
		t.Fatalf("%q: accepted as %q, want an error containing %q", c.in, got, c.wantErr)
	}
	if hasOutput && got != "" {
		t.Errorf("%q: got output %q together with an error", c.in, got)
	}
	ve := assertVE(t, err)
	if !strings.Contains(ve.NB, c.wantErr) {
		t.Fatalf("%q: error %q does not contain %q", c.in, ve.NB, c.wantErr)
	}
}

func TestValidationErrorAndLocalize(t *testing.T) {
	ve := &ValidationError{NB: "Feil", EN: "Wrong"}
	if ve.Error() != "Feil" || ve.Text(NB) != "Feil" || ve.Text(EN) != "Wrong" || ve.Text("de") != "Feil" {
		t.Fatalf("Error/Text: %q %q %q %q", ve.Error(), ve.Text(NB), ve.Text(EN), ve.Text("de"))
	}
	var nilVE *ValidationError
	if nilVE.Error() != "" || nilVE.Text(EN) != "" {
		t.Fatal("a nil *ValidationError should give empty texts")
	}
	tests := []struct {
		name string
		err  error
		lang Lang
		want string
	}{
		{"nil", nil, EN, ""},
		{"direct EN", ve, EN, "Wrong"},
		{"direct NB", ve, NB, "Feil"},
		{"wrapped EN", fmt.Errorf("vendor.orgNumber: %w", ve), EN, "Wrong"},
		{"wrapped twice NB", fmt.Errorf("a: %w", fmt.Errorf("b: %w", ve)), NB, "Feil"},
		{"other error", errors.New("disk full"), EN, "disk full"},
		{"from a validator", mustErr(OrgNumber("123456789")), EN, "123456789 is not a valid organisation number (check digit does not match)"},
		{"from a validator NB", mustErr(OrgNumber("123456789")), NB, "123456789 er ikke et gyldig organisasjonsnummer (kontrollsifferet stemmer ikke)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Localize(tt.err, tt.lang); got != tt.want {
				t.Fatalf("Localize = %q, want %q", got, tt.want)
			}
		})
	}
}

func mustErr(_ string, err error) error { return err }

func TestOrgNumber(t *testing.T) {
	tests := []validCase{
		{name: "domain.md example", in: "123456785", want: "123456785"},
		{name: "Brønnøysundregistrene", in: "974760673", want: "974760673"},
		{name: "Digdir", in: "991825827", want: "991825827"},
		{name: "check digit 0 (r=0)", in: "123456750", want: "123456750"},
		{name: "grouped", in: "123 456 785", want: "123456785"},
		{name: "no-break spaces", in: "123\u00a0456\u202f785", want: "123456785"},
		{name: "surrounding whitespace", in: " \t123456785\n", want: "123456785"},
		{name: "Altinn 3 prefix", in: "0192:123456785", want: "123456785"},
		{name: "prefix and spaces", in: " 0192: 123 456 785 ", want: "123456785"},
		{name: "wrong check digit", in: "123456789", wantErr: "123456789 er ikke et gyldig organisasjonsnummer (kontrollsifferet stemmer ikke)"},
		{name: "remainder 1", in: "123456700", wantErr: "kan ikke gi noe gyldig kontrollsiffer"},
		{name: "8 digits", in: "12345678", wantErr: "Organisasjonsnummeret må ha 9 siffer (du skrev 8)"},
		{name: "10 digits", in: "1234567850", wantErr: "(du skrev 10)"},
		{name: "empty", in: "", wantErr: "Skriv inn organisasjonsnummeret"},
		{name: "whitespace", in: " \t ", wantErr: "Skriv inn organisasjonsnummeret"},
		{name: "prefix only", in: "0192:", wantErr: "Skriv inn organisasjonsnummeret"},
		{name: "other prefix", in: "9908:123456785", wantErr: "Bare prefikset 0192:"},
		{name: "double prefix", in: "0192:0192:123456785", wantErr: "Bare prefikset 0192:"},
		{name: "letter", in: "12345678a", wantErr: "kan bare inneholde sifre (fant «a»)"},
		{name: "hyphens", in: "123-456-785", wantErr: "(fant «-»)"},
		{name: "æøå", in: "æøå", wantErr: "(fant «æ»)"},
		{name: "Arabic-Indic digits", in: "١٢٣٤٥٦٧٨٥", wantErr: "vanlige sifre 0–9 (fant «١»)"},
		{name: "full-width digits", in: "１２３４５６７８５", wantErr: "vanlige sifre 0–9 (fant «１»)"},
		{name: "invalid UTF-8", in: "12345678\xff", wantErr: "ugyldig byte"},
		{name: "inner line break", in: "123\n456785", wantErr: "linjeskift"},
		{name: "escape sequence", in: "\x1b[31m123456785", wantErr: "U+001B"},
		{name: "very long", in: strings.Repeat("1", 10000), wantErr: "(du skrev 10000)"},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			got, err := OrgNumber(c.in)
			checkResult(t, c, got, err, true)
		})
	}
	en := Localize(mustErr(OrgNumber("12345678")), EN)
	if en != "The organisation number must have 9 digits (you entered 8)" {
		t.Errorf("EN length message = %q", en)
	}
}

// orgNumberFor builds a valid organisation number from 8 digits with the rule in
// domain.md, written independently of the code under test; ok is false for remainder 1.
func orgNumberFor(base int) (string, bool) {
	s := fmt.Sprintf("%08d", base)
	w := []int{3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i := range 8 {
		sum += int(s[i]-'0') * w[i]
	}
	switch sum % 11 {
	case 0:
		return s + "0", true
	case 1:
		return "", false
	}
	return s + strconv.Itoa(11-sum%11), true
}

// TestOrgNumberGenerated checks computed numbers, and that changing any one digit of a
// valid number makes it invalid (MOD11 with these weights catches every such typo).
func TestOrgNumberGenerated(t *testing.T) {
	valid, remainder1 := 0, 0
	for base := 80000000; base < 100000000; base += 97331 {
		n, ok := orgNumberFor(base)
		if !ok {
			remainder1++
			s := fmt.Sprintf("%08d", base)
			for c := '0'; c <= '9'; c++ {
				if _, err := OrgNumber(s + string(c)); err == nil {
					t.Fatalf("%s%c accepted although remainder is 1", s, c)
				}
			}
			continue
		}
		valid++
		if got, err := OrgNumber(n); err != nil || got != n {
			t.Fatalf("OrgNumber(%s) = %q, %v", n, got, err)
		}
		if got, err := OrgNumber(orgPrefix + n[:3] + " " + n[3:6] + " " + n[6:]); err != nil || got != n {
			t.Fatalf("OrgNumber with prefix and spaces (%s) = %q, %v", n, got, err)
		}
		for i := range 9 {
			for c := byte('0'); c <= '9'; c++ {
				if c == n[i] {
					continue
				}
				typo := n[:i] + string(c) + n[i+1:]
				if _, err := OrgNumber(typo); err == nil {
					t.Fatalf("typo %s of %s accepted", typo, n)
				}
			}
		}
	}
	if valid < 150 || remainder1 == 0 {
		t.Fatalf("generator covered too little: %d valid, %d with remainder 1", valid, remainder1)
	}
}

// nationalIDFor completes 9 digits with the two check digits from domain.md; ok is false
// when either would be 10.
func nationalIDFor(first9 string) (string, bool) {
	check := func(s string, w []int) int {
		sum := 0
		for i, x := range w {
			sum += int(s[i]-'0') * x
		}
		return (11 - sum%11) % 11
	}
	k1 := check(first9, []int{3, 7, 6, 1, 8, 9, 4, 5, 2})
	if k1 == 10 {
		return "", false
	}
	k2 := check(first9+strconv.Itoa(k1), []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
	if k2 == 10 {
		return "", false
	}
	return first9 + strconv.Itoa(k1) + strconv.Itoa(k2), true
}

// someNationalID returns the first number with valid check digits for a DDMMYY.
func someNationalID(t testing.TB, ddmmyy string) string {
	t.Helper()
	for i := range 1000 {
		if n, ok := nationalIDFor(fmt.Sprintf("%s%03d", ddmmyy, i)); ok {
			return n
		}
	}
	t.Fatalf("no number for %s", ddmmyy)
	return ""
}

func TestNationalID(t *testing.T) {
	type row struct {
		name    string
		in      string
		want    string
		errProd string // NB fragment when allowTest is false; "" = valid
		errTest string // NB fragment when allowTest is true; "" = valid
	}
	tests := []row{
		{name: "domain.md example", in: "31129956715", want: "31129956715"},
		{name: "grouped", in: "311299 56715", want: "31129956715"},
		{name: "surrounding whitespace", in: "\t31129956715 ", want: "31129956715"},
		{name: "ordinary", in: "01019000083", want: "01019000083"},
		{name: "D-number", in: "41019000077", want: "41019000077"},
		{name: "D-number, last day", in: someNationalID(t, "711290"), want: someNationalID(t, "711290")},
		{name: "29 Feb 2000 (YY 00)", in: "29020000064", want: "29020000064"},
		{name: "29 Feb 96", in: "29029600013", want: "29029600013"},
		{name: "test person, month+40", in: "01509000014", want: "01509000014", errProd: "testmiljøet TT02"},
		{name: "Tenor, month+80", in: "01909000188", want: "01909000188", errProd: "testmiljøet TT02"},
		{name: "D-number Tenor", in: someNationalID(t, "418590"), want: someNationalID(t, "418590"), errProd: "testmiljøet TT02"},
		{name: "29 Feb 99", in: "29029900076", errProd: "ugyldig dag", errTest: "ugyldig dag"},
		{name: "30 Feb", in: "30029000057", errProd: "ugyldig dag", errTest: "ugyldig dag"},
		{name: "31 Apr", in: "31049000076", errProd: "ugyldig dag", errTest: "ugyldig dag"},
		{name: "day 00", in: "00019000044", errProd: "ugyldig dag", errTest: "ugyldig dag"},
		{name: "day 32", in: "32019000035", errProd: "ugyldig dag", errTest: "ugyldig dag"},
		{name: "D-number day 72", in: someNationalID(t, "720190"), errProd: "D-nummeret har ugyldig dag", errTest: "D-nummeret har ugyldig dag"},
		{name: "month 13", in: "01139000001", errProd: "ugyldig måned (siffer 3–4 må være 01–12)", errTest: "41–52 / 81–92"},
		{name: "month 00", in: someNationalID(t, "010090"), errProd: "ugyldig måned", errTest: "ugyldig måned"},
		{name: "month 53", in: someNationalID(t, "015390"), errProd: "ugyldig måned", errTest: "ugyldig måned"},
		{name: "month 93", in: someNationalID(t, "019390"), errProd: "ugyldig måned", errTest: "ugyldig måned"},
		{name: "wrong k2", in: "31129956716", errProd: "kontrollsifrene stemmer ikke", errTest: "kontrollsifrene stemmer ikke"},
		{name: "wrong k1", in: "31129956705", errProd: "kontrollsifrene stemmer ikke", errTest: "kontrollsifrene stemmer ikke"},
		{name: "10 digits", in: "3112995671", errProd: "11 siffer (du skrev 10)", errTest: "11 siffer (du skrev 10)"},
		{name: "12 digits", in: "311299567150", errProd: "(du skrev 12)", errTest: "(du skrev 12)"},
		{name: "empty", in: "", errProd: "Skriv inn fødselsnummeret", errTest: "Skriv inn fødselsnummeret"},
		{name: "whitespace", in: "   ", errProd: "Skriv inn fødselsnummeret", errTest: "Skriv inn fødselsnummeret"},
		{name: "dots", in: "311299.56715", errProd: "(fant «.»)", errTest: "(fant «.»)"},
		{name: "Arabic-Indic", in: "٣١١٢٩٩٥٦٧١٥", errProd: "vanlige sifre", errTest: "vanlige sifre"},
		{name: "full-width", in: "３１１２９９５６７１５", errProd: "vanlige sifre", errTest: "vanlige sifre"},
		{name: "invalid UTF-8", in: "3112995671\xc3", errProd: "ugyldig byte", errTest: "ugyldig byte"},
		{name: "æøå", in: "ø", errProd: "(fant «ø»)", errTest: "(fant «ø»)"},
		{name: "very long", in: strings.Repeat("3", 5000), errProd: "(du skrev 5000)", errTest: "(du skrev 5000)"},
	}
	for _, tt := range tests {
		for _, allowTest := range []bool{false, true} {
			wantErr := tt.errProd
			if allowTest {
				wantErr = tt.errTest
			}
			t.Run(fmt.Sprintf("%s/allowTest=%v", tt.name, allowTest), func(t *testing.T) {
				got, err := NationalID(tt.in, allowTest)
				checkResult(t, validCase{in: tt.in, want: tt.want, wantErr: wantErr}, got, err, true)
				if err != nil && len(tt.in) == 11 && strings.Contains(Localize(err, NB)+Localize(err, EN), tt.in) {
					t.Fatalf("message repeats the number: %q", Localize(err, NB))
				}
			})
		}
	}
}

// TestNationalIDGenerated walks every day of a leap and a common year, as fødselsnummer,
// D-number and both test populations, and checks single-digit typos are caught.
func TestNationalIDGenerated(t *testing.T) {
	days := []int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	count := 0
	for _, yy := range []int{0, 23, 96, 99} {
		for m := 1; m <= 12; m++ {
			last := days[m-1]
			if m == 2 && yy%4 != 0 {
				last = 28
			}
			for d := 1; d <= 31; d++ {
				real := d <= last
				for _, v := range []struct{ dayAdd, monthAdd int }{{0, 0}, {40, 0}, {0, 40}, {0, 80}, {40, 80}} {
					test := v.monthAdd != 0
					n := someNationalID(t, fmt.Sprintf("%02d%02d%02d", d+v.dayAdd, m+v.monthAdd, yy))
					_, errTest := NationalID(n, true)
					_, errProd := NationalID(n, false)
					switch {
					case real && errTest != nil:
						t.Fatalf("%s rejected with allowTest: %v", n, errTest)
					case real && !test && errProd != nil:
						t.Fatalf("%s rejected: %v", n, errProd)
					case real && test && errProd == nil:
						t.Fatalf("test number %s accepted without allowTest", n)
					case !real && (errTest == nil || errProd == nil):
						t.Fatalf("%s (not a real date) accepted", n)
					}
					if !real {
						continue
					}
					count++
					if count%7 != 0 {
						continue
					}
					for i := range 11 {
						for c := byte('0'); c <= '9'; c++ {
							if c == n[i] {
								continue
							}
							if _, err := NationalID(n[:i]+string(c)+n[i+1:], true); err == nil {
								t.Fatalf("typo at %d of %s accepted", i, n)
							}
						}
					}
				}
			}
		}
	}
	if count < 1000 {
		t.Fatalf("only %d numbers generated", count)
	}
}

func TestPhone(t *testing.T) {
	tests := []validCase{
		{name: "8 digits", in: "91234567", want: "+4791234567"},
		{name: "grouped", in: "912 34 567", want: "+4791234567"},
		{name: "landline grouped", in: "22 33 44 55", want: "+4722334455"},
		{name: "+47", in: "+47 912 34 567", want: "+4791234567"},
		{name: "+47 no space", in: "+4791234567", want: "+4791234567"},
		{name: "0047", in: "0047 91234567", want: "+4791234567"},
		{name: "no-break spaces", in: "+47\u00a0912\u00a034\u00a0567", want: "+4791234567"},
		{name: "surrounding whitespace", in: "\t91234567\n", want: "+4791234567"},
		{name: "Sweden", in: "+46 8 123 456 78", want: "+46812345678"},
		{name: "Sweden 00", in: "0046812345678", want: "+46812345678"},
		{name: "USA", in: "+1 202 555 0123", want: "+12025550123"},
		{name: "15 digits", in: "+123456789012345", want: "+123456789012345"},
		{name: "7 digits", in: "+6834002", want: "+6834002"},
		{name: "16 digits", in: "+1234567890123456", wantErr: "for langt: høyst 15 siffer"},
		{name: "6 digits", in: "+123456", wantErr: "for kort: minst 7 siffer"},
		{name: "7 digits domestic", in: "9123456", wantErr: "må ha 8 siffer (du skrev 7)"},
		{name: "9 digits domestic", in: "912345678", wantErr: "må ha 8 siffer (du skrev 9)"},
		{name: "+47 too short", in: "+47 912 34 56", wantErr: "8 siffer etter +47 (du skrev 7)"},
		{name: "+47 too long", in: "+47 912 34 5678", wantErr: "8 siffer etter +47 (du skrev 9)"},
		{name: "0047 too short", in: "0047 1234", wantErr: "8 siffer etter +47 (du skrev 4)"},
		{name: "country code 0", in: "+0 123 456 789", wantErr: "Landskoden kan ikke begynne med 0"},
		{name: "000", in: "000 123 456 789", wantErr: "Landskoden kan ikke begynne med 0"},
		{name: "plus only", in: "+", wantErr: "Skriv landskoden og nummeret etter +"},
		{name: "00 only", in: "00", wantErr: "Skriv landskoden og nummeret etter +"},
		{name: "plus in middle", in: "47+91234567", wantErr: "bare ha + helt først"},
		{name: "double plus", in: "++4791234567", wantErr: "bare ha + helt først"},
		{name: "letters", in: "912 34 ABC", wantErr: "(fant «A»)"},
		{name: "hyphens", in: "912-34-567", wantErr: "(fant «-»)"},
		{name: "parentheses", in: "+44 (0)20 7946 0000", wantErr: "(fant «(»)"},
		{name: "empty", in: "", wantErr: "Skriv inn telefonnummeret"},
		{name: "whitespace", in: "  ", wantErr: "Skriv inn telefonnummeret"},
		{name: "Arabic-Indic", in: "٩١٢٣٤٥٦٧", wantErr: "vanlige sifre"},
		{name: "full-width", in: "９１２３４５６７", wantErr: "vanlige sifre"},
		{name: "invalid UTF-8", in: "9123456\x80", wantErr: "ugyldig byte"},
		{name: "æøå", in: "å", wantErr: "(fant «å»)"},
		{name: "line break inside", in: "912\n34567", wantErr: "linjeskift"},
		{name: "very long", in: "+" + strings.Repeat("1", 10000), wantErr: "(du skrev 10000)"},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			got, err := Phone(c.in)
			checkResult(t, c, got, err, true)
			if err == nil {
				if again, err := Phone(got); err != nil || again != got {
					t.Fatalf("Phone(%q) = %q, %v; want it unchanged", got, again, err)
				}
			}
		})
	}
}

func TestEmail(t *testing.T) {
	long := strings.Repeat("a", 300)
	tests := []validCase{
		{name: "simple", in: "ola@firma.no", want: "ola@firma.no"},
		{name: "dots and plus", in: "ola.nordmann+altinn@post.firma.no", want: "ola.nordmann+altinn@post.firma.no"},
		{name: "support address", in: "sluttbrukersystem@altinn.no", want: "sluttbrukersystem@altinn.no"},
		{name: "surrounding whitespace", in: "  ola@firma.no\t", want: "ola@firma.no"},
		{name: "hyphenated domain", in: "a@my-firm.co.uk", want: "a@my-firm.co.uk"},
		{name: "æøå domain", in: "post@blåbær.no", want: "post@blåbær.no"},
		{name: "æøå local part", in: "åse@fjordsøl.no", wantErr: "«åse@fjordsøl.no»: delen foran @ kan bare ha a–z, 0–9 og tegn som . _ - + (ikke «å»)"},
		{name: "æøå domain, NFD", in: "post@blåbær.no", want: "post@blåbær.no"},
		{name: "IDN label too long in ASCII form", in: "a@一乡仂伣侄俥偆傧儈兩凊别劌勭华厯吐呱哒唳喔嗵噖.no", wantErr: "lengre enn 63 tegn"}, // 23 characters, 66 as xn--
		{name: "IDN too long in ASCII form", in: strings.Repeat("a", 60) + "@" + strings.Repeat(strings.Repeat("ø", 20)+".", 8) + "no", wantErr: "høyst 254 tegn"},
		{name: "upper case kept", in: "Ola@Firma.NO", want: "Ola@Firma.NO"},
		{name: "no dot in domain", in: "ola@localhost", wantErr: "mangler punktum"},
		{name: "no @", in: "ola.firma.no", wantErr: "mangler @"},
		{name: "two @", in: "ola@firma@firma.no", wantErr: "mer enn én @"},
		{name: "nothing before @", in: "@firma.no", wantErr: "mangler navnet foran @"},
		{name: "nothing after @", in: "ola@", wantErr: "mangler domenet etter @"},
		{name: "display name", in: "Ola Nordmann <ola@firma.no>", wantErr: "uten navn eller < >"},
		{name: "angle brackets", in: "<ola@firma.no>", wantErr: "uten navn eller < >"},
		{name: "list", in: "ola@firma.no, kari@firma.no", wantErr: "bare én e-postadresse"},
		{name: "semicolon list", in: "ola@firma.no;kari@firma.no", wantErr: "bare én e-postadresse"},
		{name: "space inside", in: "ola nordmann@firma.no", wantErr: "mellomrom"},
		{name: "quoted local part", in: `"ola"@firma.no`, wantErr: "uten anførselstegn"},
		{name: "comment", in: "ola@firma.no(jobb)", wantErr: "parenteser"},
		{name: "CRLF header injection", in: "ola@firma.no\r\nBcc: x@y.no", wantErr: "linjeskift"},
		{name: "LF inside", in: "ola@fir\nma.no", wantErr: "linjeskift"},
		{name: "NUL", in: "ola@firma.no\x00", wantErr: "U+0000"},
		{name: "invalid UTF-8", in: "ola@firma\xff.no", wantErr: "ikke gyldig UTF-8"},
		{name: "double dot local", in: "ola..n@firma.no", wantErr: "er ikke en gyldig e-postadresse"},
		{name: "trailing dot local", in: "ola.@firma.no", wantErr: "er ikke en gyldig e-postadresse"},
		{name: "double dot domain", in: "ola@firma..no", wantErr: "tomt ledd"},
		{name: "trailing dot domain", in: "ola@firma.no.", wantErr: "tomt ledd"},
		{name: "hyphen label", in: "ola@-firma.no", wantErr: "bindestrek"},
		{name: "underscore domain", in: "ola@fir_ma.no", wantErr: "(fant «_»)"},
		{name: "IP literal", in: "ola@[10.0.0.1]", wantErr: "(fant «[»)"},
		{name: "numeric TLD", in: "ola@10.0.0.1", wantErr: "toppdomenet"},
		{name: "local part too long", in: strings.Repeat("a", 65) + "@firma.no", wantErr: "høyst 64 tegn"},
		{name: "too long", in: "a@" + strings.Repeat("b", 60) + "." + strings.Repeat("c.", 100) + "no", wantErr: "høyst 254 tegn"},
		{name: "label too long", in: "a@" + strings.Repeat("b", 64) + ".no", wantErr: "lengre enn 63 tegn"},
		{name: "empty", in: "", wantErr: "Skriv inn en e-postadresse"},
		{name: "whitespace", in: " \t ", wantErr: "Skriv inn en e-postadresse"},
		{name: "full-width @", in: "ola＠firma.no", wantErr: "mangler @"},
		{name: "very long without @", in: long, wantErr: "«" + strings.Repeat("a", maxShown) + "…» mangler @"},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			got, err := Email(c.in)
			checkResult(t, c, got, err, true)
		})
	}
}

func TestSystemPassword(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error // nil = valid
	}{
		{"7 chars", "abc1234", nil},
		{"long", "Correct horse battery staple 42", nil},
		{"æøå letters", "blåbær7", nil},
		{"symbols", "#p@ss-1!", nil},
		{"Greek letters", "αβγδε12", nil},
		{"empty", "", errPasswordEmpty},
		{"6 chars", "abc123", errPasswordShort},
		{"6 runes, 9 bytes", "æøå123", errPasswordShort},
		{"whitespace only", "       ", errPasswordMix},
		{"symbols only", "!!!!!!!!", errPasswordMix},
		{"letters only", "abcdefgh", errPasswordNoDigit},
		{"digits only", "12345678", errPasswordNoLetter},
		{"full-width digits are not 0-9", "abcdefg１", errPasswordNoDigit},
		{"line break", "abc\n1234", errPasswordChars},
		{"tab", "abc\t1234", errPasswordChars},
		{"invalid UTF-8", "abc1234\xff", errPasswordChars},
		{"very long", strings.Repeat("a1", 5000), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := SystemPassword(tt.in)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("%q rejected: %v", tt.in, err)
				}
				return
			}
			if err != tt.want {
				t.Fatalf("%q: got %v, want %v", tt.in, err, tt.want)
			}
			assertVE(t, err)
		})
	}
	if !strings.Contains(errPasswordShort.Error(), "minst 7 tegn") || !strings.Contains(errPasswordMix.Error(), "både bokstaver og tall") {
		t.Fatal("password messages lost their wording")
	}
}

func TestSingleAndMultiLine(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		max       int
		errSingle string // NB fragment; "" = valid
		errMulti  string
	}{
		{name: "plain", in: "Regnskap Pluss 3.1", max: 100},
		{name: "empty", in: "", max: 10},
		{name: "æøå", in: "Blåbær Økonomi Æ", max: 16},
		{name: "exactly max runes, more bytes", in: "æøåæøåæøåæ", max: 10},
		{name: "one too many", in: "æøåæøåæøåæø", max: 10, errSingle: "høyst 10 tegn (du skrev 11)", errMulti: "høyst 10 tegn (du skrev 11)"},
		{name: "no limit", in: strings.Repeat("x", 100000), max: 0},
		{name: "negative limit", in: "abc", max: -1},
		{name: "very long", in: strings.Repeat("x", 100000), max: 200, errSingle: "(du skrev 100000)", errMulti: "(du skrev 100000)"},
		{name: "emoji with ZWJ", in: "👩‍💻 ok", max: 10},
		{name: "Arabic digits", in: "١٢٣", max: 3},
		{name: "LF", in: "a\nb", max: 10, errSingle: "bare ha én linje"},
		{name: "CRLF", in: "a\r\nb", max: 10, errSingle: "bare ha én linje"},
		{name: "CRLF counts once", in: "ab\r\ncd", max: 5, errSingle: "bare ha én linje"},
		{name: "lone CR", in: "a\rb", max: 10, errSingle: "bare ha én linje", errMulti: "vognretur"},
		{name: "trailing CR", in: "ab\r", max: 10, errSingle: "bare ha én linje", errMulti: "vognretur-tegn (\\r) som ikke er del av et linjeskift, på plass 3"},
		{name: "tab", in: "a\tb", max: 10, errSingle: "tabulatortegn (plass 2)"},
		{name: "line separator", in: "a\u2028b", max: 10, errSingle: "bare ha én linje", errMulti: "U+2028"},
		{name: "paragraph separator", in: "a\u2029b", max: 10, errSingle: "bare ha én linje", errMulti: "U+2029"},
		{name: "NEL", in: "a\u0085b", max: 10, errSingle: "U+0085", errMulti: "U+0085"},
		{name: "escape", in: "\x1b[2J", max: 10, errSingle: "kontrolltegn (U+001B) på plass 1", errMulti: "U+001B"},
		{name: "NUL", in: "ab\x00", max: 10, errSingle: "(U+0000) på plass 3", errMulti: "U+0000"},
		{name: "DEL", in: "ab\x7f", max: 10, errSingle: "U+007F", errMulti: "U+007F"},
		{name: "bidi override", in: "abc\u202Etxt.exe", max: 20, errSingle: "skriveretningen (U+202E) på plass 4", errMulti: "U+202E"},
		{name: "bidi isolate", in: "\u2066x", max: 20, errSingle: "U+2066", errMulti: "U+2066"},
		{name: "invalid UTF-8", in: "ab\xffc", max: 10, errSingle: "ikke gyldig UTF-8", errMulti: "ikke gyldig UTF-8"},
		{name: "truncated UTF-8", in: "blåb\xc3", max: 10, errSingle: "ikke gyldig UTF-8", errMulti: "ikke gyldig UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResult(t, validCase{in: tt.in, wantErr: tt.errSingle}, "", SingleLine(tt.in, tt.max), false)
		})
		t.Run(tt.name+"/multi", func(t *testing.T) {
			checkResult(t, validCase{in: tt.in, wantErr: tt.errMulti}, "", MultiLine(tt.in, tt.max), false)
		})
	}
	if err := MultiLine("ab\r\ncd", 5); err != nil {
		t.Fatalf("\\r\\n should count as one character: %v", err)
	}
	if err := MultiLine("ab\ncd\n", 5); err == nil {
		t.Fatal("6 characters accepted with max 5")
	}
}

func TestRequired(t *testing.T) {
	tests := []validCase{
		{name: "text", in: "Ola"},
		{name: "padded", in: "  Ola  "},
		{name: "single char", in: "x"},
		{name: "æøå", in: "ø"},
		{name: "digit", in: "0"},
		{name: "empty", in: "", wantErr: "Feltet må fylles ut"},
		{name: "spaces", in: "   ", wantErr: "Feltet må fylles ut"},
		{name: "tabs and newlines", in: "\t\r\n", wantErr: "Feltet må fylles ut"},
		{name: "no-break space", in: "\u00a0", wantErr: "Feltet må fylles ut"},
		{name: "zero-width space", in: "\u200b\ufeff", wantErr: "Feltet må fylles ut"},
		{name: "ideographic space", in: "\u3000", wantErr: "Feltet må fylles ut"},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			checkResult(t, c, "", Required(c.in), false)
		})
	}
	if Localize(Required(""), EN) != "This field is required" {
		t.Fatalf("EN = %q", Localize(Required(""), EN))
	}
}

func TestCodes(t *testing.T) {
	type fn func(string) error
	tests := []struct {
		validator string
		f         fn
		cases     []validCase
	}{
		{"Postcode", Postcode, []validCase{
			{name: "Oslo", in: "0150"},
			{name: "Tromsø", in: "9008"},
			{name: "3 digits", in: "150", wantErr: "Postnummeret må ha 4 siffer (du skrev 3)"},
			{name: "5 digits", in: "01500", wantErr: "(du skrev 5)"},
			{name: "space", in: " 0150", wantErr: "Postnummeret kan ikke inneholde mellomrom"},
			{name: "letters", in: "O150", wantErr: "kan bare inneholde sifre (fant «O»)"},
			{name: "full-width", in: "０１５０", wantErr: "vanlige sifre"},
			{name: "Arabic-Indic", in: "١٢٣٤", wantErr: "vanlige sifre"},
			{name: "invalid UTF-8", in: "01\xfe0", wantErr: "ugyldig byte"},
			{name: "line break", in: "0150\n", wantErr: "linjeskift"},
			{name: "empty", in: "", wantErr: "Skriv inn postnummeret (4 siffer)"},
			{name: "whitespace", in: "    ", wantErr: "Skriv inn postnummeret"},
			{name: "very long", in: strings.Repeat("1", 10000), wantErr: "(du skrev 10000)"},
		}},
		{"ServiceCode", ServiceCode, []validCase{
			{name: "4936", in: "4936"},
			{name: "1 digit", in: "1"},
			{name: "10 digits", in: "1234567890"},
			{name: "11 digits", in: "12345678901", wantErr: "Tjenestekoden kan ha høyst 10 siffer (du skrev 11)"},
			{name: "empty", in: "", wantErr: "Skriv inn tjenestekoden"},
			{name: "negative", in: "-4936", wantErr: "(fant «-»)"},
			{name: "æøå", in: "æ", wantErr: "(fant «æ»)"},
			{name: "tab", in: "49\t36", wantErr: "mellomrom"},
			{name: "escape", in: "49\x1b36", wantErr: "U+001B"},
		}},
		{"ServiceEdition", ServiceEdition, []validCase{
			{name: "1", in: "1"},
			{name: "10 digits", in: "0000000001"},
			{name: "11 digits", in: "00000000001", wantErr: "Utgavekoden kan ha høyst 10 siffer"},
			{name: "empty", in: "", wantErr: "Skriv inn utgavekoden"},
			{name: "decimal", in: "1.0", wantErr: "(fant «.»)"},
		}},
		{"SystemID", SystemID, []validCase{
			{name: "typical", in: "123456"},
			{name: "18 digits", in: strings.Repeat("9", 18)},
			{name: "19 digits", in: strings.Repeat("9", 19), wantErr: "høyst 18 siffer (du skrev 19)"},
			{name: "empty", in: "", wantErr: "Skriv inn SystemID-en"},
			{name: "letters", in: "sys123", wantErr: "(fant «s»)"},
			{name: "full-width", in: "１２３", wantErr: "vanlige sifre"},
		}},
	}
	for _, tt := range tests {
		for _, c := range tt.cases {
			t.Run(tt.validator+"/"+c.name, func(t *testing.T) {
				checkResult(t, c, "", tt.f(c.in), false)
			})
		}
	}
}

// TestMessagesClipValues checks that a message shows at most maxShown runes of a value
// and replaces control characters in it.
func TestMessagesClipValues(t *testing.T) {
	in := strings.Repeat("ø", 500)
	_, err := Email(in)
	ve := assertVE(t, err)
	want := "«" + strings.Repeat("ø", maxShown) + "…»"
	if !strings.Contains(ve.NB, want) {
		t.Fatalf("NB %q does not show the value clipped", ve.NB)
	}
	if got := clip("a\x1bb\u202Ec\xffd\u2028"); got != "a\ufffdb\ufffdc\ufffdd\ufffd" {
		t.Fatalf("clip = %q", got)
	}
	if got := clip(strings.Repeat("x", maxShown)); got != strings.Repeat("x", maxShown) {
		t.Fatalf("clip cut a value of exactly maxShown runes: %q", got)
	}
	nb, en := describeRune('\u0007', 1)
	if strings.IndexFunc(nb+en, unicode.IsControl) >= 0 {
		t.Fatalf("describeRune leaks a control character: %q %q", nb, en)
	}
}

// A Norwegian writes 30.11.2026 (the documents print it so): the date is
// accepted that way too, and Check stores it in the one form, YYYY-MM-DD.
func TestDateNorwegianWay(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"2026-11-30": "2026-11-30", "30.11.2026": "2026-11-30", "1.2.2027": "2027-02-01", "30.11.26": "2026-11-30",
	} {
		got, err := NormDateOn(in, today)
		if err != nil || got != want {
			t.Errorf("NormDateOn(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	a := sessiontest.Answers()
	a.Signer.Date = "30.11.2026"
	checked, probs := Check(a)
	if len(probs) > 0 || checked.Signer.Date != "2026-11-30" {
		t.Fatalf("Check stored %q (%v), want 2026-11-30", checked.Signer.Date, probs)
	}
	if err := DateOn("31.11.2026", today); err == nil || !strings.Contains(Localize(err, NB), "DD.MM.ÅÅÅÅ") {
		t.Errorf("31.11.2026: %v", err)
	}
}
