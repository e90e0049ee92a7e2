package sandbox

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"slices"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// Registering a Maskinporten client, what the real self-service portal
// does (§8.1 step 3, §8.5).

// DefaultScopes are the scopes Digdir grants a vendor registered for
// system users (§8.1 step 2); a client gets them unless told otherwise.
var DefaultScopes = []string{
	"altinn:authentication/systemregister.write",
	"altinn:authentication/systemuser.request.read",
	"altinn:authentication/systemuser.request.write",
}

// ClientRegistration is a Maskinporten client to register.
type ClientRegistration struct {
	// ClientID is the client's id; a new UUID when empty (§8.1: the
	// portal gives a UUID).
	ClientID string `json:"client_id,omitempty"`
	Name     string `json:"client_name,omitempty"`
	// OrgNo is the organisation the client belongs to: the consumer of
	// its tokens (§3.1, §8.3).
	OrgNo string `json:"org_no"`
	// Scopes are the scopes it may ask for; DefaultScopes when empty.
	Scopes []string `json:"scopes,omitempty"`
	// Key is the public key: a JWKS, one JWK, or PEM (a public key or a
	// certificate). JSON callers may give it as an object or a string.
	Key json.RawMessage `json:"key,omitempty"`
}

// FieldError is a registration that cannot be accepted: which field,
// and why in both languages.
type FieldError struct {
	Field  string
	NB, EN string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.EN }

// Text is the message in lang ("en", else Norwegian bokmål).
func (e *FieldError) Text(lang string) string {
	if lang == "en" {
		return e.EN
	}
	return e.NB
}

// RegisterClient registers a Maskinporten client.
func (s *Sandbox) RegisterClient(reg ClientRegistration) (*Client, error) {
	c, err := s.checkRegistration(reg)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.Clients[c.ID] != nil {
		return nil, &FieldError{"client_id", "Denne client_id-en er registrert fra før.", "This client_id is already registered."}
	}
	for _, k := range c.Keys.Keys {
		if owner := s.kidOwner(k.KeyID); owner != "" { // §8.5: kid unique across all clients
			return nil, &FieldError{"key",
				fmt.Sprintf("Nøkkel-ID-en (kid) %q brukes av en annen klient; kid må være unik.", k.KeyID),
				fmt.Sprintf("The key id (kid) %q is used by another client; a kid must be unique.", k.KeyID)}
		}
	}
	s.st.Clients[c.ID] = c
	if s.changed() != nil {
		delete(s.st.Clients, c.ID)
		return nil, errSave
	}
	return c, nil
}

func (s *Sandbox) kidOwner(kid string) string {
	for id, c := range s.st.Clients {
		if len(c.Keys.Key(kid)) > 0 {
			return id
		}
	}
	return ""
}

// checkRegistration checks a registration field by field.
func (s *Sandbox) checkRegistration(reg ClientRegistration) (*Client, error) {
	c := &Client{ID: strings.TrimSpace(reg.ClientID), Name: strings.TrimSpace(reg.Name), OrgNo: strings.TrimSpace(reg.OrgNo)}
	if c.ID == "" {
		c.ID = newUUID()
	} else if strings.ContainsAny(c.ID, " \t\r\n") || len(c.ID) > 200 {
		return nil, &FieldError{"client_id", "En client_id har ingen mellomrom (portalen gir en UUID).", "A client_id has no spaces (the portal gives a UUID)."}
	}
	if !isOrgNo(c.OrgNo) {
		return nil, &FieldError{"org_no", "Organisasjonsnummeret må ha ni sifre og et gyldig kontrollsiffer.", "The organisation number must have nine digits and a valid check digit."}
	}
	for _, sc := range reg.Scopes {
		c.Scopes = append(c.Scopes, strings.Fields(sc)...)
	}
	if len(c.Scopes) == 0 {
		c.Scopes = slices.Clone(DefaultScopes)
	}
	keys, err := ParseClientKey(keyText(reg.Key))
	if err != nil {
		return nil, err
	}
	c.Keys = keys
	return c, nil
}

// keyText is the key as given: a JSON string's contents, or the JSON
// object itself.
func keyText(raw json.RawMessage) []byte {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []byte(s)
	}
	return raw
}

// ParseClientKey reads a client's public key as the portal takes it: a
// JWKS, one JWK or PEM (a public key or a certificate; §8.1 step 3,
// D-MPCLIENT "JWK and PEM keys"). A PEM key without a kid gets its
// RFC 7638 thumbprint as kid. A private key is refused, never kept.
func ParseClientKey(data []byte) (jose.JSONWebKeySet, error) {
	data = bytes.TrimSpace(data)
	var set jose.JSONWebKeySet
	switch {
	case len(data) == 0:
		return set, &FieldError{"key", "Lim inn den offentlige nøkkelen (JWK, JWKS eller PEM).", "Paste the public key (JWK, JWKS or PEM)."}
	case data[0] == '{':
		if err := parseJWKs(data, &set); err != nil {
			return set, err
		}
	case bytes.HasPrefix(data, []byte("-----BEGIN")):
		if err := parsePEMKeys(data, &set); err != nil {
			return set, err
		}
	default:
		return set, &FieldError{"key", "Nøkkelen er verken JWK, JWKS eller PEM.", "The key is neither JWK, JWKS nor PEM."}
	}
	return set, checkClientKeys(set)
}

func parseJWKs(data []byte, set *jose.JSONWebKeySet) error {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return &FieldError{"key", "Nøkkelen er ikke gyldig JSON: " + err.Error(), "The key is not valid JSON: " + err.Error()}
	}
	if _, ok := probe["d"]; ok {
		return errPrivateKey
	}
	if raw, ok := probe["keys"]; ok {
		var keys []map[string]json.RawMessage
		if json.Unmarshal(raw, &keys) == nil {
			for _, k := range keys {
				if _, ok := k["d"]; ok {
					return errPrivateKey
				}
			}
		}
		if err := json.Unmarshal(data, set); err != nil {
			return &FieldError{"key", "JWKS-en kan ikke leses: " + err.Error(), "The JWKS cannot be read: " + err.Error()}
		}
		return nil
	}
	var k jose.JSONWebKey
	if err := json.Unmarshal(data, &k); err != nil {
		return &FieldError{"key", "JWK-en kan ikke leses: " + err.Error(), "The JWK cannot be read: " + err.Error()}
	}
	set.Keys = []jose.JSONWebKey{k}
	return nil
}

var errPrivateKey = &FieldError{"key",
	"Dette er en privat nøkkel. Gi bare den offentlige nøkkelen; den private skal aldri forlate maskinen din.",
	"This is a private key. Give only the public key; the private key must never leave your machine."}

func parsePEMKeys(data []byte, set *jose.JSONWebKeySet) error {
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		k := jose.JSONWebKey{Algorithm: "RS256", Use: "sig"}
		var err error
		switch block.Type {
		case "PUBLIC KEY":
			k.Key, err = x509.ParsePKIXPublicKey(block.Bytes)
		case "RSA PUBLIC KEY":
			k.Key, err = x509.ParsePKCS1PublicKey(block.Bytes)
		case "CERTIFICATE":
			var cert *x509.Certificate
			if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
				k.Key, k.Certificates = cert.PublicKey, []*x509.Certificate{cert}
			}
		default:
			if strings.Contains(block.Type, "PRIVATE") {
				return errPrivateKey
			}
			continue
		}
		if err != nil {
			return &FieldError{"key", "PEM-blokken " + block.Type + " kan ikke leses: " + err.Error(), "The PEM block " + block.Type + " cannot be read: " + err.Error()}
		}
		if tp, err := k.Thumbprint(crypto.SHA256); err == nil {
			k.KeyID = base64.RawURLEncoding.EncodeToString(tp)
		}
		set.Keys = append(set.Keys, k)
	}
	if len(set.Keys) == 0 {
		return &FieldError{"key", "Fant ingen offentlig nøkkel eller sertifikat i PEM-teksten.", "Found no public key or certificate in the PEM text."}
	}
	return nil
}

// checkClientKeys applies §8.5: one to five keys, RSA of 2048 bits for
// RS256, each with a kid.
func checkClientKeys(set jose.JSONWebKeySet) error {
	if len(set.Keys) == 0 || len(set.Keys) > 5 {
		return &FieldError{"key", "En klient har fra én til fem nøkler.", "A client has one to five keys."}
	}
	for _, k := range set.Keys {
		pub, ok := k.Key.(*rsa.PublicKey)
		if !ok {
			return &FieldError{"key", "Maskinporten tar bare RSA-nøkler (RS256).", "Maskinporten takes RSA keys only (RS256)."}
		}
		if pub.N.BitLen() != 2048 {
			return &FieldError{"key",
				fmt.Sprintf("Nøkkelen er på %d biter; Maskinporten tar RSA-nøkler på 2048 biter.", pub.N.BitLen()),
				fmt.Sprintf("The key has %d bits; Maskinporten takes RSA keys of 2048 bits.", pub.N.BitLen())}
		}
		if k.Algorithm != "" && k.Algorithm != "RS256" {
			return &FieldError{"key", "Nøkkelens alg må være RS256.", "The key's alg must be RS256."}
		}
		if k.KeyID == "" {
			return &FieldError{"key", "Hver nøkkel må ha en nøkkel-ID (kid).", "Every key needs a key id (kid)."}
		}
	}
	return nil
}

// Clients are the registered clients, in client_id order.
func (s *Sandbox) Clients() []Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Client, 0, len(s.st.Clients))
	for _, c := range s.st.Clients {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Client) int { return strings.Compare(a.ID, b.ID) })
	return out
}
