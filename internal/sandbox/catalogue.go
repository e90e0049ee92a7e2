package sandbox

import (
	"fmt"
	"slices"
	"strings"
)

// Resource is an entry of the fake resource registry: the system
// register checks that every right names one, and that its type can be
// delegated (§4.3 AUTH.VLD-00003, -00017).
type Resource struct {
	ID   string `json:"id"`
	Type string `json:"resourceType"`
}

// AccessPackage is an entry of the fake access-package catalogue, with
// the two properties the register and the request API check (§4.3
// AUTH.VLD-00008, -00018; §5.2, §5.4 AUTH-00064, -00065).
type AccessPackage struct {
	URN string `json:"urn"`
	// Delegable: can be given to an agent (client) system user.
	Delegable bool `json:"isDelegable"`
	// Assignable: can be given to a standard system user.
	Assignable bool `json:"isAssignable"`
}

// delegableResourceTypes are the resource types a right may name; the
// others (MaskinportenSchema, Altinn2Service, Consent) give
// AUTH.VLD-00017 (§4.3).
var delegableResourceTypes = []string{
	"Default", "Systemresource", "AltinnApp", "GenericAccessResource",
	"BrokerService", "CorrespondenceService", "MigratedApp",
}

// ResourceTypes are every resource type the sandbox knows.
var ResourceTypes = append(slices.Clone(delegableResourceTypes), "MaskinportenSchema", "Altinn2Service", "Consent")

func resourceTypeDelegable(t string) bool { return slices.Contains(delegableResourceTypes, t) }

// builtinResources are the resources the facts' examples name (§4.2,
// §5.2, §5.3, §6), and one of a type that cannot be delegated (the
// register's own unit test, §3.2).
var builtinResources = []Resource{
	{"ske-krav-og-betalinger", "Default"},
	{"app_ttd_endring-av-navn-v2", "AltinnApp"},
	{"authentication-e2e-test", "Default"},
	{"en-annen-test2", "Default"},
	{"testressurs", "Default"},
	{"kravogbetaling", "Default"},
	{"ttd-am-k6", "MaskinportenSchema"},
}

// builtinPackages are the access packages the facts' examples name
// (§4.2, §5.2, §6): ordinary ones for standard system users, the
// accountant and auditor packages for client relations only (agent
// system users; §4.2 "client systems, REGN/REVI/FFOR-related packages"),
// and one that can be neither, made up so that AUTH.VLD-00008's "Not
// possible to delegate" can be rehearsed. The facts do not give the
// real catalogue's flags: these are the sandbox's, and --access-package
// URN=both (or the API) changes them.
var builtinPackages = []AccessPackage{
	{"urn:altinn:accesspackage:skattnaering", false, true},
	{"urn:altinn:accesspackage:skattegrunnlag", false, true},
	{"urn:altinn:accesspackage:jordbruk", false, true},
	{"urn:altinn:accesspackage:skogbruk", false, true},
	{"urn:altinn:accesspackage:regnskapsforer-med-signeringsrett", true, false},
	{"urn:altinn:accesspackage:regnskapsforer-uten-signeringsrett", true, false},
	{"urn:altinn:accesspackage:ansvarlig-revisor", true, false},
	{"urn:altinn:accesspackage:revisormedarbeider", true, false},
	{"urn:altinn:accesspackage:sandbox-ikke-delegerbar", false, false},
}

// ParseResource reads a --resource value: ID, or ID=TYPE.
func ParseResource(v string) (Resource, error) {
	id, typ, found := strings.Cut(strings.TrimSpace(v), "=")
	if !found {
		typ = "Default"
	}
	id = strings.TrimSpace(id)
	if id == "" || strings.ContainsAny(id, " \t") {
		return Resource{}, fmt.Errorf("%q: give a resource id without spaces, optionally with =TYPE", v)
	}
	for _, t := range ResourceTypes {
		if strings.EqualFold(t, strings.TrimSpace(typ)) {
			return Resource{ID: id, Type: t}, nil
		}
	}
	return Resource{}, fmt.Errorf("%q: the resource type must be one of %s", v, strings.Join(ResourceTypes, ", "))
}

// ParseAccessPackage reads an --access-package value: URN, or
// URN=standard (assignable only), URN=agent (delegable only), URN=both
// (the default) or URN=none.
func ParseAccessPackage(v string) (AccessPackage, error) {
	urn, kind, found := strings.Cut(strings.TrimSpace(v), "=")
	urn = strings.TrimSpace(urn)
	if !strings.HasPrefix(urn, "urn:altinn:accesspackage:") || len(urn) == len("urn:altinn:accesspackage:") {
		return AccessPackage{}, fmt.Errorf("%q: an access package is urn:altinn:accesspackage:NAME", v)
	}
	if !found {
		kind = "both"
	}
	switch strings.ToLower(strings.TrimSpace(kind)) {
	case "both":
		return AccessPackage{urn, true, true}, nil
	case "standard":
		return AccessPackage{urn, false, true}, nil
	case "agent":
		return AccessPackage{urn, true, false}, nil
	case "none":
		return AccessPackage{urn, false, false}, nil
	}
	return AccessPackage{}, fmt.Errorf("%q: after = comes standard, agent, both or none", v)
}
