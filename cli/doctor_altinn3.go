package cli

// doctor's Altinn 3 lines: the addresses in use per environment, which
// ALTINN_ONBOARD_*_URL changed them, and whether they answer.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// probeTimeout bounds doctor's questions to the services: a host that
// has not answered by then is reported as not answering.
const probeTimeout = 8 * time.Second

func probeEndpoints(b Build) func(context.Context, altinn3.Endpoints) []altinn3.Probe {
	return func(ctx context.Context, ep altinn3.Endpoints) []altinn3.Probe {
		return altinn3.ProbeEndpoints(ctx, altinn3.NewClient(b.version()), ep)
	}
}

// endpointVariables names the variable that overrides each probe's URL.
var endpointVariables = map[string]string{
	"maskinporten": altinn3.EnvMaskinportenURL,
	"platform":     altinn3.EnvPlatformURL,
	"approval":     altinn3.EnvApprovalURL,
}

func doctorEndpoints(s *IO, r *doctorReport, opts *doctorOptions) {
	if opts.Getenv == nil {
		return
	}
	envs := append([]string(nil), session.Environments...)
	eps := make([]altinn3.Endpoints, len(envs))
	probes := make([][]altinn3.Probe, len(envs))
	var wg sync.WaitGroup
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	for i, env := range envs {
		ep, err := altinn3.EndpointsFor(env, opts.Getenv)
		if err != nil {
			var ee *altinn3.EndpointError
			fix := s.t("rett adressen, eller fjern variabelen for å bruke Altinns egne", "correct the address, or unset the variable to use Altinn's own")
			if errors.As(err, &ee) && ee.Variable != "" {
				fix = fmt.Sprintf(s.t("rett %s, eller fjern den (unset %s) for å bruke Altinns egne adresser", "correct %s, or unset it (unset %s) to use Altinn's own addresses"), ee.Variable, ee.Variable)
			}
			r.problem(false, strings.ToUpper(env)+": "+errorText(err, s.Lang), fix)
			envs[i] = ""
			continue
		}
		eps[i] = ep
		if opts.Offline || opts.Probe == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			probes[i] = opts.Probe(ctx, ep)
		}()
	}
	wg.Wait()
	for i, env := range envs {
		if env == "" {
			continue
		}
		ep := eps[i]
		for _, name := range []string{"maskinporten", "platform", "approval"} {
			u := map[string]string{"maskinporten": ep.Maskinporten, "platform": ep.Platform, "approval": ep.Approval}[name]
			text := fmt.Sprintf("%s %s: %s", strings.ToUpper(env), endpointLabel(s, name), u)
			if v := endpointVariables[name]; contains(ep.Overridden, v) {
				text += fmt.Sprintf(s.t(" (satt av %s)", " (set by %s)"), v)
			}
			p := probeNamed(probes[i], name)
			switch {
			case p == nil:
				r.ok(text)
			case p.Answered:
				detail := fmt.Sprintf(s.t("svarer (HTTP %d)", "answers (HTTP %d)"), p.Status)
				if p.Issuer != "" {
					detail += ", issuer " + p.Issuer
				}
				r.ok(text + " " + detail)
			default:
				// The error's first line; its advice is the fix below.
				why, _, _ := strings.Cut(errorText(p.Err, s.Lang), "\n")
				r.problem(false, text+" "+s.t("svarer ikke: ", "does not answer: ")+why,
					fmt.Sprintf(s.t("sjekk nettverket og eventuell proxy (HTTPS_PROXY), eller adressen i %s; trengs bare for Altinn 3-sporet",
						"check the network and any proxy (HTTPS_PROXY), or the address in %s; needed only for the Altinn 3 track"), endpointVariables[name]))
			}
		}
	}
}

func endpointLabel(s *IO, name string) string {
	switch name {
	case "platform":
		return s.t("Altinn-plattformen", "Altinn platform")
	case "approval":
		return s.t("godkjenningssiden", "approval page")
	}
	return "Maskinporten"
}

func probeNamed(ps []altinn3.Probe, name string) *altinn3.Probe {
	for i := range ps {
		if ps[i].Name == name {
			return &ps[i]
		}
	}
	return nil
}
