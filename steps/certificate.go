package steps

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Enterprise certificates (virksomhetssertifikater): reading a .p12/.pfx,
// what it says, and what is wrong with it for this vendor and environment.
// The functions are pure except ReadCertificateFile; the screen at the end
// of the file calls them in a tea.Cmd.

// CertificateInfo is what an enterprise certificate file holds, as shown
// to the user. It never holds the password or the private key.
type CertificateInfo struct {
	// Subject and Issuer are the distinguished names, most specific
	// attribute first ("CN=…, O=…, C=NO"), made safe for a terminal.
	Subject, Issuer string
	// CommonName and Organisation are the subject's CN and O.
	CommonName, Organisation string
	// IssuerName is the issuer's CN (or O when it has no CN).
	IssuerName string
	// OrgNumber is the organisation number the certificate is issued to
	// (9 digits), from the subject's organizationIdentifier (2.5.4.97,
	// "NTRNO-123456785") or serialNumber (Buypass, Commfides); "" if none.
	OrgNumber string
	// TestCA is set when the issuer is a test CA (Buypass' or Commfides'
	// test CAs): a certificate for TT02, not for PROD.
	TestCA bool
	// NotBefore and NotAfter bound the validity.
	NotBefore, NotAfter time.Time
	// Expired, NotYetValid and DaysLeft are the validity at the time of
	// the inspection.
	Expired, NotYetValid bool
	DaysLeft             int
	// SerialNumber is the certificate's serial number in hex.
	SerialNumber string
	// CACerts is how many CA certificates the file carries besides it.
	CACerts int
}

// CertError is a reason a certificate file cannot be used, with its
// message in Norwegian bokmål and English (store.Localized). Test for the
// kinds with errors.Is(err, steps.ErrWrongPassword).
type CertError struct {
	code   string
	nb, en string
}

func (e *CertError) Error() string { return e.en }

// Code is a stable identifier such as "wrong-password".
func (e *CertError) Code() string { return e.code }

// Text returns the message in lang ("en" or Norwegian).
func (e *CertError) Text(lang string) string { return ui.T(lang, e.nb, e.en) }

var (
	// ErrWrongPassword: the password does not open the file.
	ErrWrongPassword = &CertError{"wrong-password",
		"Feil passord: sertifikatpassordet i nøkkelringen åpner ikke filen. Trykk enter og lagre riktig passord.",
		"Wrong password: the certificate password in the keyring does not open the file. Press enter and store the right password."}
	// ErrNotPKCS12: the file is not a PKCS#12 file (.p12/.pfx).
	ErrNotPKCS12 = &CertError{"not-pkcs12",
		"Filen er ikke en PKCS#12-fil (.p12/.pfx). Velg filen som har både sertifikatet og den private nøkkelen; en .cer-, .crt- eller .pem-fil har bare sertifikatet.",
		"The file is not a PKCS#12 file (.p12/.pfx). Choose the file that holds both the certificate and the private key; a .cer, .crt or .pem file holds only the certificate."}
	// ErrUnsupportedPKCS12: a PKCS#12 file in a layout this program
	// cannot read.
	ErrUnsupportedPKCS12 = &CertError{"unsupported-pkcs12",
		"Filen er en PKCS#12-fil, men på en form programmet ikke kan lese. Eksporter sertifikatet med den private nøkkelen på nytt som .p12, og prøv igjen.",
		"The file is a PKCS#12 file, but in a form this program cannot read. Export the certificate with its private key again as a .p12, and try again."}
	// ErrIncompletePKCS12: the file lacks the certificate or the key.
	ErrIncompletePKCS12 = &CertError{"incomplete-pkcs12",
		"Filen mangler sertifikatet eller den private nøkkelen. Et virksomhetssertifikat må ligge i filen sammen med nøkkelen sin.",
		"The file lacks the certificate or the private key. An enterprise certificate must be in the file together with its key."}
	// ErrUnreadable: the file cannot be read; the error also says why.
	ErrUnreadable = &CertError{"unreadable",
		"Sertifikatfilen kan ikke leses.",
		"The certificate file cannot be read."}
	// ErrNoCertificatePassword: the file needs a password and none is
	// stored.
	ErrNoCertificatePassword = &CertError{"no-password",
		"Sertifikatpassordet er ikke lagret ennå: trykk enter og lagre det, så åpnes sertifikatet.",
		"The certificate password is not stored yet: press enter and store it, and the certificate is opened."}
)

// certFileError is ErrUnreadable with the file and the reason.
type certFileError struct {
	path   string
	nb, en string
	err    error
}

func (e *certFileError) Error() string { return e.Text("en") }
func (e *certFileError) Text(lang string) string {
	return fmt.Sprintf(ui.T(lang, "Kan ikke lese sertifikatfilen %s: %s.", "Cannot read the certificate file %s: %s."),
		cleanText(e.path, 300), ui.T(lang, e.nb, e.en))
}
func (e *certFileError) Unwrap() []error { return []error{ErrUnreadable, e.err} }

// maxCertificateFile bounds what ReadCertificateFile reads: enterprise
// certificate files are a few kilobytes.
const maxCertificateFile = 1 << 20

// ReadCertificateFile reads a certificate file ("~/" is the home folder).
// Its errors match ErrUnreadable (with the reason: missing, not allowed,
// a folder) or ErrNotPKCS12 (far too large). It touches the disk: call it
// in a tea.Cmd.
func ReadCertificateFile(path string) ([]byte, error) {
	p := expandHome(strings.TrimSpace(path))
	fail := func(nb, en string, err error) error { return &certFileError{path: path, nb: nb, en: en, err: err} }
	// safefile refuses a FIFO, device or folder at once (a FIFO would
	// block the read for ever) and reads at most the limit.
	data, err := safefile.Read(p, maxCertificateFile)
	var se *safefile.Error
	if err != nil && errors.As(err, &se) {
		switch {
		case se.Kind == safefile.KindTooLarge:
			return nil, ErrNotPKCS12
		case se.Kind == safefile.KindNotRegular && se.Mode.IsDir():
			return nil, fail("det er en mappe, ikke en fil", "it is a folder, not a file", fs.ErrInvalid)
		case se.Kind == safefile.KindNotRegular:
			return nil, fail("det er ikke en vanlig fil, men et navngitt rør (FIFO), en enhet eller en socket", "it is not a regular file but a named pipe (FIFO), a device or a socket", fs.ErrInvalid)
		case errors.Is(err, fs.ErrNotExist):
			return nil, fail("filen finnes ikke", "the file does not exist", err)
		case errors.Is(err, fs.ErrPermission):
			return nil, fail("du har ikke lov til å lese den (sjekk filrettighetene)", "you are not allowed to read it (check the file permissions)", err)
		}
	}
	if err != nil {
		return nil, fail("den kan ikke leses", "it cannot be read", err)
	}
	return data, nil
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, `~\`) {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
	}
	return p
}

var (
	oidOrganizationIdentifier = asn1.ObjectIdentifier{2, 5, 4, 97}
	// orgIDPattern is an organizationIdentifier or serialNumber naming a
	// Norwegian organisation number: "NTRNO-123456785" or "123456785".
	orgIDPattern = regexp.MustCompile(`^(?:NTRNO[-:])?([0-9]{9})$`)
)

// InspectCertificate opens a PKCS#12 file (.p12/.pfx) with its password
// and describes the certificate in it, its validity taken at now. Its
// errors are ErrWrongPassword, ErrNotPKCS12, ErrUnsupportedPKCS12 and
// ErrIncompletePKCS12.
func InspectCertificate(p12 []byte, password string, now time.Time) (*CertificateInfo, error) {
	if len(p12) == 0 {
		return nil, ErrNotPKCS12
	}
	if strings.IndexFunc(password, func(r rune) bool { return r > 0xFFFF }) >= 0 {
		// PKCS#12 passwords are UCS-2: such a password cannot be right.
		return nil, ErrWrongPassword
	}
	_, cert, cas, err := pkcs12.DecodeChain(p12, password)
	if err != nil {
		return nil, classifyPKCS12(err)
	}
	info := &CertificateInfo{
		Subject:      readableName(cert.Subject),
		Issuer:       readableName(cert.Issuer),
		CommonName:   cleanText(cert.Subject.CommonName, 200),
		Organisation: cleanText(strings.Join(cert.Subject.Organization, ", "), 200),
		IssuerName:   cleanText(cert.Issuer.CommonName, 200),
		OrgNumber:    orgNumberOf(cert),
		TestCA:       isTestIssuer(cert.Issuer),
		NotBefore:    cert.NotBefore,
		NotAfter:     cert.NotAfter,
		SerialNumber: fmt.Sprintf("%x", cert.SerialNumber),
		CACerts:      len(cas),
	}
	if info.IssuerName == "" {
		info.IssuerName = cleanText(strings.Join(cert.Issuer.Organization, ", "), 200)
	}
	info.Expired = !now.Before(cert.NotAfter)
	info.NotYetValid = now.Before(cert.NotBefore)
	info.DaysLeft = daysUntil(now, cert.NotAfter)
	return info, nil
}

func classifyPKCS12(err error) error {
	var ni pkcs12.NotImplementedError
	msg := err.Error()
	switch {
	case errors.Is(err, pkcs12.ErrIncorrectPassword), errors.Is(err, pkcs12.ErrDecryption):
		return ErrWrongPassword
	case errors.As(err, &ni):
		return ErrUnsupportedPKCS12
	case strings.Contains(msg, "missing"), strings.Contains(msg, "exactly one"):
		return ErrIncompletePKCS12
	}
	return ErrNotPKCS12
}

// daysUntil is the number of days, rounded up, from now to t (negative
// when t has passed).
func daysUntil(now, t time.Time) int {
	return int(math.Ceil(t.Sub(now).Hours() / 24))
}

// orgNumberOf finds the organisation number a certificate is issued to.
func orgNumberOf(cert *x509.Certificate) string {
	for _, atv := range cert.Subject.Names {
		if atv.Type.Equal(oidOrganizationIdentifier) {
			if s, ok := atv.Value.(string); ok {
				if m := orgIDPattern.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
					return m[1]
				}
			}
		}
	}
	if m := orgIDPattern.FindStringSubmatch(strings.TrimSpace(cert.Subject.SerialNumber)); m != nil {
		return m[1]
	}
	return ""
}

// isTestIssuer reports a test CA: Buypass' and Commfides' test CAs carry
// "Test" in their names ("Buypass Class 3 Test4 CA 3", "… CA - TEST2").
func isTestIssuer(n pkix.Name) bool {
	names := append(append([]string{n.CommonName}, n.Organization...), n.OrganizationalUnit...)
	for _, s := range names {
		if strings.Contains(strings.ToLower(s), "test") {
			return true
		}
	}
	return false
}

// attributeNames are the short names of the attributes shown, in the
// order they are shown (most telling first).
var attributeNames = []struct{ oid, name string }{
	{"2.5.4.3", "CN"},
	{"2.5.4.10", "O"},
	{"2.5.4.11", "OU"},
	{"2.5.4.97", "organizationIdentifier"},
	{"2.5.4.5", "SERIALNUMBER"},
	{"1.2.840.113549.1.9.1", "E"},
	{"2.5.4.7", "L"},
	{"2.5.4.8", "ST"},
	{"2.5.4.6", "C"},
}

// readableName writes a distinguished name in a fixed order (CN first,
// country last, unknown attributes after), with organizationIdentifier
// by name: Go's Name.String writes it as hex.
func readableName(n pkix.Name) string {
	names := slices.Clone(n.Names)
	rank := func(atv pkix.AttributeTypeAndValue) int {
		for i, a := range attributeNames {
			if a.oid == atv.Type.String() {
				return i
			}
		}
		return len(attributeNames)
	}
	slices.SortStableFunc(names, func(a, b pkix.AttributeTypeAndValue) int { return rank(a) - rank(b) })
	parts := make([]string, 0, len(names))
	for _, atv := range names {
		typ := atv.Type.String()
		if r := rank(atv); r < len(attributeNames) {
			typ = attributeNames[r].name
		}
		parts = append(parts, typ+"="+cleanText(fmt.Sprint(atv.Value), 200))
	}
	return strings.Join(parts, ", ")
}

// cleanText makes text from a file safe to print: control, bidi and line
// separator characters become U+FFFD (they could drive the terminal), and
// it is cut at max characters.
func cleanText(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == max {
			b.WriteString("…")
			break
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			r = '\uFFFD'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// Warning is something wrong with a certificate that does not stop it
// from being read, in Norwegian bokmål and English.
type Warning struct {
	Code   string // one of the Warn* codes
	NB, EN string
}

// Text returns the warning in lang ("en" or Norwegian).
func (w Warning) Text(lang string) string { return ui.T(lang, w.NB, w.EN) }

// Blocking reports whether a warning means the certificate will not do
// (as opposed to a heads-up such as "expires soon").
func (w Warning) Blocking() bool {
	switch w.Code {
	case WarnExpired, WarnNotYetValid, WarnOrgMismatch, WarnTestForProd, WarnProdForTT02:
		return true
	}
	return false
}

// FactsWarnings are the warnings for a certificate checked earlier.
func FactsWarnings(f *session.CertificateFacts, vendorOrg, env string, now time.Time) []Warning {
	if f == nil {
		return nil
	}
	return CertificateWarnings(&CertificateInfo{
		Subject: f.Subject, OrgNumber: f.OrgNumber, IssuerName: f.IssuerName, TestCA: f.TestCA,
		NotBefore: f.NotBefore, NotAfter: f.NotAfter,
	}, vendorOrg, env, now)
}

// Warning codes.
const (
	WarnExpired     = "expired"
	WarnNotYetValid = "not_yet_valid"
	WarnExpiring    = "expiring"
	WarnOrgMismatch = "org_mismatch"
	WarnNoOrgNumber = "no_org_number"
	WarnTestForProd = "test_for_prod"
	WarnProdForTT02 = "prod_for_tt02"
)

// ExpiryWarningDays is how close to its end a certificate gets a warning.
const ExpiryWarningDays = 30

func certDateNB(t time.Time) string { return t.Local().Format("02.01.2006") }
func certDateEN(t time.Time) string { return t.Local().Format("2 January 2006") }

// CertificateWarnings lists what is wrong with a certificate for a vendor
// (vendorOrg, as typed in step 1; ignored when empty or not valid) and an
// environment (session.EnvTT02 or session.EnvProd; "" skips the check)
// at now.
func CertificateWarnings(info *CertificateInfo, vendorOrg, env string, now time.Time) []Warning {
	if info == nil {
		return nil
	}
	var out []Warning
	switch left := daysUntil(now, info.NotAfter); {
	case !now.Before(info.NotAfter):
		out = append(out, Warning{WarnExpired,
			fmt.Sprintf("Sertifikatet gikk ut %s. Skaff et nytt virksomhetssertifikat.", certDateNB(info.NotAfter)),
			fmt.Sprintf("The certificate expired on %s. Get a new enterprise certificate.", certDateEN(info.NotAfter))})
	case left <= ExpiryWarningDays:
		out = append(out, Warning{WarnExpiring,
			fmt.Sprintf("Sertifikatet går ut om %d %s (%s). Bestill et nytt i god tid.", left, certPlural(left, "dag", "dager"), certDateNB(info.NotAfter)),
			fmt.Sprintf("The certificate expires in %d %s (%s). Order a new one in good time.", left, certPlural(left, "day", "days"), certDateEN(info.NotAfter))})
	}
	if now.Before(info.NotBefore) {
		out = append(out, Warning{WarnNotYetValid,
			fmt.Sprintf("Sertifikatet gjelder ikke før %s.", certDateNB(info.NotBefore)),
			fmt.Sprintf("The certificate is not valid before %s.", certDateEN(info.NotBefore))})
	}
	vendor, err := forms.OrgNumber(vendorOrg)
	switch {
	case info.OrgNumber == "":
		out = append(out, Warning{WarnNoOrgNumber,
			"Fant ikke noe organisasjonsnummer i sertifikatet (serialNumber eller organizationIdentifier). Er det et virksomhetssertifikat?",
			"Found no organisation number in the certificate (serialNumber or organizationIdentifier). Is it an enterprise certificate?"})
	case strings.TrimSpace(vendorOrg) != "" && err == nil && vendor != info.OrgNumber:
		out = append(out, Warning{WarnOrgMismatch,
			fmt.Sprintf("Sertifikatet er utstedt til organisasjonsnummer %s, men leverandøren har %s (steg 1).", info.OrgNumber, vendor),
			fmt.Sprintf("The certificate is issued to organisation number %s, but the vendor's is %s (step 1).", info.OrgNumber, vendor)})
	}
	switch {
	case env == session.EnvProd && info.TestCA:
		out = append(out, Warning{WarnTestForProd,
			fmt.Sprintf("Dette er et testsertifikat (utstedt av %s), men det er ment for PROD. PROD krever et ekte virksomhetssertifikat.", info.IssuerName),
			fmt.Sprintf("This is a test certificate (issued by %s), but it is meant for PROD. PROD needs a real enterprise certificate.", info.IssuerName)})
	case env == session.EnvTT02 && !info.TestCA:
		out = append(out, Warning{WarnProdForTT02,
			fmt.Sprintf("Dette er et produksjonssertifikat (utstedt av %s), men det er ment for TT02. I TT02 brukes testsertifikater fra Buypass' eller Commfides' test-CA.", info.IssuerName),
			fmt.Sprintf("This is a production certificate (issued by %s), but it is meant for TT02. TT02 uses test certificates from Buypass' or Commfides' test CAs.", info.IssuerName)})
	}
	return out
}

func certPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
