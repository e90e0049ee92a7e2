package outbox

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/mail"
)

// UntrustedCert is a server certificate no trusted authority signed
// (often a self-signed server), for asking the user whether to trust it.
type UntrustedCert struct {
	Host        string // smtp.host
	Fingerprint string // "sha256:AB:CD:…", what Trust remembers
	Names       string // the names it is for, comma-separated
	NotAfter    time.Time
	// Changed: another certificate was trusted before (smtp.trusted_cert
	// Previous): the server's certificate changed since.
	Changed  bool
	Previous string
}

// AsUntrustedCert finds, in a Send error, a certificate the user could
// choose to trust.
func AsUntrustedCert(err error) (*UntrustedCert, bool) {
	var e *mail.UntrustedCertError
	if !errors.As(err, &e) {
		return nil, false
	}
	return &UntrustedCert{Host: e.Host, Fingerprint: e.Fingerprint, Names: strings.Join(e.Names, ", "), NotAfter: e.NotAfter,
		Changed: e.Pinned != "", Previous: e.Pinned}, true
}

// Trust remembers the user's explicit choice to trust c for the
// profile's SMTP server: the profile at profilePath gets
// smtp.trusted_cert = c.Fingerprint (replacing an earlier one). It
// refuses when the profile's smtp.host is no longer c.Host.
func Trust(profilePath string, c *UntrustedCert) error {
	p, _, err := profile.Load(profilePath)
	if err != nil {
		return &Error{Kind: KindProfile, Path: profilePath, Err: err}
	}
	if !strings.EqualFold(p.SMTP.Host, c.Host) {
		return &Error{Kind: KindProfile, Path: profilePath, Err: &localError{
			nb: fmt.Sprintf("profilens smtp.host er nå %q, ikke %q: sertifikatet ble ikke lagret", p.SMTP.Host, c.Host),
			en: fmt.Sprintf("the profile's smtp.host is now %q, not %q: the certificate was not remembered", p.SMTP.Host, c.Host)}}
	}
	q, problems := p.Set("smtp.trusted_cert", c.Fingerprint)
	if len(problems) > 0 {
		return &Error{Kind: KindProfile, Path: profilePath, Err: &profile.FileError{Path: profilePath, Err: problems, Problems: problems}}
	}
	if err := profile.Save(profilePath, q); err != nil {
		return &Error{Kind: KindProfile, Path: profilePath, Err: err}
	}
	return nil
}
