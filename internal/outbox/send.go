package outbox

import (
	"context"
	"errors"
	"net"
	"strconv"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/mail"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// PasswordSecret is the profile secret that holds the SMTP password
// (keyring account profile/smtp-password).
const PasswordSecret = "smtp-password"

// Settings are what Send needs besides the e-mail.
type Settings struct {
	Profile profile.Profile
	// ProfilePath names the profile in messages (and is where Trust
	// writes).
	ProfilePath string
	// Secrets holds the SMTP password when Profile.SMTP.User is set.
	Secrets store.ProfileSecrets
	// Timeout bounds connecting and each step with the server; 0 means
	// mail.DefaultTimeout.
	Timeout time.Duration
	// Now is the clock of the receipt and the copy's name; nil: time.Now.
	Now func() time.Time
	// KeepDir is the folder for the kept copies; "" means a folder
	// "sendt" next to the .eml.
	KeepDir string
}

// Server is where the e-mail goes, for showing before it is sent:
// "host:port (starttls)". An *Error (KindNoServer) when smtp.host is unset.
func (s Settings) Server() (string, error) {
	if s.Profile.SMTP.Host == "" {
		return "", &Error{Kind: KindNoServer, Path: s.ProfilePath}
	}
	return s.addr() + " (" + s.security() + ")", nil
}

// WithProfile is s with the profile read from path (the user's
// profile.yaml): what send, --send and the wizard send through. A profile
// that cannot be read is the error, naming the file.
func (s Settings) WithProfile(path string) (Settings, error) {
	s.ProfilePath = path
	p, _, err := profile.Load(path)
	if err != nil {
		return s, err
	}
	s.Profile = p
	return s, nil
}

// CheckCAFile says, before anything is asked or sent, that smtp.ca_file
// (when set) cannot be used: a *Error of KindCAFile naming the file.
func (s Settings) CheckCAFile() error {
	if f := s.Profile.SMTP.CAFile; f != "" {
		if _, err := profile.LoadCAs(f); err != nil {
			return &Error{Kind: KindCAFile, Path: f, Err: err}
		}
	}
	return nil
}

func (s Settings) security() string {
	if s.Profile.SMTP.Security == "" {
		return mail.SecuritySTARTTLS
	}
	return s.Profile.SMTP.Security
}

func (s Settings) addr() string {
	port := s.Profile.SMTP.Port
	if port == 0 {
		switch s.security() {
		case mail.SecurityTLS:
			port = 465
		case mail.SecurityNone:
			port = 25
		default:
			port = 587
		}
	}
	return net.JoinHostPort(s.Profile.SMTP.Host, strconv.Itoa(port))
}

func (s Settings) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// config is the mail package's view of the settings, with the password.
func (s Settings) config() (mail.SMTPConfig, error) {
	p := s.Profile.SMTP
	if p.Host == "" {
		return mail.SMTPConfig{}, &Error{Kind: KindNoServer, Path: s.ProfilePath}
	}
	cfg := mail.SMTPConfig{Host: p.Host, Port: p.Port, Username: p.User, Security: p.Security, Timeout: s.Timeout, TrustedCert: p.TrustedCert}
	if p.CAFile != "" {
		pool, err := profile.LoadCAs(p.CAFile)
		if err != nil {
			return cfg, &Error{Kind: KindCAFile, Path: p.CAFile, Err: err}
		}
		cfg.RootCAs = pool
	}
	if p.User != "" {
		if s.Secrets == nil {
			return cfg, &Error{Kind: KindNoPassword, Path: s.ProfilePath}
		}
		pw, err := s.Secrets.GetProfileSecret(PasswordSecret)
		if errors.Is(err, store.ErrSecretNotFound) {
			return cfg, &Error{Kind: KindNoPassword, Path: s.ProfilePath, Err: err}
		}
		if err != nil {
			return cfg, &Error{Kind: KindSecrets, Err: err}
		}
		cfg.Password = pw
	}
	return cfg, nil
}

// Receipt is a sending that succeeded.
type Receipt struct {
	SentAt    time.Time // UTC
	From      string
	To        []string
	MessageID string
	Server    string // host:port
	// Reply is the server's final answer ("250 2.0.0 Ok: queued as …").
	Reply string
	// Copy is the kept copy of exactly what was sent; "" when it could
	// not be written, and CopyErr (an *Error, KindCopy) says why. The
	// e-mail was sent either way.
	Copy    string
	CopyErr error
}

// Send sends d through the profile's server, with the password from
// s.Secrets when smtp.user is set, then keeps a copy of exactly what was
// sent (without the X-Unsent draft mark). An error means nothing was
// sent: an *Error when the server was not tried, else the mail package's
// error (see Explain, AsUntrustedCert). The .eml is never changed.
func Send(ctx context.Context, d *Draft, s Settings) (Receipt, error) {
	cfg, err := s.config()
	if err != nil {
		return Receipt{}, err
	}
	reply, err := mail.Send(ctx, cfg, d.From, d.To, d.Msg)
	if err != nil {
		return Receipt{}, err
	}
	r := Receipt{SentAt: s.now().UTC(), From: d.From, To: append([]string(nil), d.To...), MessageID: d.MessageID, Server: s.addr(), Reply: reply.String()}
	r.Copy, r.CopyErr = keep(d, s.KeepDir, r.SentAt)
	return r, nil
}

// Record appends the sending r of file (the path the session knows the
// .eml by) to the session.
func Record(s *session.Session, file string, r Receipt) {
	s.Sent = append(s.Sent, session.SentMail{
		File: file, SentAt: r.SentAt, From: r.From, To: append([]string(nil), r.To...),
		MessageID: r.MessageID, Server: r.Server, Reply: r.Reply, Copy: r.Copy,
	})
}
