package sandbox

import (
	"encoding/json"
	"net/http"
	"sort"
	"time"
)

// The change-request API: add or remove rights and access packages of
// an existing standard system user (§6).

const changeRequestPath = "/authentication/api/v1/systemuser/changerequest/vendor"

// changeRequest is a change request as kept; its id is the vendor's
// correlation id (§6).
type changeRequest struct {
	ID                     string       `json:"id"`
	SystemUserID           string       `json:"systemUserId"`
	ExternalRef            string       `json:"externalRef"`
	SystemID               string       `json:"systemId"`
	PartyOrgNo             string       `json:"partyOrgNo"`
	RequiredRights         []right      `json:"requiredRights"`
	UnwantedRights         []right      `json:"unwantedRights"`
	RequiredAccessPackages []packageRef `json:"requiredAccessPackages"`
	UnwantedAccessPackages []packageRef `json:"unwantedAccessPackages"`
	Status                 string       `json:"status"`
	RedirectURL            string       `json:"redirectUrl,omitempty"`
	Created                time.Time    `json:"created"`
	Deleted                bool         `json:"deleted"`
}

// changeRequestBody is ChangeRequestSystemUser (§6).
type changeRequestBody struct {
	RequiredRights         []right      `json:"requiredRights"`
	UnwantedRights         []right      `json:"unwantedRights"`
	RequiredAccessPackages []packageRef `json:"requiredAccessPackages"`
	UnwantedAccessPackages []packageRef `json:"unwantedAccessPackages"`
	RedirectURL            *string      `json:"redirectUrl"`
}

// changeResponse is ChangeRequestResponse (§6).
type changeResponse struct {
	ID                     string       `json:"id"`
	ExternalRef            string       `json:"externalRef"`
	SystemID               string       `json:"systemId"`
	SystemUserID           string       `json:"systemUserId"`
	PartyOrgNo             string       `json:"partyOrgNo"`
	RequiredRights         []right      `json:"requiredRights"`
	UnwantedRights         []right      `json:"unwantedRights"`
	RequiredAccessPackages []packageRef `json:"requiredAccessPackages"`
	UnwantedAccessPackages []packageRef `json:"unwantedAccessPackages"`
	Status                 string       `json:"status"`
	RedirectURL            *string      `json:"redirectUrl,omitempty"`
	ConfirmURL             *string      `json:"confirmUrl,omitempty"`
	Created                dotnetTime   `json:"created"`
	TimedOut               bool         `json:"timedOut"`
}

func (s *Sandbox) changeResponse(c *changeRequest, confirm, created bool) changeResponse {
	out := changeResponse{
		ID: c.ID, ExternalRef: c.ExternalRef, SystemID: c.SystemID, SystemUserID: c.SystemUserID, PartyOrgNo: c.PartyOrgNo,
		RequiredRights: nonNil(c.RequiredRights), UnwantedRights: nonNil(c.UnwantedRights),
		RequiredAccessPackages: nonNil(c.RequiredAccessPackages), UnwantedAccessPackages: nonNil(c.UnwantedAccessPackages),
		Status: c.Status, TimedOut: c.Status == statusTimedout,
	}
	if c.RedirectURL != "" {
		out.RedirectURL = &c.RedirectURL
	}
	if confirm {
		u := s.ApprovalURL() + "/accessmanagement/ui/systemuser/changerequest?id=" + c.ID + "&DONTCHOOSEREPORTEE=true"
		out.ConfirmURL = &u
	}
	if created {
		out.Created = dotnetTime(c.Created)
	}
	return out
}

func (s *Sandbox) changeRequestRoutes(m *http.ServeMux) {
	m.HandleFunc("POST "+changeRequestPath, s.handleCreateChange)
	m.HandleFunc("GET "+changeRequestPath+"/{requestId}", s.handleGetChange)
	m.HandleFunc("GET "+changeRequestPath+"/byexternalref/{systemId}/{orgNo}/{externalRef}", s.handleChangeByRef)
	m.HandleFunc("GET "+changeRequestPath+"/bysystem/{systemId}", s.handleChangesBySystem)
	m.HandleFunc("DELETE "+changeRequestPath+"/{requestId}", s.handleDeleteChange)
}

// handleCreateChange is POST /vendor?correlation-id=&system-user-id=, in
// the service's order (§6).
func (s *Sandbox) handleCreateChange(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policyRequestWrite)
	if !ok {
		return
	}
	q := r.URL.Query()
	corr, suID, ok := changeQuery(w, q.Get("correlation-id"), q.Get("system-user-id"))
	if !ok {
		return
	}
	var body changeRequestBody
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		badJSON(w, "createRequest", err)
		return
	}
	if corr == "" {
		writeText(w, http.StatusBadRequest, "Missing or invalid QueryParameter: correlation-id. Generate a unique UUID (RFC 4122) for this Change Request, and add as a Query Parameter.")
		return
	}
	if !hasVendor(w, c) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	su := s.st.SystemUsers[suID]
	switch {
	case su == nil || su.Deleted:
		probSystemUserNotFound.write(w)
		return
	case corr == su.ID:
		writeText(w, http.StatusBadRequest, "The correlation-id should not be the same as the system-user-id. Generate a unique id.")
		return
	case su.SupplierOrgNo != c.Org:
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	s.createChange(w, c, su, corr, &body)
}

// changeQuery binds the two query GUIDs: a value that is not a GUID is a
// model-binding 400; a missing one is the empty GUID, "".
func changeQuery(w http.ResponseWriter, corrRaw, suRaw string) (corr, su string, ok bool) {
	if corrRaw != "" {
		if corr, ok = parseUUID(corrRaw); !ok {
			badGUID(w, "correlation-id", corrRaw)
			return "", "", false
		}
		if corr == "00000000-0000-0000-0000-000000000000" {
			corr = ""
		}
	}
	if suRaw != "" {
		if su, ok = parseUUID(suRaw); !ok {
			badGUID(w, "system-user-id", suRaw)
			return "", "", false
		}
	}
	return corr, su, true
}

// createChange is the rest of POST (§6): nothing asked is 200
// NoChangeNeeded; an existing change request with the correlation id is
// answered as it is; else the new one is checked and made (201).
func (s *Sandbox) createChange(w http.ResponseWriter, c *caller, su *systemUser, corr string, body *changeRequestBody) {
	cr := &changeRequest{
		ID: corr, SystemUserID: su.ID, ExternalRef: su.ExternalRef, SystemID: su.SystemID, PartyOrgNo: su.ReporteeOrgNo,
		RequiredRights: body.RequiredRights, UnwantedRights: body.UnwantedRights,
		RequiredAccessPackages: body.RequiredAccessPackages, UnwantedAccessPackages: body.UnwantedAccessPackages,
		Status: statusNew, RedirectURL: str(body.RedirectURL), Created: s.now(),
	}
	if len(cr.RequiredRights)+len(cr.UnwantedRights)+len(cr.RequiredAccessPackages)+len(cr.UnwantedAccessPackages) == 0 {
		out := s.changeResponse(&changeRequest{ID: corr, SystemUserID: su.ID, ExternalRef: su.ExternalRef,
			SystemID: su.SystemID, PartyOrgNo: su.ReporteeOrgNo, Status: "NoChangeNeeded", RedirectURL: cr.RedirectURL}, false, false)
		empty := ""
		out.ConfirmURL = &empty
		writeJSON(w, http.StatusOK, out)
		return
	}
	if prev := s.st.ChangeRequests[corr]; prev != nil && !prev.Deleted {
		// A correlation id names one change: while it is New the POST
		// answers it as it is; once decided (or timed out) the id is
		// spent, 409 AUTH-00061 "generate a new CorrellationId" (§6).
		switch _, ours := s.vendorSystem(prev.SystemID, c.Org); {
		case prev.Status != statusNew:
			probChangeStatusNotNew.write(w)
		case ours:
			writeJSON(w, http.StatusOK, s.changeResponse(prev, true, true))
		default:
			probExtIDPending.write(w)
		}
		return
	}
	if prob := s.checkChange(cr, su, c.Org); prob != nil {
		prob.write(w)
		return
	}
	s.st.ChangeRequests[cr.ID] = cr
	if s.changed() != nil {
		writeText(w, http.StatusInternalServerError, errSave.Error())
		return
	}
	w.Header().Set("Location", s.PlatformURL()+"/authentication/api/v1/systemuser/changerequest/"+cr.ID)
	writeJSON(w, http.StatusCreated, s.changeResponse(cr, true, false))
}

// checkChange checks a new change request (§6, in the service's order):
// an agent system user cannot be changed (AUTH-00015); the system and
// its owner (AUTH-00011); the redirect URL; the rights and packages to
// add must be on the system (AUTH-00001, -00063, -00064).
func (s *Sandbox) checkChange(cr *changeRequest, su *systemUser, vendorOrg string) *authProblem {
	if su.UserType == "agent" {
		return &probSystemUserNotFound
	}
	sys, ok := s.vendorSystem(cr.SystemID, vendorOrg)
	if !ok {
		return &probSystemNotFound
	}
	if cr.RedirectURL != "" {
		if p := checkRedirect(cr.RedirectURL, sys.AllowedRedirectURLs); p != nil {
			return p
		}
	}
	if len(cr.RequiredRights) > 0 {
		if p := checkRequestRights(cr.RequiredRights, sys); p != nil {
			return p
		}
	}
	if len(cr.RequiredAccessPackages) > 0 {
		return s.checkRequestPackages(cr.RequiredAccessPackages, sys, false)
	}
	return nil
}

// handleGetChange is GET /vendor/{requestId} (§6).
func (s *Sandbox) handleGetChange(w http.ResponseWriter, r *http.Request) {
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
	s.answerChangeRequest(w, s.st.ChangeRequests[id], c)
}

func (s *Sandbox) answerChangeRequest(w http.ResponseWriter, cr *changeRequest, c *caller) {
	if cr == nil || cr.Deleted {
		probRequestNotFound.write(w)
		return
	}
	if _, ok := s.vendorSystem(cr.SystemID, c.Org); !ok {
		probSystemNotFound.write(w)
		return
	}
	writeJSON(w, http.StatusOK, s.changeResponse(cr, true, true))
}

// handleChangeByRef is GET /vendor/byexternalref/{systemId}/{orgNo}/
// {externalRef} (§6): the newest live change request of that system
// user.
func (s *Sandbox) handleChangeByRef(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policyRequestRead)
	if !ok || !hasVendor(w, c) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	var found *changeRequest
	for _, cr := range s.st.ChangeRequests {
		if !cr.Deleted && cr.SystemID == r.PathValue("systemId") && cr.PartyOrgNo == r.PathValue("orgNo") &&
			cr.ExternalRef == r.PathValue("externalRef") && (found == nil || cr.Created.After(found.Created)) {
			found = cr
		}
	}
	s.answerChangeRequest(w, found, c)
}

// handleChangesBySystem is GET /vendor/bysystem/{systemId} (§6),
// paginated as the request lists are (§5.3).
func (s *Sandbox) handleChangesBySystem(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policyRequestRead)
	if !ok {
		return
	}
	after := ""
	if tok := r.URL.Query().Get("token"); tok != "" && !unopaque(tok, &after) {
		badGUID(w, "token", tok)
		return
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
	var all []*changeRequest
	for _, cr := range s.st.ChangeRequests {
		if !cr.Deleted && cr.SystemID == systemID && cr.ID > after {
			all = append(all, cr)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	var page []changeResponse
	for i, cr := range all {
		if i == s.opts.PageSize {
			break
		}
		page = append(page, s.changeResponse(cr, false, true))
	}
	var last any
	if len(page) > 0 {
		last = page[len(page)-1].ID
	}
	s.writeListPage(w, r, nonNil(page), len(all) > s.opts.PageSize, last)
}

// handleDeleteChange is DELETE /vendor/{requestId}: 202 (§6).
func (s *Sandbox) handleDeleteChange(w http.ResponseWriter, r *http.Request) {
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
	cr := s.st.ChangeRequests[id]
	if cr == nil || cr.Deleted {
		probRequestNotFound.write(w)
		return
	}
	cr.Deleted = true
	if s.changed() != nil {
		writeText(w, http.StatusInternalServerError, errSave.Error())
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// decideChange applies a decision to a change request; an approval
// changes the system user's rights and packages. The caller holds s.mu.
func (s *Sandbox) decideChange(id, action string) (string, error) {
	cr := s.st.ChangeRequests[id]
	if cr == nil || cr.Deleted {
		return "", errNotFound
	}
	if action == actRemove {
		cr.Deleted = true
		return "", nil
	}
	if cr.Status != statusNew {
		return "", errNotNew
	}
	switch action {
	case actApprove:
		if su := s.st.SystemUsers[cr.SystemUserID]; su != nil {
			su.Rights = applyRights(su.Rights, cr.RequiredRights, cr.UnwantedRights)
			su.AccessPackages = applyPackages(su.AccessPackages, cr.RequiredAccessPackages, cr.UnwantedAccessPackages)
		}
		cr.Status = statusAccepted
		return cr.RedirectURL, nil
	case actReject:
		cr.Status = statusRejected
		return cr.RedirectURL, nil
	case actDeny:
		cr.Status = statusDenied
	case actExpire:
		cr.Status = statusTimedout
	default:
		return "", errAction
	}
	return "", nil
}

// applyRights adds the required rights not there and drops the
// unwanted ones; changes are idempotent (§6).
func applyRights(have, add, drop []right) []right {
	var out []right
	for _, r := range have {
		if !containsRight(drop, r) {
			out = append(out, r)
		}
	}
	for _, r := range add {
		if !containsRight(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func containsRight(list []right, r right) bool {
	for _, x := range list {
		if rightKey(x) == rightKey(r) {
			return true
		}
	}
	return false
}

func applyPackages(have, add, drop []packageRef) []packageRef {
	var out []packageRef
	for _, p := range have {
		if !containsPackage(drop, p.URN) {
			out = append(out, p)
		}
	}
	for _, p := range add {
		if !containsPackage(out, p.URN) {
			out = append(out, p)
		}
	}
	return out
}
