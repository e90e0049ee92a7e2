package steps

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/store/keyringtest"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Helpers of the step 2 and step 3 tests (prefix ia).

// iaStart runs a screen's Init: a form's with iaForm, a keyring screen's
// with drive (every command waited for).
func iaStart(t *testing.T, s ui.Screen, keyring bool) ui.Screen {
	t.Helper()
	cmd := s.Init()
	if cmd == nil {
		return s
	}
	if !keyring {
		return driveForm(t, s, tea.BatchMsg{cmd})
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			if c != nil {
				s = drive(t, s, c())
			}
		}
		return s
	}
	return drive(t, s, msg)
}

var (
	iaEnter = tea.KeyMsg{Type: tea.KeyEnter}
	iaTab   = tea.KeyMsg{Type: tea.KeyTab}
	iaDown  = tea.KeyMsg{Type: tea.KeyDown}
	iaUp    = tea.KeyMsg{Type: tea.KeyUp}
	iaSpace = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	iaX     = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'x'}}
)

func iaPaste(s string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true}
}

var iaNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// iaContext is a context for a fresh session, with the real keyring when
// k is not nil (its secrets are deleted when the test ends).
func iaContext(t *testing.T, lang string, k store.Secrets) *ui.Context {
	t.Helper()
	sess := session.New("Kunde Blåbær", iaNow)
	sess.Answers.Vendor.OrgNumber = "123456785"
	if k != nil {
		sess.ID = keyringtest.SessionID()
		t.Cleanup(func() { k.DeleteAll(sess.ID, AltinnII(Deps{}).SecretNames()) })
	}
	return onTrack(&ui.Context{Session: sess, Lang: lang, NoColor: true, Width: 110, Height: 40},
		Deps{Secrets: k, Now: func() time.Time { return iaNow }})
}

func iaScreen(t *testing.T, step ui.Step, id string, ctx *ui.Context, field string) ui.Screen {
	t.Helper()
	for _, sc := range step.Screens {
		if sc.ID == id {
			s := sc.New(ctx, field)
			s.SetSize(ctx.Width, ctx.Height)
			return s
		}
	}
	t.Fatalf("step %s has no screen %q", step.ID, id)
	return nil
}

// iaProblems is the problems of a step as "screen field: message" lines.
func iaProblems(step ui.Step, ctx *ui.Context) []string {
	var out []string
	for _, p := range step.Problems(ctx) {
		out = append(out, p.Screen+" "+p.Field+": "+p.Message)
	}
	return out
}

// iaNoSecret checks a secret value is nowhere but in the keyring: not on
// the screen, not in the session file.
func iaNoSecret(t *testing.T, s ui.Screen, sess *session.Session, secret string) {
	t.Helper()
	if strings.Contains(s.View(), secret) {
		t.Fatal("the secret is on the screen")
	}
	data, err := session.Encode(sess)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), secret) {
		t.Fatal("the secret reached the session file")
	}
}

func TestIntegrationStepShape(t *testing.T) {
	t.Parallel()
	st := Integration(Deps{})
	if st.ID != session.StepIntegration || st.Title("nb") != "Integrasjon" || st.Title("en") != "Integration" {
		t.Fatalf("step %q %q", st.ID, st.Title("en"))
	}
	var ids []string
	for _, sc := range st.Screens {
		ids = append(ids, sc.ID)
	}
	if !slices.Equal(ids, []string{ScreenInterfaces, ScreenAPIKeys}) {
		t.Fatalf("screens %v", ids)
	}
	if i := slices.IndexFunc(AltinnII(Deps{}).Steps, func(s ui.Step) bool { return s.ID == session.StepIntegration }); i != 1 {
		t.Fatalf("integration is step %d", i+1)
	}
}

func TestIntegrationInterfacesScreen(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"nb", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			ctx := iaContext(t, lang, nil)
			ctx.Session.Answers.System.Environments = []string{session.EnvTT02}
			st := trackStep(t, ctx, session.StepIntegration)
			want := map[string][]string{
				"nb": {"Steg 2 av 6", "samme svar som i steg 1", "de fleste tjenestene i Altinn er SOAP-tjenester"},
				"en": {"Step 2 of 6", "the same answer as in step 1", "most services in Altinn are SOAP services"},
			}[lang]
			wantREST := map[string][]string{
				"nb": {"bare noen få tjenester er REST-tjenester", "«ApiKey: <nøkkel>»", "TT02 har sin egen nøkkel"},
				"en": {"only a few services are REST services", `"ApiKey: <key>"`, "TT02 has a key of its own"},
			}[lang]
			none := map[string]string{"nb": "Velg SOAP, REST eller begge", "en": "Choose SOAP, REST or both"}[lang]
			if got := iaProblems(st, ctx); !slices.Equal(got, []string{"interfaces system.interfaces: " + none}) {
				t.Fatalf("problems %q", got)
			}
			s := iaStart(t, iaScreen(t, st, ScreenInterfaces, ctx, ""), false)
			wantScreen(t, s, want...)
			if s.Field() != "system.interfaces" {
				t.Fatalf("field %q", s.Field())
			}
			s = driveForm(t, s, iaX, iaDown)
			wantScreen(t, s, wantREST...)
			s = driveForm(t, s, iaX)
			if got := ctx.Session.Answers.System.Interfaces; !slices.Equal(got, []string{"soap", "rest"}) {
				t.Fatalf("interfaces %v", got)
			}
			s = driveForm(t, s, iaEnter)
			if !s.Done() {
				t.Fatalf("not done:\n%s", s.View())
			}
			// REST without a key for TT02 (the only environment): a problem
			// that jumps to the key.
			msg := map[string]string{"nb": "API-nøkkelen for TT02 er verken bestilt eller lagret", "en": "The API key for TT02 is neither ordered nor stored"}[lang]
			if got := iaProblems(st, ctx); !slices.Equal(got, []string{"api_keys secret.rest-api-key-tt02: " + msg}) {
				t.Fatalf("problems %q", got)
			}
		})
	}
}

func TestIntegrationNoAPIKeyWithoutREST(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ lang, text string }{
		{"nb", "REST er ikke valgt, så dere trenger ingen API-nøkkel fra Altinn."},
		{"en", "REST is not chosen, so you need no API key from Altinn."},
	} {
		ctx := iaContext(t, c.lang, nil) // no keyring: none may be asked
		ctx.Session.Answers.System.Interfaces = []string{session.InterfaceSOAP}
		s := iaScreen(t, trackStep(t, ctx, session.StepIntegration), ScreenAPIKeys, ctx, "")
		if s.Init() != nil {
			t.Fatal("the screen does something without REST")
		}
		wantScreen(t, s, c.text)
		s, _ = s.Update(iaEnter)
		if !s.Done() {
			t.Fatal("enter does not continue")
		}
		if p := trackStep(t, ctx, session.StepIntegration).Problems(ctx); len(p) != 0 {
			t.Fatalf("problems without REST: %+v", p)
		}
	}
}

func TestIntegrationAPIKeysRealKeyring(t *testing.T) {
	k := keyringtest.Require(t)
	ctx := iaContext(t, "nb", k)
	sess := ctx.Session
	sess.Answers.System.Interfaces = []string{session.InterfaceREST}
	sess.Answers.System.Environments = []string{session.EnvTT02, session.EnvProd}
	st := trackStep(t, ctx, session.StepIntegration)
	const canaryTT02, canaryProd = "canary-tt02-Æ1x9-apikey", "canary-prod-Ø2y8-apikey"

	s := iaStart(t, iaScreen(t, st, ScreenAPIKeys, ctx, ""), true)
	wantScreen(t, s, "Samarbeidsportalen", "Saker > Ny sak > Altinn > Bestille > Tilganger > REST API", "2. desember 2025",
		"«ApiKey: <nøkkel>»", "egen nøkkel for TT02",
		"[ ] API-nøkkel for TT02 — ikke bestilt ennå", "[ ] API-nøkkel for PROD — ikke bestilt ennå",
		"○ API-nøkkel for TT02 — ikke satt", "altinn-onboard / "+sess.ID+"/rest-api-key-prod")
	if s.Field() != "integration.api_key_ordered.tt02" || s.Editing() {
		t.Fatalf("field %q, editing %v", s.Field(), s.Editing())
	}

	// Tick: ordered for TT02.
	s = drive(t, s, iaSpace)
	if !sess.Integration.APIKeyOrdered["tt02"] || sess.Integration.APIKeyOrdered["prod"] {
		t.Fatalf("ordered %v", sess.Integration.APIKeyOrdered)
	}
	wantScreen(t, s, "[x] API-nøkkel for TT02 — bestilt")
	if got := iaProblems(st, ctx); !slices.Equal(got, []string{
		"api_keys secret.rest-api-key-tt02: API-nøkkelen for TT02 er ikke lagret i nøkkelringen",
		"api_keys secret.rest-api-key-prod: API-nøkkelen for PROD er verken bestilt eller lagret",
	}) {
		t.Fatalf("problems %q", got)
	}

	// Down past the ticks into the keys; store the TT02 key.
	s = drive(t, s, iaDown)
	if s.Field() != "integration.api_key_ordered.prod" {
		t.Fatalf("field %q", s.Field())
	}
	s = drive(t, s, iaDown)
	if s.Field() != "secret.rest-api-key-tt02" {
		t.Fatalf("field %q", s.Field())
	}
	s = drive(t, s, iaEnter)
	if !s.Editing() {
		t.Fatal("enter did not open the key input")
	}
	s = drive(t, s, iaPaste(canaryTT02), iaEnter, iaPaste(canaryTT02))
	iaNoSecret(t, s, sess, canaryTT02)
	s = drive(t, s, iaEnter)
	if got, err := k.Get(sess.ID, SecretRESTAPIKeyTT02); err != nil || got != canaryTT02 {
		t.Fatalf("keyring has %q, %v", got, err)
	}
	wantScreen(t, s, "● API-nøkkel for TT02 — lagret", "API-nøkkel for TT02 er lagret i nøkkelringen.")
	iaNoSecret(t, s, sess, canaryTT02)
	if got := iaProblems(st, ctx); !slices.Equal(got, []string{
		"api_keys secret.rest-api-key-prod: API-nøkkelen for PROD er verken bestilt eller lagret",
	}) {
		t.Fatalf("problems %q", got)
	}

	// The PROD key, then back up into the ticks.
	s = drive(t, s, iaDown)
	s = drive(t, s, iaEnter)
	s = drive(t, s, iaPaste(canaryProd), iaEnter, iaPaste(canaryProd))
	s = drive(t, s, iaEnter)
	if got, _ := k.Get(sess.ID, SecretRESTAPIKeyProd); got != canaryProd {
		t.Fatalf("PROD key %q", got)
	}
	if p := st.Problems(ctx); len(p) != 0 {
		t.Fatalf("problems left: %+v", p)
	}
	iaNoSecret(t, s, sess, canaryProd)
	s = drive(t, s, iaUp)
	s = drive(t, s, iaUp)
	if s.Field() != "integration.api_key_ordered.prod" {
		t.Fatalf("up from the first key went to %q", s.Field())
	}
	s = drive(t, s, iaX)
	if !sess.Integration.APIKeyOrdered["prod"] {
		t.Fatalf("ordered %v", sess.Integration.APIKeyOrdered)
	}
	s = drive(t, s, iaTab)
	if !s.Done() {
		t.Fatal("tab does not continue")
	}

	// Resume on a key or a tick.
	for _, field := range []string{"secret.rest-api-key-prod", "integration.api_key_ordered.prod", "secret.rest-api-key-tt02"} {
		if got := iaScreen(t, st, ScreenAPIKeys, ctx, field).Field(); got != field {
			t.Errorf("resumed on %q, want %q", got, field)
		}
	}
	// A fresh screen finds the keys in the keyring, in English.
	ctx.Lang = "en"
	s = iaStart(t, iaScreen(t, st, ScreenAPIKeys, ctx, ""), true)
	wantScreen(t, s, "[x] API key for TT02 — ordered", "● API key for PROD — stored", "Since 2 December 2025")
	iaNoSecret(t, s, sess, canaryProd)
	iaNoSecret(t, s, sess, canaryTT02)
	if !hasRef(sess, SecretRESTAPIKeyTT02) || !hasRef(sess, SecretRESTAPIKeyProd) {
		t.Fatalf("references %+v", sess.Secrets)
	}
}

// Only the environments chosen in step 1 need a key.
func TestIntegrationAPIKeyOnlyForChosenEnvironments(t *testing.T) {
	t.Parallel()
	ctx := iaContext(t, "en", nil)
	sess := ctx.Session
	sess.Answers.System.Interfaces = []string{session.InterfaceSOAP, session.InterfaceREST}
	sess.Answers.System.Environments = []string{session.EnvProd}
	if got := iaProblems(trackStep(t, ctx, session.StepIntegration), ctx); !slices.Equal(got, []string{"api_keys secret.rest-api-key-prod: The API key for PROD is neither ordered nor stored"}) {
		t.Fatalf("problems %q", got)
	}
	s := iaScreen(t, trackStep(t, ctx, session.StepIntegration), ScreenAPIKeys, ctx, "")
	wantScreenNot(t, s, "API key for TT02")
	sess.SetSecretRef(session.SecretRef{Name: SecretRESTAPIKeyProd, Store: "os-keyring"})
	if p := trackStep(t, ctx, session.StepIntegration).Problems(ctx); len(p) != 0 {
		t.Fatalf("problems %+v", p)
	}
}
