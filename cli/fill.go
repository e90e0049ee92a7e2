package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/templates"
)

type fillOptions struct {
	*IO
	OpenStore func() (*store.Store, error)
	Now       func() time.Time

	Answers      string // answers file, or
	Session      string // a saved session to take the answers from
	OutDir       string // folder to write into
	TemplatesDir string // folder with the user's own templates
	Format       string // comma-separated document formats
	// Signed is the signed self-declaration: also make the e-mail ready
	// to send (see fill_signed.go).
	Signed string
	send   composedSend
}

func newCmdFill(f *Factory, runF func(*fillOptions) error) *cobra.Command {
	opts := &fillOptions{IO: f.IO, OpenStore: f.OpenStore, Now: f.Now, send: newComposedSend(f)}
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
them against the form Altinn currently asks for.` + fillSignedHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return fillRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Answers, "answers", "", "answers file (YAML or JSON)")
	fl.StringVar(&opts.Session, "session", "", "take the answers from this saved session instead")
	fl.StringVar(&opts.OutDir, "out", "", "folder to write the documents and the e-mail into (created 0700)")
	fl.StringVar(&opts.TemplatesDir, "templates", "", "folder with your own bestilling.docx and/or egenerklaering.docx")
	fl.StringVar(&opts.Format, "format", "docx", "document formats, comma-separated: docx, doc, pdf (doc and pdf need LibreOffice)")
	fl.StringVar(&opts.Signed, "signed-declaration", "", "the signed self-declaration (PDF, or a scan as PDF, PNG or JPEG): also make the registration e-mail ready to send with it")
	sendFlags(cmd, &opts.send, "the e-mail ready to send (needs --signed-declaration)")
	cmd.MarkFlagsMutuallyExclusive("answers", "session")
	cmd.MarkFlagsOneRequired("answers", "session")
	cmd.MarkFlagRequired("out")
	cmd.RegisterFlagCompletionFunc("session", sessionNames(f))
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(steps.Formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// fillSource is where fill's answers came from: a file, or a session
// held locked until the list of its files is saved.
type fillSource struct {
	answers      *session.Answers // checked and normalised
	templatesDir string
	st           *store.Store
	sess         *session.Session // nil for an answers file
	lock         *store.Lock
}

func (src *fillSource) release() {
	if src.lock != nil {
		src.lock.Release()
		src.lock = nil
	}
}

func fillRun(ctx context.Context, opts *fillOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// Ctrl-C, a closed terminal or a kill stop LibreOffice too: it runs
	// in its own process group, which the terminal's signals miss.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	defer holdGC()()

	formats, err := steps.ParseFormats(opts.Format)
	if err != nil {
		return &exitError{2, err}
	}
	if err := fillSignedCheck(opts); err != nil {
		return err
	}
	src, err := fillAnswers(opts)
	if err != nil {
		return err
	}
	defer src.release()

	files, err := steps.WriteRegistrationPackage(ctx, src.answers, steps.PackageOptions{
		TemplatesDir: src.templatesDir, Formats: formats, Now: opts.Now(),
		Notify: func(n atomicfile.Notice) { opts.note(n) },
	}, opts.OutDir)
	if err != nil {
		var problems forms.Problems
		if errors.As(err, &problems) {
			// The check has passed, so this is a program error; it still
			// names the answer, in the user's language.
			return answerProblems(opts.IO, opts.t("dokumentene og e-posten", "the documents and the e-mail"), problems)
		}
		if errors.Is(err, templates.ErrNoLibreOffice) {
			return &exitError{1, fmt.Errorf("%w\n%s", err, opts.t(
				"Ingenting ble skrevet. Kjør uten --format doc/pdf for å lage .docx.",
				"Nothing was written. Run without --format doc/pdf to make .docx."))}
		}
		return err
	}
	signed, err := fillSigned(opts, src, files)
	if err != nil {
		return err
	}
	files = append(files, signed...)
	if src.sess != nil {
		src.sess.ReplaceFiles(steps.RegistrationKinds, files)
		if err := src.st.Save(src.sess); err != nil {
			return err
		}
	}
	fmt.Fprintln(opts.Out, opts.t("Skrev:", "Wrote:"))
	for _, f := range files {
		fmt.Fprintln(opts.Out, "  "+f.Path)
	}
	if len(signed) == 0 {
		fmt.Fprintln(opts.Out, steps.BeforeSending(opts.Lang)+"\n"+steps.ClosureNote(opts.Lang))
		return nil
	}
	fmt.Fprintln(opts.Out, steps.SignedReady(opts.Lang, termtext.Line(signed[0].Path))+"\n"+steps.ClosureNote(opts.Lang))
	// send records the sending in the session: it takes the lock itself.
	src.release()
	return opts.send.send(opts.IO, []string{signed[0].Path})
}

// fillAnswers reads and checks the answers, from the file or the
// session the options name; every problem is reported at once.
func fillAnswers(opts *fillOptions) (*fillSource, error) {
	src := &fillSource{templatesDir: opts.TemplatesDir}
	if opts.Answers != "" {
		data, err := readAnswersFile(opts.Answers)
		if err != nil {
			return nil, &exitError{2, err}
		}
		var problems []*forms.FieldError
		src.answers, problems = forms.ParseAnswers(data)
		if len(problems) > 0 {
			return nil, answerProblems(opts.IO, opts.Answers, problems)
		}
		return src, nil
	}
	var err error
	if src.st, err = opts.OpenStore(); err != nil {
		return nil, err
	}
	// Read under the lock: a copy read before it could miss what the
	// wizard saved a moment ago, and the save after filling would lose it.
	if src.sess, src.lock, err = src.st.OpenLocked(opts.Session); err != nil {
		return nil, err
	}
	// The documents are made from the check's normalised copy; the
	// session keeps its answers as they were typed (only the list of
	// files changes), as the wizard does.
	checked, problems := forms.Check(src.sess.Answers)
	if len(problems) > 0 {
		src.release()
		return nil, answerProblems(opts.IO, fmt.Sprintf(opts.t("økten «%s»", "session \"%s\""), termtext.Line(src.sess.Name)), problems)
	}
	src.answers = &checked
	if src.templatesDir == "" {
		src.templatesDir = src.sess.Settings.TemplatesDir
	}
	return src, nil
}
