package templates

import (
	"fmt"
	"regexp"
	"strings"
)

// malformedPlaceholder is a placeholder Check found wrong: as written, the
// part it is in, and why (one of the bad* reasons, in English).
type malformedPlaceholder struct{ text, part, why string }

// The reasons a placeholder is malformed.
const (
	badUnclosed   = "unclosed {{"
	badName       = "placeholder names may only hold a-z, 0-9 and _"
	badOutsideRow = "must be inside a table row (the row is repeated per service)"
)

// badNB is each reason in Norwegian.
var badNB = map[string]string{
	badUnclosed:   "{{ uten }}",
	badName:       "navnet på en plassholder kan bare ha a–z, 0–9 og _",
	badOutsideRow: "må stå i en tabellrad (raden gjentas for hver tjeneste)",
}

func (r *CheckReport) addMalformed(text, part, why string) {
	r.Malformed = append(r.Malformed, fmt.Sprintf("%q in %s: %s", text, part, why))
	r.malformed = append(r.malformed, malformedPlaceholder{text, part, why})
}

// MalformedIn is Malformed in lang ("nb" or "en").
func (r CheckReport) MalformedIn(lang string) []string {
	if lang == "en" {
		return r.Malformed
	}
	out := make([]string, len(r.malformed))
	for i, m := range r.malformed {
		why := m.why
		if nb, ok := badNB[why]; ok {
			why = nb
		}
		out[i] = fmt.Sprintf("«%s» i %s: %s", m.text, m.part, why)
	}
	return out
}

func dedupeMalformed(list []malformedPlaceholder) []malformedPlaceholder {
	seen := map[malformedPlaceholder]bool{}
	out := list[:0]
	for _, m := range list {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}

// fieldsNB are the fields' descriptions and groups in Norwegian, by name
// (Field.Describe).
var fieldsNB = map[string][2]string{
	"vendor_name":        {"Leverandørens (systemleverandørens) navn", "Leverandør"},
	"vendor_org_number":  {"Leverandørens organisasjonsnummer (9 siffer, skrevet 974 760 673)", "Leverandør"},
	"vendor_address":     {"Leverandørens gateadresse (kan gå over flere linjer)", "Leverandør"},
	"vendor_postal_code": {"Leverandørens postnummer", "Leverandør"},
	"vendor_city":        {"Leverandørens poststed", "Leverandør"},

	"contact_name":  {"Kontaktperson: navn", "Kontaktperson"},
	"contact_email": {"Kontaktperson: e-post", "Kontaktperson"},
	"contact_phone": {"Kontaktperson: telefon (skrevet +47 912 34 567)", "Kontaktperson"},

	"technical_contact_name":  {"Teknisk kontakt: navn («Ikke oppgitt» når det ikke er noen)", "Teknisk kontakt"},
	"technical_contact_email": {"Teknisk kontakt: e-post («–» når det ikke er noen)", "Teknisk kontakt"},
	"technical_contact_phone": {"Teknisk kontakt: telefon («–» når det ikke er noen)", "Teknisk kontakt"},

	"system_name":          {"Datasystemets navn, slik kundene ser det i Altinn", "Datasystem"},
	"system_version":       {"Datasystemets versjon", "Datasystem"},
	"system_description":   {"Kort beskrivelse av datasystemet", "Datasystem"},
	"system_category":      {"Kategorien på norsk (Regnskap, Lønn, HR/personal, Arkiv, Landbruk, Annet)", "Datasystem"},
	"category_accounting":  {"Kategorien er regnskap", "Datasystem"},
	"category_payroll":     {"Kategorien er lønn", "Datasystem"},
	"category_hr":          {"Kategorien er HR/personal", "Datasystem"},
	"category_archive":     {"Kategorien er arkiv", "Datasystem"},
	"category_agriculture": {"Kategorien er landbruk", "Datasystem"},
	"category_other":       {"Kategorien er annet, også krysset av for en ukjent kategori", "Datasystem"},

	"interface_soap": {"Bruker SOAP-grensesnittet", "Grensesnitt"},
	"interface_rest": {"Bruker REST-grensesnittet", "Grensesnitt"},

	"auth_systemid_password":      {"Planlagt autentisering: SystemID + systempassord (SOAP)", "Autentisering"},
	"auth_enterprise_certificate": {"Planlagt autentisering: virksomhetssertifikat", "Autentisering"},
	"auth_idporten":               {"Planlagt autentisering: ID-porten", "Autentisering"},
	"auth_maskinporten":           {"Planlagt autentisering: virksomhetsbruker + Maskinporten", "Autentisering"},
	"auth_username_password":      {"Planlagt autentisering: Altinn-brukernavn + passord", "Autentisering"},

	"env_tt02": {"Miljøet TT02 (test)", "Miljøer"},
	"env_prod": {"Miljøet PROD (produksjon)", "Miljøer"},

	"service_code":    {"Tjenestekode; tabellraden gjentas for hver tjeneste", "Tjenester"},
	"service_edition": {"Utgavekode (i samme rad som service_code)", "Tjenester"},
	"service_name":    {"Tjenestenavn (i samme rad som service_code)", "Tjenester"},
	"services_list":   {"Alle tjenestene, én per linje: kode/utgave navn (for maler uten tjenestetabell)", "Tjenester"},

	"signs_for_users_yes":         {"Systemet signerer på vegne av brukerne: ja", "Signering og preutfylling"},
	"signs_for_users_no":          {"Systemet signerer på vegne av brukerne: nei", "Signering og preutfylling"},
	"uses_prefill_yes":            {"Systemet henter preutfylte data: ja", "Signering og preutfylling"},
	"uses_prefill_no":             {"Systemet henter preutfylte data: nei", "Signering og preutfylling"},
	"stores_user_credentials_yes": {"Systemet lagrer brukernes påloggingsdata eller koder: ja", "Signering og preutfylling"},
	"stores_user_credentials_no":  {"Systemet lagrer brukernes påloggingsdata eller koder: nei", "Signering og preutfylling"},
	"security_measures":           {"Tilgangskontroll, logging og andre sikkerhetstiltak", "Signering og preutfylling"},

	"signer_place": {"Stedet dokumentene signeres", "Underskrift"},
	"signer_date":  {"Datoen for signering, dd.mm.åååå (dagens dato når den ikke er oppgitt)", "Underskrift"},
	"signer_name":  {"Navnet på den som har fullmakt til å signere", "Underskrift"},
	"signer_role":  {"Rollen eller stillingen til den som signerer", "Underskrift"},

	"document_date":  {"Dagen dokumentet lages, dd.mm.åååå", "Dokument"},
	"status_checked": {"Dagen opplysningene om at Altinn II er stengt sist ble sjekket, dd.mm.åååå", "Dokument"},
}

// Describe is the field's description and group in lang ("nb" or "en").
func (f Field) Describe(lang string) (description, group string) {
	if lang != "en" {
		if nb, ok := fieldsNB[f.Name]; ok {
			return nb[0], nb[1]
		}
	}
	return f.Description, f.Group
}

// placeholderNB says a PlaceholderError's problems in Norwegian: each
// pattern of fillPart's English and its translation.
var placeholderNB = []struct {
	re *regexp.Regexp
	nb string
}{
	{regexp.MustCompile(`^malformed placeholder "(.*)" \((.*)\) in (\S+)$`), "feilskrevet plassholder «$1» ($2) i $3"},
	{regexp.MustCompile(`^placeholder \{\{(\w+)\}\} has no value in (\S+)$`), "plassholderen {{$1}} har ingen verdi i $2"},
	{regexp.MustCompile(`^unknown placeholder \{\{(\w+)\}\} in (\S+)$`), "ukjent plassholder {{$1}} i $2"},
	{regexp.MustCompile(`^placeholder \{\{(\w+)\}\} must be inside a table row \(the row is repeated per service\) in (\S+)$`), "plassholderen {{$1}} må stå i en tabellrad (raden gjentas for hver tjeneste) i $2"},
}

// Text is the error in lang: English for "en", else Norwegian bokmål.
func (e *PlaceholderError) Text(lang string) string {
	if lang == "en" {
		return e.Error()
	}
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
		for _, t := range placeholderNB {
			if loc := t.re.FindStringSubmatchIndex(p); loc != nil {
				s := string(t.re.ExpandString(nil, t.nb, p, loc))
				for en, nb := range badNB {
					s = strings.Replace(s, "("+en+")", "("+nb+")", 1)
				}
				out[i] = s
				break
			}
		}
	}
	return fmt.Sprintf("%s: %s", e.Doc, strings.Join(out, "; "))
}
