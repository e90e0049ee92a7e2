package sandbox

import (
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Maskinporten: metadata, JWKS and /token (§8).

const grantTypeJWTBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// The grant's signature algorithms (§8.2: "RS256, RS384 and RS512 are
// supported").
var grantAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.RS384, jose.RS512}

func (s *Sandbox) maskinportenRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /maskinporten/.well-known/oauth-authorization-server", s.handleMetadata)
	// RFC 8414 §3 puts the well-known part before an issuer's path.
	m.HandleFunc("GET /.well-known/oauth-authorization-server/maskinporten", s.handleMetadata)
	m.HandleFunc("GET /maskinporten/jwk", s.handleJWKS)
	m.HandleFunc("POST /maskinporten/token", s.handleToken)
}

// handleMetadata is the RFC 8414 metadata Maskinporten publishes at its
// well-known address (§2, MP-WK). The jwks_uri path "jwk" is the real
// one's [INFERRED from Maskinporten's published metadata; MP-WK names
// the endpoint but not its fields].
func (s *Sandbox) handleMetadata(w http.ResponseWriter, r *http.Request) {
	iss := s.MaskinportenURL()
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                iss,
		"token_endpoint":                        iss + "token",
		"jwks_uri":                              iss + "jwk",
		"token_endpoint_auth_methods_supported": []string{"private_key_jwt"},
		"grant_types_supported":                 []string{grantTypeJWTBearer},
		"token_endpoint_auth_signing_alg_values_supported": []string{"RS256", "RS384", "RS512"},
		"authorization_details_types_supported":            []string{authzTypeSystemUser},
	})
}

// handleJWKS publishes the key the sandbox signs access tokens with
// (§8.3: "signed RS256 with keys from the well-known JWKS").
func (s *Sandbox) handleJWKS(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{s.publicJWK()}})
}

func (s *Sandbox) publicJWK() jose.JSONWebKey {
	return jose.JSONWebKey{Key: &s.key.PublicKey, KeyID: s.kid, Algorithm: "RS256", Use: "sig"}
}

// tokenResponse is /token's answer (§8.3).
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
}

// handleToken is Maskinporten's /token with the JWT-bearer grant (§8.2):
// a form with grant_type and assertion, no other client authentication.
func (s *Sandbox) handleToken(w http.ResponseWriter, r *http.Request) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" { // §8.2: form-encoded only
		(&mpError{"invalid_request", "Content-Type must be application/x-www-form-urlencoded"}).write(w)
		return
	}
	if err := r.ParseForm(); err != nil {
		(&mpError{"invalid_request", "The request body could not be read as a form"}).write(w)
		return
	}
	// §8.2, §12: only the JWT-bearer grant. The error code is RFC 6749
	// §5.2's for another grant type [INFERRED: §8.4 lists no text].
	if gt := r.PostForm.Get("grant_type"); gt != grantTypeJWTBearer {
		(&mpError{"unsupported_grant_type", "Unsupported grant type: only " + grantTypeJWTBearer + " is supported"}).write(w)
		return
	}
	assertion := r.PostForm.Get("assertion")
	if assertion == "" {
		(&mpError{"invalid_request", "Missing parameter: assertion"}).write(w)
		return
	}
	s.mu.Lock()
	s.sweep()
	g, perr := s.checkGrant(assertion)
	saveErr := s.changed() // the grant's jti may be spent
	s.mu.Unlock()
	if perr != nil {
		perr.write(w)
		return
	}
	if saveErr != nil {
		writeText(w, http.StatusInternalServerError, saveErr.Error())
		return
	}
	tok, err := s.issueToken(g)
	if err != nil {
		writeText(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken: tok,
		TokenType:   "Bearer",
		ExpiresIn:   int(s.opts.TokenLifetime / time.Second),
		Scope:       strings.Join(g.scopes, " "),
	})
}
