package steps

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// Screen IDs of the Maskinporten client step: keep them stable.
const (
	ScreenA3Prereq = "a3_prereq"
	ScreenA3Client = "a3_client"
)

// Kinds of the public key files in session.Files.
const (
	KindMaskinportenJWKS = "maskinporten-jwks"
	KindMaskinportenPEM  = "maskinporten-public-pem"
)

// Addresses of what the vendor does outside the program
// (altinn3-api.md §2 and §8.1).
const (
	// URLSystemUserStart is Altinn's page on getting started with system
	// users: the terms of use for end-user system vendors and the vendor
	// registration form (tick "systembruker") are linked from it (§8.1
	// step 2, D-START).
	URLSystemUserStart   = "https://docs.altinn.studio/nb/authorization/getting-started/systemuser/"
	URLSystemUserStartEN = "https://docs.altinn.studio/authorization/getting-started/systemuser/"
	// URLMaskinportenConsumerForm is Digdir's information form for
	// organisations new to Maskinporten (§8.1 step 1).
	URLMaskinportenConsumerForm = "https://samarbeid.digdir.no/maskinporten/konsument/119"
	// URLSelfServiceTT02 and URLSelfServiceProd are Digdir's
	// self-service portal, where the client is made (§2, §8.1 step 3).
	URLSelfServiceTT02 = "https://sjolvbetjening.test.samarbeid.digdir.no"
	URLSelfServiceProd = "https://sjolvbetjening.samarbeid.digdir.no"
)

// A3Client is the Altinn 3 track's step 1: the Maskinporten client. What
// the vendor does outside the program (terms, the registration form with
// "systembruker", the self-service portal), the environment, a key pair
// (or the enterprise certificate's key), the client ID, and a test.
func A3Client(d Deps) ui.Step {
	d = d.withAltinn3()
	return ui.Step{
		ID:    StepA3Client,
		Title: texts("Maskinporten", "Maskinporten"),
		Screens: []ui.ScreenSpec{
			{ID: ScreenA3Prereq, Title: texts("Før du begynner", "Before you start"),
				New: func(ctx *ui.Context, field string) ui.Screen { return ui.NewInfoScreen(ctx, prereqText(ctx)) }},
			{ID: ScreenA3Client, Title: texts("Klienten", "The client"), New: d.screen(newClientScreen),
				Ask: d.askA3(newClientScreen)},
		},
		Problems:     clientProblems,
		DoneWhenLeft: true,
	}
}

func prereqText(ctx *ui.Context) string {
	t := ctx.T
	return stepOf(ctx, StepA3Client) + t("Maskinporten-klienten. Dette gjør du utenfor programmet:",
		"The Maskinporten client. You do this outside the program:") + "\n" +
		t("1. Signer bruksvilkårene for Maskinporten. Ny hos Digdir? Send først ", "1. Sign Maskinporten's terms of use. New to Digdir? First send ") +
		URLMaskinportenConsumerForm + "\n" +
		t("2. Signer bruksvilkårene for sluttbrukersystemleverandører, og send registreringsskjemaet med «systembruker» krysset av; det gir de tre scopene altinn:authentication/…. Begge er lenket fra ",
			"2. Sign the terms of use for end-user system vendors, and send the vendor registration form with \"systembruker\" ticked; it gives the three scopes altinn:authentication/…. Both are linked from ") +
		t(URLSystemUserStart, URLSystemUserStartEN) + "\n" +
		t("3. Lag klienten i selvbetjeningsportalen med den offentlige nøkkelen fra neste skjerm; portalen gir klient-ID-en. TT02: ",
			"3. Make the client in the self-service portal with the public key from the next screen; the portal gives the client ID. TT02: ") +
		URLSelfServiceTT02 + " PROD: " + URLSelfServiceProd
}

// clientProblems: no key, no client ID, PROD not confirmed, or no
// successful test in the session's environment with every scope.
func clientProblems(ctx *ui.Context) []ui.Problem {
	s := ctx.Session
	mp := s.Altinn3.Maskinporten
	var out []ui.Problem
	add := func(field, nb, en string) {
		out = append(out, ui.Problem{Screen: ScreenA3Client, Field: field, Message: ctx.T(nb, en)})
	}
	if envOf(s) == session.EnvProd && s.Altinn3.ProdConfirmedAt == nil {
		add("environment", "PROD er ikke bekreftet", "PROD has not been confirmed")
	}
	switch {
	case mp.KeySource == "" || mp.PublicKey == nil:
		add("key", "Klienten har ingen nøkkel ennå", "The client has no key yet")
	case !keyKept(s):
		// The public half is in the session, the private half not in
		// this keyring (an import, another machine): no token can be
		// signed here.
		add("key", "Den private nøkkelen er ikke i nøkkelringen på denne maskinen: lag en ny nøkkel (og last opp den nye offentlige nøkkelen) eller bruk virksomhetssertifikatet igjen",
			"The private key is not in the keyring on this machine: make a new key (and upload the new public key) or use the enterprise certificate again")
	}
	if mp.ClientID == "" {
		add("client_id", "Klient-ID-en fra selvbetjeningsportalen mangler", "The client ID from the self-service portal is missing")
	}
	switch lt := mp.LastTest; {
	case len(out) > 0:
	case lt == nil || lt.Environment != envOf(s):
		add("test", "Klienten er ikke testet i "+envName(envOf(s)), "The client has not been tested in "+envName(envOf(s)))
	case len(lt.Missing) > 0:
		add("test", "Klienten mangler scopene "+strings.Join(lt.Missing, ", "), "The client lacks the scopes "+strings.Join(lt.Missing, ", "))
	case !lt.OK:
		add("test", "Siste test av klienten feilet", "The last test of the client failed")
	}
	return out
}

// keyKept says the client's private key can be had on this machine, as
// the session's references to the keyring say (Track.Status drops those
// this keyring lacks): the key itself, or for a .p12 key the file's
// password and path.
func keyKept(s *session.Session) bool {
	mp := s.Altinn3.Maskinporten
	return hasRef(s, altinn3.SecretPrivateKey) ||
		(mp.KeySource == session.KeySourceP12 && mp.P12Path != "" && hasRef(s, altinn3.SecretP12Password))
}

func envName(env string) string { return strings.ToUpper(env) }

// Menu keys of the client screen.
const (
	clientEnv      = "env"
	clientKey      = "key"
	clientP12      = "p12"
	clientID       = "client_id"
	clientTest     = "test"
	clientContinue = "continue"
)

type clientScreen struct {
	a3Screen
	// files are the key files written this time (their paths are shown).
	clientIDText string
	p12Path      string
	p12Password  string
}

func newClientScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	c := &clientScreen{a3Screen: newA3Screen(ctx, d)}
	c.refresh()
	if !c.menu.Select(field) {
		c.menu.SelectFirst(func(it ui.MenuItem) bool { return it.Problem })
	}
	return c
}

func (c *clientScreen) refresh() {
	t := c.ctx.T
	s := c.ctx.Session
	mp := s.Altinn3.Maskinporten
	other := session.EnvProd
	if envOf(s) == session.EnvProd {
		other = session.EnvTT02
	}
	keyLabel := t("Lag en ny nøkkel (RSA-2048) og skriv den offentlige delen for opplasting", "Make a new key (RSA-2048) and write its public part for upload")
	if mp.KeySource != "" {
		keyLabel = t("Lag en ny nøkkel (erstatter den du har; last den opp på nytt)", "Make a new key (replaces the one you have; upload it again)")
	}
	idLabel := t("Skriv inn klient-ID-en fra selvbetjeningsportalen", "Enter the client ID from the self-service portal")
	if mp.ClientID != "" {
		idLabel = t("Endre klient-ID-en", "Change the client ID")
	}
	probs := map[string]bool{}
	for _, p := range clientProblems(c.ctx) {
		probs[p.Field] = true
	}
	items := []ui.MenuItem{
		{Key: clientEnv, Label: fmt.Sprintf(t("Miljø: %s (bytt til %s)", "Environment: %s (switch to %s)"), envName(envOf(s)), envName(other)), Problem: probs["environment"]},
		{Key: clientKey, Label: keyLabel, Problem: probs["key"]},
		{Key: clientP12, Label: t("Bruk nøkkelen i virksomhetssertifikatet (.p12) i stedet", "Use the key of the enterprise certificate (.p12) instead")},
		{Key: clientID, Label: idLabel, Problem: probs["client_id"]},
		{Key: clientTest, Label: t("Test klienten mot Maskinporten", "Test the client against Maskinporten"), Problem: probs["test"]},
		{Key: clientContinue, Label: t("Videre til systemet", "On to the system")},
	}
	c.menu.SetItems(items)
}

func (c *clientScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	return c, c.updateMenu(c, msg)
}

func (c *clientScreen) activate(k string) tea.Cmd {
	t := c.ctx.T
	s := c.ctx.Session
	if c.msg.Busy() && k != clientContinue {
		c.msg.Set(t("Vent til det som pågår er ferdig.", "Wait until the work under way is done."), true)
		return nil
	}
	switch k {
	case clientEnv:
		return c.switchEnv()
	case clientKey:
		if s.Altinn3.Maskinporten.KeySource != "" {
			c.ask(t("Lage en ny nøkkel? Den gamle slutter å virke når du bytter nøkkel i portalen.", "Make a new key? The old one stops working when you replace the key in the portal."),
				func(yes bool) tea.Cmd {
					if !yes {
						return nil
					}
					return c.generate()
				})
			return nil
		}
		return c.generate()
	case clientP12:
		return c.askP12()
	case clientID:
		return c.askClientID()
	case clientTest:
		snap := altinn3.SnapshotOf(s)
		o := c.o
		startStep(s, StepA3Client, c.deps)
		return c.run(t("Tester klienten mot Maskinporten …", "Testing the client against Maskinporten …"),
			a3Call("test", "", func(ctx context.Context) (altinn3.TokenOutcome, error) { return o.TestClient(ctx, snap) }))
	case clientContinue:
		c.done = true
	}
	return nil
}

func (c *clientScreen) switchEnv() tea.Cmd {
	t := c.ctx.T
	s := c.ctx.Session
	to := session.EnvProd
	if envOf(s) == session.EnvProd {
		to = session.EnvTT02
	}
	set := func(confirm bool) tea.Cmd {
		if err := altinn3.SetEnvironment(s, to, confirm, c.deps.now()); err != nil {
			c.msg.Set(errText(err, c.ctx.Lang), true)
			return nil
		}
		c.msg.Set(fmt.Sprintf(t("Miljøet er nå %s.", "The environment is now %s."), envName(to)), false)
		c.refresh()
		return changed
	}
	if to == session.EnvProd && s.Altinn3.ProdConfirmedAt == nil {
		c.ask(t("Arbeide mot produksjonsmiljøet (PROD)? Det du registrerer og ber om der, er ekte, og kundene dine ser det. Du blir spurt bare denne ene gangen.",
			"Work against the production environment (PROD)? What you register and request there is real, and your customers see it. You are asked only this once."),
			func(yes bool) tea.Cmd {
				if !yes {
					c.msg.Set(t("Miljøet er fortsatt TT02.", "The environment is still TT02."), false)
					return nil
				}
				return set(true)
			})
		return nil
	}
	return set(false)
}

// keyDone is the outcome of a new key: the key recorded, and the public
// files written for upload.
type keyDone struct {
	out   altinn3.KeyOutcome
	files []session.GeneratedFile
}

func (k keyDone) Apply(s *session.Session) {
	k.out.Apply(s)
	if len(k.files) > 0 {
		s.ReplaceFiles([]string{KindMaskinportenJWKS, KindMaskinportenPEM}, k.files)
	}
}

func (c *clientScreen) generate() tea.Cmd {
	snap := altinn3.SnapshotOf(c.ctx.Session)
	o, dir, now := c.o, c.deps.OutputDir(c.ctx.Session), c.deps.now()
	startStep(c.ctx.Session, StepA3Client, c.deps)
	return c.run(c.ctx.T("Lager nøkkelen …", "Making the key …"),
		a3Call("key", "", func(context.Context) (keyDone, error) {
			out, err := o.GenerateKey(snap)
			if err != nil {
				return keyDone{}, err
			}
			files, err := writeKeyFiles(out, dir, now)
			return keyDone{out: out, files: files}, err
		}))
}

func (c *clientScreen) askP12() tea.Cmd {
	t := c.ctx.T
	// The path typed last stays (a wrong password loses nothing typed);
	// the first time, the one the session used.
	if c.p12Path == "" {
		c.p12Path = c.ctx.Session.Altinn3.Maskinporten.P12Path
	}
	c.p12Password = ""
	return c.edit(t("Virksomhetssertifikatet", "The enterprise certificate"), func() tea.Cmd {
		snap := altinn3.SnapshotOf(c.ctx.Session)
		o, dir, now := c.o, c.deps.OutputDir(c.ctx.Session), c.deps.now()
		path, password := strings.TrimSpace(c.p12Path), c.p12Password
		c.p12Password = ""
		startStep(c.ctx.Session, StepA3Client, c.deps)
		return c.run(t("Leser nøkkelen fra sertifikatet …", "Reading the key from the certificate …"),
			a3Call("key", "", func(context.Context) (keyDone, error) {
				out, err := o.LoadP12Key(snap, path, password)
				if err != nil {
					return keyDone{}, err
				}
				files, err := writeKeyFiles(out, dir, now)
				return keyDone{out: out, files: files}, err
			}))
	},
		line("p12_path", t("Filen (.p12 eller .pfx)", "The file (.p12 or .pfx)"), "", &c.p12Path,
			c.validator(func(v string) error { return forms.Required(v) })),
		a3Field{key: "p12_password", title: t("Passordet", "The password"), text: huh.NewPointerAccessor(&c.p12Password), secret: true})
}

func (c *clientScreen) askClientID() tea.Cmd {
	t := c.ctx.T
	c.clientIDText = c.ctx.Session.Altinn3.Maskinporten.ClientID
	snap := altinn3.SnapshotOf(c.ctx.Session)
	return c.edit(t("Klient-ID fra selvbetjeningsportalen", "Client ID from the self-service portal"), func() tea.Cmd {
		edit, err := c.o.SetClient(snap, c.clientIDText)
		if err != nil {
			c.msg.Set(errText(err, c.ctx.Lang), true)
			return nil
		}
		edit.Apply(c.ctx.Session)
		startStep(c.ctx.Session, StepA3Client, c.deps)
		c.msg.Set(t("Klient-ID-en er lagret. Test klienten nå.", "The client ID is saved. Test the client now."), false)
		c.menu.Select(clientTest)
		return changed
	},
		line("client_id", t("Klient-ID (UUID)", "Client ID (UUID)"),
			t("For eksempel 0a1b2c3d-4e5f-6789-abcd-ef0123456789", "For example 0a1b2c3d-4e5f-6789-abcd-ef0123456789"), &c.clientIDText,
			c.validator(func(v string) error { _, err := c.o.SetClient(snap, v); return err })))
}

// writeKeyFiles writes the public JWKS and PEM for upload into the
// session's output folder (made 0700 when new).
func writeKeyFiles(out altinn3.KeyOutcome, dir string, now time.Time) ([]session.GeneratedFile, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if _, err := atomicfile.MakeDir(dir); err != nil {
		return nil, err
	}
	jwks := filepath.Join(dir, "maskinporten-jwks.json")
	pem := filepath.Join(dir, "maskinporten-public.pem")
	if err := atomicfile.WriteFile(jwks, out.JWKS); err != nil {
		return nil, fmt.Errorf("%s: %w", jwks, err)
	}
	if err := atomicfile.WriteFile(pem, out.PublicPEM); err != nil {
		return nil, fmt.Errorf("%s: %w", pem, err)
	}
	return []session.GeneratedFile{
		{Kind: KindMaskinportenJWKS, Path: jwks, CreatedAt: now.UTC()},
		{Kind: KindMaskinportenPEM, Path: pem, CreatedAt: now.UTC()},
	}, nil
}

// finished shows what a call came to.
func (c *clientScreen) finished(m a3Done) tea.Cmd {
	t, lang := c.ctx.T, c.ctx.Lang
	switch m.op {
	case "key":
		if m.err != nil {
			c.msg.Set(t("Fikk ikke laget nøkkelen: ", "Could not make the key: ")+errText(m.err, lang), true)
			return nil
		}
		c.msg.Set(t("Nøkkelen er laget; den private delen ligger bare i nøkkelringen. Last opp den offentlige (filene nevnt over) til klienten i selvbetjeningsportalen.",
			"The key is made; its private part is only in the keyring. Upload the public part (the files named above) to the client in the self-service portal."), false)
		c.menu.Select(clientID)
	case "test":
		out, _ := m.value.(altinn3.TokenOutcome)
		if m.err != nil {
			text := errText(m.err, lang)
			if len(out.Test.Missing) > 0 {
				text += "\n" + t("Mangler: ", "Missing: ") + strings.Join(out.Test.Missing, ", ")
			}
			c.msg.Set(text, true)
			return nil
		}
		if len(out.Test.Missing) > 0 {
			c.msg.Set(t("Maskinporten ga et token, men uten scopene ", "Maskinporten gave a token, but without the scopes ")+strings.Join(out.Test.Missing, ", ")+
				t(". Be Digdir om dem (registreringsskjemaet med «systembruker»), og legg dem til klienten i portalen.",
					". Ask Digdir for them (the registration form with \"systembruker\"), and add them to the client in the portal."), true)
			return nil
		}
		c.msg.Set(t("Klienten virker: Maskinporten ga et token med alle scopene.", "The client works: Maskinporten gave a token with every scope."), false)
		c.menu.Select(clientContinue)
	}
	return nil
}

func (c *clientScreen) View() string { return c.view(c.body()) }

// body is what the screen says above its message and menu.
func (c *clientScreen) body() string {
	t := c.ctx.T
	s := c.ctx.Session
	mp := s.Altinn3.Maskinporten
	st := c.styles
	var b strings.Builder
	b.WriteString(st.Heading.Render(stepOf(c.ctx, StepA3Client)+t("Maskinporten-klienten", "The Maskinporten client")) + "\n")
	line := func(label, v string) { b.WriteString(c.wrap(label+": "+v) + "\n") }
	line(t("Miljø", "Environment"), envName(envOf(s)))
	switch mp.KeySource {
	case session.KeySourceGenerated:
		line(t("Nøkkel", "Key"), t("laget av programmet, kid ", "made by the program, kid ")+mp.KeyID)
	case session.KeySourceP12:
		line(t("Nøkkel", "Key"), t("fra virksomhetssertifikatet ", "from the enterprise certificate ")+mp.P12Path)
	default:
		line(t("Nøkkel", "Key"), t("ingen ennå", "none yet"))
	}
	id := mp.ClientID
	if id == "" {
		id = t("ikke satt", "not set")
	}
	line(t("Klient-ID", "Client ID"), id)
	if lt := mp.LastTest; lt != nil {
		b.WriteString(c.testView(lt))
	}
	var names []string
	dir := ""
	for _, f := range s.Files {
		if f.Kind == KindMaskinportenJWKS || f.Kind == KindMaskinportenPEM {
			dir, names = filepath.Dir(f.Path), append(names, filepath.Base(f.Path))
		}
	}
	if len(names) > 0 {
		// Whole, wrapped if need be: the user finds the files there.
		b.WriteString(c.wrap(t("For opplasting til selvbetjeningsportalen: ", "For upload to the self-service portal: ")+strings.Join(names, t(" og ", " and "))+
			t(" i ", " in ")+dir) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// testView is what the last test found: the scopes granted, the expiry
// and what is missing, or the error.
func (c *clientScreen) testView(lt *session.ClientTest) string {
	t := c.ctx.T
	var b strings.Builder
	when := lt.At.Local().Format("02.01.2006 15:04")
	if !lt.OK {
		b.WriteString(c.failedLine(lt, "Siste test %s i %s: feilet%s", "Last test %s in %s: failed%s"))
	} else {
		b.WriteString(c.wrap(fmt.Sprintf(t("Siste test %s i %s: token med scopene %s; utløper etter %d sekunder", "Last test %s in %s: a token with the scopes %s; expires after %d seconds"),
			when, envName(lt.Environment), strings.Join(lt.Granted, ", "), lt.ExpiresIn)) + "\n")
		b.WriteString(c.dim(altinn3.UncertainTokenLifetime.Text(c.ctx.Lang)) + "\n")
	}
	if len(lt.Missing) > 0 {
		b.WriteString(c.styles.Error.Render(c.wrap(t("Mangler scopene: ", "Lacks the scopes: ")+strings.Join(lt.Missing, ", "))) + "\n")
	}
	return b.String()
}

// HandleBack forgets a .p12 password typed into a form that is
// cancelled, then does what every Altinn 3 screen does.
func (c *clientScreen) HandleBack() (bool, tea.Cmd) {
	c.p12Password = ""
	return c.a3Screen.HandleBack()
}
