package altinn3

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The calls of the system register (§4) and the system-user request API
// (§5, §7). Each takes the platform endpoints and a Maskinporten token
// (a raw Maskinporten token is accepted by these APIs, §1 C8).

// API is the Altinn platform at one set of endpoints, with a token.
type API struct {
	C     *Client
	EP    Endpoints
	Token *Token
	// refused, when set, hears that the platform refused the token
	// (401), so it is not used again for the rest of its lifetime.
	refused func()
}

func (a API) call(ctx context.Context, r request) (*response, error) {
	if a.Token != nil {
		r.bearer = a.Token.Value()
	}
	resp, err := a.C.send(ctx, r)
	if err == nil && resp.status == http.StatusUnauthorized && a.refused != nil {
		a.refused()
	}
	return resp, err
}

func (a API) decode(r request, resp *response, v any) error {
	if err := json.Unmarshal(resp.body, v); err != nil {
		return &Error{Op: r.op, Kind: KindUnexpected, Method: r.method, URL: r.url, Status: resp.status, Err: err}
	}
	return nil
}

// CreateSystem registers a system (POST /systemregister/vendor) and
// returns the register's internal GUID. Not repeated: a second POST of
// the same ID is AUTH.VLD-00002.
func (a API) CreateSystem(ctx context.Context, reg SystemRegistration) (string, error) {
	r, err := jsonRequest(OpRegisterSystem, http.MethodPost, a.EP.api("systemregister/vendor"), reg)
	if err != nil {
		return "", err
	}
	r.scope = ScopeSystemRegisterWrite
	resp, err := a.call(ctx, r)
	if err != nil {
		return "", err
	}
	if resp.status != http.StatusOK && resp.status != http.StatusCreated {
		return "", a.C.failure(r, resp)
	}
	var id string
	// The answer is a JSON string; tolerate a bare GUID too.
	if json.Unmarshal(resp.body, &id) != nil {
		id = strings.TrimSpace(string(resp.body))
	}
	return oneLine(id, 100), nil
}

// GetSystem reads a registered system back (also a deleted one, with
// IsDeleted set).
func (a API) GetSystem(ctx context.Context, systemID string) (*SystemRegistration, error) {
	r := request{op: OpReadSystem, method: http.MethodGet, url: a.EP.api("systemregister/vendor/" + url.PathEscape(systemID)),
		repeatable: true, scope: ScopeSystemRegisterWrite}
	resp, err := a.call(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.status != http.StatusOK {
		return nil, a.C.failure(r, resp)
	}
	var reg SystemRegistration
	if err := a.decode(r, resp, &reg); err != nil {
		return nil, err
	}
	return &reg, nil
}

// UpdateSystem replaces the whole registered definition (PUT). Not
// repeated automatically: the caller shows the change first.
func (a API) UpdateSystem(ctx context.Context, reg SystemRegistration) error {
	r, err := jsonRequest(OpUpdateSystem, http.MethodPut, a.EP.api("systemregister/vendor/"+url.PathEscape(reg.ID)), reg)
	if err != nil {
		return err
	}
	r.scope = ScopeSystemRegisterWrite
	resp, err := a.call(ctx, r)
	if err != nil {
		return err
	}
	if resp.status != http.StatusOK {
		return a.C.failure(r, resp)
	}
	return nil
}

// RequestBody is a system-user request (§5.2). Rights only for standard
// requests; the field is externalRef (externalReference is ignored by
// the register, §1 C14).
type RequestBody struct {
	SystemID       string          `json:"systemId"`
	PartyOrgNo     string          `json:"partyOrgNo"`
	ExternalRef    string          `json:"externalRef,omitempty"`
	Rights         []Right         `json:"rights,omitempty"`
	AccessPackages []AccessPackage `json:"accessPackages,omitempty"`
	RedirectURL    string          `json:"redirectUrl,omitempty"`
}

// RequestResponse is the register's view of a request (§5.3).
type RequestResponse struct {
	ID               string          `json:"id"`
	IntegrationTitle string          `json:"integrationTitle"`
	ExternalRef      string          `json:"externalRef"`
	SystemID         string          `json:"systemId"`
	PartyOrgNo       string          `json:"partyOrgNo"`
	Rights           []Right         `json:"rights"`
	AccessPackages   []AccessPackage `json:"accessPackages"`
	Status           string          `json:"status"`
	RedirectURL      string          `json:"redirectUrl"`
	ConfirmURL       string          `json:"confirmUrl"`
	Escalated        bool            `json:"escalated"`
	Created          string          `json:"created"`
	TimedOut         bool            `json:"timedOut"`
}

func requestPath(agent bool) string {
	if agent {
		return "systemuser/request/vendor/agent"
	}
	return "systemuser/request/vendor"
}

// CreateRequest sends a system-user request. It is repeated on a network
// failure: the register answers a repeated request (same system, customer
// and external reference) with the existing one (200 instead of 201).
func (a API) CreateRequest(ctx context.Context, agent bool, body RequestBody) (*RequestResponse, int, error) {
	r, err := jsonRequest(OpRequest, http.MethodPost, a.EP.api(requestPath(agent)), body)
	if err != nil {
		return nil, 0, err
	}
	r.scope, r.repeatable = ScopeRequestWrite, true
	resp, err := a.call(ctx, r)
	if err != nil {
		return nil, 0, err
	}
	if resp.status != http.StatusOK && resp.status != http.StatusCreated {
		return nil, resp.status, a.C.failure(r, resp)
	}
	var out RequestResponse
	if err := a.decode(r, resp, &out); err != nil {
		return nil, resp.status, err
	}
	return &out, resp.status, nil
}

// GetRequest reads a request's status (the agent path for agent
// requests: the standard path answers 404 for them, §1 C5).
func (a API) GetRequest(ctx context.Context, agent bool, id string) (*RequestResponse, error) {
	return a.getRequest(ctx, a.EP.api(requestPath(agent)+"/"+url.PathEscape(id)))
}

// GetRequestByExternalRef finds a request by what it was made with.
func (a API) GetRequestByExternalRef(ctx context.Context, agent bool, systemID, orgNo, externalRef string) (*RequestResponse, error) {
	base := "systemuser/request/vendor/byexternalref/"
	if agent {
		base = "systemuser/request/vendor/agent/byexternalref/"
	}
	return a.getRequest(ctx, a.EP.api(base+url.PathEscape(systemID)+"/"+url.PathEscape(orgNo)+"/"+url.PathEscape(externalRef)))
}

func (a API) getRequest(ctx context.Context, u string) (*RequestResponse, error) {
	r := request{op: OpRequestStatus, method: http.MethodGet, url: u, repeatable: true, scope: ScopeRequestRead}
	resp, err := a.call(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.status != http.StatusOK {
		return nil, a.C.failure(r, resp)
	}
	var out RequestResponse
	if err := a.decode(r, resp, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteRequest deletes a request (202), so a rejected one can be sent
// anew.
func (a API) DeleteRequest(ctx context.Context, id string) error {
	r := request{op: OpDeleteRequest, method: http.MethodDelete, url: a.EP.api("systemuser/request/vendor/" + url.PathEscape(id)),
		scope: ScopeRequestWrite}
	resp, err := a.call(ctx, r)
	if err != nil {
		return err
	}
	if resp.status/100 != 2 {
		return a.C.failure(r, resp)
	}
	return nil
}

// SystemUserDTO is a system user as the vendor sees it (§7).
type SystemUserDTO struct {
	ID               string `json:"id"`
	IntegrationTitle string `json:"integrationTitle"`
	SystemID         string `json:"systemId"`
	ReporteeOrgNo    string `json:"reporteeOrgNo"`
	Created          string `json:"created"`
	IsDeleted        bool   `json:"isDeleted"`
	SupplierName     string `json:"supplierName"`
	SupplierOrgno    string `json:"supplierOrgno"`
	ExternalRef      string `json:"externalRef"`
	UserType         string `json:"userType"`
}

// maxPages bounds a paginated listing.
const maxPages = 200

// ListSystemUsers lists the system's system users, page by page.
func (a API) ListSystemUsers(ctx context.Context, systemID string) ([]SystemUserDTO, error) {
	var out []SystemUserDTO
	next := a.EP.api("systemuser/vendor/bysystem/" + url.PathEscape(systemID))
	for page := 0; next != "" && page < maxPages; page++ {
		r := request{op: OpListUsers, method: http.MethodGet, url: next, repeatable: true, scope: ScopeSystemRegisterWrite}
		resp, err := a.call(ctx, r)
		if err != nil {
			return nil, err
		}
		if resp.status != http.StatusOK {
			return nil, a.C.failure(r, resp)
		}
		var p struct {
			Links struct {
				Next string `json:"next"`
			} `json:"links"`
			Data []SystemUserDTO `json:"data"`
		}
		if err := a.decode(r, resp, &p); err != nil {
			return nil, err
		}
		out = append(out, p.Data...)
		if next, err = a.nextPage(r, p.Links.Next); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// nextPage accepts a next link only on the platform's own host: the
// token must not follow a link elsewhere.
func (a API) nextPage(r request, next string) (string, error) {
	if next == "" {
		return "", nil
	}
	u, err := url.Parse(next)
	base, _ := url.Parse(a.EP.Platform)
	if err != nil {
		return "", &Error{Op: r.op, Kind: KindUnexpected, Method: r.method, URL: r.url, Err: err}
	}
	u = base.ResolveReference(u)
	if u.Scheme != base.Scheme || u.Host != base.Host {
		return "", &Error{Op: r.op, Kind: KindUnexpected, Method: r.method, URL: r.url, Title: "next page on another host: " + oneLine(u.Host, 100)}
	}
	return u.String(), nil
}

// FindSystemUser looks a system user up by system, customer and external
// reference (GET byquery, which takes the request write scope); nil when
// there is none.
func (a API) FindSystemUser(ctx context.Context, systemID, orgNo, externalRef string) (*SystemUserDTO, error) {
	q := url.Values{"system-id": {systemID}, "orgno": {orgNo}}
	if externalRef != "" {
		q.Set("external-ref", externalRef)
	}
	r := request{op: OpFindUser, method: http.MethodGet, url: a.EP.api("systemuser/vendor/byquery?" + q.Encode()),
		repeatable: true, scope: ScopeRequestWrite}
	resp, err := a.call(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.status == http.StatusNotFound {
		return nil, nil
	}
	if resp.status != http.StatusOK {
		return nil, a.C.failure(r, resp)
	}
	var u SystemUserDTO
	if err := a.decode(r, resp, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// parseDotNetTime reads the register's timestamps: RFC 3339 with or
// without a zone, and .NET's default "0001-01-01T00:00:00" as zero.
func parseDotNetTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() <= 1 {
				return time.Time{}
			}
			return t.UTC()
		}
	}
	return time.Time{}
}
