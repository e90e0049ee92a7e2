package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

// state is everything the sandbox knows. Every field is exported for the
// state file; none holds a private key or a token.
type state struct {
	Version        int                       `json:"version"`
	Clients        map[string]*Client        `json:"clients"`
	Systems        map[string]*system        `json:"systems"`
	Requests       map[string]*request       `json:"requests"`
	ChangeRequests map[string]*changeRequest `json:"changeRequests"`
	SystemUsers    map[string]*systemUser    `json:"systemUsers"`
	// Grants are the grants Maskinporten has seen, by client and jti,
	// with when they expire: a grant cannot be used twice (§8.2).
	Grants    map[string]time.Time     `json:"grants"`
	Resources map[string]Resource      `json:"resources"`
	Packages  map[string]AccessPackage `json:"accessPackages"`
	// Seq numbers system users, the order of their paginated list (§7).
	Seq int64 `json:"seq"`
}

const stateVersion = 1

// stateLimit is the largest state file the sandbox reads.
const stateLimit = 64 << 20

func newState() *state {
	st := &state{
		Version:        stateVersion,
		Clients:        map[string]*Client{},
		Systems:        map[string]*system{},
		Requests:       map[string]*request{},
		ChangeRequests: map[string]*changeRequest{},
		SystemUsers:    map[string]*systemUser{},
		Grants:         map[string]time.Time{},
		Resources:      map[string]Resource{},
		Packages:       map[string]AccessPackage{},
	}
	for _, r := range builtinResources {
		st.Resources[r.ID] = r
	}
	for _, p := range builtinPackages {
		st.Packages[p.URN] = p
	}
	return st
}

// Client is a Maskinporten client as the sandbox knows it: what the real
// self-service portal records (§8.1, §8.5).
type Client struct {
	ID    string `json:"client_id"`
	Name  string `json:"client_name,omitempty"`
	OrgNo string `json:"org_no"`
	// Scopes are the scopes the client may ask for (§8.2: "client must
	// be pre-registered for all").
	Scopes []string `json:"scopes"`
	// Keys are the client's public keys (§8.5: RS256, 2048 bits, kid;
	// x5c optional).
	Keys jose.JSONWebKeySet `json:"jwks"`
}

// load reads the state file at path, when there is one. A missing file
// is an empty sandbox; anything else that cannot be read is an error
// naming the file, and the file is left as it is.
func (s *Sandbox) load(path string) error {
	data, err := safefile.Read(path, stateLimit)
	var se *safefile.Error
	if errors.As(err, &se) && se.Kind == safefile.KindOpen && errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	st := newState()
	if err := json.Unmarshal(data, st); err != nil {
		return &StateError{Path: path, Err: err}
	}
	if st.Version != stateVersion {
		return &StateError{Path: path, Err: fmt.Errorf("version %d, this sandbox reads version %d", st.Version, stateVersion)}
	}
	for _, c := range st.Clients {
		if err := checkClientKeys(c.Keys); err != nil {
			return &StateError{Path: path, Err: fmt.Errorf("client %s: %w", c.ID, err)}
		}
	}
	s.st = st
	return nil
}

// save writes the state to path atomically (0600). The caller holds s.mu.
func (s *Sandbox) save(path string) error {
	data, err := json.MarshalIndent(s.st, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(data, '\n'))
}

// StateError is a state file that is not one the sandbox wrote, or,
// with Write, one it cannot write.
type StateError struct {
	Path  string
	Err   error
	Write bool
}

func (e *StateError) Error() string { return e.Text("en") }
func (e *StateError) Unwrap() error { return e.Err }

// Text is the message in lang ("en", else Norwegian bokmål).
func (e *StateError) Text(lang string) string {
	if e.Write {
		cause := e.Err.Error()
		var pe *fs.PathError
		if errors.As(e.Err, &pe) {
			cause = pe.Err.Error()
		}
		if lang == "en" {
			return fmt.Sprintf("the sandbox's state cannot be written to %s (%s): give a file in a folder you can write to with --state", e.Path, cause)
		}
		return fmt.Sprintf("sandkassens tilstand kan ikke skrives til %s (%s): oppgi en fil i en mappe du kan skrive i med --state", e.Path, cause)
	}
	if lang == "en" {
		return fmt.Sprintf("%s is not a sandbox state file (%v): give another file with --state, or move this one away", e.Path, e.Err)
	}
	return fmt.Sprintf("%s er ikke en tilstandsfil fra sandkassen (%v): oppgi en annen fil med --state, eller flytt denne", e.Path, e.Err)
}

// sweep applies the passing of time: requests still New after the
// timeout expire (§5.3, §13.1), and grants past their expiry are
// forgotten (they can no longer be used anyway). The caller holds s.mu.
func (s *Sandbox) sweep() {
	now := s.now()
	for k, exp := range s.st.Grants {
		if now.After(exp.Add(skew)) {
			delete(s.st.Grants, k)
		}
	}
	if s.opts.RequestTimeout < 0 {
		return
	}
	for _, r := range s.st.Requests {
		if !r.Deleted && r.Status == statusNew && now.Sub(r.Created) >= s.opts.RequestTimeout {
			s.expire(r)
		}
	}
	for _, c := range s.st.ChangeRequests {
		if !c.Deleted && c.Status == statusNew && now.Sub(c.Created) >= s.opts.RequestTimeout {
			c.Status = statusTimedout
		}
	}
}

// expire times a request out, the way Options.ExpireAs says.
func (s *Sandbox) expire(r *request) {
	if s.opts.ExpireAs == ExpireGone {
		r.Deleted = true
		return
	}
	r.Status = statusTimedout
}
