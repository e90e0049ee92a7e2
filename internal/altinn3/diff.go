package altinn3

import (
	"fmt"
	"slices"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// Change is one difference between the registered system and the
// session's answers: a text that changes (Old → New), or a list that gains
// Added and loses Removed.
type Change struct {
	// Path is the answer's key path (PathName+".nb", PathRights, …).
	Path    string
	Old     string
	New     string
	Added   []string
	Removed []string
}

var fieldLabels = map[string]msg{
	PathIDName:              {"system-ID", "system ID"},
	PathName + ".nb":        {"navn (bokmål)", "name (bokmål)"},
	PathName + ".nn":        {"navn (nynorsk)", "name (nynorsk)"},
	PathName + ".en":        {"navn (engelsk)", "name (English)"},
	PathDescription + ".nb": {"beskrivelse (bokmål)", "description (bokmål)"},
	PathDescription + ".nn": {"beskrivelse (nynorsk)", "description (nynorsk)"},
	PathDescription + ".en": {"beskrivelse (engelsk)", "description (English)"},
	PathRights:              {"rettigheter", "rights"},
	PathAccessPackages:      {"tilgangspakker", "access packages"},
	PathClientIDs:           {"klient-ID-er", "client IDs"},
	PathRedirectURLs:        {"omdirigeringsadresser", "redirect URLs"},
	PathVisible:             {"synlig", "visible"},
}

// Label is the field's name in lang.
func (c Change) Label(lang string) string {
	if m, ok := fieldLabels[c.Path]; ok {
		return m.text(lang == "en")
	}
	return c.Path
}

// DiffSystems lists what an update would change: from (registered) to
// (the session's answers). The order of a list does not count.
func DiffSystems(from, to session.SystemDefinition) []Change {
	var out []Change
	text := func(path, a, b string) {
		if a != b {
			out = append(out, Change{Path: path, Old: a, New: b})
		}
	}
	list := func(path string, a, b []string) {
		var added, removed []string
		for _, x := range b {
			if !slices.Contains(a, x) && !slices.Contains(added, x) {
				added = append(added, x)
			}
		}
		for _, x := range a {
			if !slices.Contains(b, x) && !slices.Contains(removed, x) {
				removed = append(removed, x)
			}
		}
		if len(added)+len(removed) > 0 {
			out = append(out, Change{Path: path, Added: added, Removed: removed})
		}
	}
	text(PathIDName, from.IDName, to.IDName)
	text(PathName+".nb", from.Name.NB, to.Name.NB)
	text(PathName+".nn", from.Name.NN, to.Name.NN)
	text(PathName+".en", from.Name.EN, to.Name.EN)
	text(PathDescription+".nb", from.Description.NB, to.Description.NB)
	text(PathDescription+".nn", from.Description.NN, to.Description.NN)
	text(PathDescription+".en", from.Description.EN, to.Description.EN)
	list(PathRights, from.Rights, to.Rights)
	list(PathAccessPackages, from.AccessPackages, to.AccessPackages)
	list(PathClientIDs, from.ClientIDs, to.ClientIDs)
	list(PathRedirectURLs, from.RedirectURLs, to.RedirectURLs)
	text(PathVisible, visibleText(from.Visible), visibleText(to.Visible))
	return out
}

func visibleText(v *bool) string {
	if v == nil || *v {
		return "true"
	}
	return "false"
}

// ChangesText is the changes one a line, in lang: "rights: + a, − b",
// "name (bokmål): «old» → «new»". No changes gives a sentence saying so.
func ChangesText(changes []Change, lang string) string {
	en := lang == "en"
	if len(changes) == 0 {
		return msg{"Ingen forskjell: systemregisteret har det økten sier.", "No difference: the system register holds what the session says."}.text(en)
	}
	lines := make([]string, 0, len(changes))
	for _, c := range changes {
		var parts []string
		if c.Added == nil && c.Removed == nil {
			parts = append(parts, fmt.Sprintf("%q → %q", oneLine(c.Old, 200), oneLine(c.New, 200)))
		}
		for _, a := range c.Added {
			parts = append(parts, "+ "+oneLine(a, 200))
		}
		for _, r := range c.Removed {
			parts = append(parts, "− "+oneLine(r, 200))
		}
		lines = append(lines, c.Label(lang)+": "+strings.Join(parts, ", "))
	}
	return strings.Join(lines, "\n")
}

// ReplaceWarning is the PUT rule in words: an update replaces the whole
// definition, so what the register has and the session lacks is removed.
func ReplaceWarning(lang string) string {
	return msg{
		"En oppdatering erstatter hele definisjonen i systemregisteret: det som står der og ikke i økten, forsvinner. Se gjennom endringene over før du bekrefter.",
		"An update replaces the whole definition in the system register: what is there and not in the session is removed. Look through the changes above before you confirm.",
	}.text(lang == "en")
}
