package steps

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/brreg"
	"github.com/altinn-onboard/altinn-onboard/internal/brreg/brregtest"
	"github.com/altinn-onboard/altinn-onboard/internal/teadrive"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// testRegister is a fake Enhetsregisteret on 127.0.0.1 answering with the
// register's shapes: 974760673 bankrupt, 123456785 removed (410),
// everything else unknown (404).
func testRegister(t *testing.T) string {
	t.Helper()
	return brregtest.Start(t, map[string]brregtest.Answer{
		"enheter/974760673": {Body: brregtest.Sesam},
		"enheter/123456785": {Status: 410},
	}).URL
}

func lookupTo(base string, o brreg.Options) *OrgLookup {
	o.BaseURL = base
	c := brreg.New(o)
	return &OrgLookup{Client: func(string) *brreg.Client { return c }}
}

// vendorScreen is step 1's vendor screen, started.
func vendorScreen(t *testing.T, lk *OrgLookup, sess *session.Session) ui.Screen {
	t.Helper()
	ctx := &ui.Context{Session: sess, Lang: "nb", NoColor: true, Width: 110, Height: 40}
	return started(t, Registration(Deps{Lookup: lk, Now: time.Now}).Screens[0].New(ctx, ""))
}

// started is s sized and its Init run, as the app does.
func started(t *testing.T, s ui.Screen) ui.Screen {
	t.Helper()
	d := teadrive.New(t, func(m tea.Msg) tea.Cmd {
		var cmd tea.Cmd
		s, cmd = s.Update(m)
		return cmd
	})
	d.Size = tea.WindowSizeMsg{Width: 110, Height: 60}
	s.SetSize(110, 60)
	d.Run(s.Init())
	return s
}

var ctrlF = tea.KeyMsg{Type: tea.KeyCtrlF}

// Typing the vendor's number looks it up and offers the name and address;
// ctrl+f fills the empty fields, and replaces typed text only when pressed
// again after saying what it replaces.
func TestVendorLookupOffersAndNeverOverwritesUnasked(t *testing.T) {
	sess := session.New("Kunde", time.Now())
	s := vendorScreen(t, lookupTo(testRegister(t), brreg.Options{}), sess)
	s = drive(t, s, keys("974 760 673"))
	wantScreen(t, s, "Enhetsregisteret: SESAM STASJON, Tyvholmen 1, 0101 OSLO, Norge", "Enheten er KONKURS.", "ctrl+f: fyll inn")

	s = typeLine(t, s, "")
	s = drive(t, s, keys("Mitt Navn AS"), ctrlF)
	v := sess.Answers.Vendor
	if v.Name != "Mitt Navn AS" || v.Address != "Tyvholmen 1" || v.PostalCode != "0101" || v.City != "OSLO" {
		t.Fatalf("after one ctrl+f: %+v (want the empty fields filled, the typed name kept)", v)
	}
	wantScreen(t, s, "Trykk ctrl+f igjen for å erstatte det du skrev: Navn «Mitt Navn AS» → «SESAM STASJON»", "Tyvholmen 1")

	s = drive(t, s, ctrlF)
	if sess.Answers.Vendor.Name != "SESAM STASJON" {
		t.Fatalf("after the second ctrl+f: %+v", sess.Answers.Vendor)
	}
	wantScreenNot(t, s, "Trykk ctrl+f igjen")
	if !strings.Contains(screenText(s), "SESAM STASJON") {
		t.Fatal("the form does not show the name filled in")
	}

	// Another key in between cancels the pending replacement.
	s = drive(t, s, keys("x"), ctrlF)
	wantScreen(t, s, "Trykk ctrl+f igjen")
	s = drive(t, s, keys("y"))
	wantScreenNot(t, s, "Trykk ctrl+f igjen")
	drive(t, s, ctrlF)
	if sess.Answers.Vendor.Name != "SESAM STASJONxy" {
		t.Fatalf("replaced after a key in between: %+v", sess.Answers.Vendor)
	}
}

// Deleted and unknown numbers are said plainly; nothing is offered.
func TestVendorLookupDeletedAndUnknown(t *testing.T) {
	base := testRegister(t)
	sess := session.New("Kunde", time.Now())
	s := vendorScreen(t, lookupTo(base, brreg.Options{}), sess)
	s = drive(t, s, keys("123456785"))
	wantScreen(t, s, "123 456 785 er SLETTET i Enhetsregisteret.")
	wantScreenNot(t, s, "ctrl+f")
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyBackspace}, keys("5"), keys("x"), tea.KeyMsg{Type: tea.KeyBackspace})
	wantScreen(t, s, "SLETTET")

	sess2 := session.New("Kunde 2", time.Now())
	s = vendorScreen(t, lookupTo(base, brreg.Options{}), sess2)
	s = drive(t, s, keys("313725138"), ctrlF)
	wantScreen(t, s, "Enhetsregisteret kjenner ikke dette organisasjonsnummeret")
	if sess2.Answers.Vendor.Name != "" {
		t.Fatal("ctrl+f filled something for an unknown number")
	}
}

// A result for a number no longer in the field is dropped.
func TestVendorLookupDropsStaleResults(t *testing.T) {
	sess := session.New("Kunde", time.Now())
	s := vendorScreen(t, lookupTo(testRegister(t), brreg.Options{}), sess)
	s = drive(t, s, keys("313725138"))
	s, _ = s.Update(orgLookupMsg{org: "974760673", unit: brreg.Unit{OrgNumber: "974760673", Status: brreg.Found, Name: "SESAM STASJON"}})
	wantScreenNot(t, s, "SESAM")
	drive(t, s, ctrlF)
	if sess.Answers.Vendor.Name != "" {
		t.Fatal("a stale result was filled in")
	}
}

// A register that never answers: the screen says so once (the driver waits
// for the lookup, which gives up after its timeout), keys keep working,
// and a second failure in the same run is not said again.
func TestVendorLookupSlowSaidOnce(t *testing.T) {
	reg := brregtest.Start(t, map[string]brregtest.Answer{"enheter/974760673": {Hang: true}, "enheter/123456785": {Hang: true}})
	lk := lookupTo(reg.URL, brreg.Options{Timeout: 50 * time.Millisecond})

	sess := session.New("Kunde", time.Now())
	s := vendorScreen(t, lk, sess)
	s = drive(t, s, keys("974760673"))
	wantScreen(t, s, "svarte ikke innen 0,05 s")
	s = typeLine(t, s, "")
	drive(t, s, keys("Fjord AS"))
	if sess.Answers.Vendor.Name != "Fjord AS" || sess.Answers.Vendor.OrgNumber != "974760673" {
		t.Fatalf("typing after a failed lookup: %+v", sess.Answers.Vendor)
	}

	s = vendorScreen(t, lk, session.New("Kunde 2", time.Now()))
	s = drive(t, s, keys("123456785"))
	wantScreenNot(t, s, "svarte ikke")
}

// Offline (--offline): said once, nothing asked.
func TestVendorLookupOffline(t *testing.T) {
	reg := brregtest.Start(t, nil)
	s := vendorScreen(t, lookupTo(reg.URL, brreg.Options{Offline: true}), session.New("Kunde", time.Now()))
	s = drive(t, s, keys("974760673"))
	wantScreen(t, s, "oppslag i Enhetsregisteret er slått av (--offline)")
	if reg.Hits() != 0 {
		t.Fatal("the register was asked offline")
	}
}

// Without a lookup (nil) the vendor screen is the plain form.
func TestVendorLookupOff(t *testing.T) {
	s := vendorScreen(t, nil, session.New("Kunde", time.Now()))
	if _, ok := s.(*ui.FormScreen); !ok {
		t.Fatalf("screen is %T, want the plain form", s)
	}
}

// Altinn 3 step 2: the vendor's number on the system form is looked up
// too, and its name offered.
func TestA3VendorLookup(t *testing.T) {
	sess := session.New("Øving", time.Now())
	sess.Track = session.TrackAltinn3
	sess.Answers.Vendor.Name = "Leverandør AS"
	ctx := &ui.Context{Session: sess, Lang: "en", NoColor: true, Width: 110, Height: 60}
	s := started(t, A3System(Deps{Lookup: lookupTo(testRegister(t), brreg.Options{}), Now: time.Now}).Screens[0].New(ctx, ""))
	s = drive(t, s, keys("974760673"))
	wantScreen(t, s, "Enhetsregisteret: SESAM STASJON, Tyvholmen 1, 0101 OSLO, Norge", "The unit is BANKRUPT (konkurs).")
	s = drive(t, s, ctrlF)
	if sess.Answers.Vendor.Name != "Leverandør AS" {
		t.Fatalf("the typed name was replaced unasked: %q", sess.Answers.Vendor.Name)
	}
	wantScreen(t, s, "Press ctrl+f again to replace what you typed: Name «Leverandør AS» → «SESAM STASJON»")
	drive(t, s, ctrlF)
	if sess.Answers.Vendor.Name != "SESAM STASJON" || sess.Answers.Vendor.OrgNumber != "974760673" {
		t.Fatalf("after the second ctrl+f: %+v", sess.Answers.Vendor)
	}
}

// An Altinn 3 customer's number is looked up in the register of the
// session's environment (TT02's for a TT02 session) while the customer
// form is open, and its name offered; a changed number drops the offer.
func TestA3CustomerLookup(t *testing.T) {
	base := testRegister(t)
	c := brreg.New(brreg.Options{BaseURL: base})
	var envs []string
	lk := &OrgLookup{Client: func(env string) *brreg.Client { envs = append(envs, env); return c }}
	sess := session.New("Øving", time.Now())
	sess.Track = session.TrackAltinn3
	ctx := &ui.Context{Session: sess, Lang: "nb", NoColor: true, Width: 110, Height: 60}
	var s ui.Screen
	for _, spec := range A3Customers(Deps{Lookup: lk, Now: time.Now}).Screens {
		if spec.ID == ScreenA3Customers {
			s = started(t, spec.New(ctx, ""))
		}
	}
	s = drive(t, s, keys("a"), keys("974760673"))
	wantScreen(t, s, "Enhetsregisteret: SESAM STASJON", "Enheten er KONKURS.", "ctrl+f: fyll inn")
	if len(envs) != 1 || envs[0] != session.EnvTT02 {
		t.Fatalf("asked the registers of %v, want [tt02]", envs)
	}
	s = typeLine(t, s, "")
	s = drive(t, s, keys("Kunde AS"), ctrlF)
	wantScreen(t, s, "Trykk ctrl+f igjen for å erstatte det du skrev: Navn «Kunde AS» → «SESAM STASJON»")
	s = drive(t, s, ctrlF)
	cs := s.(*customersScreen)
	if cs.editing.Name != "SESAM STASJON" || cs.editing.OrgNumber != "974760673" {
		t.Fatalf("after the second ctrl+f: %+v", cs.editing)
	}
	if cs.form.Field() != "name" {
		t.Fatalf("focus on %q after the fill, want name", cs.form.Field())
	}
	wantScreen(t, s, "> SESAM STASJON")

	// Back to the number, one digit off: the offer goes.
	s = drive(t, s, tea.KeyMsg{Type: tea.KeyShiftTab}, tea.KeyMsg{Type: tea.KeyBackspace})
	wantScreenNot(t, s, "Enhetsregisteret: SESAM")
	s = drive(t, s, keys("3"))
	wantScreen(t, s, "Enhetsregisteret: SESAM")
}

// A corrupt cache file in the data folder is said once, kept as it is,
// and the lookup goes on.
func TestVendorLookupCorruptCache(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, brreg.CacheFile)
	junk := []byte(`{"version":1,"entries":[`)
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	s := vendorScreen(t, lookupTo(testRegister(t), brreg.Options{CacheDir: dir}), session.New("Kunde", time.Now()))
	s = drive(t, s, keys("974760673"))
	wantScreen(t, s, "oppslagsbufferet", "kunne ikke brukes", "Enhetsregisteret: SESAM STASJON")
	if got, _ := os.ReadFile(path); string(got) != string(junk) {
		t.Fatalf("the corrupt cache was replaced: %q", got)
	}
}
