// Package brreg looks organisations up in Enhetsregisteret, Brønnøysund's
// open register of legal units (no login): GET
// {base}/enhetsregisteret/api/enheter/{orgnr}, then underenheter/{orgnr}
// when the main register does not know the number.
//
// What the register answers (see the project's shared notes, altinn3-api
// §10): 200 with the unit's JSON; 404 unknown; 410 removed. A deleted unit
// may also come as 200 with a minimal body carrying "slettedato" (seen in a
// client library's fixtures; which of the two the live register does today
// is not documented). Both are reported as deleted.
//
// The base URL is https://data.brreg.no for PROD customers. TT02 customers
// are synthetic organisations (Tenor); public clients map test
// environments to https://data.ppe.brreg.no, but Brønnøysund's own
// documentation does not say so, and whether every Tenor organisation is
// there is uncertain. ALTINN_ONBOARD_BRREG_URL overrides both (tests,
// proxies, mirrors).
//
// Answers are cached for a day in the data folder (see cache.go). Nothing
// here blocks longer than the client's timeout (3 s by default).
package brreg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// EnvURL overrides the register's base URL.
const EnvURL = "ALTINN_ONBOARD_BRREG_URL"

// The register's base URLs.
const (
	ProdURL = "https://data.brreg.no"
	// TestURL is where test environments' clients look (uncertain: see the
	// package doc).
	TestURL = "https://data.ppe.brreg.no"
)

// DefaultTimeout bounds one lookup, both requests together.
const DefaultTimeout = 3 * time.Second

// maxBody bounds what is read of an answer: a unit is a few kB.
const maxBody = 1 << 20

// BaseURL is the register to ask: $ALTINN_ONBOARD_BRREG_URL when set,
// else the test register for TT02 ("tt02"), else the production register.
func BaseURL(getenv func(string) string, environment string) string {
	if getenv != nil {
		if v := strings.TrimSpace(getenv(EnvURL)); v != "" {
			return strings.TrimRight(v, "/")
		}
	}
	if strings.EqualFold(environment, "tt02") {
		return TestURL
	}
	return ProdURL
}

// Status is what the register said of a number.
type Status string

const (
	Found   Status = "found"
	Deleted Status = "deleted" // 410, or 200 with slettedato
	Unknown Status = "unknown" // 404 in both enheter and underenheter
)

// Address is a postal or business address as the register writes it.
type Address struct {
	Lines       []string `json:"adresse"`
	PostalCode  string   `json:"postnummer"`
	City        string   `json:"poststed"`
	Country     string   `json:"land"`
	CountryCode string   `json:"landkode,omitempty"`
}

// Empty reports whether the address says nothing.
func (a Address) Empty() bool {
	return len(a.Lines) == 0 && a.PostalCode == "" && a.City == "" && a.Country == ""
}

// Street is the address lines joined by ", ".
func (a Address) Street() string { return strings.Join(a.Lines, ", ") }

// Unit is what a lookup found.
type Unit struct {
	OrgNumber string `json:"organisasjonsnummer"`
	Status    Status `json:"status"`
	Name      string `json:"navn,omitempty"`
	// BusinessAddress is forretningsadresse (beliggenhetsadresse for a
	// sub-unit, which has no forretningsadresse).
	BusinessAddress  Address `json:"forretningsadresse"`
	Bankrupt         bool    `json:"konkurs"`
	UnderLiquidation bool    `json:"underAvvikling"`
	DeletedDate      string  `json:"slettedato,omitempty"`
	SubUnit          bool    `json:"underenhet"`
}

// Gone reports whether the number is not a living unit (deleted or unknown).
func (u Unit) Gone() bool { return u.Status != Found }

// wireUnit is the register's JSON, the fields this program uses.
type wireUnit struct {
	OrgNumber           string       `json:"organisasjonsnummer"`
	Name                string       `json:"navn"`
	Forretningsadresse  *wireAddress `json:"forretningsadresse"`
	Beliggenhetsadresse *wireAddress `json:"beliggenhetsadresse"`
	Konkurs             bool         `json:"konkurs"`
	UnderAvvikling      bool         `json:"underAvvikling"`
	Slettedato          string       `json:"slettedato"`
}

type wireAddress struct {
	Adresse    []*string `json:"adresse"` // may hold null and ""
	Postnummer string    `json:"postnummer"`
	Poststed   string    `json:"poststed"`
	Land       string    `json:"land"`
	Landkode   string    `json:"landkode"`
}

func (w *wireAddress) address() Address {
	if w == nil {
		return Address{}
	}
	a := Address{PostalCode: strings.TrimSpace(w.Postnummer), City: strings.TrimSpace(w.Poststed), Country: strings.TrimSpace(w.Land), CountryCode: strings.TrimSpace(w.Landkode)}
	for _, l := range w.Adresse {
		if l != nil && strings.TrimSpace(*l) != "" {
			a.Lines = append(a.Lines, strings.TrimSpace(*l))
		}
	}
	return a
}

// Options configure a Client; the zero value asks the production register
// with a 3 s timeout and no cache.
type Options struct {
	BaseURL string        // "" = ProdURL
	Timeout time.Duration // 0 = DefaultTimeout
	// CacheDir is the folder of the day's cache (made 0700 when missing);
	// "" caches in memory only.
	CacheDir string
	// Offline turns lookups off: Lookup answers from the cache or fails
	// with KindOffline.
	Offline bool
	HTTP    *http.Client     // nil = a client of its own
	Now     func() time.Time // nil = time.Now
}

// Client looks numbers up; safe for concurrent use.
type Client struct {
	base    string
	timeout time.Duration
	offline bool
	http    *http.Client
	now     func() time.Time
	cache   *cache
}

// New makes a client.
func New(o Options) *Client {
	c := &Client{base: strings.TrimRight(o.BaseURL, "/"), timeout: o.Timeout, offline: o.Offline, http: o.HTTP, now: o.Now}
	if c.base == "" {
		c.base = ProdURL
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.cache = &cache{dir: o.CacheDir, mem: map[string]entry{}}
	return c
}

// Base is the register the client asks.
func (c *Client) Base() string { return c.base }

// Offline reports whether lookups are turned off.
func (c *Client) Offline() bool { return c.offline }

// CacheProblem is the cache file's problem, if it could not be read or
// written (the file is then left as it is and lookups go on uncached).
func (c *Client) CacheProblem() *Error { return c.cache.problemOnce() }

// Lookup asks the register for orgnr (9 digits, checked by the caller),
// from the day's cache when it has the answer.
func (c *Client) Lookup(ctx context.Context, orgnr string) (Unit, error) {
	key := c.base + "|" + orgnr
	if u, ok := c.cache.get(key, c.now()); ok {
		return u, nil
	}
	if c.offline {
		return Unit{}, &Error{Kind: KindOffline, OrgNumber: orgnr}
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u, err := c.fetch(ctx, "enheter", orgnr)
	if err == nil && u.Status == Unknown {
		var sub Unit
		sub, err = c.fetch(ctx, "underenheter", orgnr)
		if err == nil && sub.Status != Unknown {
			sub.SubUnit = true
			u = sub
		}
	}
	if err != nil {
		return Unit{}, err
	}
	c.cache.put(key, u, c.now())
	return u, nil
}

func (c *Client) fetch(ctx context.Context, kind, orgnr string) (Unit, error) {
	u := c.base + "/enhetsregisteret/api/" + kind + "/" + url.PathEscape(orgnr)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Unit{}, &Error{Kind: KindNetwork, OrgNumber: orgnr, URL: u, Err: err}
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return Unit{}, netError(ctx, orgnr, u, c.timeout, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return Unit{}, netError(ctx, orgnr, u, c.timeout, err)
	}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return Unit{OrgNumber: orgnr, Status: Unknown}, nil
	case http.StatusGone:
		return Unit{OrgNumber: orgnr, Status: Deleted}, nil
	default:
		return Unit{}, &Error{Kind: KindStatus, OrgNumber: orgnr, URL: u, Status: resp.StatusCode}
	}
	if len(body) > maxBody {
		return Unit{}, &Error{Kind: KindMalformed, OrgNumber: orgnr, URL: u, Err: fmt.Errorf("answer larger than %d bytes", maxBody)}
	}
	var w wireUnit
	if err := json.Unmarshal(body, &w); err != nil {
		return Unit{}, &Error{Kind: KindMalformed, OrgNumber: orgnr, URL: u, Err: err}
	}
	if w.OrgNumber != "" && w.OrgNumber != orgnr {
		return Unit{}, &Error{Kind: KindMalformed, OrgNumber: orgnr, URL: u, Err: fmt.Errorf("answer is for organisasjonsnummer %q", w.OrgNumber)}
	}
	out := Unit{OrgNumber: orgnr, Status: Found, Name: strings.TrimSpace(w.Name),
		Bankrupt: w.Konkurs, UnderLiquidation: w.UnderAvvikling, DeletedDate: strings.TrimSpace(w.Slettedato)}
	if w.Forretningsadresse != nil {
		out.BusinessAddress = w.Forretningsadresse.address()
	} else {
		out.BusinessAddress = w.Beliggenhetsadresse.address()
	}
	if out.DeletedDate != "" {
		out.Status = Deleted
	} else if out.Name == "" {
		return Unit{}, &Error{Kind: KindMalformed, OrgNumber: orgnr, URL: u, Err: errors.New("no navn in the answer")}
	}
	return out, nil
}

// netError classifies a failed request: the timeout, else the network.
func netError(ctx context.Context, orgnr, u string, timeout time.Duration, err error) error {
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return &Error{Kind: KindTimeout, OrgNumber: orgnr, URL: u, Timeout: timeout, Err: err}
	}
	return &Error{Kind: KindNetwork, OrgNumber: orgnr, URL: u, Err: err}
}
