package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/altinn-onboard/altinn-onboard/forms"
)

// Security modes of SMTPConfig.
const (
	SecuritySTARTTLS = "starttls" // plain connection upgraded with STARTTLS (default, port 587)
	SecurityTLS      = "tls"      // TLS from the first byte (port 465)
	SecurityNone     = "none"     // no encryption: only to 127.0.0.1/::1/localhost (port 25)
)

// DefaultTimeout is used when SMTPConfig.Timeout is not set.
const DefaultTimeout = 30 * time.Second

// ErrAuthFailed is wrapped by Send's error when the server refuses the user
// name or password.
var ErrAuthFailed = errors.New("the SMTP server refused the user name or password")

// SMTPConfig says how to reach the SMTP server that sends the e-mails.
type SMTPConfig struct {
	Host string
	// Port; 0 means 587 for starttls, 465 for tls and 25 for none.
	Port     int
	Username string
	// Password comes from the OS keyring and is never stored.
	Password string
	// Security is "starttls" (default when empty), "tls" or "none"; "none"
	// is only allowed to the local machine.
	Security string
	// Timeout bounds connecting and each step of the conversation;
	// 0 means DefaultTimeout.
	Timeout time.Duration
	// RootCAs, when set, are the certificate authorities trusted for the
	// server's certificate instead of the system's (for a company CA or a
	// test server). Certificates are always verified.
	RootCAs *x509.CertPool
	// TrustedCert is the fingerprint (see Fingerprint) of one server
	// certificate the user chose to trust although no trusted authority
	// signed it (a self-signed server). It is accepted only when normal
	// verification fails for an unknown authority, and only while it is
	// valid for Host and in date.
	TrustedCert string
}

// Send sends msg over SMTP to the envelope recipients to, from the
// envelope sender from (see Envelope), and returns the server's final
// answer to the message (its code and text, often with a queue ID). The
// server's certificate is always verified (or, for a self-signed one,
// matched against SMTPConfig.TrustedCert), STARTTLS never falls back to
// plain text, and authentication (PLAIN, or LOGIN when the server offers
// only that) happens only over an encrypted connection or to the local
// machine. A refused sender or recipient is a *RefusedError naming the
// address(es); nothing is sent then. Errors name host:port and never
// contain the password.
func Send(ctx context.Context, cfg SMTPConfig, from string, to []string, msg []byte) (Reply, error) {
	t := smtpTarget(cfg)
	if err := checkSend(cfg, t, from, to, msg); err != nil {
		return Reply{}, err
	}
	s := &sender{ctx: ctx, addr: t.addr, user: cfg.Username, password: cfg.Password}
	if err := ctx.Err(); err != nil {
		return Reply{}, s.fail("before connecting", err)
	}
	c, stop, err := s.connect(cfg, t)
	if err != nil {
		return Reply{}, err
	}
	defer stop()
	defer c.Close()
	if cfg.Username != "" {
		if err := s.auth(c, t.sec); err != nil {
			return Reply{}, err
		}
	}
	reply, err := s.transact(c, from, to, WithoutDraftMark(msg))
	if err != nil {
		return Reply{}, err
	}
	// The message is accepted once DATA is done; a failing QUIT does not
	// change that.
	_ = c.Quit()
	return reply, nil
}

// target is the server Send talks to, with the defaults filled in.
type target struct {
	sec, host string
	port      int
	addr      string // host:port, for messages
}

func smtpTarget(cfg SMTPConfig) target {
	t := target{sec: strings.ToLower(strings.TrimSpace(cfg.Security)), host: strings.TrimSpace(cfg.Host), port: cfg.Port}
	if t.sec == "" {
		t.sec = SecuritySTARTTLS
	}
	if t.port == 0 {
		switch t.sec {
		case SecurityTLS:
			t.port = 465
		case SecurityNone:
			t.port = 25
		default:
			t.port = 587
		}
	}
	t.addr = net.JoinHostPort(t.host, strconv.Itoa(t.port))
	return t
}

// checkSend refuses, before any connection, what Send must not try.
func checkSend(cfg SMTPConfig, t target, from string, to []string, msg []byte) error {
	addr := t.addr
	switch {
	case t.host == "" || strings.ContainsAny(t.host, " /\\@") || hasControl(t.host):
		return fmt.Errorf("smtp: %q is not a usable server name", cfg.Host)
	case t.port < 1 || t.port > 65535:
		return fmt.Errorf("smtp %s: port %d is out of range", addr, t.port)
	case t.sec != SecuritySTARTTLS && t.sec != SecurityTLS && t.sec != SecurityNone:
		return fmt.Errorf("smtp %s: unknown security %q (use starttls, tls or none)", addr, cfg.Security)
	case t.sec == SecurityNone && !isLoopbackHost(t.host):
		return fmt.Errorf("smtp %s: an unencrypted connection is only allowed to 127.0.0.1 or localhost; use starttls or tls", addr)
	case cfg.Password != "" && cfg.Username == "":
		return fmt.Errorf("smtp %s: a password was given without a user name", addr)
	case cfg.Username != "" && cfg.Password == "":
		return fmt.Errorf("smtp %s: no password for user %q", addr, cfg.Username)
	case hasControl(cfg.Username):
		return fmt.Errorf("smtp %s: the user name contains a control character", addr)
	case len(msg) == 0:
		return fmt.Errorf("smtp %s: empty message", addr)
	case len(to) == 0:
		return fmt.Errorf("smtp %s: no recipients", addr)
	}
	if cfg.TrustedCert != "" {
		if _, err := ParseFingerprint(cfg.TrustedCert); err != nil {
			return fmt.Errorf("smtp %s: trusted certificate %q: %w", addr, cfg.TrustedCert, err)
		}
	}
	if err := envelopeAddress(from); err != nil {
		return fmt.Errorf("smtp %s: sender: %w", addr, err)
	}
	for _, r := range to {
		if err := envelopeAddress(r); err != nil {
			return fmt.Errorf("smtp %s: recipient: %w", addr, err)
		}
	}
	return nil
}

// connect dials the server, sets up encryption and greets it. stop, to
// call when done, stops cancelling the context from closing the
// connection.
func (s *sender) connect(cfg SMTPConfig, t target) (c *smtp.Client, stop func() bool, err error) {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	dialer := net.Dialer{Timeout: timeout}
	raw, err := dialer.DialContext(s.ctx, "tcp", t.addr)
	if err != nil {
		return nil, nil, s.fail("connecting", err)
	}
	if t.sec == SecurityNone {
		if ta, ok := raw.RemoteAddr().(*net.TCPAddr); !ok || !ta.IP.IsLoopback() {
			raw.Close()
			return nil, nil, fmt.Errorf("smtp %s: %s is not the local machine; refusing to send unencrypted", t.addr, raw.RemoteAddr())
		}
	}
	// Cancelling ctx closes the connection, which ends any step in progress.
	stop = context.AfterFunc(s.ctx, func() { raw.Close() })
	var conn net.Conn = &deadlineConn{Conn: raw, timeout: timeout, ctx: s.ctx}
	conn.SetDeadline(time.Time{}) // arm the first deadline

	pinned, _ := ParseFingerprint(cfg.TrustedCert) // checked by checkSend
	tlsConfig := tlsConfig(t.host, cfg.RootCAs, pinned)
	switch t.sec {
	case SecurityTLS:
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(s.ctx); err != nil {
			raw.Close()
			stop()
			return nil, nil, s.fail("TLS handshake", err)
		}
		c = smtp.NewClient(tc)
	case SecuritySTARTTLS:
		if c, err = smtp.NewClientStartTLS(conn, tlsConfig); err != nil {
			raw.Close()
			stop()
			return nil, nil, s.fail("greeting and STARTTLS", err)
		}
	default:
		c = smtp.NewClient(conn)
	}
	c.CommandTimeout = timeout
	c.SubmissionTimeout = timeout
	// Greet (again, after STARTTLS) now: this completes the TLS handshake
	// and reports a certificate problem as such.
	err = c.Hello("localhost")
	if err == nil && t.sec != SecurityNone {
		if st, ok := c.TLSConnectionState(); !ok || !st.HandshakeComplete {
			err = errors.New("the connection is not encrypted")
		}
	}
	if err != nil {
		c.Close()
		stop()
		return nil, nil, s.fail("greeting", err)
	}
	return c, stop, nil
}

// sender carries what Send's errors need.
type sender struct {
	ctx      context.Context
	addr     string
	user     string
	password string
}

func (s *sender) auth(c *smtp.Client, sec string) error {
	if sec != SecurityNone {
		if st, ok := c.TLSConnectionState(); !ok || !st.HandshakeComplete {
			return s.fail("authenticating", errors.New("refusing to send the password over an unencrypted connection"))
		}
	}
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return s.fail("authenticating", errors.New("the server does not offer authentication (AUTH)"))
	}
	var client sasl.Client
	switch {
	case c.SupportsAuth(sasl.Plain):
		client = sasl.NewPlainClient("", s.user, s.password)
	case c.SupportsAuth(sasl.Login):
		client = sasl.NewLoginClient(s.user, s.password)
	default:
		return s.fail("authenticating", fmt.Errorf("the server offers none of PLAIN, LOGIN (it offers %s)", mechs))
	}
	if err := c.Auth(client); err != nil {
		var se *smtp.SMTPError
		if errors.As(err, &se) && (se.Code == 535 || se.EnhancedCode == smtp.EnhancedCode{5, 7, 8}) {
			return s.fail("authenticating as "+strconv.Quote(s.user), fmt.Errorf("%w: %w", ErrAuthFailed, err))
		}
		return s.fail("authenticating as "+strconv.Quote(s.user), err)
	}
	return nil
}

// fail wraps err with the server address and the step, turns a failure
// caused by a cancelled context into the context's error, and makes sure
// the password (or its base64 forms in an AUTH exchange) never shows.
func (s *sender) fail(step string, err error) error {
	if cerr := s.ctx.Err(); cerr != nil {
		err = cerr
	}
	e := fmt.Errorf("smtp %s: %s: %w", s.addr, step, err)
	if s.password == "" {
		return e
	}
	secrets := []string{
		s.password,
		base64.StdEncoding.EncodeToString([]byte(s.password)),
		base64.StdEncoding.EncodeToString([]byte("\x00" + s.user + "\x00" + s.password)),
	}
	text := e.Error()
	leak := false
	for _, sec := range secrets {
		if strings.Contains(text, sec) {
			leak = true
			text = strings.ReplaceAll(text, sec, "[hidden]")
		}
	}
	if !leak {
		return e
	}
	// Do not keep the original error in the chain: it holds the secret.
	if errors.Is(err, ErrAuthFailed) {
		return &redactedError{text: text, wraps: ErrAuthFailed}
	}
	return &redactedError{text: text}
}

type redactedError struct {
	text  string
	wraps error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.wraps }

// deadlineConn keeps a deadline on every read and write: go-smtp sets a
// deadline for each command and clears it afterwards; a cleared or later
// deadline becomes now+timeout, and never later than ctx's deadline.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
	ctx     context.Context
	mu      sync.Mutex
}

func (c *deadlineConn) clamp(t time.Time) time.Time {
	limit := time.Now().Add(c.timeout)
	if d, ok := c.ctx.Deadline(); ok && d.Before(limit) {
		limit = d
	}
	if t.IsZero() || t.After(limit) {
		return limit
	}
	return t
}

func (c *deadlineConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetDeadline(c.clamp(t))
}

func (c *deadlineConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetReadDeadline(c.clamp(t))
}

func (c *deadlineConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Conn.SetWriteDeadline(c.clamp(t))
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return true
		}
	}
	return false
}

// envelopeAddress checks an SMTP envelope address: one forms.Email
// accepts, in the ASCII form the message's header carries (so the server
// needs no SMTPUTF8).
func envelopeAddress(v string) error {
	a, err := forms.Email(v)
	if err != nil {
		return errors.New(forms.Localize(err, forms.EN))
	}
	if a != v || forms.EmailASCII(a) != a {
		return fmt.Errorf("%q is not an address as a message header carries it", v)
	}
	return nil
}

// WithoutDraftMark is msg without its X-Unsent header field (see
// Compose): what Send puts on the wire. A message on its way is no
// longer a draft, and the recipient's Outlook would open it as one.
func WithoutDraftMark(msg []byte) []byte {
	end := bytes.Index(msg, []byte("\r\n\r\n"))
	if end < 0 {
		return msg
	}
	head := msg[:end+2]
	var out bytes.Buffer
	out.Grow(len(msg))
	dropping := false
	for len(head) > 0 {
		i := bytes.Index(head, []byte("\r\n"))
		line := head[:i+2]
		head = head[i+2:]
		folded := line[0] == ' ' || line[0] == '\t'
		if !folded {
			name, _, ok := bytes.Cut(line, []byte(":"))
			dropping = ok && strings.EqualFold(strings.TrimSpace(string(name)), DraftHeader)
		}
		if !dropping {
			out.Write(line)
		}
	}
	out.Write(msg[end+2:])
	return out.Bytes()
}
