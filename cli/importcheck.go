package cli

import (
	"fmt"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// importCheck is the check of every import, in the terminal and in the
// wizard's picker: the session must follow one of tracks, then
// forms.CheckSession with the steps of that track, the rules of the forms
// and of `fill`. Answers not given yet are allowed (an export is often a
// session in progress); anything given and wrong, an unknown status or a
// negative count refuses the import, each problem with its key path.
func importCheck(s *IO, tracks ui.Tracks) store.ImportCheck {
	lang := s.formsLang()
	return func(sess *session.Session) error {
		tr := tracks.Find(sess.Track)
		if tr == nil {
			return &ui.UnknownTrackError{Session: sess.Name, Track: sess.Track}
		}
		if p := forms.CheckSession(sess, tr.StepIDs()).Wrong(); len(p) > 0 {
			return &importProblems{p: p, lang: lang}
		}
		return nil
	}
}

// importProblems reads, in the user's language, as a short list for the
// picker's one message; the CLI finds the Problems inside and lists them
// all.
type importProblems struct {
	p    forms.Problems
	lang forms.Lang
}

// shownImportProblems is how many problems the picker's message lists.
const shownImportProblems = 5

func (e *importProblems) Error() string {
	t := func(nb, en string) string {
		if e.lang == forms.EN {
			return en
		}
		return nb
	}
	lines := []string{fmt.Sprintf(t("Filen har %d problem(er); ingenting ble importert:", "The file has %d problem(s); nothing was imported:"), len(e.p))}
	for i, fe := range e.p {
		if i == shownImportProblems {
			lines = append(lines, fmt.Sprintf(t("  … og %d til", "  … and %d more"), len(e.p)-i))
			break
		}
		lines = append(lines, "  "+fe.Text(e.lang))
	}
	return strings.Join(lines, "\n")
}

func (e *importProblems) Unwrap() error { return e.p }
