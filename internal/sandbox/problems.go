package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
)

// The Altinn API's three error shapes (§3.2) and Maskinporten's (§8.4).

// writeJSON writes v as the services do: camelCase names are in the
// types' tags, null properties are left out by omitempty (§3.2).
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(data)
}

// writeText is an ASP.NET string result: text/plain (§3.2 item 3).
func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, text)
}

// traceID is a W3C trace id, as the services put in traceId.
func traceID() string { return "00-" + randomHex(16) + "-" + randomHex(8) + "-00" }

// ext is a problem's extension data: extra properties after the fixed
// ones, in the order given.
type ext [][2]string

// withExt appends ext's properties to the JSON object data.
func withExt(data []byte, e ext) []byte {
	if len(e) == 0 {
		return data
	}
	var b bytes.Buffer
	b.Write(data[:len(data)-1])
	for _, kv := range e {
		k, _ := json.Marshal(kv[0])
		v, _ := json.Marshal(kv[1])
		b.WriteByte(',')
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// authProblem is an AUTH-xxxxx problem of the request, change-request
// and system-user APIs (§3.2 item 2, codes and titles §5.4).
type authProblem struct {
	Status int
	Code   string // "AUTH-00011"
	Title  string
	Ext    ext
}

// The problems the vendor endpoints give (§5.4; status and title
// exactly as the service's Problem.cs has them).
var (
	probReporteeNotFound     = authProblem{400, "AUTH-00000", "Can't resolve the Organisation Number from the logged in Reportee PartyId.", nil}
	probRightsNotFound       = authProblem{400, "AUTH-00001", "One or more Right not found or not delegable.", nil}
	probSystemUserExists     = authProblem{400, "AUTH-00004", "Failed to create new SystemUser, existing SystemUser tied to the given System-Id.", nil}
	probExtIDAccepted        = authProblem{400, "AUTH-00006", "The combination of External Ids refer to an already Accepted SystemUser.", nil}
	probExtIDPending         = authProblem{400, "AUTH-00007", "The combination of External Ids refer to a Pending Request, please reuse or delete.", nil}
	probExtIDDenied          = authProblem{400, "AUTH-00008", "The combination of External Ids refer to a Denied Request, please delete and renew the Request.", nil}
	probExtIDRejected        = authProblem{400, "AUTH-00009", "The combination of External Ids refer to a Rejected Request, please delete and renew the Request.", nil}
	probRequestNotFound      = authProblem{404, "AUTH-00010", "The Id does not refer to a Request in our system.", nil}
	probSystemNotFound       = authProblem{404, "AUTH-00011", "The Id does not refer to a Registered System.", nil}
	probSystemUserNotFound   = authProblem{404, "AUTH-00015", "The SystemUser was not found.", nil}
	probRedirectNotFound     = authProblem{400, "AUTH-00021", "The RedirectUri was not found or not valid.", nil}
	probVendorOrgNotFound    = authProblem{401, "AUTH-00023", "Can't resolve the Organisation Number for the Vendor from the Token.", nil}
	probNoRedirectURIs       = authProblem{400, "AUTH-00026", "No redirect uris are set for the system", nil}
	probAgentNoPackages      = authProblem{400, "AUTH-00058", "No AccessPackages found, an Agent SystemUser must have at least one", nil}
	probNoRightsOrPackages   = authProblem{400, "AUTH-00059", "No AccessPackages or Single Rights found, a SystemUser must have at least one", nil}
	probChangeStatusNotNew   = authProblem{409, "AUTH-00061", "The Status of the Request is not New. Please generate a new CorrellationId for a new Change Request", nil}
	probPackageNotOnSystem   = authProblem{400, "AUTH-00063", "One or more accesspackage is not found in the referenced system in the System Register.", nil}
	probPackageNotAssignable = authProblem{400, "AUTH-00064", "One or more access packages cannot be delegated. Either they are intended for clients or they cannot be delegated further.", nil}
	probPackageNotForAgent   = authProblem{400, "AUTH-00065", "One or more access packages cannot be delegated because they are not intended for client relationships", nil}
)

func (p authProblem) with(e ext) authProblem { p.Ext = e; return p }

func (p authProblem) write(w http.ResponseWriter) {
	data, _ := json.Marshal(struct {
		Type              string `json:"type"`
		Title             string `json:"title"`
		Status            int    `json:"status"`
		Code              string `json:"code"`
		TraceID           string `json:"traceId"`
		StatusDescription string `json:"statusDescription"`
	}{"urn:altinn:error:" + p.Code, p.Title, p.Status, p.Code, traceID(), http.StatusText(p.Status)})
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(p.Status)
	w.Write(withExt(data, p.Ext))
}

// vldError is one AUTH.VLD-xxxxx entry of the system register's
// validation problem (§3.2 item 1; codes, titles and paths §4.3).
type vldError struct {
	Code  string
	Title string
	Path  string
	Ext   ext
}

// The system register's validation errors (§4.3, titles exactly as
// ValidationErrors.cs has them).
var (
	vldOrgIdentifier     = vldError{"AUTH.VLD-00000", "the org number identifier is not valid ISO6523 identifier", "/registersystemrequest/vendor/id", nil}
	vldSystemIDFormat    = vldError{"AUTH.VLD-00001", "The system id does not match the format orgnumber_xxxx...", "/registersystemrequest/systemid", nil}
	vldSystemIDExists    = vldError{"AUTH.VLD-00002", "The system id already exists", "/registersystemrequest/systemid", nil}
	vldResourceNotFound  = vldError{"AUTH.VLD-00003", "One or more resources specified in rights were not found in Altinn's resource register.", "/registersystemrequest/rights/resource", nil}
	vldClientIDExists    = vldError{"AUTH.VLD-00004", "One of the client id is already tagged with an existing system", "/registersystemrequest/clientid", nil}
	vldRedirectFormat    = vldError{"AUTH.VLD-00005", "One or more of the redirect urls format is not valid. The valid format is https://xxx.xx", "/registersystemrequest/allowedredirecturls", nil}
	vldDuplicateRights   = vldError{"AUTH.VLD-00006", "One or more duplicate rights found", "/registersystemrequest/rights/resource", nil}
	vldDuplicatePackages = vldError{"AUTH.VLD-00007", "One or more duplicate access package(s) found", "/registersystemrequest/accesspackages", nil}
	vldPackageNotValid   = vldError{"AUTH.VLD-00008", "One or all the accesspackage(s) is not found in altinn's access packages or is not delegable", "/registersystemrequest/accesspackages", nil}
	vldResourceIDFormat  = vldError{"AUTH.VLD-00009", "One or more resource id is in wrong format. The valid format is urn:altinn:resource", "/registersystemrequest/rights/resource", nil}
	vldDuplicateClientID = vldError{"AUTH.VLD-00011", "Request contains duplicate client ids", "/registersystemrequest/clientid", nil}
	vldSystemIDMismatch  = vldError{"AUTH.VLD-00012", "The system ID in the request body does not match the system ID in the URL", "/registersystemrequest/systemid", nil}
	vldSystemIDSpaces    = vldError{"AUTH.VLD-00013", "System ID cannot have spaces in id (leading, trailing or in between the id)", "/registersystemrequest/systemid", nil}
	vldResourceNotDeleg  = vldError{"AUTH.VLD-00017", "One or more resources specified in rights is of resource type which is not delegable.", "/registersystemrequest/rights/resource", nil}
	vldVisibleClientOnly = vldError{"AUTH.VLD-00018", "Access packages meant for system user for client relations can't be used in combination with the flag isVisible: true", "/registersystemrequest/accesspackages", nil}
)

func (v vldError) with(e ext) vldError { v.Ext = e; return v }

// writeValidation writes the register's validation problem (§3.2 item 1).
func writeValidation(w http.ResponseWriter, errs []vldError) {
	items := make([]json.RawMessage, len(errs))
	for i, e := range errs {
		data, _ := json.Marshal(struct {
			Code  string   `json:"code"`
			Title string   `json:"title"`
			Paths []string `json:"paths"`
		}{e.Code, e.Title, []string{e.Path}})
		items[i] = withExt(data, e.Ext)
	}
	data, _ := json.Marshal(struct {
		Type              string            `json:"type"`
		Title             string            `json:"title"`
		Status            int               `json:"status"`
		Code              string            `json:"code"`
		TraceID           string            `json:"traceId"`
		StatusDescription string            `json:"statusDescription"`
		ValidationErrors  []json.RawMessage `json:"validationErrors"`
	}{"urn:altinn:error:STD-00000", "One or more validation errors occurred.", 400, "STD-00000", traceID(), "Bad Request", items})
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	w.Write(data)
}

// writeModelBinding is ASP.NET's own ValidationProblemDetails, for bodies
// and parameters that do not bind: malformed JSON, missing required
// properties, a path or query value that is not a GUID (§3.2 item 3).
// The texts are ASP.NET's usual ones [INFERRED: framework default, not
// copied from a response of these services].
func writeModelBinding(w http.ResponseWriter, errs map[string][]string) {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kk, _ := json.Marshal(k)
		vv, _ := json.Marshal(errs[k])
		b.Write(kk)
		b.WriteByte(':')
		b.Write(vv)
	}
	b.WriteByte('}')
	data, _ := json.Marshal(struct {
		Type    string          `json:"type"`
		Title   string          `json:"title"`
		Status  int             `json:"status"`
		Errors  json.RawMessage `json:"errors"`
		TraceID string          `json:"traceId"`
	}{"https://tools.ietf.org/html/rfc9110#section-15.5.1", "One or more validation errors occurred.", 400, b.Bytes(), traceID()})
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	w.Write(data)
}

// badJSON answers a body that is not the JSON the endpoint binds.
func badJSON(w http.ResponseWriter, param string, err error) {
	writeModelBinding(w, map[string][]string{
		"$":   {"The JSON value could not be converted: " + err.Error()},
		param: {"The " + param + " field is required."},
	})
}

// badGUID answers a path or query value that is not a GUID.
func badGUID(w http.ResponseWriter, param, value string) {
	writeModelBinding(w, map[string][]string{param: {fmt.Sprintf("The value '%s' is not valid.", value)}})
}

// mpError is a Maskinporten error (§8.4): HTTP 400 with an OAuth2 error
// code and a description, the description exactly as §8.4 gives it
// (Maskinporten often adds a unique id; the sandbox does not, so a test
// can compare the text whole).
type mpError struct {
	Code        string
	Description string
}

func (e *mpError) Error() string { return e.Code + ": " + e.Description }

func (e *mpError) write(w http.ResponseWriter) {
	writeJSON(w, http.StatusBadRequest, struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}{e.Code, e.Description})
}
