package altinn3

import (
	"crypto/rand"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
)

// The secrets the track keeps in the OS keyring. A track declares them.
const (
	// SecretPrivateKey is the Maskinporten client's private key, PKCS#8
	// PEM (a generated key, or a .p12 key that fits the keyring).
	SecretPrivateKey = "maskinporten-private-key"
	// SecretP12Password is the password of the .p12 file when its key is
	// too large for the keyring (RSA over 3072 bits): the key is then read
	// from the file each time.
	SecretP12Password = "maskinporten-p12-password"
)

// SecretNames are the track's secrets, in order.
var SecretNames = []string{SecretPrivateKey, SecretP12Password}

// maxP12 bounds a .p12 file read.
const maxP12 = 1 << 20

// Onboarding is the service layer of the Altinn 3 track: what the steps
// and the commands both call. It never touches the terminal. Each method
// reads a Snapshot (taken where the session is owned: in Update, or in
// the command) and returns an outcome whose Apply records the result in a
// session; tokens stay in its memory.
type Onboarding struct {
	Client  *Client
	Secrets store.Secrets
	// Catalogue, when set, lets CheckSystem check resources and access
	// packages too.
	Catalogue Catalogue
	Now       func() time.Time
	Getenv    func(string) string
	Random    io.Reader
	Poll      Backoff

	mu     sync.Mutex
	tokens map[string]*Token
	meta   map[string]*Metadata
	// x5c: for a .p12 key, per environment, client and kid, whether the
	// last grant Maskinporten took carried x5c (else kid).
	x5c map[string]bool
}

// New returns the service with the program's client and keyring; Getenv
// is os.Getenv in the program.
func New(c *Client, secrets store.Secrets, getenv func(string) string) *Onboarding {
	return &Onboarding{Client: c, Secrets: secrets, Getenv: getenv, Poll: DefaultPoll}
}

func (o *Onboarding) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Onboarding) random() io.Reader {
	if o.Random != nil {
		return o.Random
	}
	return rand.Reader
}

// Snapshot is what a call reads of a session: a deep copy, so a call may
// run in a goroutine while the session changes.
type Snapshot struct {
	SessionID  string
	Env        string
	VendorOrg  string
	VendorName string
	A3         session.Altinn3
}

// SnapshotOf copies what the track's calls need.
func SnapshotOf(s *session.Session) Snapshot {
	env := s.Target
	if env == "" {
		env = session.EnvTT02
	}
	return Snapshot{SessionID: s.ID, Env: env, VendorOrg: s.Answers.Vendor.OrgNumber,
		VendorName: s.Answers.Vendor.Name, A3: s.Altinn3.Clone()}
}

// Endpoints are the snapshot's environment's URLs.
func (o *Onboarding) Endpoints(snap Snapshot) (Endpoints, error) {
	return EndpointsFor(snap.Env, o.Getenv)
}

// ErrProdNotConfirmed: PROD needs the user's explicit confirmation once.
var ErrProdNotConfirmed = &KeyError{
	nb: "Økten er satt til PROD, men det er ikke bekreftet. Bekreft én gang at du vil arbeide mot produksjonsmiljøet.",
	en: "The session is set to PROD, but that has not been confirmed. Confirm once that you want to work against the production environment."}

// SetEnvironment sets the session's environment; PROD needs
// confirmProd the first time.
func SetEnvironment(s *session.Session, env string, confirmProd bool, now time.Time) error {
	if _, ok := defaultEndpoints[env]; !ok {
		_, err := EndpointsFor(env, nil)
		return err
	}
	if env == session.EnvProd && s.Altinn3.ProdConfirmedAt == nil {
		if !confirmProd {
			return ErrProdNotConfirmed
		}
		t := now.UTC()
		s.Altinn3.ProdConfirmedAt = &t
	}
	s.Target = env
	return nil
}

// ready checks that a call may go out: PROD is confirmed.
func ready(snap Snapshot) error {
	if snap.Env == session.EnvProd && snap.A3.ProdConfirmedAt == nil {
		return ErrProdNotConfirmed
	}
	return nil
}

// KeyOutcome is a new key: the public parts to show and write, and what
// the session records.
type KeyOutcome struct {
	Client    session.MaskinportenClient
	JWK       session.PublicJWK
	JWKS      []byte
	PublicPEM []byte
	// Certificate describes a .p12 key's certificate ("" otherwise).
	Certificate string
	refs        []session.SecretRef
	dropRefs    []string
}

// Apply records the key in the session (client ID and scopes are kept).
func (k KeyOutcome) Apply(s *session.Session) {
	mp := &s.Altinn3.Maskinporten
	mp.KeySource, mp.KeyID, mp.P12Path = k.Client.KeySource, k.Client.KeyID, k.Client.P12Path
	mp.CertificateChain, mp.KeyCreatedAt = k.Client.CertificateChain, k.Client.KeyCreatedAt
	jwk := k.JWK
	mp.PublicKey = &jwk
	mp.LastTest = nil
	for _, r := range k.refs {
		s.SetSecretRef(r)
	}
	for _, n := range k.dropRefs {
		s.RemoveSecretRef(n)
	}
}

func (o *Onboarding) secretRef(sessionID, name string) session.SecretRef {
	return session.SecretRef{Name: name, Store: "os-keyring", Service: store.KeyringService,
		Account: store.Account(sessionID, name), SetAt: o.now().UTC()}
}

// GenerateKey makes an RSA-2048 key with a kid, stores the private key in
// the keyring, and returns the public JWK, JWKS and PEM for upload.
func (o *Onboarding) GenerateKey(snap Snapshot) (KeyOutcome, error) {
	k, err := GenerateKey(o.random(), o.now())
	if err != nil {
		return KeyOutcome{}, err
	}
	out, err := o.keyOutcome(k)
	if err != nil {
		return KeyOutcome{}, err
	}
	out.Client.KeySource = session.KeySourceGenerated
	return o.storeKey(snap, k, out, "")
}

// LoadP12Key takes the key of an enterprise certificate file; grants then
// carry its chain (x5c). The file is read, never copied.
func (o *Onboarding) LoadP12Key(snap Snapshot, path, password string) (KeyOutcome, error) {
	data, err := safefile.Read(path, maxP12)
	if err != nil {
		return KeyOutcome{}, err
	}
	k, err := LoadP12(data, password)
	if err != nil {
		return KeyOutcome{}, err
	}
	out, err := o.keyOutcome(k)
	if err != nil {
		return KeyOutcome{}, err
	}
	out.Client.KeySource, out.Client.P12Path = session.KeySourceP12, path
	out.Client.CertificateChain = k.X5C()
	out.Certificate = k.CertificateSummary()
	return o.storeKey(snap, k, out, password)
}

func (o *Onboarding) keyOutcome(k *Key) (KeyOutcome, error) {
	jwk := k.PublicJWK()
	jwks, err := JWKS(jwk, k.X5C())
	if err != nil {
		return KeyOutcome{}, err
	}
	pub, err := k.PublicPEM()
	if err != nil {
		return KeyOutcome{}, err
	}
	return KeyOutcome{JWK: jwk, JWKS: jwks, PublicPEM: pub,
		Client: session.MaskinportenClient{KeyID: k.KeyID, KeyCreatedAt: o.now().UTC()}}, nil
}

// storeKey puts the private key in the keyring; a .p12 key too large for
// it is replaced there by the file's password.
func (o *Onboarding) storeKey(snap Snapshot, k *Key, out KeyOutcome, p12Password string) (KeyOutcome, error) {
	pemText, err := k.PrivatePEM()
	if err != nil {
		return KeyOutcome{}, err
	}
	if len(pemText) > store.MaxSecretBytes && p12Password != "" {
		if err := o.Secrets.Set(snap.SessionID, SecretP12Password, p12Password); err != nil {
			return KeyOutcome{}, err
		}
		_ = o.Secrets.Delete(snap.SessionID, SecretPrivateKey)
		out.refs, out.dropRefs = []session.SecretRef{o.secretRef(snap.SessionID, SecretP12Password)}, []string{SecretPrivateKey}
	} else {
		if err := o.Secrets.Set(snap.SessionID, SecretPrivateKey, pemText); err != nil {
			return KeyOutcome{}, err
		}
		_ = o.Secrets.Delete(snap.SessionID, SecretP12Password)
		out.refs, out.dropRefs = []session.SecretRef{o.secretRef(snap.SessionID, SecretPrivateKey)}, []string{SecretP12Password}
	}
	o.forgetTokens()
	return out, nil
}

// ErrNoKey: no key was made or loaded for the client yet.
var ErrNoKey = &KeyError{
	nb: "Maskinporten-klienten har ingen nøkkel ennå: lag en ny nøkkel, eller bruk virksomhetssertifikatet.",
	en: "The Maskinporten client has no key yet: make a new key, or use the enterprise certificate."}

// loadKey reads the key back from the keyring (or the .p12 file).
func (o *Onboarding) loadKey(snap Snapshot) (*Key, error) {
	mp := snap.A3.Maskinporten
	if mp.KeySource == "" {
		return nil, ErrNoKey
	}
	pemText, err := o.Secrets.Get(snap.SessionID, SecretPrivateKey)
	if err == nil {
		return ParsePrivatePEM(pemText, mp.KeyID, mp.CertificateChain)
	}
	if !errors.Is(err, store.ErrSecretNotFound) || mp.KeySource != session.KeySourceP12 {
		if errors.Is(err, store.ErrSecretNotFound) {
			return nil, ErrNoKey
		}
		return nil, err
	}
	password, perr := o.Secrets.Get(snap.SessionID, SecretP12Password)
	if perr != nil {
		if errors.Is(perr, store.ErrSecretNotFound) {
			return nil, ErrNoKey
		}
		return nil, perr
	}
	data, err := safefile.Read(mp.P12Path, maxP12)
	if err != nil {
		return nil, err
	}
	return LoadP12(data, password)
}

// ClientEdit is a change to the client's answers.
type ClientEdit struct {
	ClientID  string
	oldID     string
	Scopes    []string
	setScopes bool
}

// Apply records the client ID (and puts it among the system's client IDs
// in place of the old one) or the scopes.
func (c ClientEdit) Apply(s *session.Session) {
	mp := &s.Altinn3.Maskinporten
	if c.setScopes {
		mp.Scopes = append([]string(nil), c.Scopes...)
		return
	}
	mp.ClientID = c.ClientID
	mp.LastTest = nil
	ids := &s.Altinn3.System.ClientIDs
	*ids = slices.DeleteFunc(*ids, func(id string) bool { return c.oldID != "" && id == c.oldID })
	if !slices.Contains(*ids, c.ClientID) {
		*ids = append(*ids, c.ClientID)
	}
}

// SetClient checks a client ID (a UUID) for the session.
func (o *Onboarding) SetClient(snap Snapshot, clientID string) (ClientEdit, error) {
	id := strings.ToLower(strings.TrimSpace(clientID))
	if !uuidPattern.MatchString(id) {
		return ClientEdit{}, &KeyError{
			nb: "Klient-ID-en fra selvbetjeningsportalen er en UUID (8-4-4-4-12 heksadesimale tegn); sjekk at du kopierte hele.",
			en: "The client ID from the self-service portal is a UUID (8-4-4-4-12 hexadecimal characters); check that you copied all of it."}
	}
	o.forgetTokens()
	return ClientEdit{ClientID: id, oldID: snap.A3.Maskinporten.ClientID}, nil
}

// SetScopes sets the scopes to ask for (empty: the vendor's three).
func (o *Onboarding) SetScopes(scopes []string) (ClientEdit, error) {
	var out []string
	for _, s := range scopes {
		for _, f := range strings.Fields(s) {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	o.forgetTokens()
	return ClientEdit{Scopes: out, setScopes: true}, nil
}

// Scopes are the scopes a system-user token asks for: the client's own
// (the service owners' APIs it calls), or the vendor's three when it has
// none. Calls to the system register always ask for the vendor's three.
func Scopes(mp session.MaskinportenClient) []string {
	if len(mp.Scopes) == 0 {
		return VendorScopes
	}
	return mp.Scopes
}
