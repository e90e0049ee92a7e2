package forms

import (
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// optionLabel is a stored value of a choice and what the form calls it;
// the note is said after the name in the form ("SOAP — most services"),
// left out where the answer is shown (a review).
type optionLabel struct {
	value, nb, en  string
	noteNB, noteEN string
}

// choiceLabels are the options of step 1's choices, by field key: the one
// source of their names, for the forms and for every review of the
// answers.
var choiceLabels = map[string][]optionLabel{
	"system.category": {
		{value: "accounting", nb: "Regnskap", en: "Accounting"},
		{value: "payroll", nb: "Lønn", en: "Payroll"},
		{value: "hr", nb: "HR/personal", en: "HR"},
		{value: "archive", nb: "Arkiv", en: "Archive"},
		{value: "agriculture", nb: "Landbruk", en: "Agriculture"},
		{value: "other", nb: "Annet", en: "Other"},
	},
	"system.interfaces": {
		{value: session.InterfaceSOAP, nb: "SOAP", en: "SOAP", noteNB: "de fleste tjenestene", noteEN: "most services"},
		{value: session.InterfaceREST, nb: "REST", en: "REST", noteNB: "noen få tjenester; krever API-nøkkel fra Altinn", noteEN: "a few services; needs an API key from Altinn"},
	},
	"system.auth_methods": {
		{value: session.AuthSystemIDPassword, nb: "SystemID + passord (SOAP)", en: "SystemID + password (SOAP)"},
		{value: session.AuthEnterpriseCertificate, nb: "Virksomhetssertifikat", en: "Enterprise certificate"},
		{value: session.AuthIDPorten, nb: "ID-porten (REST, for personer)", en: "ID-porten (REST, for persons)"},
		{value: session.AuthMaskinporten, nb: "Maskinporten med virksomhetsbruker (REST)", en: "Maskinporten with an enterprise user (REST)"},
		{value: session.AuthUsernamePassword, nb: "Altinn brukernavn/passord (REST, svakest)", en: "Altinn username/password (REST, weakest)"},
	},
	"system.environments": {
		{value: session.EnvTT02, nb: "TT02 (test)", en: "TT02 (test)"},
		{value: session.EnvProd, nb: "PROD (produksjon)", en: "PROD (production)"},
	},
}

func (o optionLabel) name(l Lang) string {
	if l == EN {
		return o.en
	}
	return o.nb
}

// ChoiceLabel is what the form at key calls the stored value v, in l
// ("accounting" is "Regnskap"); a value it does not offer is returned as
// it is.
func ChoiceLabel(key, v string, l Lang) string {
	k := strings.ToLower(strings.TrimSpace(v))
	for _, o := range choiceLabels[fieldKey(key)] {
		if o.value == k {
			return o.name(l)
		}
	}
	return v
}

// ChoiceLabels is ChoiceLabel of each value, joined by ", ".
func ChoiceLabels(key string, vs []string, l Lang) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = ChoiceLabel(key, v, l)
	}
	return strings.Join(out, ", ")
}

// options are the form's options of the choice at key, with their notes.
func (b *builder) options(key string) []huh.Option[string] {
	var opts []huh.Option[string]
	for _, o := range choiceLabels[key] {
		label := o.name(b.o.Lang)
		if note := b.tr(o.noteNB, o.noteEN); note != "" {
			label += " — " + note
		}
		opts = append(opts, huh.NewOption(label, o.value))
	}
	return opts
}
