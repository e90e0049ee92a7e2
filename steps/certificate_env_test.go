package steps

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// A session from before each environment had its certificate: its one
// certificate (said to be for TT02) is TT02's now, the certificate
// screen and the check say so, the one password stored then still opens
// it, and once checked the note goes (issue 11 §5).
func TestOlderSessionsCertificateMoved(t *testing.T) {
	k := keyringtest.Require(t)
	ca := newCertAuthority(t, certTestCAName)
	path := writeCertFile(t, "virksomhet.p12", ca.p12(t, enterpriseSubject("123456785", ""), iaNow.AddDate(0, -1, 0), iaNow.AddDate(1, 0, 0), certPass))
	old := `{"schema_version": 3, "id": "` + keyringtest.SessionID() + `", "name": "Gammel", "track": "altinn2", "target": "tt02",
"answers": {"vendor": {"org_number": "123456785", "name": "", "address": "", "postal_code": "", "city": ""},
 "contact": {"name": "", "email": "", "phone": ""},
 "system": {"name": "", "version": "", "description": "", "category": "", "interfaces": ["soap"],
  "auth_methods": ["enterprise_certificate"], "environments": ["tt02", "prod"]},
 "declaration": {"security_measures": ""}, "signer": {"name": "", "role": "", "place": "", "date": ""}},
"authentication": {"certificate_path": "` + path + `", "certificate_env": "tt02"},
"secrets": [{"name": "certificate-password", "store": "os-keyring", "service": "altinn-onboard", "account": "x", "set_at": "2026-11-01T00:00:00Z"}],
"steps": {}}`
	sess, err := session.Decode([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.DeleteAll(sess.ID, AltinnII(Deps{}).SecretNames()) })
	if err := k.Set(sess.ID, SecretCertificatePassword, certPass); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"nb", "en"} {
		ctx := onTrack(&ui.Context{Session: sess, Lang: lang, NoColor: true, Width: 110, Height: 40},
			Deps{Secrets: k, Now: func() time.Time { return iaNow }})
		st := trackStep(t, ctx, session.StepAuthentication)
		note := ctx.T("Denne økten hadde ett sertifikat for alle miljøer. Nå har hvert miljø sitt eget, og filen "+path+" er satt som sertifikatet for TT02.",
			"This session had one certificate for every environment. Now each environment has its own, and the file "+path+" is set as the certificate for TT02.")
		s := iaStart(t, iaScreen(t, st, ScreenCertificate, ctx, ""), false)
		if lang == "nb" { // before the check
			wantScreen(t, s, note)
		}
		// PROD has no certificate yet: a problem of its own.
		if got := iaProblems(st, ctx); !slices.Equal(got, []string{"certificate authentication.certificates.prod.path: " + ctx.T(
			"Sertifikatfilen for PROD mangler (dere har valgt virksomhetssertifikat)",
			"The certificate file for PROD is missing (you chose an enterprise certificate)")}) {
			t.Fatalf("%s: problems %q", lang, got)
		}
		if lang == "en" {
			if sess.Authentication.CertificateMoved != nil {
				t.Fatalf("the note stayed after the check: %v", sess.Authentication.CertificateMoved)
			}
			wantScreenNot(t, s, "This session had one certificate")
			continue
		}
		c := iaStart(t, iaScreen(t, st, ScreenCertificateCheck, ctx, ""), true)
		wantScreen(t, c, note, "Fil "+path+" (for TT02)", "Organisasjonsnummer 123456785", "✓ Ingen advarsler.")
		if f := sess.Authentication.Certificates[session.EnvTT02].Checked; f == nil || f.Path != path || !f.TestCA {
			t.Fatalf("facts %+v", f)
		}
		if strings.Contains(screenText(c), "(for PROD)") {
			t.Fatalf("PROD checked without a file:\n%s", screenText(c))
		}
	}
}
