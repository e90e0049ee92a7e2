// Package focus marks the part of a view the user is working in (the
// field with focus and the message under it, the selected item of a list,
// a question to answer), so that whatever draws the view in fewer lines
// than it has (ui's frame) can scroll to keep that part in sight.
//
// The marks are APC escape sequences, which have no width: wrapping,
// styles and measuring (lipgloss, x/ansi) pass them through untouched, and
// ansi.Strip removes them. Whatever draws a view takes them out before
// the terminal sees it (Strip); the terminal would ignore them anyway.
package focus

import "strings"

// Open and Close are the marks around a focused part.
const (
	Open  = "\x1b_focus\x1b\\"
	Close = "\x1b_/focus\x1b\\"
)

// Mark marks s as where the user is working. Marked parts may follow each
// other or nest; the last one to close is the focus.
func Mark(s string) string { return Open + s + Close }

var stripper = strings.NewReplacer(Open, "", Close, "")

// Strip takes the marks out of s.
func Strip(s string) string {
	if !strings.Contains(s, "\x1b_") {
		return s
	}
	return stripper.Replace(s)
}
