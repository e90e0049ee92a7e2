package steps

import (
	"context"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// ScreenA3Tokens is the token step's screen ID: keep it stable.
const ScreenA3Tokens = "a3_tokens"

// A3Token is the Altinn 3 track's step 4: a system-user token for each
// customer that has approved, and what it grants; MP-303 explained when
// Maskinporten refuses.
func A3Token(d Deps) ui.Step {
	d = d.withAltinn3()
	return ui.Step{
		ID:    StepA3Token,
		Title: texts("Token", "Token"),
		Screens: []ui.ScreenSpec{
			{ID: ScreenA3Tokens, Title: texts("Token per kunde", "Token per customer"), New: d.screen(newTokenScreen), Ask: d.askA3(newTokenScreen)},
		},
		Problems:     tokenProblems,
		DoneWhenLeft: true,
	}
}

// accepted reports whether the customer's request in env is accepted.
func accepted(c *session.Customer, env string) bool {
	r := requestIn(c, env)
	return r != nil && r.Status == session.RequestAccepted
}

// tokenProblems: no customer has approved yet, or an approved customer
// has no token that worked in the session's environment.
func tokenProblems(ctx *ui.Context) []ui.Problem {
	s := ctx.Session
	env := envOf(s)
	var out []ui.Problem
	any := false
	for i := range s.Altinn3.Customers {
		c := &s.Altinn3.Customers[i]
		if !accepted(c, env) {
			continue
		}
		any = true
		if lt := c.LastToken; lt == nil || !lt.OK || lt.Environment != env {
			out = append(out, ui.Problem{Screen: ScreenA3Tokens, Field: c.OrgNumber,
				Message: fmt.Sprintf(ctx.T("Kunde %s: ikke hentet et systembruker-token som virker", "Customer %s: no system-user token that works yet"), c.OrgNumber)})
		}
	}
	if !any {
		out = append(out, ui.Problem{Screen: ScreenA3Tokens, Message: ctx.T("Ingen kunde har godkjent systembrukeren ennå (steg ", "No customer has approved the system user yet (step ") + stepNo(ctx, StepA3Customers) + ")"})
	}
	return out
}

const tokenContinue = "continue"

type tokenScreen struct {
	a3Screen
	// claims are what the last token of each customer says (this run only).
	claims map[string]altinn3.TokenClaims
}

func newTokenScreen(ctx *ui.Context, d Deps, field string) ui.Screen {
	s := &tokenScreen{a3Screen: newA3Screen(ctx, d), claims: map[string]altinn3.TokenClaims{}}
	s.refresh()
	if !s.menu.Select(field) {
		s.menu.SelectFirst(func(it ui.MenuItem) bool { return it.Problem || it.Key == tokenContinue })
	}
	return s
}

func (s *tokenScreen) refresh() {
	t, lang := s.ctx.T, s.ctx.Lang
	env := envOf(s.ctx.Session)
	var items []ui.MenuItem
	for i := range s.ctx.Session.Altinn3.Customers {
		c := &s.ctx.Session.Altinn3.Customers[i]
		status := altinn3.StatusText("", lang)
		if r := requestIn(c, env); r != nil {
			status = altinn3.StatusText(r.Status, lang)
		}
		it := ui.MenuItem{Key: c.OrgNumber, Label: fmt.Sprintf(t("Hent token for %s %s", "Get a token for %s %s"), c.OrgNumber, orNone(c.Name, lang))}
		if !accepted(c, env) {
			it.Label = fmt.Sprintf("%s %s (%s)", c.OrgNumber, orNone(c.Name, lang), status)
			it.Disabled = true
		} else if lt := c.LastToken; lt == nil || !lt.OK || lt.Environment != env {
			it.Problem = true
		}
		items = append(items, it)
	}
	items = append(items, menuItem(tokenContinue, t("Ferdig med Altinn 3-sporet", "Done with the Altinn 3 track")))
	s.menu.SetItems(items)
}

func (s *tokenScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	return s, s.updateMenu(s, msg)
}

func (s *tokenScreen) activate(k string) tea.Cmd {
	if k == tokenContinue {
		s.done = true
		return nil
	}
	if s.msg.Busy() {
		s.msg.Set(s.ctx.T("Vent til det som pågår er ferdig.", "Wait until the work under way is done."), true)
		return nil
	}
	snap := altinn3.SnapshotOf(s.ctx.Session)
	o := s.o
	startStep(s.ctx.Session, StepA3Token, s.deps)
	return s.run(fmt.Sprintf(s.ctx.T("Henter systembruker-token for %s …", "Getting a system-user token for %s …"), k),
		a3Call("token", k, func(ctx context.Context) (altinn3.TokenOutcome, error) { return o.CustomerToken(ctx, snap, k, nil) }))
}

func (s *tokenScreen) finished(m a3Done) tea.Cmd {
	t, lang := s.ctx.T, s.ctx.Lang
	out, _ := m.value.(altinn3.TokenOutcome)
	if m.err != nil {
		text := errText(m.err, lang)
		if e, ok := altinn3.AsError(m.err); ok && e.MP == altinn3.MPCustomerConfig {
			text += "\n" + altinn3.UncertainErrorCodes.Text(lang)
		}
		s.msg.Set(text, true)
		return nil
	}
	if out.Token != nil {
		s.claims[m.org] = out.Token.Claims
	}
	s.msg.Set(fmt.Sprintf(t("Systembruker-token for %s hentet; det holdes bare i minnet.", "Got the system-user token for %s; it is kept in memory only."), m.org), false)
	return nil
}

func (s *tokenScreen) View() string { return s.view(s.body()) }

// body is what the screen says above its message and menu.
func (s *tokenScreen) body() string {
	t := s.ctx.T
	st := s.styles
	var b strings.Builder
	b.WriteString(st.Heading.Render(stepOf(s.ctx, StepA3Token)+t("Token per kunde", "Token per customer")) + "\n")
	b.WriteString(s.wrap(t("Systemet ditt henter et token fra Maskinporten for hver kunde som har godkjent, og kaller tjenestene med det. Her prøver du det samme.",
		"Your system gets a token from Maskinporten for each customer that has approved, and calls the services with it. Here you try the same.")) + "\n")
	if it := s.menu.Selected(); it != nil && it.Key != tokenContinue {
		if c := s.ctx.Session.Altinn3.Customer(it.Key); c != nil && c.LastToken != nil {
			b.WriteString("\n" + s.grantView(c))
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// grantView is what the customer's last token granted, or why it failed.
func (s *tokenScreen) grantView(c *session.Customer) string {
	t, lang := s.ctx.T, s.ctx.Lang
	lt := c.LastToken
	var b strings.Builder
	if !lt.OK {
		return s.failedLine(lt, "Siste forsøk %s i %s feilet%s", "Last try %s in %s failed%s")
	}
	when := lt.At.Local().Format("02.01.2006 15:04")
	b.WriteString(s.wrap(fmt.Sprintf(t("Siste token %s i %s: scopene %s; utløper etter %d sekunder.", "Last token %s in %s: the scopes %s; expires after %d seconds."),
		when, envName(lt.Environment), strings.Join(lt.Granted, ", "), lt.ExpiresIn)) + "\n")
	if cl, ok := s.claims[c.OrgNumber]; ok {
		b.WriteString(s.wrap(fmt.Sprintf(t("Gjelder organisasjonen %s, systembruker %s, system %s.", "For the organisation %s, system user %s, system %s."),
			orNone(cl.SystemUserOrg, lang), orNone(strings.Join(cl.SystemUserIDs, ", "), lang), orNone(cl.SystemID, lang))) + "\n")
		b.WriteString(s.dim(altinn3.UncertainOrgIDCase.Text(lang)) + "\n")
	}
	b.WriteString(s.dim(altinn3.UncertainTokenLifetime.Text(lang)) + "\n")
	return b.String()
}
