package altinn3

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/altinn-onboard/altinn-onboard/session"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestEndpointsDefaults(t *testing.T) {
	tt02, err := EndpointsFor(session.EnvTT02, envOf(nil))
	if err != nil || tt02.Maskinporten != "https://test.maskinporten.no/" || tt02.Platform != "https://platform.tt02.altinn.no/" ||
		tt02.Approval != "https://am.ui.tt02.altinn.no/" || !tt02.IsDefault() {
		t.Fatalf("%+v %v", tt02, err)
	}
	prod, _ := EndpointsFor(session.EnvProd, nil)
	if prod.Maskinporten != "https://maskinporten.no/" || prod.Platform != "https://platform.altinn.no/" || prod.Approval != "https://am.ui.altinn.no/" {
		t.Fatalf("%+v", prod)
	}
	if got := tt02.api("/systemregister/vendor"); got != "https://platform.tt02.altinn.no/authentication/api/v1/systemregister/vendor" {
		t.Fatal(got)
	}
	if _, err := EndpointsFor("test", nil); err == nil || !strings.Contains(err.(*EndpointError).Text("nb"), "tt02 eller prod") {
		t.Fatalf("unknown env: %v", err)
	}
}

func TestEndpointsOverrides(t *testing.T) {
	ep, err := EndpointsFor(session.EnvProd, envOf(map[string]string{
		EnvMaskinportenURL: "http://127.0.0.1:8080/maskinporten",
		EnvPlatformURL:     " http://localhost:8080/ ",
		EnvApprovalURL:     "https://proxy.example/am",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if ep.Maskinporten != "http://127.0.0.1:8080/maskinporten/" || ep.Platform != "http://localhost:8080/" || ep.Approval != "https://proxy.example/am/" {
		t.Fatalf("%+v", ep)
	}
	if !slices.Equal(ep.Overridden, []string{EnvMaskinportenURL, EnvPlatformURL, EnvApprovalURL}) {
		t.Fatalf("%v", ep.Overridden)
	}
	for _, bad := range []string{"http://platform.example/", "ftp://x/", "not a url", "https://user:pw@x/", "https://x/?q=1", "/relative"} {
		_, err := EndpointsFor(session.EnvTT02, envOf(map[string]string{EnvPlatformURL: bad}))
		ee, ok := err.(*EndpointError)
		if !ok || ee.Variable != EnvPlatformURL || !strings.Contains(ee.Text("en"), EnvPlatformURL) || ee.Text("nb") == ee.Text("en") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestProbeEndpoints(t *testing.T) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/mp/.well-known/oauth-authorization-server" {
			answer(200, `{"issuer":"`+"http://"+r.Host+`/mp/","token_endpoint":"x"}`)(w, r)
			return
		}
		answer(404, "")(w, r)
	})
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	ep := Endpoints{Maskinporten: srv.URL + "/mp/", Platform: srv.URL + "/", Approval: down.URL + "/"}
	got := ProbeEndpoints(context.Background(), testClient(&fakeSleep{}), ep)
	if len(got) != 3 || !got[0].Answered || got[0].Issuer != srv.URL+"/mp/" || !got[1].Answered || got[1].Status != 404 ||
		got[2].Answered || !IsNetwork(got[2].Err) {
		t.Fatalf("%+v", got)
	}
}
