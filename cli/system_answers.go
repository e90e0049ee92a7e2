package cli

// The section "altinn3:" of an answers file, as `sessions new --track
// altinn3 --answers FILE` reads it: the Maskinporten client's ID and
// scopes, the system's definition and the customers, checked by the
// Altinn 3 core with their key paths before the session is made.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// altinn3FromAnswers checks the section and returns what the new session
// gets. Problems name their key paths ("altinn3.customers[2].email").
func altinn3FromAnswers(a session.Answers, in session.Altinn3, now time.Time) (session.Altinn3, forms.Problems) {
	var probs forms.Problems
	o := new(altinn3.Onboarding) // only its pure checks are used
	tmp := &session.Session{Answers: a}
	mp := in.Maskinporten
	tmp.Altinn3.System = in.System.Clone()
	if mp.ClientID != "" {
		edit, err := o.SetClient(altinn3.Snapshot{}, mp.ClientID)
		var ke *altinn3.KeyError
		if errors.As(err, &ke) {
			probs = append(probs, forms.NewProblem("altinn3.maskinporten.client_id", ke.Text("nb"), ke.Text("en")))
		} else {
			edit.Apply(tmp)
		}
	}
	if len(mp.Scopes) > 0 {
		edit, _ := o.SetScopes(mp.Scopes)
		edit.Apply(tmp)
	}
	d := &tmp.Altinn3.System
	if d.IDName == "" && d.Name.NB != "" {
		d.IDName = altinn3.SuggestIDName(d.Name.NB)
	}
	probs = append(probs, altinn3.CheckSystem(context.Background(), a.Vendor.OrgNumber, *d, nil).Problems.Wrong()...)
	seen := map[string]int{}
	for i, c := range in.Customers {
		c, ps := altinn3.CheckCustomer(c, i)
		probs = append(probs, ps...)
		if len(ps) > 0 {
			continue
		}
		if j, dup := seen[c.OrgNumber]; dup {
			probs = append(probs, forms.NewProblem(fmt.Sprintf("%s[%d].org_number", altinn3.PathCustomers, i),
				fmt.Sprintf("%s står også som kunde nummer %d", c.OrgNumber, j+1),
				fmt.Sprintf("%s is also customer number %d", c.OrgNumber, j+1)))
			continue
		}
		seen[c.OrgNumber] = i
		c.AddedAt = now.UTC()
		tmp.Altinn3.Customers = append(tmp.Altinn3.Customers, c)
	}
	return tmp.Altinn3, probs
}

// parseAltinn3Answers reads an Altinn 3 session's answers file: the
// registration answers it needs, and the section "altinn3:". Every
// problem is reported at once: the file's, and the core's checks of what
// of the section could be read (none twice for one key path).
func parseAltinn3Answers(data []byte, now time.Time) (*session.Answers, *session.Altinn3, []*forms.FieldError) {
	a, in, problems := forms.ParseAnswersAltinn3(data)
	if in == nil {
		return nil, nil, problems
	}
	answers := session.Answers{Vendor: session.Vendor{OrgNumber: standInOrg}}
	if a != nil {
		answers = *a
	}
	out, probs := altinn3FromAnswers(answers, *in, now)
	for _, p := range probs {
		if (a == nil && p.Path == altinn3.PathIDName) || reportedAt(problems, p.Path) {
			continue
		}
		problems = append(problems, p)
	}
	if len(problems) > 0 {
		return nil, nil, problems
	}
	return a, &out, nil
}

// reportedAt says whether path, or a path above it, has a problem.
func reportedAt(problems []*forms.FieldError, path string) bool {
	for _, p := range problems {
		if p.Path == path || strings.HasPrefix(path, p.Path+".") || strings.HasPrefix(path, p.Path+"[") {
			return true
		}
	}
	return false
}
