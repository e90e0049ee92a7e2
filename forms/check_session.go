package forms

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// CheckSession checks what a session file holds besides bookkeeping (IDs,
// times, schema): every answer of step 1 with Check's rules, the answers
// of the later steps with the rules of their forms, the statuses of the
// steps, the counts, and every other text a person typed or a file could
// carry (the name, the cursor, checklist keys). Paths are the session
// file's JSON keys ("answers.contact.email", "steps.testing.status").
// steps are the IDs of the steps of the session's track, in order: the
// statuses may name only these, the cursor these or the overview.
//
// A session is work in progress, so answers not given yet are reported
// with Missing set; Wrong() is what must never be let in. Nothing in s is
// changed. It is the check of `sessions import`, in the terminal and the
// wizard alike.
func CheckSession(s *session.Session, steps []string) Problems {
	c := &collector{}
	// A name too long for the store is renamed on import, not refused.
	c.textRule("name", optional(line(0)), s.Name)
	c.textRule("target", optional(choice(session.Environments, "", "")), s.Target)

	a := s.Answers.Clone()
	c.answers("answers.", &a)

	for _, env := range sortedKeys(s.Integration.APIKeyOrdered) {
		if !slices.Contains(session.Environments, env) {
			c.add("integration.api_key_ordered", false, notOneOf(env, session.Environments))
		}
	}

	c.errs = append(c.errs, CheckAuthentication(s.Authentication)...)

	c.errs = append(c.errs, CheckTesting(s.Testing)...)

	g := s.GoLive
	for _, k := range sortedKeys(g.Checklist) {
		if err := SingleLine(k, MaxShortText); err != nil || Required(k) != nil {
			c.add("go_live.checklist", false, invalid(
				fmt.Sprintf("%s er ikke et punkt i sjekklisten", quoteNB(k)),
				fmt.Sprintf("%s is not an item of the checklist", quoteEN(k))))
		}
	}
	c.textRule("go_live.guide_lang", optional(choice([]string{GuideNB, GuideEN}, "", "")), g.GuideLang)
	if g.Support != nil {
		_, p := CheckPerson(keySupport, *g.Support)
		c.errs = append(c.errs, p...)
	}

	for _, id := range sortedKeys(s.Steps) {
		if !slices.Contains(steps, id) {
			c.add("steps", false, invalid(
				fmt.Sprintf("%s er ikke et steg; stegene er: %s", quoteNB(id), strings.Join(steps, ", ")),
				fmt.Sprintf("%s is not a step; the steps are: %s", quoteEN(id), strings.Join(steps, ", "))))
			continue
		}
		c.status("steps."+id+".status", s.Steps[id].Status)
	}
	c.textRule("cursor.step", optional(choice(append(slices.Clip(steps), session.OverviewStep), "", "")), s.Cursor.Step)
	c.textRule("cursor.screen", optional(line(MaxShortText)), s.Cursor.Screen)
	c.textRule("cursor.field", optional(line(MaxShortText)), s.Cursor.Field)

	for i, f := range s.Files {
		p := fmt.Sprintf("files[%d]", i)
		c.textRule(p+".kind", optional(line(MaxShortText)), f.Kind)
		c.textRule(p+".path", optional(line(MaxPathLength)), f.Path)
	}
	for i, r := range s.Secrets {
		p := fmt.Sprintf("secrets[%d]", i)
		c.textRule(p+".name", optional(line(MaxShortText)), r.Name)
		c.textRule(p+".store", optional(line(MaxShortText)), r.Store)
		c.textRule(p+".service", optional(line(MaxShortText)), r.Service)
		c.textRule(p+".account", optional(line(MaxShortText)), r.Account)
	}
	c.textRule("settings.templates_dir", optional(line(MaxPathLength)), s.Settings.TemplatesDir)
	c.textRule("settings.output_dir", optional(line(MaxPathLength)), s.Settings.OutputDir)
	c.textRule("settings.lang", optional(choice([]string{string(NB), string(EN)}, "", "")), s.Settings.Lang)
	return c.errs
}

// textRule applies r to v, a value that is only read.
func (c *collector) textRule(path string, r rule, v string) {
	if _, missing, err := r.apply(v); err != nil {
		c.add(path, missing, err)
	}
}

// count checks a number of test users the way the form reads it.
func (c *collector) count(path string, n int) {
	c.textRule(path, mustRule(path), strconv.Itoa(n))
}

var statuses = []string{string(session.NotStarted), string(session.InProgress), string(session.Done)}

func (c *collector) status(path string, st session.Status) {
	if st != "" && !slices.Contains(statuses, string(st)) {
		c.add(path, false, notOneOf(string(st), statuses))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// CheckAuthentication checks the answers of step 3 with the rules of its
// forms (SystemIDForm, RESTMechanismsForm, CertificateForm). Which of
// them a session needs depends on its other answers; the step decides
// that, and reports what is missing in its own words.
func CheckAuthentication(au session.Authentication) Problems {
	c := &collector{}
	for _, t := range []struct{ key, v string }{
		{"authentication.system_id", au.SystemID},
		{"authentication.system_id_owner", au.SystemIDOwner},
	} {
		c.textRule(t.key, mustRule(t.key), t.v)
	}
	c.set("authentication.rest_mechanisms", au.RESTMechanisms)
	c.textRule("authentication.enterprise_user", mustRule("authentication.enterprise_user"), au.EnterpriseUser)
	for _, env := range sortedKeys(au.Certificates) {
		if !slices.Contains(session.Environments, env) {
			c.add("authentication.certificates", false, notOneOf(env, session.Environments))
			continue
		}
		cert := au.Certificates[env]
		if cert == nil {
			continue
		}
		c.textRule(CertificatePathKey(env), mustRule(CertificatePathKey(env)), cert.Path)
		if f := cert.Checked; f != nil {
			for _, t := range []struct{ key, v string }{
				{"path", f.Path}, {"subject", f.Subject}, {"org_number", f.OrgNumber}, {"issuer_name", f.IssuerName},
			} {
				c.textRule("authentication.certificates."+env+".checked."+t.key, optional(line(MaxPathLength)), t.v)
			}
		}
	}
	for _, env := range au.CertificateMoved {
		if !slices.Contains(session.Environments, env) {
			c.add("authentication.certificate_moved", false, notOneOf(env, session.Environments))
		}
	}
	return c.errs
}
