package forms

import (
	"fmt"
	"slices"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// FieldError is a problem with one answer, named by its key path in the
// answers file (for example "vendor.org_number"), which is also how the
// UI finds the field to show it next to.
type FieldError struct {
	Path string
	Err  error
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// Text is the message in the given language, prefixed by the key path.
func (e *FieldError) Text(l Lang) string { return e.Path + ": " + Localize(e.Err, l) }

// Limits on free text, generous for real answers and small enough for
// one cell of a form.
const (
	MaxShortText = 200
	MaxLongText  = 4000
)

// ValidateAnswers checks every registration answer and returns every
// problem at once, in the order of the answers file. Valid values are
// normalised in place (organisation number digits, phone numbers in
// +47/E.164 form, bare e-mail addresses, trimmed text).
func ValidateAnswers(a *session.Answers) []*FieldError {
	v := &collector{}

	v.orgNumber("vendor.org_number", &a.Vendor.OrgNumber)
	v.text("vendor.name", &a.Vendor.Name, MaxShortText)
	v.text("vendor.address", &a.Vendor.Address, MaxShortText)
	v.check("vendor.postal_code", &a.Vendor.PostalCode, Postcode)
	v.text("vendor.city", &a.Vendor.City, MaxShortText)

	v.person("contact", &a.Contact)
	if a.TechnicalContact != nil {
		v.person("technical_contact", a.TechnicalContact)
	}

	s := &a.System
	v.text("system.name", &s.Name, 100)
	v.text("system.version", &s.Version, 50)
	v.text("system.description", &s.Description, 1000)
	v.choice("system.category", &s.Category, session.Categories)
	v.set("system.interfaces", s.Interfaces, session.Interfaces)
	v.set("system.auth_methods", s.AuthMethods, session.AuthMethods)
	v.set("system.environments", s.Environments, session.Environments)
	for i := range s.Services {
		p := fmt.Sprintf("system.services[%d]", i)
		svc := &s.Services[i]
		v.check(p+".code", &svc.Code, ServiceCode)
		v.check(p+".edition", &svc.Edition, ServiceEdition)
		v.text(p+".name", &svc.Name, MaxShortText)
		if svc.Owner != "" {
			v.optionalText(p+".owner", &svc.Owner, MaxShortText)
		}
		if len(svc.Environments) > 0 {
			v.set(p+".environments", svc.Environments, session.Environments)
		}
	}

	d := &a.Declaration
	v.yesNo("declaration.signs_for_users", d.SignsForUsers)
	v.yesNo("declaration.uses_prefill", d.UsesPrefill)
	if v.yesNo("declaration.stores_user_credentials", d.StoresUserCredentials) && *d.StoresUserCredentials {
		v.add("declaration.stores_user_credentials", invalid(
			"Egenerklæringen forplikter dere til aldri å lagre brukernes passord, fødselsnummer eller engangskoder. Et system som lagrer dem kan ikke signere den: endre systemet, og svar så nei.",
			"The self-declaration commits you to never storing users' passwords, national identity numbers or one-time codes. A system that stores them cannot sign it: change the system, then answer no."))
	}
	d.SecurityMeasures = strings.TrimSpace(d.SecurityMeasures)
	if err := Required(d.SecurityMeasures); err != nil {
		v.add("declaration.security_measures", err)
	} else if err := MultiLine(d.SecurityMeasures, MaxLongText); err != nil {
		v.add("declaration.security_measures", err)
	}

	v.text("signer.name", &a.Signer.Name, MaxShortText)
	v.text("signer.role", &a.Signer.Role, MaxShortText)
	v.text("signer.place", &a.Signer.Place, MaxShortText)
	if a.Signer.Date = strings.TrimSpace(a.Signer.Date); a.Signer.Date != "" {
		if err := Date(a.Signer.Date); err != nil {
			v.add("signer.date", err)
		}
	}
	if a.Cc = strings.TrimSpace(a.Cc); a.Cc != "" {
		v.check("cc", &a.Cc, func(s string) error { _, err := Email(s); return err })
		if addr, err := Email(a.Cc); err == nil {
			a.Cc = addr
		}
	}
	return v.errs
}

type collector struct{ errs []*FieldError }

func (c *collector) add(path string, err error) {
	c.errs = append(c.errs, &FieldError{Path: path, Err: err})
}

// text is a required single line, trimmed in place.
func (c *collector) text(path string, p *string, max int) {
	*p = strings.TrimSpace(*p)
	if err := Required(*p); err != nil {
		c.add(path, err)
		return
	}
	if err := SingleLine(*p, max); err != nil {
		c.add(path, err)
	}
}

func (c *collector) optionalText(path string, p *string, max int) {
	*p = strings.TrimSpace(*p)
	if err := SingleLine(*p, max); err != nil {
		c.add(path, err)
	}
}

// check runs a required check on a trimmed value.
func (c *collector) check(path string, p *string, f func(string) error) {
	*p = strings.TrimSpace(*p)
	if err := Required(*p); err != nil {
		c.add(path, err)
		return
	}
	if err := f(*p); err != nil {
		c.add(path, err)
	}
}

// normalise runs a required check that also normalises the value.
func (c *collector) normalise(path string, p *string, f func(string) (string, error)) {
	*p = strings.TrimSpace(*p)
	if err := Required(*p); err != nil {
		c.add(path, err)
		return
	}
	norm, err := f(*p)
	if err != nil {
		c.add(path, err)
		return
	}
	*p = norm
}

func (c *collector) orgNumber(path string, p *string) { c.normalise(path, p, OrgNumber) }

func (c *collector) person(prefix string, p *session.Person) {
	c.text(prefix+".name", &p.Name, MaxShortText)
	c.normalise(prefix+".email", &p.Email, Email)
	c.normalise(prefix+".phone", &p.Phone, Phone)
}

func (c *collector) choice(path string, p *string, allowed []string) {
	*p = strings.ToLower(strings.TrimSpace(*p))
	if err := Required(*p); err != nil {
		c.add(path, err)
		return
	}
	if !slices.Contains(allowed, *p) {
		c.add(path, notOneOf(*p, allowed))
	}
}

func (c *collector) set(path string, vals []string, allowed []string) {
	if len(vals) == 0 {
		c.add(path, invalid(
			"Velg minst ett av: "+strings.Join(allowed, ", "),
			"Choose at least one of: "+strings.Join(allowed, ", ")))
		return
	}
	seen := map[string]bool{}
	for i, v := range vals {
		vp := fmt.Sprintf("%s[%d]", path, i)
		if !slices.Contains(allowed, v) {
			c.add(vp, notOneOf(v, allowed))
		} else if seen[v] {
			c.add(vp, invalid(quoteNB(v)+" står to ganger", quoteEN(v)+" is listed twice"))
		}
		seen[v] = true
	}
}

// yesNo reports a missing answer and says whether there is one.
func (c *collector) yesNo(path string, b *bool) bool {
	if b == nil {
		c.add(path, invalid("Svar ja eller nei (true eller false)", "Answer yes or no (true or false)"))
		return false
	}
	return true
}

func notOneOf(v string, allowed []string) error {
	return invalid(
		fmt.Sprintf("%s er ikke et gyldig valg; bruk ett av: %s", quoteNB(v), strings.Join(allowed, ", ")),
		fmt.Sprintf("%s is not a valid choice; use one of: %s", quoteEN(v), strings.Join(allowed, ", ")))
}
