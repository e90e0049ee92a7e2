package session

import "time"

// TrackAltinn3 is the ID of the Altinn 3 track: a Maskinporten client,
// the system in Altinn's system register, and a system user per customer.
const TrackAltinn3 = "altinn3"

// Altinn3 is everything the Altinn 3 track knows of a session. It holds no
// secret: the private key lives in the OS keyring (a SecretRef names it)
// and tokens are kept in memory only, for their lifetime.
//
// The environment it works against is Session.Target (EnvTT02 or EnvProd).
// Records of what was registered or requested carry the environment they
// were made in, so a session moved from TT02 to PROD knows that its TT02
// system and requests are not PROD's.
type Altinn3 struct {
	// ProdConfirmedAt is when the user confirmed, once, that this
	// session may act against PROD.
	ProdConfirmedAt *time.Time `json:"prod_confirmed_at,omitempty" yaml:"-"`

	Maskinporten MaskinportenClient `json:"maskinporten,omitzero" yaml:"maskinporten,omitempty"`
	System       SystemDefinition   `json:"system,omitzero" yaml:"system,omitempty"`
	// Registered is what the program last sent to (or read back from)
	// the system register; nil until the system is registered.
	Registered *RegisteredSystem `json:"registered,omitempty" yaml:"-"`
	Customers  []Customer        `json:"customers,omitempty" yaml:"customers,omitempty"`
	// SystemUsers is the last list of the system's system users the
	// register gave, with when it was fetched.
	SystemUsers *SystemUserList `json:"system_users,omitempty" yaml:"-"`
}

// Key sources of a Maskinporten client.
const (
	// KeySourceGenerated: an RSA key pair the program generated; its
	// public JWK is uploaded to the self-service portal, addressed by kid.
	KeySourceGenerated = "generated"
	// KeySourceP12: the key of an enterprise certificate (.p12/.pfx);
	// the grant carries the certificate chain (x5c).
	KeySourceP12 = "p12"
)

// MaskinportenClient is the vendor's Maskinporten client: its public half
// and what the last test of it found.
type MaskinportenClient struct {
	// ClientID is the UUID the self-service portal gave the client.
	ClientID string `json:"client_id,omitempty" yaml:"client_id,omitempty"`
	// KeySource is KeySourceGenerated or KeySourceP12 ("" = no key yet).
	KeySource string `json:"key_source,omitempty" yaml:"-"`
	// KeyID is the JWK "kid" of a generated key.
	KeyID string `json:"kid,omitempty" yaml:"-"`
	// PublicKey is the public JWK of the key (either source).
	PublicKey *PublicJWK `json:"public_key,omitempty" yaml:"-"`
	// P12Path is the enterprise certificate file the key came from; the
	// file is never copied.
	P12Path string `json:"p12_path,omitempty" yaml:"-"`
	// CertificateChain is the x5c of a .p12 key: standard base64 DER
	// certificates, the signing certificate first. Public data.
	CertificateChain []string `json:"certificate_chain,omitempty" yaml:"-"`
	// KeyCreatedAt is when the key was made or loaded.
	KeyCreatedAt time.Time `json:"key_created_at,omitzero" yaml:"-"`
	// Scopes are the client's scopes beyond the three
	// altinn:authentication scopes a vendor always asks for: those of the
	// service owners' APIs, asked for in system-user tokens.
	Scopes []string `json:"scopes,omitempty" yaml:"scopes,omitempty"`
	// LastTest is what the last token request found.
	LastTest *ClientTest `json:"last_test,omitempty" yaml:"-"`
}

// PublicJWK is an RSA public key as a JSON Web Key (RFC 7517).
type PublicJWK struct {
	Kty string `json:"kty"`
	N   string `json:"n"`
	E   string `json:"e"`
	Kid string `json:"kid,omitempty"`
	Alg string `json:"alg,omitempty"`
	Use string `json:"use,omitempty"`
}

// ClientTest is the outcome of one token request. It never holds the
// token.
type ClientTest struct {
	Environment string    `json:"environment"`
	At          time.Time `json:"at"`
	OK          bool      `json:"ok"`
	// Granted are the scopes the token carries; Missing those asked
	// for or needed that it does not.
	Granted   []string `json:"granted,omitempty"`
	Missing   []string `json:"missing,omitempty"`
	ExpiresIn int      `json:"expires_in,omitempty"`
	// Customer is the customer's org number for a system-user token.
	Customer string `json:"customer,omitempty"`
	// Error is the service's error code and text when it failed.
	Error *RemoteError `json:"error,omitempty"`
}

// RemoteError is what a remote service answered when it refused: the
// HTTP status, its code (AUTH.VLD-00002, AUTH-00011, invalid_grant, …)
// and its own words.
type RemoteError struct {
	Status int    `json:"status,omitempty"`
	Code   string `json:"code,omitempty"`
	Title  string `json:"title,omitempty"`
}

// SystemDefinition is the vendor's answers about its system in the system
// register. The vendor is Answers.Vendor; the system ID is
// "{vendor org number}_{IDName}".
type SystemDefinition struct {
	// IDName is the part of the system ID after "{orgnr}_"; no spaces.
	IDName      string   `json:"id_name,omitempty" yaml:"id_name,omitempty"`
	Name        LangText `json:"name,omitzero" yaml:"name,omitempty"`
	Description LangText `json:"description,omitzero" yaml:"description,omitempty"`
	// Rights are resource IDs from the resource register (one resource
	// per right).
	Rights []string `json:"rights,omitempty" yaml:"rights,omitempty"`
	// AccessPackages are access package URNs
	// ("urn:altinn:accesspackage:…").
	AccessPackages []string `json:"access_packages,omitempty" yaml:"access_packages,omitempty"`
	// ClientIDs are the Maskinporten client IDs of the system.
	ClientIDs []string `json:"client_ids,omitempty" yaml:"client_ids,omitempty"`
	// RedirectURLs are the allowed redirect URLs (https).
	RedirectURLs []string `json:"redirect_urls,omitempty" yaml:"redirect_urls,omitempty"`
	// Visible: shown in the portal for user-driven creation; nil means
	// the register's default, true.
	Visible *bool `json:"visible,omitempty" yaml:"visible,omitempty"`
}

// LangText is a text in the three languages Altinn shows.
type LangText struct {
	NB string `json:"nb,omitempty" yaml:"nb,omitempty"`
	NN string `json:"nn,omitempty" yaml:"nn,omitempty"`
	EN string `json:"en,omitempty" yaml:"en,omitempty"`
}

// RegisteredSystem is what the system register holds, as far as this
// session knows.
type RegisteredSystem struct {
	Environment string `json:"environment"`
	SystemID    string `json:"system_id"`
	// InternalID is the GUID the register answered the creation with.
	InternalID   string    `json:"internal_id,omitempty"`
	RegisteredAt time.Time `json:"registered_at"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
	// Definition is the definition as last sent, or as last read back
	// (ReadBackAt says when).
	Definition SystemDefinition `json:"definition"`
	ReadBackAt time.Time        `json:"read_back_at,omitzero"`
	// Deleted: the register says the system is marked deleted.
	Deleted bool `json:"deleted,omitempty"`
}

// Customer is one customer of the vendor that is to get a system user.
type Customer struct {
	OrgNumber   string `json:"org_number" yaml:"org_number"`
	Name        string `json:"name,omitempty" yaml:"name,omitempty"`
	Email       string `json:"email,omitempty" yaml:"email,omitempty"`
	ExternalRef string `json:"external_ref,omitempty" yaml:"external_ref,omitempty"`
	// Agent: an agent (client-delegation) system user with access
	// packages, for accounting firms acting for their clients;
	// otherwise a standard system user with the system's rights.
	Agent   bool      `json:"agent,omitempty" yaml:"agent,omitempty"`
	AddedAt time.Time `json:"added_at,omitzero" yaml:"-"`
	// Request is the system-user request made for the customer.
	Request *SystemUserRequest `json:"request,omitempty" yaml:"-"`
	// SystemUserID is the system user's ID once the register knows it.
	SystemUserID string `json:"system_user_id,omitempty" yaml:"-"`
	// LastToken is what the last system-user token request found.
	LastToken *ClientTest `json:"last_token,omitempty" yaml:"-"`
}

// Request statuses: the register's, plus Gone for a request the register
// no longer knows (404), which is how an expired request shows.
const (
	RequestNew      = "New"
	RequestAccepted = "Accepted"
	RequestRejected = "Rejected"
	RequestDenied   = "Denied"
	RequestTimedout = "Timedout"
	RequestGone     = "gone"
)

// SystemUserRequest is one system-user request: what was sent, and what
// came back. SentAt is set before the request is sent, so a crash or a
// network failure in between leaves a request that is sent again (the
// register answers a repeated request with the existing one).
type SystemUserRequest struct {
	Environment string `json:"environment"`
	Agent       bool   `json:"agent,omitempty"`
	// What was sent.
	SystemID       string    `json:"system_id"`
	ExternalRef    string    `json:"external_ref,omitempty"`
	Rights         []string  `json:"rights,omitempty"`
	AccessPackages []string  `json:"access_packages,omitempty"`
	RedirectURL    string    `json:"redirect_url,omitempty"`
	SentAt         time.Time `json:"sent_at"`
	// What came back.
	ID         string    `json:"id,omitempty"`
	HTTPStatus int       `json:"http_status,omitempty"`
	Status     string    `json:"status,omitempty"`
	ConfirmURL string    `json:"confirm_url,omitempty"`
	Created    time.Time `json:"created,omitzero"`
	Escalated  bool      `json:"escalated,omitempty"`
	// CheckedAt is the last time the status was read; ChangedAt when
	// it last changed.
	CheckedAt time.Time    `json:"checked_at,omitzero"`
	ChangedAt time.Time    `json:"changed_at,omitzero"`
	LastError *RemoteError `json:"last_error,omitempty"`
}

// SystemUserList is the register's list of the system's system users.
type SystemUserList struct {
	Environment string       `json:"environment"`
	FetchedAt   time.Time    `json:"fetched_at"`
	Users       []SystemUser `json:"users"`
}

// SystemUser is one system user of the system, as the register lists it.
type SystemUser struct {
	ID          string    `json:"id"`
	OrgNumber   string    `json:"org_number"`
	ExternalRef string    `json:"external_ref,omitempty"`
	Type        string    `json:"type,omitempty"` // "standard" or "agent"
	Created     time.Time `json:"created,omitzero"`
}

// Customer returns the customer with the org number, or nil.
func (a *Altinn3) Customer(orgNumber string) *Customer {
	for i := range a.Customers {
		if a.Customers[i].OrgNumber == orgNumber {
			return &a.Customers[i]
		}
	}
	return nil
}

// Clone returns a deep copy.
func (a Altinn3) Clone() Altinn3 {
	c := a
	if a.ProdConfirmedAt != nil {
		t := *a.ProdConfirmedAt
		c.ProdConfirmedAt = &t
	}
	c.Maskinporten = a.Maskinporten.clone()
	c.System = a.System.Clone()
	if a.Registered != nil {
		r := *a.Registered
		r.Definition = a.Registered.Definition.Clone()
		c.Registered = &r
	}
	if a.Customers != nil {
		c.Customers = make([]Customer, len(a.Customers))
		for i, cu := range a.Customers {
			c.Customers[i] = cu.clone()
		}
	}
	if a.SystemUsers != nil {
		l := *a.SystemUsers
		l.Users = append([]SystemUser(nil), a.SystemUsers.Users...)
		c.SystemUsers = &l
	}
	return c
}

func (m MaskinportenClient) clone() MaskinportenClient {
	c := m
	if m.PublicKey != nil {
		k := *m.PublicKey
		c.PublicKey = &k
	}
	c.CertificateChain = cloneStrings(m.CertificateChain)
	c.Scopes = cloneStrings(m.Scopes)
	c.LastTest = m.LastTest.clone()
	return c
}

func (ct *ClientTest) clone() *ClientTest {
	if ct == nil {
		return nil
	}
	t := *ct
	t.Granted = cloneStrings(ct.Granted)
	t.Missing = cloneStrings(ct.Missing)
	if ct.Error != nil {
		e := *ct.Error
		t.Error = &e
	}
	return &t
}

// Clone returns a deep copy.
func (d SystemDefinition) Clone() SystemDefinition {
	c := d
	c.Rights = cloneStrings(d.Rights)
	c.AccessPackages = cloneStrings(d.AccessPackages)
	c.ClientIDs = cloneStrings(d.ClientIDs)
	c.RedirectURLs = cloneStrings(d.RedirectURLs)
	if d.Visible != nil {
		v := *d.Visible
		c.Visible = &v
	}
	return c
}

func (cu Customer) clone() Customer {
	c := cu
	c.LastToken = cu.LastToken.clone()
	if cu.Request != nil {
		r := *cu.Request
		r.Rights = cloneStrings(cu.Request.Rights)
		r.AccessPackages = cloneStrings(cu.Request.AccessPackages)
		if cu.Request.LastError != nil {
			e := *cu.Request.LastError
			r.LastError = &e
		}
		c.Request = &r
	}
	return c
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string{}, s...)
}
