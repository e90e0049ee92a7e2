package forms

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// This file is the one definition of what an answer may be. Each key path
// ("contact.email", "system.services[2].code") has one rule; Check applies
// the rules to a set of answers, and the form field with the same key
// applies the same rule to what the user types, so an answer the form
// accepts is an answer the check, the documents and the e-mail accept.

// FieldError is a problem with one answer, named by its key path in the
// answers file (for example "vendor.org_number"), which is also how the
// UI finds the field to show it next to. Err carries the message in both
// languages (a *ValidationError).
type FieldError struct {
	Path string
	Err  error
	// Missing is set when the answer is simply not given yet (blank, no
	// choice made), as opposed to given and wrong. A session in progress
	// may have missing answers; it may not have wrong ones.
	Missing bool
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// Text is the message in the given language, prefixed by the key path.
func (e *FieldError) Text(l Lang) string { return e.Path + ": " + Localize(e.Err, l) }

// Message is the message in the given language, without the key path.
func (e *FieldError) Message(l Lang) string { return Localize(e.Err, l) }

// Problems are the problems a check found, in the order of the answers.
// As an error it reads in Norwegian; Text and Localized give either
// language.
type Problems []*FieldError

func (p Problems) Error() string { return p.Text(NB) }

// Text is one problem a line, each with its key path.
func (p Problems) Text(l Lang) string {
	lines := make([]string, len(p))
	for i, fe := range p {
		lines[i] = fe.Text(l)
	}
	return strings.Join(lines, "\n")
}

// Localized is p as an error that reads in l; errors.As still finds p.
func (p Problems) Localized(l Lang) error { return &localized{p: p, l: l} }

type localized struct {
	p Problems
	l Lang
}

func (e *localized) Error() string { return e.p.Text(e.l) }
func (e *localized) Unwrap() error { return e.p }

// Wrong is the problems that are not merely missing answers.
func (p Problems) Wrong() Problems {
	var out Problems
	for _, fe := range p {
		if !fe.Missing {
			out = append(out, fe)
		}
	}
	return out
}

// Under is the problems whose path is one of the prefixes or lies under
// one ("contact" takes "contact.email").
func (p Problems) Under(prefixes ...string) Problems {
	var out Problems
	for _, fe := range p {
		if underPath(fe.Path, prefixes...) {
			out = append(out, fe)
		}
	}
	return out
}

func underPath(path string, prefixes ...string) bool {
	for _, pre := range prefixes {
		if path == pre || strings.HasPrefix(path, pre+".") || strings.HasPrefix(path, pre+"[") {
			return true
		}
	}
	return false
}

// NewProblem is a problem at path with its message in both languages.
func NewProblem(path, nb, en string) *FieldError {
	return &FieldError{Path: path, Err: invalid(nb, en)}
}

// Limits on free text, generous for real answers and small enough for
// one cell of a form.
const (
	MaxShortText = 200
	MaxLongText  = 4000
)

// Check checks every registration answer and returns a normalised copy
// (organisation number digits, phone numbers in +47/E.164 form, bare
// e-mail addresses, trimmed text, lower-case category) together with
// every problem, in the order of the answers file. It never changes in:
// the copy shares no slice or pointer with it.
func Check(in session.Answers) (session.Answers, Problems) {
	a := in.Clone()
	c := &collector{}
	c.answers("", &a)
	return a, c.errs
}

// CheckServices checks the services of step 4 exactly as Check does (so
// step 1 and step 4 say the same thing), and rows that repeat the code
// and edition of an earlier row (Altinn knows a service by the pair, and
// the TT02 checklist of step 5 is kept by it). Paths are
// "system.services[i].field".
func CheckServices(services []session.Service) Problems {
	a := session.Answers{System: session.System{Services: services}}
	a = a.Clone()
	c := &collector{}
	c.services("system.services", a.System.Services)
	type pair struct{ code, edition string }
	first := map[pair]int{}
	for i, s := range a.System.Services {
		p := pair{s.Code, s.Edition}
		if ServiceCode(p.code) != nil || ServiceEdition(p.edition) != nil {
			continue
		}
		j, seen := first[p]
		if !seen {
			first[p] = i
			continue
		}
		c.add(fmt.Sprintf("system.services[%d].code", i), false, invalid(
			fmt.Sprintf("Tjenestekode %s, utgave %s står også i rad %d; fjern den ene", p.code, p.edition, j+1),
			fmt.Sprintf("Service code %s, edition %s is also in row %d; remove one of them", p.code, p.edition, j+1)))
	}
	return c.errs
}

// CheckTesting checks what the test-user order of step 5 is made from:
// each row of the TT02 checklist (code and edition, as in the services),
// and the counts (0 to MaxTestUsers each, at least one above 0; that last
// problem, like a blank code, is Missing: not given yet).
func CheckTesting(t session.Testing) Problems {
	c := &collector{}
	for i, row := range t.Checklist {
		p := fmt.Sprintf("testing.checklist[%d]", i)
		c.textRule(p+".code", mustRule("testing.checklist[].code"), row.Code)
		c.textRule(p+".edition", mustRule("testing.checklist[].edition"), row.Edition)
	}
	c.count(KeyTestPersons, t.TestPersons)
	c.count(KeyTestOrganisations, t.TestOrganisations)
	if len(c.errs) == 0 && t.TestPersons == 0 && t.TestOrganisations == 0 {
		c.add(KeyTestPersons, true, errNoTestUsers)
	}
	return c.errs
}

// CheckPerson checks a contact person under prefix ("go_live.support")
// and returns a normalised copy.
func CheckPerson(prefix string, p session.Person) (session.Person, Problems) {
	c := &collector{}
	c.person(prefix, &p)
	return p, c.errs
}

// ---- the rules ----

// rule is what one text answer accepts. check gets the value without
// surrounding spaces and never blank, and returns its normalised form.
type rule struct {
	optional bool
	// missing is the message for a blank required answer; nil means
	// "This field is required".
	missing error
	check   func(string) (string, error)
}

// apply checks s. missing reports that a required answer is blank.
func (r rule) apply(s string) (norm string, missing bool, err error) {
	t := strings.TrimSpace(s)
	if t == "" {
		if r.optional {
			return "", false, nil
		}
		return "", true, r.missingErr()
	}
	n, err := r.check(t)
	if err != nil {
		return t, false, err
	}
	if Required(n) != nil { // nothing but invisible characters
		if r.optional {
			return "", false, nil
		}
		return t, true, r.missingErr()
	}
	return n, false, nil
}

func (r rule) missingErr() error {
	if r.missing != nil {
		return r.missing
	}
	return errRequired
}

// required is r with a blank answer refused.
func (r rule) required() rule { r.optional = false; return r }

func line(max int) rule {
	return rule{check: func(s string) (string, error) { return s, SingleLine(s, max) }}
}

func text(max int) rule {
	return rule{check: func(s string) (string, error) { return s, MultiLine(s, max) }}
}

func valid(f func(string) error) rule {
	return rule{check: func(s string) (string, error) { return s, f(s) }}
}

func normalising(f func(string) (string, error)) rule { return rule{check: f} }

func optional(r rule) rule { r.optional = true; return r }

// choice accepts one of allowed, in any case and stored in lower case.
func choice(allowed []string, missingNB, missingEN string) rule {
	return rule{missing: invalid(missingNB, missingEN), check: func(s string) (string, error) {
		v := strings.ToLower(s)
		if !slices.Contains(allowed, v) {
			return s, notOneOf(s, allowed)
		}
		return v, nil
	}}
}

var (
	ruleOrgNumber  = normalising(OrgNumber)
	ruleShort      = line(MaxShortText)
	ruleEmail      = normalising(Email)
	rulePhone      = normalising(Phone)
	ruleCategory   = choice(session.Categories, "Velg en kategori", "Choose a category")
	ruleSystemIDOf = choice([]string{SystemIDOwnerOrg, SystemIDOwnerPerson},
		"Velg om SystemID-en ble opprettet for et organisasjonsnummer eller et fødselsnummer",
		"Choose whether the SystemID was created for an organisation number or a national identity number")
)

// listPattern is path with every list index made "[]":
// "system.services[3].code" becomes "system.services[].code" (what the
// regexp \[[0-9]+\] replaced with "[]" did, without compiling one in
// every run, and faster: Check calls it for every answer).
func listPattern(path string) string {
	if !strings.Contains(path, "[") {
		return path
	}
	var b strings.Builder
	b.Grow(len(path))
	for i := 0; i < len(path); i++ {
		if path[i] == '[' {
			if n := indexLen(path[i+1:]); n > 0 {
				b.WriteString("[]")
				i += n // and the loop's i++: past the "]"
				continue
			}
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

// indexLen is the length of the digits and "]" s starts with, or 0 when
// it does not start with one or more digits and "]".
func indexLen(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 || n == len(s) || s[n] != ']' {
		return 0
	}
	return n + 1
}

// persons are the prefixes of a contact person's answers.
var persons = []string{"contact", "technical_contact", keySupport}

// nameRule is the rule of a name (isNameKey): normalised, then one line.
func nameRule(p string) rule {
	if p == "system.name" {
		return named(line(100))
	}
	return named(ruleShort)
}

// ruleFor is the rule of the text answer at path, if it is one.
func ruleFor(path string) (rule, bool) {
	p := listPattern(path)
	if isNameKey(p) {
		return nameRule(p), true
	}
	if dot := strings.LastIndexByte(p, '.'); dot > 0 && slices.Contains(persons, p[:dot]) {
		switch p[dot+1:] {
		case "email":
			return ruleEmail, true
		case "phone":
			return rulePhone, true
		}
	}
	switch p {
	case "vendor.org_number":
		return ruleOrgNumber, true
	case "vendor.address", "vendor.city":
		return ruleShort, true
	case "vendor.postal_code":
		return valid(Postcode), true
	case "system.version":
		return line(50), true
	case "system.description":
		return line(1000), true
	case "system.category":
		return ruleCategory, true
	case "system.services[].code", "testing.checklist[].code":
		return valid(ServiceCode), true
	case "system.services[].edition", "testing.checklist[].edition":
		return valid(ServiceEdition), true
	case "system.services[].owner":
		return optional(ruleShort), true
	case "declaration.security_measures":
		return text(MaxLongText), true
	case "signer.date":
		return ruleDate, true
	case "cc":
		return optional(ruleEmail), true
	case "authentication.system_id":
		return valid(SystemID), true
	case "authentication.system_id_owner":
		return ruleSystemIDOf, true
	case "authentication.enterprise_user":
		return ruleShort, true
	case CertificatePathKey(session.EnvTT02), CertificatePathKey(session.EnvProd):
		// Required only when the chosen way to log in needs a certificate;
		// the form and the step know when (CertificateForm).
		return optional(line(MaxPathLength)), true
	case KeyTestPersons, KeyTestOrganisations:
		return optional(valid(func(s string) error { _, err := TestUserCount(s); return err })), true
	}
	return rule{}, false
}

// mustRule is ruleFor for a path that has a rule; a form field without
// one is a programming error, caught by the tests.
func mustRule(path string) rule {
	r, ok := ruleFor(path)
	if !ok {
		panic("forms: no rule for " + path)
	}
	return r
}

// setRule is what a multiple choice accepts.
type setRule struct {
	optional       bool
	allowed        []string
	noneNB, noneEN string
}

func setRuleFor(path string) (setRule, bool) {
	switch listPattern(path) {
	case "system.interfaces":
		return setRule{allowed: session.Interfaces, noneNB: "Velg minst ett grensesnitt", noneEN: "Choose at least one interface"}, true
	case "system.auth_methods":
		return setRule{allowed: session.AuthMethods, noneNB: "Velg minst én autentiseringsmåte", noneEN: "Choose at least one authentication method"}, true
	case "system.environments":
		return setRule{allowed: session.Environments, noneNB: "Velg minst ett miljø", noneEN: "Choose at least one environment"}, true
	case "system.services[].environments":
		return setRule{optional: true, allowed: session.Environments}, true
	case "authentication.rest_mechanisms":
		return setRule{allowed: RESTMechanisms, noneNB: "Velg minst én måte å logge inn på", noneEN: "Choose at least one way to log in"}, true
	}
	return setRule{}, false
}

// apply checks a multiple choice; each problem names its path (the
// list, or one element of it: "system.interfaces[1]").
func (r setRule) apply(path string, vals []string) Problems {
	if len(vals) == 0 {
		if r.optional {
			return nil
		}
		return Problems{{Path: path, Missing: true, Err: invalid(
			r.noneNB+" ("+strings.Join(r.allowed, ", ")+")",
			r.noneEN+" ("+strings.Join(r.allowed, ", ")+")")}}
	}
	var out Problems
	seen := map[string]bool{}
	for i, v := range vals {
		vp := func() string { return path + "[" + strconv.Itoa(i) + "]" }
		if !slices.Contains(r.allowed, v) {
			out = append(out, &FieldError{Path: vp(), Err: notOneOf(v, r.allowed)})
		} else if seen[v] {
			out = append(out, &FieldError{Path: vp(), Err: invalid(quoteNB(v)+" står to ganger", quoteEN(v)+" is listed twice")})
		}
		seen[v] = true
	}
	return out
}

func mustSetRule(path string) setRule {
	r, ok := setRuleFor(path)
	if !ok {
		panic("forms: no rule for " + path)
	}
	return r
}

var errAnswerYesNo = invalid("Svar ja eller nei", "Answer yes or no")

var errStoresCredentials = invalid(
	"Egenerklæringen forplikter dere til aldri å lagre brukernes passord, fødselsnummer eller engangskoder. Et system som lagrer dem kan ikke signere den: endre systemet, og svar så nei.",
	"The self-declaration commits you to never storing users' passwords, national identity numbers or one-time codes. A system that stores them cannot sign it: change the system, then answer no.")

// yesNoRule is what a yes/no question accepts: an answer, and for
// keyStoresCredentials only "no".
func yesNoRule(path string) func(*bool) (missing bool, err error) {
	return func(b *bool) (bool, error) {
		if b == nil {
			return true, errAnswerYesNo
		}
		if path == keyStoresCredentials && *b {
			return false, errStoresCredentials
		}
		return false, nil
	}
}

// ---- applying the rules ----

type collector struct{ errs Problems }

func (c *collector) add(path string, missing bool, err error) {
	c.errs = append(c.errs, &FieldError{Path: path, Err: err, Missing: missing})
}

// text applies the rule of path to *p and stores the normalised value.
func (c *collector) text(path string, p *string) {
	norm, missing, err := mustRule(path).apply(*p)
	if err != nil {
		c.add(path, missing, err)
	}
	*p = norm
}

func (c *collector) set(path string, vals []string) {
	c.errs = append(c.errs, mustSetRule(path).apply(path, vals)...)
}

func (c *collector) yesNo(path string, b *bool) {
	if missing, err := yesNoRule(path)(b); err != nil {
		c.add(path, missing, err)
	}
}

func (c *collector) person(prefix string, p *session.Person) {
	c.text(prefix+".name", &p.Name)
	c.text(prefix+".email", &p.Email)
	c.text(prefix+".phone", &p.Phone)
}

func (c *collector) services(path string, list []session.Service) {
	// The rules are looked up once, and a row's paths are made only for
	// its problems: an answers file may hold tens of thousands of rows.
	code, edition := mustRule(path+"[].code"), mustRule(path+"[].edition")
	name, owner := mustRule(path+"[].name"), mustRule(path+"[].owner")
	envs := mustSetRule(path + "[].environments")
	for i := range list {
		s := &list[i]
		c.item(path, i, "code", code, &s.Code)
		c.item(path, i, "edition", edition, &s.Edition)
		c.item(path, i, "name", name, &s.Name)
		c.item(path, i, "owner", owner, &s.Owner)
		if len(s.Environments) > 0 {
			c.errs = append(c.errs, envs.apply(itemPath(path, i, "environments"), s.Environments)...)
		}
	}
}

// item applies r to the answer leaf of row i of the list at path.
func (c *collector) item(path string, i int, leaf string, r rule, p *string) {
	norm, missing, err := r.apply(*p)
	if err != nil {
		c.add(itemPath(path, i, leaf), missing, err)
	}
	*p = norm
}

func itemPath(path string, i int, leaf string) string {
	return path + "[" + strconv.Itoa(i) + "]." + leaf
}

// answers checks a (a copy, owned by the check) in place; prefix is put
// before every path ("answers." in a session file).
func (c *collector) answers(prefix string, a *session.Answers) {
	// The rules are found by the answers-file path; a prefix is added to
	// what is reported only.
	sub := &collector{}
	sub.text("vendor.org_number", &a.Vendor.OrgNumber)
	sub.text("vendor.name", &a.Vendor.Name)
	sub.text("vendor.address", &a.Vendor.Address)
	sub.text("vendor.postal_code", &a.Vendor.PostalCode)
	sub.text("vendor.city", &a.Vendor.City)

	sub.person("contact", &a.Contact)
	if a.TechnicalContact != nil {
		sub.person("technical_contact", a.TechnicalContact)
	}

	s := &a.System
	sub.text("system.name", &s.Name)
	sub.text("system.version", &s.Version)
	sub.text("system.description", &s.Description)
	sub.text("system.category", &s.Category)
	sub.set("system.interfaces", s.Interfaces)
	sub.set("system.auth_methods", s.AuthMethods)
	sub.set("system.environments", s.Environments)
	sub.services("system.services", s.Services)
	if len(s.Services) == 0 {
		sub.add("system.services", true, errNoServices)
	}

	d := &a.Declaration
	sub.yesNo("declaration.signs_for_users", d.SignsForUsers)
	sub.yesNo("declaration.uses_prefill", d.UsesPrefill)
	sub.yesNo(keyStoresCredentials, d.StoresUserCredentials)
	sub.text("declaration.security_measures", &d.SecurityMeasures)

	sub.text("signer.name", &a.Signer.Name)
	sub.text("signer.role", &a.Signer.Role)
	sub.text("signer.place", &a.Signer.Place)
	sub.text("signer.date", &a.Signer.Date)
	sub.text("cc", &a.Cc)

	for _, fe := range sub.errs {
		fe.Path = prefix + fe.Path
		c.errs = append(c.errs, fe)
	}
}

// errNoServices: the order form names the services the system will use,
// so a registration lists at least one (issue 11 §5: an empty list passed
// as complete).
var errNoServices = invalid("Legg til minst én tjeneste", "Add at least one service")

// ErrNoServices is the problem of an empty list of services, for the
// steps that say it in their own place.
func ErrNoServices() error { return errNoServices }

func notOneOf(v string, allowed []string) error {
	return invalid(
		fmt.Sprintf("%s er ikke et gyldig valg; bruk ett av: %s", quoteNB(v), strings.Join(allowed, ", ")),
		fmt.Sprintf("%s is not a valid choice; use one of: %s", quoteEN(v), strings.Join(allowed, ", ")))
}
