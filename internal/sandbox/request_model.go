package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// The system-user request's model (§5.2, §5.3) and its checks (§5.4).

// The request statuses (§5.3).
const (
	statusNew      = "New"
	statusAccepted = "Accepted"
	statusRejected = "Rejected"
	statusDenied   = "Denied"
	statusTimedout = "Timedout"
)

// request is a system-user request, standard or agent, as kept.
type request struct {
	ID               string       `json:"id"`
	Agent            bool         `json:"agent"`
	IntegrationTitle *string      `json:"integrationTitle,omitempty"`
	ExternalRef      string       `json:"externalRef"`
	SystemID         string       `json:"systemId"`
	PartyOrgNo       string       `json:"partyOrgNo"`
	Rights           []right      `json:"rights"`
	AccessPackages   []packageRef `json:"accessPackages"`
	Status           string       `json:"status"`
	RedirectURL      string       `json:"redirectUrl,omitempty"`
	Escalated        bool         `json:"escalated"`
	Created          time.Time    `json:"created"`
	Deleted          bool         `json:"deleted"`
	SystemUserID     string       `json:"systemUserId,omitempty"`
}

// createRequest is the body of a standard or agent request (§5.2).
// Pointers tell an absent list (null in C#) from an empty one.
type createRequest struct {
	IntegrationTitle *string       `json:"integrationTitle"`
	ExternalRef      *string       `json:"externalRef"`
	SystemID         *string       `json:"systemId"`
	PartyOrgNo       *string       `json:"partyOrgNo"`
	Rights           *[]right      `json:"rights"`
	AccessPackages   *[]packageRef `json:"accessPackages"`
	RedirectURL      *string       `json:"redirectUrl"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// externalRef is the request's external reference: partyOrgNo when none
// is given (§5.2).
func (c *createRequest) externalRef() string {
	if c.ExternalRef == nil || *c.ExternalRef == "" {
		return str(c.PartyOrgNo)
	}
	return *c.ExternalRef
}

// decodeCreateRequest binds the body; a standard request must have
// systemId and partyOrgNo (C# "required", §5.2), else a model-binding
// 400. Strings are trimmed (TrimStringsActionFilter).
func decodeCreateRequest(w http.ResponseWriter, r *http.Request, agent bool) (*createRequest, bool) {
	var body createRequest
	param := "createRequest"
	if agent {
		param = "createAgentRequest"
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		badJSON(w, param, err)
		return nil, false
	}
	if !agent && (body.SystemID == nil || body.PartyOrgNo == nil) {
		var missing []string
		if body.SystemID == nil {
			missing = append(missing, "systemId")
		}
		if body.PartyOrgNo == nil {
			missing = append(missing, "partyOrgNo")
		}
		writeModelBinding(w, map[string][]string{"$": {
			"JSON deserialization for type 'CreateRequestSystemUser' was missing required properties including: " + quoteList(missing) + ".",
		}})
		return nil, false
	}
	for _, p := range []*string{body.IntegrationTitle, body.ExternalRef, body.SystemID, body.PartyOrgNo, body.RedirectURL} {
		if p != nil {
			*p = strings.TrimSpace(*p)
		}
	}
	return &body, true
}

// requestResponse is a RequestSystemResponse, or for an agent request an
// AgentRequestSystemResponse, which has no rights (§5.3).
type requestResponse struct {
	ID               string       `json:"id"`
	IntegrationTitle *string      `json:"integrationTitle,omitempty"`
	ExternalRef      string       `json:"externalRef"`
	SystemID         string       `json:"systemId"`
	PartyOrgNo       string       `json:"partyOrgNo"`
	Rights           *[]right     `json:"rights,omitempty"`
	AccessPackages   []packageRef `json:"accessPackages"`
	Status           string       `json:"status"`
	RedirectURL      string       `json:"redirectUrl,omitempty"`
	ConfirmURL       string       `json:"confirmUrl,omitempty"`
	Escalated        bool         `json:"escalated"`
	Created          dotnetTime   `json:"created"`
	TimedOut         bool         `json:"timedOut"`
}

// response is the request as the API shows it. confirm adds the
// confirm URL (GETs and POSTs do; the lists do not, §5.3); created
// false leaves "created" at .NET's default, as the creating POST does
// (§5.3).
func (s *Sandbox) response(q *request, confirm, created bool) requestResponse {
	out := requestResponse{
		ID: q.ID, IntegrationTitle: q.IntegrationTitle, ExternalRef: q.ExternalRef, SystemID: q.SystemID,
		PartyOrgNo: q.PartyOrgNo, AccessPackages: nonNil(q.AccessPackages), Status: q.Status,
		RedirectURL: q.RedirectURL, Escalated: q.Escalated,
		// §1 C4: the flag is set when the request is older than 180 days;
		// a request the sandbox timed out has it too.
		TimedOut: q.Status == statusTimedout || s.now().Sub(q.Created) > timedOutFlagAfter,
	}
	if !q.Agent {
		rights := nonNil(q.Rights)
		out.Rights = &rights
	}
	if confirm {
		out.ConfirmURL = s.confirmURL(q)
	}
	if created {
		out.Created = dotnetTime(q.Created)
	}
	return out
}

// confirmURL is where the customer approves (§5.3, §1 C6).
func (s *Sandbox) confirmURL(q *request) string {
	page := "request"
	if q.Agent {
		page = "agentrequest"
	}
	return s.ApprovalURL() + "/accessmanagement/ui/systemuser/" + page + "?id=" + q.ID + "&DONTCHOOSEREPORTEE=true"
}

// findByExternalRef is the live request of the kind for (system,
// customer, external reference); of several, one that is not Timedout,
// else the newest.
func (s *Sandbox) findByExternalRef(systemID, orgNo, ref string, agent bool) *request {
	var found *request
	for _, q := range s.st.Requests {
		if q.Deleted || q.Agent != agent || q.SystemID != systemID || q.PartyOrgNo != orgNo || q.ExternalRef != ref {
			continue
		}
		if found == nil || betterMatch(q, found) {
			found = q
		}
	}
	return found
}

// betterMatch: a request that has not timed out beats one that has;
// else the newer wins.
func betterMatch(a, b *request) bool {
	at, bt := a.Status == statusTimedout, b.Status == statusTimedout
	if at != bt {
		return !at
	}
	return a.Created.After(b.Created)
}

// systemUserFor is the active system user for (system, customer,
// external reference), of any vendor (§5.4 AUTH-00004).
func (s *Sandbox) systemUserFor(systemID, orgNo, ref string) *systemUser {
	for _, su := range s.st.SystemUsers {
		if !su.Deleted && su.SystemID == systemID && su.ReporteeOrgNo == orgNo && su.ExternalRef == ref {
			return su
		}
	}
	return nil
}

// vendorSystem is the system, when it exists and the vendor owns it;
// else AUTH-00011 (§5.4: unknown or another vendor's).
func (s *Sandbox) vendorSystem(systemID, vendorOrg string) (*system, bool) {
	sys := s.st.Systems[systemID]
	if sys == nil || sys.vendorOrg() != vendorOrg {
		return nil, false
	}
	return sys, true
}

// checkRedirect: a redirect URL must match one the system allows on
// scheme, host and path (§4.2, §5.4 AUTH-00021, -00026).
func checkRedirect(redirect string, allowed []string) *authProblem {
	if len(allowed) == 0 {
		return &probNoRedirectURIs
	}
	want, ok := leftPartPath(redirect)
	if !ok {
		return &probRedirectNotFound
	}
	for _, a := range allowed {
		if have, ok := leftPartPath(a); ok && have == want {
			return nil
		}
	}
	return &probRedirectNotFound
}

// leftPartPath is .NET's Uri.GetLeftPart(UriPartial.Path): scheme, host
// and port (the default port left out) and path, without query.
func leftPartPath(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && !(scheme == "https" && p == "443" || scheme == "http" && p == "80") {
		host += ":" + p
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	return scheme + "://" + host + p, true
}

// checkRequestRights: every right asked for must be one of the
// system's, whole (§5.2; AUTH-00001).
func checkRequestRights(rights []right, sys *system) *authProblem {
	if len(rights) > len(sys.Rights) {
		return &probRightsNotFound
	}
	for _, want := range rights {
		if len(want.Resource) == 0 || !systemHasRight(sys, want) {
			return &probRightsNotFound
		}
	}
	return nil
}

func systemHasRight(sys *system, want right) bool {
	for _, have := range sys.Rights {
		if len(have.Resource) != len(want.Resource) || !containsPair(have.Resource, want.Resource[0]) {
			continue
		}
		all := true
		for _, p := range have.Resource {
			all = all && containsPair(want.Resource, p)
		}
		if all {
			return true
		}
	}
	return false
}

func containsPair(list []attributePair, p attributePair) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}

// checkRequestPackages: every package asked for must be on the system
// (AUTH-00063), and be assignable for a standard request (AUTH-00064) or
// delegable for an agent request (AUTH-00065) (§5.2, §5.4).
func (s *Sandbox) checkRequestPackages(pkgs []packageRef, sys *system, agent bool) *authProblem {
	if len(sys.AccessPackages) < len(pkgs) {
		return &probPackageNotOnSystem
	}
	var notFound, notDelegable []string
	for _, p := range pkgs {
		if !containsPackage(sys.AccessPackages, p.URN) {
			notFound = append(notFound, p.URN)
			continue
		}
		pkg, ok := s.st.Packages[p.URN]
		if !ok || agent && !pkg.Delegable || !agent && !pkg.Assignable {
			notDelegable = append(notDelegable, p.URN)
		}
	}
	if len(notFound) > 0 {
		p := probPackageNotOnSystem.with(ext{{"NotFoundPackages", strings.Join(notFound, ", ")}})
		return &p
	}
	if len(notDelegable) > 0 {
		p := probPackageNotAssignable
		if agent {
			p = probPackageNotForAgent
		}
		p = p.with(ext{{"NotDelegablePackages", strings.Join(notDelegable, ", ")}})
		return &p
	}
	return nil
}

func containsPackage(list []packageRef, urn string) bool {
	for _, p := range list {
		if p.URN == urn {
			return true
		}
	}
	return false
}

// paginated is the lists' shape (§5.3): links.next only when there is
// a next page.
// writeListPage answers one page of a paginated list (§5.3): the items, and
// when more follow, the link to the next page, which continues after the
// key last.
func (s *Sandbox) writeListPage(w http.ResponseWriter, r *http.Request, data any, more bool, last any) {
	out := paginated{Data: data}
	if more {
		out.Links.Next = s.PlatformURL() + r.URL.Path + "?token=" + opaque(last)
	}
	writeJSON(w, http.StatusOK, out)
}

type paginated struct {
	Links struct {
		Next string `json:"next,omitempty"`
	} `json:"links"`
	Data any `json:"data"`
}

// opaque and unopaque are the continuation token: base64url of the
// JSON of the last item's key (§5.3, Opaque.cs).
func opaque(v any) string {
	data, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(data)
}

func unopaque(token string, v any) bool {
	data, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(token, "="))
	return err == nil && json.Unmarshal(data, v) == nil
}

// requestsOfSystem are the live requests of a kind for a system, in id
// order (§5.3: ordered by id).
func (s *Sandbox) requestsOfSystem(systemID string, agent bool) []*request {
	var out []*request
	for _, q := range s.st.Requests {
		if !q.Deleted && q.Agent == agent && q.SystemID == systemID {
			out = append(out, q)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
