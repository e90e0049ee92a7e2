package forms

import (
	"fmt"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// ServiceProblems checks the services of step 4: each row's code, edition,
// name, owner and environments exactly as ValidateAnswers does (so step 1
// and step 4 say the same thing), and rows that repeat the code and
// edition of an earlier row (Altinn knows a service by the pair, and the
// TT02 checklist of step 5 is kept by it). Paths are
// "system.services[i].field". The services are not changed.
func ServiceProblems(services []session.Service) []*FieldError {
	a := session.Answers{}
	a.System.Services = append([]session.Service(nil), services...)
	for i := range a.System.Services {
		a.System.Services[i].Environments = append([]string(nil), services[i].Environments...)
	}
	var out []*FieldError
	for _, fe := range ValidateAnswers(&a) {
		if strings.HasPrefix(fe.Path, "system.services[") {
			out = append(out, fe)
		}
	}
	type pair struct{ code, edition string }
	first := map[pair]int{}
	for i, s := range services {
		p := pair{strings.TrimSpace(s.Code), strings.TrimSpace(s.Edition)}
		if ServiceCode(p.code) != nil || ServiceEdition(p.edition) != nil {
			continue
		}
		j, seen := first[p]
		if !seen {
			first[p] = i
			continue
		}
		out = append(out, &FieldError{
			Path: fmt.Sprintf("system.services[%d].code", i),
			Err: invalid(
				fmt.Sprintf("Tjenestekode %s, utgave %s står også i rad %d; fjern den ene", p.code, p.edition, j+1),
				fmt.Sprintf("Service code %s, edition %s is also in row %d; remove one of them", p.code, p.edition, j+1)),
		})
	}
	return out
}
