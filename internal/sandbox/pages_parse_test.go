package sandbox

import "testing"

// The pages' templates are parsed when first used, not at start-up
// (every command of the program would pay for them): each parses.
func TestPageTemplatesParse(t *testing.T) {
	for name, tmpl := range map[string]func() any{
		"admin":    func() any { return adminTemplate() },
		"approval": func() any { return approvalTemplate() },
		"message":  func() any { return messageTemplate() },
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: %v", name, r)
				}
			}()
			tmpl()
		}()
	}
}
