package altinn3

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/session"
)

// The environment variables that point the program at other hosts: a
// sandbox, a proxy, a future environment.
const (
	EnvMaskinportenURL = "ALTINN_ONBOARD_MASKINPORTEN_URL"
	EnvPlatformURL     = "ALTINN_ONBOARD_PLATFORM_URL"
	EnvApprovalURL     = "ALTINN_ONBOARD_APPROVAL_URL"
)

// Endpoints are the base URLs of one environment (altinn3-api.md §2).
// Each ends in "/".
type Endpoints struct {
	Environment string // session.EnvTT02 or session.EnvProd
	// Maskinporten is the base of Maskinporten: its metadata is at
	// .well-known/oauth-authorization-server under it, and without
	// metadata it is the issuer and its token endpoint is "token" under it.
	Maskinporten string
	// Platform is the Altinn platform root; the APIs are under
	// authentication/api/v1/.
	Platform string
	// Approval is the host of the page where customers approve requests.
	// The register builds the confirm URLs itself; this is for showing and
	// checking them.
	Approval string
	// Overridden names the environment variables that changed a URL.
	Overridden []string
}

var defaultEndpoints = map[string]Endpoints{
	session.EnvTT02: {
		Environment:  session.EnvTT02,
		Maskinporten: "https://test.maskinporten.no/",
		Platform:     "https://platform.tt02.altinn.no/",
		Approval:     "https://am.ui.tt02.altinn.no/",
	},
	session.EnvProd: {
		Environment:  session.EnvProd,
		Maskinporten: "https://maskinporten.no/",
		Platform:     "https://platform.altinn.no/",
		Approval:     "https://am.ui.altinn.no/",
	},
}

// EndpointError is a bad environment name or override.
type EndpointError struct {
	Variable, Value string
	nb, en          string
}

func (e *EndpointError) Error() string { return e.Text("en") }

// Text is the message in lang ("en" English, else bokmål).
func (e *EndpointError) Text(lang string) string {
	if lang == "en" {
		return e.en
	}
	return e.nb
}

// EndpointsFor returns the URLs of env (session.EnvTT02 or EnvProd), each
// replaced by its environment variable when that is set. getenv is
// os.Getenv in the program; tests pass their own.
func EndpointsFor(env string, getenv func(string) string) (Endpoints, error) {
	ep, ok := defaultEndpoints[env]
	if !ok {
		return Endpoints{}, &EndpointError{Value: env,
			nb: fmt.Sprintf("Ukjent miljø %q: velg tt02 eller prod", env),
			en: fmt.Sprintf("Unknown environment %q: choose tt02 or prod", env)}
	}
	if getenv == nil {
		return ep, nil
	}
	for _, o := range []struct {
		name string
		dst  *string
	}{{EnvMaskinportenURL, &ep.Maskinporten}, {EnvPlatformURL, &ep.Platform}, {EnvApprovalURL, &ep.Approval}} {
		v := strings.TrimSpace(getenv(o.name))
		if v == "" {
			continue
		}
		u, err := checkBaseURL(o.name, v)
		if err != nil {
			return Endpoints{}, err
		}
		*o.dst = u
		ep.Overridden = append(ep.Overridden, o.name)
	}
	return ep, nil
}

// checkBaseURL accepts an absolute https URL, or http to this machine
// (a sandbox): tokens must not cross a network in clear text.
func checkBaseURL(name, v string) (string, error) {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", &EndpointError{Variable: name, Value: v,
			nb: fmt.Sprintf("%s=%q er ikke en brukbar adresse: skriv en fullstendig https-adresse, for eksempel https://vert/", name, v),
			en: fmt.Sprintf("%s=%q is not a usable address: write an absolute https URL, for example https://host/", name, v)}
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return "", &EndpointError{Variable: name, Value: v,
			nb: fmt.Sprintf("%s=%q bruker http til en annen maskin; tokens skal ikke sendes ukryptert. Bruk https, eller http bare til 127.0.0.1 (sandkassen).", name, v),
			en: fmt.Sprintf("%s=%q uses http to another machine; tokens must not travel unencrypted. Use https, or http only to 127.0.0.1 (the sandbox).", name, v)}
	}
	s := u.String()
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// api is the URL of a path under the platform's authentication API.
func (ep Endpoints) api(path string) string {
	return ep.Platform + "authentication/api/v1/" + strings.TrimPrefix(path, "/")
}

// IsDefault reports whether no URL was overridden.
func (ep Endpoints) IsDefault() bool { return len(ep.Overridden) == 0 }

// Probe is whether one base URL answers.
type Probe struct {
	Name string // "maskinporten", "platform", "approval"
	URL  string
	// Answered: the host gave an HTTP answer (any status); Status is it.
	Answered bool
	Status   int
	// Issuer is Maskinporten's issuer, when its metadata was read.
	Issuer string
	Err    error
}

// ProbeEndpoints asks each base URL once, for doctor: Maskinporten's
// metadata, and the platform's and approval page's roots (any HTTP
// answer means the host is there). Nothing is retried.
func ProbeEndpoints(ctx context.Context, c *Client, ep Endpoints) []Probe {
	out := []Probe{{Name: "maskinporten", URL: ep.Maskinporten}, {Name: "platform", URL: ep.Platform}, {Name: "approval", URL: ep.Approval}}
	for i := range out {
		p := &out[i]
		u := p.URL
		if p.Name == "maskinporten" {
			u += ".well-known/oauth-authorization-server"
		}
		resp, err := c.send(ctx, request{op: OpPing, method: http.MethodGet, url: u})
		if err != nil {
			p.Err = err
			continue
		}
		p.Answered, p.Status = true, resp.status
		if p.Name == "maskinporten" {
			var m Metadata
			if resp.status == http.StatusOK && json.Unmarshal(resp.body, &m) == nil {
				p.Issuer = m.Issuer
			}
		}
	}
	return out
}
