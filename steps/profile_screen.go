package steps

// The profile screen: the person using the program types their own
// details and SMTP server once, in the wizard, and every new session gets
// them as defaults (internal/profile). The picker shows it (its p key,
// offered on the first run; ui.Options.ProfileScreen). The file is read
// and written, and the password stored, only in tea.Cmds.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/profile"
	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// ProfileScreen makes the profile screen the picker shows, on d's profile
// file and profile secrets; nil when d has no profile file.
func ProfileScreen(d Deps) func(ctx *ui.Context) ui.Screen {
	if d.ProfilePath == nil {
		return nil
	}
	return func(ctx *ui.Context) ui.Screen { return newProfileScreen(ctx, d) }
}

// profileValues are the form's answers as typed.
type profileValues struct {
	name, email, phone, company, cc, outputDir   string
	host, port, security, user, caFile, password string
	// again is the password typed a second time: typed blind, a slip
	// would only show when a sending is refused.
	again string
}

// field is where the answer of the field at key is.
func (v *profileValues) field(key string) *string {
	return map[string]*string{"name": &v.name, "email": &v.email, "phone": &v.phone, "company": &v.company, "cc": &v.cc,
		"output_dir": &v.outputDir, "smtp.host": &v.host, "smtp.port": &v.port, "smtp.security": &v.security,
		"smtp.user": &v.user, "smtp.ca_file": &v.caFile, keyProfilePassword: &v.password, keyProfilePasswordAgain: &v.again}[key]
}

// ProfileField is one line of text of the profile: its key, title and
// what it is for (nb, en). The wizard's form and accessible mode ask the
// same ones.
type ProfileField struct{ Key, NB, EN, AboutNB, AboutEN string }

// ProfileFields are the profile's lines of text, in order; the mode (a
// choice, ProfileSecurities) comes after smtp.port, the password last.
var ProfileFields = []ProfileField{
	{"name", "Navn", "Name", "Ditt navn; nye økter får deg som kontaktperson", "Your name; new sessions get you as their contact person"},
	{"email", "E-post", "E-mail", "Én adresse, for eksempel kari@firma.no", "One address, for example kari@firma.no"},
	{"phone", "Telefon", "Phone", "8 siffer, eller + og landskode", "8 digits, or + and the country code"},
	{"company", "Firma", "Company", "Firmaet du arbeider for", "The company you work for"},
	{"cc", "Kopi (cc)", "Copy (cc)", "Adressen som får kopi av e-postene", "The address that gets a copy of the e-mails"},
	{"output_dir", "Utdatamappe", "Output folder", "Full sti til mappen nye økter lager filene sine i", "Full path of the folder new sessions make their files in"},
	{"smtp.host", "SMTP-server", "SMTP server", "Vertsnavnet, for eksempel smtp.firma.no, for å sende e-post herfra", "The host name, for example smtp.example.com, to send e-mail from here"},
	{"smtp.port", "SMTP-port", "SMTP port", "Tom: 587 for starttls, 465 for tls", "Empty: 587 for starttls, 465 for tls"},
	{"smtp.user", "SMTP-brukernavn", "SMTP user name", "Tomt: serveren krever ikke innlogging", "Empty: the server needs no login"},
	{"smtp.ca_file", "CA-fil (valgfri)", "CA file (optional)", "Full sti til en PEM-fil med firmaets egne CA-sertifikater", "Full path of a PEM file of your company's own CA certificates"},
}

// keyProfilePassword is the password's field: not a key of the file;
// keyProfilePasswordAgain the field it is typed a second time in.
const (
	keyProfilePassword      = "smtp.password"
	keyProfilePasswordAgain = "smtp.password_again"
)

type profileState int

const (
	profileLoading profileState = iota
	profileEditing
	profileSaving
	profileBroken // the file cannot be read: said, and left as it is
)

type profileScreen struct {
	ctx    *ui.Context
	deps   Deps
	styles ui.Styles
	state  profileState
	path   string
	base   profile.Profile // as read: the keys the form does not show are kept
	v      *profileValues
	form   *ui.FormScreen
	// found are problems the save found (a CA file without certificates),
	// each shown under its field while its value is the one checked.
	found  map[string]foundProblem
	msg    ui.Message
	broken error
	report string
	done   bool
	w, h   int
}

type foundProblem struct{ value, text string }

type profileLoadedMsg struct {
	path string
	p    profile.Profile
	err  error
}

type profileSavedMsg struct {
	p        profile.Profile
	problems forms.Problems
	err      error // the file could not be read or written
	pwErr    error // the password could not be stored (the file is saved)
	pwStored bool
}

func newProfileScreen(ctx *ui.Context, d Deps) *profileScreen {
	return &profileScreen{ctx: ctx, deps: d, styles: *ctx.Styles(), v: &profileValues{}}
}

func (s *profileScreen) Init() tea.Cmd {
	pathOf := s.deps.ProfilePath
	return func() tea.Msg {
		path, err := pathOf()
		if err != nil {
			return profileLoadedMsg{err: err}
		}
		p, _, err := profile.Load(path)
		return profileLoadedMsg{path: path, p: p, err: err}
	}
}

// Waiting holds keys while the profile is read (ui.Waiter).
func (s *profileScreen) Waiting() bool { return s.state == profileLoading }

func (s *profileScreen) loaded(m profileLoadedMsg) tea.Cmd {
	if m.err != nil {
		s.state, s.broken = profileBroken, m.err
		return nil
	}
	s.state, s.path, s.base = profileEditing, m.path, m.p
	p := m.p
	*s.v = profileValues{name: p.Name, email: p.Email, phone: p.Phone, company: p.Company, cc: p.Cc, outputDir: p.OutputDir,
		host: p.SMTP.Host, port: p.Get("smtp.port"), security: p.SMTP.Security, user: p.SMTP.User, caFile: p.SMTP.CAFile}
	if s.v.security == "" {
		s.v.security = profile.SecuritySTARTTLS // what an unset mode means
	}
	return s.build("")
}

// profileOf is the profile the values make, normalised, with every
// problem under its key (internal/profile's Check, the port read as
// `profile set` reads it).
func (s *profileScreen) profileOf(v profileValues) (profile.Profile, forms.Problems) {
	p := withForm(s.base, profile.Profile{Name: v.name, Email: v.email, Phone: v.phone, Company: v.company, Cc: v.cc, OutputDir: v.outputDir,
		SMTP: profile.SMTP{Host: v.host, Security: v.security, User: v.user, CAFile: v.caFile}})
	if p.SMTP.Host == "" && s.base.SMTP.Security == "" && v.security == profile.SecuritySTARTTLS {
		p.SMTP.Security = "" // no server: the mode stays unset
	}
	var problems forms.Problems
	if q, bad := (profile.Profile{}).Set("smtp.port", v.port); len(bad) > 0 {
		problems = bad
	} else {
		p.SMTP.Port = q.SMTP.Port
	}
	norm, more := profile.Check(p)
	return norm, append(problems, more...)
}

// withForm is dst with the values the form shows taken from src.
func withForm(dst, src profile.Profile) profile.Profile {
	dst.Name, dst.Email, dst.Phone, dst.Company, dst.Cc, dst.OutputDir = src.Name, src.Email, src.Phone, src.Company, src.Cc, src.OutputDir
	trusted := dst.SMTP.TrustedCert
	dst.SMTP = src.SMTP
	dst.SMTP.TrustedCert = trusted
	return dst
}

// check is the validator of the field at key: the problem the profile
// has there with v as its value.
func (s *profileScreen) check(key string) func(string) error {
	return func(value string) error {
		if f, ok := s.found[key]; ok && f.value == value {
			return errors.New(f.text)
		}
		v := *s.v
		*v.field(key) = value
		_, problems := s.profileOf(v)
		for _, p := range problems {
			if p.Path == key {
				return errors.New(p.Message(formsLang(s.ctx)))
			}
		}
		return nil
	}
}

// checkPassword: one line, not too long; the message never repeats it.
func (s *profileScreen) checkPassword(v string) error {
	switch {
	case len(v) > store.MaxSecretBytes:
		return fmt.Errorf(s.ctx.T("passordet er for langt (høyst %d byte)", "the password is too long (at most %d bytes)"), store.MaxSecretBytes)
	case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return errors.New(s.ctx.T("passordet kan ikke ha linjeskift eller kontrolltegn", "the password cannot hold line breaks or control characters"))
	}
	return nil
}

// build makes the form on the values, focused on the field at focusOn
// with its problem shown ("" : the first field).
func (s *profileScreen) build(focusOn string) tea.Cmd {
	t := s.ctx.T
	fields := s.fields()
	title := t("Din profil", "Your profile")
	about := t("Det du skriver her, får hver ny økt som standard (aldri over det økten har fra før). Tomt felt: ikke satt.",
		"What you type here, every new session gets as its defaults (never over what the session has). An empty field: not set.")
	f := forms.NewForm(title, about, forms.FormOptions{Lang: formsLang(s.ctx), Theme: forms.ThemeFor(s.ctx.NoColor)}, fields...)
	if focusOn != "" && forms.FocusField(f, focusOn) {
		// Show the problem at once, as leaving the field would.
		fl := f.GetFocusedField()
		fl.Blur()
		fl.Focus()
	}
	intro := s.styles.Dim.Render(ui.Wrap(fmt.Sprintf(t("Lagres i %s.", "Saved in %s."), termtext.Line(s.path)), max(20, s.w)))
	s.form = ui.NewFormScreen(f, intro)
	s.form.SetSize(s.w, s.h)
	return s.form.Init()
}

func (s *profileScreen) fields() []huh.Field {
	t := s.ctx.T
	var out []huh.Field
	for _, in := range ProfileFields {
		out = append(out, huh.NewInput().Key(in.Key).Title(t(in.NB, in.EN)).Description(t(in.AboutNB, in.AboutEN)).
			Value(s.v.field(in.Key)).Validate(s.check(in.Key)))
		if in.Key == "smtp.port" {
			out = append(out, huh.NewSelect[string]().Key("smtp.security").Title(t("Kryptering", "Encryption")).
				Options(securityOptions(s.ctx.Lang)...).
				Value(&s.v.security).Validate(s.check("smtp.security")))
		}
	}
	if s.deps.ProfileSecrets != nil {
		out = append(out, huh.NewInput().Key(keyProfilePassword).Title(t("SMTP-passord", "SMTP password")).
			Description(fmt.Sprintf(t("Lagres i %s, aldri i profilen. Tomt: det som er lagret, beholdes", "Kept in the %s, never in the profile. Empty: what is stored is kept"), s.passwordPlace())).
			EchoMode(huh.EchoModePassword).Value(&s.v.password).Validate(func(x string) error {
			if f, ok := s.found[keyProfilePassword]; ok {
				delete(s.found, keyProfilePassword) // said once: storing it again is the retry
				return errors.New(f.text)
			}
			return s.checkPassword(x)
		}))
		out = append(out, huh.NewInput().Key(keyProfilePasswordAgain).Title(t("SMTP-passord igjen", "SMTP password again")).
			Description(t("Skriv det samme passordet en gang til", "Type the same password once more")).
			EchoMode(huh.EchoModePassword).Value(&s.v.again).Validate(func(x string) error { return s.checkAgain(s.v.password, x) }))
	}
	return out
}

// checkAgain: the password typed twice the same (both empty keeps what
// is stored).
func (s *profileScreen) checkAgain(pw, again string) error {
	if pw != again {
		return errors.New(s.ctx.T("passordene er ikke like: skriv det samme passordet i begge feltene", "the passwords differ: type the same password in both fields"))
	}
	return nil
}

// passwordPlace is where the password goes: the OS keyring, or the
// secrets file in use.
func (s *profileScreen) passwordPlace() string {
	if sf, ok := s.deps.ProfileSecrets.(*store.SecretsFile); ok {
		return sf.Where(s.ctx.Lang, store.ProfileScope, SecretSMTPPassword)
	}
	return fmt.Sprintf(s.ctx.T("OS-nøkkelringen (%s / %s)", "OS keyring (%s / %s)"), store.KeyringService, store.ProfileAccount(SecretSMTPPassword))
}

func (s *profileScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	switch m := msg.(type) {
	case profileLoadedMsg:
		if s.state == profileLoading {
			return s, s.loaded(m)
		}
		return s, nil
	case profileSavedMsg:
		return s, s.saved(m)
	}
	if s.state == profileSaving {
		return s, s.msg.Update(msg) // the spinner; keys wait for the outcome
	}
	if s.state != profileEditing || s.form == nil {
		return s, nil
	}
	scr, cmd := s.form.Update(msg)
	s.form = scr.(*ui.FormScreen)
	if s.form.Done() {
		return s, tea.Batch(cmd, s.submit())
	}
	return s, cmd
}

// submit checks the whole profile (a field checked before another
// changed may clash with it now: "none" with a remote server) and saves
// it, or shows the first problem under its field.
func (s *profileScreen) submit() tea.Cmd {
	next, problems := s.profileOf(*s.v)
	if pw := s.v.password; pw != "" {
		if err := s.checkPassword(pw); err != nil {
			problems = append(problems, forms.NewProblem(keyProfilePassword, err.Error(), err.Error()))
		}
	}
	if err := s.checkAgain(s.v.password, s.v.again); err != nil {
		problems = append(problems, forms.NewProblem(keyProfilePasswordAgain, err.Error(), err.Error()))
	}
	if len(problems) > 0 {
		return s.build(problems[0].Path)
	}
	s.state = profileSaving
	return tea.Batch(s.msg.Start(s.ctx.T("Lagrer profilen …", "Saving the profile …")), s.saveCmd(next, s.v.password))
}

// saveCmd writes the profile: the file as it is now (a key `profile set`
// changed meanwhile, one the form does not show, is kept) with the form's
// values, checked again with its CA file read; then the password, when
// one was typed, in the profile's secrets.
func (s *profileScreen) saveCmd(next profile.Profile, password string) tea.Cmd {
	path, secrets := s.path, s.deps.ProfileSecrets
	return func() tea.Msg {
		cur, _, err := profile.Load(path)
		if err != nil {
			return profileSavedMsg{err: err}
		}
		p, problems := profile.Check(withForm(cur, next))
		if len(problems) == 0 && p.SMTP.CAFile != "" {
			_, problems = p.Set("smtp.ca_file", p.SMTP.CAFile) // reads the file
		}
		if len(problems) > 0 {
			return profileSavedMsg{problems: problems}
		}
		if err := profile.Save(path, p); err != nil {
			return profileSavedMsg{err: err}
		}
		out := profileSavedMsg{p: p}
		if password != "" && secrets != nil {
			out.pwErr = secrets.SetProfileSecret(SecretSMTPPassword, password)
			out.pwStored = out.pwErr == nil
		}
		return out
	}
}

// saved takes the save's outcome: done with what it came to, or back to
// the form with the problem under its field (nothing typed is lost).
func (s *profileScreen) saved(m profileSavedMsg) tea.Cmd {
	if s.state != profileSaving {
		return nil
	}
	s.state = profileEditing
	s.msg.Clear()
	lang := formsLang(s.ctx)
	switch {
	case m.err != nil:
		s.msg.Set(errText(m.err, s.ctx.Lang)+s.ctx.T(" Ingenting er lagret.", " Nothing was saved."), true)
		return s.build("")
	case len(m.problems) > 0:
		fe := m.problems[0]
		s.remember(fe.Path, fe.Message(lang))
		return s.build(fe.Path)
	case m.pwErr != nil:
		s.base = m.p
		s.remember(keyProfilePassword, fmt.Sprintf(s.ctx.T("Passordet ble ikke lagret: %s. Resten av profilen er lagret; prøv igjen, eller la feltet stå tomt.",
			"The password was not stored: %s. The rest of the profile is saved; try again, or leave the field empty."), errText(m.pwErr, s.ctx.Lang)))
		return s.build(keyProfilePassword)
	}
	s.v.password = ""
	s.report = fmt.Sprintf(s.ctx.T("Profilen er lagret i %s. Nye økter får navnet, e-posten, telefonen, kopiadressen og utdatamappen herfra som standard.",
		"The profile is saved in %s. New sessions get the name, e-mail, phone, copy address and output folder from it as their defaults."), termtext.Line(s.path))
	if m.pwStored {
		s.report += " " + fmt.Sprintf(s.ctx.T("SMTP-passordet er lagret i %s.", "The SMTP password is stored in the %s."), s.passwordPlace())
	}
	s.done = true
	return nil
}

// remember shows text under the field at key while it keeps the value
// the save checked.
func (s *profileScreen) remember(key, text string) {
	if s.found == nil {
		s.found = map[string]foundProblem{}
	}
	if p := s.v.field(key); p != nil {
		s.found[key] = foundProblem{value: *p, text: text}
	}
}

// HandleBack keeps esc while the save runs: what it did is said first.
func (s *profileScreen) HandleBack() (bool, tea.Cmd) { return s.state == profileSaving, nil }

// Report says where the profile was saved (ui.Reporter).
func (s *profileScreen) Report() string { return s.report }

func (s *profileScreen) View() string {
	st := s.styles
	w := max(20, s.w)
	switch s.state {
	case profileLoading:
		return st.Dim.Render(s.ctx.T("Leser profilen …", "Reading the profile …"))
	case profileBroken:
		return ui.Focus(st.Error.Render(ui.Wrap(errText(s.broken, s.ctx.Lang), w)) + "\n\n" +
			st.Dim.Render(ui.Wrap(s.ctx.T("Filen er ikke endret. Rett den eller flytt den bort, så kan du fylle inn profilen her; esc går tilbake.",
				"The file is unchanged. Fix it or move it away, and you can fill in the profile here; esc goes back."), w)))
	}
	v := s.form.View()
	if m := s.msg.View(&st, w); m != "" {
		if s.state == profileSaving {
			v += "\n\n" + ui.Focus(m)
		} else {
			v = ui.Focus(m) + "\n\n" + v
		}
	}
	return v
}

func (s *profileScreen) SetSize(w, h int) {
	s.w, s.h = w, h
	if s.form != nil {
		s.form.SetSize(w, h)
	}
}

func (s *profileScreen) KeyBindings() []key.Binding {
	if s.state == profileEditing && s.form != nil {
		return s.form.KeyBindings()
	}
	return nil
}

func (s *profileScreen) Done() bool    { return s.done }
func (s *profileScreen) Editing() bool { return s.state == profileEditing }
func (s *profileScreen) Field() string {
	if s.form != nil {
		return s.form.Field()
	}
	return ""
}

// ProfileSecurity is a choice of smtp.security, with its label (nb, en).
type ProfileSecurity struct{ Value, NB, EN string }

// ProfileSecurities are smtp.security's choices, the usual one first.
var ProfileSecurities = []ProfileSecurity{
	{profile.SecuritySTARTTLS, "starttls (port 587)", "starttls (port 587)"},
	{profile.SecurityTLS, "tls (kryptert fra start, port 465)", "tls (encrypted from the start, port 465)"},
	{profile.SecurityNone, "none (ukryptert, bare til 127.0.0.1)", "none (unencrypted, only to 127.0.0.1)"},
}

func securityOptions(lang string) []huh.Option[string] {
	out := make([]huh.Option[string], len(ProfileSecurities))
	for i, c := range ProfileSecurities {
		out[i] = huh.NewOption(ui.T(lang, c.NB, c.EN), c.Value)
	}
	return out
}
