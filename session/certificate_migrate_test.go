package session_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// An older session's single certificate goes to the environment it fits:
// the one it was said to be for, else the one its last check found, else
// every environment chosen in step 1; certificate_moved names them, and
// the session is written in the new layout (issue 11 §5).
func TestDecodeMovesTheSingleCertificate(t *testing.T) {
	base := func(auth, envs string) []byte {
		return []byte(`{"schema_version": 3, "id": "abc", "name": "Gammel", "track": "altinn2", "target": "tt02",
"answers": {"vendor": {"org_number": "", "name": "", "address": "", "postal_code": "", "city": ""},
 "contact": {"name": "", "email": "", "phone": ""},
 "system": {"name": "", "version": "", "description": "", "category": "", "environments": ` + envs + `},
 "declaration": {"security_measures": ""}, "signer": {"name": "", "role": "", "place": "", "date": ""}},
"authentication": ` + auth + `, "steps": {}}`)
	}
	facts := func(path string, test bool) string {
		t := "false"
		if test {
			t = "true"
		}
		return `{"path": "` + path + `", "subject": "CN=X", "issuer_name": "Buypass", "test_ca": ` + t +
			`, "not_before": "2026-01-01T00:00:00Z", "not_after": "2027-01-01T00:00:00Z", "checked_at": "2026-11-01T00:00:00Z"}`
	}
	for _, tc := range []struct {
		name, auth, envs string
		want             []string
		checked          bool
	}{
		{"env given", `{"certificate_path": "/c/prod.p12", "certificate_env": "prod"}`, `["tt02","prod"]`, []string{"prod"}, false},
		{"test CA checked", `{"certificate_path": "/c/t.p12", "certificate": ` + facts("/c/t.p12", true) + `}`, `["tt02","prod"]`, []string{"tt02"}, true},
		{"real CA checked", `{"certificate_path": "/c/p.p12", "certificate": ` + facts("/c/p.p12", false) + `}`, `["tt02"]`, []string{"prod"}, true},
		{"facts of another file", `{"certificate_path": "/c/ny.p12", "certificate": ` + facts("/c/gammel.p12", true) + `}`, `["prod"]`, []string{"prod"}, false},
		{"nothing known, both chosen", `{"certificate_path": "/c/x.p12"}`, `["tt02","prod"]`, []string{"tt02", "prod"}, false},
		{"nothing known, none chosen", `{"certificate_path": "/c/x.p12"}`, `[]`, []string{"tt02", "prod"}, false},
	} {
		s, err := session.Decode(base(tc.auth, tc.envs))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		au := s.Authentication
		var got []string
		for _, env := range session.Environments {
			if au.CertificatePath(env) != "" {
				got = append(got, env)
				if c := au.Certificates[env]; (c.Checked != nil) != tc.checked {
					t.Errorf("%s: %s checked %+v", tc.name, env, c.Checked)
				}
			}
		}
		if !slices.Equal(got, tc.want) || !slices.Equal(au.CertificateMoved, tc.want) {
			t.Errorf("%s: certificates for %v, moved %v; want %v", tc.name, got, au.CertificateMoved, tc.want)
		}
		data, err := session.Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "certificate_path") || strings.Contains(string(data), "certificate_env") {
			t.Errorf("%s: the old fields are written again:\n%s", tc.name, data)
		}
		again, err := session.Decode(data)
		if err != nil || !slices.Equal(again.Authentication.CertificateMoved, tc.want) {
			t.Errorf("%s: read back: %v %+v", tc.name, err, again)
		}
	}
	// No path: the old fields just go.
	s, err := session.Decode(base(`{"certificate_env": "tt02"}`, `[]`))
	if err != nil || s.Authentication.Certificates != nil || s.Authentication.CertificateMoved != nil {
		t.Fatalf("no path: %v %+v", err, s)
	}
}

// A copy shares no certificate (the map, its entries, their facts).
func TestCloneCertificates(t *testing.T) {
	s := sessiontest.Full(now)
	s.Authentication.Certificate(session.EnvTT02).Checked = &session.CertificateFacts{Subject: "CN=X"}
	s.Authentication.CertificateMoved = []string{session.EnvTT02}
	c := s.Clone()
	c.Authentication.Certificate(session.EnvTT02).Path = "/annen"
	c.Authentication.Certificates[session.EnvTT02].Checked.Subject = "CN=Y"
	c.Authentication.CertificateMoved[0] = "prod"
	delete(c.Authentication.Certificates, session.EnvProd)
	au := s.Authentication
	if au.CertificatePath(session.EnvTT02) == "/annen" ||
		au.Certificates[session.EnvTT02].Checked.Subject != "CN=X" || au.CertificateMoved[0] != session.EnvTT02 || au.CertificatePath(session.EnvProd) == "" {
		t.Fatalf("the copy shares certificates with the original: %+v", au)
	}
}
