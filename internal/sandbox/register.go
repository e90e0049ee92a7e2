package sandbox

import (
	"encoding/json"
	"net/http"
)

// The system register's vendor API (§4.1).

const registerPath = "/authentication/api/v1/systemregister/vendor"

func (s *Sandbox) registerRoutes(m *http.ServeMux) {
	m.HandleFunc("POST "+registerPath, s.handleCreateSystem)
	m.HandleFunc("GET "+registerPath, s.handleListSystems)
	m.HandleFunc("GET "+registerPath+"/{systemId}", s.handleGetSystem)
	m.HandleFunc("PUT "+registerPath+"/{systemId}", s.handleUpdateSystem)
	m.HandleFunc("PUT "+registerPath+"/{systemId}/rights", s.handleUpdateRights)
	m.HandleFunc("PUT "+registerPath+"/{systemId}/accesspackages", s.handleUpdatePackages)
	m.HandleFunc("DELETE "+registerPath+"/{systemId}", s.handleDeleteSystem)
	m.HandleFunc("GET "+registerPath+"/{systemId}/changelog", s.handleChangelog)
}

// succeeded is the PUT and DELETE answer (§4.1).
var succeeded = map[string]bool{"succeeded": true}

// handleCreateSystem is POST /vendor, its checks in the service's order
// (§4.3): the vendor's identifier alone first; then the id, redirect,
// client-id, rights and access-package errors together; the owner check
// (403) before those errors are returned; the insert.
func (s *Sandbox) handleCreateSystem(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policySystemRegisterWrite)
	if !ok {
		return
	}
	req, ok := decodeRegisterRequest(w, r, "registerNewSystem")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !validOrgIdentifier(req.vendorID()) {
		writeValidation(w, []vldError{vldOrgIdentifier})
		return
	}
	errs := s.validateNewSystem(req)
	errs = append(errs, s.validateRights(req.Rights)...)
	errs = append(errs, s.validatePackages(req.AccessPackages, req.visible())...)
	if !c.mayWrite(orgOf(req.vendorID())) { // §3.1, §4.3 step 3
		w.WriteHeader(http.StatusForbidden)
		return
	}
	if len(errs) > 0 {
		writeValidation(w, errs)
		return
	}
	sys := &system{InternalID: newUUID(), ID: *req.ID}
	req.applyTo(sys)
	s.st.Systems[sys.ID] = sys
	s.logChange(sys, c, "create", req)
	if s.changed() != nil {
		writeText(w, http.StatusInternalServerError, errSave.Error())
		return
	}
	writeJSON(w, http.StatusOK, sys.InternalID) // §4.1: 200, a JSON string
}

// applyTo replaces sys's definition with req's (a PUT replaces the
// whole definition, §4.1).
func (req *registerRequest) applyTo(sys *system) {
	sys.VendorID = req.vendorID()
	sys.Name, sys.Description = req.Name, req.Description
	sys.Rights = nonNil(req.Rights)
	sys.AccessPackages = nonNil(req.AccessPackages)
	sys.ClientID = nonNil(req.ClientID)
	sys.IsVisible = req.visible()
	sys.AllowedRedirectURLs = nonNil(req.AllowedRedirectURLs)
}

// handleListSystems is GET /vendor: the token org's systems that are not
// deleted, as DTOs (§4.1); 403 without a consumer.
func (s *Sandbox) handleListSystems(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policySystemRegisterWrite)
	if !ok {
		return
	}
	if c.Org == "" {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list := []systemDTO{}
	for _, sys := range s.sortedSystems() {
		if !sys.Deleted && sys.vendorOrg() == c.Org {
			list = append(list, sys.dto())
		}
	}
	writeJSON(w, http.StatusOK, list)
}

// handleGetSystem is GET /vendor/{id}: deleted systems too, with
// isDeleted (§4.1); 404 empty; 403 for another vendor's.
func (s *Sandbox) handleGetSystem(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policySystemRegisterWrite)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sys := s.st.Systems[r.PathValue("systemId")]
	switch {
	case sys == nil:
		w.WriteHeader(http.StatusNotFound)
	case !c.mayWrite(sys.vendorOrg()):
		w.WriteHeader(http.StatusForbidden)
	default:
		writeJSON(w, http.StatusOK, sys.response())
	}
}

// handleUpdateSystem is PUT /vendor/{id}, in the service's order (§4.1):
// unknown id 404 text; not the owner 403; another vendor in the body 404
// text; body id not the URL's AUTH.VLD-00012; deleted 400 text; rights,
// access packages and client ids (§4.3); replace.
func (s *Sandbox) handleUpdateSystem(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policySystemRegisterWrite)
	if !ok {
		return
	}
	req, ok := decodeRegisterRequest(w, r, "proposedUpdateToSystem")
	if !ok {
		return
	}
	id := r.PathValue("systemId")
	s.mu.Lock()
	defer s.mu.Unlock()
	sys := s.st.Systems[id]
	notFound := "System with ID '" + id + "' not found."
	switch {
	case sys == nil:
		writeText(w, http.StatusNotFound, notFound)
		return
	case !c.mayWrite(sys.vendorOrg()):
		w.WriteHeader(http.StatusForbidden)
		return
	case req.vendorID() != sys.VendorID:
		writeText(w, http.StatusNotFound, notFound)
		return
	case *req.ID != id:
		writeValidation(w, []vldError{vldSystemIDMismatch})
		return
	case sys.Deleted:
		writeText(w, http.StatusBadRequest, "Cannot update a system marked as deleted.")
		return
	}
	errs := s.validateRights(req.Rights)
	errs = append(errs, s.validatePackages(req.AccessPackages, req.visible())...)
	errs = append(errs, s.validateClientIDsForUpdate(sys, req.ClientID)...)
	if len(errs) > 0 {
		writeValidation(w, errs)
		return
	}
	req.applyTo(sys)
	s.logChange(sys, c, "update", req)
	s.answerChange(w, succeeded)
}

// answerChange saves the state and answers 200 with v.
func (s *Sandbox) answerChange(w http.ResponseWriter, v any) {
	if s.changed() != nil {
		writeText(w, http.StatusInternalServerError, errSave.Error())
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// systemForPartUpdate is the start of the two partial PUTs (§4.1): an
// unknown id is a 500, as the service dereferences the missing system
// [CODE observation in §4.1]; not the owner 403; deleted 400 text.
func (s *Sandbox) systemForPartUpdate(w http.ResponseWriter, c *caller, id string) *system {
	sys := s.st.Systems[id]
	switch {
	case sys == nil:
		writeText(w, http.StatusInternalServerError, "Object reference not set to an instance of an object.")
		return nil
	case !c.mayWrite(sys.vendorOrg()):
		w.WriteHeader(http.StatusForbidden)
		return nil
	case sys.Deleted:
		writeText(w, http.StatusBadRequest, "Cannot update a system marked as deleted.")
		return nil
	}
	return sys
}

// handleUpdateRights is PUT /vendor/{id}/rights: the body is Right[]
// (§4.1), checked as the register checks rights (§4.3).
func (s *Sandbox) handleUpdateRights(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policySystemRegisterWrite)
	if !ok {
		return
	}
	var rights []right
	if err := json.NewDecoder(r.Body).Decode(&rights); err != nil {
		badJSON(w, "rights", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sys := s.systemForPartUpdate(w, c, r.PathValue("systemId"))
	if sys == nil {
		return
	}
	if errs := s.validateRights(rights); len(errs) > 0 {
		writeValidation(w, errs)
		return
	}
	sys.Rights = nonNil(rights)
	s.logChange(sys, c, "rightsupdate", rights)
	s.answerChange(w, succeeded)
}

// handleUpdatePackages is PUT /vendor/{id}/accesspackages: the body is
// AccessPackage[] (§4.1), checked against the system's isVisible (§4.3).
func (s *Sandbox) handleUpdatePackages(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policySystemRegisterWrite)
	if !ok {
		return
	}
	var pkgs []packageRef
	if err := json.NewDecoder(r.Body).Decode(&pkgs); err != nil {
		badJSON(w, "accessPackages", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sys := s.systemForPartUpdate(w, c, r.PathValue("systemId"))
	if sys == nil {
		return
	}
	if errs := s.validatePackages(pkgs, sys.IsVisible); len(errs) > 0 {
		writeValidation(w, errs)
		return
	}
	sys.AccessPackages = nonNil(pkgs)
	s.logChange(sys, c, "accesspackageupdate", pkgs)
	s.answerChange(w, succeeded)
}

// handleDeleteSystem is DELETE /vendor/{id} (§4.1): a soft delete that
// frees the client ids; the id stays taken. An unknown id is ASP.NET's
// validation problem; a system without client ids is deleted, yet the
// answer is an empty 400 [CODE observation in §4.1].
func (s *Sandbox) handleDeleteSystem(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policySystemRegisterWrite)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sys := s.st.Systems[r.PathValue("systemId")]
	if sys == nil {
		writeModelBinding(w, map[string][]string{"return": {"System not found"}})
		return
	}
	if !c.mayWrite(sys.vendorOrg()) {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	hadClients := len(sys.ClientID) > 0
	sys.Deleted = true
	s.logChange(sys, c, "delete", nil)
	if s.changed() != nil {
		writeText(w, http.StatusInternalServerError, errSave.Error())
		return
	}
	if !hadClients {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	writeJSON(w, http.StatusOK, succeeded)
}

// handleChangelog is GET /vendor/{id}/changelog (§4.1).
func (s *Sandbox) handleChangelog(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policySystemRegisterWrite)
	if !ok {
		return
	}
	id := r.PathValue("systemId")
	s.mu.Lock()
	defer s.mu.Unlock()
	sys := s.st.Systems[id]
	switch {
	case sys == nil:
		writeText(w, http.StatusNotFound, "System with ID "+id+" not found.")
	case !c.mayWrite(sys.vendorOrg()):
		w.WriteHeader(http.StatusForbidden)
	default:
		writeJSON(w, http.StatusOK, nonNil(sys.Changelog))
	}
}
