package brreg

import (
	"fmt"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/internal/nofmt"
)

// Text is a lookup's answer for people, a line each, ending in a
// newline.
func (u Unit) Text(lang string) string {
	t := func(nb, en string) string {
		if lang == "en" {
			return en
		}
		return nb
	}
	nr := nofmt.OrgNumber(u.OrgNumber)
	var b strings.Builder
	switch u.Status {
	case Unknown:
		fmt.Fprintf(&b, t("%s finnes ikke i Enhetsregisteret (verken blant enhetene eller underenhetene). Sjekk nummeret.\n",
			"%s is not in Enhetsregisteret (neither among the units nor the sub-units). Check the number.\n"), nr)
		return b.String()
	case Deleted:
		name := u.Name
		if name == "" {
			name = nr
		} else {
			name += " (" + nr + ")"
		}
		if u.DeletedDate != "" {
			fmt.Fprintf(&b, t("%s er SLETTET i Enhetsregisteret (%s).\n", "%s is DELETED in Enhetsregisteret (%s).\n"), name, nofmt.Date(u.DeletedDate, lang))
		} else {
			fmt.Fprintf(&b, t("%s er SLETTET i Enhetsregisteret.\n", "%s is DELETED in Enhetsregisteret.\n"), name)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "%s (%s)", u.Name, nr)
	if u.SubUnit {
		b.WriteString(t(", underenhet", ", sub-unit"))
	}
	b.WriteString("\n")
	if addr := u.BusinessAddress.OneLine(); addr != "" {
		fmt.Fprintf(&b, "%s: %s\n", t("Forretningsadresse", "Business address"), addr)
	}
	if u.Bankrupt {
		b.WriteString(t("KONKURS: enheten er konkurs.\n", "BANKRUPT: the unit is bankrupt (konkurs).\n"))
	}
	if u.UnderLiquidation {
		b.WriteString(t("UNDER AVVIKLING: enheten er under avvikling.\n", "UNDER LIQUIDATION: the unit is being wound up (underAvvikling).\n"))
	}
	return b.String()
}

// OneLine is the address on one line: "Tyvholmen 1, 0101 OSLO, Norge".
func (a Address) OneLine() string {
	var parts []string
	if s := a.Street(); s != "" {
		parts = append(parts, s)
	}
	if pc := strings.TrimSpace(a.PostalCode + " " + a.City); pc != "" {
		parts = append(parts, pc)
	}
	if a.Country != "" {
		parts = append(parts, a.Country)
	}
	return strings.Join(parts, ", ")
}
