package altinn3

import (
	"strings"
	"unicode"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// SystemRegistration is a system as the system register takes and gives
// it (altinn3-api.md §4.2). Output is camelCase; input is matched
// case-insensitively (so "allowedredirecturls" from the docs reads too).
type SystemRegistration struct {
	ID                  string            `json:"id"`
	Vendor              VendorID          `json:"vendor"`
	Name                map[string]string `json:"name"`
	Description         map[string]string `json:"description"`
	Rights              []Right           `json:"rights"`
	AccessPackages      []AccessPackage   `json:"accessPackages"`
	ClientID            []string          `json:"clientId"`
	IsVisible           *bool             `json:"isVisible,omitempty"`
	AllowedRedirectURLs []string          `json:"allowedRedirectUrls"`
	// IsDeleted is output only (GET of a deleted system).
	IsDeleted bool `json:"isDeleted,omitempty"`
}

// VendorID is the vendor; the register ignores authority on input and
// leaves it out on output.
type VendorID struct {
	Authority string `json:"authority,omitempty"`
	ID        string `json:"ID"`
}

// Right is one right: a resource of the resource register.
type Right struct {
	Action   string          `json:"action,omitempty"`
	Resource []AttributePair `json:"resource"`
}

// AttributePair is a typed value.
type AttributePair struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

// AccessPackage is an access package by URN.
type AccessPackage struct {
	URN string `json:"urn"`
}

// ResourceType is the type of every right's resource.
const ResourceType = "urn:altinn:resource"

// AccessPackagePrefix begins every access package URN.
const AccessPackagePrefix = "urn:altinn:accesspackage:"

// SystemID is the register's ID of a system: "{vendor orgnr}_{name}".
func SystemID(vendorOrg, idName string) string {
	return vendorOrg + "_" + idName
}

// SuggestIDName makes the name part of a system ID from a display name:
// lower case, Norwegian letters spelled out, no spaces.
func SuggestIDName(name string) string {
	r := strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "Æ", "ae", "Ø", "o", "Å", "a")
	s := r.Replace(strings.TrimSpace(name))
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)):
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// BuildSystem is the definition to send for the session's answers.
func BuildSystem(vendorOrg string, d session.SystemDefinition) SystemRegistration {
	visible := true
	if d.Visible != nil {
		visible = *d.Visible
	}
	reg := SystemRegistration{
		ID:                  SystemID(vendorOrg, d.IDName),
		Vendor:              VendorID{Authority: iso6523, ID: "0192:" + vendorOrg},
		Name:                langMap(d.Name),
		Description:         langMap(d.Description),
		Rights:              []Right{},
		AccessPackages:      []AccessPackage{},
		ClientID:            append([]string{}, d.ClientIDs...),
		IsVisible:           &visible,
		AllowedRedirectURLs: append([]string{}, d.RedirectURLs...),
	}
	for _, r := range d.Rights {
		reg.Rights = append(reg.Rights, Right{Resource: []AttributePair{{ID: ResourceType, Value: r}}})
	}
	for _, p := range d.AccessPackages {
		reg.AccessPackages = append(reg.AccessPackages, AccessPackage{URN: p})
	}
	return reg
}

func langMap(t session.LangText) map[string]string {
	return map[string]string{"nb": t.NB, "nn": t.NN, "en": t.EN}
}

// Definition turns a registered system back into the session's form, for
// the diff: rights as resource IDs (every resource of every right), the
// ID's name part, visibility (absent = true).
func (reg SystemRegistration) Definition(vendorOrg string) session.SystemDefinition {
	d := session.SystemDefinition{
		IDName:      strings.TrimPrefix(reg.ID, vendorOrg+"_"),
		Name:        langText(reg.Name),
		Description: langText(reg.Description),
	}
	for _, r := range reg.Rights {
		for _, a := range r.Resource {
			d.Rights = append(d.Rights, a.Value)
		}
	}
	for _, p := range reg.AccessPackages {
		d.AccessPackages = append(d.AccessPackages, p.URN)
	}
	d.ClientIDs = append(d.ClientIDs, reg.ClientID...)
	d.RedirectURLs = append(d.RedirectURLs, reg.AllowedRedirectURLs...)
	visible := reg.IsVisible == nil || *reg.IsVisible
	d.Visible = &visible
	return d
}

func langText(m map[string]string) session.LangText {
	get := func(k string) string {
		for key, v := range m {
			if strings.EqualFold(key, k) {
				return v
			}
		}
		return ""
	}
	return session.LangText{NB: get("nb"), NN: get("nn"), EN: get("en")}
}
