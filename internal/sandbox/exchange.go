package sandbox

import (
	"encoding/json"
	"net/http"
)

// The token exchange, Maskinporten token to Altinn token (§8.6): needed
// before calling Altinn apps and platform services with a system-user
// token, not for the system register or the request APIs.

func (s *Sandbox) exchangeIssuer() string { return s.base + "/authentication/api/v1/openid/" }

// handleExchange is GET /authentication/api/v1/exchange/{provider}
// (§8.6): text/plain Altinn JWT; 401 on any token that does not
// validate; 400 text for an unknown provider; 410 Gone with a
// ProblemDetails when the enterprise-user header is there (§1 C9). The
// sandbox exchanges Maskinporten tokens only.
func (s *Sandbox) handleExchange(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Altinn-EnterpriseUser-Authentication") != "" {
		data, _ := json.Marshal(struct {
			Title  string `json:"title"`
			Status int    `json:"status"`
			Detail string `json:"detail"`
		}{"Virksomhetsbruker is no longer available", http.StatusGone,
			"Virksomhetsbruker (enterprise user) is no longer available. It has been replaced by Systembruker (system user) or ID-porten, depending on the use case. See https://docs.altinn.studio for migration guidance."})
		w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
		w.WriteHeader(http.StatusGone)
		w.Write(data)
		return
	}
	switch r.PathValue("provider") {
	case "maskinporten":
	case "id-porten", "altinnstudio":
		writeText(w, http.StatusBadRequest, "The sandbox exchanges Maskinporten tokens only")
		return
	default:
		writeText(w, http.StatusBadRequest, "Invalid token provider")
		return
	}
	tok, ok := cutPrefixFold(r.Header.Get("Authorization"), "Bearer ")
	var c *caller
	if ok {
		c, ok = s.verifyAccessToken(tok)
	}
	if !ok || c.claims == nil {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var iss string
	json.Unmarshal(c.claims["iss"], &iss)
	if iss != s.MaskinportenURL() { // only Maskinporten's tokens are exchanged
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	// The Altinn token says what the Maskinporten token said, issued by
	// Altinn, with the same expiry [the sandbox's own choice: §8.6 does
	// not give the Altinn token's claims].
	claims := map[string]any{}
	for k, v := range c.claims {
		claims[k] = v
	}
	claims["iss"] = s.exchangeIssuer()
	claims["iat"] = s.now().Unix()
	claims["urn:altinn:orgNumber"] = c.Org
	signed, err := s.sign(claims)
	if err != nil {
		writeText(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeText(w, http.StatusOK, signed)
}
