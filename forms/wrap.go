package forms

import "github.com/charmbracelet/huh"

// NewForm makes one screen of fields built elsewhere (the Altinn 3
// track's steps build their own huh fields on the service layer's checks)
// the way this package makes its own: each field's message is drawn right
// under the field, not in huh's footer below the group, which on a form
// taller than the window is off the screen, so a refused answer looked
// like a key that did nothing; going back never blocks; keys and theme
// are the wizard's.
func NewForm(title, desc string, o FormOptions, fields ...huh.Field) *huh.Form {
	b := newBuilder(o)
	for _, f := range fields {
		b.add(f, nil)
	}
	return b.form(title, desc)
}
