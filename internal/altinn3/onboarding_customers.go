package altinn3

import (
	"context"
	"fmt"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// PathCustomers is the key path of the customer list.
const PathCustomers = "altinn3.customers"

func errUnknownCustomer(org string) error {
	return &KeyError{
		nb: fmt.Sprintf("Kunden %s finnes ikke i økten; legg den til først.", oneLine(org, 20)),
		en: fmt.Sprintf("The customer %s is not in the session; add it first.", oneLine(org, 20))}
}

// CustomerEdit adds a customer, or replaces the one with the same org
// number.
type CustomerEdit struct{ Customer session.Customer }

// Apply adds or replaces the customer (keeping its request).
func (c CustomerEdit) Apply(s *session.Session) {
	if old := s.Altinn3.Customer(c.Customer.OrgNumber); old != nil {
		req, user, tok, added := old.Request, old.SystemUserID, old.LastToken, old.AddedAt
		*old = c.Customer
		old.Request, old.SystemUserID, old.LastToken, old.AddedAt = req, user, tok, added
		return
	}
	s.Altinn3.Customers = append(s.Altinn3.Customers, c.Customer)
}

// CheckCustomer checks and normalises a customer: the org number by MOD11
// (the "0192:" prefix and spaces are accepted), the e-mail address, and
// an external reference without spaces at its ends. i is the customer's
// place in the list, for the key paths.
func CheckCustomer(c session.Customer, i int) (session.Customer, forms.Problems) {
	var probs forms.Problems
	path := fmt.Sprintf("%s[%d]", PathCustomers, i)
	org, err := forms.OrgNumber(c.OrgNumber)
	if err != nil {
		probs = append(probs, &forms.FieldError{Path: path + ".org_number", Err: err, Missing: strings.TrimSpace(c.OrgNumber) == ""})
	}
	c.OrgNumber = org
	if strings.TrimSpace(c.Email) != "" {
		email, err := forms.Email(c.Email)
		if err != nil {
			probs = append(probs, &forms.FieldError{Path: path + ".email", Err: err})
		}
		c.Email = email
	}
	c.Name = strings.TrimSpace(c.Name)
	c.ExternalRef = strings.TrimSpace(c.ExternalRef)
	if strings.ContainsAny(c.ExternalRef, "/?#") {
		probs = append(probs, &forms.FieldError{Path: path + ".external_ref", Err: &forms.ValidationError{
			NB: "Den eksterne referansen kan ikke ha /, ? eller # (den blir en del av en adresse hos Altinn)",
			EN: "The external reference cannot contain /, ? or # (it becomes part of an address at Altinn)"}})
	}
	return c, probs
}

// AddCustomer checks a customer for the session's list.
func (o *Onboarding) AddCustomer(snap Snapshot, c session.Customer) (CustomerEdit, error) {
	i := len(snap.A3.Customers)
	if n, err := forms.OrgNumber(c.OrgNumber); err == nil {
		for j, old := range snap.A3.Customers {
			if old.OrgNumber == n {
				i = j
			}
		}
	}
	c, probs := CheckCustomer(c, i)
	if len(probs) > 0 {
		return CustomerEdit{}, probs
	}
	c.AddedAt = o.now().UTC()
	return CustomerEdit{Customer: c}, nil
}

// RequestOutcome is a customer's request as it now stands.
type RequestOutcome struct {
	Customer string
	Request  session.SystemUserRequest
	// SystemUserID is set once the system user is known.
	SystemUserID string
	// Changed: the status differs from what the session had.
	Changed bool
}

// Apply records the request in the customer.
func (r RequestOutcome) Apply(s *session.Session) { r.apply(&s.Altinn3) }

func (r RequestOutcome) apply(a *session.Altinn3) {
	c := a.Customer(r.Customer)
	if c == nil || r.Request.SentAt.IsZero() {
		return
	}
	req := r.Request
	req.Rights = append([]string(nil), r.Request.Rights...)
	req.AccessPackages = append([]string(nil), r.Request.AccessPackages...)
	c.Request = &req
	if r.SystemUserID != "" {
		c.SystemUserID = r.SystemUserID
	}
}

// ErrNotRegistered: requests need the system in the register first.
var ErrNotRegistered = &KeyError{
	nb: "Systemet er ikke registrert i systemregisteret i dette miljøet ennå; registrer det først.",
	en: "The system is not registered in the system register in this environment yet; register it first."}

// newRequest is what will be sent for a customer: a standard request asks
// for the registered system's rights (its access packages only when it
// has no rights, since client packages are refused on standard requests);
// an agent request asks for its access packages.
func newRequest(snap Snapshot, c *session.Customer) (session.SystemUserRequest, error) {
	reg := snap.A3.Registered
	if reg == nil || reg.Environment != snap.Env {
		return session.SystemUserRequest{}, ErrNotRegistered
	}
	def := reg.Definition
	r := session.SystemUserRequest{Environment: snap.Env, Agent: c.Agent, SystemID: reg.SystemID, ExternalRef: c.ExternalRef}
	if c.Agent || len(def.Rights) == 0 {
		r.AccessPackages = append([]string(nil), def.AccessPackages...)
	}
	if !c.Agent {
		r.Rights = append([]string(nil), def.Rights...)
	}
	if len(def.RedirectURLs) > 0 {
		r.RedirectURL = def.RedirectURLs[0]
	}
	return r, nil
}

func requestBody(org string, r session.SystemUserRequest) RequestBody {
	b := RequestBody{SystemID: r.SystemID, PartyOrgNo: org, ExternalRef: r.ExternalRef, RedirectURL: r.RedirectURL}
	for _, x := range r.Rights {
		b.Rights = append(b.Rights, Right{Resource: []AttributePair{{ID: ResourceType, Value: x}}})
	}
	for _, p := range r.AccessPackages {
		b.AccessPackages = append(b.AccessPackages, AccessPackage{URN: p})
	}
	return b
}

// RequestSystemUser sends the customer's system-user request, or, when one
// was sent in this environment, reads its status. With renew, a request
// that was rejected, denied or has expired is deleted and sent anew.
func (o *Onboarding) RequestSystemUser(ctx context.Context, snap Snapshot, orgNumber string, renew bool) (RequestOutcome, error) {
	c := snap.A3.Customer(orgNumber)
	if c == nil {
		return RequestOutcome{}, errUnknownCustomer(orgNumber)
	}
	old := c.Request
	if old != nil && old.Environment == snap.Env && old.ID != "" {
		final := old.Status == session.RequestRejected || old.Status == session.RequestDenied ||
			old.Status == session.RequestTimedout || old.Status == session.RequestGone
		if !renew || !final {
			return o.RefreshStatus(ctx, snap, orgNumber)
		}
	}
	r, err := newRequest(snap, c)
	if err != nil {
		return RequestOutcome{}, err
	}
	r.SentAt = o.now().UTC()
	out := RequestOutcome{Customer: c.OrgNumber, Request: r, Changed: true}
	api, err := o.vendorAPI(ctx, snap)
	if err != nil {
		out.Request.LastError = remoteOf(err)
		return out, err
	}
	if old != nil && old.Environment == snap.Env && old.ID != "" {
		if err := api.DeleteRequest(ctx, old.ID); err != nil {
			if e, ok := AsError(err); !ok || e.Kind != KindNotFound {
				out.Request.LastError = remoteOf(err)
				return out, err
			}
		}
	}
	resp, status, err := api.CreateRequest(ctx, c.Agent, requestBody(c.OrgNumber, r))
	if e, ok := AsError(err); ok && e.HasCode("AUTH-00004") {
		// The customer has a system user for the system already: the
		// session lost the request (a crash, another copy); find it.
		if found, ok := o.acceptedRequest(ctx, api, c.OrgNumber, out); ok {
			return found, nil
		}
	}
	if err != nil {
		out.Request.LastError = remoteOf(err)
		return out, err
	}
	out.Request.HTTPStatus = status
	o.recordResponse(&out.Request, resp)
	return out, nil
}

func remoteOf(err error) *session.RemoteError {
	if e, ok := AsError(err); ok {
		return e.Remote()
	}
	return &session.RemoteError{Title: oneLine(err.Error(), 300)}
}

// recordResponse copies what came back into the record.
func (o *Onboarding) recordResponse(r *session.SystemUserRequest, resp *RequestResponse) {
	now := o.now().UTC()
	if resp.Status != r.Status {
		r.ChangedAt = now
	}
	r.ID, r.Status, r.ConfirmURL = resp.ID, resp.Status, resp.ConfirmURL
	if t := parseDotNetTime(resp.Created); !t.IsZero() {
		r.Created = t // a zero time is "0001-01-01" (UncertainCreated)
	}
	if resp.TimedOut && r.Status == session.RequestNew {
		r.Status = session.RequestTimedout
	}
	r.Escalated = resp.Escalated
	r.CheckedAt = now
	r.LastError = nil
}

// acceptedRequest reads back the request that made the customer's system
// user (by system, customer and external reference, §5.1) and the system
// user itself (§7); false when the register does not give them.
func (o *Onboarding) acceptedRequest(ctx context.Context, api API, org string, out RequestOutcome) (RequestOutcome, bool) {
	r := out.Request
	ref := r.ExternalRef
	if ref == "" {
		ref = org // the register's default (§5.2)
	}
	resp, err := api.GetRequestByExternalRef(ctx, r.Agent, r.SystemID, org, ref)
	if err != nil {
		return out, false
	}
	o.recordResponse(&out.Request, resp)
	if u, err := api.FindSystemUser(ctx, r.SystemID, org, r.ExternalRef); err == nil && u != nil {
		out.SystemUserID = u.ID
	}
	return out, true
}
