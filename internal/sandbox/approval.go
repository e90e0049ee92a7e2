package sandbox

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// The customer's side: the page at the confirm URL (§5.5) and the
// decisions it posts. The real page needs an ID-porten login; the
// sandbox's customer is whoever opens the page.

// The decisions. Approve, reject and escalate are the customer's
// (§5.5); deny, expire and remove are the sandbox's own, so every status
// can be rehearsed: Denied ("not in use" in Altinn, §5.3), Timedout
// (§13.1) and gone (the request deleted, reads answer 404).
const (
	actApprove  = "approve"
	actReject   = "reject"
	actEscalate = "escalate"
	actDeny     = "deny"
	actExpire   = "expire"
	actRemove   = "remove"
)

// The kinds of request a page shows, named as the confirm URLs name
// them (§1 C6).
const (
	kindRequest       = "request"
	kindAgentRequest  = "agentrequest"
	kindChangeRequest = "changerequest"
)

// errNotFound and errNotNew are why a decision was refused.
var (
	errNotFound = errors.New("no such request")
	// The portal refuses to decide a request that is no longer New
	// (Problem.cs AUTH-00013 "The Status of the Request is not New.").
	errNotNew = errors.New("the request is not New")
	errAction = errors.New("unknown action")
)

// Decide makes a decision on a request as the customer (approve, reject,
// escalate) or as the sandbox (deny, expire, remove). kind is "request",
// "agentrequest" or "changerequest". It returns where the customer's
// browser goes next: the request's redirect URL after an approval or a
// rejection, when it has one (§5.5), else "".
func (s *Sandbox) Decide(kind, id, action string) (redirect string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	if kind == kindChangeRequest {
		redirect, err = s.decideChange(id, action)
	} else {
		redirect, err = s.decideRequest(kind == kindAgentRequest, id, action)
	}
	if err != nil {
		return "", err
	}
	if s.changed() != nil {
		return "", errSave
	}
	return redirect, nil
}

// decideRequest applies a decision to a standard or agent request. The
// caller holds s.mu.
func (s *Sandbox) decideRequest(agent bool, id, action string) (string, error) {
	q := s.st.Requests[id]
	if q == nil || q.Deleted || q.Agent != agent {
		return "", errNotFound
	}
	if action == actRemove {
		q.Deleted = true
		return "", nil
	}
	if q.Status != statusNew {
		return "", errNotNew
	}
	switch action {
	case actApprove:
		q.Status = statusAccepted
		q.SystemUserID = s.makeSystemUser(q).ID
		return q.RedirectURL, nil
	case actReject:
		q.Status = statusRejected
		return q.RedirectURL, nil
	case actEscalate:
		q.Escalated = true
	case actDeny:
		q.Status = statusDenied
	case actExpire:
		s.expire(q)
	default:
		return "", errAction
	}
	return "", nil
}

func (s *Sandbox) approvalRoutes(m *http.ServeMux) {
	for _, kind := range []string{kindRequest, kindAgentRequest, kindChangeRequest} {
		m.HandleFunc("GET /accessmanagement/ui/systemuser/"+kind, func(w http.ResponseWriter, r *http.Request) {
			s.handleApprovalPage(w, r, kind)
		})
	}
	m.HandleFunc("POST /accessmanagement/ui/systemuser/decision", s.handleDecision)
}

// handleDecision takes the approval page's form: kind, id, action and
// the page's key (which a form on another site cannot know).
func (s *Sandbox) handleDecision(w http.ResponseWriter, r *http.Request) {
	if r.ParseForm() != nil || r.PostForm.Get("key") != s.formKey {
		s.writePage(w, http.StatusForbidden, s.t("Skjemaet er utløpt", "The form has expired"),
			s.t("Last siden på nytt og prøv igjen.", "Reload the page and try again."), "")
		return
	}
	kind, id, action := r.PostForm.Get("kind"), r.PostForm.Get("id"), r.PostForm.Get("action")
	redirect, err := s.Decide(kind, id, action)
	back := s.pageURL(kind, id)
	switch {
	case errors.Is(err, errNotFound):
		s.writePage(w, http.StatusNotFound, s.t("Fant ikke forespørselen", "Request not found"),
			s.t("Forespørselen finnes ikke, eller er fjernet.", "The request does not exist, or has been removed."), "")
	case errors.Is(err, errNotNew):
		s.writePage(w, http.StatusConflict, s.t("Forespørselen er allerede besvart", "The request has already been answered"),
			s.t("Bare en ny forespørsel kan besvares.", "Only a new request can be answered."), back)
	case err != nil:
		s.writePage(w, http.StatusBadRequest, s.t("Ukjent handling", "Unknown action"), err.Error(), back)
	case redirect != "":
		http.Redirect(w, r, redirect, http.StatusSeeOther)
	default:
		http.Redirect(w, r, back, http.StatusSeeOther)
	}
}

// pageURL is the page of a request, relative to the sandbox.
func (s *Sandbox) pageURL(kind, id string) string {
	switch kind {
	case kindRequest, kindAgentRequest, kindChangeRequest:
	default:
		kind = kindRequest
	}
	return "/accessmanagement/ui/systemuser/" + kind + "?id=" + url.QueryEscape(id) + "&DONTCHOOSEREPORTEE=true"
}

// handleApprovalPage shows a request to the customer.
func (s *Sandbox) handleApprovalPage(w http.ResponseWriter, r *http.Request, kind string) {
	id, _ := parseUUID(r.URL.Query().Get("id"))
	s.mu.Lock()
	s.sweep()
	view, ok := s.approvalView(kind, id)
	s.mu.Unlock()
	if !ok {
		s.writePage(w, http.StatusNotFound, s.t("Fant ikke forespørselen", "Request not found"),
			s.t("Forespørselen finnes ikke, eller er fjernet.", "The request does not exist, or has been removed."), "")
		return
	}
	s.renderApproval(w, view)
}

// approvalView is what the page shows. The caller holds s.mu.
func (s *Sandbox) approvalView(kind, id string) (*approvalView, bool) {
	v := &approvalView{Kind: kind, ID: id, Key: s.formKey, Lang: s.opts.Lang}
	var systemID string
	switch kind {
	case kindChangeRequest:
		c := s.st.ChangeRequests[id]
		if c == nil || c.Deleted {
			return nil, false
		}
		systemID, v.Customer, v.Status = c.SystemID, c.PartyOrgNo, c.Status
		v.Rights, v.Packages = rightNames(c.RequiredRights), packageNames(c.RequiredAccessPackages)
		v.Unwanted = append(rightNames(c.UnwantedRights), packageNames(c.UnwantedAccessPackages)...)
		v.ExternalRef = c.ExternalRef
	default:
		q := s.st.Requests[id]
		if q == nil || q.Deleted || q.Agent != (kind == kindAgentRequest) {
			return nil, false
		}
		systemID, v.Customer, v.Status, v.Escalated = q.SystemID, q.PartyOrgNo, q.Status, q.Escalated
		v.Rights, v.Packages, v.ExternalRef = rightNames(q.Rights), packageNames(q.AccessPackages), q.ExternalRef
		if q.IntegrationTitle != nil {
			v.Title = *q.IntegrationTitle
		}
	}
	v.SystemID = systemID
	if sys := s.st.Systems[systemID]; sys != nil {
		v.Vendor = sys.vendorOrg()
		v.SystemName = sys.Name[s.opts.Lang]
		if v.SystemName == "" {
			v.SystemName = sys.Name["nb"]
		}
	}
	if v.SystemName == "" {
		v.SystemName = systemID
	}
	v.New = v.Status == statusNew
	return v, true
}

func rightNames(rights []right) []string {
	var out []string
	for _, r := range rights {
		var vals []string
		for _, p := range r.Resource {
			vals = append(vals, p.Value)
		}
		out = append(out, strings.Join(vals, " + "))
	}
	return out
}

func packageNames(pkgs []packageRef) []string {
	var out []string
	for _, p := range pkgs {
		out = append(out, p.URN)
	}
	return out
}
