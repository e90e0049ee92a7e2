package altinn3

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// CheckError is one problem the local check of a system definition found:
// the register's code for the same problem ("" for a check the register
// does not make but the program does), and the message in both languages.
// forms.Localize finds its text; errors.As finds the code.
type CheckError struct {
	Code string
	Msg  *forms.ValidationError
}

func (e *CheckError) Error() string { return e.Msg.Error() }
func (e *CheckError) Unwrap() error { return e.Msg }

// Key paths of the answers the check names (the answers file's keys).
const (
	PathVendorOrg      = "vendor.org_number"
	PathSystem         = "altinn3.system"
	PathIDName         = PathSystem + ".id_name"
	PathName           = PathSystem + ".name"
	PathDescription    = PathSystem + ".description"
	PathRights         = PathSystem + ".rights"
	PathAccessPackages = PathSystem + ".access_packages"
	PathClientIDs      = PathSystem + ".client_ids"
	PathRedirectURLs   = PathSystem + ".redirect_urls"
	PathVisible        = PathSystem + ".visible"
)

// Catalogue answers what the register asks Altinn's resource register and
// access-package catalogue while it validates (AUTH.VLD-00003, 00008,
// 00017, 00018). The facts this program is built on do not give those
// services' answers, so none is built in; without one those checks are
// left to the register and listed in SystemCheck.NotChecked.
type Catalogue interface {
	// Resource reports whether a resource exists and may be delegated.
	Resource(ctx context.Context, id string) (found, delegable bool, err error)
	// AccessPackage reports whether a package exists, may be delegated
	// (to agents), and may be assigned (to standard system users).
	AccessPackage(ctx context.Context, urn string) (found, delegable, assignable bool, err error)
}

// SystemCheck is what CheckSystem found.
type SystemCheck struct {
	// Problems in the register's order: vendor first (alone, as the
	// register returns it alone), then ID, redirect URLs, client IDs,
	// rights, access packages; then what only this program checks.
	Problems forms.Problems
	// NotChecked are the register's codes this check could not decide
	// (they need the register's own data or a Catalogue).
	NotChecked []string
}

// OK reports no problems.
func (c SystemCheck) OK() bool { return len(c.Problems) == 0 }

// Codes are the register codes of the problems, in order.
func (c SystemCheck) Codes() []string {
	var out []string
	for _, p := range c.Problems {
		if ce, ok := p.Err.(*CheckError); ok {
			out = append(out, ce.Code)
		}
	}
	return out
}

func problem(path, code, nb, en string) *forms.FieldError {
	if code != "" {
		nb, en = nb+" ("+code+")", en+" ("+code+")"
	}
	return &forms.FieldError{Path: path, Err: &CheckError{Code: code, Msg: &forms.ValidationError{NB: nb, EN: en}}}
}

func missing(path, nb, en string) *forms.FieldError {
	fe := problem(path, "", nb, en)
	fe.Missing = true
	return fe
}

// CheckSystem checks, before anything is sent, what the system register
// checks on a POST, in its order (altinn3-api.md §4.3), and what else the
// program knows the system needs. cat may be nil.
func CheckSystem(ctx context.Context, vendorOrg string, d session.SystemDefinition, cat Catalogue) SystemCheck {
	var c SystemCheck
	if _, err := forms.OrgNumber(vendorOrg); err != nil || vendorOrg == "" {
		c.Problems = append(c.Problems, problem(PathVendorOrg, "AUTH.VLD-00000",
			"Leverandørens organisasjonsnummer mangler eller er ugyldig, så leverandøren kan ikke skrives 0192:<orgnr>",
			"The vendor's organisation number is missing or invalid, so the vendor cannot be written 0192:<orgnr>"))
		return c // the register stops at this one
	}
	c.Problems = append(c.Problems, checkID(vendorOrg, d.IDName)...)
	c.Problems = append(c.Problems, checkRedirects(d.RedirectURLs)...)
	c.Problems = append(c.Problems, checkClientIDs(d.ClientIDs)...)
	c.NotChecked = append(c.NotChecked, "AUTH.VLD-00002", "AUTH.VLD-00004")
	c.Problems = append(c.Problems, checkRights(ctx, d.Rights, cat, &c)...)
	c.Problems = append(c.Problems, checkPackages(ctx, d, cat, &c)...)
	c.Problems = append(c.Problems, checkTexts(d)...)
	return c
}

func checkID(vendorOrg, name string) forms.Problems {
	var out forms.Problems
	id := SystemID(vendorOrg, name)
	switch {
	case strings.TrimSpace(name) == "":
		out = append(out, missing(PathIDName, "Skriv navnet i system-ID-en (delen etter "+vendorOrg+"_)",
			"Enter the name in the system ID (the part after "+vendorOrg+"_)"))
	case strings.HasPrefix(name, vendorOrg+"_"):
		// The ID is built as orgnr_name, so AUTH.VLD-00001 cannot
		// happen; typing the whole ID here would double the prefix.
		out = append(out, problem(PathIDName, "",
			"Skriv bare delen etter "+vendorOrg+"_; programmet setter organisasjonsnummeret foran selv",
			"Write only the part after "+vendorOrg+"_; the program puts the organisation number in front itself"))
	}
	if strings.IndexFunc(name, unicode.IsSpace) >= 0 {
		out = append(out, problem(PathIDName, "AUTH.VLD-00013",
			fmt.Sprintf("System-ID-en %q har mellomrom; bruk for eksempel %q", id, SystemID(vendorOrg, SuggestIDName(name))),
			fmt.Sprintf("The system ID %q contains spaces; use for example %q", id, SystemID(vendorOrg, SuggestIDName(name)))))
	}
	return out
}

func checkRedirects(urls []string) forms.Problems {
	var out forms.Problems
	for i, s := range urls {
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil || !u.IsAbs() || u.Scheme != "https" || u.Host == "" {
			out = append(out, problem(fmt.Sprintf("%s[%d]", PathRedirectURLs, i), "AUTH.VLD-00005",
				fmt.Sprintf("%q er ikke en fullstendig https-adresse (https://vert/sti)", s),
				fmt.Sprintf("%q is not an absolute https URL (https://host/path)", s)))
		}
	}
	return out
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func checkClientIDs(ids []string) forms.Problems {
	var out forms.Problems
	seen := map[string]bool{}
	for i, id := range ids {
		path := fmt.Sprintf("%s[%d]", PathClientIDs, i)
		if seen[strings.ToLower(id)] {
			out = append(out, problem(path, "AUTH.VLD-00011",
				fmt.Sprintf("Klient-ID-en %s står to ganger", id), fmt.Sprintf("The client ID %s is listed twice", id)))
		}
		seen[strings.ToLower(id)] = true
		if !uuidPattern.MatchString(id) {
			out = append(out, problem(path, "",
				fmt.Sprintf("%q er ikke en klient-ID fra Maskinporten (en UUID, 8-4-4-4-12 heksadesimale tegn)", id),
				fmt.Sprintf("%q is not a Maskinporten client ID (a UUID, 8-4-4-4-12 hexadecimal characters)", id)))
		}
	}
	if len(ids) == 0 {
		out = append(out, missing(PathClientIDs,
			"Systemet trenger Maskinporten-klientens ID, ellers får ingen kunde systembrukertoken (MP-303)",
			"The system needs the Maskinporten client's ID, or no customer gets a system-user token (MP-303)"))
	}
	return out
}

func checkRights(ctx context.Context, rights []string, cat Catalogue, c *SystemCheck) forms.Problems {
	var out forms.Problems
	seen := map[string]bool{}
	for i, r := range rights {
		path := fmt.Sprintf("%s[%d]", PathRights, i)
		switch {
		case strings.TrimSpace(r) == "" || strings.HasPrefix(strings.ToLower(r), "urn:") || strings.IndexFunc(r, unicode.IsSpace) >= 0:
			out = append(out, problem(path, "AUTH.VLD-00009",
				fmt.Sprintf("%q er ikke en ressurs-ID; skriv bare ID-en fra ressursregisteret, uten urn:altinn:resource: og uten mellomrom", r),
				fmt.Sprintf("%q is not a resource ID; write only the ID from the resource register, without urn:altinn:resource: and without spaces", r)))
		case seen[r]:
			out = append(out, problem(path, "AUTH.VLD-00006",
				fmt.Sprintf("Rettigheten %s står to ganger", r), fmt.Sprintf("The right %s is listed twice", r)))
		}
		seen[r] = true
	}
	if cat == nil {
		c.NotChecked = append(c.NotChecked, "AUTH.VLD-00003", "AUTH.VLD-00017")
		return out
	}
	for i, r := range rights {
		found, delegable, err := cat.Resource(ctx, r)
		path := fmt.Sprintf("%s[%d]", PathRights, i)
		switch {
		case err != nil:
			c.NotChecked = appendOnce(c.NotChecked, "AUTH.VLD-00003", "AUTH.VLD-00017")
		case !found:
			out = append(out, problem(path, "AUTH.VLD-00003",
				fmt.Sprintf("Ressursen %s finnes ikke i ressursregisteret", r), fmt.Sprintf("The resource %s is not in the resource register", r)))
		case !delegable:
			out = append(out, problem(path, "AUTH.VLD-00017",
				fmt.Sprintf("Ressursen %s kan ikke delegeres", r), fmt.Sprintf("The resource %s cannot be delegated", r)))
		}
	}
	return out
}

func checkPackages(ctx context.Context, d session.SystemDefinition, cat Catalogue, c *SystemCheck) forms.Problems {
	var out forms.Problems
	seen := map[string]bool{}
	for i, p := range d.AccessPackages {
		path := fmt.Sprintf("%s[%d]", PathAccessPackages, i)
		switch {
		case seen[p]:
			out = append(out, problem(path, "AUTH.VLD-00007",
				fmt.Sprintf("Tilgangspakken %s står to ganger", p), fmt.Sprintf("The access package %s is listed twice", p)))
		case !strings.HasPrefix(p, AccessPackagePrefix) || len(strings.Split(p, ":")) < 4 || strings.TrimPrefix(p, AccessPackagePrefix) == "" || strings.IndexFunc(p, unicode.IsSpace) >= 0:
			out = append(out, problem(path, "AUTH.VLD-00008",
				fmt.Sprintf("%q er ikke en tilgangspakke; skriv urn:altinn:accesspackage:navn", p),
				fmt.Sprintf("%q is not an access package; write urn:altinn:accesspackage:name", p)))
		}
		seen[p] = true
	}
	if cat == nil {
		c.NotChecked = append(c.NotChecked, "AUTH.VLD-00008", "AUTH.VLD-00018")
		return out
	}
	visible := d.Visible == nil || *d.Visible
	for i, p := range d.AccessPackages {
		found, delegable, assignable, err := cat.AccessPackage(ctx, p)
		path := fmt.Sprintf("%s[%d]", PathAccessPackages, i)
		switch {
		case err != nil:
			c.NotChecked = appendOnce(c.NotChecked, "AUTH.VLD-00008", "AUTH.VLD-00018")
		case !found || (!delegable && !assignable):
			out = append(out, problem(path, "AUTH.VLD-00008",
				fmt.Sprintf("Tilgangspakken %s finnes ikke eller kan ikke delegeres", p),
				fmt.Sprintf("The access package %s does not exist or cannot be delegated", p)))
		case visible && !assignable:
			out = append(out, problem(path, "AUTH.VLD-00018",
				fmt.Sprintf("Tilgangspakken %s er for klientforhold og kan ikke brukes når systemet er synlig", p),
				fmt.Sprintf("The access package %s is for client relations and cannot be used while the system is visible", p)))
		}
	}
	return out
}

// checkTexts: the register takes any languages, but the portal and the
// approval page show all three.
func checkTexts(d session.SystemDefinition) forms.Problems {
	var out forms.Problems
	for _, f := range []struct {
		path string
		t    session.LangText
		nb   string
		en   string
	}{{PathName, d.Name, "Skriv systemets navn", "Enter the system's name"},
		{PathDescription, d.Description, "Skriv en beskrivelse av systemet", "Enter a description of the system"}} {
		for _, l := range []struct{ key, v, nb, en string }{
			{"nb", f.t.NB, "på bokmål", "in bokmål"}, {"nn", f.t.NN, "på nynorsk", "in nynorsk"}, {"en", f.t.EN, "på engelsk", "in English"}} {
			if strings.TrimSpace(l.v) == "" {
				out = append(out, missing(f.path+"."+l.key, f.nb+" "+l.nb+" (Altinn viser det til kundene)", f.en+" "+l.en+" (Altinn shows it to customers)"))
			}
		}
	}
	return out
}

func appendOnce(list []string, codes ...string) []string {
	for _, c := range codes {
		found := false
		for _, x := range list {
			found = found || x == c
		}
		if !found {
			list = append(list, c)
		}
	}
	return list
}
