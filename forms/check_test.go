package forms

import (
	"github.com/altinn-onboard/altinn-onboard/session"
)

// problemsOf is what Check finds in *a.
func problemsOf(a *session.Answers) Problems {
	_, p := Check(*a)
	return p
}
