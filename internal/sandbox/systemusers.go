package sandbox

import (
	"net/http"
	"sort"
	"time"
)

// System users: made when a customer approves a request, looked up by
// the vendor (§7).

type systemUser struct {
	ID               string       `json:"id"`
	IntegrationTitle string       `json:"integrationTitle"`
	SystemID         string       `json:"systemId"`
	ReporteeOrgNo    string       `json:"reporteeOrgNo"`
	Created          time.Time    `json:"created"`
	Deleted          bool         `json:"isDeleted"`
	SupplierOrgNo    string       `json:"supplierOrgno"`
	ExternalRef      string       `json:"externalRef"`
	UserType         string       `json:"userType"` // "standard" | "agent"
	Seq              int64        `json:"seq"`
	Rights           []right      `json:"rights"`
	AccessPackages   []packageRef `json:"accessPackages"`
}

// systemUserDTO is SystemUserExternalDTO (§7).
type systemUserDTO struct {
	ID               string     `json:"id"`
	IntegrationTitle string     `json:"integrationTitle"`
	SystemID         string     `json:"systemId"`
	ProductName      string     `json:"productName"`
	ReporteeOrgNo    string     `json:"reporteeOrgNo"`
	Created          dotnetTime `json:"created"`
	IsDeleted        bool       `json:"isDeleted"`
	SupplierName     string     `json:"supplierName"`
	SupplierOrgNo    string     `json:"supplierOrgno"`
	ExternalRef      string     `json:"externalRef"`
	UserType         string     `json:"userType"`
}

// dto is the system user as the vendor sees it. The sandbox knows no
// organisation names: productName and supplierName are empty (the
// service may leave productName empty too, §7).
func (su *systemUser) dto() systemUserDTO {
	return systemUserDTO{
		ID: su.ID, IntegrationTitle: su.IntegrationTitle, SystemID: su.SystemID, ReporteeOrgNo: su.ReporteeOrgNo,
		Created: dotnetTime(su.Created), IsDeleted: su.Deleted, SupplierOrgNo: su.SupplierOrgNo,
		ExternalRef: su.ExternalRef, UserType: su.UserType,
	}
}

// sortedSystemUsers are the system users in the order they were made.
func (s *Sandbox) sortedSystemUsers() []*systemUser {
	out := make([]*systemUser, 0, len(s.st.SystemUsers))
	for _, su := range s.st.SystemUsers {
		out = append(out, su)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// makeSystemUser is what an approval makes (§5.3: Accepted = the
// customer approved; the vendor then finds the system user, §7).
func (s *Sandbox) makeSystemUser(q *request) *systemUser {
	s.st.Seq++
	su := &systemUser{
		ID: newUUID(), SystemID: q.SystemID, ReporteeOrgNo: q.PartyOrgNo, Created: s.now(),
		ExternalRef: q.ExternalRef, UserType: "standard", Seq: s.st.Seq,
		Rights: q.Rights, AccessPackages: q.AccessPackages,
	}
	if q.IntegrationTitle != nil {
		su.IntegrationTitle = *q.IntegrationTitle
	}
	if q.Agent {
		su.UserType = "agent"
	}
	if sys := s.st.Systems[q.SystemID]; sys != nil {
		su.SupplierOrgNo = sys.vendorOrg()
	}
	s.st.SystemUsers[su.ID] = su
	return su
}

const systemUserPath = "/authentication/api/v1/systemuser/vendor"

func (s *Sandbox) systemUserRoutes(m *http.ServeMux) {
	m.HandleFunc("GET "+systemUserPath+"/byquery", s.handleSystemUserByQuery)
	m.HandleFunc("GET "+systemUserPath+"/bysystem/{systemId}", s.handleSystemUsersBySystem)
}

// handleSystemUserByQuery is GET byquery?system-id=&orgno=[&external-ref=]
// with the request write scope (§7): the vendor's own system user, else
// an empty 404.
func (s *Sandbox) handleSystemUserByQuery(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policyRequestWrite)
	if !ok {
		return
	}
	q := r.URL.Query()
	missing := map[string][]string{}
	for _, name := range []string{"system-id", "orgno"} {
		if q.Get(name) == "" {
			missing[name] = []string{"The " + name + " field is required."}
		}
	}
	if len(missing) > 0 {
		writeModelBinding(w, missing)
		return
	}
	if !hasVendor(w, c) {
		return
	}
	ref := q.Get("external-ref")
	if !q.Has("external-ref") {
		ref = q.Get("orgno") // §7: external-ref defaults to orgno
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	su := s.systemUserFor(q.Get("system-id"), q.Get("orgno"), ref)
	if su == nil || su.SupplierOrgNo != c.Org {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, su.dto())
}

// handleSystemUsersBySystem is GET bysystem/{systemId} with the system
// register scope (§7): a page of the system's system users; the
// continuation token is an opaque number.
func (s *Sandbox) handleSystemUsersBySystem(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authorize(w, r, policySystemRegisterWrite)
	if !ok {
		return
	}
	var after int64
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
	if _, ok := s.vendorSystem(systemID, c.Org); !ok {
		probSystemNotFound.write(w)
		return
	}
	var page []systemUserDTO
	var last int64
	more := false
	for _, su := range s.sortedSystemUsers() {
		if su.Deleted || su.SystemID != systemID || su.Seq <= after {
			continue
		}
		if len(page) == s.opts.PageSize {
			more = true
			break
		}
		page = append(page, su.dto())
		last = su.Seq
	}
	s.writeListPage(w, r, nonNil(page), more, last)
}
