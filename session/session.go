// Package session is the plain data of one onboarding: one datasystem of one
// vendor, every answer of every step, the status of each step and references
// (never values) to the secrets kept in the OS keyring. The UI edits it, the
// store saves it, the templates and the mail package read it.
package session

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"
)

// SchemaVersion is the version of the JSON layout this program writes.
// Older files are migrated on load (see Migrate); newer ones are refused.
// Version 2 added Track; version 3 added Altinn3.
const SchemaVersion = 3

// Session is one onboarding of one datasystem for one vendor.
type Session struct {
	SchemaVersion int       `json:"schema_version"`
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`

	// Track is the ID of the track the session follows (the list of its
	// steps lives with the program, not in the file). Files older than
	// schema version 2 are Altinn II sessions (TrackAltinnII).
	Track string `json:"track"`

	// Target is the environment the session works against now ("tt02" or
	// "prod"); it decides, for example, whether synthetic test national
	// identity numbers are accepted.
	Target string `json:"target,omitempty"`

	Answers Answers `json:"answers"`

	Integration    Integration    `json:"integration"`
	Authentication Authentication `json:"authentication"`
	Testing        Testing        `json:"testing"`
	GoLive         GoLive         `json:"go_live"`

	// Altinn3 is the Altinn 3 track's data (empty in Altinn II sessions).
	Altinn3 Altinn3 `json:"altinn3,omitzero"`

	// Steps holds the status of each step by step ID. Which steps there
	// are, and in which order, is the track's to say.
	Steps map[string]StepState `json:"steps,omitempty"`
	// Cursor is where the user was, so a resume puts them back there.
	Cursor Cursor `json:"cursor"`

	Files []GeneratedFile `json:"files,omitempty"`
	// Sent records each sending of an e-mail the program made for the
	// session (altinn-onboard send), oldest first.
	Sent     []SentMail  `json:"sent,omitempty"`
	Secrets  []SecretRef `json:"secrets,omitempty"`
	Settings Settings    `json:"settings"`
}

// Answers are the registration answers (step 1) and the public answers file
// format of `altinn-onboard fill`. Keep the key names: they are documented.
type Answers struct {
	Vendor           Vendor      `json:"vendor" yaml:"vendor"`
	Contact          Person      `json:"contact" yaml:"contact"`
	TechnicalContact *Person     `json:"technical_contact,omitempty" yaml:"technical_contact,omitempty"`
	System           System      `json:"system" yaml:"system"`
	Declaration      Declaration `json:"declaration" yaml:"declaration"`
	Signer           Signer      `json:"signer" yaml:"signer"`
	// Cc is an optional extra copy address for the registration e-mail
	// (typically the consultant filling the forms for the vendor).
	Cc string `json:"cc,omitempty" yaml:"cc,omitempty"`
}

// Vendor is the system vendor (systemleverandør).
type Vendor struct {
	OrgNumber  string `json:"org_number" yaml:"org_number"`
	Name       string `json:"name" yaml:"name"`
	Address    string `json:"address" yaml:"address"`
	PostalCode string `json:"postal_code" yaml:"postal_code"`
	City       string `json:"city" yaml:"city"`
}

// Person is a contact person.
type Person struct {
	Name  string `json:"name" yaml:"name"`
	Email string `json:"email" yaml:"email"`
	Phone string `json:"phone" yaml:"phone"`
}

// Categories of datasystems the order form offers.
var Categories = []string{"accounting", "payroll", "hr", "archive", "agriculture", "other"}

// Interfaces, authentication methods and environments, as used in answers.
const (
	InterfaceSOAP = "soap"
	InterfaceREST = "rest"

	AuthSystemIDPassword      = "systemid_password"
	AuthEnterpriseCertificate = "enterprise_certificate"
	AuthIDPorten              = "idporten"
	AuthMaskinporten          = "maskinporten"
	AuthUsernamePassword      = "username_password"

	EnvTT02 = "tt02"
	EnvProd = "prod"
)

var (
	Interfaces   = []string{InterfaceSOAP, InterfaceREST}
	AuthMethods  = []string{AuthSystemIDPassword, AuthEnterpriseCertificate, AuthIDPorten, AuthMaskinporten, AuthUsernamePassword}
	Environments = []string{EnvTT02, EnvProd}
)

// System is the datasystem being registered.
type System struct {
	// Name exactly as customers will see it in Altinn's list; also the
	// subject of the registration e-mail.
	Name         string    `json:"name" yaml:"name"`
	Version      string    `json:"version" yaml:"version"`
	Description  string    `json:"description" yaml:"description"`
	Category     string    `json:"category" yaml:"category"`
	Interfaces   []string  `json:"interfaces" yaml:"interfaces"`
	AuthMethods  []string  `json:"auth_methods" yaml:"auth_methods"`
	Environments []string  `json:"environments" yaml:"environments"`
	Services     []Service `json:"services" yaml:"services"`
}

// Service is one Altinn service the system connects to (step 4).
type Service struct {
	Code    string `json:"code" yaml:"code"`
	Edition string `json:"edition" yaml:"edition"`
	Name    string `json:"name" yaml:"name"`
	// Owner is the service owner (tjenesteeier), e.g. Skatteetaten.
	Owner        string   `json:"owner,omitempty" yaml:"owner,omitempty"`
	Environments []string `json:"environments,omitempty" yaml:"environments,omitempty"`
}

// Declaration holds the self-declaration (egenerklæring) answers. The yes/no
// answers are pointers: nil means "not answered yet", which the UI and the
// answers file validation both need to tell apart from "no".
type Declaration struct {
	SignsForUsers         *bool  `json:"signs_for_users" yaml:"signs_for_users"`
	UsesPrefill           *bool  `json:"uses_prefill" yaml:"uses_prefill"`
	StoresUserCredentials *bool  `json:"stores_user_credentials" yaml:"stores_user_credentials"`
	SecurityMeasures      string `json:"security_measures" yaml:"security_measures"`
}

// Signer is the person authorised to sign for the vendor.
type Signer struct {
	Name  string `json:"name" yaml:"name"`
	Role  string `json:"role" yaml:"role"`
	Place string `json:"place" yaml:"place"`
	// Date is YYYY-MM-DD; empty means today when documents are made.
	Date string `json:"date" yaml:"date"`
}

// Integration is step 2: SOAP/REST (System.Interfaces) and the API keys.
type Integration struct {
	// APIKeyOrdered records, per environment, that the REST API key has
	// been ordered through Samarbeidsportalen.
	APIKeyOrdered map[string]bool `json:"api_key_ordered,omitempty"`
}

// Authentication is step 3.
type Authentication struct {
	// SystemID is the SOAP SystemID the customer created (digits).
	SystemID string `json:"system_id,omitempty"`
	// SystemIDOwner is "org" or "person": whether the SystemID was made
	// for an organisation number or a national identity number.
	SystemIDOwner string `json:"system_id_owner,omitempty"`
	// RESTMechanisms are the chosen REST authentication mechanisms.
	RESTMechanisms []string `json:"rest_mechanisms,omitempty"`
	// EnterpriseUser is the enterprise user's name (its password is a secret).
	EnterpriseUser string `json:"enterprise_user,omitempty"`

	// ---- enterprise certificates, one per environment (issue 11 §5) ----
	// Sessions before had one certificate_path, certificate_env and
	// certificate; Decode moves them here (certificate_migrate.go).

	// Certificates are the enterprise certificates (.p12/.pfx), one per
	// environment (EnvTT02, EnvProd): TT02 takes a certificate from a
	// test CA, PROD a real one. Only the paths are kept; the files are
	// never copied.
	Certificates map[string]*EnvCertificate `json:"certificates,omitempty"`
	// CertificateMoved are the environments an older session's single
	// certificate was given to when it was read, so the step can tell the
	// user; each goes when that environment's certificate is checked.
	CertificateMoved []string `json:"certificate_moved,omitempty"`
}

// EnvCertificate is the enterprise certificate of one environment.
type EnvCertificate struct {
	// Path is where the file lives ("~/" is the home folder).
	Path string `json:"path"`
	// Checked is what the last check of the file found: public facts only
	// (no key, no password), so its warnings stay known after the check
	// screen is left.
	Checked *CertificateFacts `json:"checked,omitempty"`
}

// CertificatePath is the certificate file of env, trimmed, or "".
func (a *Authentication) CertificatePath(env string) string {
	if c := a.Certificates[env]; c != nil {
		return strings.TrimSpace(c.Path)
	}
	return ""
}

// Certificate is the certificate of env, made (empty) when there is none
// yet, so a form can be bound to its path.
func (a *Authentication) Certificate(env string) *EnvCertificate {
	if a.Certificates == nil {
		a.Certificates = map[string]*EnvCertificate{}
	}
	c := a.Certificates[env]
	if c == nil {
		c = &EnvCertificate{}
		a.Certificates[env] = c
	}
	return c
}

// cloneCertificates is a deep copy of a's certificates.
func (a *Authentication) cloneCertificates() map[string]*EnvCertificate {
	if a.Certificates == nil {
		return nil
	}
	out := make(map[string]*EnvCertificate, len(a.Certificates))
	for env, c := range a.Certificates {
		if c != nil {
			cc := *c
			cc.Checked = clonePtr(c.Checked)
			c = &cc
		}
		out[env] = c
	}
	return out
}

// CertificateFacts are the public facts of an enterprise certificate.
type CertificateFacts struct {
	Path       string    `json:"path"` // the file that was checked
	Subject    string    `json:"subject"`
	OrgNumber  string    `json:"org_number,omitempty"`
	IssuerName string    `json:"issuer_name"`
	TestCA     bool      `json:"test_ca"`
	NotBefore  time.Time `json:"not_before"`
	NotAfter   time.Time `json:"not_after"`
	CheckedAt  time.Time `json:"checked_at"`
}

// Testing is step 5: testing in TT02.
type Testing struct {
	Checklist         []ServiceTest `json:"checklist,omitempty"`
	TestPersons       int           `json:"test_persons,omitempty"`
	TestOrganisations int           `json:"test_organisations,omitempty"`
	TestUsersOrdered  bool          `json:"test_users_ordered,omitempty"`
}

// ServiceTest is the TT02 checklist of one service.
type ServiceTest struct {
	Code       string `json:"code"`
	Edition    string `json:"edition"`
	Submission bool   `json:"submission"`
	Receipt    bool   `json:"receipt"`
	Signing    bool   `json:"signing"`
}

// GoLive is step 6.
type GoLive struct {
	Checklist map[string]bool `json:"checklist,omitempty"`
	GuideLang string          `json:"guide_lang,omitempty"`
	Completed bool            `json:"completed,omitempty"`
	// Support is whom the end-user guide tells customers to contact; nil
	// means the contact person of the registration (Answers.Contact).
	Support *Person `json:"support,omitempty"`
}

// TrackAltinnII is the ID of the Altinn II track: the six steps of
// registering a datasystem with Altinn II. Every session made before
// tracks existed follows it.
const TrackAltinnII = "altinn2"

// Step IDs of the Altinn II track. Their order is the track's (package
// steps); statuses are kept by ID so any track fits.
const (
	StepRegistration   = "registration"
	StepIntegration    = "integration"
	StepAuthentication = "authentication"
	StepServices       = "services"
	StepTesting        = "testing"
	StepGoLive         = "go_live"
)

// Status of a step.
type Status string

const (
	NotStarted Status = "not_started"
	InProgress Status = "in_progress"
	Done       Status = "done"
)

// StepState is the status of one step.
type StepState struct {
	Status    Status    `json:"status"`
	UpdatedAt time.Time `json:"updated_at,omitempty"`
}

// OverviewStep is Cursor.Step when the user was on the overview, the
// last item of every track's stepper (its screen is OverviewStep too).
const OverviewStep = "overview"

// Cursor is the screen and field the user was on.
type Cursor struct {
	Step   string `json:"step,omitempty"`
	Screen string `json:"screen,omitempty"`
	Field  string `json:"field,omitempty"`
}

// GeneratedFile is a document or e-mail the program wrote for the session.
type GeneratedFile struct {
	Kind      string    `json:"kind"` // e.g. "bestilling", "egenerklaering", "eml"
	Path      string    `json:"path"`
	CreatedAt time.Time `json:"created_at"`
	// MadeFrom identifies the answers the file was made from (a digest
	// of them, never the answers), so a change to them after the file
	// was made can be told; "" for files made before it was recorded.
	MadeFrom string `json:"made_from,omitempty"`
}

// SentMail is one sending of an e-mail the program made: what went to
// whom, when, through which server, the server's final answer, and where
// the copy of exactly what was sent is kept. It is the session's own
// record: ForExport leaves it out.
type SentMail struct {
	// File is the .eml that was sent (one of Files).
	File   string    `json:"file"`
	SentAt time.Time `json:"sent_at"` // UTC
	From   string    `json:"from"`
	// To are the envelope recipients (To and Cc).
	To        []string `json:"to"`
	MessageID string   `json:"message_id,omitempty"`
	Server    string   `json:"server"` // host:port
	// Reply is the server's final answer to the message, such as
	// "250 2.0.0 Ok: queued as 4F2B1" ("" in records made before it was
	// kept).
	Reply string `json:"reply,omitempty"`
	// Copy is the kept copy of what was sent (the .eml without its
	// X-Unsent draft mark), in a folder "sendt" next to it; "" when it
	// could not be written or for records made before copies were kept.
	Copy string `json:"copy,omitempty"`
}

// SentBefore returns the last record of an earlier sending of the same
// e-mail: the same Message-ID, or the same file; nil if there is none.
func (s *Session) SentBefore(file, messageID string) *SentMail {
	for i := len(s.Sent) - 1; i >= 0; i-- {
		m := &s.Sent[i]
		if (messageID != "" && m.MessageID == messageID) || (file != "" && m.File == file) {
			return m
		}
	}
	return nil
}

// SecretRef says that a secret exists and where; never its value.
type SecretRef struct {
	Name    string    `json:"name"`
	Store   string    `json:"store"`   // "os-keyring"
	Service string    `json:"service"` // keyring service name
	Account string    `json:"account"` // keyring account "<session-id>/<name>"
	SetAt   time.Time `json:"set_at"`
}

// Settings are per-session preferences.
type Settings struct {
	TemplatesDir string `json:"templates_dir,omitempty"`
	OutputDir    string `json:"output_dir,omitempty"`
	Lang         string `json:"lang,omitempty"`
}

// New returns a fresh session with a new ID. The caller sets Track.
func New(name string, now time.Time) *Session {
	s := &Session{
		SchemaVersion: SchemaVersion,
		ID:            NewID(),
		Name:          name,
		CreatedAt:     now.UTC(),
		UpdatedAt:     now.UTC(),
		Target:        EnvTT02,
		Steps:         map[string]StepState{},
	}
	return s
}

// NewID returns a random, stable, file-name-safe session ID.
func NewID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand never fails on supported platforms (Go 1.24+ it
		// panics internally instead); keep the ID non-empty regardless.
		return "s" + time.Now().UTC().Format("20060102150405.000000000")
	}
	return hex.EncodeToString(b[:])
}

// StepStatus returns the status of a step (NotStarted when unknown).
func (s *Session) StepStatus(id string) Status {
	if st, ok := s.Steps[id]; ok && st.Status != "" {
		return st.Status
	}
	return NotStarted
}

// SetStepStatus records the status of a step.
func (s *Session) SetStepStatus(id string, st Status, now time.Time) {
	if s.Steps == nil {
		s.Steps = map[string]StepState{}
	}
	s.Steps[id] = StepState{Status: st, UpdatedAt: now.UTC()}
}

// SetSecretRef records (or refreshes) the reference to a stored secret.
func (s *Session) SetSecretRef(ref SecretRef) {
	for i := range s.Secrets {
		if s.Secrets[i].Name == ref.Name {
			s.Secrets[i] = ref
			return
		}
	}
	s.Secrets = append(s.Secrets, ref)
}

// RemoveSecretRef forgets the reference to a secret.
func (s *Session) RemoveSecretRef(name string) {
	out := s.Secrets[:0]
	for _, r := range s.Secrets {
		if r.Name != name {
			out = append(out, r)
		}
	}
	s.Secrets = out
}

// Bool returns a pointer to b, for Declaration answers.
func Bool(b bool) *bool { return &b }

// Clone returns a deep copy of the answers.
func (a Answers) Clone() Answers {
	c := a
	if a.TechnicalContact != nil {
		tc := *a.TechnicalContact
		c.TechnicalContact = &tc
	}
	c.System.Interfaces = append([]string(nil), a.System.Interfaces...)
	c.System.AuthMethods = append([]string(nil), a.System.AuthMethods...)
	c.System.Environments = append([]string(nil), a.System.Environments...)
	c.System.Services = make([]Service, len(a.System.Services))
	for i, s := range a.System.Services {
		s.Environments = append([]string(nil), s.Environments...)
		c.System.Services[i] = s
	}
	if a.System.Services == nil {
		c.System.Services = nil
	}
	for _, p := range []**bool{&c.Declaration.SignsForUsers, &c.Declaration.UsesPrefill, &c.Declaration.StoresUserCredentials} {
		if *p != nil {
			v := **p
			*p = &v
		}
	}
	return c
}
