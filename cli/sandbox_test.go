package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	neturl "net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/altinn-onboard/altinn-onboard/internal/altinn3"
	"github.com/altinn-onboard/altinn-onboard/internal/sandbox"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// runSandbox runs `sandbox ARGS` in-process until stop is called; ready
// gets the server once it listens. It returns the command's error and
// output once it has stopped.
func runSandbox(t *testing.T, lang string, args []string, ready func(srv *sandbox.Server, stop func())) (out, errOut string, err error) {
	t.Helper()
	var outb, errb bytes.Buffer
	f := newFactory(&IO{In: strings.NewReader(""), Out: &outb, Err: &errb, Lang: lang}, testBuild)
	cmd := newCmdSandbox(f, func(o *sandboxOptions) error {
		ctx, cancel := context.WithCancel(context.Background())
		o.Context = func() (context.Context, context.CancelFunc) { return ctx, cancel }
		o.started = func(srv *sandbox.Server) { ready(srv, cancel) }
		return sandboxRun(o)
	})
	cmd.SetArgs(args)
	cmd.SetOut(&outb)
	cmd.SetErr(&errb)
	err = cmd.Execute()
	return outb.String(), errb.String(), err
}

func TestSandboxCommandRunsAndStops(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "sandbox.env")
	statePath := filepath.Join(dir, "state.json")
	var url string
	out, errOut, err := runSandbox(t, "en", []string{"--addr", "127.0.0.1:0", "--state", statePath, "--env-file", envFile,
		"--expire-as", "gone", "--resource", "my-resource=AltinnApp", "--access-package", "urn:altinn:accesspackage:mine=agent"},
		func(srv *sandbox.Server, stop func()) {
			defer stop()
			url = srv.URL()
			// The exported variables point altinn-onboard at this sandbox.
			data, err := os.ReadFile(envFile)
			if err != nil {
				t.Errorf("env file: %v", err)
				return
			}
			env := map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				kv, ok := strings.CutPrefix(line, "export ")
				name, value, _ := strings.Cut(kv, "=")
				if !ok {
					t.Errorf("env file line %q", line)
				}
				env[name] = value
			}
			ep, err := altinn3.EndpointsFor(session.EnvTT02, func(k string) string { return env[k] })
			if err != nil || len(ep.Overridden) != 3 {
				t.Errorf("endpoints from %v: %+v %v", env, ep, err)
				return
			}
			resp, err := http.Get(ep.Maskinporten + ".well-known/oauth-authorization-server")
			if err != nil {
				t.Errorf("metadata: %v", err)
				return
			}
			defer resp.Body.Close()
			var meta struct{ Issuer string }
			if json.NewDecoder(resp.Body).Decode(&meta); meta.Issuer != ep.Maskinporten {
				t.Errorf("issuer %q, want the exported %q", meta.Issuer, ep.Maskinporten)
			}
			// The flags reached the sandbox: the catalogue has the
			// resource and the package.
			resp2, err := http.Get(srv.AdminURL())
			if err != nil {
				t.Errorf("admin page: %v", err)
				return
			}
			defer resp2.Body.Close()
			var page bytes.Buffer
			page.ReadFrom(resp2.Body)
			for _, want := range []string{"my-resource", "urn:altinn:accesspackage:mine"} {
				if !strings.Contains(page.String(), want) {
					t.Errorf("the sandbox page does not list %s", want)
				}
			}
		})
	if err != nil {
		t.Fatalf("sandbox: %v\n%s", err, errOut)
	}
	for _, want := range []string{
		"The Altinn sandbox runs at " + url + " (this machine only)",
		"export ALTINN_ONBOARD_MASKINPORTEN_URL=" + url + "/maskinporten/\n",
		"export ALTINN_ONBOARD_PLATFORM_URL=" + url + "\n",
		"export ALTINN_ONBOARD_APPROVAL_URL=" + url + "\n",
		url + "/sandbox/",
		"State kept in", statePath,
		"The sandbox has stopped.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if fi, err := os.Stat(statePath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("state file: %v %v", fi, err)
	}
	// It has stopped: nothing answers at its address any more.
	if resp, err := http.Get(url + "/maskinporten/jwk"); err == nil {
		resp.Body.Close()
		t.Errorf("the stopped sandbox still answers")
	}
}

func TestSandboxCommandNorwegian(t *testing.T) {
	out, _, err := runSandbox(t, "nb", []string{"--addr", "127.0.0.1:0"}, func(_ *sandbox.Server, stop func()) { stop() })
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Altinn-sandkassen kjører på http://127.0.0.1:", "bare i minnet", "Registrer Maskinporten-klienten", "Stopp med Ctrl+C.", "Sandkassen er stoppet."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// Bad input: exit status 2 and the problem named, in both languages,
// before anything listens; a file given is kept.
func TestSandboxCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	notState := filepath.Join(dir, "notstate.json")
	os.WriteFile(notState, []byte("[1,2"), 0o600)
	for _, c := range []struct {
		args   []string
		en, nb string
	}{
		{[]string{"--addr", "0.0.0.0:8470"}, `the sandbox listens on this machine only (127.0.0.1, ::1 or localhost), not "0.0.0.0:8470"`, "sandkassen lytter bare på denne maskinen"},
		{[]string{"--addr", "[::]:0"}, "listens on this machine only", "lytter bare på denne maskinen"},
		{[]string{"--addr", "example.org:8470"}, "listens on this machine only", "lytter bare på denne maskinen"},
		{[]string{"--addr", "127.0.0.1"}, `--addr must be HOST:PORT, such as 127.0.0.1:8470, not "127.0.0.1"`, "--addr må være VERT:PORT"},
		{[]string{"--expire-as", "soon"}, `--expire-as must be timedout or gone, not "soon"`, "--expire-as må være timedout eller gone"},
		{[]string{"--request-timeout", "-1s"}, "--request-timeout cannot be negative", "--request-timeout kan ikke være negativ"},
		{[]string{"--token-lifetime", "0s"}, "--token-lifetime must be at least 1s", "--token-lifetime må være minst 1s"},
		{[]string{"--resource", "bad id"}, "--resource: ", "--resource: "},
		{[]string{"--resource", "x=Unknown"}, "the resource type must be one of", "the resource type must be one of"},
		{[]string{"--access-package", "skattnaering"}, "an access package is urn:altinn:accesspackage:NAME", "urn:altinn:accesspackage:NAME"},
		{[]string{"--env-file", dir}, dir + " is a folder, not a regular file", dir + " er en mappe, ikke en vanlig fil"},
		{[]string{"--addr", "127.0.0.1:0", "--state", notState}, notState + " is not a sandbox state file", notState + " er ikke en tilstandsfil fra sandkassen"},
		{[]string{"--addr", "127.0.0.1:0", "--state", dir}, dir + " is a folder, not a regular file", dir + " er en mappe, ikke en vanlig fil"},
		{[]string{"--addr", "127.0.0.1:0", "--state", filepath.Join(dir, "nowhere", "s.json")}, "the sandbox's state cannot be written to " + filepath.Join(dir, "nowhere", "s.json"), "sandkassens tilstand kan ikke skrives til"},
	} {
		for lang, want := range map[string]string{"en": c.en, "nb": c.nb} {
			var out, errb bytes.Buffer
			code := runIn(append([]string{"--lang", lang, "sandbox"}, c.args...), strings.NewReader(""), &out, &errb, false)
			if code != 2 || !strings.Contains(errb.String(), want) {
				t.Errorf("%s %v: exit %d, stderr %q; want 2 and %q", lang, c.args, code, errb.String(), want)
			}
		}
	}
	if data, _ := os.ReadFile(notState); string(data) != "[1,2" {
		t.Errorf("the bad state file was changed: %q", data)
	}
}

// A port in use is not bad input: status 1, with what to do.
func TestSandboxCommandPortInUse(t *testing.T) {
	_, _, err := runSandbox(t, "en", []string{"--addr", "127.0.0.1:0"}, func(srv *sandbox.Server, stop func()) {
		defer stop()
		addr := strings.TrimPrefix(srv.URL(), "http://")
		var out, errb bytes.Buffer
		code := runIn([]string{"--lang", "en", "sandbox", "--addr", addr}, strings.NewReader(""), &out, &errb, false)
		if code != 1 || !strings.Contains(errb.String(), "cannot listen on "+addr) || !strings.Contains(errb.String(), "try another --addr") {
			t.Errorf("port in use: exit %d, %q", code, errb.String())
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSandboxExportsQuote(t *testing.T) {
	got := sandboxExports([]string{"A=http://127.0.0.1:1/x/", "B=http://[::1]:8470", "C=it's"})
	want := "export A=http://127.0.0.1:1/x/\nexport B='http://[::1]:8470'\nexport C='it'\\''s'\n"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// writeJWKS writes the public half of a new RSA key as a JWKS file and
// returns the key and the file.
func writeJWKS(t *testing.T, kid string) (*rsa.PrivateKey, string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"}}})
	path := filepath.Join(t.TempDir(), "public.jwks")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return key, path
}

var clientLineRE = regexp.MustCompile(`Maskinporten client of 991825827: client_id ([0-9a-f-]{36}) \(kid vendor-1; scopes altinn:authentication/systemregister.write altinn:authentication/systemuser.request.read altinn:authentication/systemuser.request.write\)`)

// --client registers the vendor's key: a grant signed with it gets a
// token at once; with a state file the same client is kept next time.
func TestSandboxCommandClient(t *testing.T) {
	key, jwks := writeJWKS(t, "vendor-1")
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"--addr", "127.0.0.1:0", "--state", state, "--client", "991825827=" + jwks}
	var ids []string
	for range 2 {
		out, errOut, err := runSandbox(t, "en", args, func(srv *sandbox.Server, stop func()) {
			defer stop()
			cs := srv.Clients()
			if len(cs) != 1 {
				t.Errorf("clients: %+v", cs)
				return
			}
			now := time.Now()
			claims, _ := json.Marshal(map[string]any{"aud": srv.MaskinportenURL(), "iss": cs[0].ID, "scope": "altinn:authentication/systemregister.write",
				"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "jti": fmt.Sprint(now.UnixNano())})
			signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, (&jose.SignerOptions{}).WithHeader("kid", "vendor-1"))
			jws, _ := signer.Sign(claims)
			grant, _ := jws.CompactSerialize()
			resp, err := http.PostForm(srv.MaskinportenURL()+"token", neturl.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {grant}})
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("token with the registered key: %s", resp.Status)
			}
		})
		if err != nil {
			t.Fatalf("%v\n%s", err, errOut)
		}
		m := clientLineRE.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no client line:\n%s", out)
		}
		ids = append(ids, m[1])
	}
	if ids[0] != ids[1] {
		t.Fatalf("the client was made again: %v", ids)
	}
}

func TestSandboxCommandClientBadInput(t *testing.T) {
	_, jwks := writeJWKS(t, "vendor-1")
	dir := t.TempDir()
	private := filepath.Join(dir, "private.pem")
	k, _ := rsa.GenerateKey(rand.Reader, 2048)
	os.WriteFile(private, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}), 0o600)
	for _, c := range []struct {
		value, en, nb string
	}{
		{"991825827", `--client must be ORGNR=FILE (the file with the public key), not "991825827"`, "--client må være ORGNR=FIL"},
		{"991825827=" + filepath.Join(dir, "nope.jwks"), filepath.Join(dir, "nope.jwks") + " does not exist", filepath.Join(dir, "nope.jwks") + " finnes ikke"},
		{"991825827=" + dir, dir + " is a folder, not a regular file", dir + " er en mappe, ikke en vanlig fil"},
		{"123456789=" + jwks, "--client 123456789=" + jwks + ": The organisation number must have nine digits and a valid check digit.", "Organisasjonsnummeret må ha ni sifre og et gyldig kontrollsiffer."},
		{"991825827=" + private, "--client 991825827=" + private + ": This is a private key. Give only the public key", "Dette er en privat nøkkel."},
	} {
		for lang, want := range map[string]string{"en": c.en, "nb": c.nb} {
			var out, errb bytes.Buffer
			code := runIn([]string{"--lang", lang, "sandbox", "--addr", "127.0.0.1:0", "--client", c.value}, strings.NewReader(""), &out, &errb, false)
			if code != 2 || !strings.Contains(errb.String(), want) {
				t.Errorf("%s --client %s: exit %d, %q; want 2 and %q", lang, c.value, code, errb.String(), want)
			}
		}
	}
}
