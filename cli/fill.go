package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

type fillOptions struct {
	answers      string
	session      string
	out          string
	templatesDir string
	format       string
}

func newFillCmd(a *app) *cobra.Command {
	o := &fillOptions{}
	cmd := &cobra.Command{
		Use:   "fill --answers FILE --out DIR",
		Short: "Make the order form, self-declaration and registration e-mail from an answers file",
		Long: `Make step 1's registration package without the wizard: the order form
(bestilling) and the self-declaration (egenerklaering) as documents, and
the registration e-mail to sluttbrukersystem@altinn.no (.eml) with both
attached.

The answers come from a YAML or JSON file (see examples/answers.yaml and
README.md) or from a saved session (--session). Every problem in the
answers is reported at once, with its key path; then the exit status is 2
and nothing is written.

The documents are modelled on Altinn's forms, not identical to them: check
them against the form Altinn currently asks for.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return fillRun(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.answers, "answers", "", "answers file (YAML or JSON)")
	f.StringVar(&o.session, "session", "", "take the answers from this saved session instead")
	f.StringVar(&o.out, "out", "", "folder to write the documents and the e-mail into (created 0700)")
	f.StringVar(&o.templatesDir, "templates", "", "folder with your own bestilling.docx and/or egenerklaering.docx")
	f.StringVar(&o.format, "format", "docx", "document formats, comma-separated: docx, doc, pdf (doc and pdf need LibreOffice)")
	cmd.MarkFlagsMutuallyExclusive("answers", "session")
	cmd.MarkFlagsOneRequired("answers", "session")
	cmd.MarkFlagRequired("out")
	cmd.RegisterFlagCompletionFunc("session", sessionArgs(a))
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(steps.Formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func fillRun(ctx context.Context, a *app, o *fillOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// Ctrl-C, a closed terminal or a kill stop LibreOffice too: it runs
	// in its own process group, which the terminal's signals miss.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()

	formats, err := steps.ParseFormats(o.format)
	if err != nil {
		return &exitError{2, err}
	}
	var answers *session.Answers
	var sess *session.Session
	var st *store.Store
	templatesDir := o.templatesDir
	if o.answers != "" {
		data, err := readAnswersFile(o.answers)
		if err != nil {
			return &exitError{2, err}
		}
		var problems []*forms.FieldError
		answers, problems = forms.ParseAnswers(data)
		if len(problems) > 0 {
			return answerProblems(a, o.answers, problems)
		}
	} else {
		if st, err = a.openStore(); err != nil {
			return err
		}
		// Read under the lock: a copy read before it could miss what the
		// wizard saved a moment ago, and the save below would lose it.
		var lock *store.Lock
		if sess, lock, err = st.OpenLocked(o.session); err != nil {
			return err
		}
		defer lock.Release()
		// The documents are made from the check's normalised copy; the
		// session keeps its answers as they were typed (only the list of
		// files changes), as the wizard does.
		checked, problems := forms.Check(sess.Answers)
		if len(problems) > 0 {
			return answerProblems(a, fmt.Sprintf(a.t("økten «%s»", "session \"%s\""), termtext.Line(sess.Name)), problems)
		}
		answers = &checked
		if templatesDir == "" {
			templatesDir = sess.Settings.TemplatesDir
		}
	}

	files, err := steps.WriteRegistrationPackage(ctx, answers, steps.PackageOptions{
		TemplatesDir: templatesDir, Formats: formats, Now: time.Now(),
		Notify: func(n atomicfile.Notice) { fmt.Fprintln(a.err, a.t("Merk: ", "Note: ")+n.Text(a.lang)) },
	}, o.out)
	if err != nil {
		var problems forms.Problems
		if errors.As(err, &problems) {
			// The check has passed, so this is a program error; it still
			// names the answer, in the user's language.
			return answerProblems(a, a.t("dokumentene og e-posten", "the documents and the e-mail"), problems)
		}
		if errors.Is(err, templates.ErrNoLibreOffice) {
			return &exitError{1, fmt.Errorf("%w\n%s", err, a.t(
				"Ingenting ble skrevet. Kjør uten --format doc/pdf for å lage .docx.",
				"Nothing was written. Run without --format doc/pdf to make .docx."))}
		}
		return err
	}
	if sess != nil {
		sess.ReplaceFiles(steps.RegistrationKinds, files)
		if err := st.Save(sess); err != nil {
			return err
		}
	}
	fmt.Fprintln(a.out, a.t("Skrev:", "Wrote:"))
	for _, f := range files {
		fmt.Fprintln(a.out, "  "+f.Path)
	}
	fmt.Fprintln(a.out, a.t(
		"Dokumentene er laget etter mønster av Altinns skjema, men er ikke de offisielle skjemaene: sjekk dem mot skjemaet Altinn ber om i dag.\nMerk: Altinn II stengte 19. juni 2026. Sjekk gjeldende status på samarbeid.digdir.no før du sender.",
		"The documents are modelled on Altinn's forms, not the official forms: check them against the form Altinn asks for today.\nNote: Altinn II closed on 19 June 2026. Confirm the current status on samarbeid.digdir.no before sending."))
	return nil
}

// readAnswersFile reads an answers file through safefile: a FIFO, device
// or folder is refused at once, and more than forms.MaxAnswersFile bytes
// is refused rather than read (the error names the file, in both
// languages).
func readAnswersFile(path string) ([]byte, error) {
	return safefile.Read(path, forms.MaxAnswersFile)
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
func reportProblems(a *app, w io.Writer, heading string, problems []*forms.FieldError) error {
	fmt.Fprintln(w, heading)
	lang := forms.NB
	if a.lang == "en" {
		lang = forms.EN
	}
	for i, p := range problems {
		if i == maxShownProblems {
			rest := len(problems) - i
			if rest == 1 {
				fmt.Fprintln(w, a.t("  … og 1 problem til", "  … and 1 more problem"))
			} else {
				fmt.Fprintf(w, a.t("  … og %s problemer til\n", "  … and %s more problems\n"), a.count(rest))
			}
			break
		}
		fmt.Fprintln(w, "  "+termtext.Line(p.Text(lang)))
	}
	return &exitError{2, errors.New(a.t("svarene må rettes", "the answers need fixing"))}
}

// count writes n with thousands grouped as the language does: 39 980 in
// Norwegian, 39,980 in English.
func (a *app) count(n int) string {
	s := strconv.Itoa(n)
	sep := a.t(" ", ",")
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

func answerProblems(a *app, source string, problems []*forms.FieldError) error {
	return reportProblems(a, a.err, fmt.Sprintf(a.t("%s har %s problem(er); ingenting ble skrevet:", "%s has %s problem(s); nothing was written:"), termtext.Line(source), a.count(len(problems))), problems)
}
