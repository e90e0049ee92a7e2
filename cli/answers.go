package cli

// Answers files (`fill --answers`, `sessions new --answers`) and the
// report of what is wrong in them, shared by every command that reads
// answers or checks them.

import (
	"errors"
	"fmt"
	"io"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
)

// readAnswersFile reads an answers file through safefile: a FIFO, device
// or folder is refused at once, and more than forms.MaxAnswersFile bytes
// is refused rather than read (the error names the file, in both
// languages).
func readAnswersFile(path string) ([]byte, error) {
	return safefile.Read(path, forms.MaxAnswersFile)
}

// readAnswersSource reads an answers file, or standard input for "-",
// at most forms.MaxAnswersFile bytes of either (see readAnswersFile).
func readAnswersSource(s *IO, path string) (data []byte, source string, err error) {
	if path == "-" {
		source = s.t("standard inn", "standard input")
		data, err = safefile.ReadFrom(s.In, source, forms.MaxAnswersFile)
		return data, source, err
	}
	data, err = readAnswersFile(path)
	return data, path, err
}

// maxShownProblems is how many problems are listed: a screenful. The
// rest are counted, so a file with 40,000 bad items does not scroll the
// first (often the cause) out of sight.
const maxShownProblems = 20

// reportProblems prints the first maxShownProblems problems in the
// answers under a heading, in the user's language, then how many more
// there are, and returns exit status 2. What the file said is shown, not
// sent: control characters in it become visible escapes (the callers
// do the same for the source they name in the heading).
func reportProblems(s *IO, w io.Writer, heading string, problems []*forms.FieldError) error {
	fmt.Fprintln(w, heading)
	lang := s.formsLang()
	for i, p := range problems {
		if i == maxShownProblems {
			rest := len(problems) - i
			if rest == 1 {
				fmt.Fprintln(w, s.t("  … og 1 problem til", "  … and 1 more problem"))
			} else {
				fmt.Fprintf(w, s.t("  … og %s problemer til\n", "  … and %s more problems\n"), s.count(rest))
			}
			break
		}
		fmt.Fprintln(w, "  "+termtext.Line(p.Text(lang)))
	}
	return &exitError{2, errors.New(s.t("svarene må rettes", "the answers need fixing"))}
}

// answerProblems reports the problems of answers from source, of which
// nothing was written.
func answerProblems(s *IO, source string, problems []*forms.FieldError) error {
	return reportProblems(s, s.Err, fmt.Sprintf(s.t("%s har %s problem(er); ingenting ble skrevet:", "%s has %s problem(s); nothing was written:"), termtext.Line(source), s.count(len(problems))), problems)
}
