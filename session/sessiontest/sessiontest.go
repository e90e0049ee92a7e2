// Package sessiontest builds fully answered sessions for tests in every
// package: Norwegian letters, XML- and MIME-special characters, several
// services, multi-line text.
package sessiontest

import (
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Answers returns a complete, valid set of registration answers.
func Answers() session.Answers {
	return session.Answers{
		Vendor: session.Vendor{
			OrgNumber:  "123456785",
			Name:       "Blåbær & Søn <Regnskap> AS",
			Address:    "Storgata 1",
			PostalCode: "0155",
			City:       "Oslo",
		},
		Contact: session.Person{Name: "Åse Ødegård", Email: "ase@blabaer.example.no", Phone: "+4791234567"},
		TechnicalContact: &session.Person{
			Name: "Per \"Kode\" Ærlig", Email: "per@blabaer.example.no", Phone: "+4792345678",
		},
		System: session.System{
			Name:         "Blåbær Regnskap Pro",
			Version:      "2026.11",
			Description:  "Regnskap og lønn for små bedrifter; sender MVA-melding & A-melding.",
			Category:     "accounting",
			Interfaces:   []string{session.InterfaceSOAP, session.InterfaceREST},
			AuthMethods:  []string{session.AuthSystemIDPassword, session.AuthEnterpriseCertificate},
			Environments: []string{session.EnvTT02, session.EnvProd},
			Services: []session.Service{
				{Code: "4936", Edition: "1", Name: "A-melding", Owner: "Skatteetaten"},
				{Code: "5703", Edition: "2", Name: "MVA-melding – næringsdrivende", Owner: "Skatteetaten"},
				{Code: "3124", Edition: "140507", Name: "Årsregnskap <\"test\">", Owner: "Brønnøysundregistrene"},
			},
		},
		Declaration: session.Declaration{
			SignsForUsers:         session.Bool(true),
			UsesPrefill:           session.Bool(true),
			StoresUserCredentials: session.Bool(false),
			SecurityMeasures:      "Tilgangsstyring per bruker.\nAll trafikk over HTTPS (TLS 1.2+).\nLogging av alle innsendinger i 5 år.",
		},
		Signer: session.Signer{Name: "Åse Ødegård", Role: "Daglig leder", Place: "Tromsø", Date: "2026-11-25"},
	}
}

// Full returns a session with every step answered.
func Full(now time.Time) *session.Session {
	s := session.New("Blåbær – kunde 1", now)
	s.Track = session.TrackAltinnII
	s.Answers = Answers()
	s.Integration.APIKeyOrdered = map[string]bool{session.EnvTT02: true}
	s.Authentication = session.Authentication{
		SystemID: "12345", SystemIDOwner: "org",
		Certificates: map[string]*session.EnvCertificate{
			session.EnvTT02: {Path: "/home/åse/sertifikat/virksomhet-test.p12"},
			session.EnvProd: {Path: "/home/åse/sertifikat/virksomhet.p12"},
		},
		RESTMechanisms: []string{"enterprise_maskinporten"}, EnterpriseUser: "blabaer-ent",
	}
	for _, svc := range s.Answers.System.Services {
		s.Testing.Checklist = append(s.Testing.Checklist, session.ServiceTest{Code: svc.Code, Edition: svc.Edition, Submission: true})
	}
	s.Testing.TestPersons, s.Testing.TestOrganisations = 5, 2
	s.GoLive.Checklist = map[string]bool{"guide_sent": true}
	for _, id := range []string{session.StepRegistration, session.StepIntegration, session.StepAuthentication} {
		s.SetStepStatus(id, session.Done, now)
	}
	s.SetStepStatus(session.StepServices, session.InProgress, now)
	s.Cursor = session.Cursor{Step: session.StepServices, Screen: "services", Field: "service_code"}
	s.Files = []session.GeneratedFile{{Kind: "bestilling", Path: "/home/åse/Dokumenter/bestilling.docx", CreatedAt: now}}
	s.SetSecretRef(session.SecretRef{Name: "system-password", Store: "os-keyring", Service: "altinn-onboard", Account: s.ID + "/system-password", SetAt: now})
	s.Settings = session.Settings{OutputDir: "/home/åse/Dokumenter/altinn", Lang: "nb"}
	return s
}
