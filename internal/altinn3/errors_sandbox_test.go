package altinn3

import (
	"crypto/rand"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// Each way Maskinporten refuses a grant (§8.4), made by the sandbox's real
// checks (§12), becomes a case with advice that says what to fix.

func TestSandboxGrantUnknownClient(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	must(step(f, s, func(snap Snapshot) (KeyOutcome, error) { return f.o.GenerateKey(snap) }))(t)
	must(step(f, s, func(snap Snapshot) (ClientEdit, error) {
		return f.o.SetClient(snap, "0b9f4a5e-8a3c-4d7f-9c55-4f7e1e2b3a10") // never registered
	}))(t)
	_, err := f.testClient(s)
	e := asError(t, err)
	if e.Kind != KindMaskinporten || e.Code != "invalid_grant" || e.MP != MPClientAuth || e.Status != 400 {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "invalid_grant", "check the client ID")
	if strings.Contains(e.Text("en"), "..") {
		t.Errorf("doubled full stop: %s", e.Text("en"))
	}
	if lt := s.Altinn3.Maskinporten.LastTest; lt == nil || lt.OK || lt.Error == nil || lt.Error.Code != "invalid_grant" {
		t.Fatalf("not recorded: %+v", lt)
	}
}

// A client whose registered key has another kid: Maskinporten knows no
// key for the grant (MP-120's text, though no certificate is involved).
func TestSandboxGrantKeyNotOnClient(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	must(step(f, s, func(snap Snapshot) (KeyOutcome, error) { return f.o.GenerateKey(snap) }))(t)
	other := must(GenerateKey(rand.Reader, time.Now()))(t)
	jwks := must(JWKS(other.PublicJWK(), nil))(t)
	id := f.registerClient(sbVendor, jwks)
	must(step(f, s, func(snap Snapshot) (ClientEdit, error) { return f.o.SetClient(snap, id) }))(t)
	_, err := f.testClient(s)
	e := asError(t, err)
	if e.Kind != KindMaskinporten || e.MP != MPKeyUnknown {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, s.Altinn3.Maskinporten.KeyID, "Upload the public key")
	if en := e.Text("en"); strings.Contains(en, "Buypass") {
		t.Fatalf("advice about enterprise certificates for a generated key:\n%s", en)
	}
}

// The client has a key with the session's kid, but another key: the
// signature does not verify.
func TestSandboxGrantWrongKeySameKid(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	key := must(step(f, s, func(snap Snapshot) (KeyOutcome, error) { return f.o.GenerateKey(snap) }))(t)
	other := must(GenerateKey(rand.Reader, time.Now()))(t)
	jwk := other.PublicJWK()
	jwk.Kid = key.JWK.Kid
	id := f.registerClient(sbVendor, must(JWKS(jwk, nil))(t))
	must(step(f, s, func(snap Snapshot) (ClientEdit, error) { return f.o.SetClient(snap, id) }))(t)
	_, err := f.testClient(s)
	if e := asError(t, err); e.Kind != KindMaskinporten || e.MP != MPSignature {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "Upload the public key (JWK) again")
}

// aud must be the issuer exactly (§1 C10): the documented TT02 issuer is
// not the sandbox's.
func TestSandboxGrantWrongAudience(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	k := must(f.o.loadKey(SnapshotOf(s)))(t)
	g := Grant{Issuer: "https://test.maskinporten.no/", ClientID: s.Altinn3.Maskinporten.ClientID, Scopes: VendorScopes, Now: f.local.Now()}
	assertion := must(g.Sign(k, rand.Reader))(t)
	_, err := f.o.Client.RequestToken(f.ctx, f.sb.MaskinportenURL()+"token", assertion)
	if e := asError(t, err); e.MP != MPAudience || e.Code != "invalid_grant" {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "did not accept aud", EnvMaskinportenURL)
}

// This machine's clock is off, either way: Maskinporten refuses iat (or
// finds the grant expired), and the message says to fix the clock, with
// how far off it is (from the Date header).
func TestSandboxGrantClockSkewBothWays(t *testing.T) {
	for _, skew := range []time.Duration{30 * time.Second, -30 * time.Second, -5 * time.Minute} {
		f := newSandboxFixture(t, sandbox.Options{})
		s := sbSession(t, sbVendor)
		f.keyAndClient(s)
		f.local.Add(skew)
		_, err := f.testClient(s)
		e := asError(t, err)
		if e.Kind != KindMaskinporten || e.MP != MPClockSkew || e.Code != "invalid_grant" {
			t.Fatalf("skew %v: %+v", skew, e)
		}
		// The Date header has a second's resolution; the call takes some.
		if d := e.Skew - skew; d < -3*time.Second || d > 3*time.Second {
			t.Errorf("skew %v: measured %v", skew, e.Skew)
		}
		wantText(t, err, "clock", "NTP")
		f.local.Add(-skew)
		if _, err := f.testClient(s); err != nil {
			t.Fatalf("skew %v: with the clock right again: %v", skew, textOf(err))
		}
	}
}

// zeroReader makes every jti the same.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A grant can be used once (§8.2).
func TestSandboxGrantJTIReused(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	f.o.Random = zeroReader{}
	must(f.testClient(s))(t)
	f.o.forgetTokens()
	_, err := f.testClient(s)
	if e := asError(t, err); e.MP != MPJTIReused || e.Code != "invalid_grant" {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "was used before")
}

// The grant has no sub, so a Maskinporten that refuses unknown claims
// (§13.3, the sandbox's RejectSub) gives tokens too.
func TestSandboxGrantWithoutSub(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{RejectSub: true})
	s := f.ready(sbVendor)
	f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA})
	must(f.request(s, sbCustomerA, false))(t)
	f.decide(s, sbCustomerA, "approve")
	must(f.refresh(s, sbCustomerA))(t)
	must(f.customerToken(s, sbCustomerA))(t)
}

// MP-303 (§8.4, D-MP303): no active system user matches the grant. Each
// cause gets the explanation.
func TestSandboxCustomerTokenMP303(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := f.ready(sbVendor)
	for _, org := range []string{sbCustomerA, sbCustomerB, sbCustomerC} {
		f.addCustomer(s, session.Customer{OrgNumber: org, ExternalRef: "ref-" + org})
		must(f.request(s, org, false))(t)
	}
	f.decide(s, sbCustomerB, "reject")
	f.decide(s, sbCustomerC, "approve")
	must(f.refresh(s, sbCustomerC))(t)
	mp303 := func(why, org string) {
		t.Helper()
		_, err := f.customerToken(s, org)
		e := asError(t, err)
		if e.Kind != KindMaskinporten || e.MP != MPCustomerConfig || e.Code != "invalid_altinn_customer_configuration" {
			t.Fatalf("%s: %+v", why, e)
		}
		wantText(t, err, "MP-303", "external reference", "client ID")
		if c := s.Altinn3.Customer(org); c.LastToken == nil || c.LastToken.OK || c.LastToken.Error == nil {
			t.Fatalf("%s: not recorded %+v", why, c.LastToken)
		}
	}
	mp303("not yet accepted", sbCustomerA)
	mp303("rejected", sbCustomerB)
	must(f.customerToken(s, sbCustomerC))(t)

	// Another external reference than the request's.
	s.Altinn3.Customer(sbCustomerC).Request.ExternalRef = "another"
	mp303("wrong external reference", sbCustomerC)
	s.Altinn3.Customer(sbCustomerC).Request.ExternalRef = "ref-" + sbCustomerC
	must(f.customerToken(s, sbCustomerC))(t)

	// The customer deleted the system user in the portal.
	f.o.forgetTokens()
	if err := f.sb.DeleteSystemUser(s.Altinn3.Customer(sbCustomerC).SystemUserID); err != nil {
		t.Fatal(err)
	}
	mp303("system user deleted", sbCustomerC)

	if _, err := f.o.CustomerToken(f.ctx, SnapshotOf(s), sbCustomerD, nil); err == nil || !strings.Contains(textOf(err), "not in the session") {
		t.Fatalf("unknown customer: %v", err)
	}
}

// MP-303 when the system no longer lists the client (§8.4 cause 1).
func TestSandboxCustomerTokenClientNotOnSystem(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := f.ready(sbVendor)
	f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA})
	must(f.request(s, sbCustomerA, false))(t)
	f.decide(s, sbCustomerA, "approve")
	must(f.refresh(s, sbCustomerA))(t)
	must(f.customerToken(s, sbCustomerA))(t)
	// The local check will not send a system without the client...
	s.Altinn3.System.ClientIDs = nil
	if _, err := f.registerSystem(s, true); err == nil || !strings.Contains(textOf(err), "MP-303") {
		t.Fatalf("sent without the client: %v", err)
	}
	// ...but another tool (or a colleague) may have replaced it.
	snap := SnapshotOf(s)
	api := must(f.o.vendorAPI(f.ctx, snap))(t)
	if err := api.UpdateSystem(f.ctx, f.o.BuildSystem(snap)); err != nil {
		t.Fatal(textOf(err))
	}
	f.o.forgetTokens()
	_, err := f.customerToken(s, sbCustomerA)
	if e := asError(t, err); e.MP != MPCustomerConfig {
		t.Fatalf("%+v", e)
	}
}

// The register's own checks, those the local check cannot make without
// the register's data: every error in the register's order (§4.3), each
// code with its advice; nothing is recorded as registered.
func TestSandboxRegisterValidationOrder(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	other := f.ready(sbOther) // a system of another vendor holds its client
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	visible := true
	s.Altinn3.System.Visible = &visible
	s.Altinn3.System.Rights = []string{sbResource, "finnes-ikke", "ttd-am-k6"}
	s.Altinn3.System.AccessPackages = []string{sbAgentPkg, "urn:altinn:accesspackage:finnes-ikke"}
	s.Altinn3.System.ClientIDs = append(s.Altinn3.System.ClientIDs, other.Altinn3.Maskinporten.ClientID)
	_, err := f.registerSystem(s, false)
	e := asError(t, err)
	var codes []string
	for _, p := range e.Problems {
		codes = append(codes, p.Code)
	}
	want := []string{"AUTH.VLD-00004", "AUTH.VLD-00003", "AUTH.VLD-00017", "AUTH.VLD-00008", "AUTH.VLD-00018"}
	if e.Kind != KindValidation || e.Status != 400 || e.Code != "STD-00000" || !slices.Equal(codes, want) || e.TraceID == "" {
		t.Fatalf("%+v: %v", e, codes)
	}
	wantText(t, err, append(want, "finnes-ikke", "ttd-am-k6", "Make a new client", "cannot be delegated", "set visible to false")...)
	if s.Altinn3.Registered != nil {
		t.Fatalf("recorded as registered: %+v", s.Altinn3.Registered)
	}
}

// The local check stops what it can see before anything is sent.
func TestSandboxRegisterLocalCheckFirst(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	n := f.calls()
	s.Altinn3.System.IDName = "med mellomrom"
	_, err := f.registerSystem(s, false)
	if err == nil || !strings.Contains(textOf(err), "AUTH.VLD-00013") || f.calls() != n {
		t.Fatalf("%v (token calls %d -> %d)", err, n, f.calls())
	}
}

// The vendor in the definition is not the client's organisation: the
// register answers 403 (§4.3 step 3), and the advice names both causes.
func TestSandboxRegisterAnotherVendor403(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	key := must(step(f, s, func(snap Snapshot) (KeyOutcome, error) { return f.o.GenerateKey(snap) }))(t)
	id := f.registerClient(sbOther, key.JWKS) // the client is another organisation's
	must(step(f, s, func(snap Snapshot) (ClientEdit, error) { return f.o.SetClient(snap, id) }))(t)
	_, err := f.registerSystem(s, false)
	if e := asError(t, err); e.Kind != KindForbidden || e.Status != 403 {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "HTTP 403", "another organisation")
}

// A token without the endpoint's scope: 403, and the message names the
// scope that is missing.
func TestSandboxForbiddenNamesScope(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := f.ready(sbVendor)
	f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA})
	must(f.request(s, sbCustomerA, false))(t)
	snap := SnapshotOf(s)
	ep := must(f.o.Endpoints(snap))(t)
	for _, c := range []struct {
		have, want string
		call       func(API) error
	}{
		{ScopeRequestRead, ScopeSystemRegisterWrite, func(a API) error { _, err := a.GetSystem(f.ctx, snap.A3.Registered.SystemID); return err }},
		{ScopeRequestWrite, ScopeRequestRead, func(a API) error {
			_, err := a.GetRequest(f.ctx, false, snap.A3.Customer(sbCustomerA).Request.ID)
			return err
		}},
		{ScopeRequestRead, ScopeRequestWrite, func(a API) error {
			_, _, err := a.CreateRequest(f.ctx, false, RequestBody{SystemID: snap.A3.Registered.SystemID, PartyOrgNo: sbCustomerB})
			return err
		}},
	} {
		tok := must(f.o.token(f.ctx, snap, []string{c.have}, nil))(t)
		err := c.call(API{C: f.o.Client, EP: ep, Token: tok})
		if e := asError(t, err); e.Kind != KindForbidden || e.Scope != c.want {
			t.Fatalf("%s: %+v", c.want, e)
		}
		wantText(t, err, "lacks the scope "+c.want)
	}
}

// Reading a system that is not registered: 404 with advice.
func TestSandboxNotFound(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	_, err := f.diff(s)
	if e := asError(t, err); e.Kind != KindNotFound || e.Status != 404 {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "HTTP 404", "right environment")
	if s.Altinn3.Registered != nil {
		t.Fatal("recorded")
	}
}

// A request for a customer who already has a system user for the system
// (AUTH-00004) when the session no longer knows the request.
func TestSandboxRequestWhenSystemUserExists(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := f.ready(sbVendor)
	f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA})
	must(f.request(s, sbCustomerA, false))(t)
	id := s.Altinn3.Customer(sbCustomerA).Request.ID
	f.decide(s, sbCustomerA, "approve")
	s.Altinn3.Customer(sbCustomerA).Request = nil
	out, err := f.request(s, sbCustomerA, false)
	if err != nil {
		t.Fatalf("%s", textOf(err))
	}
	c := s.Altinn3.Customer(sbCustomerA)
	if out.Request.ID != id || c.Request.Status != session.RequestAccepted || c.SystemUserID == "" {
		t.Fatalf("%+v %+v", out.Request, c)
	}
}

// A system marked deleted in the register keeps its ID (§4.1): neither a
// new registration nor an update can use it, and the message says so.
func TestSandboxRegisterDeletedSystem(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := f.ready(sbVendor)
	tok := must(f.o.token(f.ctx, SnapshotOf(s), VendorScopes, nil))(t)
	req, _ := http.NewRequest(http.MethodDelete, f.base+"/authentication/api/v1/systemregister/vendor/"+s.Altinn3.Registered.SystemID, nil)
	req.Header.Set("Authorization", "Bearer "+tok.Value())
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("delete: %v %v", resp, err)
	}
	resp.Body.Close()
	if _, err := f.registerSystem(s, true); err != ErrSystemDeleted {
		t.Fatalf("update: %v", err)
	}
	s.Altinn3.Registered = nil
	if _, err := f.registerSystem(s, true); err != ErrSystemDeleted {
		t.Fatalf("create: %v", err)
	}
	if d := must(f.diff(s))(t); !d.Deleted || !s.Altinn3.Registered.Deleted {
		t.Fatalf("%+v", d)
	}
}

// Requests the register refuses, with the service's code and advice.
func TestSandboxRequestRefused(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	s.Altinn3.System.Rights = nil // only a client package: standard requests get it and are refused
	must(f.registerSystem(s, false))(t)
	f.addCustomer(s, session.Customer{OrgNumber: sbCustomerA})
	out, err := f.request(s, sbCustomerA, false)
	e := asError(t, err)
	if e.Code != "AUTH-00064" || e.Status != 400 {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "AUTH-00064", "use an agent request")
	// What was sent and what came back is recorded.
	r := s.Altinn3.Customer(sbCustomerA).Request
	if r == nil || r.SentAt.IsZero() || r.ID != "" || r.LastError == nil || r.LastError.Code != "AUTH-00064" || out.Request.LastError == nil {
		t.Fatalf("%+v", r)
	}

	// The system is not in the register (another environment's record).
	s.Altinn3.Registered.SystemID = sbVendor + "_finnes-ikke"
	s.Altinn3.Customer(sbCustomerA).Request = nil
	_, err = f.request(s, sbCustomerA, false)
	if e := asError(t, err); e.Code != "AUTH-00011" || e.Status != 404 {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "register the system first")
}

// The POST that creates the system loses a race (409 text "The System
// already exist", §4.1: another call of this vendor made it between the
// check and the insert): the register is read back, and the session
// records what it holds.
func TestSandboxRegisterConflict409(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	s := sbSession(t, sbVendor)
	f.keyAndClient(s)
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/systemregister/vendor") {
			return false
		}
		f.passTo(r) // the other call's insert
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusConflict)
		w.Write([]byte("The System already exist: " + sbVendor + "_blabaer-regnskap"))
		return true
	})
	out, err := f.registerSystem(s, false)
	if err != nil {
		t.Fatalf("%s", textOf(err))
	}
	if out.Created || s.Altinn3.Registered == nil || s.Altinn3.Registered.ReadBackAt.IsZero() {
		t.Fatalf("%+v %+v", out, s.Altinn3.Registered)
	}
}

// An update the register refuses (§4.3, PUT: a client ID another system
// holds): the error has the code, and the session keeps what the
// register holds, not the refused definition.
func TestSandboxUpdateRefused(t *testing.T) {
	f := newSandboxFixture(t, sandbox.Options{})
	other := f.ready(sbOther)
	s := f.ready(sbVendor)
	s.Altinn3.System.ClientIDs = append(s.Altinn3.System.ClientIDs, other.Altinn3.Maskinporten.ClientID)
	_, err := f.registerSystem(s, true)
	if e := asError(t, err); e.Kind != KindValidation || !e.HasCode("AUTH.VLD-00004") {
		t.Fatalf("%+v", e)
	}
	wantText(t, err, "AUTH.VLD-00004", "Make a new client")
	if reg := s.Altinn3.Registered; reg == nil || len(reg.Definition.ClientIDs) != 1 || !reg.UpdatedAt.IsZero() {
		t.Fatalf("%+v", reg)
	}
}
