package altinn3

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The scopes a vendor needs for the system register and system-user
// requests (altinn3-api.md §8.1).
const (
	ScopeSystemRegisterWrite = "altinn:authentication/systemregister.write"
	ScopeRequestWrite        = "altinn:authentication/systemuser.request.write"
	ScopeRequestRead         = "altinn:authentication/systemuser.request.read"
)

// VendorScopes are the three scopes, in the order they are asked for.
var VendorScopes = []string{ScopeSystemRegisterWrite, ScopeRequestRead, ScopeRequestWrite}

// Metadata is what Maskinporten's /.well-known/oauth-authorization-server
// says of itself.
type Metadata struct {
	Issuer        string `json:"issuer"`
	TokenEndpoint string `json:"token_endpoint"`
	JWKSURI       string `json:"jwks_uri"`
}

// FetchMetadata reads the metadata under base. The issuer it names is the
// grant's aud (§1 C10).
func (c *Client) FetchMetadata(ctx context.Context, base string) (*Metadata, error) {
	r := request{op: OpMetadata, method: http.MethodGet, url: base + ".well-known/oauth-authorization-server", repeatable: true}
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.status != http.StatusOK {
		return nil, c.failure(r, resp)
	}
	var m Metadata
	if err := json.Unmarshal(resp.body, &m); err != nil || m.Issuer == "" || m.TokenEndpoint == "" {
		return nil, &Error{Op: OpMetadata, Kind: KindUnexpected, Method: r.method, URL: r.url, Status: resp.status, Err: err}
	}
	return &m, nil
}

// Token is an access token. It stays in memory: String, GoString and JSON
// never show its value; Value does, for the one call that needs it.
type Token struct {
	value     string
	Scopes    []string
	ExpiresIn int
	ExpiresAt time.Time
	// Claims is what the token says of itself (read, not verified: the
	// services verify it).
	Claims TokenClaims
}

// Value is the token itself.
func (t *Token) Value() string { return t.value }

// String never shows the token.
func (t *Token) String() string { return "[token]" }

// GoString never shows the token.
func (t *Token) GoString() string { return "[token]" }

// MarshalJSON never shows the token.
func (t *Token) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Scopes    []string    `json:"scopes"`
		ExpiresIn int         `json:"expires_in"`
		ExpiresAt time.Time   `json:"expires_at"`
		Claims    TokenClaims `json:"claims"`
	}{t.Scopes, t.ExpiresIn, t.ExpiresAt, t.Claims})
}

// Valid reports whether the token is still good at now, with a margin.
func (t *Token) Valid(now time.Time) bool {
	return t != nil && t.value != "" && now.Add(10*time.Second).Before(t.ExpiresAt)
}

// TokenClaims are the parts of a Maskinporten access token the program
// shows: whose client it is, for which organisation, and for a
// system-user token which system user.
type TokenClaims struct {
	ClientID string `json:"client_id,omitempty"`
	// Consumer is the client's organisation ("0192:…").
	Consumer string `json:"consumer,omitempty"`
	// SystemUserOrg, SystemUserIDs and SystemID are a system-user
	// token's authorization_details.
	SystemUserOrg string   `json:"systemuser_org,omitempty"`
	SystemUserIDs []string `json:"systemuser_id,omitempty"`
	SystemID      string   `json:"system_id,omitempty"`
	Issued        int64    `json:"iat,omitempty"`
	Expires       int64    `json:"exp,omitempty"`
}

// tokenResponse is Maskinporten's answer.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
}

// RequestToken sends a signed grant to the token endpoint. It is not
// retried: a grant is single-use, and a new one is the caller's to make.
func (c *Client) RequestToken(ctx context.Context, tokenEndpoint, assertion string) (*Token, error) {
	form := url.Values{
		"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"},
		"assertion":  {assertion},
	}
	r := request{op: OpToken, method: http.MethodPost, url: tokenEndpoint,
		body: []byte(form.Encode()), contentType: "application/x-www-form-urlencoded"}
	sent := c.now()
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.status != http.StatusOK {
		return nil, c.tokenFailure(r, resp, sent)
	}
	var tr tokenResponse
	if err := json.Unmarshal(resp.body, &tr); err != nil || tr.AccessToken == "" {
		return nil, &Error{Op: OpToken, Kind: KindUnexpected, Method: r.method, URL: r.url, Status: resp.status, Err: err}
	}
	t := &Token{value: tr.AccessToken, Scopes: strings.Fields(tr.Scope), ExpiresIn: tr.ExpiresIn}
	t.Claims = readTokenClaims(tr.AccessToken)
	// expires_in decides, whatever the token's own exp says (§13.2).
	t.ExpiresAt = sent.Add(time.Duration(tr.ExpiresIn) * time.Second)
	if tr.ExpiresIn <= 0 && t.Claims.Expires > 0 {
		t.ExpiresAt = time.Unix(t.Claims.Expires, 0)
	}
	return t, nil
}

// tokenFailure reads Maskinporten's error answer.
func (c *Client) tokenFailure(r request, resp *response, sent time.Time) *Error {
	e := c.failure(r, resp)
	var body mpErrorBody
	if json.Unmarshal(resp.body, &body) == nil && (body.Error != "" || body.Description != "") {
		e.Kind = KindMaskinporten
		e.Code, e.Title = body.Error, body.Description
		e.MP = classifyMaskinporten(body.Error, body.Description)
	} else if resp.status == http.StatusBadRequest || resp.status == http.StatusUnauthorized {
		e.Kind = KindMaskinporten
		e.MP = classifyMaskinporten("", e.Title)
	}
	if e.Kind == KindMaskinporten {
		e.Skew = skewFrom(resp.header.Get("Date"), sent)
		if e.Skew != 0 && (e.MP == MPExpired || e.MP == MPOther || e.MP == MPInvalidRequest) {
			e.MP = MPClockSkew
		}
	}
	return e
}

// readTokenClaims reads a JWT's payload without verifying it; a token that
// is not a JWT gives no claims. systemuser_org's "ID" is read in any case
// ("ID" and "id" are both seen, §13.5).
func readTokenClaims(tok string) TokenClaims {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return TokenClaims{}
	}
	data, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return TokenClaims{}
	}
	var raw struct {
		ClientID string          `json:"client_id"`
		Consumer json.RawMessage `json:"consumer"`
		Iat      int64           `json:"iat"`
		Exp      int64           `json:"exp"`
		Details  []struct {
			Type          string          `json:"type"`
			SystemUserOrg json.RawMessage `json:"systemuser_org"`
			SystemUserID  []string        `json:"systemuser_id"`
			SystemID      string          `json:"system_id"`
		} `json:"authorization_details"`
	}
	if json.Unmarshal(data, &raw) != nil {
		return TokenClaims{}
	}
	c := TokenClaims{ClientID: raw.ClientID, Consumer: orgIDOf(raw.Consumer), Issued: raw.Iat, Expires: raw.Exp}
	for _, d := range raw.Details {
		if d.Type == SystemUserType {
			c.SystemUserOrg, c.SystemUserIDs, c.SystemID = orgIDOf(d.SystemUserOrg), d.SystemUserID, d.SystemID
		}
	}
	return c
}

// orgIDOf reads {"authority":…,"ID"|"id":…}; encoding/json matches the key
// case-insensitively, which is what takes both spellings.
func orgIDOf(raw json.RawMessage) string {
	var o struct {
		ID string `json:"ID"`
	}
	if json.Unmarshal(raw, &o) != nil {
		return ""
	}
	return o.ID
}

// MissingScopes are those of want that have is without.
func MissingScopes(want, have []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}
