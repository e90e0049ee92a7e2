package altinn3

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// GrantLifetime is exp − iat of a grant. Maskinporten allows at most
// 120 s (altinn3-api.md §8.2); one second less holds whether the limit is
// read as "< 120" or "≤ 120".
const GrantLifetime = 119 * time.Second

// SystemUserType is the authorization_details type of a system-user token.
const SystemUserType = "urn:altinn:systemuser"

// iso6523 is the authority of Norwegian organisation numbers in Altinn.
const iso6523 = "iso6523-actorid-upis"

// Grant is what a JWT grant asks Maskinporten for.
type Grant struct {
	// Issuer is Maskinporten's issuer identifier; it is the grant's aud.
	Issuer   string
	ClientID string
	Scopes   []string
	// SystemUser, when set, asks for a system-user token for a customer.
	SystemUser *SystemUserAuth
	// Now is the grant's iat; JTI is its unique id ("" = random).
	Now time.Time
	JTI string
}

// SystemUserAuth names the system user a token is for: the organisation
// that owns it (the customer; for an agent system user the facilitator)
// and the external reference the request used, if any.
type SystemUserAuth struct {
	OrgNumber   string
	ExternalRef string
}

// OrgID is an organisation as Altinn writes it in tokens.
type OrgID struct {
	Authority string `json:"authority"`
	ID        string `json:"ID"`
}

// AuthorizationDetail is one RAR entry of a system-user grant.
type AuthorizationDetail struct {
	Type          string `json:"type"`
	SystemUserOrg OrgID  `json:"systemuser_org"`
	ExternalRef   string `json:"externalRef,omitempty"`
}

// GrantClaims are the claims of a grant: only those Maskinporten
// documents (an unknown claim is a 400). sub is left out on purpose
// (altinn3-api.md §13.3).
type GrantClaims struct {
	Aud                  string                `json:"aud"`
	Iss                  string                `json:"iss"`
	Iat                  int64                 `json:"iat"`
	Exp                  int64                 `json:"exp"`
	Jti                  string                `json:"jti"`
	Scope                string                `json:"scope"`
	AuthorizationDetails []AuthorizationDetail `json:"authorization_details,omitempty"`
}

// ErrGrantIncomplete: a grant needs an issuer, a client ID and a scope.
var ErrGrantIncomplete = &KeyError{
	nb: "Grant-en mangler utsteder, klient-ID eller scope.",
	en: "The grant lacks the issuer, the client ID or a scope."}

// Claims are the claims the grant will carry.
func (g Grant) Claims(random io.Reader) (GrantClaims, error) {
	if g.Issuer == "" || g.ClientID == "" || len(g.Scopes) == 0 {
		return GrantClaims{}, ErrGrantIncomplete
	}
	jti := g.JTI
	if jti == "" {
		var b [16]byte
		if random == nil {
			random = rand.Reader
		}
		if _, err := io.ReadFull(random, b[:]); err != nil {
			return GrantClaims{}, err
		}
		jti = hex.EncodeToString(b[:])
	}
	c := GrantClaims{
		Aud:   g.Issuer,
		Iss:   g.ClientID,
		Iat:   g.Now.Unix(),
		Exp:   g.Now.Add(GrantLifetime).Unix(),
		Jti:   jti,
		Scope: strings.Join(g.Scopes, " "),
	}
	if su := g.SystemUser; su != nil {
		c.AuthorizationDetails = []AuthorizationDetail{{
			Type:          SystemUserType,
			SystemUserOrg: OrgID{Authority: iso6523, ID: "0192:" + su.OrgNumber},
			ExternalRef:   su.ExternalRef,
		}}
	}
	return c, nil
}

// Sign makes the signed grant (compact JWS, RS256): header kid for a
// registered key, x5c for an enterprise certificate the client knows
// (Key.UsesX5C); never both (§8.2: either kid or x5c).
func (g Grant) Sign(k *Key, random io.Reader) (string, error) {
	if k == nil || k.private == nil {
		return "", errors.New("no key")
	}
	claims, err := g.Claims(random)
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	opts := &jose.SignerOptions{}
	if k.UsesX5C() {
		opts = opts.WithHeader("x5c", k.X5C())
	} else {
		opts = opts.WithHeader("kid", k.KeyID)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: k.private}, opts)
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}
