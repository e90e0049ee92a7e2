package altinn3

import (
	"context"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// vendorAPI is the platform API with a token for the vendor's three
// scopes.
func (o *Onboarding) vendorAPI(ctx context.Context, snap Snapshot) (API, error) {
	ep, err := o.Endpoints(snap)
	if err != nil {
		return API{}, err
	}
	tok, err := o.token(ctx, snap, VendorScopes, nil)
	if err != nil {
		return API{}, err
	}
	return API{C: o.Client, EP: ep, Token: tok, refused: o.forgetTokens}, nil
}

// BuildSystem is the definition the session's answers make.
func (o *Onboarding) BuildSystem(snap Snapshot) SystemRegistration {
	return BuildSystem(snap.VendorOrg, snap.A3.System)
}

// CheckSystem checks the definition locally, in the register's order.
func (o *Onboarding) CheckSystem(ctx context.Context, snap Snapshot) SystemCheck {
	return CheckSystem(ctx, snap.VendorOrg, snap.A3.System, o.Catalogue)
}

// RegisterOutcome is what RegisterSystem did.
type RegisterOutcome struct {
	Created bool // the system was created (POST)
	Updated bool // the definition was replaced (PUT)
	// NeedsConfirmation: the register holds another definition; nothing
	// was sent. Show Changes (and ReplaceWarning), then call again with
	// confirmUpdate.
	NeedsConfirmation bool
	Changes           []Change
	Record            session.RegisteredSystem
}

// Apply records what the register now holds.
func (r RegisterOutcome) Apply(s *session.Session) {
	if r.Record.SystemID == "" {
		return
	}
	rec := r.Record
	rec.Definition = r.Record.Definition.Clone()
	s.Altinn3.Registered = &rec
}

// ErrSystemDeleted: the system is marked deleted in the register; its ID
// can never be used again.
var ErrSystemDeleted = &KeyError{
	nb: "Systemet er merket som slettet i systemregisteret og kan ikke oppdateres; ID-en kan heller ikke brukes på nytt. Velg et annet navn i system-ID-en.",
	en: "The system is marked deleted in the system register and cannot be updated; its ID cannot be used again either. Choose another name in the system ID."}

// RegisterSystem creates the system, or, when the register has it
// already, shows what an update would change and replaces the definition
// only with confirmUpdate (a PUT replaces everything). Nothing is sent
// while the local check finds problems: the error is then the problems
// (forms.Problems).
func (o *Onboarding) RegisterSystem(ctx context.Context, snap Snapshot, confirmUpdate bool) (RegisterOutcome, error) {
	check := o.CheckSystem(ctx, snap)
	if !check.OK() {
		return RegisterOutcome{}, check.Problems
	}
	api, err := o.vendorAPI(ctx, snap)
	if err != nil {
		return RegisterOutcome{}, err
	}
	reg := o.BuildSystem(snap)
	now := o.now().UTC()
	if r := snap.A3.Registered; r == nil || r.Environment != snap.Env || r.SystemID != reg.ID {
		id, err := api.CreateSystem(ctx, reg)
		if err == nil {
			return RegisterOutcome{Created: true, Record: session.RegisteredSystem{Environment: snap.Env, SystemID: reg.ID,
				InternalID: id, RegisteredAt: now, Definition: snap.A3.System.Clone()}}, nil
		}
		// Taken: perhaps by this vendor, in a call whose answer was lost,
		// or in a call that raced this one (409, §4.1).
		if e, ok := AsError(err); !ok || !(e.HasCode("AUTH.VLD-00002") || e.Kind == KindConflict) {
			return RegisterOutcome{}, err
		}
	}
	return o.update(ctx, api, snap, reg, confirmUpdate, now)
}

func (o *Onboarding) update(ctx context.Context, api API, snap Snapshot, reg SystemRegistration, confirm bool, now time.Time) (RegisterOutcome, error) {
	current, err := api.GetSystem(ctx, reg.ID)
	if err != nil {
		return RegisterOutcome{}, err
	}
	if current.IsDeleted {
		return RegisterOutcome{}, ErrSystemDeleted
	}
	rec := session.RegisteredSystem{Environment: snap.Env, SystemID: reg.ID, RegisteredAt: now,
		Definition: current.Definition(snap.VendorOrg), ReadBackAt: now}
	if r := snap.A3.Registered; r != nil && r.Environment == snap.Env && r.SystemID == reg.ID {
		rec.InternalID, rec.RegisteredAt, rec.UpdatedAt = r.InternalID, r.RegisteredAt, r.UpdatedAt
	}
	changes := DiffSystems(rec.Definition, snap.A3.System)
	if len(changes) == 0 {
		return RegisterOutcome{Record: rec}, nil
	}
	if !confirm {
		return RegisterOutcome{NeedsConfirmation: true, Changes: changes, Record: rec}, nil
	}
	if err := api.UpdateSystem(ctx, reg); err != nil {
		return RegisterOutcome{Changes: changes, Record: rec}, err
	}
	rec.Definition, rec.UpdatedAt = snap.A3.System.Clone(), now
	return RegisterOutcome{Updated: true, Changes: changes, Record: rec}, nil
}

// DiffOutcome is the registered definition read back and how the
// session's differs from it.
type DiffOutcome struct {
	Registered session.SystemDefinition
	Deleted    bool
	Changes    []Change
	record     session.RegisteredSystem
}

// Apply records what was read back.
func (d DiffOutcome) Apply(s *session.Session) {
	if d.record.SystemID == "" {
		return
	}
	rec := d.record
	s.Altinn3.Registered = &rec
}

// DiffSystem reads the registered system back and compares it with the
// session's answers.
func (o *Onboarding) DiffSystem(ctx context.Context, snap Snapshot) (DiffOutcome, error) {
	api, err := o.vendorAPI(ctx, snap)
	if err != nil {
		return DiffOutcome{}, err
	}
	id := SystemID(snap.VendorOrg, snap.A3.System.IDName)
	if r := snap.A3.Registered; r != nil && r.Environment == snap.Env {
		id = r.SystemID
	}
	current, err := api.GetSystem(ctx, id)
	if err != nil {
		return DiffOutcome{}, err
	}
	now := o.now().UTC()
	def := current.Definition(snap.VendorOrg)
	rec := session.RegisteredSystem{Environment: snap.Env, SystemID: id, RegisteredAt: now, Definition: def,
		ReadBackAt: now, Deleted: current.IsDeleted}
	if r := snap.A3.Registered; r != nil && r.Environment == snap.Env && r.SystemID == id {
		rec.InternalID, rec.RegisteredAt, rec.UpdatedAt = r.InternalID, r.RegisteredAt, r.UpdatedAt
	}
	return DiffOutcome{Registered: def, Deleted: current.IsDeleted, Changes: DiffSystems(def, snap.A3.System), record: rec}, nil
}
