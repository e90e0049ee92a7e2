package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// The system register's model (§4.2) and its validation (§4.3).

// right is a Right: an optional action and the resource it is for.
type right struct {
	Action   *string         `json:"action,omitempty"`
	Resource []attributePair `json:"resource"`
}

type attributePair struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

type packageRef struct {
	URN string `json:"urn"`
}

// system is a registered system as the sandbox keeps it.
type system struct {
	InternalID          string            `json:"internalId"`
	ID                  string            `json:"id"`
	VendorID            string            `json:"vendorId"` // "0192:<orgnr>"
	Name                map[string]string `json:"name"`
	Description         map[string]string `json:"description"`
	Rights              []right           `json:"rights"`
	AccessPackages      []packageRef      `json:"accessPackages"`
	ClientID            []string          `json:"clientId"`
	IsVisible           bool              `json:"isVisible"`
	AllowedRedirectURLs []string          `json:"allowedRedirectUrls"`
	Deleted             bool              `json:"isDeleted"`
	Changelog           []changeLogEntry  `json:"changelog"`
}

// vendorOrg is the system's owner, the org number of its vendor.
func (sys *system) vendorOrg() string { return orgOf(sys.VendorID) }

// changeLogEntry is a SystemChangeLog (§4.2).
type changeLogEntry struct {
	SystemInternalID   string          `json:"systemInternalId"`
	ChangedByOrgNumber string          `json:"changedByOrgNumber"`
	ChangeType         string          `json:"changeType"`
	ChangedData        json.RawMessage `json:"changedData"`
	ClientID           string          `json:"clientId"`
	Created            time.Time       `json:"created"`
}

// registerRequest is a RegisterSystemRequest as posted (§4.2). Names
// are matched in any case, as the service does (§3.2); pointers tell an
// absent required property from an empty one.
type registerRequest struct {
	ID                  *string           `json:"id"`
	Vendor              *vendorInfo       `json:"vendor"`
	Name                map[string]string `json:"name"`
	Description         map[string]string `json:"description"`
	Rights              []right           `json:"rights"`
	AccessPackages      []packageRef      `json:"accessPackages"`
	ClientID            []string          `json:"clientId"`
	IsVisible           *bool             `json:"isVisible"`
	AllowedRedirectURLs []string          `json:"allowedRedirectUrls"`
}

// vendorInfo is {"authority", "ID"}; authority is not read (§4.2).
type vendorInfo struct {
	ID *string `json:"ID"`
}

// systemResponse is a RegisteredSystemResponse (§4.2, D-GET's order).
type systemResponse struct {
	ID                  string            `json:"id"`
	Vendor              vendorOut         `json:"vendor"`
	Name                map[string]string `json:"name"`
	Description         map[string]string `json:"description"`
	Rights              []right           `json:"rights"`
	AccessPackages      []packageRef      `json:"accessPackages"`
	IsDeleted           bool              `json:"isDeleted"`
	ClientID            []string          `json:"clientId"`
	IsVisible           bool              `json:"isVisible"`
	AllowedRedirectURLs []string          `json:"allowedRedirectUrls"`
}

type vendorOut struct {
	ID string `json:"ID"`
}

// systemDTO is a RegisteredSystemDTO, the list's items (§4.2).
type systemDTO struct {
	SystemID              string            `json:"systemId"`
	SystemVendorOrgNumber string            `json:"systemVendorOrgNumber"`
	SystemVendorOrgName   string            `json:"systemVendorOrgName"`
	Name                  map[string]string `json:"name"`
	Description           map[string]string `json:"description"`
	Rights                []right           `json:"rights"`
	AccessPackages        []packageRef      `json:"accessPackages"`
	IsVisible             bool              `json:"isVisible"`
}

func (sys *system) response() systemResponse {
	return systemResponse{
		ID: sys.ID, Vendor: vendorOut{sys.VendorID}, Name: sys.Name, Description: sys.Description,
		Rights: nonNil(sys.Rights), AccessPackages: nonNil(sys.AccessPackages), IsDeleted: sys.Deleted,
		ClientID: nonNil(sys.ClientID), IsVisible: sys.IsVisible, AllowedRedirectURLs: nonNil(sys.AllowedRedirectURLs),
	}
}

func (sys *system) dto() systemDTO {
	return systemDTO{
		SystemID: sys.ID, SystemVendorOrgNumber: sys.vendorOrg(), Name: sys.Name, Description: sys.Description,
		Rights: nonNil(sys.Rights), AccessPackages: nonNil(sys.AccessPackages), IsVisible: sys.IsVisible,
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// decodeRegisterRequest binds the body as ASP.NET does: a body that is
// not the JSON object, or lacks a required property (id, vendor, name,
// description: C# "required"), is a model-binding 400 (§3.2 item 3).
// Leading and trailing spaces of the id and the vendor are trimmed
// (§1 C3, TrimStringsActionFilter).
func decodeRegisterRequest(w http.ResponseWriter, r *http.Request, param string) (*registerRequest, bool) {
	var req registerRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		badJSON(w, param, err)
		return nil, false
	}
	var missing []string
	if req.ID == nil {
		missing = append(missing, "id")
	}
	if req.Vendor == nil {
		missing = append(missing, "vendor")
	}
	if req.Name == nil {
		missing = append(missing, "name")
	}
	if req.Description == nil {
		missing = append(missing, "description")
	}
	if len(missing) > 0 {
		writeModelBinding(w, map[string][]string{"$": {
			"JSON deserialization for type 'RegisterSystemRequest' was missing required properties including: " + quoteList(missing) + ".",
		}})
		return nil, false
	}
	*req.ID = strings.TrimSpace(*req.ID)
	if req.Vendor.ID != nil {
		*req.Vendor.ID = strings.TrimSpace(*req.Vendor.ID)
	}
	return &req, true
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	return strings.Join(q, ", ")
}

func (req *registerRequest) vendorID() string {
	if req.Vendor == nil || req.Vendor.ID == nil {
		return ""
	}
	return *req.Vendor.ID
}

// visible is isVisible, true when left out (§4.2).
func (req *registerRequest) visible() bool { return req.IsVisible == nil || *req.IsVisible }

// validOrgIdentifier: the vendor's ID is ISO 6523 with prefix 0192; the
// digits are not checked (§4.3 AUTH.VLD-00000, §1 C2).
func validOrgIdentifier(id string) bool { return strings.Split(id, ":")[0] == "0192" }

// orgOf is the org number of "0192:<orgnr>", or "".
func orgOf(id string) string {
	parts := strings.Split(id, ":")
	if len(parts) < 2 || parts[0] != "0192" {
		return ""
	}
	return parts[1]
}

// validateNewSystem is the POST's checks of the id, the redirect URLs
// and the client ids, in the service's order (§4.3).
func (s *Sandbox) validateNewSystem(req *registerRequest) []vldError {
	var errs []vldError
	id := *req.ID
	if strings.Contains(id, " ") {
		errs = append(errs, vldSystemIDSpaces)
	}
	if org := orgOf(req.vendorID()); org == "" || strings.Split(id, "_")[0] != org { // §1 C3
		errs = append(errs, vldSystemIDFormat)
	}
	if s.st.Systems[id] != nil { // deleted systems keep their id (§4.1)
		errs = append(errs, vldSystemIDExists)
	}
	for _, u := range req.AllowedRedirectURLs {
		if p, err := url.Parse(u); err != nil || !p.IsAbs() || p.Scheme != "https" || p.Host == "" {
			errs = append(errs, vldRedirectFormat)
			break
		}
	}
	for _, c := range req.ClientID {
		if s.clientIDOwner(c) != nil {
			errs = append(errs, vldClientIDExists)
			break
		}
	}
	return errs
}

// clientIDOwner is the active system that lists client id c (one client
// id, one active system: §4.2).
func (s *Sandbox) clientIDOwner(c string) *system {
	for _, sys := range s.st.Systems {
		if sys.Deleted {
			continue
		}
		for _, have := range sys.ClientID {
			if strings.EqualFold(have, c) {
				return sys
			}
		}
	}
	return nil
}

// validateClientIDsForUpdate is the PUT's client-id check (§4.3):
// duplicates in the body, and each id an active other system lists.
func (s *Sandbox) validateClientIDsForUpdate(current *system, ids []string) []vldError {
	var errs []vldError
	seen := map[string]bool{}
	for _, c := range ids {
		if seen[strings.ToLower(c)] {
			errs = append(errs, vldDuplicateClientID)
			break
		}
		seen[strings.ToLower(c)] = true
	}
	for _, c := range ids {
		if owner := s.clientIDOwner(c); owner != nil && owner != current {
			errs = append(errs, vldClientIDExists)
		}
	}
	return errs
}

// validateRights checks each right's resources against the resource
// registry (§4.3: -00009 format, -00003 not found, -00017 not delegable,
// -00006 duplicates), with the lists of offending ids as extensions.
func (s *Sandbox) validateRights(rights []right) []vldError {
	var badFormat, notFound, notDelegable []string
	for _, r := range rights {
		for _, p := range r.Resource {
			res, ok := s.st.Resources[p.Value]
			switch {
			case p.ID != "urn:altinn:resource":
				badFormat = append(badFormat, p.Value)
			case !ok:
				notFound = append(notFound, p.Value)
			case !resourceTypeDelegable(res.Type):
				notDelegable = append(notDelegable, p.Value)
			}
		}
	}
	var errs []vldError
	if len(badFormat) > 0 {
		errs = append(errs, vldResourceIDFormat.with(ext{{"Invalid Resource Id Details : ", strings.Join(badFormat, " | ")}}))
	}
	if len(notFound) > 0 {
		errs = append(errs, vldResourceNotFound.with(ext{{"ResourceIds Not Found : ", strings.Join(notFound, " | ")}}))
	}
	if len(notDelegable) > 0 {
		errs = append(errs, vldResourceNotDeleg.with(ext{{"ResourceIds Not Delegable : ", strings.Join(notDelegable, " | ")}}))
	}
	seen := map[string]bool{}
	for _, r := range rights {
		key := rightKey(r)
		if seen[key] {
			errs = append(errs, vldDuplicateRights)
			break
		}
		seen[key] = true
	}
	return errs
}

// rightKey is what makes two rights the same (§4.3 -00006): the action
// and the whole resource list.
func rightKey(r right) string {
	action := ""
	if r.Action != nil {
		action = *r.Action
	}
	parts := make([]string, len(r.Resource))
	for i, p := range r.Resource {
		parts[i] = p.ID + ":" + p.Value
	}
	return action + ":" + strings.Join(parts, ",")
}

// validatePackages checks access packages against the catalogue (§4.3:
// -00008 format/not found/neither delegable nor assignable, -00007
// duplicates, -00018 a client-only package on a visible system).
func (s *Sandbox) validatePackages(pkgs []packageRef, visible bool) []vldError {
	var badFormat, notFound, notDelegable []string
	nonAssignable := false
	for _, p := range pkgs {
		pkg, ok := s.st.Packages[p.URN]
		switch {
		case p.URN == "" || len(strings.Split(p.URN, ":")) < 4:
			badFormat = append(badFormat, p.URN)
		case !ok:
			notFound = append(notFound, p.URN)
		default:
			if !pkg.Delegable && !pkg.Assignable {
				notDelegable = append(notDelegable, p.URN)
			}
			nonAssignable = nonAssignable || !pkg.Assignable
		}
	}
	var errs []vldError
	if len(badFormat)+len(notFound)+len(notDelegable) > 0 {
		var details []string
		for _, d := range []struct {
			label string
			urns  []string
		}{{"Invalid format", badFormat}, {"Not found", notFound}, {"Not possible to delegate", notDelegable}} {
			if len(d.urns) > 0 {
				details = append(details, d.label+": "+strings.Join(d.urns, ", "))
			}
		}
		errs = append(errs, vldPackageNotValid.with(ext{{"Invalid Urn Details : ", strings.Join(details, " | ")}}))
	}
	seen := map[string]bool{}
	for _, p := range pkgs {
		if seen[p.URN] {
			errs = append(errs, vldDuplicatePackages)
			break
		}
		seen[p.URN] = true
	}
	if visible && nonAssignable {
		errs = append(errs, vldVisibleClientOnly)
	}
	return errs
}

// sortedSystems are the systems in id order, for stable lists.
func (s *Sandbox) sortedSystems() []*system {
	out := make([]*system, 0, len(s.st.Systems))
	for _, sys := range s.st.Systems {
		out = append(out, sys)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// logChange records a change in the system's changelog (§4.2).
func (s *Sandbox) logChange(sys *system, c *caller, changeType string, data any) {
	raw, err := json.Marshal(data)
	if err != nil {
		raw = []byte("null")
	}
	sys.Changelog = append(sys.Changelog, changeLogEntry{
		SystemInternalID: sys.InternalID, ChangedByOrgNumber: c.Org, ChangeType: changeType,
		ChangedData: raw, ClientID: c.ClientID, Created: s.now(),
	})
}

// isOrgNo is a Norwegian organisation number: nine digits, the last a
// MOD11 check digit with weights 3 2 7 6 5 4 3 2.
func isOrgNo(s string) bool {
	if len(s) != 9 {
		return false
	}
	weights := []int{3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i, c := range s {
		if c < '0' || c > '9' {
			return false
		}
		if i < 8 {
			sum += int(c-'0') * weights[i]
		}
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(s[8]-'0')
}
