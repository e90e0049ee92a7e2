package steps

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// certNow is the time the certificate tests run at: noon UTC, so the
// dates in messages are the same in every time zone.
var certNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

const (
	certTestCAName = "Buypass Class 3 Test4 CA 3"
	certProdCAName = "Buypass Class 3 CA 3"
	certPass       = "sertifikat-Passord-42"
)

type certAuthority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// certSerialNo numbers test certificates; tests run in parallel.
var certSerialNo atomic.Int64

func nextCertSerial() *big.Int { return big.NewInt(1000 + certSerialNo.Add(1)) }

// newCertAuthority makes a throw-away CA named like Buypass' CAs.
func newCertAuthority(t *testing.T, cn string) *certAuthority {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          nextCertSerial(),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Buypass AS-983163327"}, Country: []string{"NO"}},
		NotBefore:             certNow.AddDate(-5, 0, 0),
		NotAfter:              certNow.AddDate(10, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &certAuthority{cert: cert, key: key}
}

// enterprise is the subject of an enterprise certificate: serialNumber
// (Buypass, Commfides) and/or organizationIdentifier.
func enterpriseSubject(serialNumber, orgIdentifier string) pkix.Name {
	n := pkix.Name{CommonName: "BLÅBÆR ØKONOMI AS", Organization: []string{"BLÅBÆR ØKONOMI AS"}, Country: []string{"NO"}, SerialNumber: serialNumber}
	if orgIdentifier != "" {
		n.ExtraNames = []pkix.AttributeTypeAndValue{{Type: asn1.ObjectIdentifier{2, 5, 4, 97}, Value: orgIdentifier}}
	}
	return n
}

// issue makes a certificate and key signed by ca, valid from notBefore to
// notAfter; key is "ecdsa" or "rsa".
func (ca *certAuthority) issue(t *testing.T, subject pkix.Name, notBefore, notAfter time.Time, keyType string) (*x509.Certificate, any) {
	t.Helper()
	var pub, priv any
	switch keyType {
	case "rsa":
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		pub, priv = &k.PublicKey, k
	default:
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		pub, priv = &k.PublicKey, k
	}
	tmpl := &x509.Certificate{
		SerialNumber: nextCertSerial(),
		Subject:      subject,
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, pub, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, priv
}

// p12 makes a .p12 with the certificate, its key and the CA.
func (ca *certAuthority) p12(t *testing.T, subject pkix.Name, notBefore, notAfter time.Time, password string) []byte {
	t.Helper()
	cert, key := ca.issue(t, subject, notBefore, notAfter, "ecdsa")
	data, err := pkcs12.Modern.Encode(key, cert, []*x509.Certificate{ca.cert}, password)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeCertFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func inspectCertFile(t *testing.T, path, password string) (*CertificateInfo, error) {
	t.Helper()
	data, err := ReadCertificateFile(path)
	if err != nil {
		return nil, err
	}
	return InspectCertificate(data, password, certNow)
}

func warningCodes(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}

func TestInspectValidTestCertificate(t *testing.T) {
	t.Parallel()
	ca := newCertAuthority(t, certTestCAName)
	notAfter := certNow.AddDate(1, 0, 0)
	path := writeCertFile(t, "virksomhet.p12", ca.p12(t, enterpriseSubject("123456785", "NTRNO-123456785"), certNow.AddDate(0, -1, 0), notAfter, certPass))
	info, err := inspectCertFile(t, path, certPass)
	if err != nil {
		t.Fatal(err)
	}
	if info.OrgNumber != "123456785" || !info.TestCA || info.Expired || info.NotYetValid || info.DaysLeft != 365 || info.CACerts != 1 {
		t.Fatalf("info = %+v", info)
	}
	if info.CommonName != "BLÅBÆR ØKONOMI AS" || info.IssuerName != certTestCAName || !info.NotAfter.Equal(notAfter) {
		t.Fatalf("names/dates = %+v", info)
	}
	for _, want := range []string{"CN=BLÅBÆR ØKONOMI AS", "SERIALNUMBER=123456785", "organizationIdentifier=NTRNO-123456785", "C=NO"} {
		if !strings.Contains(info.Subject, want) {
			t.Errorf("subject %q lacks %q", info.Subject, want)
		}
	}
	if !strings.HasPrefix(info.Issuer, "CN="+certTestCAName) {
		t.Errorf("issuer = %q", info.Issuer)
	}
	// Spaces and the 0192: prefix in the vendor's org number are fine.
	if ws := CertificateWarnings(info, "0192:123 456 785", "tt02", certNow); len(ws) != 0 {
		t.Fatalf("warnings for a good certificate: %v", ws)
	}
}

func TestOrgNumberSources(t *testing.T) {
	t.Parallel()
	ca := newCertAuthority(t, certTestCAName)
	for _, c := range []struct {
		name          string
		serial, orgID string
		want          string
	}{
		{"serialNumber (Buypass, Commfides)", "123456785", "", "123456785"},
		{"organizationIdentifier", "", "NTRNO-123456785", "123456785"},
		{"organizationIdentifier wins", "999999999", "NTRNO-123456785", "123456785"},
		{"NTRNO in serialNumber", "NTRNO-123456785", "", "123456785"},
		{"neither", "", "", ""},
		{"a personal serial", "UN:NO-9578-4050-100105758", "", ""},
	} {
		info, err := InspectCertificate(ca.p12(t, enterpriseSubject(c.serial, c.orgID), certNow.AddDate(0, -1, 0), certNow.AddDate(1, 0, 0), certPass), certPass, certNow)
		if err != nil {
			t.Fatal(err)
		}
		if info.OrgNumber != c.want {
			t.Errorf("%s: org number %q, want %q", c.name, info.OrgNumber, c.want)
		}
	}
}

func TestCertificateWarnings(t *testing.T) {
	t.Parallel()
	testIssuer, prodIssuer := newCertAuthority(t, certTestCAName), newCertAuthority(t, certProdCAName)
	commfides := newCertAuthority(t, "Commfides CPN Enterprise-Norwegian SHA256 CA - TEST2")
	good := enterpriseSubject("123456785", "NTRNO-123456785")
	year := certNow.AddDate(1, 0, 0)
	monthAgo := certNow.AddDate(0, -1, 0)
	for _, c := range []struct {
		name      string
		ca        *certAuthority
		subject   pkix.Name
		from, to  time.Time
		env       string
		want      []string
		nb, en    []string // parts of the messages, in order of want
		testCA    bool
		expired   bool
		notBefore bool
	}{
		{name: "valid test certificate for TT02", ca: testIssuer, subject: good, from: monthAgo, to: year, env: "tt02", testCA: true},
		{name: "valid production certificate for PROD", ca: prodIssuer, subject: good, from: monthAgo, to: year, env: "prod"},
		{name: "Commfides test for TT02", ca: commfides, subject: good, from: monthAgo, to: year, env: "tt02", testCA: true},
		{name: "expired", ca: testIssuer, subject: good, from: certNow.AddDate(-2, 0, 0), to: certNow.AddDate(0, 0, -2), env: "tt02", testCA: true, expired: true,
			want: []string{WarnExpired},
			nb:   []string{"Sertifikatet gikk ut 23.11.2026. Skaff et nytt virksomhetssertifikat."},
			en:   []string{"The certificate expired on 23 November 2026. Get a new enterprise certificate."}},
		{name: "expiring in 10 days", ca: testIssuer, subject: good, from: monthAgo, to: certNow.AddDate(0, 0, 10), env: "tt02", testCA: true,
			want: []string{WarnExpiring},
			nb:   []string{"Sertifikatet går ut om 10 dager (05.12.2026). Bestill et nytt i god tid."},
			en:   []string{"The certificate expires in 10 days (5 December 2026). Order a new one in good time."}},
		{name: "expiring tomorrow", ca: testIssuer, subject: good, from: monthAgo, to: certNow.AddDate(0, 0, 1), env: "tt02", testCA: true,
			want: []string{WarnExpiring}, nb: []string{"om 1 dag "}, en: []string{"in 1 day "}},
		{name: "31 days left is fine", ca: testIssuer, subject: good, from: monthAgo, to: certNow.AddDate(0, 0, 31), env: "tt02", testCA: true},
		{name: "not yet valid", ca: testIssuer, subject: good, from: certNow.AddDate(0, 0, 3), to: year, env: "tt02", testCA: true, notBefore: true,
			want: []string{WarnNotYetValid}, nb: []string{"Sertifikatet gjelder ikke før 28.11.2026."}, en: []string{"The certificate is not valid before 28 November 2026."}},
		{name: "wrong org number", ca: testIssuer, subject: enterpriseSubject("987654321", ""), from: monthAgo, to: year, env: "tt02", testCA: true,
			want: []string{WarnOrgMismatch},
			nb:   []string{"Sertifikatet er utstedt til organisasjonsnummer 987654321, men leverandøren har 123456785 (steg 1)."},
			en:   []string{"The certificate is issued to organisation number 987654321, but the vendor's is 123456785 (step 1)."}},
		{name: "no org number", ca: testIssuer, subject: enterpriseSubject("", ""), from: monthAgo, to: year, env: "tt02", testCA: true,
			want: []string{WarnNoOrgNumber}, nb: []string{"Fant ikke noe organisasjonsnummer"}, en: []string{"Found no organisation number"}},
		{name: "test certificate for PROD", ca: testIssuer, subject: good, from: monthAgo, to: year, env: "prod", testCA: true,
			want: []string{WarnTestForProd},
			nb:   []string{"Dette er et testsertifikat (utstedt av Buypass Class 3 Test4 CA 3), men det er ment for PROD. PROD krever et ekte virksomhetssertifikat."},
			en:   []string{"This is a test certificate (issued by Buypass Class 3 Test4 CA 3), but it is meant for PROD. PROD needs a real enterprise certificate."}},
		{name: "production certificate for TT02", ca: prodIssuer, subject: good, from: monthAgo, to: year, env: "tt02",
			want: []string{WarnProdForTT02},
			nb:   []string{"Dette er et produksjonssertifikat (utstedt av Buypass Class 3 CA 3), men det er ment for TT02. I TT02 brukes testsertifikater fra Buypass' eller Commfides' test-CA."},
			en:   []string{"This is a production certificate (issued by Buypass Class 3 CA 3), but it is meant for TT02. TT02 uses test certificates from Buypass' or Commfides' test CAs."}},
		{name: "everything wrong", ca: testIssuer, subject: enterpriseSubject("987654321", ""), from: certNow.AddDate(-2, 0, 0), to: certNow.AddDate(0, 0, -1), env: "prod", testCA: true, expired: true,
			want: []string{WarnExpired, WarnOrgMismatch, WarnTestForProd}},
	} {
		t.Run(c.name, func(t *testing.T) {
			info, err := InspectCertificate(c.ca.p12(t, c.subject, c.from, c.to, certPass), certPass, certNow)
			if err != nil {
				t.Fatal(err)
			}
			if info.TestCA != c.testCA || info.Expired != c.expired || info.NotYetValid != c.notBefore {
				t.Fatalf("test CA %v, expired %v, not yet valid %v: %+v", info.TestCA, info.Expired, info.NotYetValid, info)
			}
			ws := CertificateWarnings(info, "123456785", c.env, certNow)
			if !slices.Equal(warningCodes(ws), c.want) {
				t.Fatalf("warnings %v, want %v", warningCodes(ws), c.want)
			}
			for i := range c.nb {
				if got := ws[i].Text("nb"); !strings.Contains(got, c.nb[i]) {
					t.Errorf("nb: %q lacks %q", got, c.nb[i])
				}
				if got := ws[i].Text("en"); !strings.Contains(got, c.en[i]) {
					t.Errorf("en: %q lacks %q", got, c.en[i])
				}
			}
		})
	}
	if CertificateWarnings(nil, "123456785", "prod", certNow) != nil {
		t.Fatal("warnings without a certificate")
	}
}

// Without the vendor's org number (or with a wrong one) nothing is compared;
// without an environment the CA is not judged.
func TestCertificateWarningsSkipWhatIsUnknown(t *testing.T) {
	t.Parallel()
	ca := newCertAuthority(t, certTestCAName)
	info, err := InspectCertificate(ca.p12(t, enterpriseSubject("987654321", ""), certNow.AddDate(0, -1, 0), certNow.AddDate(1, 0, 0), certPass), certPass, certNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, vendor := range []string{"", "123456789", "abc"} {
		if ws := CertificateWarnings(info, vendor, "", certNow); len(ws) != 0 {
			t.Errorf("vendor %q: %v", vendor, warningCodes(ws))
		}
	}
}

func TestInspectErrors(t *testing.T) {
	t.Parallel()
	ca := newCertAuthority(t, certTestCAName)
	good := ca.p12(t, enterpriseSubject("123456785", ""), certNow.AddDate(0, -1, 0), certNow.AddDate(1, 0, 0), certPass)
	cert, _ := ca.issue(t, enterpriseSubject("123456785", ""), certNow.AddDate(0, -1, 0), certNow.AddDate(1, 0, 0), "ecdsa")
	pemCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	trustStore, err := pkcs12.Modern.EncodeTrustStore([]*x509.Certificate{ca.cert}, certPass)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		data     []byte
		password string
		want     error
		nb, en   string
	}{
		{"wrong password", good, "feil-passord-1", ErrWrongPassword,
			"Feil passord: sertifikatpassordet i nøkkelringen åpner ikke filen.", "Wrong password: the certificate password in the keyring does not open the file."},
		{"empty password", good, "", ErrWrongPassword, "Feil passord", "Wrong password"},
		{"password outside UCS-2", good, "pass🔑word", ErrWrongPassword, "Feil passord", "Wrong password"},
		{"text file", []byte("dette er ikke et sertifikat\n"), certPass, ErrNotPKCS12,
			"Filen er ikke en PKCS#12-fil (.p12/.pfx).", "The file is not a PKCS#12 file (.p12/.pfx)."},
		{"PEM certificate", pemCert, certPass, ErrNotPKCS12, "en .cer-, .crt- eller .pem-fil har bare sertifikatet", "a .cer, .crt or .pem file holds only the certificate"},
		{"DER certificate", cert.Raw, certPass, ErrNotPKCS12, "ikke en PKCS#12-fil", "not a PKCS#12 file"},
		{"empty file", nil, certPass, ErrNotPKCS12, "ikke en PKCS#12-fil", "not a PKCS#12 file"},
		{"truncated", good[:len(good)/2], certPass, ErrNotPKCS12, "ikke en PKCS#12-fil", "not a PKCS#12 file"},
		{"no private key", trustStore, certPass, ErrIncompletePKCS12, "mangler sertifikatet eller den private nøkkelen", "lacks the certificate or the private key"},
	} {
		t.Run(c.name, func(t *testing.T) {
			info, err := InspectCertificate(c.data, c.password, certNow)
			if info != nil || !errors.Is(err, c.want) {
				t.Fatalf("info %v, err %v; want %v", info, err, c.want)
			}
			var ce *CertError
			if !errors.As(err, &ce) {
				t.Fatalf("%T is not a *CertError", err)
			}
			if got := ce.Text("nb"); !strings.Contains(got, c.nb) {
				t.Errorf("nb: %q lacks %q", got, c.nb)
			}
			if got := ce.Text("en"); !strings.Contains(got, c.en) || got != err.Error() {
				t.Errorf("en: %q lacks %q (Error() %q)", got, c.en, err.Error())
			}
			for _, soup := range []string{"pkcs12:", "asn1:", "x509:"} {
				if strings.Contains(ce.Text("nb")+ce.Text("en"), soup) {
					t.Errorf("library error shown: %q", ce.Text("en"))
				}
			}
		})
	}
}

// Older files (RC2/3DES, RSA keys) open too.
func TestInspectLegacyRSA(t *testing.T) {
	t.Parallel()
	ca := newCertAuthority(t, certProdCAName)
	cert, key := ca.issue(t, enterpriseSubject("123456785", ""), certNow.AddDate(0, -1, 0), certNow.AddDate(2, 0, 0), "rsa")
	data, err := pkcs12.LegacyRC2.Encode(key, cert, []*x509.Certificate{ca.cert}, certPass)
	if err != nil {
		t.Fatal(err)
	}
	info, err := InspectCertificate(data, certPass, certNow)
	if err != nil {
		t.Fatal(err)
	}
	if info.TestCA || info.OrgNumber != "123456785" || info.IssuerName != certProdCAName {
		t.Fatalf("info = %+v", info)
	}
	if _, err := InspectCertificate(data, "feil", certNow); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("legacy wrong password: %v", err)
	}
}

// Names from a certificate cannot drive the terminal.
func TestInspectCleansNames(t *testing.T) {
	t.Parallel()
	ca := newCertAuthority(t, certTestCAName)
	subject := enterpriseSubject("123456785", "")
	subject.CommonName = "Ond\x1b[2J AS\u202e"
	info, err := InspectCertificate(ca.p12(t, subject, certNow.AddDate(0, -1, 0), certNow.AddDate(1, 0, 0), certPass), certPass, certNow)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(info.Subject+info.CommonName, "\x1b\u202e") || !strings.Contains(info.CommonName, "Ond\uFFFD[2J AS\uFFFD") {
		t.Fatalf("not cleaned: %q / %q", info.Subject, info.CommonName)
	}
}

func TestReadCertificateFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	unreadable := filepath.Join(dir, "låst.p12")
	reasonNB, reasonEN := "du har ikke lov til å lese den", "you are not allowed to read it"
	if os.Geteuid() == 0 {
		// root reads any file: a folder in the file's place fails instead.
		if err := os.Mkdir(unreadable, 0o700); err != nil {
			t.Fatal(err)
		}
		reasonNB, reasonEN = "det er en mappe, ikke en fil", "it is a folder, not a file"
	} else {
		if err := os.WriteFile(unreadable, []byte("x"), 0o000); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name, path, nb, en string
	}{
		{"unreadable", unreadable, reasonNB, reasonEN},
		{"missing", filepath.Join(dir, "finnes-ikke.p12"), "filen finnes ikke", "the file does not exist"},
		{"folder", dir, "det er en mappe, ikke en fil", "it is a folder, not a file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, err := ReadCertificateFile(c.path)
			if data != nil || !errors.Is(err, ErrUnreadable) {
				t.Fatalf("data %d bytes, err %v", len(data), err)
			}
			if errors.Is(err, ErrNotPKCS12) || errors.Is(err, ErrWrongPassword) {
				t.Fatalf("unreadable reported as another kind: %v", err)
			}
			l, ok := err.(interface{ Text(string) string })
			if !ok {
				t.Fatalf("%T has no Text", err)
			}
			if got := l.Text("nb"); got != "Kan ikke lese sertifikatfilen "+c.path+": "+c.nb+"." {
				t.Errorf("nb: %q", got)
			}
			if got := l.Text("en"); got != "Cannot read the certificate file "+c.path+": "+c.en+"." {
				t.Errorf("en: %q", got)
			}
		})
	}

	big := filepath.Join(dir, "stor.p12")
	if err := os.WriteFile(big, make([]byte, maxCertificateFile+10), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCertificateFile(big); !errors.Is(err, ErrNotPKCS12) {
		t.Fatalf("a huge file: %v", err)
	}
}

// A FIFO in the certificate's place blocked the read (and the screen's
// command) for ever; it is refused at once now, and so is a device.
func TestReadCertificateFileNotARegularFile(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	pipe := filepath.Join(t.TempDir(), "cert.p12")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{pipe, "/dev/zero"} {
		data, err := ReadCertificateFile(p)
		if data != nil || !errors.Is(err, ErrUnreadable) {
			t.Fatalf("%s: data %d bytes, err %v", p, len(data), err)
		}
		l := err.(interface{ Text(string) string })
		if got, want := l.Text("en"), "Cannot read the certificate file "+p+": it is not a regular file but a named pipe (FIFO), a device or a socket."; got != want {
			t.Errorf("en: %q, want %q", got, want)
		}
		if got := l.Text("nb"); !strings.Contains(got, "ikke en vanlig fil") || !strings.Contains(got, p) {
			t.Errorf("nb: %q", got)
		}
	}
}

func TestReadCertificateFileHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	if err := os.WriteFile(filepath.Join(home, "v.p12"), []byte("abc"), 0o600); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadCertificateFile(" ~/v.p12 "); err != nil || string(data) != "abc" {
		t.Fatalf("%q, %v", data, err)
	}
}
