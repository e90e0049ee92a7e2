package templates

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// FieldKind says how a placeholder is rendered.
type FieldKind int

const (
	// Text is a single line; line breaks in the answer become spaces.
	Text FieldKind = iota
	// MultiLine keeps the answer's line breaks as real Word line breaks.
	MultiLine
	// Checkbox renders as ☒ (ticked) or ☐ (not ticked).
	Checkbox
	// Row is a per-service value: the table row holding it is repeated
	// once per service.
	Row
)

func (k FieldKind) String() string {
	switch k {
	case Text:
		return "text"
	case MultiLine:
		return "multiline"
	case Checkbox:
		return "checkbox"
	case Row:
		return "row"
	}
	return fmt.Sprintf("FieldKind(%d)", int(k))
}

// Field is one placeholder a template may use, written {{Name}}.
type Field struct {
	Name        string
	Description string
	Kind        FieldKind
	// Group is a short heading for listings ("Vendor", "Services", ...).
	Group string
}

// Placeholder returns the field as written in a template: {{name}}.
func (f Field) Placeholder() string { return "{{" + f.Name + "}}" }

// Checkbox glyphs.
const (
	Checked   = "☒"
	Unchecked = "☐"
)

// NoServices is the text of the single services row when no service is
// given.
const NoServices = "Ingen tjenester oppgitt"

var fields = []Field{
	{"vendor_name", "Vendor (systemleverandør) name", Text, "Vendor"},
	{"vendor_org_number", "Vendor organisation number (9 digits)", Text, "Vendor"},
	{"vendor_address", "Vendor street address (may span lines)", MultiLine, "Vendor"},
	{"vendor_postal_code", "Vendor postcode", Text, "Vendor"},
	{"vendor_city", "Vendor city (poststed)", Text, "Vendor"},

	{"contact_name", "Contact person: name", Text, "Contact person"},
	{"contact_email", "Contact person: e-mail", Text, "Contact person"},
	{"contact_phone", "Contact person: phone", Text, "Contact person"},

	{"technical_contact_name", "Technical contact: name (\"Ikke oppgitt\" when none)", Text, "Technical contact"},
	{"technical_contact_email", "Technical contact: e-mail (\"–\" when none)", Text, "Technical contact"},
	{"technical_contact_phone", "Technical contact: phone (\"–\" when none)", Text, "Technical contact"},

	{"system_name", "Datasystem name exactly as customers will see it in Altinn", Text, "Datasystem"},
	{"system_version", "Datasystem version", Text, "Datasystem"},
	{"system_description", "Short description of the datasystem", MultiLine, "Datasystem"},
	{"system_category", "Category in Norwegian (Regnskap, Lønn, HR/personal, Arkiv, Landbruk, Annet)", Text, "Datasystem"},
	{"category_accounting", "Category is accounting (Regnskap)", Checkbox, "Datasystem"},
	{"category_payroll", "Category is payroll (Lønn)", Checkbox, "Datasystem"},
	{"category_hr", "Category is HR (HR/personal)", Checkbox, "Datasystem"},
	{"category_archive", "Category is archive (Arkiv)", Checkbox, "Datasystem"},
	{"category_agriculture", "Category is agriculture (Landbruk)", Checkbox, "Datasystem"},
	{"category_other", "Category is other (Annet), also ticked for an unknown category", Checkbox, "Datasystem"},

	{"interface_soap", "Uses the SOAP interface", Checkbox, "Interfaces"},
	{"interface_rest", "Uses the REST interface", Checkbox, "Interfaces"},

	{"auth_systemid_password", "Planned authentication: SystemID + system password (SOAP)", Checkbox, "Authentication"},
	{"auth_enterprise_certificate", "Planned authentication: enterprise certificate (virksomhetssertifikat)", Checkbox, "Authentication"},
	{"auth_idporten", "Planned authentication: ID-porten", Checkbox, "Authentication"},
	{"auth_maskinporten", "Planned authentication: enterprise user + Maskinporten", Checkbox, "Authentication"},
	{"auth_username_password", "Planned authentication: Altinn username + password", Checkbox, "Authentication"},

	{"env_tt02", "Environment TT02 (test)", Checkbox, "Environments"},
	{"env_prod", "Environment PROD (production)", Checkbox, "Environments"},

	{"service_code", "Service code; its table row is repeated per service", Row, "Services"},
	{"service_edition", "Service edition code (same row as service_code)", Row, "Services"},
	{"service_name", "Service name (same row as service_code)", Row, "Services"},
	{"services_list", "All services, one per line: code/edition name (for templates without a services table)", MultiLine, "Services"},

	{"signs_for_users_yes", "The system signs on behalf of users: yes", Checkbox, "Signing and prefill"},
	{"signs_for_users_no", "The system signs on behalf of users: no", Checkbox, "Signing and prefill"},
	{"uses_prefill_yes", "The system fetches prefill data: yes", Checkbox, "Signing and prefill"},
	{"uses_prefill_no", "The system fetches prefill data: no", Checkbox, "Signing and prefill"},
	{"stores_user_credentials_yes", "The system stores user credentials or PINs: yes", Checkbox, "Signing and prefill"},
	{"stores_user_credentials_no", "The system stores user credentials or PINs: no", Checkbox, "Signing and prefill"},
	{"security_measures", "Access control, logging and other security measures", MultiLine, "Signing and prefill"},

	{"signer_place", "Place of signing", Text, "Signature"},
	{"signer_date", "Date of signing, dd.mm.yyyy (today when not given)", Text, "Signature"},
	{"signer_name", "Name of the authorised signer", Text, "Signature"},
	{"signer_role", "Role or position of the authorised signer", Text, "Signature"},

	{"document_date", "The day the document is made, dd.mm.yyyy", Text, "Document"},
	{"status_checked", "The day the facts about Altinn II's closure were last checked, dd.mm.yyyy", Text, "Document"},
}

var fieldByName = func() map[string]Field {
	m := make(map[string]Field, len(fields))
	for _, f := range fields {
		m[f.Name] = f
	}
	return m
}()

// Fields returns every placeholder a template may use, grouped in form
// order.
func Fields() []Field { return slices.Clone(fields) }

// LookupField returns the field called name.
func LookupField(name string) (Field, bool) {
	f, ok := fieldByName[name]
	return f, ok
}

// required lists the fields each embedded template must carry; a test
// keeps the template sources and this list in step.
var required = map[Doc][]string{
	Bestilling: {
		"vendor_name", "vendor_org_number", "vendor_address", "vendor_postal_code", "vendor_city",
		"contact_name", "contact_email", "contact_phone",
		"technical_contact_name", "technical_contact_email", "technical_contact_phone",
		"system_name", "system_version", "system_description",
		"category_accounting", "category_payroll", "category_hr", "category_archive", "category_agriculture", "category_other",
		"interface_soap", "interface_rest",
		"auth_systemid_password", "auth_enterprise_certificate", "auth_idporten", "auth_maskinporten", "auth_username_password",
		"env_tt02", "env_prod",
		"service_code", "service_edition", "service_name",
		"signs_for_users_yes", "signs_for_users_no", "uses_prefill_yes", "uses_prefill_no",
		"signer_place", "signer_date", "signer_name", "signer_role",
	},
	Egenerklaering: {
		"vendor_name", "vendor_org_number", "system_name", "system_version",
		"signs_for_users_yes", "signs_for_users_no", "uses_prefill_yes", "uses_prefill_no",
		"stores_user_credentials_yes", "stores_user_credentials_no", "security_measures",
		"signer_place", "signer_date", "signer_name", "signer_role",
	},
}

// Data is what a template is filled with: one value per field, already
// rendered as text (checkboxes as ☒/☐), and one value set per services row.
// Values are raw text: the filler sanitizes and XML-escapes them.
type Data struct {
	Values   map[string]string
	Services []map[string]string
	// Show says which conditional sections hold (see applySections);
	// a condition it does not name keeps its paragraphs.
	Show map[string]bool
}

var categoryNames = map[string]string{
	"accounting":  "Regnskap",
	"payroll":     "Lønn",
	"hr":          "HR/personal",
	"archive":     "Arkiv",
	"agriculture": "Landbruk",
	"other":       "Annet",
}

// CategoryName returns the Norwegian name of a category ("accounting" →
// "Regnskap"); an unknown category is returned unchanged.
func CategoryName(c string) string {
	if n, ok := categoryNames[strings.ToLower(strings.TrimSpace(c))]; ok {
		return n
	}
	return c
}

func box(b bool) string {
	if b {
		return Checked
	}
	return Unchecked
}

// FormatDate turns the signer's date (YYYY-MM-DD, or written the
// Norwegian way: see nofmt.ParseDate) into dd.mm.yyyy; empty means today.
func FormatDate(s string, today time.Time) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return today.Format(nofmt.NorwegianDate), nil
	}
	if t, ok := nofmt.ParseDate(s); ok {
		return t.Format(nofmt.NorwegianDate), nil
	}
	return "", &DateError{Date: s}
}

// DateError is a signer's date that is not a date. The answers check
// refuses one first; this is for a caller that did not check.
type DateError struct{ Date string }

func (e *DateError) Error() string { return e.Text("en") }

// Text is the message in lang ("nb" or "en").
func (e *DateError) Text(lang string) string {
	if lang == "en" {
		return fmt.Sprintf("the signer's date %q is not a date (write it as YYYY-MM-DD or DD.MM.YYYY)", e.Date)
	}
	return fmt.Sprintf("underskriverens dato «%s» er ikke en dato (skriv den som DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD)", e.Date)
}

// Values maps the answers to the values of every field. today is used when
// the signer's date is empty. The only error is an unparsable signer date.
func Values(a *session.Answers, today time.Time) (*Data, error) {
	if a == nil {
		a = &session.Answers{}
	}
	date, err := FormatDate(a.Signer.Date, today)
	if err != nil {
		return nil, err
	}
	v := textValues(a, date, today)
	technicalContactValues(v, a.TechnicalContact)
	checkboxValues(v, a)
	d := &Data{Values: v, Show: conditions(a)}
	d.Services, v["services_list"] = serviceValues(a.System.Services)
	return d, nil
}

// textValues are the fields that are an answer as it is.
func textValues(a *session.Answers, date string, today time.Time) map[string]string {
	return map[string]string{
		"vendor_name":        a.Vendor.Name,
		"vendor_org_number":  nofmt.OrgNumber(a.Vendor.OrgNumber),
		"vendor_address":     a.Vendor.Address,
		"vendor_postal_code": a.Vendor.PostalCode,
		"vendor_city":        a.Vendor.City,

		"contact_name":  a.Contact.Name,
		"contact_email": a.Contact.Email,
		"contact_phone": nofmt.Phone(a.Contact.Phone),

		"system_name":        a.System.Name,
		"system_version":     a.System.Version,
		"system_description": a.System.Description,
		"system_category":    CategoryName(a.System.Category),
		"security_measures":  a.Declaration.SecurityMeasures,

		"signer_place": a.Signer.Place,
		"signer_date":  date,
		"signer_name":  a.Signer.Name,
		"signer_role":  a.Signer.Role,

		"document_date":  today.Format(nofmt.NorwegianDate),
		"status_checked": StatusCheckedText(""),
	}
}

// technicalContactValues: the technical contact, or "not given".
func technicalContactValues(v map[string]string, tc *session.Person) {
	if tc != nil && (tc.Name != "" || tc.Email != "" || tc.Phone != "") {
		v["technical_contact_name"] = tc.Name
		v["technical_contact_email"] = tc.Email
		v["technical_contact_phone"] = nofmt.Phone(tc.Phone)
	} else {
		v["technical_contact_name"] = "Ikke oppgitt"
		v["technical_contact_email"] = "–"
		v["technical_contact_phone"] = "–"
	}
}

// checkboxValues ticks the boxes of the category, the interfaces, the
// authentication methods, the environments and the yes/no questions.
func checkboxValues(v map[string]string, a *session.Answers) {
	cat := strings.ToLower(strings.TrimSpace(a.System.Category))
	_, known := categoryNames[cat]
	for _, c := range session.Categories {
		v["category_"+c] = box(cat == c || (c == "other" && cat != "" && !known))
	}
	has := func(list []string, x string) bool {
		for _, s := range list {
			if strings.EqualFold(strings.TrimSpace(s), x) {
				return true
			}
		}
		return false
	}
	for _, i := range session.Interfaces {
		v["interface_"+i] = box(has(a.System.Interfaces, i))
	}
	for _, m := range session.AuthMethods {
		v["auth_"+m] = box(has(a.System.AuthMethods, m))
	}
	for _, e := range session.Environments {
		v["env_"+e] = box(has(a.System.Environments, e))
	}
	yesNo := func(name string, b *bool) {
		v[name+"_yes"] = box(b != nil && *b)
		v[name+"_no"] = box(b != nil && !*b)
	}
	yesNo("signs_for_users", a.Declaration.SignsForUsers)
	yesNo("uses_prefill", a.Declaration.UsesPrefill)
	yesNo("stores_user_credentials", a.Declaration.StoresUserCredentials)
}

// serviceValues are the rows of the services table, and the services as
// one list, one per line; a row saying there are none when there are
// none.
func serviceValues(services []session.Service) (rows []map[string]string, list string) {
	var lines []string
	for _, s := range services {
		rows = append(rows, map[string]string{
			"service_code":    s.Code,
			"service_edition": s.Edition,
			"service_name":    s.Name,
		})
		line := s.Code
		if s.Edition != "" {
			line += "/" + s.Edition
		}
		if s.Name != "" {
			line += " " + s.Name
		}
		lines = append(lines, line)
	}
	if len(rows) == 0 {
		return []map[string]string{{
			"service_code":    NoServices,
			"service_edition": "–",
			"service_name":    "–",
		}}, NoServices
	}
	return rows, strings.Join(lines, "\n")
}
