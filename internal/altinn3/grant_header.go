package altinn3

import "context"

// How a grant names its key (§8.2): "Either 'kid' or 'x5c' must be
// present. 'kid' can and must be used by clients having a pre-registered
// certificate / asymmetric key." A generated key is always named by kid.
// A .p12 key may be either: its public JWK (with kid, and x5c in the
// JWK) uploaded to the client, or a client that knows the enterprise
// certificate but no key of it, which takes x5c in the grant. Which one
// the vendor set up in the portal is not in the session, so a grant goes
// with the header that worked last for the client (kid at first), and
// when Maskinporten does not recognise the key, once more with the other.

// grantToken signs g with k and asks tokenEndpoint for a token; for a
// .p12 key it falls back to the other header as above.
func (o *Onboarding) grantToken(ctx context.Context, tokenEndpoint, env string, g Grant, k *Key) (*Token, error) {
	key := env + "|" + g.ClientID + "|" + k.KeyID
	if other := k.otherHeader(); other != nil {
		o.mu.Lock()
		useX5C, known := o.x5c[key]
		o.mu.Unlock()
		if known && useX5C != k.UsesX5C() {
			k = other
		}
	}
	t, err := o.signAndRequest(ctx, tokenEndpoint, g, k)
	if other := k.otherHeader(); other != nil && keyNotRecognised(err) {
		first := err
		t, err = o.signAndRequest(ctx, tokenEndpoint, g, other)
		switch {
		case err == nil:
			k = other
		case keyNotRecognised(err) && !k.UsesX5C():
			// Neither way: say what the program tells the vendor to do
			// first, upload the public JWK with its kid.
			err = first
		}
	}
	if err == nil && len(k.Chain) > 0 {
		o.mu.Lock()
		if o.x5c == nil {
			o.x5c = map[string]bool{}
		}
		o.x5c[key] = k.UsesX5C()
		o.mu.Unlock()
	}
	return t, err
}

// signAndRequest sends one grant signed with k.
func (o *Onboarding) signAndRequest(ctx context.Context, tokenEndpoint string, g Grant, k *Key) (*Token, error) {
	assertion, err := g.Sign(k, o.random())
	if err != nil {
		return nil, err
	}
	t, err := o.Client.RequestToken(ctx, tokenEndpoint, assertion)
	if e, ok := AsError(err); ok && e.Kind == KindMaskinporten && !k.UsesX5C() {
		e.KeyID = k.KeyID
		// "Signed with an invalid certificate" (MP-120) is also what a
		// grant gets whose kid is not on the client: the key with that
		// kid is what to upload.
		if e.MP == MPCertificate {
			e.MP = MPKeyUnknown
		}
	}
	return t, err
}

// keyNotRecognised: Maskinporten did not take the grant's key as the
// client's (an unknown kid, a certificate or key not registered on it,
// the client not authenticated by it); the other header may be the one.
func keyNotRecognised(err error) bool {
	e, ok := AsError(err)
	if !ok || e.Kind != KindMaskinporten {
		return false
	}
	switch e.MP {
	case MPKeyUnknown, MPCertificate, MPClientAuth:
		return true
	}
	return false
}
