package session_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// fullAltinn3 fills every field of the Altinn 3 data.
func fullAltinn3() session.Altinn3 {
	at := now.Add(time.Hour)
	return session.Altinn3{
		ProdConfirmedAt: &at,
		Maskinporten: session.MaskinportenClient{
			ClientID:         "0b9f4a5e-8a3c-4d7f-9c55-4f7e1e2b3a10",
			KeySource:        session.KeySourceP12,
			KeyID:            "blabaer-2026-11-25",
			PublicKey:        &session.PublicJWK{Kty: "RSA", N: "0vx7", E: "AQAB", Kid: "k", Alg: "RS256", Use: "sig"},
			P12Path:          "/home/åse/virksomhet.p12",
			CertificateChain: []string{"MIIBfake", "MIICfake"},
			KeyCreatedAt:     now,
			Scopes:           []string{"altinn:authentication/systemregister.write"},
			LastTest: &session.ClientTest{Environment: session.EnvTT02, At: now, OK: false,
				Granted: []string{"a"}, Missing: []string{"b"}, ExpiresIn: 120, Customer: "123456785",
				Error: &session.RemoteError{Status: 400, Code: "invalid_scope", Title: "Token request contains invalid scopes"}},
		},
		System: session.SystemDefinition{
			IDName:         "blabaer-regnskap",
			Name:           session.LangText{NB: "Blåbær Regnskap", NN: "Blåbær Rekneskap", EN: "Blueberry Accounts"},
			Description:    session.LangText{NB: "Regnskap & lønn", NN: "Rekneskap", EN: "Accounts <and> payroll"},
			Rights:         []string{"ske-krav-og-betalinger"},
			AccessPackages: []string{"urn:altinn:accesspackage:skattnaering"},
			ClientIDs:      []string{"0b9f4a5e-8a3c-4d7f-9c55-4f7e1e2b3a10"},
			RedirectURLs:   []string{"https://blabaer.example.no/kvittering"},
			Visible:        session.Bool(false),
		},
		Registered: &session.RegisteredSystem{Environment: session.EnvTT02, SystemID: "123456785_blabaer-regnskap",
			InternalID: "772e52bc-63c3-45c0-80b7-f3bb1581469f", RegisteredAt: now, UpdatedAt: at,
			Definition: session.SystemDefinition{IDName: "blabaer-regnskap", Rights: []string{"x"}}, ReadBackAt: at, Deleted: true},
		Customers: []session.Customer{{
			OrgNumber: "987654325", Name: "Kunde AS", Email: "post@kunde.example.no", ExternalRef: "k-1", Agent: true, AddedAt: now,
			SystemUserID: "b93107d3-da30-4b7a-a8ae-9b0cac079fd2",
			LastToken:    &session.ClientTest{Environment: session.EnvTT02, At: now, OK: true, Granted: []string{"s"}, Customer: "987654325"},
			Request: &session.SystemUserRequest{Environment: session.EnvTT02, Agent: true, SystemID: "123456785_blabaer-regnskap",
				ExternalRef: "k-1", Rights: []string{"r"}, AccessPackages: []string{"p"}, RedirectURL: "https://x.example/",
				SentAt: now, ID: "78b6c716-9d1d-4ff4-9c92-55296e6bb4f6", HTTPStatus: 201, Status: session.RequestAccepted,
				ConfirmURL: "https://am.ui.tt02.altinn.no/accessmanagement/ui/systemuser/agentrequest?id=78b6&DONTCHOOSEREPORTEE=true",
				Created:    now, Escalated: true, CheckedAt: at, ChangedAt: at,
				LastError: &session.RemoteError{Status: 503}},
		}},
		SystemUsers: &session.SystemUserList{Environment: session.EnvTT02, FetchedAt: at,
			Users: []session.SystemUser{{ID: "b931", OrgNumber: "987654325", ExternalRef: "k-1", Type: "agent", Created: now}}},
	}
}

func TestAltinn3RoundTrip(t *testing.T) {
	s := session.New("Altinn 3", now)
	s.Track = session.TrackAltinn3
	s.Altinn3 = fullAltinn3()
	data, err := session.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := session.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip changed the session:\n got %+v\nwant %+v", got.Altinn3, s.Altinn3)
	}
}

// An Altinn II session's file says nothing of Altinn 3, and a version 2
// file (which had no such field) loads as it was.
func TestAltinn3AbsentFromAltinnIIAndVersion2(t *testing.T) {
	s := session.New("To", now)
	s.Track = session.TrackAltinnII
	data, err := session.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "altinn3") {
		t.Fatalf("an Altinn II session's file mentions altinn3:\n%s", data)
	}
	v2 := strings.Replace(string(data), `"schema_version": 3`, `"schema_version": 2`, 1)
	got, err := session.Decode([]byte(v2))
	if err != nil {
		t.Fatal(err)
	}
	if got.SchemaVersion != session.SchemaVersion || !reflect.DeepEqual(got.Altinn3, session.Altinn3{}) || got.Track != session.TrackAltinnII {
		t.Fatalf("version 2 file migrated to %+v", got)
	}
}

func TestAltinn3CloneIsDeep(t *testing.T) {
	a := fullAltinn3()
	c := a.Clone()
	if !reflect.DeepEqual(a, c) {
		t.Fatal("clone differs")
	}
	c.Maskinporten.PublicKey.N = "changed"
	c.Maskinporten.Scopes[0] = "changed"
	c.Maskinporten.LastTest.Error.Code = "changed"
	c.System.Rights[0] = "changed"
	*c.System.Visible = true
	c.Registered.Definition.Rights[0] = "changed"
	c.Customers[0].Request.Rights[0] = "changed"
	c.Customers[0].Request.LastError.Status = 1
	c.SystemUsers.Users[0].ID = "changed"
	c.Customers[0].LastToken.Granted[0] = "changed"
	*c.ProdConfirmedAt = time.Time{}
	if !reflect.DeepEqual(a, fullAltinn3()) {
		t.Fatalf("changing the clone changed the original: %+v", a)
	}
}

func TestForExportDropsCertificatePath(t *testing.T) {
	s := session.New("Eksport", now)
	s.Altinn3 = fullAltinn3()
	e := session.ForExport(s)
	if e.Altinn3.Maskinporten.P12Path != "" {
		t.Fatalf("export keeps the .p12 path %q", e.Altinn3.Maskinporten.P12Path)
	}
	if s.Altinn3.Maskinporten.P12Path == "" {
		t.Fatal("ForExport changed the session it was given")
	}
	if e.Altinn3.Customer("987654325") == nil || e.Altinn3.Maskinporten.ClientID == "" {
		t.Fatal("export lost the customers or the client id")
	}
}
