package sandbox

import (
	"net/http"
)

// The system-user request API (§5.1).

const requestPath = "/authentication/api/v1/systemuser/request/vendor"

func (s *Sandbox) requestRoutes(m *http.ServeMux) {
	m.HandleFunc("POST "+requestPath, func(w http.ResponseWriter, r *http.Request) { s.handleCreateRequest(w, r, false) })
	m.HandleFunc("POST "+requestPath+"/agent", func(w http.ResponseWriter, r *http.Request) { s.handleCreateRequest(w, r, true) })
	m.HandleFunc("GET "+requestPath+"/{requestId}", func(w http.ResponseWriter, r *http.Request) { s.handleGetRequest(w, r, false) })
	m.HandleFunc("GET "+requestPath+"/agent/{requestId}", func(w http.ResponseWriter, r *http.Request) { s.handleGetRequest(w, r, true) })
	m.HandleFunc("GET "+requestPath+"/byexternalref/{systemId}/{orgNo}/{externalRef}", func(w http.ResponseWriter, r *http.Request) { s.handleRequestByRef(w, r, false) })
	m.HandleFunc("GET "+requestPath+"/agent/byexternalref/{systemId}/{orgNo}/{externalRef}", func(w http.ResponseWriter, r *http.Request) { s.handleRequestByRef(w, r, true) })
	m.HandleFunc("GET "+requestPath+"/bysystem/{systemId}", func(w http.ResponseWriter, r *http.Request) { s.handleRequestsBySystem(w, r, false) })
	m.HandleFunc("GET "+requestPath+"/agent/bysystem/{systemId}", func(w http.ResponseWriter, r *http.Request) { s.handleRequestsBySystem(w, r, true) })
	m.HandleFunc("DELETE "+requestPath+"/{requestId}", s.handleDeleteRequest)
}

// handleCreateRequest is POST /vendor and /vendor/agent, in the
// service's order (§5.1, §5.4, §1 C7): the vendor from the token
// (AUTH-00023); an existing system user for (system, customer, external
// reference) (AUTH-00004); an existing request that has not timed out is
// answered 200 as it is; else the new request is checked and made (201).
func (s *Sandbox) handleCreateRequest(w http.ResponseWriter, r *http.Request, agent bool) {
	c, ok := s.authorize(w, r, policyRequestWrite)
	if !ok {
		return
	}
	body, ok := decodeCreateRequest(w, r, agent)
	if !ok {
		return
	}
	if c.Org == "" {
		probVendorOrgNotFound.write(w)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	systemID, orgNo, ref := str(body.SystemID), str(body.PartyOrgNo), body.externalRef()
	if s.systemUserFor(systemID, orgNo, ref) != nil {
		probSystemUserExists.write(w)
		return
	}
	if q := s.findByExternalRef(systemID, orgNo, ref, agent); q != nil && q.Status != statusTimedout {
		if _, ok := s.vendorSystem(q.SystemID, c.Org); ok {
			writeJSON(w, http.StatusOK, s.response(q, true, true))
			return
		}
	}
	q, prob := s.newRequest(body, c.Org, agent)
	if prob != nil {
		prob.write(w)
		return
	}
	s.st.Requests[q.ID] = q
	if s.changed() != nil {
		writeText(w, http.StatusInternalServerError, errSave.Error())
		return
	}
	w.Header().Set("Location", s.PlatformURL()+"/authentication/api/v1/systemuser/request/"+q.ID)
	writeJSON(w, http.StatusCreated, s.response(q, true, false))
}

// newRequest checks a new request as the service does, in its order
// (§5.4): the system (AUTH-00011); an earlier request for the same ids
// (AUTH-00006..9); the vendor owns the system (AUTH-00011); the customer
// exists (AUTH-00000); the redirect URL (AUTH-00026, -00021); rights and
// access packages (AUTH-00001, -00059, -00058, -00063, -00064, -00065).
func (s *Sandbox) newRequest(body *createRequest, vendorOrg string, agent bool) (*request, *authProblem) {
	systemID, orgNo, ref := str(body.SystemID), str(body.PartyOrgNo), body.externalRef()
	sys := s.st.Systems[systemID]
	if sys == nil {
		return nil, &probSystemNotFound
	}
	if prev := s.findByExternalRef(systemID, orgNo, ref, agent); prev != nil {
		switch prev.Status {
		case statusAccepted:
			return nil, &probExtIDAccepted
		case statusNew:
			return nil, &probExtIDPending
		case statusDenied:
			return nil, &probExtIDDenied
		case statusRejected:
			return nil, &probExtIDRejected
		}
	}
	if sys.vendorOrg() != vendorOrg {
		return nil, &probSystemNotFound
	}
	// The sandbox's register of organisations knows every number with a
	// valid check digit; the real one knows those that exist (§5.2).
	if !isOrgNo(orgNo) {
		return nil, &probReporteeNotFound
	}
	if redirect := str(body.RedirectURL); redirect != "" {
		if p := checkRedirect(redirect, sys.AllowedRedirectURLs); p != nil {
			return nil, p
		}
	}
	if prob := s.checkRequestGrants(body, sys, agent); prob != nil {
		return nil, prob
	}
	q := &request{
		ID: newUUID(), Agent: agent, IntegrationTitle: body.IntegrationTitle, ExternalRef: ref,
		SystemID: systemID, PartyOrgNo: orgNo, Status: statusNew, RedirectURL: str(body.RedirectURL),
		Created: s.now(),
	}
	if q.IntegrationTitle == nil { // §5.2: defaults to the system's name in nb
		if nb, ok := sys.Name["nb"]; ok {
			q.IntegrationTitle = &nb
		}
	}
	if body.Rights != nil && !agent {
		q.Rights = *body.Rights
	}
	if body.AccessPackages != nil {
		q.AccessPackages = *body.AccessPackages
	}
	return q, nil
}

// checkRequestGrants checks what the request asks the customer to give
// (§5.2): a standard request needs a right or a package, each on the
// system; an agent request needs packages.
func (s *Sandbox) checkRequestGrants(body *createRequest, sys *system, agent bool) *authProblem {
	var pkgs []packageRef
	if body.AccessPackages != nil {
		pkgs = *body.AccessPackages
	}
	if agent {
		if len(pkgs) == 0 {
			return &probAgentNoPackages
		}
		return s.checkRequestPackages(pkgs, sys, true)
	}
	if body.Rights == nil && body.AccessPackages == nil {
		return &probRightsNotFound
	}
	var rights []right
	if body.Rights != nil {
		rights = *body.Rights
	}
	if len(rights) == 0 && len(pkgs) == 0 {
		return &probNoRightsOrPackages
	}
	if len(rights) > 0 {
		if p := checkRequestRights(rights, sys); p != nil {
			return p
		}
	}
	if len(pkgs) > 0 {
		return s.checkRequestPackages(pkgs, sys, false)
	}
	return nil
}

// hasVendor: the GETs need a vendor in the token, else a bare 401
// (§5.4 AUTH-00023 note). ASP.NET checks the scope (401/403) first, then
// binds the parameters (400), then the action runs.
func hasVendor(w http.ResponseWriter, c *caller) bool {
	if c.Org == "" {
		w.WriteHeader(http.StatusUnauthorized)
		return false
	}
	return true
}

// handleGetRequest is GET /vendor/{id} and /vendor/agent/{id}: a request
// of the other kind, deleted or unknown is AUTH-00010 (§1 C5); a request
// of another vendor's system AUTH-00011.
func (s *Sandbox) handleGetRequest(w http.ResponseWriter, r *http.Request, agent bool) {
	c, ok := s.authorize(w, r, policyRequestRead)
	if !ok {
		return
	}
	id, ok := parseUUID(r.PathValue("requestId"))
	if !ok {
		badGUID(w, "requestId", r.PathValue("requestId"))
		return
	}
	if !hasVendor(w, c) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	q := s.st.Requests[id]
	if q == nil || q.Deleted || q.Agent != agent {
		probRequestNotFound.write(w)
		return
	}
	s.answerRequest(w, q, c)
}

// answerRequest answers one request, after the owner check.
func (s *Sandbox) answerRequest(w http.ResponseWriter, q *request, c *caller) {
	if _, ok := s.vendorSystem(q.SystemID, c.Org); !ok {
		probSystemNotFound.write(w)
		return
	}
	writeJSON(w, http.StatusOK, s.response(q, true, true))
}

// handleRequestByRef is GET /vendor[/agent]/byexternalref/{systemId}/
// {orgNo}/{externalRef} (§5.1).
func (s *Sandbox) handleRequestByRef(w http.ResponseWriter, r *http.Request, agent bool) {
	c, ok := s.authorize(w, r, policyRequestRead)
	if !ok || !hasVendor(w, c) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	q := s.findByExternalRef(r.PathValue("systemId"), r.PathValue("orgNo"), r.PathValue("externalRef"), agent)
	if q == nil {
		probRequestNotFound.write(w)
		return
	}
	s.answerRequest(w, q, c)
}

// handleRequestsBySystem is GET /vendor[/agent]/bysystem/{systemId}: a
// page of the system's requests in id order, links.next with the
// continuation token when there are more (§5.1, §5.3).
func (s *Sandbox) handleRequestsBySystem(w http.ResponseWriter, r *http.Request, agent bool) {
	c, ok := s.authorize(w, r, policyRequestRead)
	if !ok {
		return
	}
	after := ""
	if tok := r.URL.Query().Get("token"); tok != "" {
		if !unopaque(tok, &after) {
			badGUID(w, "token", tok)
			return
		}
	}
	if !hasVendor(w, c) {
		return
	}
	systemID := r.PathValue("systemId")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	if _, ok := s.vendorSystem(systemID, c.Org); !ok {
		probSystemNotFound.write(w)
		return
	}
	var page []requestResponse
	var more bool
	for _, q := range s.requestsOfSystem(systemID, agent) {
		if q.ID <= after {
			continue
		}
		if len(page) == s.opts.PageSize {
			more = true
			break
		}
		page = append(page, s.response(q, false, true))
	}
	var last any
	if len(page) > 0 {
		last = page[len(page)-1].ID
	}
	s.writeListPage(w, r, nonNil(page), more, last)
}

// handleDeleteRequest is DELETE /vendor/{id}: a soft delete of any live
// request by id, answered 202 with no body (§5.1; the service checks
// neither the kind nor the owner [CODE observation in §5.1]).
func (s *Sandbox) handleDeleteRequest(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.authorize(w, r, policyRequestWrite); !ok {
		return
	}
	id, ok := parseUUID(r.PathValue("requestId"))
	if !ok {
		badGUID(w, "requestId", r.PathValue("requestId"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	q := s.st.Requests[id]
	if q == nil || q.Deleted {
		probRequestNotFound.write(w)
		return
	}
	q.Deleted = true
	if s.changed() != nil {
		writeText(w, http.StatusInternalServerError, errSave.Error())
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
