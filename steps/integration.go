package steps

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Screen IDs of step 2, saved in the session's cursor: keep them stable.
const (
	ScreenInterfaces = "interfaces"
	ScreenAPIKeys    = "api_keys"
)

// Field keys of the API key screen's ticks: keyAPIKeyOrdered + "tt02".
const keyAPIKeyOrdered = "integration.api_key_ordered."

// Integration is step 2: choose SOAP, REST or both, and for REST order
// and keep the API keys (domain.md, "The six onboarding steps").
func Integration(d Deps) ui.Step {
	return ui.Step{
		ID:    session.StepIntegration,
		Title: func(lang string) string { return ui.T(lang, "Integrasjon", "Integration") },
		Screens: []ui.ScreenSpec{
			formSpec(ScreenInterfaces, "SOAP eller REST", "SOAP or REST", func(ctx *ui.Context) string {
				return stepOf(ctx, session.StepIntegration) + ctx.T(
					"Velg grensesnitt (samme svar som i steg "+stepNo(ctx, session.StepRegistration)+"). Velg begge hvis systemet bruker tjenester av begge slag.",
					"Choose the interfaces (the same answer as in step "+stepNo(ctx, session.StepRegistration)+"). Choose both if the system uses services of both kinds.")
			}, forms.InterfacesForm),
			{
				ID:    ScreenAPIKeys,
				Title: func(lang string) string { return ui.T(lang, "API-nøkler for REST", "API keys for REST") },
				New:   d.screen(newAPIKeyScreen),
			},
		},
		Problems:     integrationProblems,
		Remaining:    integrationRemaining,
		DoneWhenLeft: true,
	}
}

func restChosen(s *session.Session) bool {
	return slices.Contains(s.Answers.System.Interfaces, session.InterfaceREST)
}

func soapChosen(s *session.Session) bool {
	return slices.Contains(s.Answers.System.Interfaces, session.InterfaceSOAP)
}

// apiKeyEnvs are the environments that need a REST API key: those chosen
// in step 1, or both when none is chosen yet.
func apiKeyEnvs(s *session.Session) []string {
	var out []string
	for _, env := range session.Environments {
		if slices.Contains(s.Answers.System.Environments, env) {
			out = append(out, env)
		}
	}
	if len(out) == 0 {
		return slices.Clone(session.Environments)
	}
	return out
}

func apiKeySecret(env string) string {
	if env == session.EnvProd {
		return SecretRESTAPIKeyProd
	}
	return SecretRESTAPIKeyTT02
}

func envLabel(env string) string {
	if env == session.EnvProd {
		return "PROD"
	}
	return "TT02"
}

// integrationProblems lists what step 2 still lacks. It reads only the
// session (the secret references stand for the keyring), so it is cheap
// and safe to call from View.
func integrationProblems(ctx *ui.Context) []ui.Problem {
	s := ctx.Session
	if len(s.Answers.System.Interfaces) == 0 {
		return []ui.Problem{{Screen: ScreenInterfaces, Field: "system.interfaces",
			Message: ctx.T("Velg SOAP, REST eller begge", "Choose SOAP, REST or both")}}
	}
	// A value the form would refuse (from an answers file or an import).
	_, problems := forms.Check(s.Answers)
	if wrong := problems.Under("system.interfaces"); len(wrong) > 0 {
		return []ui.Problem{{Screen: ScreenInterfaces, Field: wrong[0].Path, Message: wrong[0].Message(formOptions(ctx).Lang)}}
	}
	if !restChosen(s) {
		return nil
	}
	var out []ui.Problem
	for _, env := range apiKeyEnvs(s) {
		name := apiKeySecret(env)
		if hasRef(s, name) {
			continue
		}
		msg := fmt.Sprintf(ctx.T("API-nøkkelen for %s er ikke lagret i nøkkelringen", "The API key for %s is not stored in the keyring"), envLabel(env))
		if !s.Integration.APIKeyOrdered[env] {
			msg = fmt.Sprintf(ctx.T("API-nøkkelen for %s er verken bestilt eller lagret", "The API key for %s is neither ordered nor stored"), envLabel(env))
		}
		out = append(out, ui.Problem{Screen: ScreenAPIKeys, Field: "secret." + name, Message: msg})
	}
	return out
}

// integrationRemaining is what is open in step 2 when nothing is wrong:
// REST keys not ordered for the environments of step 1.
func integrationRemaining(ctx *ui.Context) string {
	s := ctx.Session
	if !restChosen(s) {
		return ""
	}
	var missing []string
	for _, env := range s.Answers.System.Environments {
		if !s.Integration.APIKeyOrdered[env] {
			missing = append(missing, strings.ToUpper(env))
		}
	}
	if len(missing) > 0 {
		return ctx.T("API-nøkkel ikke bestilt for ", "API key not ordered for ") + strings.Join(missing, ", ")
	}
	return ""
}

// newAPIKeyScreen is step 2's second screen: without REST it says no API
// key is needed; with REST it is an apiKeyScreen.
func newAPIKeyScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	if !restChosen(ctx.Session) {
		return ui.NewInfoScreen(ctx, ctx.T(
			"REST er ikke valgt, så dere trenger ingen API-nøkkel fra Altinn. SOAP-tjenestene bruker ingen API-nøkkel.\n\nTrykk enter for å gå videre.",
			"REST is not chosen, so you need no API key from Altinn. The SOAP services use no API key.\n\nPress enter to continue."))
	}
	s := &apiKeyScreen{ctx: ctx, envs: apiKeyEnvs(ctx.Session), onTicks: true}
	var specs []SecretSpec
	for _, env := range s.envs {
		host := "https://tt02.altinn.no"
		if env == session.EnvProd {
			host = "https://www.altinn.no"
		}
		specs = append(specs, SecretSpec{
			Name:    apiKeySecret(env),
			LabelNB: "API-nøkkel for " + envLabel(env),
			LabelEN: "API key for " + envLabel(env),
			HelpNB:  "Sendes i HTTP-hodet «ApiKey: <nøkkel>» i hvert REST-kall mot " + host + ". Nøkkelen gjelder bare " + envLabel(env) + ".",
			HelpEN:  "Sent in the HTTP header \"ApiKey: <key>\" with every REST call to " + host + ". The key is for " + envLabel(env) + " only.",
		})
	}
	s.secrets = NewSecretsScreen(ctx, d, "", specs)
	s.keys.up = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", ctx.T("velg", "select")))
	s.keys.down = key.NewBinding(key.WithKeys("down", "j"))
	s.keys.toggle = key.NewBinding(key.WithKeys(" ", "x", "enter"), key.WithHelp("x", ctx.T("bestilt / ikke bestilt", "ordered / not ordered")))
	s.keys.next = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", ctx.T("videre", "continue")))
	switch {
	case strings.HasPrefix(field, keyAPIKeyOrdered):
		if i := slices.Index(s.envs, strings.TrimPrefix(field, keyAPIKeyOrdered)); i >= 0 {
			s.tick = i
		}
	case strings.HasPrefix(field, "secret."):
		s.secrets.Focus(field)
		if s.secrets.Field() == field {
			s.onTicks = false
		}
	}
	if s.onTicks {
		s.secrets.menu.Cursor = -1 // no secret is selected while a tick is
	}
	return s
}

// apiKeyScreen explains how to order the REST API keys, records per
// environment that a key is ordered, and keeps the keys in the keyring
// through an embedded SecretsScreen below the ticks. The cursor moves
// from the last tick into the list of keys and back.
type apiKeyScreen struct {
	ctx     *ui.Context
	envs    []string
	secrets *SecretsScreen
	onTicks bool
	tick    int
	done    bool
	width   int
	keys    struct{ up, down, toggle, next key.Binding }
}

func (s *apiKeyScreen) Init() tea.Cmd { return s.secrets.Init() }

// HandleBack closes the key input or the delete question first.
func (s *apiKeyScreen) HandleBack() (bool, tea.Cmd) { return s.secrets.HandleBack() }

func (s *apiKeyScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	k, isKey := msg.(tea.KeyMsg)
	if !isKey || s.secrets.asking() {
		_, cmd := s.secrets.Update(msg)
		return s, cmd
	}
	if key.Matches(k, s.keys.next) {
		s.done = true
		return s, nil
	}
	if s.onTicks {
		switch {
		case key.Matches(k, s.keys.up):
			s.tick = max(0, s.tick-1)
		case key.Matches(k, s.keys.down):
			if s.tick+1 < len(s.envs) {
				s.tick++
			} else {
				s.onTicks, s.secrets.menu.Cursor = false, 0
			}
		case key.Matches(k, s.keys.toggle):
			in := &s.ctx.Session.Integration
			if in.APIKeyOrdered == nil {
				in.APIKeyOrdered = map[string]bool{}
			}
			env := s.envs[s.tick]
			if in.APIKeyOrdered[env] {
				delete(in.APIKeyOrdered, env)
			} else {
				in.APIKeyOrdered[env] = true
			}
		}
		return s, nil
	}
	if key.Matches(k, s.keys.up) && s.secrets.menu.Cursor == 0 {
		s.onTicks, s.tick, s.secrets.menu.Cursor = true, len(s.envs)-1, -1
		s.secrets.msg.Clear()
		return s, nil
	}
	_, cmd := s.secrets.Update(msg)
	return s, cmd
}

func (s *apiKeyScreen) View() string {
	st := s.ctx.Styles()
	w := max(20, min(s.width, 100))
	para := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	b.WriteString(para.Render(s.ctx.T(
		"REST krever en API-nøkkel fra Altinn, sendt i HTTP-hodet «ApiKey: <nøkkel>», og en egen nøkkel for TT02. Siden 2. desember 2025 bestilles den i Samarbeidsportalen (samarbeid.digdir.no): Saker > Ny sak > Altinn > Bestille > Tilganger > REST API.",
		"REST needs an API key from Altinn, sent in the HTTP header \"ApiKey: <key>\", and a separate key for TT02. Since 2 December 2025 it is ordered in Samarbeidsportalen (samarbeid.digdir.no): Saker > Ny sak > Altinn > Bestille > Tilganger > REST API.")) + "\n\n")
	b.WriteString(st.Heading.Render(s.ctx.T("Bestilt", "Ordered")) + "\n")
	for i, env := range s.envs {
		box, state := "[ ]", s.ctx.T("ikke bestilt ennå", "not ordered yet")
		if s.ctx.Session.Integration.APIKeyOrdered[env] {
			box, state = "[x]", s.ctx.T("bestilt", "ordered")
		}
		line := fmt.Sprintf("%s %s — %s", box, fmt.Sprintf(s.ctx.T("API-nøkkel for %s", "API key for %s"), envLabel(env)), state)
		if s.onTicks && i == s.tick {
			b.WriteString(st.Selected.Render("▶ "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	b.WriteString("\n" + st.Heading.Render(fmt.Sprintf(s.ctx.T("Nøklene (bare i %s)", "The keys (in %s only)"), s.secrets.Place())) + "\n")
	b.WriteString(s.secrets.View())
	return b.String()
}

func (s *apiKeyScreen) SetSize(w, h int) {
	s.width = w
	s.secrets.SetSize(w, h)
}

func (s *apiKeyScreen) KeyBindings() []key.Binding {
	if s.onTicks {
		return []key.Binding{s.keys.up, s.keys.toggle, s.keys.next}
	}
	return s.secrets.KeyBindings()
}

func (s *apiKeyScreen) Done() bool    { return s.done || s.secrets.Done() }
func (s *apiKeyScreen) Editing() bool { return s.secrets.Editing() }
func (s *apiKeyScreen) Field() string {
	if s.onTicks {
		return keyAPIKeyOrdered + s.envs[s.tick]
	}
	return s.secrets.Field()
}
