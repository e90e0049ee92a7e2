package altinn3

import (
	"context"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// ErrNotRequested: the customer has no request in this environment.
var ErrNotRequested = &KeyError{
	nb: "Kunden har ingen forespørsel om systembruker i dette miljøet ennå.",
	en: "The customer has no system-user request in this environment yet."}

// RefreshStatus reads the status of the customer's request once. A
// request the register no longer knows becomes "gone" (UncertainExpiry);
// an accepted one gets its system user's ID. A request that was sent but
// whose answer never came is sent again (the register answers it with the
// existing request).
func (o *Onboarding) RefreshStatus(ctx context.Context, snap Snapshot, orgNumber string) (RequestOutcome, error) {
	c := snap.A3.Customer(orgNumber)
	if c == nil {
		return RequestOutcome{}, errUnknownCustomer(orgNumber)
	}
	if c.Request == nil || c.Request.Environment != snap.Env {
		return RequestOutcome{}, ErrNotRequested
	}
	if c.Request.ID == "" {
		return o.RequestSystemUser(ctx, snap, orgNumber, false)
	}
	out := RequestOutcome{Customer: c.OrgNumber, Request: *c.Request}
	prev := out.Request.Status
	api, err := o.vendorAPI(ctx, snap)
	if err != nil {
		out.Request.LastError = remoteOf(err)
		return out, err
	}
	resp, err := api.GetRequest(ctx, c.Request.Agent, c.Request.ID)
	switch e, _ := AsError(err); {
	case err == nil:
		o.recordResponse(&out.Request, resp)
	case e != nil && e.Kind == KindNotFound:
		if prev != session.RequestGone {
			out.Request.ChangedAt = o.now().UTC()
		}
		out.Request.Status, out.Request.CheckedAt, out.Request.LastError = session.RequestGone, o.now().UTC(), nil
	default:
		out.Request.LastError = remoteOf(err)
		return out, err
	}
	out.Changed = out.Request.Status != prev
	if out.Request.Status == session.RequestAccepted && c.SystemUserID == "" {
		ref := c.Request.ExternalRef
		if u, err := api.FindSystemUser(ctx, c.Request.SystemID, c.OrgNumber, ref); err == nil && u != nil {
			out.SystemUserID = u.ID
		}
	}
	return out, nil
}

// Sleeper waits d or until ctx is done. The program passes SleepContext;
// tests pass a fake that advances their clock.
type Sleeper func(ctx context.Context, d time.Duration) error

// WaitForDecisions polls the customers' requests until each is decided or
// until passes, backing off between rounds (Poll). progress, if set,
// hears each change as it comes. It returns the last outcome of each
// customer, in the order given; a failure other than the network's or a
// server error (5xx) ends the wait.
func (o *Onboarding) WaitForDecisions(ctx context.Context, snap Snapshot, orgNumbers []string, until time.Time,
	sleep Sleeper, progress func(RequestOutcome)) ([]RequestOutcome, error) {
	if sleep == nil {
		sleep = SleepContext
	}
	a := snap.A3.Clone()
	snap.A3 = a
	last := make([]RequestOutcome, len(orgNumbers))
	for attempt := 0; ; attempt++ {
		pending := 0
		for i, org := range orgNumbers {
			if c := snap.A3.Customer(org); attempt > 0 && c != nil && c.Request != nil && Decided(c.Request.Status) {
				continue
			}
			out, err := o.RefreshStatus(ctx, snap, org)
			if err != nil && !passing(err) {
				return last, err
			}
			out.apply(&snap.A3)
			last[i] = out
			if out.Changed && progress != nil {
				progress(out)
			}
			if !Decided(out.Request.Status) {
				pending++
			}
		}
		now := o.now()
		if pending == 0 || !now.Before(until) {
			return last, nil
		}
		wait := min(o.poll().Delay(attempt), until.Sub(now))
		if err := sleep(ctx, wait); err != nil {
			return last, err
		}
	}
}

// passing failures do not end a wait: no answer, or a server error.
func passing(err error) bool {
	e, ok := AsError(err)
	return ok && (e.Kind == KindNetwork || e.Kind == KindServer)
}

func (o *Onboarding) poll() Backoff {
	if o.Poll.Initial <= 0 {
		return DefaultPoll
	}
	return o.Poll
}

// UsersOutcome is the system's system users.
type UsersOutcome struct {
	List session.SystemUserList
}

// Apply records the list, and each customer's system user ID.
func (u UsersOutcome) Apply(s *session.Session) {
	l := u.List
	l.Users = append([]session.SystemUser(nil), u.List.Users...)
	s.Altinn3.SystemUsers = &l
	for i := range s.Altinn3.Customers {
		c := &s.Altinn3.Customers[i]
		for _, su := range l.Users {
			ref := c.ExternalRef
			if ref == "" {
				ref = c.OrgNumber
			}
			if su.OrgNumber == c.OrgNumber && (su.ExternalRef == "" || su.ExternalRef == ref) {
				c.SystemUserID = su.ID
			}
		}
	}
}

// ListSystemUsers lists the registered system's system users.
func (o *Onboarding) ListSystemUsers(ctx context.Context, snap Snapshot) (UsersOutcome, error) {
	reg := snap.A3.Registered
	if reg == nil || reg.Environment != snap.Env {
		return UsersOutcome{}, ErrNotRegistered
	}
	api, err := o.vendorAPI(ctx, snap)
	if err != nil {
		return UsersOutcome{}, err
	}
	users, err := api.ListSystemUsers(ctx, reg.SystemID)
	if err != nil {
		return UsersOutcome{}, err
	}
	out := UsersOutcome{List: session.SystemUserList{Environment: snap.Env, FetchedAt: o.now().UTC(), Users: []session.SystemUser{}}}
	for _, u := range users {
		if u.IsDeleted {
			continue
		}
		out.List.Users = append(out.List.Users, session.SystemUser{ID: u.ID, OrgNumber: u.ReporteeOrgNo,
			ExternalRef: u.ExternalRef, Type: u.UserType, Created: parseDotNetTime(u.Created)})
	}
	return out, nil
}
