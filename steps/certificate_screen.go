package steps

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// ---------------------------------------------------------------------
// The screen

// certCheckScreen keeps the certificate password of each environment in
// the keyring (an embedded SecretsScreen) and opens each environment's
// certificate to show what it holds and what is wrong with it. The files
// and the passwords are read in tea.Cmds; a password never leaves its
// command.
type certCheckScreen struct {
	ctx     *ui.Context
	deps    Deps
	checks  []*certCheck // one per environment with a file
	secrets *SecretsScreen
	width   int
	recheck key.Binding
}

// certCheck is the check of one environment's certificate.
type certCheck struct {
	env, path string
	checking  bool
	seq       int
	info      *CertificateInfo
	err       error
}

type certInspectedMsg struct {
	env  string
	seq  int
	info *CertificateInfo
	err  error
}

func newCertCheckScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	au := &ctx.Session.Authentication
	s := &certCheckScreen{ctx: ctx, deps: d}
	var specs []SecretSpec
	for _, env := range certEnvs(ctx.Session) {
		path := au.CertificatePath(env)
		if path == "" {
			continue
		}
		s.checks = append(s.checks, &certCheck{env: env, path: path})
		specs = append(specs, SecretSpec{
			Name:    certPasswordSecret(env),
			LabelNB: "Sertifikatpassord for " + envLabel(env),
			LabelEN: "Certificate password for " + envLabel(env),
			// The password is tried on the file first, and stored only
			// when it opens it (issue 11 §5: a wrong one was stored, then
			// reported).
			Verify: func(password string) error { return verifyCertificatePassword(path, password, d.now()) },
		})
	}
	if len(s.checks) == 0 {
		text := ctx.T(
			"Ingen sertifikatfil er oppgitt, så det er ikke noe sertifikat å sjekke.\n\nTrykk enter for å gå videre.",
			"No certificate file is given, so there is no certificate to check.\n\nPress enter to continue.")
		if needsCertificate(ctx.Session) {
			text = ctx.T(
				"Dere har valgt virksomhetssertifikat, men ikke oppgitt filen. Gå tilbake (esc) og oppgi den.\n\nTrykk enter for å gå videre.",
				"You chose an enterprise certificate but gave no file. Go back (esc) and give it.\n\nPress enter to continue.")
		}
		return ui.NewInfoScreen(ctx, text)
	}
	s.secrets = NewSecretsScreen(ctx, d, certificateMovedNote(ctx), specs).Focus(field)
	s.recheck = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", ctx.T("sjekk på nytt", "check again")))
	return s
}

func (s *certCheckScreen) Init() tea.Cmd {
	cmds := []tea.Cmd{s.secrets.Init()}
	for _, c := range s.checks {
		cmds = append(cmds, s.inspectCmd(c))
	}
	return tea.Batch(cmds...)
}

// inspectCmd reads the file and the password of one environment and
// inspects the certificate, all inside the command. The password is the
// environment's own, or the one password of a session from before each
// environment had its certificate.
func (s *certCheckScreen) inspectCmd(c *certCheck) tea.Cmd {
	c.seq++
	c.checking = true
	env, seq, secrets, id, path, now := c.env, c.seq, s.deps.Secrets, s.ctx.Session.ID, c.path, s.deps.now()
	return func() tea.Msg {
		data, err := ReadCertificateFile(path)
		if err != nil {
			return certInspectedMsg{env: env, seq: seq, err: err}
		}
		password, err := "", error(store.ErrSecretNotFound)
		if secrets != nil {
			password, err = secrets.Get(id, certPasswordSecret(env))
			if errors.Is(err, store.ErrSecretNotFound) {
				password, err = secrets.Get(id, SecretCertificatePassword)
			}
		}
		switch {
		case errors.Is(err, store.ErrSecretNotFound):
			// A file without a password opens; any other needs one.
			info, ierr := InspectCertificate(data, "", now)
			if errors.Is(ierr, ErrWrongPassword) {
				ierr = ErrNoCertificatePassword
			}
			return certInspectedMsg{env: env, seq: seq, info: info, err: ierr}
		case err != nil:
			return certInspectedMsg{env: env, seq: seq, err: err}
		}
		info, err := InspectCertificate(data, password, now)
		return certInspectedMsg{env: env, seq: seq, info: info, err: err}
	}
}

// verifyCertificatePassword opens the certificate file with password: nil
// when it opens, else why the password is not stored. It reads the file:
// call it in a tea.Cmd.
func verifyCertificatePassword(path, password string, now time.Time) error {
	data, err := ReadCertificateFile(path)
	if err == nil {
		_, err = InspectCertificate(data, password, now)
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrWrongPassword):
		return ErrPasswordNotStored
	}
	return &notStoredError{err: err}
}

// certPasswordOpens is the check `secrets set` makes of env's certificate
// password, as the wizard does: it must open the session's certificate
// file for env. With no file given yet there is nothing to try it on.
func certPasswordOpens(env string) func(s *session.Session, value, lang string) error {
	return func(s *session.Session, value, lang string) error {
		path := s.Authentication.CertificatePath(env)
		if path == "" {
			return nil
		}
		if err := verifyCertificatePassword(path, value, time.Now()); err != nil {
			var l store.Localized
			if errors.As(err, &l) {
				return errors.New(l.Text(lang))
			}
			return err
		}
		return nil
	}
}

// ErrPasswordNotStored: the password typed does not open the certificate
// file, so it was not stored.
var ErrPasswordNotStored = &CertError{"password-not-stored",
	"Feil passord: det åpner ikke sertifikatfilen, så det er ikke lagret i nøkkelringen. Skriv det riktige passordet.",
	"Wrong password: it does not open the certificate file, so it is not stored in the keyring. Type the right password."}

// notStoredError is a password not stored because the file could not be
// opened with it for another reason (the file is missing, not a .p12).
type notStoredError struct{ err error }

func (e *notStoredError) Error() string { return e.Text("en") }
func (e *notStoredError) Unwrap() error { return e.err }
func (e *notStoredError) Text(lang string) string {
	text := e.err.Error()
	var l store.Localized
	if errors.As(e.err, &l) {
		text = l.Text(lang)
	}
	return ui.T(lang, "Passordet er ikke lagret: filen kunne ikke åpnes med det. ", "The password is not stored: the file could not be opened with it. ") + text
}

// HandleBack closes the password input or the delete question first.
func (s *certCheckScreen) HandleBack() (bool, tea.Cmd) { return s.secrets.HandleBack() }

func (s *certCheckScreen) check(env string) *certCheck {
	for _, c := range s.checks {
		if c.env == env {
			return c
		}
	}
	return nil
}

func (s *certCheckScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case certInspectedMsg:
		c := s.check(msg.env)
		if c == nil || msg.seq != c.seq {
			return s, nil
		}
		c.checking, c.info, c.err = false, msg.info, msg.err
		if in := msg.info; in != nil {
			// Remember the public facts, so step 3's problems can name a
			// certificate that will not do; a certificate moved here from
			// an older session's single one has now been checked here.
			au := &s.ctx.Session.Authentication
			au.Certificate(c.env).Checked = &session.CertificateFacts{
				Path: c.path, Subject: in.Subject, OrgNumber: in.OrgNumber, IssuerName: in.IssuerName,
				TestCA: in.TestCA, NotBefore: in.NotBefore, NotAfter: in.NotAfter, CheckedAt: s.deps.now().UTC(),
			}
			au.CertificateMoved = slices.DeleteFunc(au.CertificateMoved, func(e string) bool { return e == c.env })
			if len(au.CertificateMoved) == 0 {
				au.CertificateMoved = nil
			}
			return s, func() tea.Msg { return ui.ChangedMsg{} }
		}
		return s, nil
	case secretStoredMsg:
		_, cmd := s.secrets.Update(msg)
		if msg.err != nil {
			return s, cmd
		}
		cmds := []tea.Cmd{cmd}
		for _, c := range s.checks {
			if msg.name == certPasswordSecret(c.env) || msg.name == SecretCertificatePassword {
				cmds = append(cmds, s.inspectCmd(c))
			}
		}
		return s, tea.Batch(cmds...)
	case tea.KeyMsg:
		if !s.secrets.asking() && key.Matches(msg, s.recheck) {
			cmds := make([]tea.Cmd, 0, len(s.checks))
			for _, c := range s.checks {
				cmds = append(cmds, s.inspectCmd(c))
			}
			return s, tea.Batch(cmds...)
		}
	}
	_, cmd := s.secrets.Update(msg)
	return s, cmd
}

func (s *certCheckScreen) localize(err error) string {
	var l store.Localized
	if errors.As(err, &l) {
		return l.Text(s.ctx.Lang)
	}
	return s.ctx.T("Sertifikatet kunne ikke åpnes.", "The certificate could not be opened.")
}

// View fits 80×24 with one certificate and up to three warnings: the
// passwords, then each environment's file, what its certificate says and
// what is wrong with it.
func (s *certCheckScreen) View() string {
	var b strings.Builder
	b.WriteString(s.secrets.View())
	for _, c := range s.checks {
		s.viewCheck(&b, c)
	}
	return b.String()
}

func (s *certCheckScreen) viewCheck(b *strings.Builder, c *certCheck) {
	st := s.ctx.Styles()
	w := max(20, min(s.width, 100))
	para := lipgloss.NewStyle().Width(w)
	// Label column, then the value wrapped under itself.
	const labelWidth = 22
	value := lipgloss.NewStyle().Width(max(10, w-labelWidth-1))
	row := func(label, v string) {
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top,
			st.Label.Render(fmt.Sprintf("%-*s", labelWidth, label)), " ", value.Render(v)) + "\n")
	}
	row(s.ctx.T("Fil", "File"), fmt.Sprintf(s.ctx.T("%s (for %s)", "%s (for %s)"), cleanText(c.path, 300), envLabel(c.env)))
	switch {
	case c.checking:
		b.WriteString(s.ctx.T("Åpner sertifikatet …", "Opening the certificate …") + "\n")
		return
	case c.err != nil:
		b.WriteString(st.Error.Render(para.Render(s.localize(c.err))) + "\n")
		return
	case c.info == nil:
		return
	}
	in := c.info
	row(s.ctx.T("Innehaver", "Subject"), in.Subject)
	org := in.OrgNumber
	if org == "" {
		org = s.ctx.T("ikke funnet", "not found")
	}
	row(s.ctx.T("Organisasjonsnummer", "Organisation number"), org)
	kind := s.ctx.T("produksjons-CA (for PROD)", "production CA (for PROD)")
	if in.TestCA {
		kind = s.ctx.T("test-CA (for TT02)", "test CA (for TT02)")
	}
	row(s.ctx.T("Utsteder", "Issuer"), in.IssuerName+" — "+kind)
	row(s.ctx.T("Gyldig", "Valid"), fmt.Sprintf(s.ctx.T("fra %s til %s", "from %s to %s"),
		ui.T(s.ctx.Lang, certDateNB(in.NotBefore), certDateEN(in.NotBefore)), ui.T(s.ctx.Lang, certDateNB(in.NotAfter), certDateEN(in.NotAfter))))
	warnings := CertificateWarnings(in, s.ctx.Session.Answers.Vendor.OrgNumber, c.env, s.deps.now())
	if len(warnings) == 0 {
		b.WriteString(st.Status.Render(s.ctx.T("✓ Ingen advarsler.", "✓ No warnings.")) + "\n")
	}
	for _, wn := range warnings {
		b.WriteString(st.Warn.Render(para.Render("! "+wn.Text(s.ctx.Lang))) + "\n")
	}
}

func (s *certCheckScreen) SetSize(w, h int) {
	s.width = w
	s.secrets.SetSize(w, h)
}

func (s *certCheckScreen) KeyBindings() []key.Binding {
	if s.secrets.asking() {
		return s.secrets.KeyBindings()
	}
	return append(s.secrets.KeyBindings(), s.recheck)
}

func (s *certCheckScreen) Done() bool    { return s.secrets.Done() }
func (s *certCheckScreen) Editing() bool { return s.secrets.Editing() }
func (s *certCheckScreen) Field() string { return s.secrets.Field() }
