package altinn3

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
)

func newSession(t *testing.T) *session.Session {
	t.Helper()
	s := session.New("Altinn 3", testNow)
	s.ID = keyringtest.SessionID()
	s.Track = session.TrackAltinn3
	s.Answers.Vendor = session.Vendor{OrgNumber: vendorOrg, Name: "Blåbær AS"}
	return s
}

// A generated key goes to the real keyring and nowhere else: the session
// records its public half and a reference; the key reads back from the
// keyring and signs.
func TestGenerateKeyStoresOnlyInKeyring(t *testing.T) {
	k := keyringtest.Require(t)
	s := newSession(t)
	t.Cleanup(func() { k.DeleteAll(s.ID, SecretNames) })
	o := &Onboarding{Secrets: k, Now: func() time.Time { return testNow }}
	out, err := o.GenerateKey(SnapshotOf(s))
	if err != nil {
		t.Fatal(err)
	}
	out.Apply(s)
	mp := s.Altinn3.Maskinporten
	if mp.KeySource != session.KeySourceGenerated || mp.KeyID == "" || mp.PublicKey == nil || mp.PublicKey.Kid != mp.KeyID {
		t.Fatalf("%+v", mp)
	}
	if len(s.Secrets) != 1 || s.Secrets[0].Name != SecretPrivateKey || s.Secrets[0].Account != store.Account(s.ID, SecretPrivateKey) {
		t.Fatalf("refs %+v", s.Secrets)
	}
	pemText, err := k.Get(s.ID, SecretPrivateKey)
	if err != nil || !strings.HasPrefix(pemText, "-----BEGIN PRIVATE KEY-----") {
		t.Fatalf("keyring: %v", err)
	}
	data, err := session.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	body := pemText[strings.Index(pemText, "\n")+1 : strings.Index(pemText, "\n")+41]
	if strings.Contains(string(data), body) || strings.Contains(string(out.JWKS), body) || strings.Contains(string(data), "PRIVATE") {
		t.Fatal("the private key is in the session file or the JWKS")
	}
	back, err := o.loadKey(SnapshotOf(s))
	if err != nil || back.KeyID != mp.KeyID || back.PublicJWK() != *mp.PublicKey {
		t.Fatalf("loadKey: %v", err)
	}
}

// A .p12 key whose PEM fits goes to the keyring; the file stays where it
// is and the session keeps its path and chain.
func TestLoadP12KeyStoresKey(t *testing.T) {
	k := keyringtest.Require(t)
	s := newSession(t)
	t.Cleanup(func() { k.DeleteAll(s.ID, SecretNames) })
	p12, leaf, _ := testP12(t, "pw")
	path := filepath.Join(t.TempDir(), "virksomhet.p12")
	if err := os.WriteFile(path, p12, 0o600); err != nil {
		t.Fatal(err)
	}
	o := &Onboarding{Secrets: k, Now: func() time.Time { return testNow }}
	if _, err := o.LoadP12Key(SnapshotOf(s), path, "feil"); !errors.Is(err, ErrP12Password) {
		t.Fatalf("wrong password: %v", err)
	}
	out, err := o.LoadP12Key(SnapshotOf(s), path, "pw")
	if err != nil {
		t.Fatal(err)
	}
	out.Apply(s)
	mp := s.Altinn3.Maskinporten
	if mp.KeySource != session.KeySourceP12 || mp.P12Path != path || len(mp.CertificateChain) != 2 || !strings.Contains(out.Certificate, "Blåbær AS") {
		t.Fatalf("%+v", mp)
	}
	back, err := o.loadKey(SnapshotOf(s))
	if err != nil || !back.Chain[0].Equal(leaf) {
		t.Fatalf("loadKey: %v", err)
	}
	if _, err := o.LoadP12Key(SnapshotOf(s), filepath.Join(t.TempDir(), "none.p12"), "pw"); err == nil {
		t.Fatal("a missing file loaded")
	}
}

func TestNoKeyYet(t *testing.T) {
	o := &Onboarding{}
	if _, err := o.loadKey(SnapshotOf(newSession(t))); err != ErrNoKey {
		t.Fatalf("%v", err)
	}
}

func TestSetClientAndScopes(t *testing.T) {
	s := newSession(t)
	o := &Onboarding{}
	if _, err := o.SetClient(SnapshotOf(s), "not-a-uuid"); err == nil {
		t.Fatal("bad client ID accepted")
	}
	e, err := o.SetClient(SnapshotOf(s), " 0B9F4A5E-8A3C-4D7F-9C55-4F7E1E2B3A10 ")
	if err != nil {
		t.Fatal(err)
	}
	e.Apply(s)
	if s.Altinn3.Maskinporten.ClientID != "0b9f4a5e-8a3c-4d7f-9c55-4f7e1e2b3a10" || !slices.Equal(s.Altinn3.System.ClientIDs, []string{"0b9f4a5e-8a3c-4d7f-9c55-4f7e1e2b3a10"}) {
		t.Fatalf("%+v", s.Altinn3)
	}
	// A new client replaces the old one among the system's client IDs.
	s.Altinn3.System.ClientIDs = append(s.Altinn3.System.ClientIDs, "11111111-2222-3333-4444-555555555555")
	e, _ = o.SetClient(SnapshotOf(s), "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
	e.Apply(s)
	if !slices.Equal(s.Altinn3.System.ClientIDs, []string{"11111111-2222-3333-4444-555555555555", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}) {
		t.Fatalf("%v", s.Altinn3.System.ClientIDs)
	}
	e, _ = o.SetScopes([]string{"skatteetaten:a skatteetaten:b", "skatteetaten:a"})
	e.Apply(s)
	if !slices.Equal(s.Altinn3.Maskinporten.Scopes, []string{"skatteetaten:a", "skatteetaten:b"}) || s.Altinn3.Maskinporten.ClientID == "" {
		t.Fatalf("%+v", s.Altinn3.Maskinporten)
	}
	if !slices.Equal(Scopes(s.Altinn3.Maskinporten), []string{"skatteetaten:a", "skatteetaten:b"}) || !slices.Equal(Scopes(session.MaskinportenClient{}), VendorScopes) {
		t.Fatal("Scopes")
	}
}

// PROD needs one confirmation; calls against an unconfirmed PROD refuse.
func TestProdConfirmation(t *testing.T) {
	s := newSession(t)
	if err := SetEnvironment(s, session.EnvProd, false, testNow); err != ErrProdNotConfirmed || s.Target != session.EnvTT02 {
		t.Fatalf("%v %s", err, s.Target)
	}
	if err := SetEnvironment(s, session.EnvProd, true, testNow); err != nil || s.Target != session.EnvProd || s.Altinn3.ProdConfirmedAt == nil {
		t.Fatalf("%v", err)
	}
	if err := SetEnvironment(s, session.EnvTT02, false, testNow); err != nil {
		t.Fatal(err)
	}
	if err := SetEnvironment(s, session.EnvProd, false, testNow); err != nil {
		t.Fatalf("confirmed once is enough: %v", err)
	}
	if err := SetEnvironment(s, "dev", true, testNow); err == nil {
		t.Fatal("unknown environment")
	}
	snap := SnapshotOf(newSession(t))
	snap.Env = session.EnvProd
	o := &Onboarding{}
	if _, err := o.TestClient(t.Context(), snap); err != ErrProdNotConfirmed {
		t.Fatalf("unconfirmed PROD: %v", err)
	}
}

func TestAddCustomer(t *testing.T) {
	s := newSession(t)
	o := &Onboarding{Now: func() time.Time { return testNow }}
	_, err := o.AddCustomer(SnapshotOf(s), session.Customer{OrgNumber: "987654321", Email: "not an address", ExternalRef: "a/b"})
	var probs forms.Problems
	if !errors.As(err, &probs) || len(probs) != 3 || probs[0].Path != "altinn3.customers[0].org_number" ||
		probs[1].Path != "altinn3.customers[0].email" || probs[2].Path != "altinn3.customers[0].external_ref" {
		t.Fatalf("%v", err)
	}
	e, err := o.AddCustomer(SnapshotOf(s), session.Customer{OrgNumber: "0192:987 654 325", Name: " Kunde AS ", Email: "post@kunde.example.no", Agent: true})
	if err != nil {
		t.Fatal(err)
	}
	e.Apply(s)
	c := s.Altinn3.Customer("987654325")
	if c == nil || c.Name != "Kunde AS" || !c.Agent || !c.AddedAt.Equal(testNow) {
		t.Fatalf("%+v", s.Altinn3.Customers)
	}
	// Adding it again replaces its answers and keeps its request.
	c.Request = &session.SystemUserRequest{ID: "r1"}
	e, _ = o.AddCustomer(SnapshotOf(s), session.Customer{OrgNumber: "987654325", Name: "Nytt navn"})
	e.Apply(s)
	if len(s.Altinn3.Customers) != 1 || s.Altinn3.Customers[0].Name != "Nytt navn" || s.Altinn3.Customers[0].Request == nil || s.Altinn3.Customers[0].Agent {
		t.Fatalf("%+v", s.Altinn3.Customers)
	}
}

// What a standard and an agent request ask for.
func TestNewRequestBody(t *testing.T) {
	snap := SnapshotOf(newSession(t))
	cu := &session.Customer{OrgNumber: "987654325", ExternalRef: "k-1"}
	if _, err := newRequest(snap, cu); err != ErrNotRegistered {
		t.Fatalf("%v", err)
	}
	def := goodDefinition()
	snap.A3.Registered = &session.RegisteredSystem{Environment: session.EnvTT02, SystemID: vendorOrg + "_x", Definition: def}
	r, _ := newRequest(snap, cu)
	if !slices.Equal(r.Rights, def.Rights) || r.AccessPackages != nil || r.RedirectURL != def.RedirectURLs[0] || r.ExternalRef != "k-1" {
		t.Fatalf("standard %+v", r)
	}
	b := mustJSON(t, requestBody(cu.OrgNumber, r))
	if !strings.Contains(b, `"externalRef":"k-1"`) || strings.Contains(b, "externalReference") || !strings.Contains(b, `"partyOrgNo":"987654325"`) {
		t.Fatalf("%s", b)
	}
	cu.Agent = true
	r, _ = newRequest(snap, cu)
	if r.Rights != nil || !slices.Equal(r.AccessPackages, def.AccessPackages) || !r.Agent {
		t.Fatalf("agent %+v", r)
	}
	snap.Env = session.EnvProd
	if _, err := newRequest(snap, cu); err != ErrNotRegistered {
		t.Fatalf("a TT02 system used for PROD: %v", err)
	}
}
