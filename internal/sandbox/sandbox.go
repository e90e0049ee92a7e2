// Package sandbox is a local fake of the services a software vendor meets
// on the Altinn 3 path: Maskinporten (metadata, JWKS and /token with the
// JWT-bearer grant), Altinn's system register, system-user requests,
// change requests and system-user look-ups, and the customer's approval
// page at the confirm URL. Vendors rehearse the whole path on it offline;
// the project's tests use it as their server.
//
// It is faithful, not generous: every rule it enforces is one the real
// services enforce according to ../shared/altinn3-api.md (each rule
// cites its section, "§n", next to the code), and its answers have the
// real status codes and bodies. Where the facts are uncertain (§13) it
// picks one behaviour, and an Option selects the other.
//
// The sandbox's own signing key lives in memory only; its state (clients
// with their public keys, systems, requests, system users) is kept in
// memory and, when Options.StatePath is set, in that file. No private key
// and no token is ever written anywhere.
package sandbox

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"
)

// Expiry is what becomes of a request that times out (§13.1).
type Expiry int

const (
	// ExpireTimedout: the request stays readable with status "Timedout"
	// (the status the API's enum has and the docs' list example shows).
	ExpireTimedout Expiry = iota
	// ExpireGone: the request disappears; reads answer 404 AUTH-00010
	// (the code's soft delete; §1 C4 "treat disappears / 404 as the
	// expiry signal").
	ExpireGone
)

// Options are the sandbox's choices. The zero value is the default.
type Options struct {
	// Lang is the language of the sandbox's own pages: "nb" (default)
	// or "en". The services' answers are in English, as the real ones.
	Lang string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// TokenLifetime is the access tokens' lifetime (expires_in): 120 s
	// when zero, the client-registration default and what real
	// system-user tokens show; 599 s is what examples say (§13.2, §1 C11).
	TokenLifetime time.Duration
	// RequestTimeout is how long a request may stay New: 10 days when
	// zero (the docs, §5.3); negative: never.
	RequestTimeout time.Duration
	// ExpireAs is what a timed-out request becomes (§13.1).
	ExpireAs Expiry
	// RejectSub refuses a grant that has a "sub" claim, as Digdir's
	// rule "claims not in the documentation give 400" says; by default
	// it is accepted, as Altinn's own examples and TT02 tests send it
	// (§8.2, §13.3).
	RejectSub bool
	// LowercaseSystemUserOrgID writes systemuser_org's key as "id" in
	// issued tokens instead of "ID" (§8.3, §13.5).
	LowercaseSystemUserOrgID bool
	// PageSize is the page size of paginated lists: 50 when zero (§5.3).
	PageSize int
	// StatePath, when set, is the file the state is read from at the
	// start and written to after every change.
	StatePath string
	// Resources and AccessPackages are added to the built-in catalogue
	// the register validates rights and access packages against.
	Resources      []Resource
	AccessPackages []AccessPackage
}

// The services' fixed numbers.
const (
	// skew is the clock skew both Maskinporten (iat, §8.2) and the Altinn
	// API (token lifetime, §3.1) allow.
	skew = 10 * time.Second
	// maxGrantLifetime: exp - iat of a grant (§8.2).
	maxGrantLifetime            = 120 * time.Second
	defaultTokenLifetime        = 120 * time.Second
	defaultRequestTimeout       = 10 * 24 * time.Hour
	defaultPageSize             = 50
	timedOutFlagAfter           = 180 * 24 * time.Hour // §1 C4: the timedOut flag
	maxBody               int64 = 1 << 20
)

// Sandbox is the fake as an http.Handler. Server runs one on a port.
type Sandbox struct {
	opts    Options
	base    string // "http://127.0.0.1:PORT", no trailing slash
	key     *rsa.PrivateKey
	kid     string
	formKey string // the hidden value the sandbox's own forms post back
	mux     *http.ServeMux

	mu sync.Mutex
	st *state
}

// New makes a sandbox that answers as if it were at base
// ("http://127.0.0.1:PORT"): the Maskinporten issuer, confirm URLs and
// links are built on it.
func New(base string, opts Options) (*Sandbox, error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("sandbox: base URL %q is not an absolute URL", base)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = defaultTokenLifetime
	}
	if opts.RequestTimeout == 0 {
		opts.RequestTimeout = defaultRequestTimeout
	}
	if opts.PageSize <= 0 {
		opts.PageSize = defaultPageSize
	}
	if opts.Lang != "en" {
		opts.Lang = "nb"
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("sandbox: making the signing key: %w", err)
	}
	s := &Sandbox{
		opts:    opts,
		base:    strings.TrimRight(base, "/"),
		key:     key,
		kid:     "sandbox-" + randomHex(8),
		formKey: randomHex(16),
		st:      newState(),
	}
	for _, r := range opts.Resources {
		s.st.Resources[r.ID] = r
	}
	for _, p := range opts.AccessPackages {
		s.st.Packages[p.URN] = p
	}
	if opts.StatePath != "" {
		if err := s.load(opts.StatePath); err != nil {
			return nil, err
		}
		// Write it at once: a file that cannot be written is said now,
		// not as a failure of the first change.
		if err := s.save(opts.StatePath); err != nil {
			return nil, &StateError{Path: opts.StatePath, Err: err, Write: true}
		}
	}
	s.mux = s.routes()
	return s, nil
}

// MaskinportenURL is the fake Maskinporten's issuer, as
// "https://test.maskinporten.no/" is the real one's: the grant's aud,
// and the base of /token, /jwk and /.well-known/oauth-authorization-server.
func (s *Sandbox) MaskinportenURL() string { return s.base + "/maskinporten/" }

// PlatformURL is the fake Altinn platform, as
// "https://platform.tt02.altinn.no" is the real one: the APIs are under
// /authentication/api/v1/.
func (s *Sandbox) PlatformURL() string { return s.base }

// ApprovalURL is the fake approval UI, as "https://am.ui.tt02.altinn.no"
// is the real one: confirm URLs start with it.
func (s *Sandbox) ApprovalURL() string { return s.base }

// AdminURL is the sandbox's own page, where Maskinporten clients are
// registered and everything in the sandbox is listed.
func (s *Sandbox) AdminURL() string { return s.base + "/sandbox/" }

// The environment variables that point altinn-onboard at a sandbox.
const (
	EnvMaskinportenURL = "ALTINN_ONBOARD_MASKINPORTEN_URL"
	EnvPlatformURL     = "ALTINN_ONBOARD_PLATFORM_URL"
	EnvApprovalURL     = "ALTINN_ONBOARD_APPROVAL_URL"
)

// Env is the environment, NAME=VALUE, that points altinn-onboard (or the
// vendor's own system) at this sandbox.
func (s *Sandbox) Env() []string {
	return []string{
		EnvMaskinportenURL + "=" + s.MaskinportenURL(),
		EnvPlatformURL + "=" + s.PlatformURL(),
		EnvApprovalURL + "=" + s.ApprovalURL(),
	}
}

// ServeHTTP answers one request. Paths are cleaned first, without a
// redirect, so a client that joins "…/maskinporten/" and "/token" with
// a doubled slash still reaches /token with its POST body.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p := r.URL.Path; strings.Contains(p, "//") || strings.Contains(p, "/.") {
		clean := path.Clean("/" + p)
		if strings.HasSuffix(p, "/") && clean != "/" {
			clean += "/"
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path, r2.URL.RawPath = clean, ""
		r = r2
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	w.Header().Set("Cache-Control", "no-store")
	s.mux.ServeHTTP(w, r)
}

// routes are the real services' paths (§4.1, §5.1, §6, §7, §8) and the
// sandbox's own pages.
func (s *Sandbox) routes() *http.ServeMux {
	m := http.NewServeMux()
	s.maskinportenRoutes(m)
	s.registerRoutes(m)
	s.requestRoutes(m)
	s.changeRequestRoutes(m)
	s.systemUserRoutes(m)
	s.approvalRoutes(m)
	s.adminRoutes(m)
	m.HandleFunc("GET /authentication/api/v1/exchange/{provider}", s.handleExchange)
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/sandbox/", http.StatusSeeOther)
	})
	return m
}

// now is the sandbox's clock, in UTC.
func (s *Sandbox) now() time.Time { return s.opts.Now().UTC() }

// t picks the sandbox page's language.
func (s *Sandbox) t(nb, en string) string {
	if s.opts.Lang == "en" {
		return en
	}
	return nb
}

// changed saves the state after a change, when there is a state file.
// The caller holds s.mu.
func (s *Sandbox) changed() error {
	if s.opts.StatePath == "" {
		return nil
	}
	return s.save(s.opts.StatePath)
}

// errSave is how a handler reports that the state could not be saved.
var errSave = errors.New("sandbox: the state file could not be written")

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on the platforms Go supports
	}
	return hex.EncodeToString(b)
}

// newUUID is a random (version 4) UUID, as the services give ids.
func newUUID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// parseUUID is id in canonical lower-case form, or false when it is not
// a UUID (ASP.NET binds Guid path and query values; anything else is a
// model-binding 400, §3.2 item 3). .NET accepts upper case and braces;
// the sandbox accepts upper case.
func parseUUID(id string) (string, bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	if len(id) != 36 {
		return "", false
	}
	for i, c := range id {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return "", false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return "", false
			}
		}
	}
	return id, true
}
