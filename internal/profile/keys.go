package profile

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// Keys are the profile's keys, as `profile set` and the file name them.
var Keys = []string{
	"name", "email", "phone", "company", "cc", "output_dir",
	"smtp.host", "smtp.port", "smtp.security", "smtp.user", "smtp.ca_file",
	"smtp.trusted_cert",
	"secrets_file",
}

// field is where a key's value lives in a Profile.
func (p *Profile) field(key string) *string {
	switch key {
	case "name":
		return &p.Name
	case "email":
		return &p.Email
	case "phone":
		return &p.Phone
	case "company":
		return &p.Company
	case "cc":
		return &p.Cc
	case "output_dir":
		return &p.OutputDir
	case "smtp.host":
		return &p.SMTP.Host
	case "smtp.security":
		return &p.SMTP.Security
	case "smtp.user":
		return &p.SMTP.User
	case "smtp.ca_file":
		return &p.SMTP.CAFile
	case "smtp.trusted_cert":
		return &p.SMTP.TrustedCert
	case "secrets_file":
		return &p.SecretsFile
	}
	return nil
}

// IsKey reports whether key is one of Keys.
func IsKey(key string) bool {
	for _, k := range Keys {
		if k == key {
			return true
		}
	}
	return false
}

// Get is the value of key as text ("" when not set).
func (p Profile) Get(key string) string {
	if key == "smtp.port" {
		if p.SMTP.Port == 0 {
			return ""
		}
		return strconv.Itoa(p.SMTP.Port)
	}
	if f := p.field(key); f != nil {
		return *f
	}
	return ""
}

// Set returns a copy of p with key set to value, normalised, or the
// problems that value (or what it makes of the profile) has; p is not
// changed. An empty value unsets the key.
func (p Profile) Set(key, value string) (Profile, forms.Problems) {
	if !IsKey(key) {
		return p, forms.Problems{forms.NewProblem(key,
			"ukjent nøkkel; nøklene er: "+strings.Join(Keys, ", "),
			"unknown key; the keys are: "+strings.Join(Keys, ", "))}
	}
	q := p
	if key == "smtp.port" {
		v := strings.TrimSpace(value)
		if v == "" {
			q.SMTP.Port = 0
		} else {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 65535 {
				return p, forms.Problems{forms.NewProblem(key,
					"må være et portnummer fra 1 til 65535 (vanligvis 587 for starttls eller 465 for tls)",
					"must be a port number from 1 to 65535 (usually 587 for starttls or 465 for tls)")}
			}
			q.SMTP.Port = n
		}
	} else {
		*q.field(key) = value
	}
	norm, problems := Check(q)
	if key == "smtp.ca_file" && len(problems) == 0 && norm.SMTP.CAFile != "" {
		if _, err := LoadCAs(norm.SMTP.CAFile); err != nil {
			return p, forms.Problems{caProblem(err)}
		}
	}
	if len(problems) > 0 {
		return p, problems
	}
	return norm, nil
}

// Check returns a normalised copy of p (trimmed text, e-mail addresses
// and phone numbers as forms writes them, lower-case security) with every
// problem, each under its key. An empty field is never a problem.
func Check(p Profile) (Profile, forms.Problems) {
	var problems forms.Problems
	// The person and the copy address follow the registration's rules,
	// so what the profile gives a session is what the session accepts.
	a := session.Answers{Contact: session.Person{Name: p.Name, Email: p.Email, Phone: p.Phone}, Cc: p.Cc}
	norm, found := forms.Check(a)
	keyOf := map[string]string{"contact.name": "name", "contact.email": "email", "contact.phone": "phone", "cc": "cc"}
	for _, fe := range found {
		if k, ok := keyOf[fe.Path]; ok && !fe.Missing {
			problems = append(problems, &forms.FieldError{Path: k, Err: fe.Err})
		}
	}
	for _, k := range []string{"name", "email", "phone", "cc"} {
		if !hasProblem(problems, k) {
			*p.field(k) = *map[string]*string{"name": &norm.Contact.Name, "email": &norm.Contact.Email, "phone": &norm.Contact.Phone, "cc": &norm.Cc}[k]
		}
	}
	line := func(key string, max int) {
		f := p.field(key)
		*f = strings.TrimSpace(*f)
		if err := forms.SingleLine(*f, max); err != nil {
			problems = append(problems, &forms.FieldError{Path: key, Err: err})
		}
	}
	line("company", forms.MaxShortText)
	line("output_dir", 4096)
	line("smtp.host", 253)
	line("smtp.user", 320)
	line("smtp.ca_file", 4096)
	line("secrets_file", 4096)
	p.SMTP.Security = strings.ToLower(strings.TrimSpace(p.SMTP.Security))
	if v := strings.TrimSpace(p.SMTP.TrustedCert); v != "" {
		fp, err := mail.ParseFingerprint(v)
		if err != nil {
			problems = append(problems, forms.NewProblem("smtp.trusted_cert",
				"må være sertifikatets SHA-256-fingeravtrykk, «sha256:» og 64 heksadesimale sifre med eller uten kolon (som `openssl x509 -noout -fingerprint -sha256` skriver det), ikke «"+v+"»",
				"must be the certificate's SHA-256 fingerprint, \"sha256:\" and 64 hex digits with or without colons (as `openssl x509 -noout -fingerprint -sha256` writes it), not \""+v+"\""))
		} else {
			p.SMTP.TrustedCert = fp
		}
	}
	for _, k := range []string{"output_dir", "smtp.ca_file"} {
		if v := *p.field(k); v != "" && !hasProblem(problems, k) && !filepath.IsAbs(v) {
			problems = append(problems, forms.NewProblem(k,
				"må være en full sti (som begynner med / eller en stasjonsbokstav), ikke «"+v+"»",
				"must be a full path (starting with / or a drive letter), not \""+v+"\""))
		}
	}
	if v := p.SecretsFile; v != "" && v != SecretsFileDefault && !hasProblem(problems, "secrets_file") && !filepath.IsAbs(v) {
		problems = append(problems, forms.NewProblem("secrets_file",
			"må være en full sti til den krypterte hemmelighetsfilen (som begynner med / eller en stasjonsbokstav), eller ordet «default» for filen secrets.age i datamappen; ikke «"+v+"»",
			"must be a full path to the encrypted secrets file (starting with / or a drive letter), or the word \"default\" for the file secrets.age in the data folder; not \""+v+"\""))
	}
	if h := p.SMTP.Host; h != "" && !hasProblem(problems, "smtp.host") && !validHost(h) {
		problems = append(problems, forms.NewProblem("smtp.host",
			"må være bare et vertsnavn eller en IP-adresse, som smtp.eksempel.no, uten «smtp://» og uten port (porten settes med smtp.port)",
			"must be a host name or IP address only, such as smtp.example.com, without \"smtp://\" and without a port (set the port with smtp.port)"))
	}
	if p.SMTP.Port < 0 || p.SMTP.Port > 65535 {
		problems = append(problems, forms.NewProblem("smtp.port",
			"må være et portnummer fra 1 til 65535", "must be a port number from 1 to 65535"))
	}
	switch p.SMTP.Security {
	case "", SecurityTLS, SecuritySTARTTLS:
	case SecurityNone:
		if p.SMTP.Host != "" && !IsLocalHost(p.SMTP.Host) {
			problems = append(problems, forms.NewProblem("smtp.security",
				"«none» (ukryptert) er bare lov til denne maskinen (127.0.0.1, ::1 eller localhost), ikke til "+p.SMTP.Host+": bruk starttls eller tls",
				"\"none\" (unencrypted) is only allowed to this machine (127.0.0.1, ::1 or localhost), not to "+p.SMTP.Host+": use starttls or tls"))
		}
	default:
		problems = append(problems, forms.NewProblem("smtp.security",
			"må være tls (kryptert fra start, port 465), starttls (port 587) eller none (bare til 127.0.0.1)",
			"must be tls (encrypted from the start, port 465), starttls (port 587) or none (only to 127.0.0.1)"))
	}
	return p, problems
}

func hasProblem(ps forms.Problems, key string) bool {
	for _, p := range ps {
		if p.Path == key {
			return true
		}
	}
	return false
}

// IsLocalHost reports whether host is this machine by a name no network
// can redirect: 127.0.0.1 (any 127/8), ::1 or localhost.
func IsLocalHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// validHost accepts a DNS name or an IP address, nothing else.
func validHost(h string) bool {
	return net.ParseIP(h) != nil || mail.ValidHostname(strings.TrimSuffix(h, "."))
}

// MaxCAFileSize bounds a CA file: a bundle of a few hundred certificates.
const MaxCAFileSize = 4 << 20

// LoadCAs reads the PEM certificates of a CA file.
func LoadCAs(path string) (*x509.CertPool, error) {
	data, err := safefile.Read(path, MaxCAFileSize)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	n := 0
	for len(data) > 0 {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, &caError{path: path, cause: err.Error()}
		}
		pool.AddCert(c)
		n++
	}
	if n == 0 {
		return nil, &caError{path: path}
	}
	return pool, nil
}

// caError is a CA file without a usable certificate.
type caError struct{ path, cause string }

func (e *caError) Error() string { return e.Text("en") }
func (e *caError) Text(lang string) string {
	if lang == "en" {
		if e.cause != "" {
			return fmt.Sprintf("%s holds a certificate that cannot be read (%s): give a PEM file of CA certificates", e.path, e.cause)
		}
		return fmt.Sprintf("%s holds no PEM certificate (-----BEGIN CERTIFICATE-----): give a PEM file of CA certificates", e.path)
	}
	if e.cause != "" {
		return fmt.Sprintf("%s har et sertifikat som ikke kan leses (%s): oppgi en PEM-fil med CA-sertifikater", e.path, e.cause)
	}
	return fmt.Sprintf("%s har ikke noe PEM-sertifikat (-----BEGIN CERTIFICATE-----): oppgi en PEM-fil med CA-sertifikater", e.path)
}

type texter interface{ Text(string) string }

func caProblem(err error) *forms.FieldError {
	t, ok := err.(texter)
	if !ok {
		return forms.NewProblem("smtp.ca_file", err.Error(), err.Error())
	}
	return forms.NewProblem("smtp.ca_file", t.Text("nb"), t.Text("en"))
}
