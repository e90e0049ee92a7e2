package altinn3

import (
	"context"
	"slices"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// ErrNoClientID: the client ID is not set yet.
var ErrNoClientID = &KeyError{
	nb: "Skriv inn klient-ID-en fra selvbetjeningsportalen først.",
	en: "Enter the client ID from the self-service portal first."}

// metadata is Maskinporten's metadata for ep, cached per base URL. When it
// cannot be read for a reason other than the network, the documented
// issuer and token endpoint are used (UncertainAudience).
func (o *Onboarding) metadata(ctx context.Context, ep Endpoints) (*Metadata, error) {
	o.mu.Lock()
	m := o.meta[ep.Maskinporten]
	o.mu.Unlock()
	if m != nil {
		return m, nil
	}
	m, err := o.Client.FetchMetadata(ctx, ep.Maskinporten)
	if err != nil {
		if IsNetwork(err) {
			return nil, err
		}
		return &Metadata{Issuer: ep.Maskinporten, TokenEndpoint: ep.Maskinporten + "token"}, nil
	}
	o.mu.Lock()
	if o.meta == nil {
		o.meta = map[string]*Metadata{}
	}
	o.meta[ep.Maskinporten] = m
	o.mu.Unlock()
	return m, nil
}

func tokenKey(env, clientID string, scopes []string, su *SystemUserAuth) string {
	k := env + "|" + clientID + "|" + strings.Join(scopes, " ")
	if su != nil {
		k += "|" + su.OrgNumber + "|" + su.ExternalRef
	}
	return k
}

func (o *Onboarding) forgetTokens() {
	o.mu.Lock()
	o.tokens = nil
	o.mu.Unlock()
}

// token gets a token for the snapshot's client, from memory while it is
// valid, else from Maskinporten.
func (o *Onboarding) token(ctx context.Context, snap Snapshot, scopes []string, su *SystemUserAuth) (*Token, error) {
	if err := ready(snap); err != nil {
		return nil, err
	}
	mp := snap.A3.Maskinporten
	if mp.ClientID == "" {
		return nil, ErrNoClientID
	}
	key := tokenKey(snap.Env, mp.ClientID, scopes, su)
	o.mu.Lock()
	t := o.tokens[key]
	o.mu.Unlock()
	if t.Valid(o.now()) {
		return t, nil
	}
	t, err := o.freshToken(ctx, snap, scopes, su)
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	if o.tokens == nil {
		o.tokens = map[string]*Token{}
	}
	o.tokens[key] = t
	o.mu.Unlock()
	return t, nil
}

func (o *Onboarding) freshToken(ctx context.Context, snap Snapshot, scopes []string, su *SystemUserAuth) (*Token, error) {
	ep, err := o.Endpoints(snap)
	if err != nil {
		return nil, err
	}
	k, err := o.loadKey(snap)
	if err != nil {
		return nil, err
	}
	meta, err := o.metadata(ctx, ep)
	if err != nil {
		return nil, err
	}
	g := Grant{Issuer: meta.Issuer, ClientID: snap.A3.Maskinporten.ClientID, Scopes: scopes, SystemUser: su, Now: o.now()}
	return o.grantToken(ctx, meta.TokenEndpoint, snap.Env, g, k)
}

// TokenOutcome is a token and what it grants. The token is for this
// process only; Test is what the session records.
type TokenOutcome struct {
	Token *Token
	Test  session.ClientTest
}

// Apply records the test: the client's, or the customer's token.
func (t TokenOutcome) Apply(s *session.Session) {
	test := t.Test
	if test.Customer == "" {
		s.Altinn3.Maskinporten.LastTest = &test
		return
	}
	if c := s.Altinn3.Customer(test.Customer); c != nil {
		c.LastToken = &test
	}
}

// TestClient gets a token for the vendor's three scopes and the client's
// own (MaskinportenClient.Scopes), and says what it grants and which it
// lacks. When Maskinporten
// refuses a scope, each scope is tried alone to name the missing ones.
func (o *Onboarding) TestClient(ctx context.Context, snap Snapshot) (TokenOutcome, error) {
	scopes := union(VendorScopes, snap.A3.Maskinporten.Scopes)
	test := session.ClientTest{Environment: snap.Env, At: o.now().UTC()}
	tok, err := o.token(ctx, snap, scopes, nil)
	if err != nil {
		if e, ok := AsError(err); ok && e.Kind == KindMaskinporten && e.MP == MPInvalidScope && len(scopes) > 1 {
			e.Missing = o.probeScopes(ctx, snap, scopes)
			test.Missing = e.Missing
		}
		recordError(&test, err)
		return TokenOutcome{Test: test}, err
	}
	test.OK = true
	test.Granted = append([]string(nil), tok.Scopes...)
	test.ExpiresIn = tok.ExpiresIn
	test.Missing = MissingScopes(scopes, tok.Scopes)
	return TokenOutcome{Token: tok, Test: test}, nil
}

// probeScopes asks for each scope alone and returns those refused.
func (o *Onboarding) probeScopes(ctx context.Context, snap Snapshot, scopes []string) []string {
	var missing []string
	for _, s := range scopes {
		_, err := o.token(ctx, snap, []string{s}, nil)
		if e, ok := AsError(err); ok && e.Kind == KindMaskinporten && (e.MP == MPInvalidScope || e.MP == MPScopeLoginOnly) {
			missing = append(missing, s)
		}
	}
	return missing
}

func recordError(test *session.ClientTest, err error) {
	if e, ok := AsError(err); ok {
		test.Error = e.Remote()
		return
	}
	test.Error = &session.RemoteError{Title: oneLine(err.Error(), 300)}
}

func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// CustomerToken gets a system-user token for a customer in the session:
// authorization_details names the customer's org (0192:) and the external
// reference the request was made with. scopes nil means the client's.
func (o *Onboarding) CustomerToken(ctx context.Context, snap Snapshot, orgNumber string, scopes []string) (TokenOutcome, error) {
	c := snap.A3.Customer(orgNumber)
	if c == nil {
		return TokenOutcome{}, errUnknownCustomer(orgNumber)
	}
	if scopes == nil {
		scopes = Scopes(snap.A3.Maskinporten)
	}
	ref := c.ExternalRef
	if c.Request != nil && c.Request.Environment == snap.Env {
		ref = c.Request.ExternalRef
	}
	test := session.ClientTest{Environment: snap.Env, At: o.now().UTC(), Customer: c.OrgNumber}
	tok, err := o.token(ctx, snap, scopes, &SystemUserAuth{OrgNumber: c.OrgNumber, ExternalRef: ref})
	if err != nil {
		recordError(&test, err)
		return TokenOutcome{Test: test}, err
	}
	test.OK, test.Granted, test.ExpiresIn = true, append([]string(nil), tok.Scopes...), tok.ExpiresIn
	return TokenOutcome{Token: tok, Test: test}, nil
}
