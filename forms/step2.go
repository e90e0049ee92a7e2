package forms

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// InterfacesForm asks which interfaces the system uses (step 2: SOAP,
// REST or both). It edits System.Interfaces, the answer step 1 asks for
// too, so the two steps can never disagree. The field's description
// explains the option under the cursor.
func InterfacesForm(a *session.Answers, o FormOptions) *huh.Form {
	b := newBuilder(o)
	b.describedMulti("system.interfaces", &a.System.Interfaces,
		b.tr("Grensesnitt", "Interfaces"),
		[]huh.Option[string]{
			huh.NewOption(b.tr("SOAP — de fleste tjenestene", "SOAP — most services"), session.InterfaceSOAP),
			huh.NewOption(b.tr("REST — noen få tjenester; krever API-nøkkel fra Altinn", "REST — a few services; needs an API key from Altinn"), session.InterfaceREST),
		},
		map[string]string{
			session.InterfaceSOAP: b.tr(
				"SOAP: de fleste tjenestene i Altinn er SOAP-tjenester.\n"+
					"Systemet logger inn med SystemID og passord, eller virksomhetssertifikat.",
				"SOAP: most services in Altinn are SOAP services.\n"+
					"It logs in with a SystemID and password, or an enterprise certificate."),
			session.InterfaceREST: b.tr(
				"REST: bare noen få tjenester er REST-tjenester. Krever en API-nøkkel fra\n"+
					"Altinn i HTTP-hodet «ApiKey: <nøkkel>»; TT02 har sin egen nøkkel.",
				"REST: only a few services are REST services. Needs an API key from\n"+
					"Altinn in the HTTP header \"ApiKey: <key>\"; TT02 has a key of its own."),
		})
	return b.form(
		b.tr("SOAP, REST eller begge", "SOAP, REST or both"),
		b.tickHint())
}

// describedMulti adds a multi-select that validates with the rule of its
// key and whose description explains the option under the cursor (about[value]),
// so every option has its explanation without the screen having room for
// all of them at once. Accessible mode, which has no cursor, says each
// option's explanation with the option (Choice.Description).
func (b *builder) describedMulti(key string, p *[]string, title string, opts []huh.Option[string], about map[string]string) {
	validate := b.st.set(key)
	ms := huh.NewMultiSelect[string]().
		Key(key).
		Title(title).
		Options(opts...).
		Filterable(false).
		Value(p).
		Validate(validate)
	h := &hoverDescribed{MultiSelect: ms, about: about}
	h.describe()
	f := b.add(h, nil)
	f.probe = func(v any) error { return validate(v.([]string)) }
	f.question = multiQuestion(key, title, "", opts, about, p, validate)
}

// hoverDescribed is a MultiSelect whose description follows its cursor.
type hoverDescribed struct {
	*huh.MultiSelect[string]
	about map[string]string
}

func (h *hoverDescribed) describe() {
	if v, ok := h.Hovered(); ok {
		h.Description(h.about[v])
	}
}

// Update implements tea.Model; it returns the wrapper so the form keeps it.
func (h *hoverDescribed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := h.MultiSelect.Update(msg)
	if ms, ok := m.(*huh.MultiSelect[string]); ok {
		h.MultiSelect = ms
	}
	h.describe()
	return h, cmd
}
